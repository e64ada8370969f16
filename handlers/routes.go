package handlers

import (
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// routes is the whole route table.
func (h *Handler) routes(e *echo.Echo) {
	e.Pre(middleware.RemoveTrailingSlashWithConfig(middleware.TrailingSlashConfig{RedirectCode: 301}))
	e.Use(middleware.RequestIDWithConfig(middleware.RequestIDConfig{TargetHeader: echo.HeaderXRequestID}))
	e.Use(h.requestLog)
	e.Use(h.recoverPanic)
	e.Use(h.securityHeaders)
	e.Use(middleware.BodyLimit("64K"))
	e.Use(middleware.ContextTimeoutWithConfig(middleware.ContextTimeoutConfig{Timeout: 10 * time.Second}))

	e.GET("/healthz", h.Healthz)
	e.GET("/readyz", h.Readyz)
	e.GET("/static/*", h.Static)
	e.GET("/favicon.ico", h.Favicon)
	e.GET("/robots.txt", h.Robots)

	e.GET("/", h.Home)
	e.GET("/programs", h.ProgramIndex)
	e.GET("/programs/:slug", h.ProgramShow)
	e.GET("/programs/:slug/print", h.ProgramPrint)

	api := e.Group("/api/v1", h.apiHeaders)
	api.GET("/programs", h.APIProgramIndex)
	api.GET("/programs/:id", h.APIProgramShow)
	api.GET("/taxonomies", h.APITaxonomies)
}
