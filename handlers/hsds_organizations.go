package handlers

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"pathways/models"
)

// HSDSOrganizationIndex lists the organizations with a published program
// (matching the term, taxonomy, organization and date filters, if any;
// search matches the organization's name). full=true nests their
// locations and services, full_service=true whole services.
func (h *Handler) HSDSOrganizationIndex(c echo.Context) error {
	q, err := h.parseHSDSQuery(c, qSearch, qPage, qPerPage, qFormat, qFull, qFullService, qTermID, qTaxonomyID,
		qOrganizationID, qModifiedAfter)
	if err != nil {
		return err
	}
	full := q.full || q.fullService
	ctx := c.Request().Context()
	docs := func(orgs []models.Organization) ([]models.HSDSOrganization, error) {
		programs := map[string][]*models.Program{}
		if full {
			ids := make([]string, len(orgs))
			for i, o := range orgs {
				ids[i] = o.ID
			}
			if programs, err = h.store.HSDSOrganizationPrograms(ctx, ids); err != nil {
				return nil, err
			}
		}
		out := make([]models.HSDSOrganization, 0, len(orgs))
		for _, o := range orgs {
			out = append(out, models.HSDSOrganizationOf(o, programs[o.ID], h.tax, full, q.fullService))
		}
		return out, nil
	}
	if q.ndjson {
		return h.streamNDJSON(c, func(emit func(any) error) error {
			for page := 1; !q.none; page++ {
				orgs, _, err := h.store.HSDSOrganizations(ctx, q.filter, page, hsdsMaxPerPage)
				if err != nil {
					return err
				}
				out, err := docs(orgs)
				if err != nil {
					return err
				}
				for _, o := range out {
					if err := emit(o); err != nil {
						return err
					}
				}
				if len(orgs) < hsdsMaxPerPage {
					return nil
				}
			}
			return nil
		})
	}
	if q.none {
		return hsdsPage(c, []models.HSDSOrganization{}, 0, q)
	}
	orgs, total, err := h.store.HSDSOrganizations(ctx, q.filter, q.page, q.perPage)
	if err != nil {
		return err
	}
	out, err := docs(orgs)
	if err != nil {
		return err
	}
	return hsdsPage(c, out, total, q)
}

// HSDSOrganizationShow returns one organization with its locations and
// services (whole with full_service=true).
func (h *Handler) HSDSOrganizationShow(c echo.Context) error {
	q, err := h.parseHSDSQuery(c, qFullService)
	if err != nil {
		return err
	}
	id, err := uuid.Parse(c.Param("id"))
	if err != nil {
		return models.ErrNotFound
	}
	org, programs, err := h.store.HSDSOrganization(c.Request().Context(), id.String())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, models.HSDSOrganizationOf(*org, programs, h.tax, true, q.fullService))
}
