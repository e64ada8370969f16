package handlers

import (
	"bufio"
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v4"

	"pathways/models"
)

// hsdsProfileURL is where the HSDS API's profile is described: Pathways
// publishes core HSDS 3.0, with no profile of its own.
const hsdsProfileURL = "https://github.com/openreferral/specification/tree/3.0/schema"

// HSDSIndex says which HSDS version the API follows and where its
// OpenAPI description is.
func (h *Handler) HSDSIndex(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{
		"version":     models.HSDSVersion,
		"profile":     hsdsProfileURL,
		"openapi_url": h.siteURL(c, "/api/openapi.json"),
	})
}

// hsdsPage writes one page of a list.
func hsdsPage[T any](c echo.Context, items []T, total int, q hsdsQuery) error {
	if items == nil {
		items = []T{}
	}
	return c.JSON(http.StatusOK, models.NewHSDSPage(items, len(items), total, q.page, q.perPage))
}

// pageOf cuts one page out of a list held in memory.
func pageOf[T any](all []T, q hsdsQuery) []T {
	start := (q.page - 1) * q.perPage
	if start >= len(all) {
		return nil
	}
	end := min(start+q.perPage, len(all))
	return all[start:end]
}

// streamNDJSON writes every document each emits, one JSON document per
// line, unpaginated. Once the first line is out the status is sent, so a
// failure half-way can only end the stream (and is logged).
func (h *Handler) streamNDJSON(c echo.Context, each func(emit func(any) error) error) error {
	res := c.Response()
	res.Header().Set(echo.HeaderContentType, "application/x-ndjson")
	res.WriteHeader(http.StatusOK)
	buf := bufio.NewWriterSize(res, 32<<10)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	err := each(func(doc any) error { return enc.Encode(doc) })
	if err == nil {
		err = buf.Flush()
	}
	if err != nil {
		h.log.Error("ndjson stream ended early", "route", c.Path(), "err", err.Error())
	}
	return nil
}
