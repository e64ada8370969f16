package main

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Accessibility checks run on the page a tab shows now: axe-core for the
// WCAG 2.0/2.1 A and AA rules, and what axe cannot judge alone (one h1, no
// skipped heading level, the landmarks, the page's language).

// axeTags are the rule sets every page must pass.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// pageTypes are the page types the accessibility checks must cover.
var pageTypes = []string{
	"home", "results", "results (none)", "program", "print view", "submit form with errors",
	"tracking page", "login", "queue", "submission review", "audit log", "404",
}

type axeNode struct {
	Target  []string `json:"target"`
	HTML    string   `json:"html"`
	Summary string   `json:"failureSummary"`
}

type axeViolation struct {
	ID     string    `json:"id"`
	Impact string    `json:"impact"`
	Help   string    `json:"help"`
	Nodes  []axeNode `json:"nodes"`
}

// audit runs every accessibility check on the current page and records that
// pageType was checked.
func (tb *tab) audit(pageType string) {
	tb.t.Helper()
	where := fmt.Sprintf("%s (%s)", pageType, tb.path())
	if problems := tb.outlineProblems(); len(problems) > 0 {
		tb.t.Errorf("%s: structure:\n  %s", where, strings.Join(problems, "\n  "))
	}
	if tb.s.axeJS == "" {
		return
	}
	for _, v := range tb.axeViolations() {
		tb.t.Errorf("%s: %s", where, v)
	}
	tb.s.mu.Lock()
	first := !tb.s.audited[pageType]
	tb.s.audited[pageType] = true
	tb.s.mu.Unlock()
	if first && js[int](tb, "innerWidth") >= 1200 {
		tb.screenshot("desktop-" + strings.Trim(nonWord.ReplaceAllString(pageType, "-"), "-"))
	}
}

var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

// outlineProblems checks what axe does not: see outlineScript.
func (tb *tab) outlineProblems() []string {
	tb.t.Helper()
	return js[[]string](tb, outlineScript)
}

// axeViolations runs axe-core's WCAG 2.0 and 2.1 A and AA rules on the page.
func (tb *tab) axeViolations() []axeViolation {
	tb.t.Helper()
	// Runtime.evaluate, not a <script> tag: the page's CSP allows no inline
	// script, and a test must not weaken it to be able to look.
	if js[string](tb, "typeof axe") != "object" {
		tb.do(chromedp.Evaluate[chromedp.Void](tb.s.axeJS))
	}
	tags := `['` + strings.Join(axeTags, `','`) + `']`
	return js[[]axeViolation](tb, `axe.run(document, {runOnly: {type: 'tag', values: `+tags+`}, resultTypes: ['violations']})
		.then(r => r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help,
			nodes: v.nodes.map(n => ({target: n.target.map(String), html: n.html, failureSummary: n.failureSummary || ''}))})))`)
}

// String is the rule id, its impact, and the failing nodes with the reason.
func (v axeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "axe rule %q (impact %s): %s", v.ID, v.Impact, v.Help)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n    %s\n      %s\n      %s", strings.Join(n.Target, " "), n.HTML,
			strings.ReplaceAll(n.Summary, "\n", "\n      "))
	}
	return b.String()
}

