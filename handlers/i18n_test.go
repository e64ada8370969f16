package handlers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"pathways/templates"
)

// catalogue is one locales/*.json file: each message is a string or a map
// of plural forms.
type catalogue map[string]map[string]string

func loadCatalogues(t *testing.T) map[string]catalogue {
	t.Helper()
	files, err := fs.Glob(templates.FS, "locales/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no catalogues: %v", err)
	}
	out := map[string]catalogue{}
	for _, f := range files {
		b, err := fs.ReadFile(templates.FS, f)
		if err != nil {
			t.Fatal(err)
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		c := catalogue{}
		for id, v := range raw {
			var s string
			if json.Unmarshal(v, &s) == nil {
				c[id] = map[string]string{"": s}
				continue
			}
			var forms map[string]string
			if err := json.Unmarshal(v, &forms); err != nil {
				t.Fatalf("%s: %q is neither a string nor plural forms: %v", f, id, err)
			}
			c[id] = forms
		}
		out[strings.TrimSuffix(path.Base(f), ".json")] = c
	}
	if _, ok := out[DefaultLang]; !ok {
		t.Fatal("no en.json")
	}
	return out
}

func isPluralMessage(forms map[string]string) bool { _, plain := forms[""]; return !plain }

var placeholderRe = regexp.MustCompile(`\{\{[^}]*\}\}`)
var fieldRe = regexp.MustCompile(`\.([A-Z]\w*)`)

// placeholders returns the data fields a message template uses.
func placeholders(s string) map[string]bool {
	out := map[string]bool{}
	for _, action := range placeholderRe.FindAllString(s, -1) {
		for _, m := range fieldRe.FindAllStringSubmatch(action, -1) {
			out[m[1]] = true
		}
	}
	return out
}

func setString(m map[string]bool) string {
	var s []string
	for k := range m {
		s = append(s, k)
	}
	sort.Strings(s)
	return "{" + strings.Join(s, ", ") + "}"
}

