package handlers

import (
	"html/template"
	"math/rand/v2"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pathways/models"
	"pathways/templates"
)

// cardTemplate is the result card as an html/template: cardsHTML writes
// the same bytes by hand for speed (search_text.go), so it must escape
// exactly as html/template does. Any difference fails the tests below.
var cardTemplate = template.Must(template.New("card").Parse(`<li class="card">
  <h3 class="card-title"{{.H.TextLang}}><a href="/programs/{{.Slug}}">{{with .H.TitleHTML}}{{.}}{{else}}{{$.Name}}{{end}}</a></h3>
  <p class="card-org">{{.Org}}</p>
  <p class="card-summary"{{.H.TextLang}}>{{with .H.SnippetHTML}}{{.}}{{else}}{{$.Summary}}{{end}}</p>
{{with .H.ExcerptHTML}}  <p class="card-excerpt"><span class="visually-hidden">{{$.Matched}} </span>{{with $.H.TextLang}}<span{{.}}>{{$.H.ExcerptHTML}}</span>{{else}}{{$.H.ExcerptHTML}}{{end}}</p>
{{end}}  <ul class="card-meta">
{{with .H.Places}}    <li>{{.}}</li>
{{end}}{{with .H.Delivery}}    <li>{{.}}</li>
{{end}}{{with .H.Cost}}    <li>{{.}}</li>
{{end}}{{with .H.Languages}}    <li>{{.}}</li>
{{end}}{{with .H.Ages}}    <li>{{.}}</li>
{{end}}  </ul>
  <p class="card-verified{{if .H.Stale}} stale{{end}}">{{.H.Verified}}{{if .H.Stale}} <strong>{{.H.StaleText}}</strong>{{end}}</p>
</li>
`))

// fragmentTemplate is the "fragments" partial of templates/partials.
var fragmentTemplate = template.Must(template.New("f").Parse(`{{range .}}{{if .Hit}}<mark>{{.Text}}</mark>{{else}}{{.Text}}{{end}}{{end}}`))

func viaTemplate(t *testing.T, tmpl *template.Template, data any) string {
	t.Helper()
	var b strings.Builder
	if err := tmpl.Execute(&b, data); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// hostile is text a submitter could write: markup, quotes, entities,
// script and URL schemes, a NUL byte, right-to-left text, long words.
var hostile = []string{
	"", "Plain name", `<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`,
	`' onmouseover='x`, "a & b &amp; c", "1 + 1 = 2", "nul\x00byte", "javascript:alert(1)",
	"</li></ul><form action=//evil>", "عربي <b>غامق</b>", "{{.Secret}}", "`backtick`",
	"line\nbreak\ttab", "\u202egnp.exe", strings.Repeat("<", 50),
}

func TestCardHTMLMatchesTemplate(t *testing.T) {
	cat, err := NewCatalog(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 7))
	pick := func() string { return hostile[rng.IntN(len(hostile))] }
	slugs := []string{"youth-mentoring", "a", "exit-programme-2", "x-1-2-3"}
	for _, lang := range cat.Languages() {
		p := &Page{Localizer: cat.Localizer(lang)}
		for i := 0; i < 300; i++ {
			pr := models.Program{Slug: slugs[i%len(slugs)], Name: pick(), Summary: pick()}
			pr.Organization.Name = pick()
			h := hitView{Page: p, Hit: models.SearchHit{Program: &pr}, Stale: i%2 == 0,
				Places: pick(), Delivery: pick(), Cost: pick(), Languages: pick(), Ages: pick(), Verified: pick(), StaleText: pick()}
			if i%3 == 0 {
				frags := []models.Fragment{{Text: pick()}, {Text: pick(), Hit: true}, {Text: pick()}}
				h.SnippetHTML = fragmentsHTML(frags)
				if got, want := string(h.SnippetHTML), viaTemplate(t, fragmentTemplate, frags); got != want {
					t.Fatalf("fragmentsHTML(%+v)\n got %q\nwant %q", frags, got, want)
				}
			}
			if i%5 == 2 {
				h.TitleHTML = fragmentsHTML([]models.Fragment{{Text: pick()}, {Text: pick(), Hit: true}})
			}
			if i%4 == 1 {
				h.ExcerptHTML = fragmentsHTML([]models.Fragment{{Text: pick(), Hit: true}, {Text: pick()}})
			}
			if i%6 == 3 { // text in another language than the page's (or the same)
				h.TextLang = textLangAttr(p, []string{"en", "ar", "fr", "de"}[(i/6)%4])
			}
			got := string(cardsHTML(p, []hitView{h}))
			want := viaTemplate(t, cardTemplate, map[string]any{
				"Slug": pr.Slug, "Name": pr.Name, "Org": pr.Organization.Name, "Summary": pr.Summary,
				"Matched": p.T("card.matched"), "H": h,
			})
			if got != want {
				t.Fatalf("%s: cardsHTML differs from html/template\n got %q\nwant %q", lang, got, want)
			}
		}
	}
}

