package handlers

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
	"golang.org/x/text/collate"

	"pathways/models"
)

// maxFormLocations is how many locations the form offers.
const maxFormLocations = 3

// honeypotField is a field people never see and bots fill in.
const honeypotField = "homepage"

// programForm is the submission form: what the user typed, kept as typed
// so a re-render loses nothing, and the problems beside each field.
type programForm struct {
	Draft      models.ProgramDraft
	AgeMin     string
	AgeMax     string
	OtherLangs string
	Locations  [maxFormLocations]models.LocationDraft
	Submitter  models.Submitter
	Honeypot   string
	Errors     map[string]string // field id → message
	Labels     map[string]string // field id → label, for the summary
	Order      []string          // field ids in form order, for the summary
}

// formFields lists the fields in the order of the form, for the summary.
var formFields = []string{"name", "organization", "summary", "description", "themes", "audiences", "level",
	"languages", "languages_other", "delivery", "cost", "fees", "eligibility", "age_min", "age_max", "how_to_refer", "website",
	"contact_name", "email", "phone", "evidence", "evaluation_url",
	"loc0_address", "loc0_city", "loc0_region", "loc0_postal_code", "loc0_country",
	"loc1_address", "loc1_city", "loc1_region", "loc1_postal_code", "loc1_country",
	"loc2_address", "loc2_city", "loc2_region", "loc2_postal_code", "loc2_country",
	"submitter_name", "submitter_org", "submitter_email"}

// maxListValues bounds repeated form values.
const maxListValues = 60

// bindProgramForm reads the form. Ids and states never come from here.
func bindProgramForm(c echo.Context, withSubmitter bool) (*programForm, error) {
	v, err := c.FormParams()
	if err != nil {
		return nil, echo.NewHTTPError(400, "unreadable form")
	}
	get := func(k string) string { return strings.ToValidUTF8(v.Get(k), "") }
	list := func(k string) []string {
		vals := v[k]
		if len(vals) > maxListValues {
			vals = vals[:maxListValues]
		}
		out := make([]string, 0, len(vals))
		for _, s := range vals {
			out = append(out, strings.ToValidUTF8(s, ""))
		}
		return out
	}
	f := &programForm{
		Draft: models.ProgramDraft{
			Name: get("name"), Organization: get("organization"), Summary: get("summary"), Description: get("description"),
			Themes: list("themes"), Audiences: list("audiences"), Level: get("level"), Languages: list("languages"),
			Delivery: get("delivery"), Cost: get("cost"), FeesDescription: get("fees"), Eligibility: get("eligibility"),
			HowToRefer: get("how_to_refer"), Website: get("website"), ContactName: get("contact_name"),
			Email: get("email"), Phone: get("phone"), Evidence: get("evidence"), EvaluationURL: get("evaluation_url"),
		},
		AgeMin: strings.TrimSpace(get("age_min")), AgeMax: strings.TrimSpace(get("age_max")),
		OtherLangs: get("languages_other"), Honeypot: get(honeypotField), Errors: map[string]string{},
	}
	for _, code := range otherLanguageCodes(f.OtherLangs) {
		if len(f.Draft.Languages) < maxListValues {
			f.Draft.Languages = append(f.Draft.Languages, code)
		}
	}
	for i := 0; i < maxFormLocations; i++ {
		p := fmt.Sprintf("loc%d_", i)
		f.Locations[i] = models.LocationDraft{Address: get(p + "address"), City: get(p + "city"), Region: get(p + "region"),
			PostalCode: get(p + "postal_code"), Country: get(p + "country"), Confidential: get(p+"confidential") != ""}
	}
	if withSubmitter {
		f.Submitter = models.Submitter{Name: get("submitter_name"), Organization: get("submitter_org"), Email: get("submitter_email")}
	}
	return f, nil
}