// unaudited lists the page types no test has checked with axe.
func (s *browserSuite) unaudited() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, p := range pageTypes {
		if !s.audited[p] {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// outlineScript returns what is wrong with the page's outline: the
// language, the title, the headings and the landmarks, as a screen reader
// user navigates them. Hidden elements do not count; visually hidden ones do.
const outlineScript = `(() => {
	const problems = [];
	const shown = el => !el.closest('[hidden], [aria-hidden="true"]') && getComputedStyle(el).display !== 'none';
	const lang = document.documentElement.getAttribute('lang') || '';
	if (!/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(lang)) problems.push('<html lang> is ' + JSON.stringify(lang));
	if (!document.title.trim()) problems.push('the page has no title');
	// No page needs JavaScript: none has any.
	if (document.scripts.length) problems.push(document.scripts.length + ' <script> elements: every page must work without JavaScript');
	const hs = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter(shown);
	const h1s = hs.filter(h => h.tagName === 'H1');
	if (h1s.length !== 1) problems.push(h1s.length + ' h1 elements, want exactly 1');
	if (h1s.length && !h1s[0].closest('main')) problems.push('the h1 is outside <main>');
	let prev = 0;
	for (const h of hs) {
		const level = +h.tagName[1];
		const text = h.textContent.trim().replace(/\s+/g, ' ').slice(0, 60);
		if (!text) problems.push('empty ' + h.tagName);
		if (prev === 0 && level !== 1) problems.push('the first heading is ' + h.tagName + ' "' + text + '", not the h1');
		if (prev && level > prev + 1) problems.push(h.tagName + ' "' + text + '" skips a level after H' + prev);
		prev = level;
	}
	const count = sel => [...document.querySelectorAll(sel)].filter(shown).length;
	const print = document.body.classList.contains('page-print');
	if (count('main, [role=main]') !== 1) problems.push(count('main, [role=main]') + ' main landmarks, want 1');
	if (!print) {
		if (count('body > header, [role=banner]') !== 1) problems.push('want one banner (<header> of the page)');
		if (count('body > footer, [role=contentinfo]') !== 1) problems.push('want one contentinfo (<footer> of the page)');
		if (count('nav') < 1) problems.push('no <nav>');
	}
	for (const nav of [...document.querySelectorAll('nav')].filter(shown)) {
		if (document.querySelectorAll('nav').length > 1 && !nav.getAttribute('aria-label') && !nav.getAttribute('aria-labelledby'))
			problems.push('a <nav> among several has no label');
	}
	// Everything a person can read sits in a landmark (the skip link aside).
	for (const el of document.body.children) {
		if (!shown(el) || /^(HEADER|MAIN|FOOTER|NAV|SCRIPT)$/.test(el.tagName) || el.classList.contains('skip-link')) continue;
		if (el.textContent.trim()) problems.push('content outside the landmarks: <' + el.tagName.toLowerCase() + '>');
	}
	return problems;
})()`

// focusScript describes the focused element and whether its focus is
// visible: an outline at least 2px wide, not "none", that is not
// transparent and contrasts at least 3:1 with what lies behind it on every
// side (WCAG 1.4.11), or a box-shadow.
const focusScript = `(() => {
	const el = document.activeElement;
	if (!el || el === document.body) return {tag: 'body', visible: false, text: ''};
	const cs = getComputedStyle(el);
	const r = el.getBoundingClientRect();
	let outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 && !/rgba\(.*, 0\)$/.test(cs.outlineColor);
	// The outline's contrast with the background behind its middle line,
	// read on each side of the element that is on the screen.
	const rgb = s => (s.match(/[\d.]+/g) || []).map(Number);
	const lum = c => { const f = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
	const ratio = (a, b) => { const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x); return (hi + 0.05) / (lo + 0.05); };
	const behind = (x, y) => {
		for (const e of document.elementsFromPoint(x, y)) {
			if (e !== el && el.contains(e)) continue; // an outline drawn inside lies on the element's own background
			const c = rgb(getComputedStyle(e).backgroundColor);
			if (c.length === 3 || c[3] > 0) return c;
		}
		return [255, 255, 255];
	};
	let contrast = 0;
	if (outline) {
		const d = parseFloat(cs.outlineOffset) + parseFloat(cs.outlineWidth) / 2, mx = (r.left + r.right) / 2, my = (r.top + r.bottom) / 2;
		const sides = [[r.left - d, my], [r.right + d, my], [mx, r.top - d], [mx, r.bottom + d]].filter(([x, y]) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight);
		contrast = Math.min(...sides.map(([x, y]) => ratio(rgb(cs.outlineColor), behind(x, y))));
		outline = contrast >= 3;
	}
	const inView = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
	return {
		tag: el.tagName.toLowerCase(),
		id: el.id,
		href: el.getAttribute('href') || '',
		text: (el.textContent || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 60),
		visible: (outline || cs.boxShadow !== 'none') && inView,
		outline: cs.outlineStyle + ' ' + cs.outlineWidth + ' ' + cs.outlineColor + (contrast ? ', contrast ' + contrast.toFixed(2) + ':1' : ''),
	};
})()`

type focused struct {
	Tag     string `json:"tag"`
	ID      string `json:"id"`
	Href    string `json:"href"`
	Text    string `json:"text"`
	Visible bool   `json:"visible"`
	Outline string `json:"outline"`
}

func (f focused) String() string {
	s := "<" + f.Tag
	if f.ID != "" {
		s += " id=" + f.ID
	}
	if f.Href != "" {
		s += " href=" + f.Href
	}
	return s + "> " + f.Text
}

// linkNames are the accessible names of the links inside the first
// element matching sel, as Chromium computes them for a screen reader.
func (tb *tab) linkNames(sel string) []string {
	tb.t.Helper()
	var names []string
	tb.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		el, err := cdp.Call(ctx, t, runtime.Evaluate, runtime.EvaluateParams{Expression: "document.querySelector(" + jsString(sel) + ")"})
		if err != nil {
			return err
		}
		if el.Result == nil || el.Result.ObjectID == "" {
			return fmt.Errorf("no element %s", sel)
		}
		tree, err := cdp.Call(ctx, t, accessibility.QueryAXTree, accessibility.QueryAXTreeParams{ObjectID: el.Result.ObjectID, Role: "link"})
		if err != nil {
			return err
		}
		for _, n := range tree.Nodes {
			var name string
			if n.Ignored || n.Name == nil || json.Unmarshal(n.Name.Value, &name) != nil {
				continue
			}
			names = append(names, name)
		}
		return nil
	}))
	return names
}