// TestCataloguesAreComplete: every language has exactly English's keys,
// the same kind of message (plain or plural), the same placeholders, and
// a translation of every taxonomy term. A failure names the language and
// the key.
func TestCataloguesAreComplete(t *testing.T) {
	cats := loadCatalogues(t)
	en := cats[DefaultLang]
	a := newTestApp(t)
	tax, err := a.store.Taxonomies(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	wantTax := map[string]bool{}
	for _, name := range []string{"theme", "audience", "level", "delivery", "cost"} {
		terms := tax.Terms(name)
		if len(terms) == 0 {
			t.Fatalf("no terms in taxonomy %s", name)
		}
		for _, term := range terms {
			wantTax["tax."+name+"."+term.Slug] = true
			wantTax["tax."+name+"."+term.Slug+".desc"] = true
		}
	}
	for id := range en {
		if strings.HasPrefix(id, "tax.") {
			t.Errorf("en.json has %q: English taxonomy labels live in the database", id)
		}
	}

	for lang, c := range cats {
		if lang == DefaultLang {
			continue
		}
		for _, id := range sortedKeys(en) {
			if _, ok := c[id]; !ok {
				t.Errorf("%s.json lacks %q (English: %q)", lang, id, en[id]["other"]+en[id][""])
			}
		}
		for _, id := range sortedKeys(c) {
			if _, ok := en[id]; !ok && !wantTax[id] {
				t.Errorf("%s.json has %q, which is neither in en.json nor a taxonomy term", lang, id)
			}
		}
		for _, id := range sortedKeys(wantTax) {
			if s, ok := c[id]; !ok || strings.TrimSpace(s[""]) == "" {
				t.Errorf("%s.json lacks the taxonomy translation %q", lang, id)
			}
		}
		for _, id := range sortedKeys(en) {
			tr, ok := c[id]
			if !ok {
				continue
			}
			if isPluralMessage(en[id]) != isPluralMessage(tr) {
				t.Errorf("%s.json: %q must be %s, as in English", lang, id, map[bool]string{true: "plural forms", false: "a plain string"}[isPluralMessage(en[id])])
				continue
			}
			comparePlaceholders(t, lang, id, en[id], tr)
			for form, s := range tr {
				if len(s) >= 24 && s == en[id][form] && !strings.Contains(s, "{{") {
					t.Errorf("%s.json: %q (%s) is still the English %q", lang, id, formName(form), s)
				}
			}
		}
	}
}

// comparePlaceholders checks that a translation uses the same data as the
// English message. A plural form may leave out the number itself ("one
// program" as "un programme", "برنامج واحد").
func comparePlaceholders(t *testing.T, lang, id string, en, tr map[string]string) {
	t.Helper()
	want := map[string]bool{}
	for _, s := range en {
		for p := range placeholders(s) {
			want[p] = true
		}
	}
	counter := "Count"
	if !want["Count"] {
		counter = "Param"
	}
	union := map[string]bool{}
	for form, s := range tr {
		got := placeholders(s)
		for p := range got {
			union[p] = true
			if !want[p] {
				t.Errorf("%s.json: %q (%s) uses {{.%s}}, which English does not pass", lang, id, formName(form), p)
			}
		}
		for p := range want {
			if !got[p] && !(isPluralMessage(tr) && p == counter) {
				t.Errorf("%s.json: %q (%s) lacks {{.%s}}", lang, id, formName(form), p)
			}
		}
	}
	if setString(union) != setString(want) {
		t.Errorf("%s.json: %q uses %s, English %s", lang, id, setString(union), setString(want))
	}
}

func formName(f string) string {
	if f == "" {
		return "message"
	}
	return "form " + f
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestPluralFormsCoverTheLanguage renders every plural message for numbers
// that reach every CLDR category of every language, through go-i18n's own
// plural rules: French needs "many" (1 000 000 de programmes), Arabic zero,
// one, two, few, many and other. A missing form shows the message id.
func TestPluralFormsCoverTheLanguage(t *testing.T) {
	cats := loadCatalogues(t)
	cat, err := NewCatalog(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	counts := []int{0, 1, 2, 3, 7, 11, 99, 100, 101, 102, 1000, 1000000, 2000000}
	for _, lang := range cat.Languages() {
		l := cat.Localizer(lang)
		for _, id := range sortedKeys(cats[DefaultLang]) {
			en := cats[DefaultLang][id]
			if !isPluralMessage(en) {
				continue
			}
			counter := "Count"
			if !strings.Contains(en["other"], ".Count") {
				counter = "Param"
			}
			for _, n := range counts {
				var count any = n
				if counter == "Param" {
					count = fmt.Sprint(n) // validation parameters are strings
				}
				got := l.T(id, counter, count, "Query", "q", "Name", "n")
				if got == id || strings.Contains(got, "<no value>") || got == "" {
					t.Errorf("%s: plural message %q has no form for %d (got %q)", lang, id, n, got)
				}
			}
		}
	}
}

// TestDatesNumbersAndCounts: dates, numbers and counts the way each
// language writes them.
func TestDatesNumbersAndCounts(t *testing.T) {
	cat, err := NewCatalog(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)
	first := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	const nb = "\u00a0"
	for _, c := range []struct {
		lang, date, first, thousands, dateTime string
	}{
		{"en", "10 March 2026", "1 March 2026", "1,234,567", "10 March 2026 09:30 UTC"},
		{"fr", "10 mars 2026", "1er mars 2026", "1" + nb + "234" + nb + "567", "10 mars 2026 09:30 UTC"},
		{"de", "10. März 2026", "1. März 2026", "1.234.567", "10. März 2026, 09:30 UTC"},
		{"nl", "10 maart 2026", "1 maart 2026", "1.234.567", "10 maart 2026 om 09:30 UTC"},
		{"ar", "10 مارس 2026", "1 مارس 2026", "1,234,567", "10 مارس 2026 09:30 UTC"},
	} {
		l := cat.Localizer(c.lang)
		if got := l.Date(day); got != c.date {
			t.Errorf("%s: Date = %q, want %q", c.lang, got, c.date)
		}
		if got := l.Date(first); got != c.first {
			t.Errorf("%s: Date = %q, want %q", c.lang, got, c.first)
		}
		if got := l.DateISO("2026-03-10"); got != c.date {
			t.Errorf("%s: DateISO = %q, want %q", c.lang, got, c.date)
		}
		if got := l.Number(1234567); got != c.thousands {
			t.Errorf("%s: Number = %q, want %q", c.lang, got, c.thousands)
		}
		if got := l.DateTime(day); got != c.dateTime {
			t.Errorf("%s: DateTime = %q, want %q", c.lang, got, c.dateTime)
		}
	}

	counts := map[string][]string{ // "count.programs" for 0, 1, 2, 3, 11, 100, 1000000
		"en": {"0 programs", "1 program", "2 programs", "3 programs", "11 programs", "100 programs", "1,000,000 programs"},
		"fr": {"0 programme", "1 programme", "2 programmes", "3 programmes", "11 programmes", "100 programmes", "1" + nb + "000" + nb + "000 de programmes"},
		"nl": {"0 programma's", "1 programma", "2 programma's", "3 programma's", "11 programma's", "100 programma's", "1.000.000 programma's"},
		"de": {"0 Programme", "1 Programm", "2 Programme", "3 Programme", "11 Programme", "100 Programme", "1.000.000 Programme"},
		"ar": {"لا توجد برامج", "برنامج واحد", "برنامجان", "3 برامج", "11 برنامجًا", "100 برنامج", "1,000,000 برنامج"},
	}
	for lang, want := range counts {
		l := cat.Localizer(lang)
		for i, n := range []int{0, 1, 2, 3, 11, 100, 1000000} {
			if got := l.T("count.programs", "Count", n); got != want[i] {
				t.Errorf("%s: %d programs = %q, want %q", lang, n, got, want[i])
			}
		}
	}

	// A validation message's number picks its plural form too.
	for lang, want := range map[string][2]string{
		"en": {"Choose at least 1 option.", "Choose at least 2 options."},
		"fr": {"Choisissez au moins 1 option.", "Choisissez au moins 2 options."},
		"ar": {"اختر خيارًا واحدًا على الأقل.", "اختر خيارين على الأقل."},
		"de": {"Wählen Sie mindestens eine Option aus.", "Wählen Sie mindestens 2 Optionen aus."},
		"nl": {"Kies minstens één optie.", "Kies minstens 2 opties."},
	} {
		l := cat.Localizer(lang)
		for i, p := range []string{"1", "2"} {
			if got := l.T("validation.min_items", "Param", p); got != want[i] {
				t.Errorf("%s: min_items %s = %q, want %q", lang, p, got, want[i])
			}
		}
	}

	// And in pages: the count on the home page, the date on a program.
	a := newFixtureApp(t)
	for _, c := range []struct{ target, want string }{
		{"/?lang=fr", "Recherchez parmi 6 programmes vérifiés"},
		{"/?lang=fr", "Éducation et soutien scolaire 1 programme"},
		{"/programs?lang=fr&theme=education", "1 programme"},
		{"/programs?lang=fr&cost=free", "4 programmes"},
		{"/programs/education-first?lang=fr", "Dernière vérification le 10 janvier 2026"},
		{"/programs/education-first?lang=de", "Zuletzt geprüft am 10. Januar 2026"},
		{"/programs/education-first?lang=nl", "Laatst gecontroleerd op 10 januari 2026"},
		{"/programs/education-first?lang=ar", "آخر تحقق في 10 يناير 2026"},
		{"/programs?lang=ar&cost=free", "4 برامج"},
		{"/programs?lang=ar&theme=education", "برنامج واحد"},
	} {
		_, body := a.get(c.target)
		if !strings.Contains(textOf(body), c.want) {
			t.Errorf("%s lacks %q", c.target, c.want)
		}
	}
}

var tagRe = regexp.MustCompile(`<[^>]*>`)
var spaceRe = regexp.MustCompile(`\s+`)

// textOf is a page's text as read, tags gone and entities decoded.
func textOf(body string) string {
	return strings.TrimSpace(spaceRe.ReplaceAllString(html.UnescapeString(tagRe.ReplaceAllString(body, " ")), " "))
}

// TestLanguageChoice: ?lang (remembered in a cookie), then the cookie,
// then Accept-Language, then English.
func TestLanguageChoice(t *testing.T) {
	a := newFixtureApp(t)
	htmlTag := regexp.MustCompile(`<html lang="([a-z]+)" dir="(ltr|rtl)">`)
	langOf := func(body string) string {
		m := htmlTag.FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no <html lang dir>")
		}
		return m[1] + "/" + m[2]
	}
	for _, c := range []struct{ target, accept, want string }{
		{"/", "", "en/ltr"},
		{"/", "fr-BE", "fr/ltr"},
		{"/", "fr-BE,fr;q=0.9,en;q=0.8", "fr/ltr"},
		{"/", "nl-BE,nl;q=0.9", "nl/ltr"},
		{"/", "de-AT", "de/ltr"},
		{"/", "ar-MA,ar;q=0.9,fr;q=0.8", "ar/rtl"},
		{"/", "en-GB,en;q=0.9,fr;q=0.5", "en/ltr"},
		{"/", "ja-JP", "en/ltr"},
		{"/", "tr,ja;q=0.5", "en/ltr"},
		{"/", "!!not a header;;", "en/ltr"},
		{"/", strings.Repeat("fr,", 400), "en/ltr"},
		{"/?lang=de", "fr-BE", "de/ltr"},
		{"/?lang=xx", "nl", "nl/ltr"},
		{"/?lang=", "fr", "fr/ltr"},
		{"/programs?lang=ar", "", "ar/rtl"},
		{"/no-such-page?lang=ar", "", "ar/rtl"},
	} {
		res, body := a.get(c.target, "Accept-Language", c.accept)
		if got := langOf(body); got != c.want {
			t.Errorf("%s with Accept-Language %q: %s, want %s", c.target, c.accept, got, c.want)
		}
		if !strings.Contains(res.Header.Get("Vary"), "Accept-Language") {
			t.Errorf("%s: Vary = %q", c.target, res.Header.Get("Vary"))
		}
	}

	// ?lang sets a cookie that the next pages follow, over Accept-Language.
	b := a.browser()
	res, _ := b.get("/?lang=fr")
	var ck *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "lang" {
			ck = c
		}
	}
	if ck == nil || ck.Value != "fr" || ck.Path != "/" || ck.MaxAge < 30*24*3600 || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
		t.Fatalf("lang cookie: %+v", ck)
	}
	req, _ := http.NewRequest(http.MethodGet, a.srv.URL+"/programs", nil)
	req.Header.Set("Accept-Language", "de")
	res2, err := b.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body := readAll(t, res2)
	if got := langOf(body); got != "fr/ltr" {
		t.Errorf("after ?lang=fr, /programs is %s", got)
	}
	// Another ?lang replaces it; an unknown cookie value is ignored.
	b.get("/?lang=ar")
	if _, body := b.get("/submit"); langOf(body) != "ar/rtl" {
		t.Errorf("after ?lang=ar, /submit is %s", langOf(body))
	}
	_, body = a.get("/", "Cookie", "lang=xx", "Accept-Language", "nl")
	if langOf(body) != "nl/ltr" {
		t.Errorf("unknown cookie: %s", langOf(body))
	}
	_, body = a.get("/", "Cookie", "lang=de", "Accept-Language", "nl")
	if langOf(body) != "de/ltr" {
		t.Errorf("cookie de: %s", langOf(body))
	}
}

