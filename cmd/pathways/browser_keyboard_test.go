package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// keyboardJourney is the social worker's journey with key presses alone
// (Tab, Enter, Space) and JavaScript turned off in the page: every control
// is reachable in a sensible order, works from the keyboard, works without
// script, and shows where the focus is.
func keyboardJourney(t *testing.T, tb *tab) {
	tb.noScript()
	tb.open("/", 200)

	// The first Tab shows the skip link; Enter moves the focus to <main>.
	f := tb.pressTab()
	if f.Href != "#main" || !f.Visible {
		t.Errorf("the first Tab reaches %s (focus visible: %v), want the visible skip link", f, f.Visible)
	}
	tb.do(chromedp.KeyEvent(kb.Enter))
	if id := js[string](tb, "document.activeElement.id"); id != "main" {
		t.Errorf("the skip link moved the focus to %q, want main", id)
	}

	tb.tabTo("#q")
	tb.do(chromedp.KeyEvent("young"))
	tb.tabTo(".search-form button[type=submit]")
	tb.follow(200, chromedp.KeyEvent(" ")) // Space presses a button
	if tb.query().Get("q") != "young" {
		t.Fatalf("the search by keyboard went to %s", tb.path())
	}

	tb.tabTo(`section[aria-labelledby="facet-theme"] a[href*="theme=youth-mentoring"]`)
	tb.follow(200, chromedp.KeyEvent(kb.Enter))
	tb.tabTo(`section[aria-labelledby="facet-language"] a[href*="language=en"]`)
	tb.follow(200, chromedp.KeyEvent(kb.Enter))
	if q := tb.query(); q.Get("theme") != "youth-mentoring" || q.Get("language") != "en" {
		t.Fatalf("filters by keyboard: %s", tb.path())
	}
	tb.tabTo(`.active-filters a.chip:not([href*="theme="])`)
	tb.follow(200, chromedp.KeyEvent(kb.Enter))
	if tb.query().Has("theme") {
		t.Fatalf("removing a filter by keyboard: %s", tb.path())
	}
	tb.tabTo(`.pagination a[rel="next"]`)
	tb.follow(200, chromedp.KeyEvent(kb.Enter))
	if tb.query().Get("page") != "2" {
		t.Fatalf("next page by keyboard: %s", tb.path())
	}
	tb.tabTo(".cards .card-title a")
	tb.follow(200, chromedp.KeyEvent(kb.Enter))
	if !strings.HasPrefix(tb.path(), "/programs/") {
		t.Fatalf("opening a program by keyboard: %s", tb.path())
	}
	tb.tabTo(".program-actions a")
	tb.follow(200, chromedp.KeyEvent(kb.Enter))
	if !strings.HasSuffix(tb.path(), "/print") {
		t.Fatalf("the print view by keyboard: %s", tb.path())
	}

	// A form with errors, by keyboard: the summary takes the focus when the
	// page loads, and its link leads to the field.
	tb.open("/submit", 200)
	tb.tabTo(".program-form button[type=submit]")
	tb.follow(422, chromedp.KeyEvent(kb.Enter))
	if id := js[string](tb, "document.activeElement.id"); id != "error-summary" {
		t.Errorf("after a failed submit the focus is on %q, want the error summary", id)
	}
	f = tb.pressTab()
	if !strings.HasPrefix(f.Href, "#f-") {
		t.Fatalf("the first Tab after the error summary reaches %s, want its first link", f)
	}
	tb.do(chromedp.KeyEvent(kb.Enter))
	if got := js[string](tb, "location.hash"); got != f.Href {
		t.Errorf("the summary link went to %q, want %q", got, f.Href)
	}
}

// pressTab presses Tab and describes the focused element.
func (tb *tab) pressTab() focused {
	tb.t.Helper()
	tb.do(chromedp.KeyEvent(kb.Tab))
	return js[focused](tb, focusScript)
}

// tabTo presses Tab until the element matching sel has the focus, as a
// keyboard user does, and checks that every element passed on the way shows
// its focus.
func (tb *tab) tabTo(sel string) {
	tb.t.Helper()
	seen := map[string]bool{}
	for range 250 {
		f := tb.pressTab()
		if seen[f.String()] {
			break // wrapped around the page
		}
		seen[f.String()] = true
		if f.Tag != "body" && !f.Visible {
			tb.t.Errorf("%s: focus not visible on %s (outline %s)", tb.path(), f, f.Outline)
		}
		if js[bool](tb, "document.activeElement.matches("+jsString(sel)+")") {
			return
		}
	}
	tb.t.Fatalf("%s: Tab never reaches %s", tb.path(), sel)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`)
	return "'" + r.Replace(s) + "'"
}