// The hand escaper agrees with html/template on every byte sequence the
// fuzzer finds, not only on the list above.
func FuzzHTMLEscape(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	tmpl := template.Must(template.New("t").Parse(`<p title="{{.}}">{{.}}</p><a href="{{.}}">`))
	f.Fuzz(func(t *testing.T, s string) {
		var b strings.Builder
		if err := tmpl.Execute(&b, s); err != nil {
			t.Skip()
		}
		want := b.String()
		e := htmlEscape(s)
		if got := `<p title="` + e + `">` + e + `</p><a href="` + hrefEscape(s) + `">`; got != want {
			t.Fatalf("htmlEscape, hrefEscape(%q): got %q, html/template %q", s, got, want)
		}
	})
}

// The lists of the results page as html/template writes them: facetsHTML
// (with its items), sortOptionsHTML, pagerHTML, hiddenInputsHTML and
// langSwitchHTML must give the same bytes.
var (
	facetsTemplate = template.Must(template.New("facets").Parse(`{{range .Groups}}{{if .Values}}<div class="facet" role="group" aria-labelledby="facet-{{.Name}}">
  <h3 id="facet-{{.Name}}">{{.Label}}</h3>
  <ul>
{{range .Values}}{{if .Selected}}<li><a href="{{.URL}}" class="facet-link is-selected" aria-current="true">{{else}}<li><a href="{{.URL}}" class="facet-link">{{end}} <span class="facet-box" aria-hidden="true"></span><span class="facet-label">{{.Label}}</span> <span class="facet-count">{{if .Selected}}<span class="visually-hidden">{{$.Selected}}</span>{{end}}{{$c := call $.Counted .Count}}{{if $c.Whole}}<span aria-hidden="true">{{.CountText}}</span>{{with $c.Before}}<span class="visually-hidden">{{.}}</span>{{end}}{{else}}{{with $c.Before}}<span class="visually-hidden">{{.}}</span>{{end}}{{.CountText}}{{with $c.After}}<span class="visually-hidden">{{.}}</span>{{end}}{{end}}</span></a></li>
{{end}}  </ul>
</div>
{{end}}{{end}}`))
	sortTemplate = template.Must(template.New("sort").Parse(
		`{{range .Sorts}}<option value="{{.Value}}"{{if eq .Value $.Sort}} selected{{end}}>{{.Label}}</option>{{end}}`))
	pagerTemplate = template.Must(template.New("pager").Parse(`{{if .V.Pager}}<nav class="pagination" aria-label="{{.Label}}">
  <ul>
{{with .V.Prev}}    <li><a href="{{.}}" rel="prev">{{$.PrevText}}</a></li>
{{end}}{{range .V.Pager}}{{if .Gap}}    <li class="gap" aria-hidden="true">…</li>
{{else if .Current}}    <li><a href="{{.URL}}" aria-current="page"><span class="visually-hidden">{{$.PageText}} </span>{{.Number}}</a></li>
{{else}}    <li><a href="{{.URL}}"><span class="visually-hidden">{{$.PageText}} </span>{{.Number}}</a></li>
{{end}}{{end}}{{with .V.Next}}    <li><a href="{{.}}" rel="next">{{$.NextText}}</a></li>
{{end}}  </ul>
</nav>
{{end}}`))
	hiddenTemplate = template.Must(template.New("hidden").Parse(
		`{{range $k, $vs := .}}{{range $vs}}<input type="hidden" name="{{$k}}" value="{{.}}">{{end}}{{end}}`))
	langSwitchTemplate = template.Must(template.New("lang").Parse(`<nav class="lang-switch" aria-label="{{.Label}}">
  <ul>
{{range .Options}}    <li><a href="{{.URL}}" lang="{{.Code}}" hreflang="{{.Code}}"{{if .Current}} aria-current="true"{{end}}>{{.Name}}</a></li>
{{end}}  </ul>
</nav>
`))
)