// TestLanguageSwitchAndLinks: every page links to itself in each language,
// named in that language; a language chosen with ?lang stays in the links.
func TestLanguageSwitchAndLinks(t *testing.T) {
	a := newFixtureApp(t)
	_, body := a.get("/programs?q=club&theme=youth-mentoring&lang=nl")
	for code, name := range map[string]string{"en": "English", "fr": "Français", "nl": "Nederlands", "de": "Deutsch", "ar": "العربية"} {
		link := fmt.Sprintf(`<a href="/programs?lang=%s&amp;q=club&amp;theme=youth-mentoring" lang="%s" hreflang="%s"`, code, code, code)
		i := strings.Index(body, link)
		if i < 0 {
			t.Errorf("no switch link to %s: %s", code, link)
			continue
		}
		rest := body[i+len(link):]
		current := strings.HasPrefix(rest, ` aria-current="true"`)
		if current != (code == "nl") {
			t.Errorf("%s: aria-current %v", code, current)
		}
		if !strings.HasPrefix(strings.TrimPrefix(rest, ` aria-current="true"`), ">"+name+"</a>") {
			t.Errorf("switch link to %s is not named %q: %.60s", code, name, rest)
		}
	}

	// Chosen with ?lang: internal links, form targets and GET forms carry it.
	for _, want := range []string{
		`href="/?lang=nl"`, `href="/programs?lang=nl"`, `href="/submit?lang=nl"`,
		`href="/programs/youth-club-north?lang=nl"`,
		`action="/programs?lang=nl" method="get"><input type="hidden" name="lang" value="nl">`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page chosen with ?lang=nl lacks %s", want)
		}
	}
	for _, bad := range []string{`style.css?lang`, `favicon.svg?lang`, `lang=nl&amp;lang=`, `lang=nl?lang`} {
		if strings.Contains(body, bad) {
			t.Errorf("page has %s", bad)
		}
	}
	// Links inside the page keep their own query and fragment.
	_, body = a.get("/programs?theme=education&lang=nl")
	if !strings.Contains(body, `href="/programs?theme=education&amp;theme=youth-mentoring&amp;lang=nl"`) {
		t.Error("facet links lose their filters or the language")
	}
	if got := keepLang([]byte(`<a href="/submit#f-name">x</a><form action="/submit" method="post"><button formaction="/a/b">`), "fr"); string(got) != `<a href="/submit?lang=fr#f-name">x</a><form action="/submit?lang=fr" method="post"><button formaction="/a/b?lang=fr">` {
		t.Errorf("keepLang = %s", got)
	}
	// A form shown in French answers in French, whatever the cookie says
	// by the time it is sent.
	b := a.browser()
	_, body = b.get("/programs/education-first/report?lang=fr")
	if !strings.Contains(body, `action="/programs/education-first/report?lang=fr"`) {
		t.Fatal("report form does not keep the language")
	}
	token := b.csrf
	b.get("/?lang=de")
	b.csrf = token
	res, body := b.post("/programs/education-first/report?lang=fr", url.Values{"report_text": {""}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `<html lang="fr" dir="ltr">`) || !strings.Contains(textOf(body), "Ce champ est obligatoire.") {
		t.Errorf("report with errors: %d, not in French", res.StatusCode)
	}

	// Chosen by cookie or Accept-Language: links stay plain.
	_, body = a.get("/programs", "Accept-Language", "fr")
	if strings.Contains(body, `href="/submit?lang=`) || !strings.Contains(body, `href="/submit"`) {
		t.Error("links carry ?lang when the language came from Accept-Language")
	}
}

