package handlers

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"pathways/models"
)

// Home shows the search box and the themes to browse.
func (h *Handler) Home(c echo.Context) error {
	res, err := h.store.SearchPrograms(c.Request().Context(), models.ParseSearchParams(nil, h.tax))
	if err != nil {
		return err
	}
	p := h.page(c, "home.title")
	p.Main = "home"
	p.Data = struct {
		Total  int
		Themes []themeLink
	}{res.Total, h.themeLinks(p, res.Facets["theme"])}
	return h.render.Render(c, http.StatusOK, "home", p)
}

// ProgramIndex is the search page: results, total, facets, pagination.
func (h *Handler) ProgramIndex(c echo.Context) error {
	// An age typed among the words ("16 year old") is the age filter, when
	// no age was chosen: the page says so.
	vals, ageWords := models.AgeFromWords(c.QueryParams())
	params := models.ParseSearchParams(vals, h.tax).InLanguage(h.lang(c))
	res, err := h.store.SearchPrograms(c.Request().Context(), params)
	if err != nil {
		return err
	}
	p := h.page(c, "")
	if params.Q != "" {
		p.Title = p.T("search.title_for", "Query", params.Q)
	} else {
		p.Title = p.T("search.title")
	}
	view := h.newSearchView(p, params, res, h.cfg.Now())
	view.AgeWords = ageWords
	if res.Total == 0 {
		all, err := h.store.SearchPrograms(c.Request().Context(), models.ParseSearchParams(nil, h.tax))
		if err != nil {
			return err
		}
		view.Themes = h.themeLinks(p, all.Facets["theme"])
	}
	p.Data = view
	p.NoIndex = true
	return h.render.Render(c, http.StatusOK, "programs", p)
}

// programView is what a program page shows.
type programView struct {
	P     *models.Program
	Stale bool
	// StaleText is what Stale warns of: a verification over 12 months
	// old, or none yet.
	StaleText string
	Print     bool
	URL       string // the page's full address, printed at its foot: a path on paper leads nowhere
	// MailURL writes an e-mail about the program in the reader's own mail
	// program (a referral is often sent on): its name, organization,
	// summary and address. No other host is asked for anything.
	MailURL string
	// TextLang is the lang (and dir) of the listing's own text, when it
	// is not the page's (Page.TextLang).
	TextLang template.HTMLAttr
}

// ProgramShow is a program's page.
func (h *Handler) ProgramShow(c echo.Context) error {
	return h.programPage(c, false)
}

// ProgramPrint is a program's one-page handout.
func (h *Handler) ProgramPrint(c echo.Context) error {
	return h.programPage(c, true)
}

func (h *Handler) programPage(c echo.Context, print bool) error {
	slug := c.Param("slug")
	if len(slug) > 200 || strings.ContainsAny(slug, "/\x00") || !utf8.ValidString(slug) {
		return models.ErrNotFound
	}
	pr, err := h.store.ProgramBySlug(c.Request().Context(), slug)
	if err != nil {
		return err
	}
	p := h.page(c, "")
	p.Title = pr.Name
	if print {
		p.Main = "print"
		p.NoIndex = true
	}
	stale := ""
	if pr.VerificationStale(h.cfg.Now()) {
		stale = p.T("program.stale")
		if _, ok := pr.VerifiedAt(); !ok {
			stale = p.T("program.unverified")
		}
	}
	v := programView{P: publicProgram(pr), Stale: stale != "", StaleText: stale, Print: print,
		URL: h.siteURL(c, "/programs/"+url.PathEscape(pr.Slug))}
	v.TextLang = p.TextLang(pr.Name, pr.Summary, pr.Description, pr.Eligibility, pr.HowToRefer)
	v.MailURL = mailtoURL(pr.Name, p.T("program.by", "Organization", pr.Organization.Name)+"\r\n"+pr.Summary+"\r\n\r\n"+v.URL)
	p.Data = v
	return h.render.Render(c, http.StatusOK, "program", p)
}

// mailtoURL is a mailto: address with no recipient, a subject and a body,
// every character that is not plain percent-encoded (a space as %20:
// mail programs do not read "+" as one).
func mailtoURL(subject, body string) string {
	enc := func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
	return "mailto:?subject=" + enc(subject) + "&body=" + enc(body)
}

// publicProgram strips what must not leave the server from a program
// before any template or encoder sees it.
func publicProgram(p *models.Program) *models.Program {
	cp := *p
	cp.Locations = make([]models.Location, len(p.Locations))
	for i, l := range p.Locations {
		cp.Locations[i] = l.Public()
	}
	return &cp
}

// TextLang returns the attributes of a listing's own text, whose
// language models.TextLanguage tells from texts: its lang when it is not
// the page's, so that a screen reader reads an English listing on a
// French page with an English voice (WCAG 3.1.2), and its dir when its
// direction is not the page's. "" for text in the page's language or in
// none that can be told.
func (p *Page) TextLang(texts ...string) template.HTMLAttr {
	return textLangAttr(p, models.TextLanguage(texts...))
}

func textLangAttr(p *Page, lang string) template.HTMLAttr {
	if lang == "" || lang == p.Lang {
		return ""
	}
	a := textLangAttrs[lang] // written once: a page has 20 cards
	if a.dir != p.Dir() {
		return a.withDir
	}
	return a.lang
}

type langAttr struct {
	dir           string
	lang, withDir template.HTMLAttr
}

// textLangAttrs are the attributes of text in each of models.TextLanguage's
// languages, without and with its direction.
var textLangAttrs = func() map[string]langAttr {
	m := map[string]langAttr{}
	for _, l := range models.TextLanguages {
		dir := "ltr"
		if l == "ar" { // the one right-to-left language of TextLanguages
			dir = "rtl"
		}
		attr := ` lang="` + l + `"`
		m[l] = langAttr{dir, template.HTMLAttr(attr), template.HTMLAttr(attr + ` dir="` + dir + `"`)}
	}
	return m
}()
