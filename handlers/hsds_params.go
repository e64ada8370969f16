package handlers

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"pathways/models"
)

// HSDS list parameters, as ../shared/hsds/schema/openapi.json names them.
const (
	qSearch         = "search"
	qPage           = "page"
	qPerPage        = "per_page"
	qFormat         = "format"
	qTermID         = "taxonomy_term_id"
	qTaxonomyID     = "taxonomy_id"
	qOrganizationID = "organization_id"
	qModifiedAfter  = "modified_after"
	qMinimal        = "minimal"
	qFull           = "full"
	qFullService    = "full_service"
	qTopOnly        = "top_only"
	qParentID       = "parent_id"
)

// hsdsKnownParams are every parameter of the HSDS API description;
// postcode and proximity are among them but Pathways has no geocoder.
var hsdsKnownParams = []string{qSearch, qPage, qPerPage, qFormat, qTermID, qTaxonomyID, qOrganizationID,
	qModifiedAfter, qMinimal, qFull, qFullService, qTopOnly, qParentID, "postcode", "proximity"}

// Page sizes: HSDS asks minimal lists to come in one page where they can.
const (
	hsdsDefaultPerPage = 20
	hsdsMaxPerPage     = 100
	hsdsMaxMinimalPage = 5000
	hsdsMaxPageNumber  = 1_000_000
)

// hsdsQuery is a parsed list request.
type hsdsQuery struct {
	filter        models.HSDSFilter
	page, perPage int
	minimal, full bool
	fullService   bool
	ndjson        bool
	topOnly       bool
	parentID      string
	// none is set when a filter names a term, taxonomy or organization
	// that does not exist: the answer is empty, not an error.
	none bool
}

// parseHSDSQuery reads the parameters of a list endpoint; allowed names
// those it takes. A malformed value, or an HSDS parameter this endpoint
// does not take, is a 400 that says which.
func (h *Handler) parseHSDSQuery(c echo.Context, allowed ...string) (hsdsQuery, error) {
	params := c.QueryParams()
	q := hsdsQuery{page: 1, perPage: hsdsDefaultPerPage}
	ok := map[string]bool{}
	for _, a := range allowed {
		ok[a] = true
	}
	for _, name := range hsdsKnownParams {
		if _, given := params[name]; given && !ok[name] {
			return q, badParam(name, "is not supported on this endpoint")
		}
	}
	var err error
	bools := []struct {
		name string
		dst  *bool
	}{{qMinimal, &q.minimal}, {qFull, &q.full}, {qFullService, &q.fullService}, {qTopOnly, &q.topOnly}}
	for _, b := range bools {
		if v := params.Get(b.name); v != "" {
			if *b.dst, err = strconv.ParseBool(v); err != nil {
				return q, badParam(b.name, "must be true or false")
			}
		}
	}
	if q.page, err = intParam(params.Get(qPage), 1, 1, hsdsMaxPageNumber); err != nil {
		return q, badParam(qPage, err.Error())
	}
	maxPer := hsdsMaxPerPage
	if q.minimal {
		maxPer = hsdsMaxMinimalPage
	}
	if q.perPage, err = intParam(params.Get(qPerPage), hsdsDefaultPerPage, 1, maxPer); err != nil {
		return q, badParam(qPerPage, err.Error())
	}
	switch params.Get(qFormat) {
	case "", "json":
	case "ndjson":
		q.ndjson = true
	default:
		return q, badParam(qFormat, "must be json or ndjson")
	}
	q.filter.Search = params.Get(qSearch)
	if len(q.filter.Search) > 500 {
		return q, badParam(qSearch, "is longer than 500 bytes")
	}
	if !cleanText(q.filter.Search) {
		return q, badParam(qSearch, "must be UTF-8 text without NUL characters")
	}
	if err := h.parseHSDSFilters(params.Get, &q); err != nil {
		return q, err
	}
	if v := params.Get(qParentID); v != "" {
		if q.parentID, err = uuidParam(qParentID, v); err != nil {
			return q, err
		}
	}
	return q, nil
}

// parseHSDSFilters reads the term, taxonomy, organization and date
// filters.
func (h *Handler) parseHSDSFilters(get func(string) string, q *hsdsQuery) error {
	if v := get(qTermID); v != "" {
		id, err := uuidParam(qTermID, v)
		if err != nil {
			return err
		}
		taxonomy, slug, found := models.HSDSTermByID(h.tax, id)
		q.filter.Taxonomy, q.filter.Term = taxonomy, slug
		q.none = q.none || !found
	}
	if v := get(qTaxonomyID); v != "" {
		id, err := uuidParam(qTaxonomyID, v)
		if err != nil {
			return err
		}
		name, found := models.HSDSTaxonomyName(id)
		switch {
		case !found:
			q.none = true
		case q.filter.Taxonomy != "" && q.filter.Taxonomy != name:
			q.none = true // the term is of another taxonomy
		default:
			q.filter.Taxonomy = name
		}
	}
	if v := get(qOrganizationID); v != "" {
		id, err := uuidParam(qOrganizationID, v)
		if err != nil {
			return err
		}
		q.filter.OrganizationID = id
	}
	if v := get(qModifiedAfter); v != "" {
		t, err := parseDateTime(v)
		if err != nil {
			return badParam(qModifiedAfter, "must be a date-time such as 2026-01-31T09:00:00Z, or a date")
		}
		q.filter.ModifiedAfter = t
	}
	return nil
}

// parseDateTime reads RFC 3339, a date-time without zone (UTC) or a
// date. A "+" left unescaped in a query string arrives as a space.
func parseDateTime(v string) (time.Time, error) {
	// RFC 3339 allows "t" and "z" as well; Go's layouts want capitals.
	v = strings.ToUpper(strings.Replace(strings.TrimSpace(v), " ", "+", 1))
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", time.DateOnly} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("not a date-time: %q", v)
}

func intParam(v string, def, min, max int) (int, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		return 0, fmt.Errorf("must be a whole number from %d to %d", min, max)
	}
	return n, nil
}

func uuidParam(name, v string) (string, error) {
	u, err := uuid.Parse(v)
	if err != nil || len(v) != 36 {
		return "", badParam(name, "must be a UUID")
	}
	return u.String(), nil
}

// cleanText reports whether s is text a database can compare: valid
// UTF-8 without NUL (PostgreSQL refuses both, which would be a 500).
func cleanText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// badParam is the 400 of a parameter, in the API's error shape.
func badParam(name, msg string) error {
	return echo.NewHTTPError(http.StatusBadRequest, name+" "+msg)
}