// TestTaxonomiesAPIInEveryLanguage: /api/v1/taxonomies?lang=xx gives every
// term's label and description in that language.
func TestTaxonomiesAPIInEveryLanguage(t *testing.T) {
	a := newFixtureApp(t)
	cats := loadCatalogues(t)
	for lang, c := range cats {
		res, body := a.get("/api/v1/taxonomies?lang=" + lang)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", lang, res.StatusCode)
		}
		var got struct {
			Lang       string                `json:"lang"`
			Taxonomies map[string][]termJSON `json:"taxonomies"`
		}
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		if got.Lang != lang || len(got.Taxonomies) != 5 {
			t.Errorf("%s: lang %q, %d taxonomies", lang, got.Lang, len(got.Taxonomies))
		}
		for name, terms := range got.Taxonomies {
			for _, term := range terms {
				if term.Label == "" || term.Description == "" {
					t.Errorf("%s: %s/%s has no label or description", lang, name, term.Slug)
				}
				if lang == DefaultLang {
					continue
				}
				id := "tax." + name + "." + term.Slug
				if term.Label != c[id][""] || term.Description != c[id+".desc"][""] {
					t.Errorf("%s: %s = %q / %q, want the catalogue's %q", lang, id, term.Label, term.Description, c[id][""])
				}
			}
		}
	}
	_, body := a.get("/api/v1/taxonomies?lang=fr")
	if !strings.Contains(body, `"label":"Jeunes"`) || !strings.Contains(body, `"label":"Soutien et accompagnement des familles"`) {
		t.Errorf("French taxonomy: %.300s", body)
	}
	_, body = a.get("/api/v1/taxonomies?lang=ar")
	if !strings.Contains(body, `"label":"الشباب"`) {
		t.Errorf("Arabic taxonomy: %.300s", body)
	}
	_, body = a.get("/api/v1/taxonomies")
	if !strings.Contains(body, `"lang":"en"`) || !strings.Contains(body, `"label":"Young people"`) {
		t.Errorf("default taxonomy: %.300s", body)
	}
	if res, _ := a.get("/api/v1/taxonomies?lang=xx"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown lang: %d", res.StatusCode)
	}
}

