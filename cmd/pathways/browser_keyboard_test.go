package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// keyboardJourney is the social worker's journey with key presses alone
// (Tab, Enter, Space): every control is reachable in a sensible order,
// works from the keyboard, and shows where the focus is. (That it all
// works without JavaScript follows from the pages having none: the audit
// checks that no page has a script.)
func keyboardJourney(t *testing.T, tb *tab) {
	tb.open("/", 200)

	// The first Tab shows the skip link; Enter moves the focus to <main>.
	f := tb.pressTab()
	if f.Href != "#main" || !f.Visible {
		t.Errorf("the first Tab reaches %s (focus visible: %v), want the visible skip link", f, f.Visible)
	}
	tb.do(enter)
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

	tb.tabTo(`div.facet[aria-labelledby="facet-theme"] a[href*="theme=youth-mentoring"]`)
	tb.follow(200, enter)
	tb.tabTo(`div.facet[aria-labelledby="facet-language"] a[href*="language=en"]`)
	tb.follow(200, enter)
	if q := tb.query(); q.Get("theme") != "youth-mentoring" || q.Get("language") != "en" {
		t.Fatalf("filters by keyboard: %s", tb.path())
	}
	tb.tabTo(`.active-filters a.chip:not([href*="theme="])`)
	tb.follow(200, enter)
	if tb.query().Has("theme") {
		t.Fatalf("removing a filter by keyboard: %s", tb.path())
	}
	tb.tabTo(`.pagination a[rel="next"]`)
	tb.follow(200, enter)
	if tb.query().Get("page") != "2" {
		t.Fatalf("next page by keyboard: %s", tb.path())
	}
	tb.tabTo(".cards .card-title a")
	tb.follow(200, enter)
	if !strings.HasPrefix(tb.path(), "/programs/") {
		t.Fatalf("opening a program by keyboard: %s", tb.path())
	}
	tb.tabTo(".program-actions a")
	tb.follow(200, enter)
	if !strings.HasSuffix(tb.path(), "/print") {
		t.Fatalf("the print view by keyboard: %s", tb.path())
	}

	// A form with errors, by keyboard: the summary takes the focus when the
	// page loads, and its link leads to the field.
	tb.open("/submit", 200)
	tb.tabTo(".program-form button[type=submit]")
	tb.follow(422, enter)
	if id := tb.autofocused(); id != "error-summary" {
		t.Errorf("after a failed submit the focus is on %q, want the error summary", id)
	}
	f = tb.pressTab()
	if !strings.HasPrefix(f.Href, "#f-") {
		t.Fatalf("the first Tab after the error summary reaches %s, want its first link", f)
	}
	tb.do(enter)
	if got := jsWait[string](tb, `location.hash || null`); got != f.Href {
		t.Fatalf("the summary link went to %q, want %q (at %s, focus on %s)", got, f.Href, tb.path(), js[focused](tb, focusScript))
	}
	// Without script the browser scrolls the field into view; where focus
	// lands then is up to the browser.
	inView := `(() => { const r = document.getElementById(` + jsString(strings.TrimPrefix(f.Href, "#")) + `).getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight || null; })()`
	if !jsWait[bool](tb, inView) {
		t.Errorf("the summary link to %s does not bring the field into view", f.Href)
	}
}

// enter presses Enter as a keyboard does: a key down that carries the
// text (keydown and keypress in the page) and a key up. chromedp's KeyEvent
// also sends a char event, a second keypress, which a button takes as a
// second press: the form would be sent twice.
var enter = chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
		p := input.DispatchKeyEventParams{Type: typ, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13}
		if typ == input.DispatchKeyEventTypeKeyDown {
			p.Text, p.UnmodifiedText = "\r", "\r"
		}
		_, err := cdp.Call(ctx, t, input.DispatchKeyEvent, p)
		if err != nil {
			return err
		}
	}
	return nil
})

// jsWait evaluates script until it gives something other than null, for
// at most 5 seconds, and returns that (or the zero value).
func jsWait[T any](tb *tab, script string) T {
	tb.t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; {
		if v := js[*T](tb, script); v != nil || time.Now().After(deadline) {
			if v == nil {
				var zero T
				return zero
			}
			return *v
		}
		time.Sleep(50 * time.Millisecond)
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
