package handlers

import (
	"bytes"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"pathways/templates"
)

// TestInlinedMessagesRenderTheSamePages goes through the public's pages in
// every language and compares each page rendered with the messages
// written into the templates (InlineMessages) with the page the plain
// templates give for the same data. It visits the other pages too: any
// of them given a copy later is compared as well.
func TestInlinedMessagesRenderTheSamePages(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]int{}
	renderCheck = func(r *Renderer, page string, data *Page, got []byte) {
		mu.Lock()
		defer mu.Unlock()
		if r.byLang[data.Lang][page] == nil {
			if page == "home" || page == "programs" || page == "program" {
				t.Errorf("%s %s: no template with the messages written in", data.Lang, page)
			}
			return
		}
		var want bytes.Buffer
		if err := r.pages[page].ExecuteTemplate(&want, "base", data); err != nil {
			t.Errorf("%s %s: %v", data.Lang, page, err)
			return
		}
		if !bytes.Equal(got, want.Bytes()) {
			i := 0
			for i < len(got) && i < want.Len() && got[i] == want.Bytes()[i] {
				i++
			}
			from := max(0, i-80)
			t.Errorf("%s %s: differs at byte %d\n got …%s…\nwant …%s…", data.Lang, page, i,
				got[from:min(len(got), i+80)], want.Bytes()[from:min(want.Len(), i+80)])
		}
		seen[page]++
	}
	t.Cleanup(func() { renderCheck = nil })

	a := newFixtureApp(t)
	a.addUser("admin@example.org", "admin")
	pid := a.search("q=education").Items[0].ID
	cat, err := NewCatalog(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range cat.Languages() {
		b := a.browser()
		b.get("/?lang=" + lang) // the language cookie keeps it from here
		for _, p := range []string{"/", "/programs", "/programs?q=school&theme=education&sort=name",
			"/programs?q=nothing-matches-this", "/programs?page=9", "/programs/education-first",
			"/programs/education-first/print", "/programs/education-first/report",
			"/programs/education-first/suggest", "/submit", "/no-such-page", "/admin/login"} {
			b.get(p)
		}
		b.post("/submit", url.Values{"name": {"<b>x</b>"}}) // refused: the form again with its errors
		b.post("/programs/education-first/report", url.Values{"message": {""}})
		track := b.submit(validSubmission("Harbour Mentors " + lang))
		b.get(track)
		b.get(track + "/edit")
		b.get(track + "/update")

		m := a.browser()
		m.get("/?lang=" + lang)
		m.login("admin@example.org")
		id := m.firstInQueue()
		for _, p := range []string{"/admin", "/admin/submissions/" + id, "/admin/programs", "/admin/programs?q=education",
			"/admin/programs/" + pid + "/edit", "/admin/audit", "/admin/users"} {
			if res, body := m.get(p); res.StatusCode != http.StatusOK {
				t.Fatalf("%s %s: %d\n%s", lang, p, res.StatusCode, body)
			}
		}
	}

	for _, page := range []string{"home", "programs", "program"} {
		if seen[page] < len(cat.Languages()) {
			t.Errorf("%s was compared %d times, want once in each language at least", page, seen[page])
		}
	}
}