// TestEveryPageInEveryLanguage renders each page type in each language and
// fails on a wrong <html lang dir>, on a catalogue id shown raw (a missing
// or misspelt key) and on English text left in a translated page.
func TestEveryPageInEveryLanguage(t *testing.T) {
	a := newFixtureApp(t)
	cats := loadCatalogues(t)
	a.addUser("admin@example.org", "admin")
	adm := a.browser()
	adm.login("admin@example.org")
	ngo := a.browser()
	track := ngo.submit(validSubmission("Harbour Mentors"))
	id := adm.firstInQueue()
	// An update and a report, so the queue and audit log show every kind.
	reporter := a.browser()
	if res, _ := reporter.report(url.Values{"report_text": {"The phone number no longer works."}}); res.StatusCode >= 400 {
		t.Fatalf("report: %d", res.StatusCode)
	}
	_, body := adm.get("/admin/programs")
	m := regexp.MustCompile(`href="/admin/programs/([^/"]+)/edit"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no program to edit")
	}
	editPath := "/admin/programs/" + m[1] + "/edit"
	// A verification and an archived program, for the audit log's states.
	adm.get(editPath)
	adm.post("/admin/programs/"+m[1]+"/verify", nil)

	type page struct {
		name, path string
		status     int
		b          *browser
		post       url.Values // sent to path instead of a GET
	}
	pages := []page{
		{"home", "/", 200, nil, nil},
		{"results", "/programs?q=education", 200, nil, nil},
		{"results with filters", "/programs?theme=education&cost=free&age=12", 200, nil, nil},
		{"no results", "/programs?q=zzzqqq&theme=exit-work", 200, nil, nil},
		{"program", "/programs/parents-cafe", 200, nil, nil},
		{"print view", "/programs/exit-line/print", 200, nil, nil},
		{"404", "/programs/no-such-program", 404, nil, nil},
		{"submit form", "/submit", 200, ngo, nil},
		{"submit form with errors", "/submit", 422, ngo, url.Values{"name": {""}, "themes": {"nonsense"}, "website": {"ftp://x"}, "age_min": {"abc"}, "loc0_city": {"Gent"}}},
		{"tracking page", track, 200, ngo, nil},
		{"suggest an update", "/programs/education-first/suggest", 200, ngo, nil},
		{"report form", "/programs/education-first/report", 200, ngo, nil},
		{"report form with errors", "/programs/education-first/report", 422, ngo, url.Values{"report_text": {""}, "report_email": {"not-an-address"}}},
		{"login", "/admin/login", 200, a.browser(), nil},
		{"login failed", "/admin/login", 401, a.browser(), url.Values{"password": {"wrong password!"}}},
		{"queue", "/admin", 200, adm, nil},
		{"submission review", "/admin/submissions/" + id, 200, adm, nil},
		{"submission review with error", "/admin/submissions/" + id + "/reject", 422, adm, url.Values{"message": {" "}}},
		{"programs panel", "/admin/programs", 200, adm, nil},
		{"program edit", editPath, 200, adm, nil},
		{"users", "/admin/users", 200, adm, nil},
		{"users with errors", "/admin/users", 422, adm, url.Values{"email": {"x"}, "role": {"boss"}, "password": {"short"}}},
		{"audit log", "/admin/audit", 200, adm, nil},
	}
	for _, p := range pages {
		if p.post != nil {
			if strings.HasPrefix(p.path, "/admin/submissions/") {
				_, body := p.b.get("/admin/submissions/" + id)
				p.post.Set("version", versionRe.FindStringSubmatch(body)[1])
			} else {
				p.b.get(p.path)
			}
		}
		for lang := range cats {
			target := p.path + sep(p.path) + "lang=" + lang
			var res *http.Response
			var body string
			switch {
			case p.post != nil:
				form := url.Values{}
				for k, v := range p.post {
					form[k] = v
				}
				if p.name == "login failed" { // one e-mail per language: five failures lock an e-mail
					form.Set("email", lang+"@example.org")
				}
				res, body = p.b.post(target, form)
			case p.b != nil:
				res, body = p.b.get(target)
			default:
				res, body = a.get(target)
			}
			if res.StatusCode != p.status {
				t.Errorf("%s in %s: status %d, want %d", p.name, lang, res.StatusCode, p.status)
			}
			checkPageLanguage(t, p.name, lang, body, cats)
		}
	}

	// The audit log names states in the page's language, arrows included.
	_, body = adm.get("/admin/audit?lang=ar")
	text := textOf(body)
	if !strings.Contains(text, "بانتظار المراجعة") || strings.Contains(text, "→") || !strings.Contains(text, "←") || strings.Contains(text, "pending") {
		t.Errorf("Arabic audit log: %.400s", text)
	}
	_, body = adm.get("/admin/audit?lang=fr")
	if !strings.Contains(textOf(body), "→ En attente d'examen") {
		t.Error("French audit log does not name the state")
	}
}

func sep(p string) string {
	if strings.Contains(p, "?") {
		return "&"
	}
	return "?"
}

// keyRe finds what looks like a catalogue id: one of the catalogues'
// namespaces, a dot, and more of the same.
var keyRe = func() *regexp.Regexp {
	b, err := os.ReadFile("../templates/locales/en.json")
	if err != nil {
		panic(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		panic(err)
	}
	ns := map[string]bool{"tax": true}
	for id := range m {
		ns[strings.SplitN(id, ".", 2)[0]] = true
	}
	return regexp.MustCompile(`(?:^|[^\w.@/-])((?:` + strings.Join(sortedKeys(ns), "|") + `)\.[a-z0-9_.-]*[a-z0-9_])`)
}()

func checkPageLanguage(t *testing.T, name, lang, body string, cats map[string]catalogue) {
	t.Helper()
	dir := "ltr"
	if lang == "ar" {
		dir = "rtl"
	}
	if want := fmt.Sprintf(`<html lang="%s" dir="%s">`, lang, dir); !strings.Contains(body, want) {
		t.Errorf("%s in %s: no %s", name, lang, want)
	}
	// Raw ids, in the text or in attributes (aria-label, title…).
	seen := map[string]bool{}
	for _, s := range []string{textOf(body), html.UnescapeString(body)} {
		for _, m := range keyRe.FindAllStringSubmatch(s, -1) {
			if seen[m[1]] {
				continue
			}
			seen[m[1]] = true
			t.Errorf("%s in %s shows the catalogue id %q: the key is missing or misspelt", name, lang, m[1])
		}
	}
	if strings.Contains(body, "<no value>") {
		t.Errorf("%s in %s: a message asks for data the page does not pass (<no value>)", name, lang)
	}
	if lang == DefaultLang {
		return
	}
	// English sentences left in a translated page.
	text := textOf(body)
	for id, forms := range cats[DefaultLang] {
		for _, s := range forms {
			if len(s) < 24 || strings.Contains(s, "{{") {
				continue
			}
			if strings.Contains(text, s) {
				t.Errorf("%s in %s shows the English %q (%s)", name, lang, s, id)
			}
		}
	}
}

// TestStylesheetMirrorsForRightToLeft: the layout uses logical properties
// only, so dir="rtl" mirrors it without a second stylesheet.
func TestStylesheetMirrorsForRightToLeft(t *testing.T) {
	b, err := fs.ReadFile(templates.FS, "static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	css := regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(string(b), "")
	physical := regexp.MustCompile(`(?i)\b(?:margin|padding|border)-(?:left|right)\b[\w-]*|(?:^|[;{\s])(?:left|right)\s*:|\bfloat\s*:\s*(?:left|right)|\bclear\s*:\s*(?:left|right)|text-align\s*:\s*(?:left|right)|\bborder-(?:top|bottom)-(?:left|right)-radius`)
	for i, line := range strings.Split(css, "\n") {
		if m := physical.FindString(line); m != "" {
			t.Errorf("style.css line %d uses the physical %q: use its logical form (inline-start/end, inset-inline, text-align: start/end)", i+1, strings.TrimSpace(m))
		}
	}
	if !strings.Contains(string(b), "[dir=rtl] input[type=email]") {
		t.Error("e-mail, web and phone fields are not kept left to right on right-to-left pages")
	}
}

func readAll(t *testing.T, res *http.Response) string {
	t.Helper()
	defer res.Body.Close()
	var sb strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := res.Body.Read(buf)
		sb.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return sb.String()
}

// TestDirectionFollowsTheScript: a right-to-left language needs nothing
// but its catalogue.
func TestDirectionFollowsTheScript(t *testing.T) {
	for code, want := range map[string]string{"en": "ltr", "fr": "ltr", "nl": "ltr", "de": "ltr", "tr": "ltr", "ru": "ltr",
		"ar": "rtl", "fa": "rtl", "ur": "rtl", "he": "rtl", "ps": "rtl", "ckb": "rtl", "yi": "rtl"} {
		l := &Localizer{Lang: code, tag: language.Make(code)}
		if got := l.Dir(); got != want {
			t.Errorf("%s: Dir = %s, want %s", code, got, want)
		}
	}
}

// keepLangByExpressions is keepLang as it was first written, with two
// regular expressions: what the hand-written one must give.
func keepLangByExpressions(page []byte, lang string) []byte {
	internalURL := regexp.MustCompile(`\b(href|action|formaction)="(/[^"]*)"`)
	getForm := regexp.MustCompile(`<form\b[^>]*\bmethod="get"[^>]*>`)
	page = internalURL.ReplaceAllFunc(page, func(m []byte) []byte {
		sub := internalURL.FindSubmatch(m)
		u := string(sub[2])
		if strings.HasPrefix(u, "//") || strings.HasPrefix(u, "/static/") || strings.HasPrefix(u, "/favicon") ||
			strings.Contains(u, "?lang=") || strings.Contains(u, "&amp;lang=") {
			return m
		}
		frag := ""
		if i := fragmentRe.FindStringIndex(u); i != nil { // a "#" not of a character reference ("&#43;")
			u, frag = u[:i[1]-1], u[i[1]-1:]
		}
		sep := "?"
		if strings.Contains(u, "?") {
			sep = "&amp;"
		}
		return []byte(string(sub[1]) + `="` + u + sep + "lang=" + lang + frag + `"`)
	})
	return getForm.ReplaceAllFunc(page, func(m []byte) []byte {
		return []byte(string(m) + `<input type="hidden" name="lang" value="` + lang + `">`)
	})
}