// validate fills Errors and, when there are none, leaves a complete draft.
func (f *programForm) validate(h *Handler, l *Localizer, withSubmitter bool) bool {
	f.Draft.AgeMin, f.Draft.AgeMax = nil, nil
	for _, a := range []struct {
		id  string
		raw string
		dst **int
	}{{"age_min", f.AgeMin, &f.Draft.AgeMin}, {"age_max", f.AgeMax, &f.Draft.AgeMax}} {
		if a.raw == "" {
			continue
		}
		n, err := strconv.Atoi(a.raw)
		if err != nil {
			f.addError(a.id, l.T("validation.number"))
			continue
		}
		*a.dst = &n
	}
	// Only the location rows the user filled in count.
	f.Draft.Locations = nil
	rowOf := []int{}
	for i, loc := range f.Locations {
		if strings.TrimSpace(loc.Address+loc.City+loc.Region+loc.PostalCode+loc.Country) != "" {
			f.Draft.Locations = append(f.Draft.Locations, loc)
			rowOf = append(rowOf, i)
		}
	}
	for _, p := range f.Draft.Validate(h.validate) {
		id := fieldID(p.Field, rowOf)
		if id == "languages" && f.typedLanguage(p.Field) {
			id = "languages_other"
		}
		f.addError(id, problemMessage(l, p))
	}
	// Normalize may have changed values; show what will be stored.
	for i, r := range rowOf {
		f.Locations[r] = f.Draft.Locations[i]
	}
	if withSubmitter {
		f.Submitter.Normalize()
		if err := h.validate.Struct(&f.Submitter); err != nil {
			for _, p := range models.ValidationProblems(err) {
				f.addError(p.Field, problemMessage(l, p))
			}
		}
	}
	return len(f.Errors) == 0
}

func (f *programForm) addError(id, msg string) {
	if _, ok := f.Errors[id]; !ok {
		f.Errors[id] = msg
	}
}

// labelErrors prefixes the summary's messages with their field's label.
func (f *programForm) labelErrors(l *Localizer) {
	f.Labels = map[string]string{}
	for id := range f.Errors {
		f.Labels[id] = fieldLabel(l, id)
	}
}

// fieldID maps a problem's field path to the form's field id:
// "themes[1]" → "themes", "locations[0].city" → "loc<row>_city".
func fieldID(field string, rowOf []int) string {
	if strings.HasPrefix(field, "locations[") {
		end := strings.IndexByte(field, ']')
		i, err := strconv.Atoi(field[len("locations["):end])
		if err == nil && i < len(rowOf) && end+2 <= len(field) {
			return fmt.Sprintf("loc%d_%s", rowOf[i], field[end+2:])
		}
		return "loc0_country"
	}
	if i := strings.IndexByte(field, '['); i >= 0 {
		field = field[:i]
	}
	return field
}

// otherLanguageCodes splits what was typed in "Other languages".
func otherLanguageCodes(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' })
}

// typedLanguage reports whether a problem's field, "languages[i]" of the
// validated draft, is a code typed in "Other languages" rather than a
// ticked box, so that the error goes beside the text field it is in.
func (f *programForm) typedLanguage(field string) bool {
	i, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(field, "languages["), "]"))
	if err != nil || i < 0 || i >= len(f.Draft.Languages) {
		return false
	}
	for _, code := range otherLanguageCodes(f.OtherLangs) {
		// Validate normalized the draft's codes: compare them the same way.
		if strings.ToLower(strings.TrimSpace(code)) == f.Draft.Languages[i] {
			return true
		}
	}
	return false
}

// problemMessage translates a validation problem.
func problemMessage(l *Localizer, p models.Problem) string {
	return l.T("validation."+p.Code, "Param", p.Param)
}

// fieldLabel names a field for the error summary.
func fieldLabel(l *Localizer, id string) string {
	if rest, ok := strings.CutPrefix(id, "loc"); ok {
		if num, field, ok := strings.Cut(rest, "_"); ok {
			if n, err := strconv.Atoi(num); err == nil {
				return l.T("form.section.location", "N", n+1) + l.T("list.separator") + l.T("form.location_"+field+".label")
			}
		}
	}
	return l.T("form." + id + ".label")
}

// ErrorSummary lists the problems in form order, each linking to its field.
func (f *programForm) ErrorSummary() []errorLink {
	var out []errorLink
	seen := map[string]bool{}
	for _, id := range formFields {
		if msg, ok := f.Errors[id]; ok {
			out = append(out, errorLink{ID: id, Label: f.Labels[id], Message: msg})
			seen[id] = true
		}
	}
	var rest []string
	for id := range f.Errors {
		if !seen[id] {
			rest = append(rest, id)
		}
	}
	sort.Strings(rest)
	for _, id := range rest {
		out = append(out, errorLink{ID: id, Label: f.Labels[id], Message: f.Errors[id]})
	}
	return out
}

type errorLink struct{ ID, Label, Message string }

// Has reports whether a list field holds value (for checkboxes).
func (f *programForm) Has(field, value string) bool {
	var list []string
	switch field {
	case "themes":
		list = f.Draft.Themes
	case "audiences":
		list = f.Draft.Audiences
	case "languages":
		list = f.Draft.Languages
	}
	for _, v := range list {
		if v == value {
			return true
		}
	}
	return false
}

