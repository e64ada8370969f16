package handlers

import (
	"github.com/labstack/echo/v4"
)

// hsdsRoutes adds the open-data side of the route table: the Open
// Referral HSDS 3.0 API and the OpenAPI description. Like /api/v1, every
// answer is readable from any origin and conditional (apiHeaders). The
// CORS preflight of the APIs is a middleware added with apiMethods
// (routes.go).
func (h *Handler) hsdsRoutes(e *echo.Echo) {
	g := e.Group("/api/hsds", h.apiHeaders)
	g.GET("", h.HSDSIndex)
	g.GET("/", h.HSDSIndex) // HSDS clients ask for the root with its slash (see isHSDSRoot)
	g.GET("/services", h.HSDSServiceIndex)
	g.GET("/services/:id", h.HSDSServiceShow)
	g.GET("/organizations", h.HSDSOrganizationIndex)
	g.GET("/organizations/:id", h.HSDSOrganizationShow)
	g.GET("/taxonomies", h.HSDSTaxonomyIndex)
	g.GET("/taxonomies/:id", h.HSDSTaxonomyShow)
	g.GET("/taxonomy_terms", h.HSDSTaxonomyTermIndex)
	g.GET("/taxonomy_terms/:id", h.HSDSTaxonomyTermShow)
	g.GET("/service_at_locations", h.HSDSServiceAtLocationIndex)
	g.GET("/service_at_locations/:id", h.HSDSServiceAtLocationShow)

	h.openAPIRoutes(e)
}

// isHSDSRoot spares the HSDS API's root from the trailing-slash redirect:
// HSDS names it /api/hsds/, and a redirect would lose CORS on the way.
func isHSDSRoot(c echo.Context) bool {
	return c.Request().URL.Path == "/api/hsds/"
}