var fragmentRe = regexp.MustCompile(`(^|[^&])#`)

// keepLangCases are the fuzzer's seeds and the edge cases the test checks.
var keepLangCases = []string{
	`<a href="/programs?q=radicalisation&#43;jeunes&amp;theme=education">`, `href="/p?q=a&#43;b#results"`, `href="/#x"`, `href="/&#43;#&#43;"`,
	`<a href="/submit#f-name">x</a><form action="/submit" method="post"><button formaction="/a/b">`,
	`<a data-href="/x" xhref="/y" href = "/z" href="/static/a.css" href="//evil" href="/favicon.svg" href="/p?lang=de" href="/p?a=1&amp;lang=de">`,
	`<form method="get" action="/programs"><formx method="get"><form xmethod="get" data-method="get"><form` + "\n" + `method="get">`,
	`<form xmethod="get">`, `<form method="get"`, `href="/unclosed`, `href="/a#b#c" action="/q?x=1#f" action="/"`,
	`<form class="a>b" method="get">`, `formaction="/a"href="/b"`, `<FORM method="get">`, `="/"`, `<form`,
}

// TestKeepLangAsTheExpressions: every page of the site, and the edge
// cases above, come out of keepLang as the regular expressions made them.
func TestKeepLangAsTheExpressions(t *testing.T) {
	a := newFixtureApp(t)
	pages := []string{"/", "/programs", "/programs?q=club&theme=youth-mentoring&page=2", "/programs?q=zzzz", "/programs?q=club+north",
		"/programs/education-first", "/programs/education-first/report", "/submit", "/admin/login", "/nope"}
	for _, path := range pages {
		_, body := a.get(path)
		if !strings.Contains(body, `href="/`) {
			t.Fatalf("%s: no internal link to rewrite", path)
		}
		for _, lang := range []string{"fr", "ar"} {
			if got, want := keepLang([]byte(body), lang), keepLangByExpressions([]byte(body), lang); !bytes.Equal(got, want) {
				t.Errorf("%s in %s: keepLang differs from the expressions", path, lang)
			}
		}
	}
	for _, s := range keepLangCases {
		if got, want := string(keepLang([]byte(s), "fr")), string(keepLangByExpressions([]byte(s), "fr")); got != want {
			t.Errorf("keepLang(%q)\n got %q\nwant %q", s, got, want)
		}
	}
}

