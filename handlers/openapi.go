package handlers

import (
	_ "embed"
	"net/http"

	"github.com/labstack/echo/v4"
)

// openAPIDoc describes /api/v1 and /api/hsds (OpenAPI 3.1). A test checks
// that every route registered under /api/v1/ and /api/hsds/ is in it and
// that real answers match its schemas.
//
//go:embed openapi.json
var openAPIDoc []byte

// openAPIRoutes serves the description, readable from any origin like the
// APIs it describes.
func (h *Handler) openAPIRoutes(e *echo.Echo) {
	e.GET("/api/openapi.json", h.OpenAPI, h.apiHeaders)
}

// OpenAPI returns the OpenAPI description of the JSON APIs.
func (h *Handler) OpenAPI(c echo.Context) error {
	return c.Blob(http.StatusOK, "application/json", openAPIDoc)
}
