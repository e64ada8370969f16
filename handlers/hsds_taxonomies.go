package handlers

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"pathways/models"
)

// HSDSTaxonomyIndex lists the taxonomies: themes, audiences, prevention
// levels, delivery, cost, evidence and location privacy.
func (h *Handler) HSDSTaxonomyIndex(c echo.Context) error {
	q, err := h.parseHSDSQuery(c, qSearch, qPage, qPerPage, qFormat)
	if err != nil {
		return err
	}
	var all []models.HSDSTaxonomy
	for _, t := range models.HSDSTaxonomies() {
		if matches(q.filter.Search, t.Name, t.Description) {
			all = append(all, t)
		}
	}
	return listInMemory(h, c, q, all)
}

// HSDSTaxonomyShow returns one taxonomy.
func (h *Handler) HSDSTaxonomyShow(c echo.Context) error {
	for _, t := range models.HSDSTaxonomies() {
		if t.ID == strings.ToLower(c.Param("id")) {
			return c.JSON(http.StatusOK, t)
		}
	}
	return models.ErrNotFound
}

// HSDSTaxonomyTermIndex lists the terms of every taxonomy, or of one
// (taxonomy_id). Pathways' terms have no parents: top_only changes
// nothing and parent_id finds none.
func (h *Handler) HSDSTaxonomyTermIndex(c echo.Context) error {
	q, err := h.parseHSDSQuery(c, qSearch, qPage, qPerPage, qFormat, qTaxonomyID, qTopOnly, qParentID)
	if err != nil {
		return err
	}
	var all []models.HSDSTaxonomyTerm
	if !q.none && q.parentID == "" {
		for _, t := range models.HSDSTerms(h.tax) {
			inTaxonomy := q.filter.Taxonomy == "" || t.TaxonomyID == models.HSDSTaxonomyID(q.filter.Taxonomy)
			if inTaxonomy && matches(q.filter.Search, t.Name, t.Code, t.Description) {
				all = append(all, t)
			}
		}
	}
	return listInMemory(h, c, q, all)
}

// HSDSTaxonomyTermShow returns one term with its taxonomy.
func (h *Handler) HSDSTaxonomyTermShow(c echo.Context) error {
	taxonomy, slug, ok := models.HSDSTermByID(h.tax, strings.ToLower(c.Param("id")))
	if !ok {
		return models.ErrNotFound
	}
	term, _ := models.HSDSTerm(h.tax, taxonomy, slug)
	return c.JSON(http.StatusOK, term)
}

// listInMemory writes a list held in memory as a page or a stream.
func listInMemory[T any](h *Handler, c echo.Context, q hsdsQuery, all []T) error {
	if q.ndjson {
		return h.streamNDJSON(c, func(emit func(any) error) error {
			for _, item := range all {
				if err := emit(item); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return hsdsPage(c, pageOf(all, q), len(all), q)
}

// matches reports whether any text contains the search, ignoring case.
func matches(search string, texts ...string) bool {
	search = strings.ToLower(strings.TrimSpace(search))
	if search == "" {
		return true
	}
	for _, t := range texts {
		if strings.Contains(strings.ToLower(t), search) {
			return true
		}
	}
	return false
}
