package handlers

import (
	"fmt"
	"net/http"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"pathways/models"
)

// programJSON is a program in the JSON API. It is built from a public
// program only: a confidential location has no address here.
type programJSON struct {
	ID              string         `json:"id"`
	Slug            string         `json:"slug"`
	URL             string         `json:"url"`
	Name            string         `json:"name"`
	Organization    orgJSON        `json:"organization"`
	Summary         string         `json:"summary"`
	Description     string         `json:"description"`
	Themes          []string       `json:"themes"`
	Audiences       []string       `json:"audiences"`
	Level           string         `json:"level,omitempty"`
	Languages       []string       `json:"languages"`
	Delivery        string         `json:"delivery,omitempty"`
	Cost            string         `json:"cost,omitempty"`
	FeesDescription string         `json:"fees_description,omitempty"`
	Eligibility     string         `json:"eligibility,omitempty"`
	AgeMin          *int           `json:"age_min"`
	AgeMax          *int           `json:"age_max"`
	HowToRefer      string         `json:"how_to_refer,omitempty"`
	Website         string         `json:"website,omitempty"`
	Contact         contactJSON    `json:"contact"`
	Locations       []locationJSON `json:"locations"`
	ServiceArea     string         `json:"service_area,omitempty"`
	Evidence        string         `json:"evidence"`
	EvaluationURL   string         `json:"evaluation_url,omitempty"`
	LastVerified    *string        `json:"last_verified"`
	UpdatedAt       time.Time      `json:"updated_at"`
}

type orgJSON struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Website string `json:"website,omitempty"`
}

type contactJSON struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
}

type locationJSON struct {
	ID           string   `json:"id"`
	Address      string   `json:"address,omitempty"`
	City         string   `json:"city,omitempty"`
	Region       string   `json:"region,omitempty"`
	PostalCode   string   `json:"postal_code,omitempty"`
	Country      string   `json:"country"`
	Latitude     *float64 `json:"latitude,omitempty"`
	Longitude    *float64 `json:"longitude,omitempty"`
	Confidential bool     `json:"confidential"`
}

func newProgramJSON(p *models.Program) programJSON {
	nonNil := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	out := programJSON{
		ID: p.ID, Slug: p.Slug, URL: "/programs/" + p.Slug, Name: p.Name,
		Organization: orgJSON{ID: p.Organization.ID, Name: p.Organization.Name, Website: p.Organization.Website},
		Summary:      p.Summary, Description: p.Description,
		Themes: nonNil(p.Themes), Audiences: nonNil(p.Audiences), Level: p.Level, Languages: nonNil(p.Languages),
		Delivery: p.Delivery, Cost: p.Cost, FeesDescription: p.FeesDescription, Eligibility: p.Eligibility,
		AgeMin: p.AgeMin, AgeMax: p.AgeMax, HowToRefer: p.HowToRefer, Website: p.Website,
		Contact:     contactJSON{Name: p.ContactName, Email: p.ContactEmail, Phone: p.ContactPhone},
		ServiceArea: p.ServiceArea, Evidence: p.Evidence, EvaluationURL: p.EvaluationURL,
		LastVerified: p.LastVerified, UpdatedAt: p.UpdatedAt,
		Locations: []locationJSON{},
	}
	for _, l := range p.Locations {
		l = l.Public()
		out.Locations = append(out.Locations, locationJSON{ID: l.ID, Address: l.Address, City: l.City, Region: l.Region,
			PostalCode: l.PostalCode, Country: l.Country, Latitude: l.Latitude, Longitude: l.Longitude, Confidential: l.Confidential})
	}
	return out
}

type programListJSON struct {
	Items   []programJSON             `json:"items"`
	Total   int                       `json:"total"`
	Page    int                       `json:"page"`
	PerPage int                       `json:"per_page"`
	Facets  map[string]map[string]int `json:"facets"`
	Missing []string                  `json:"missing,omitempty"`
	// Suggestion is q with its misspelt words corrected, when the search
	// found nothing or left words out and the corrected q finds programs
	// with the same filters.
	Suggestion string `json:"suggestion,omitempty"`
	// AgeWords are the words of q read as the age filter, and Age that
	// age, when q said one and the search chose none ("youth under 18":
	// "under 18", 17), as the search page says.
	AgeWords string `json:"age_words,omitempty"`
	Age      *int   `json:"age,omitempty"`
}

