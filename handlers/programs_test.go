package handlers

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"pathways/models"
)

// fixture: each program is there to prove something.
const fixture = `Education First,Org A,Tutoring for pupils,Weekly lessons after school.,education,young-people;children,primary,en;fr,in-person,free,BE,Brussels,Brussels,1000,Rue de la Loi 1,false,https://a.example,a@example.org,,Call us.,Pupils in Brussels.,10,16,evaluated,2026-01-10
Youth Club North,Org B,Sport and belonging,Our education partners help too.,youth-mentoring,young-people,primary,nl,in-person,free,NL,South Holland,Rotterdam,3011,Coolsingel 2,false,,b@example.org,,,,12,25,not_evaluated,2025-02-01
Parents' Café,Org C,A café for worried parents,Counselling for families facing radicalisation.,family-support,parents-families,secondary,fr;ar,in-person,free,FR,Île-de-France,Paris,75011,12 Rue Secrète,true,,c@example.org,,,,,,not_evaluated,2026-05-01
Exit Line,Org D,Helpline for people leaving extremist groups,Behavior change support and a safe organization.,exit-work;helplines,people-leaving-extremism,tertiary,de;en,online,free,DE,Berlin,Berlin,,,false,,d@example.org,,,,18,,peer_reviewed,2026-03-01
Newcomer Circle,Org E,Welcome meetings,Community dialogue on radicalization and behaviour.,community-integration;interfaith-dialogue,newcomers-refugees,primary,en,hybrid,low-cost,GB,England,Birmingham,B1,1 High St,false,,e@example.org,,,,,,not_evaluated,2026-06-01
Paid Workshop,Org E,Training for teachers,Two-day course on radicalisation for school staff.,practitioner-training,teachers-schools,primary,en,in-person,paid,GB,England,London,E1,2 Low St,false,,e@example.org,,,,,,evaluated,2026-07-01
`

func newFixtureApp(t *testing.T) *testApp {
	a := newTestApp(t)
	a.importCSV(fixture)
	return a
}

var cardTitleRe = regexp.MustCompile(`<h3 class="card-title"><a href="/programs/[^"]+">(.+?)</a></h3>`)

// resultNames returns the program names of a results page, in order.
func resultNames(body string) []string {
	var out []string
	for _, m := range cardTitleRe.FindAllStringSubmatch(body, -1) {
		out = append(out, htmlUnescape(strings.NewReplacer("<mark>", "", "</mark>", "").Replace(m[1])))
	}
	return out
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&#39;", "'", "&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`).Replace(s)
}

func TestHomePage(t *testing.T) {
	a := newFixtureApp(t)
	res, body := a.get("/")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, want := range []string{`<html lang="en" dir="ltr">`, "Browse by theme", `href="/programs?theme=exit-work"`,
		"Search 6 moderated programs", `role="search"`, `<main id="main"`} {
		if !strings.Contains(body, want) {
			t.Errorf("home page lacks %q", want)
		}
	}
	csp := res.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP = %q", csp)
	}
	if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("missing security headers: %v", res.Header)
	}
	if strings.Contains(body, "http://") || regexp.MustCompile(`(src|href)="https?://`).MatchString(body) {
		t.Errorf("home page refers to another host")
	}
}

