package handlers

import (
	"context"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"pathways/templates"
)

// Healthz answers while the process runs.
func (h *Handler) Healthz(c echo.Context) error {
	return c.String(http.StatusOK, "ok\n")
}

// Readyz answers 200 only when the database answers and accepts writes.
func (h *Handler) Readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	c.Response().Header().Set("Cache-Control", "no-store")
	if err := h.store.Ready(ctx); err != nil {
		h.log.Warn("not ready", "err", err.Error())
		c.Response().Header().Set("Retry-After", "5")
		return c.String(http.StatusServiceUnavailable, "database: unavailable\n")
	}
	body := "database: ok\n"
	if attached, up := h.store.ReplicaStatus(); attached {
		if up {
			body += "replica: ok\n"
		} else {
			// Still ready: public reads fall back to the primary.
			body += "replica: down (public reads go to the primary)\n"
		}
	}
	return c.String(http.StatusOK, body)
}

// Static serves /static/<version>/<file> with a year of caching; the
// version in the path changes whenever a file does.
func (h *Handler) Static(c echo.Context) error {
	rest := c.Param("*")
	version, name, ok := strings.Cut(rest, "/")
	if !ok || strings.Contains(name, "..") {
		return echo.ErrNotFound
	}
	b, err := fs.ReadFile(templates.FS, path.Join("static", name))
	if err != nil {
		return echo.ErrNotFound
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	if version == h.render.AssetVersion {
		c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		c.Response().Header().Set("Cache-Control", "no-cache")
	}
	return c.Blob(http.StatusOK, ctype, b)
}

// Favicon serves the icon browsers ask for on their own.
func (h *Handler) Favicon(c echo.Context) error {
	b, err := fs.ReadFile(templates.FS, "static/favicon.svg")
	if err != nil {
		return echo.ErrNotFound
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=86400")
	return c.Blob(http.StatusOK, "image/svg+xml", b)
}

// Robots keeps crawlers out of the admin area and search result pages.
func (h *Handler) Robots(c echo.Context) error {
	return c.String(http.StatusOK, "User-agent: *\nDisallow: /admin\nDisallow: /submissions/\nDisallow: /api/\n")
}