// APIProgramIndex is the search as JSON, with the HTML search's parameters.
func (h *Handler) APIProgramIndex(c echo.Context) error {
	lang := c.QueryParam("lang")
	if !h.catalog.Has(lang) {
		lang = DefaultLang
	}
	// As the OpenAPI document says: at most 500 characters of UTF-8 (the
	// page, for a person, reads what it can of any q).
	if q := c.QueryParam("q"); !utf8.ValidString(q) || utf8.RuneCountInString(q) > 500 {
		return echo.NewHTTPError(http.StatusBadRequest, "q: at most 500 characters of UTF-8 text")
	}
	// An age among the words is the age filter, as on the search page.
	vals, ageWords := models.AgeFromWords(c.QueryParams())
	params := models.ParseSearchParams(vals, h.tax).InLanguage(lang)
	if len(params.Dropped) > 0 {
		return echo.NewHTTPError(http.StatusBadRequest, "unknown or malformed parameter values: "+joinDropped(params.Dropped))
	}
	perPage, err := intParam(c.QueryParam(qPerPage), models.PerPage, 1, models.MaxPerPage)
	if err != nil {
		return badParam(qPerPage, err.Error())
	}
	params.PerPage = perPage
	if params.PastMaxPage {
		// Answering with page 500 again would keep a client that reads
		// until an empty page going forever.
		return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("page: at most %d pages can be read; narrow the search with q or filters", models.MaxPage))
	}
	res, err := h.store.SearchPrograms(c.Request().Context(), params)
	if err != nil {
		return err
	}
	out := programListJSON{Items: []programJSON{}, Total: res.Total, Page: res.Page, PerPage: res.PerPage,
		Facets: map[string]map[string]int{}, Missing: append(slices.Clip(res.Missing), res.Unsearched...),
		Suggestion: res.Suggestion}
	if ageWords != "" {
		out.AgeWords, out.Age = ageWords, params.Age
		if out.Suggestion != "" && params.Age != nil {
			out.Suggestion = withAgeWords(out.Suggestion, ageWords, *params.Age)
		}
	}
	for _, hit := range res.Hits {
		out.Items = append(out.Items, newProgramJSON(hit.Program))
	}
	for g, counts := range res.Facets {
		m := map[string]int{}
		for _, fc := range counts {
			m[fc.Value] = fc.Count
		}
		out.Facets[g] = m
	}
	return c.JSON(http.StatusOK, out)
}

func joinDropped(d []string) string {
	out := ""
	for i, s := range d {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}

// APIProgramShow returns one published program by UUID or slug.
func (h *Handler) APIProgramShow(c echo.Context) error {
	key := c.Param("id")
	if len(key) > 200 || !cleanText(key) {
		return models.ErrNotFound
	}
	var p *models.Program
	var err error
	if id, perr := uuid.Parse(key); perr == nil { // any case, braces or urn:uuid:, as HSDS takes it
		p, err = h.store.ProgramByID(c.Request().Context(), id.String())
	} else {
		p, err = h.store.ProgramBySlug(c.Request().Context(), key)
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newProgramJSON(p))
}

type termJSON struct {
	Slug        string `json:"slug"`
	Label       string `json:"label"`
	Description string `json:"description"`
}

// APITaxonomies lists every taxonomy with its terms, labelled in the
// language asked for with ?lang (English by default).
func (h *Handler) APITaxonomies(c echo.Context) error {
	lang := c.QueryParam("lang")
	if lang == "" {
		lang = DefaultLang
	}
	if !h.catalog.Has(lang) {
		return echo.NewHTTPError(http.StatusBadRequest, "unknown lang; available: "+joinDropped(h.catalog.Languages()))
	}
	l := h.catalog.Localizer(lang)
	out := map[string][]termJSON{}
	for _, name := range models.TaxonomyNames {
		terms := []termJSON{}
		for _, t := range h.tax.Terms(name) {
			terms = append(terms, termJSON{Slug: t.Slug, Label: l.TermLabel(name, t.Slug), Description: l.TermDescription(name, t.Slug)})
		}
		out[name] = terms
	}
	return c.JSON(http.StatusOK, map[string]any{"lang": lang, "taxonomies": out})
}

// withAgeWords is a suggestion (q corrected, without the words read as
// the age) with those words again, so that a client that searches it as
// q, as the answer says to, gets the age filter it was suggested within;
// the suggestion alone if neither order reads as that age.
func withAgeWords(suggestion, ageWords string, age int) string {
	for _, q := range []string{suggestion + " " + ageWords, ageWords + " " + suggestion} {
		if a, _, _, ok := models.AgeInQuery(q); ok && a == age {
			return q
		}
	}
	return suggestion
}