// OtherLanguages returns the chosen languages that have no checkbox. A
// form sent back shows what was typed there, but a code that has a box
// ("fr" typed) is ticked in its box instead: it came back both ticked
// and typed (an audit).
func (f *programForm) OtherLanguages() string {
	if f.OtherLangs != "" {
		typed := otherLanguageCodes(f.OtherLangs)
		rest := make([]string, 0, len(typed))
		for _, code := range typed {
			if !isCommonLanguage(strings.ToLower(code)) {
				rest = append(rest, code)
			}
		}
		if len(rest) == len(typed) {
			return f.OtherLangs // as typed
		}
		return strings.Join(rest, ", ")
	}
	var out []string
	for _, code := range f.Draft.Languages {
		if !isCommonLanguage(code) {
			out = append(out, code)
		}
	}
	return strings.Join(out, ", ")
}

// commonLanguages get a checkbox; others are typed as codes.
var commonLanguages = []string{"en", "fr", "nl", "de", "ar", "tr", "es", "it", "pl", "pt", "ro", "sv", "da", "no", "fi",
	"el", "ru", "uk", "fa", "ur", "so", "ku", "ti", "bs", "sq"}

func isCommonLanguage(code string) bool {
	for _, c := range commonLanguages {
		if c == code {
			return true
		}
	}
	return false
}

// formFromDraft starts a form from an existing draft (an edit, an update).
func formFromDraft(d models.ProgramDraft, who models.Submitter) *programForm {
	f := &programForm{Draft: d, Submitter: who, Errors: map[string]string{}}
	if d.AgeMin != nil {
		f.AgeMin = strconv.Itoa(*d.AgeMin)
	}
	if d.AgeMax != nil {
		f.AgeMax = strconv.Itoa(*d.AgeMax)
	}
	for i, l := range d.Locations {
		if i < maxFormLocations {
			f.Locations[i] = l
		}
	}
	return f
}

// formView is what the form template needs besides the form.
type formView struct {
	Form        *programForm
	Action      string
	Mode        string // new, edit, update, suggest, admin
	Heading     string
	Intro       string
	Submitter   bool
	Taxonomies  *models.Taxonomies
	Languages   []string
	Countries   []countryOption
	CancelURL   string
	Version     int
	ProgramName string
	// ModeratorMessage is what the moderator asked for, on the form that
	// answers it.
	ModeratorMessage string
	// Blocked says the client is over its allowance of writes: the form
	// comes back as typed (mayStore).
	Blocked string
}

type countryOption struct{ Code, Name string }

// countryOptions lists every country by its name in the page's language,
// in the order of that language's collation, so that "Ägypten" comes
// with the A's in German and "États-Unis" with the E's in French, not
// after "Zypern" and "Zimbabwe" as a byte order puts them.
func (h *Handler) countryOptions(l *Localizer) []countryOption {
	if opts, ok := countryOptionsByLang.Load(l.Lang); ok {
		return opts.([]countryOption)
	}
	codes := models.CountryCodes()
	out := make([]countryOption, 0, len(codes))
	for _, code := range codes {
		out = append(out, countryOption{Code: code, Name: l.CountryName(code)})
	}
	coll := collate.New(l.tag) // not safe for concurrent use: one per call
	slices.SortStableFunc(out, func(a, b countryOption) int { return coll.CompareString(a.Name, b.Name) })
	opts, _ := countryOptionsByLang.LoadOrStore(l.Lang, out)
	return opts.([]countryOption)
}

// countryOptionsByLang keeps each language's sorted options: the names
// come from x/text and never change, and sorting them by collation costs
// some 0.3 ms, on every form shown.
var countryOptionsByLang sync.Map // lang → []countryOption, read-only

func (h *Handler) newFormView(p *Page, f *programForm, action, mode string) *formView {
	return &formView{Form: f, Action: action, Mode: mode, Submitter: mode == "new" || mode == "edit" || mode == "update" || mode == "suggest",
		Taxonomies: h.tax, Languages: commonLanguages, Countries: h.countryOptions(p.Localizer)}
}

// trackingURL is the absolute address of a tracking page.
func (h *Handler) trackingURL(c echo.Context, token string) string {
	return h.siteURL(c, "/submissions/"+url.PathEscape(token))
}

// siteURL is the full address of path on this site: under PublicURL, or
// else the request's Host with the scheme the configuration says.
func (h *Handler) siteURL(c echo.Context, path string) string {
	if h.cfg.PublicURL != "" {
		return h.cfg.PublicURL + path
	}
	scheme := "http"
	if h.cfg.HTTPS || c.Request().TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.Request().Host + path
}

// Value returns a single-choice field's value, for selects.
func (f *programForm) Value(field string) string {
	switch field {
	case "level":
		return f.Draft.Level
	case "delivery":
		return f.Draft.Delivery
	case "cost":
		return f.Draft.Cost
	}
	return ""
}
