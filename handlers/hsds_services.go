package handlers

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"pathways/models"
)

// HSDSServiceIndex lists published programs as HSDS services: one-to-one
// fields by default, whole documents with full=true, id, name, status and
// last_modified with minimal=true; format=ndjson streams them all.
func (h *Handler) HSDSServiceIndex(c echo.Context) error {
	q, err := h.parseHSDSQuery(c, qSearch, qPage, qPerPage, qFormat, qTermID, qTaxonomyID, qOrganizationID,
		qModifiedAfter, qMinimal, qFull)
	if err != nil {
		return err
	}
	if q.minimal && q.full {
		return badParam(qMinimal, "and full cannot both be true")
	}
	detail := models.HSDSListItem
	switch {
	case q.full:
		detail = models.HSDSFull
	case q.minimal:
		detail = models.HSDSMinimal
	}
	ctx := c.Request().Context()
	if q.ndjson {
		return h.streamNDJSON(c, func(emit func(any) error) error {
			if q.none {
				return nil
			}
			return h.store.EachHSDSService(ctx, q.filter, func(p *models.Program) error {
				return emit(models.HSDSServiceOf(p, h.tax, detail))
			})
		})
	}
	if q.none {
		return hsdsPage(c, []models.HSDSService{}, 0, q)
	}
	ps, total, err := h.store.HSDSServices(ctx, q.filter, q.page, q.perPage)
	if err != nil {
		return err
	}
	items := make([]models.HSDSService, 0, len(ps))
	for _, p := range ps {
		items = append(items, models.HSDSServiceOf(p, h.tax, detail))
	}
	return hsdsPage(c, items, total, q)
}

// HSDSServiceShow returns one published program as a whole HSDS service.
func (h *Handler) HSDSServiceShow(c echo.Context) error {
	id, err := uuid.Parse(c.Param("id"))
	if err != nil {
		return models.ErrNotFound
	}
	p, err := h.store.ProgramByID(c.Request().Context(), id.String())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, models.HSDSServiceOf(p, h.tax, models.HSDSFull))
}

// HSDSServiceAtLocationIndex lists the locations of published programs
// as HSDS service_at_location records.
func (h *Handler) HSDSServiceAtLocationIndex(c echo.Context) error {
	q, err := h.parseHSDSQuery(c, qSearch, qPage, qPerPage, qFormat, qTermID, qTaxonomyID, qOrganizationID,
		qModifiedAfter, qFull)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if q.ndjson {
		return h.streamNDJSON(c, func(emit func(any) error) error {
			if q.none {
				return nil
			}
			return h.store.EachHSDSService(ctx, q.filter, func(p *models.Program) error {
				for _, l := range p.Locations {
					if err := emit(models.HSDSServiceAtLocationOf(p, l, h.tax, q.full)); err != nil {
						return err
					}
				}
				return nil
			})
		})
	}
	if q.none {
		return hsdsPage(c, []models.HSDSServiceAtLocation{}, 0, q)
	}
	places, total, err := h.store.HSDSServiceAtLocations(ctx, q.filter, q.page, q.perPage)
	if err != nil {
		return err
	}
	items := make([]models.HSDSServiceAtLocation, 0, len(places))
	for _, pl := range places {
		items = append(items, models.HSDSServiceAtLocationOf(pl.Program, pl.Location, h.tax, q.full))
	}
	return hsdsPage(c, items, total, q)
}

// HSDSServiceAtLocationShow returns one service_at_location, whole.
func (h *Handler) HSDSServiceAtLocationShow(c echo.Context) error {
	locationID, ok := models.HSDSLocationIDOf(c.Param("id"))
	if !ok {
		return models.ErrNotFound
	}
	pl, err := h.store.HSDSServiceAtLocation(c.Request().Context(), locationID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, models.HSDSServiceAtLocationOf(pl.Program, pl.Location, h.tax, true))
}