// TestFacetsWrittenInOneBuffer: the facets are two thirds of a results
// page (130 links), written into one buffer sized beforehand; they were
// built value by value, group by group and copied again, ~160 KB of
// allocations for a 30 KB list.
func TestFacetsWrittenInOneBuffer(t *testing.T) {
	cat, err := NewCatalog(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	p := &Page{Localizer: cat.Localizer("en")}
	groups := make([]facetGroupView, 8)
	for g := range groups {
		groups[g] = facetGroupView{Name: "group" + strconv.Itoa(g), Label: "Group & co"}
		for v := 0; v < 17; v++ {
			groups[g].Values = append(groups[g].Values, facetValueView{Label: "Value <" + strconv.Itoa(v) + ">",
				URL: "/programs?city=Saint-%C3%89tienne&country=FR&q=youth+work&theme=v" + strconv.Itoa(v), CountText: "1,234"})
		}
	}
	size := len(facetsHTML(p, groups))
	if n := testing.AllocsPerRun(20, func() { facetsHTML(p, groups) }); n > 1 {
		t.Errorf("facets of 136 values (%d bytes) made %.0f allocations, want 1", size, n)
	}
}

func TestPageListsMatchTemplates(t *testing.T) {
	cat, err := NewCatalog(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(9, 9))
	pick := func() string { return hostile[rng.IntN(len(hostile))] }
	// Links as the page builds them from hostile parameters, and hostile
	// links as they could never be built, which must still be escaped as
	// html/template escapes them.
	link := func() string {
		if rng.IntN(4) == 0 {
			return pick()
		}
		return href(url.Values{pick(): {pick(), pick()}, "q": {pick()}})
	}
	for _, lang := range cat.Languages() {
		p := &Page{Localizer: cat.Localizer(lang)}
		for i := 0; i < 200; i++ {
			var groups []facetGroupView
			for g := 0; g < 3; g++ {
				gv := facetGroupView{Name: pick(), Label: pick()}
				for n := rng.IntN(4); n > 0; n-- {
					gv.Values = append(gv.Values, facetValueView{Label: pick(), URL: link(),
						Count: rng.IntN(3000), CountText: pick(), Selected: rng.IntN(3) == 0})
				}
				groups = append(groups, gv)
			}
			check := func(what, got, want string) {
				t.Helper()
				if got != want {
					t.Fatalf("%s %s differs from html/template\n got %q\nwant %q", lang, what, got, want)
				}
			}
			check("facetsHTML", string(facetsHTML(p, groups)),
				viaTemplate(t, facetsTemplate, map[string]any{"Groups": groups, "Selected": p.T("filters.selected") + p.T("list.separator"),
					"Counted": func(n int) map[string]any {
						before, after, whole := p.Counted("count.programs", n)
						return map[string]any{"Before": before, "After": after, "Whole": whole}
					}}))

			v := &searchView{Prev: link(), Next: link()}
			if i%5 == 0 {
				v.Prev, v.Next = "", ""
			}
			for n, pages := 1, rng.IntN(6); n <= pages; n++ {
				v.Pager = append(v.Pager, pageLink{Number: n, URL: link(), Current: n == 2, Gap: n == 4})
			}
			check("pagerHTML", string(pagerHTML(p, v)), viaTemplate(t, pagerTemplate, map[string]any{
				"V": v, "Label": p.T("pager.label"), "PrevText": p.T("pager.prev"),
				"NextText": p.T("pager.next"), "PageText": p.T("pager.page")}))

			sorts := []sortLink{{Value: pick(), Label: pick()}, {Value: "name", Label: pick()}}
			check("sortOptionsHTML", string(sortOptionsHTML(sorts, "name")),
				viaTemplate(t, sortTemplate, map[string]any{"Sorts": sorts, "Sort": "name"}))

			q := url.Values{pick(): {pick()}, "page": {"3"}, "age": {pick()}, "theme": {pick(), pick()}}
			check("hiddenInputsHTML", string(hiddenInputsHTML(q, "age")),
				viaTemplate(t, hiddenTemplate, without(q, "age", "page")))

			opts := []LangOption{{Code: pick(), Name: pick(), URL: link(), Current: true}, {Code: "fr", Name: pick(), URL: link()}}
			check("langSwitchHTML", string(langSwitchHTML(p, opts)),
				viaTemplate(t, langSwitchTemplate, map[string]any{"Label": p.T("nav.language"), "Options": opts}))
		}
	}
}

// TestFacetLinksAsEncode: a facet link is the page's parameters with one
// value turned on or off, written as url.Values.Encode would write them,
// whatever comes before or after its group and whatever needs escaping.
func TestFacetLinksAsEncode(t *testing.T) {
	bases := []url.Values{
		{},
		{"q": {"jeunes & familles"}},
		{"theme": {"education", "youth-mentoring"}, "q": {"a+b"}, "page": {"3"}},
		{"age": {"14"}, "city": {"Liège"}, "country": {"BE"}, "sort": {"name"}, "theme": {"education"}, "zz": {"x=y&z"}},
	}
	for _, base := range bases {
		tg := newToggler(base)
		for _, group := range []string{"age", "audience", "city", "q", "theme", "zzz"} {
			for _, value := range []string{"education", "Liège", "14", "a b&c", "youth-mentoring"} {
				for _, on := range []bool{true, false} {
					want := url.Values{}
					for k, vs := range base {
						want[k] = append([]string(nil), vs...)
					}
					want[group] = slices.DeleteFunc(want[group], func(x string) bool { return x == value })
					if on {
						want[group] = append(want[group], value)
					}
					if len(want[group]) == 0 {
						delete(want, group)
					}
					w := "/programs"
					if enc := want.Encode(); enc != "" {
						w += "?" + enc
					}
					if got := tg.toggle(group, value, on); got != w {
						t.Errorf("base %v, %s=%s on=%v:\n got %s\nwant %s", base, group, value, on, got, w)
					}
				}
			}
		}
	}
}

// TestCardPlacesInTheLanguagesComma: a card's city and country are joined
// with the page's comma (the Arabic "،" on Arabic pages, not ",").
func TestCardPlacesInTheLanguagesComma(t *testing.T) {
	a := newFixtureApp(t)
	_, body := a.get("/programs?lang=ar")
	if !strings.Contains(body, "Rotterdam، ") || strings.Contains(body, "Rotterdam, ") {
		t.Errorf("the Arabic page joins a card's places with a Latin comma")
	}
	if _, body = a.get("/programs"); !strings.Contains(body, "Rotterdam, ") {
		t.Errorf("the English page lost its comma")
	}
}

// TestCardPlacesSeparatedInTheLanguage: a card's places are separated by
// the page's semicolon ("؛" in Arabic, " ;" in French).
func TestCardPlacesSeparatedInTheLanguage(t *testing.T) {
	cat, err := NewCatalog(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	pr := models.Program{Locations: []models.Location{{City: "Utrecht", Country: "NL"}, {City: "Gent", Country: "BE"}}}
	for lang, want := range map[string]string{
		"en": "Utrecht, Netherlands; Gent, Belgium",
		"fr": "Utrecht, Pays-Bas\u00a0; Gent, Belgique",
		"ar": "Utrecht، هولندا؛ Gent، بلجيكا",
	} {
		h := hitView{Page: &Page{Localizer: cat.Localizer(lang)}, Hit: models.SearchHit{Program: &pr}}
		cardText(h.Page, &h)
		if h.Places != want {
			t.Errorf("%s: %q, want %q", lang, h.Places, want)
		}
	}
}

// TestFilterChipInTheLanguagesTypography: a chip reads "Thème : …" in
// French (a no-break space before the colon), and its values stay
// escaped.
func TestFilterChipInTheLanguagesTypography(t *testing.T) {
	a := newFixtureApp(t)
	_, body := a.get("/programs?theme=education&lang=fr")
	if !strings.Contains(body, "Thème\u00a0: ") {
		t.Error("the French chip has no space before its colon")
	}
	_, body = a.get("/programs?theme=education")
	if !strings.Contains(body, "Theme: ") {
		t.Error("the English chip changed")
	}
	_, body = a.get("/programs?city=" + url.QueryEscape("<b>x</b>"))
	if strings.Contains(body, "<b>x</b>") || !strings.Contains(body, "&lt;b&gt;x&lt;/b&gt;") {
		t.Error("a chip's value is not escaped")
	}
}
