package handlers

import (
	"html/template"
	"math/rand/v2"
	"strings"
	"testing"

	"pathways/models"
	"pathways/templates"
)

// cardTemplate is the result card as an html/template: cardHTML writes
// the same bytes by hand for speed (search_text.go), so it must escape
// exactly as html/template does. Any difference fails the tests below.
var cardTemplate = template.Must(template.New("card").Parse(`<li class="card">
  <h3 class="card-title"><a href="/programs/{{.Slug}}">{{.Name}}</a></h3>
  <p class="card-org">{{.Org}}</p>
  <p class="card-summary">{{with .H.SnippetHTML}}{{.}}{{else}}{{$.Summary}}{{end}}</p>
{{with .H.ExcerptHTML}}  <p class="card-excerpt"><span class="visually-hidden">{{$.Matched}} </span>{{.}}</p>
{{end}}  <ul class="card-meta">
{{with .H.Places}}    <li>{{.}}</li>
{{end}}{{with .H.Delivery}}    <li>{{.}}</li>
{{end}}{{with .H.Cost}}    <li>{{.}}</li>
{{end}}{{with .H.Languages}}    <li>{{.}}</li>
{{end}}{{with .H.Ages}}    <li>{{.}}</li>
{{end}}  </ul>
  <p class="card-verified{{if .H.Stale}} stale{{end}}">{{.H.Verified}}</p>
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
				Places: pick(), Delivery: pick(), Cost: pick(), Languages: pick(), Ages: pick(), Verified: pick()}
			if i%3 == 0 {
				frags := []models.Fragment{{Text: pick()}, {Text: pick(), Hit: true}, {Text: pick()}}
				h.SnippetHTML = fragmentsHTML(frags)
				if got, want := string(h.SnippetHTML), viaTemplate(t, fragmentTemplate, frags); got != want {
					t.Fatalf("fragmentsHTML(%+v)\n got %q\nwant %q", frags, got, want)
				}
			}
			if i%4 == 1 {
				h.ExcerptHTML = fragmentsHTML([]models.Fragment{{Text: pick(), Hit: true}, {Text: pick()}})
			}
			got := string(cardHTML(p, &h))
			want := viaTemplate(t, cardTemplate, map[string]any{
				"Slug": pr.Slug, "Name": pr.Name, "Org": pr.Organization.Name, "Summary": pr.Summary,
				"Matched": p.T("card.matched"), "H": h,
			})
			if got != want {
				t.Fatalf("%s: cardHTML differs from html/template\n got %q\nwant %q", lang, got, want)
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
	tmpl := template.Must(template.New("t").Parse(`<p title="{{.}}">{{.}}</p>`))
	f.Fuzz(func(t *testing.T, s string) {
		var b strings.Builder
		if err := tmpl.Execute(&b, s); err != nil {
			t.Skip()
		}
		want := b.String()
		e := htmlEscape(s)
		if got := `<p title="` + e + `">` + e + `</p>`; got != want {
			t.Fatalf("htmlEscape(%q): got %q, html/template %q", s, got, want)
		}
	})
}
