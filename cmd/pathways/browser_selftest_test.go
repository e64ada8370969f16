package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// checksCatchProblems breaks a page on purpose, from the test, and expects
// every check to notice: a check that cannot fail proves nothing.
func checksCatchProblems(t *testing.T, s *browserSuite) {
	p := s.newPerson(t)
	tb := &tab{t: t, s: s, ctx: p.ctx, p: p} // no clean-up check: the faults are the point
	tb.open("/", 200)
	tb.do(chromedp.Evaluate[chromedp.Void](`(() => {
		document.documentElement.removeAttribute('lang');
		const main = document.querySelector('main');
		main.insertAdjacentHTML('beforeend', '<h1>A second h1</h1><h4>A skipped level</h4><img src="/favicon.ico">');
		const faint = document.createElement('p');
		faint.textContent = 'Faint text';
		faint.style.color = '#ddd'; // CSSOM, which the CSP allows
		main.append(faint);
		document.querySelector('#q').style.outline = 'none';
		// Refused by the CSP, and recorded: an inline style and another host.
		main.insertAdjacentHTML('beforeend', '<p style="color: red">inline</p><img src="http://127.0.0.2:9/x.png" alt="">');
	})()`))

	problems := strings.Join(tb.outlineProblems(), "\n")
	for _, want := range []string{"<html lang>", "2 h1 elements", "H4 \"A skipped level\" skips a level"} {
		if !strings.Contains(problems, want) {
			t.Errorf("the outline check missed %q; it said:\n%s", want, problems)
		}
	}
	if s.axeJS != "" {
		var ids []string
		for _, v := range tb.axeViolations() {
			ids = append(ids, v.ID)
		}
		for _, want := range []string{"html-has-lang", "image-alt", "color-contrast"} {
			if !slices.Contains(ids, want) {
				t.Errorf("axe missed %s; it found %v", want, ids)
			}
		}
	}
	tb.do(chromedp.Focus(chromedp.CSS("#q")))
	if f := js[focused](tb, focusScript); f.Visible {
		t.Errorf("the focus check sees a focus ring on %s with outline none", f)
	}
	tb.do(chromedp.Evaluate[chromedp.Void](`document.querySelector('#q').style.outline = ''`))
	if f := js[focused](tb, focusScript); !f.Visible {
		t.Errorf("the focus check misses the focus ring on %s (%s)", f, f.Outline)
	}
	// A ring as pale as the page it is drawn on is no visible focus.
	tb.do(chromedp.Evaluate[chromedp.Void](`document.querySelector('#q').style.outlineColor = '#e8e8e8'`))
	if f := js[focused](tb, focusScript); f.Visible {
		t.Errorf("the focus check sees a focus ring on %s that barely contrasts with the page (%s)", f, f.Outline)
	}
	tb.do(chromedp.Evaluate[chromedp.Void](`document.querySelector('#q').style.outlineColor = ''`))

	p.mu.Lock()
	defer p.mu.Unlock()
	if !slices.ContainsFunc(p.foreign, func(u string) bool { return strings.Contains(u, "127.0.0.2") }) {
		t.Errorf("the request to another host went unrecorded: %v", p.foreign)
	}
	if !slices.ContainsFunc(p.problems, func(m string) bool { return strings.Contains(m, "Content Security Policy") }) {
		t.Errorf("the CSP violation went unrecorded: %v", p.problems)
	}
}