// TestLinksOfASearchOfTwoWordsKeepThem: with ?lang, keepLang read the "#"
// of "&#43;" (the "+" between two words, as the page writes it) as a
// fragment and put the language inside it: every filter, suggestion and
// removal link of a search of two words or more lost its words after the
// first and its own filter.
func TestLinksOfASearchOfTwoWordsKeepThem(t *testing.T) {
	a := newFixtureApp(t)
	_, body := a.get("/programs?q=club+north&lang=fr")
	links := regexp.MustCompile(`<a href="([^"]+)" class="facet-link`).FindAllStringSubmatch(body, -1)
	if len(links) == 0 {
		t.Fatal("no filter link")
	}
	for _, m := range links {
		u, err := url.Parse(html.UnescapeString(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		if q.Get("q") != "club north" || q.Get("lang") != "fr" || u.Fragment != "" || len(q) < 3 {
			t.Errorf("filter link %s: %v, fragment %q", m[1], q, u.Fragment)
		}
	}
}

// TestCountedAsT: a plural message split around its count, taken once per
// language and plural form, reads as T writes it for every count.
func TestCountedAsT(t *testing.T) {
	cat, err := NewCatalog(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	counts := []int{1000, 1001, 1002, 1003, 1011, 1100, 1101, 2000, 12345, 100000, 100001, 100002, 100003, 100011, 1000000, 1000001, 2000000}
	for n := 0; n <= 3000; n++ {
		counts = append(counts, n)
	}
	for _, lang := range cat.Languages() {
		l := cat.Localizer(lang)
		for _, n := range counts {
			want := l.T("count.programs", "Count", n)
			before, after, whole := l.Counted("count.programs", n)
			got := before
			if !whole {
				got = before + l.Number(n) + after
			}
			if got != want {
				t.Errorf("%s, %d: Counted reads %q, T %q", lang, n, got, want)
			}
		}
	}
}

// TestFacetCountsHeardWithTheirWord: a filter link ended in a bare number
// ("Youth work and mentoring 12"), which a screen reader reads with
// nothing to say what it counts. It is heard "12 programs" in the page's
// language, and seen as the number alone.
func TestFacetCountsHeardWithTheirWord(t *testing.T) {
	a := newFixtureApp(t)
	cat, err := NewCatalog(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	link := regexp.MustCompile(`class="facet-link[^>]*>(.*?)</a>`)
	hidden := regexp.MustCompile(`<span class="visually-hidden">[^<]*</span>`)
	count := regexp.MustCompile(`^ <span class="facet-box" aria-hidden="true"></span><span class="facet-label">[^<]+</span> <span class="facet-count">(.*)</span>$`)
	tags := regexp.MustCompile(`<[^>]*>`)
	for _, lang := range []string{"en", "ar", "fr"} {
		_, body := a.get("/programs?theme=exit-work&lang=" + lang)
		l := cat.Localizer(lang)
		links := link.FindAllStringSubmatch(body, -1)
		if len(links) < 10 {
			t.Fatalf("%s: %d filter links", lang, len(links))
		}
		for _, m := range links {
			c := count.FindStringSubmatch(m[1])
			if c == nil {
				t.Fatalf("%s: filter link %q has no count", lang, m[1])
			}
			// Seen: the text outside hidden spans; heard: outside aria-hidden.
			seen := tags.ReplaceAllString(hidden.ReplaceAllString(c[1], ""), "")
			heard := strings.TrimPrefix(html.UnescapeString(tags.ReplaceAllString(
				regexp.MustCompile(`<span aria-hidden="true">[^<]*</span>`).ReplaceAllString(c[1], ""), "")),
				l.T("filters.selected")+l.T("list.separator"))
			n, err := strconv.Atoi(seen)
			if err != nil {
				t.Fatalf("%s: filter link %q shows %q, not a number", lang, m[1], seen)
			}
			if want := l.T("count.programs", "Count", n); heard != want {
				t.Errorf("%s: count %d heard as %q, want %q", lang, n, heard, want)
			}
		}
	}
}

// TestNamesAsTheyAreNow: x/text's data named Eswatini "Swaziland", North
// Macedonia "Macedonia", Türkiye "Turkey" in English, and Norwegian
// "Norwegian Bokmål"; pages, cards and the form's country list name them
// as they are named now.
func TestNamesAsTheyAreNow(t *testing.T) {
	cat, err := NewCatalog(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ lang, sz, mk, tr, no string }{
		{"en", "Eswatini", "North Macedonia", "Türkiye", "Norwegian"},
		{"fr", "Eswatini", "Macédoine du Nord", "Turquie", "norvégien"},
		{"nl", "Eswatini", "Noord-Macedonië", "Turkije", "Noors"},
		{"de", "Eswatini", "Nordmazedonien", "Türkei", "Norwegisch"},
		{"ar", "إسواتيني", "مقدونيا الشمالية", "تركيا", "النرويجية"},
	} {
		l := cat.Localizer(c.lang)
		for code, want := range map[string]string{"SZ": c.sz, "MK": c.mk, "TR": c.tr} {
			if got := l.CountryName(code); got != want {
				t.Errorf("%s: %s named %q, want %q", c.lang, code, got, want)
			}
		}
		if got := l.LanguageName("no"); got != c.no {
			t.Errorf("%s: no named %q, want %q", c.lang, got, c.no)
		}
	}
	a := newTestApp(t)
	_, body := a.get("/submit")
	if !strings.Contains(body, `<option value="MK">North Macedonia</option>`) || !strings.Contains(body, `<option value="SZ">Eswatini</option>`) {
		t.Error("the form's country list does not name North Macedonia and Eswatini so")
	}
}