func TestSearchRelevanceAndText(t *testing.T) {
	a := newFixtureApp(t)
	cases := []struct {
		q    string
		want []string
	}{
		{"education", []string{"Education First", "Youth Club North"}},
		{"educ", []string{"Education First", "Youth Club North"}},
		{"cafe", []string{"Parents' Café"}},
		{"radicalization ", []string{"Newcomer Circle", "Paid Workshop", "Parents' Café"}},
		{"radicalisation ", []string{"Newcomer Circle", "Paid Workshop", "Parents' Café"}},
		{"organisation ", []string{"Exit Line"}},
		{"behaviour ", []string{"Exit Line", "Newcomer Circle"}},
		{"counseling ", []string{"Parents' Café"}},
	}
	for _, c := range cases {
		t.Run(c.q, func(t *testing.T) {
			target := "/programs?q=" + url.QueryEscape(c.q)
			if len(c.want) > 1 && c.q != "education" && c.q != "educ" {
				target += "&sort=name" // equal relevance: compare by name
			}
			res, body := a.get(target)
			if res.StatusCode != 200 {
				t.Fatalf("status %d", res.StatusCode)
			}
			if got := resultNames(body); strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestSearchHighlightsWhyItMatched(t *testing.T) {
	a := newFixtureApp(t)
	_, body := a.get("/programs?q=radicalization+")
	if !strings.Contains(body, "<mark>radicalisation</mark>") || !strings.Contains(body, "<mark>radicalization</mark>") {
		t.Errorf("expected both spellings highlighted:\n%s", body)
	}
	_, body = a.get("/programs?q=educ")
	if !strings.Contains(body, "<mark>education</mark>") {
		t.Errorf("expected the prefix match highlighted")
	}
	// The name shows its matched words too, and a name without them is
	// left as it is.
	_, body = a.get("/programs?q=club")
	contains(t, body, `">Youth <mark>Club</mark> North</a></h3>`)
	_, body = a.get("/programs?q=educ")
	contains(t, body, `"><mark>Education</mark> First</a></h3>`, `">Youth Club North</a></h3>`)
}

// search runs the JSON search and decodes it.
func (a *testApp) search(query string) programListJSON {
	a.t.Helper()
	res, body := a.get("/api/v1/programs?" + query)
	if res.StatusCode != 200 {
		a.t.Fatalf("GET %s: %d %s", query, res.StatusCode, body)
	}
	var out programListJSON
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		a.t.Fatal(err)
	}
	return out
}

func itemNames(l programListJSON) []string {
	var out []string
	for _, p := range l.Items {
		out = append(out, p.Name)
	}
	return out
}

func TestSearchFilters(t *testing.T) {
	a := newFixtureApp(t)
	cases := []struct {
		query string
		want  []string // sorted by name
	}{
		{"theme=education", []string{"Education First"}},
		{"theme=education&theme=family-support", []string{"Education First", "Parents' Café"}}, // OR within a kind
		{"audience=young-people", []string{"Education First", "Youth Club North"}},
		{"level=tertiary", []string{"Exit Line"}},
		{"country=GB", []string{"Newcomer Circle", "Paid Workshop"}},
		{"country=gb&city=london", []string{"Paid Workshop"}}, // AND across kinds, any case
		{"city=Paris", []string{"Parents' Café"}},
		{"language=fr", []string{"Education First", "Parents' Café"}},
		{"language=fr&language=de", []string{"Education First", "Exit Line", "Parents' Café"}},
		{"delivery=online", []string{"Exit Line"}},
		{"cost=paid", []string{"Paid Workshop"}},
		{"cost=free&language=en", []string{"Education First", "Exit Line"}},
		{"age=11", []string{"Education First", "Newcomer Circle", "Paid Workshop", "Parents' Café"}}, // open ranges included
		{"age=20", []string{"Exit Line", "Newcomer Circle", "Paid Workshop", "Parents' Café", "Youth Club North"}},
		{"age=11&theme=youth-mentoring", nil},
		{"q=radicalisation&country=GB", []string{"Newcomer Circle", "Paid Workshop"}},
		{"q=radicalisation&country=GB&cost=paid", []string{"Paid Workshop"}},
		{"theme=not-a-theme", []string{"Education First", "Exit Line", "Newcomer Circle", "Paid Workshop", "Parents' Café", "Youth Club North"}},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			l := a.searchHTMLAndJSON(c.query + "&sort=name")
			if strings.Join(l, "|") != strings.Join(c.want, "|") {
				t.Errorf("got %q, want %q", l, c.want)
			}
		})
	}
}

// searchHTMLAndJSON checks the HTML and JSON searches agree and returns
// the names.
func (a *testApp) searchHTMLAndJSON(query string) []string {
	a.t.Helper()
	res, body := a.get("/programs?" + query)
	if res.StatusCode != 200 {
		a.t.Fatalf("HTML status %d", res.StatusCode)
	}
	html := resultNames(body)
	v, _ := url.ParseQuery(query)
	hasUnknown := v.Get("theme") == "not-a-theme"
	if hasUnknown {
		return html // the JSON API refuses unknown values with a 400
	}
	js := itemNames(a.search(query))
	if strings.Join(html, "|") != strings.Join(js, "|") {
		a.t.Errorf("HTML %q and JSON %q disagree", html, js)
	}
	return html
}

// TestFacetCountsMatchTotals checks that each facet count is the total the
// filter gives when applied.
func TestFacetCountsMatchTotals(t *testing.T) {
	a := newFixtureApp(t)
	for _, base := range []string{"", "q=radicalisation", "country=GB", "theme=education&theme=exit-work"} {
		l := a.search(base)
		for group, counts := range l.Facets {
			for value, n := range counts {
				v, _ := url.ParseQuery(base)
				if len(v[group]) > 0 {
					continue // OR groups: a count adds to the selection, checked below
				}
				v.Add(group, value)
				got := a.search(v.Encode()).Total
				if got != n {
					t.Errorf("base %q: facet %s=%s says %d, applying it gives %d", base, group, value, n, got)
				}
			}
		}
	}
	// Within a selected group, each value's count is what it alone gives
	// with the other groups' filters.
	l := a.search("theme=education&country=BE")
	if l.Facets["theme"]["education"] != 1 || l.Total != 1 {
		t.Errorf("facets %v total %d", l.Facets["theme"], l.Total)
	}
	if l.Facets["country"]["BE"] != 1 || l.Facets["country"]["GB"] != 0 {
		t.Errorf("country facet with theme=education: %v", l.Facets["country"])
	}
}

func TestSearchFilterLinksAndRemoval(t *testing.T) {
	a := newFixtureApp(t)
	_, body := a.get("/programs?theme=education&language=fr")
	// The active filters each have a one-click removal link.
	if !strings.Contains(body, `href="/programs?language=fr"`) || !strings.Contains(body, `href="/programs?theme=education"`) {
		t.Errorf("missing removal links")
	}
	if !strings.Contains(body, "Clear all filters") {
		t.Errorf("missing clear-all link")
	}
	if got := resultNames(body); len(got) != 1 || got[0] != "Education First" {
		t.Errorf("got %q", got)
	}
}

func TestPagination(t *testing.T) {
	a := newTestApp(t)
	var b strings.Builder
	for i := 1; i <= 45; i++ {
		fmt.Fprintf(&b, "Mentoring Circle %02d,Org %02d,Mentors for young people,Weekly mentoring.,youth-mentoring,young-people,primary,en,in-person,free,NL,,Utrecht,,,false,,m@example.org,,,,,,not_evaluated,2026-01-01\n", i, i)
	}
	a.importCSV(b.String())
	l := a.search("q=mentoring")
	if l.Total != 45 || len(l.Items) != 20 || l.PerPage != 20 {
		t.Fatalf("total %d items %d", l.Total, len(l.Items))
	}
	seen := map[string]bool{}
	for page := 1; page <= 3; page++ {
		l := a.search(fmt.Sprintf("q=mentoring&sort=name&page=%d", page))
		for _, it := range l.Items {
			if seen[it.Name] {
				t.Errorf("%s on two pages", it.Name)
			}
			seen[it.Name] = true
		}
	}
	if len(seen) != 45 {
		t.Errorf("saw %d programs over 3 pages", len(seen))
	}
	_, body := a.get("/programs?q=mentoring&page=2")
	if !strings.Contains(body, `rel="next"`) || !strings.Contains(body, `rel="prev"`) || !strings.Contains(body, `aria-current="page"`) {
		t.Errorf("pagination links missing")
	}
	res, body := a.get("/programs?q=mentoring&page=99")
	if res.StatusCode != 200 || !strings.Contains(body, "no results on this page") {
		t.Errorf("page past the end: %d", res.StatusCode)
	}
}

func TestHostileQueries(t *testing.T) {
	a := newFixtureApp(t)
	hostile := []string{
		`"`, `""`, `"education`, `AND`, `OR`, `NOT`, `education AND`, `NOT education`, `*`, `educ*`, `**`,
		`NEAR(education youth)`, `NEAR(`, `name:education`, `{name}: x`, `(`, `)`, `(education`, `[x]`,
		`'; DROP TABLE programs; --`, `1 OR 1=1`, `%`, `_`, `\`, "\x00", "caf\xe9", "\xff\xfe",
		strings.Repeat("education ", 220), strings.Repeat("x", 2000), "^", "-education", "+", "a:b:c",
		`<script>alert(1)</script>`, "😀", "ا", "0", "0educ",
	}
	for _, q := range hostile {
		for _, path := range []string{"/programs?q=", "/api/v1/programs?q="} {
			want := http.StatusOK // the page reads what it can of any q
			if strings.HasPrefix(path, "/api/") && (!utf8.ValidString(q) || utf8.RuneCountInString(q) > 500) {
				want = http.StatusBadRequest // the API says what is wrong, as its OpenAPI document does
			}
			if res, _ := a.get(path + url.QueryEscape(q)); res.StatusCode != want {
				t.Errorf("%s%q: status %d, want %d", path, truncateForLog(q), res.StatusCode, want)
			}
		}
	}
	for _, query := range []string{"page=-1", "page=abc", "page=99999999999999999999", "age=-5", "age=abc",
		"sort=evil", "country=ZZZ", "language=xx;", "theme=" + strings.Repeat("a", 5000),
		strings.Repeat("theme=education&", 300), "city=" + url.QueryEscape("\xff")} {
		res, _ := a.get("/programs?" + query)
		if res.StatusCode != http.StatusOK {
			t.Errorf("HTML %s: status %d", truncateForLog(query), res.StatusCode)
		}
	}
	// The JSON API says what is wrong instead.
	res, body := a.get("/api/v1/programs?theme=nope")
	if res.StatusCode != 400 || !strings.Contains(body, `"error":{"code":"bad_request"`) {
		t.Errorf("JSON bad parameter: %d %s", res.StatusCode, body)
	}
}

func truncateForLog(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

func TestNoResultsHelps(t *testing.T) {
	a := newFixtureApp(t)
	_, body := a.get("/programs?q=zzzzqqq&theme=education")
	for _, want := range []string{"No program matches your search", "Remove the filter “Education and school support”", "Browse by theme", `href="/programs?theme=exit-work"`} {
		if !strings.Contains(body, want) {
			t.Errorf("no-results page lacks %q", want)
		}
	}
}

func TestProgramPage(t *testing.T) {
	a := newFixtureApp(t)
	res, body := a.get("/programs/education-first")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, want := range []string{"Education First", "Run by Org A", "How to refer", "Call us.", "Pupils in Brussels.",
		"10 to 16 years", "Rue de la Loi 1", "Last verified on 10 January 2026", "Evaluated", "French", "Free", "/programs/education-first/print"} {
		if !strings.Contains(body, want) {
			t.Errorf("program page lacks %q", want)
		}
	}
	if strings.Contains(body, "more than 12 months ago") {
		t.Errorf("recent program flagged as stale")
	}
	_, body = a.get("/programs/youth-club-north")
	if !strings.Contains(body, "more than 12 months ago") {
		t.Errorf("program verified in Feb 2025 should be flagged")
	}
	res, body = a.get("/programs/education-first/print")
	if res.StatusCode != 200 || !strings.Contains(body, "page-print") || strings.Contains(body, "Back to search") {
		t.Errorf("print view: %d", res.StatusCode)
	}
	// On paper the page says where it comes from in full; on screen the
	// handout leads back to the page. The page printed as it is says it too.
	source := `<p class="print-source">From the Pathways directory: <bdi dir="ltr">http://example.com/programs/education-first</bdi></p>`
	contains(t, body, source, `<p class="back"><a href="/programs/education-first">Back to the listing</a></p>`)
	_, body = a.get("/programs/education-first")
	contains(t, body, source)
	_, css := a.get("/static/v/style.css")
	contains(t, css, ".page-print .print-source { display: block; }", "  .print-source { display: block;", "a.print-href::after { content: \" \" attr(href);")
}

func TestNotFound(t *testing.T) {
	a := newFixtureApp(t)
	for _, path := range []string{"/programs/no-such-program", "/nowhere", "/programs/%00"} {
		res, body := a.get(path)
		if res.StatusCode != 404 || !strings.Contains(body, "Page not found") || !strings.Contains(body, `href="/programs"`) {
			t.Errorf("%s: %d", path, res.StatusCode)
		}
	}
	res, body := a.get("/api/v1/programs/no-such-program")
	if res.StatusCode != 404 || !strings.Contains(body, `{"error":{"code":"not_found"`) {
		t.Errorf("API 404: %d %s", res.StatusCode, body)
	}
}

func TestConfidentialAddressNeverLeaves(t *testing.T) {
	a := newFixtureApp(t)
	var id string
	l := a.search("q=cafe")
	if len(l.Items) != 1 {
		t.Fatalf("want the café")
	}
	id = l.Items[0].ID
	for _, path := range []string{"/programs?q=cafe", "/programs?city=Paris", "/programs/parents-cafe", "/programs/parents-cafe/print",
		"/api/v1/programs?q=cafe", "/api/v1/programs/parents-cafe", "/api/v1/programs/" + id, "/api/v1/programs?country=FR"} {
		res, body := a.get(path)
		if res.StatusCode != 200 {
			t.Errorf("%s: %d", path, res.StatusCode)
		}
		if strings.Contains(body, "Secrète") || strings.Contains(body, "75011") {
			t.Errorf("%s shows the confidential address", path)
		}
		if !strings.Contains(body, "Paris") {
			t.Errorf("%s should still show the city", path)
		}
	}
	// The address is kept for moderators.
	p, err := a.store.ProgramBySlug(t.Context(), "parents-cafe")
	if err != nil || p.Locations[0].Address != "12 Rue Secrète" {
		t.Errorf("address not stored: %v %+v", err, p)
	}
}

func TestAPIProgramAndTaxonomies(t *testing.T) {
	a := newFixtureApp(t)
	res, body := a.get("/api/v1/programs/education-first")
	if res.StatusCode != 200 || res.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("status %d", res.StatusCode)
	}
	var p programJSON
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	if p.Name != "Education First" || p.Organization.Name != "Org A" || len(p.Themes) != 1 || *p.AgeMin != 10 || p.Locations[0].City != "Brussels" {
		t.Errorf("program JSON: %+v", p)
	}
	for _, id := range []string{p.ID, strings.ToUpper(p.ID)} { // the HSDS API takes any case too
		res, body = a.get("/api/v1/programs/" + id)
		if res.StatusCode != 200 || !strings.Contains(body, `"slug":"education-first"`) {
			t.Errorf("by id %s: %d", id, res.StatusCode)
		}
	}
	_, body = a.get("/api/v1/taxonomies")
	var tax struct {
		Taxonomies map[string][]termJSON `json:"taxonomies"`
	}
	if err := json.Unmarshal([]byte(body), &tax); err != nil {
		t.Fatal(err)
	}
	if len(tax.Taxonomies["theme"]) != 15 || len(tax.Taxonomies["audience"]) != 15 || len(tax.Taxonomies["level"]) != 3 {
		t.Errorf("taxonomies: %v", tax.Taxonomies)
	}
	if tax.Taxonomies["theme"][0].Slug != "community-integration" || tax.Taxonomies["theme"][0].Description == "" {
		t.Errorf("first theme: %+v", tax.Taxonomies["theme"][0])
	}
	l := a.search("")
	if l.Total != 6 || l.Page != 1 || l.PerPage != models.PerPage || l.Facets["theme"]["education"] != 1 {
		t.Errorf("list: total %d facets %v", l.Total, l.Facets["theme"])
	}
}

func TestUserContentIsEscaped(t *testing.T) {
	a := newTestApp(t)
	a.importCSV(`<script>alert(1)</script> club,"Org <b>x</b>","Summary <img src=x onerror=alert(1)>",Desc,education,children,,en,,,BE,,Gent,,,false,https://x.example/?a=<b>,x@example.org,,,,,,,2026-01-01
`)
	for _, path := range []string{"/programs", "/programs?q=script", "/programs/script-alert-1-script-club"} {
		res, body := a.get(path)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") || strings.Contains(body, "<b>x</b>") {
			t.Errorf("%s: user content not escaped", path)
		}
	}
}

func TestLogsNeverHoldSearchTerms(t *testing.T) {
	a := newFixtureApp(t)
	a.get("/programs?q=secretword123&city=Paris")
	a.get("/api/v1/programs?q=secretword123")
	if strings.Contains(a.logs.String(), "secretword123") {
		t.Errorf("search term in logs:\n%s", a.logs.String())
	}
	if !strings.Contains(a.logs.String(), "route=/programs") {
		t.Errorf("request not logged:\n%s", a.logs.String())
	}
}

func TestHealth(t *testing.T) {
	a := newFixtureApp(t)
	if res, _ := a.get("/healthz"); res.StatusCode != 200 {
		t.Errorf("healthz %d", res.StatusCode)
	}
	if res, _ := a.get("/readyz"); res.StatusCode != 200 {
		t.Errorf("readyz %d", res.StatusCode)
	}
	a.store.Close()
	if res, _ := a.get("/readyz"); res.StatusCode != 503 {
		t.Errorf("readyz with the database closed: %d", res.StatusCode)
	}
}

// A search with a word no program has with the others shows the
// programs with the rest, and says, in the page's language, which word
// it left out; the JSON search lists it under "missing".
func TestSearchLeavesOutAWordNoProgramHas(t *testing.T) {
	a := newFixtureApp(t)
	_, body := a.get("/programs?q=counselling+families+zebra")
	if got := resultNames(body); len(got) != 1 || got[0] != "Parents' Café" {
		t.Errorf("results %q, want the parents' café", got)
	}
	if !strings.Contains(body, `<p class="notice" role="status">No program has all the words you searched for. These results leave out “zebra”.</p>`) {
		t.Errorf("no notice of the missing word")
	}
	_, body = a.get("/programs?q=counselling+families+zebra&lang=fr")
	if !strings.Contains(body, "laissent de côté «\u00a0zebra\u00a0»") {
		t.Errorf("no notice in French")
	}
	if l := a.search("q=counselling+families+zebra"); l.Total != 1 || len(l.Missing) != 1 || l.Missing[0] != "zebra" {
		t.Errorf("JSON: total %d, missing %q", l.Total, l.Missing)
	}
	// Programs have every word, but none in the country asked for: the
	// notice says it is the filters.
	_, body = a.get("/programs?q=support+paris&country=DE")
	if !strings.Contains(body, "No program with these filters has all the words you searched for. These results leave out “paris”.") {
		t.Errorf("no notice naming the filters")
	}
	// Every word found: no notice, nothing missing.
	_, body = a.get("/programs?q=counselling+families")
	if strings.Contains(body, "leave out") {
		t.Errorf("a notice with every word found")
	}
	if _, body = a.get("/api/v1/programs?q=counselling"); strings.Contains(body, `"missing"`) {
		t.Errorf("JSON lists missing words with every word found: %s", body)
	}
}

// A program found by its eligibility says so to a screen reader: the
// card's hidden words name the eligibility, not the description.
func TestExcerptNamesTheEligibility(t *testing.T) {
	a := newFixtureApp(t)
	_, body := a.get("/programs?q=brussels")
	if !strings.Contains(body, `<span class="visually-hidden">Matched in the eligibility: </span>`) {
		t.Errorf("no eligibility excerpt named:\n%s", body)
	}
	_, body = a.get("/programs?q=partners")
	if !strings.Contains(body, `<span class="visually-hidden">Matched in the description: </span>`) {
		t.Errorf("no description excerpt named")
	}
}

// A search uses at most 12 words; the page names the ones past them.
func TestSearchNamesTheWordsPastTheLimit(t *testing.T) {
	a := newFixtureApp(t)
	q := "pupils lessons school tutoring weekly education primary free call brussels belgium loi Rotterdam Berlin"
	_, body := a.get("/programs?q=" + url.QueryEscape(q))
	if !strings.Contains(body, "A search uses at most 12 words. These results leave out “Rotterdam, Berlin”.") {
		t.Errorf("the words past the limit are not named")
	}
	if l := a.search("q=" + url.QueryEscape(q)); !slices.Contains(l.Missing, "Berlin") {
		t.Errorf("JSON missing %q", l.Missing)
	}
}

// TestAPIRefusesUnknownSortAndPagesPastTheLast: the JSON search answers
// an unknown sort, like any unknown value, with a 400, and a page past the
// last it serves with a 400 too: answering page 500 again kept a client
// that reads until an empty page going forever. The HTML page says it
// ignored the sort.
func TestAPIRefusesUnknownSortAndPagesPastTheLast(t *testing.T) {
	a := newFixtureApp(t)
	for target, want := range map[string]int{
		"/api/v1/programs?sort=zzz":                       400,
		"/api/v1/programs?sort=name":                      200,
		"/api/v1/programs?sort=":                          200,
		"/api/v1/programs?page=1000000":                   400,
		"/api/v1/programs?page=500":                       200,
		"/api/v1/programs?q=club&sort=relevance":          200,
		"/api/v1/programs?sort=relevance&theme=education": 200,
		"/api/v1/programs?q=%ff%fe":                       400, // not UTF-8
		"/api/v1/programs?q=" + strings.Repeat("a", 501):  400,
		"/api/v1/programs?q=" + strings.Repeat("é", 500):  200,
	} {
		if res, body := a.get(target); res.StatusCode != want {
			t.Errorf("%s: %d, want %d: %s", target, res.StatusCode, want, body)
		}
	}
	_, body := a.get("/api/v1/programs?page=501")
	if !strings.Contains(body, "at most 500 pages") {
		t.Errorf("page past the last: %s", body)
	}
	res, body := a.get("/programs?sort=zzz")
	if res.StatusCode != 200 || !strings.Contains(body, `<p class="notice" role="status">Some filters, the sort or the page in the address were not recognised`) {
		t.Errorf("HTML with an unknown sort: %d", res.StatusCode)
	}
}

// TestResultsPageForKeyboardAndScreenReaders: a link past the filters to
// the results, the filter groups as groups (not eight more landmarks),
// and a listing verified long ago said in words on its card, not only by
// its colour and icon.
func TestResultsPageForKeyboardAndScreenReaders(t *testing.T) {
	a := newFixtureApp(t)
	_, body := a.get("/programs")
	contains(t, body, `<a class="skip-link" href="#results">Skip to the results</a>`, `<section class="results" id="results" tabindex="-1"`,
		`<div class="facet" role="group" aria-labelledby="facet-theme">`)
	if strings.Contains(body, `<section class="facet"`) {
		t.Error("filter groups are regions")
	}
	if strings.Index(body, `href="#results"`) > strings.Index(body, `class="facet-link"`) {
		t.Error("the link to the results comes after the filters")
	}
	_, body = a.get("/programs?q=sport")
	contains(t, body, `<p class="card-verified stale">Last verified on 1 February 2025 <strong>(more than 12 months ago: check before referring)</strong></p>`)
	_, body = a.get("/programs?q=tutoring")
	if strings.Contains(body, "more than 12 months ago") {
		t.Error("a listing verified this year is said to be old")
	}
}

// TestQueryWithNothingToSearch: a query of symbols or emoji only shows
// every program, and says why, rather than heading the
// whole directory "6 programs for “🙂”" as if they had matched.
func TestQueryWithNothingToSearch(t *testing.T) {
	a := newFixtureApp(t)
	for _, q := range []string{"🙂", "?!", " -- "} {
		_, body := a.get("/programs?q=" + url.QueryEscape(q))
		if !strings.Contains(body, "has no word to search for, so every program is shown.") {
			t.Errorf("%q: no notice", q)
		}
	}
	_, body := a.get("/programs?q=" + url.QueryEscape("🙂") + "&lang=ar")
	contains(t, body, "لا يحتوي «⁨🙂⁩» على كلمة")
	for _, q := range []string{"", "club", "the club"} {
		if _, body := a.get("/programs?q=" + url.QueryEscape(q)); strings.Contains(body, "has no word to search for") {
			t.Errorf("%q: notice on a search that searched", q)
		}
	}
}

// TestFullAddressesOnPages: the address a page prints (a printed
// program's source, a tracking link) is under --public-url when it is
// set, whatever Host the request names; without it, the request's host,
// with the scheme the configuration says, never one a client forwards.
func TestFullAddressesOnPages(t *testing.T) {
	a := newFixtureApp(t)
	get := func(cfg Config, path string) string {
		e, err := New(t.Context(), a.store, a.log(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Host = "evil.example"
		req.Header.Set("X-Forwarded-Proto", "https")
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		return rec.Body.String()
	}
	for _, c := range []struct {
		cfg  Config
		want string
	}{
		{Config{}, `<bdi dir="ltr">http://evil.example/programs/education-first</bdi>`},
		{Config{HTTPS: true}, `<bdi dir="ltr">https://evil.example/programs/education-first</bdi>`},
		{Config{PublicURL: "https://pathways.example.org/directory"}, `<bdi dir="ltr">https://pathways.example.org/directory/programs/education-first</bdi>`},
	} {
		if body := get(c.cfg, "/programs/education-first/print"); !strings.Contains(body, c.want) {
			t.Errorf("%+v: no %s", c.cfg, c.want)
		}
	}
	// The HSDS index names its OpenAPI document the same way.
	for cfg, want := range map[*Config]string{
		{}:            `"openapi_url":"http://evil.example/api/openapi.json"`,
		{HTTPS: true}: `"openapi_url":"https://evil.example/api/openapi.json"`,
		{PublicURL: "https://pathways.example.org/directory"}: `"openapi_url":"https://pathways.example.org/directory/api/openapi.json"`,
	} {
		if body := get(*cfg, "/api/hsds/"); !strings.Contains(body, want) {
			t.Errorf("%+v: %s, want %s", *cfg, body, want)
		}
	}
	for in, want := range map[string]string{"": "", "https://pathways.example.org/": "https://pathways.example.org", "http://localhost:8080": "http://localhost:8080"} {
		if got, err := ParsePublicURL(in); err != nil || got != want {
			t.Errorf("ParsePublicURL(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"pathways.example.org", "ftp://x.org", "https://", "https://x.org/?a=1", "https://u:p@x.org", "javascript:alert(1)"} {
		if _, err := ParsePublicURL(bad); err == nil {
			t.Errorf("ParsePublicURL(%q) accepted", bad)
		}
	}
}

// TestAgeTypedAmongTheWords: "16 year old" in the search box is the age
// filter, said on the page; its removal leads to the words alone, and an
// empty age= keeps the words as words.
func TestAgeTypedAmongTheWords(t *testing.T) {
	a := newFixtureApp(t)
	_, body := a.get("/programs?q=" + url.QueryEscape("club for a 16 year old"))
	contains(t, body, "“16 year old” is read as an age: these are the programs for age 16.",
		`value="16"`, `value="club"`, "Youth <mark>Club</mark> North") // "for a" went with the age
	if !strings.Contains(body, `<a class="chip" href="/programs?q=club">`) {
		t.Error("no way to remove the age read from the words")
	}
	if l := a.search("q=club&age=16"); l.Total != 1 {
		t.Errorf("club for age 16: %d", l.Total)
	}
	_, body = a.get("/programs?q=" + url.QueryEscape("12 ans") + "&lang=fr")
	contains(t, body, "« 12 ans » est lu comme un âge")
	// A bound is the age inside it: "under 18" is no search for adults.
	_, body = a.get("/programs?q=" + url.QueryEscape("club under 18"))
	contains(t, body, "“under 18” is read as an age: these are the programs for age 17.", `value="17"`, `value="club"`)
	// A bare range is its upper end, as "between 12 and 16" is.
	_, body = a.get("/programs?q=" + url.QueryEscape("club 12–16"))
	contains(t, body, "“12–16” is read as an age: these are the programs for age 16.", `value="16"`, `value="club"`)
	_, body = a.get("/programs?q=" + url.QueryEscape("moins de 18 ans") + "&lang=fr")
	contains(t, body, "« moins de 18 ans » est lu comme un âge : voici les programmes pour 17 ans.")
	_, body = a.get("/programs?q=" + url.QueryEscape("16 year old") + "&age=")
	if strings.Contains(body, "is read as an age") {
		t.Error("an empty age= still reads the words as an age")
	}
}

// TestAPIReadsAnAgeAmongTheWords: the JSON search reads an age typed
// among the words as the page does ("education under 18" is education
// for age 17), and says so; it searched "under 18" as words, and found
// the programs for 10 to 16 year olds the page leaves out.
func TestAPIReadsAnAgeAmongTheWords(t *testing.T) {
	a := newFixtureApp(t)
	for q, want := range map[string][]string{
		"education under 18": {"Youth Club North"},
		"education 17-18":    {"Youth Club North"},
		"education aged 14":  {"Education First", "Youth Club North"},
	} {
		if got := a.searchHTMLAndJSON("q=" + url.QueryEscape(q)); !slices.Equal(got, want) {
			t.Errorf("%q: %v, want %v", q, got, want)
		}
	}
	l := a.search("q=" + url.QueryEscape("education under 18"))
	if l.AgeWords != "under 18" || l.Age == nil || *l.Age != 17 {
		t.Errorf("age read: %q %v", l.AgeWords, l.Age)
	}
	// An age given, even empty, leaves the words as words.
	for _, q := range []string{"q=education+under+18&age=", "q=education+under+18&age=12"} {
		if l := a.search(q); l.AgeWords != "" || l.Age != nil {
			t.Errorf("%s: age read from the words: %q %v", q, l.AgeWords, l.Age)
		}
	}
	if l := a.search("q=education"); l.AgeWords != "" || l.Age != nil {
		t.Errorf("no age: %q %v", l.AgeWords, l.Age)
	}
}

// TestNeverVerifiedIsNotSaidToBeOld: a listing no one has verified yet
// (every listing a moderator approves from the public form) asks to be
// checked before referring, and does not claim a verification more than
// 12 months ago that never happened.
func TestNeverVerifiedIsNotSaidToBeOld(t *testing.T) {
	a := newTestApp(t)
	a.importCSV("Fresh Start,Org F,A new club for teenagers,Weekly sessions.,youth-mentoring,young-people,primary,en,in-person,free,GB,England,Leeds,,,false,,f@example.org,,,,,,not_evaluated,\n")
	_, body := a.get("/programs?q=fresh")
	contains(t, body, `<p class="card-verified stale">Not verified yet <strong>(check before referring)</strong></p>`)
	_, body = a.get("/programs/fresh-start")
	// The warning is a sentence of its own, on its own line: not glued to
	// the line before it ("Not verified yet Check the details…").
	contains(t, body, "Not verified yet<br><strong>Check the details with the organization before referring.</strong>")
	if strings.Contains(body, "12 months") {
		t.Error("the page of a listing never verified says it was verified more than 12 months ago")
	}
	_, body = a.get("/programs/fresh-start?lang=fr")
	contains(t, body, "Pas encore vérifié", "<strong>Vérifiez les informations auprès de l’organisation avant d’orienter une personne.</strong>")
}

// TestProgramCanBeSentByEmail: a program's page writes an e-mail about it
// in the reader's mail program (name, organization, summary, address),
// every character encoded, and the print view has no such link.
func TestProgramCanBeSentByEmail(t *testing.T) {
	a := newTestApp(t)
	a.importCSV(`Fathers & Sons,Org <F>,"Talks for fathers + sons; ""weekly""",Weekly sessions.,family-support,parents-families,primary,en,in-person,free,GB,England,Leeds,,,false,,f@example.org,,,,,,not_evaluated,2026-06-01
`)
	_, body := a.get("/programs/fathers-sons")
	m := regexp.MustCompile(`<a class="button secondary" href="(mailto:[^"]*)">Send by e-mail</a>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no e-mail link:\n%s", body)
	}
	u, err := url.Parse(htmlUnescape(m[1]))
	if err != nil || u.Scheme != "mailto" || u.Opaque != "" {
		t.Fatalf("%q: %v", m[1], err)
	}
	if strings.Contains(m[1], "+") || strings.Contains(m[1], " ") {
		t.Errorf("spaces or pluses left as they are: %s", m[1])
	}
	q := u.Query()
	if got := q.Get("subject"); got != "Fathers & Sons" {
		t.Errorf("subject %q", got)
	}
	if got, want := q.Get("body"), "Run by Org <F>\r\nTalks for fathers + sons; \"weekly\"\r\n\r\nhttp://example.com/programs/fathers-sons"; got != want {
		t.Errorf("body\n got %q\nwant %q", got, want)
	}
	if _, body = a.get("/programs/fathers-sons/print"); strings.Contains(body, "mailto:?") {
		t.Error("the print view has the e-mail link")
	}
}

// TestFrenchColonsHaveTheirSpace: a label and its colon are written
// through the catalogue, so French pages put a no-break space before it
// ("Âge : 10 à 16 ans"), as on the filter chips and in form errors.
func TestFrenchColonsHaveTheirSpace(t *testing.T) {
	a := newFixtureApp(t)
	_, body := a.get("/programs/education-first?lang=fr")
	contains(t, body, "<strong>Âge\u00a0:</strong>")
	_, body = a.get("/programs/education-first/print?lang=fr")
	contains(t, body, "Extrait de l&#39;annuaire Pathways\u00a0: <bdi")
	_, body = a.get("/programs/education-first")
	contains(t, body, "<strong>Ages:</strong>")
	mod := a.moderator()
	_, body = mod.get("/admin?lang=fr")
	contains(t, body, `<span class="filter-label">Type`+"\u00a0:</span>")
}

// TestListingTextHasItsLanguage: a listing's own text carries the lang of
// the language it is written in when that is not the page's (WCAG 3.1.2),
// and the direction when that differs; a text whose language cannot be
// told, or in the page's language, has none. On its page and its card.
func TestListingTextHasItsLanguage(t *testing.T) {
	a := newTestApp(t)
	a.importCSV(`Fathers and sons,Family Org,A place where the fathers of teenagers meet every week to talk about what worries them and to learn from each other.,Weekly sessions with a social worker for the fathers and the sons.,family-support,parents-families,primary,en,in-person,free,GB,England,Leeds,,,false,,f@example.org,,,,,,not_evaluated,2026-06-01
برنامج الآباء,جمعية الأسرة,لقاء أسبوعي لآباء المراهقين للحديث عما يقلقهم والتعلم من بعضهم البعض.,جلسات أسبوعية مع مرشد اجتماعي.,family-support,parents-families,primary,ar,in-person,free,MA,,Rabat,,,false,,g@example.org,,,,,,not_evaluated,2026-06-01
Padres e hijos,Asociación Familia,Un lugar donde los padres de los adolescentes se reúnen cada semana para hablar de lo que les preocupa y aprender de los demás.,Sesiones semanales con un trabajador social.,family-support,parents-families,primary,es,in-person,free,ES,,Madrid,,,false,,h@example.org,,,,,,not_evaluated,2026-06-01
`)
	en := ` lang="en"`
	_, body := a.get("/programs?q=" + url.QueryEscape("الآباء"))
	m := regexp.MustCompile(`<a href="(/programs/[^"]+)">برنامج`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the Arabic listing is not found:\n%s", body)
	}
	arabic := m[1]
	for _, c := range []struct {
		path string
		want []string // each once at least
		not  []string
	}{
		// An English listing on a French page: its name, summary, eligibility
		// and description in English; the page's own words stay French.
		{"/programs/fathers-and-sons?lang=fr", []string{`<h1 id="program-title"` + en + `>Fathers and sons</h1>`,
			`<p class="program-summary"` + en + `>A place`, `<p class="prose"` + en + `>Weekly sessions`}, []string{en + ` dir=`}},
		{"/programs/fathers-and-sons", nil, []string{`<h1 id="program-title" lang`, `class="program-summary" lang`}},
		// On the Arabic page, English is left to right.
		{"/programs/fathers-and-sons?lang=ar", []string{`<h1 id="program-title"` + en + ` dir="ltr">`}, nil},
		// Arabic on an English page is right to left.
		{arabic, []string{`<h1 id="program-title" lang="ar" dir="rtl">`}, nil},
		{arabic + "?lang=ar", nil, []string{`<h1 id="program-title" lang`}},
		// Spanish is none of the languages told apart: said to be none.
		{"/programs/padres-e-hijos?lang=fr", nil, []string{`<h1 id="program-title" lang`, `class="program-summary" lang`}},
		// Cards.
		{"/programs?q=fathers&lang=fr", []string{`<h3 class="card-title"` + en + `><a href="/programs/fathers-and-sons?lang=fr">`,
			`<p class="card-summary"` + en + `>`}, nil},
		{"/programs?q=fathers", []string{`<h3 class="card-title"><a href="/programs/fathers-and-sons">`}, nil},
		{"/programs?q=padres&lang=fr", []string{`<h3 class="card-title"><a href="/programs/padres-e-hijos?lang=fr">`}, nil},
	} {
		res, body := a.get(c.path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", c.path, res.StatusCode)
		}
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: no %q", c.path, w)
			}
		}
		for _, n := range c.not {
			if strings.Contains(body, n) {
				t.Errorf("%s: has %q", c.path, n)
			}
		}
	}
	// A submission, on its tracking page and in review.
	sub := validSubmission("Harbour Mentors")
	sub.Set("summary", "Trained volunteers from the harbour meet the young people of the city every week.")
	ngo, mod := a.browser(), a.moderator()
	track := ngo.submit(sub)
	_, body = ngo.get(track + "?lang=fr")
	contains(t, body, `<dd lang="en">Harbour Mentors</dd>`, `<dd class="prose" lang="en">Trained volunteers from`)
	_, body = mod.get("/admin/submissions/" + mod.firstInQueue() + "?lang=fr")
	contains(t, body, `<h1><bdi lang="en">Harbour Mentors</bdi></h1>`, `<dd class="prose" lang="en">Trained volunteers from`)
	_, body = a.get(track) // no language cookie: English
	contains(t, body, `<dd>Harbour Mentors</dd>`)
}

// TestLanguagesInAlphabeticalOrder: a program's languages are listed in
// the order of the page's alphabet, on its card and its page, not in the
// order of their codes ("German, English" in English, "Somali,
// Schwedisch" in German).
func TestLanguagesInAlphabeticalOrder(t *testing.T) {
	a := newTestApp(t)
	a.importCSV(`Parents talk,Family Org,Weekly talks for parents.,Weekly sessions.,family-support,parents-families,primary,de;en;sv;so;tr,in-person,free,BE,,Brussels,,,false,,f@example.org,,,,,,not_evaluated,2026-06-01
`)
	for _, c := range []struct{ lang, want string }{
		{"en", "English, German, Somali, Swedish, Turkish"},
		{"de", "Deutsch, Englisch, Schwedisch, Somali, Türkisch"},
		{"fr", "allemand, anglais, somali, suédois, turc"},
	} {
		_, body := a.get("/programs?q=parents&lang=" + c.lang)
		contains(t, body, "<li>"+c.want+"</li>")
		_, body = a.get("/programs/parents-talk?lang=" + c.lang)
		contains(t, body, "<dd>"+c.want+"</dd>")
	}
}
