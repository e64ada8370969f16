package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// overflowScript lists what sticks out of the viewport to the side, which
// would make the page scroll horizontally. Content inside an element that
// scrolls on its own (a wide table in its box) is fine.
const overflowScript = `(() => {
	const width = document.documentElement.clientWidth;
	if (document.documentElement.scrollWidth <= width) return [];
	const inScroller = el => { for (let p = el.parentElement; p; p = p.parentElement) { if (/(auto|scroll|hidden)/.test(getComputedStyle(p).overflowX) && p !== document.body && p !== document.documentElement) return true; } return false; };
	const out = [];
	for (const el of document.querySelectorAll('body *')) {
		const r = el.getBoundingClientRect();
		if ((r.right > width + 1 || r.left < -1) && r.width > 0 && !inScroller(el)) {
			out.push('<' + el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') + '> ' + Math.round(r.left) + '..' + Math.round(r.right) + 'px');
		}
		if (out.length >= 8) break;
	}
	return out.length ? out : ['the page is ' + document.documentElement.scrollWidth + 'px wide'];
})()`

// phoneLayout: at phone widths the public pages fit the screen, and at a
// wide desktop they keep a readable line length.
func phoneLayout(t *testing.T, tb *tab, ngo *ngoState) {
	tb.open("/programs?q=young", 200)
	program := tb.attr(".cards .card-title a", "href")
	pages := []struct{ name, path string }{
		{"home", "/"},
		{"results", "/programs?q=young&language=en"},
		{"results-none", "/programs?q=zebra+xylophone"},
		{"results-suggestion", "/programs?q=mentorng"}, // "Did you mean …?"
		{"program", program},
		{"print", program + "/print"},
		{"submit", "/submit"},
		{"login", "/admin/login"},
		{"404", "/programs/no-such-program"},
	}
	if ngo.tracking != "" {
		pages = append(pages, struct{ name, path string }{"tracking", ngo.tracking})
	}
	for _, size := range []struct {
		name   string
		w, h   int64
		mobile bool
	}{{"phone", 360, 800, true}, {"phone-375", 375, 800, true}, {"reflow-320", 320, 640, true}, {"desktop", 1440, 900, false}} {
		tb.viewport(size.w, size.h, size.mobile)
		for _, pg := range pages {
			status := int64(200)
			if pg.name == "404" {
				status = 404
			}
			tb.open(pg.path, status)
			if got := js[int](tb, "document.documentElement.clientWidth"); got != int(size.w) {
				t.Errorf("%s at %dpx: the layout viewport is %dpx wide (viewport meta tag?)", pg.name, size.w, got)
			}
			if out := js[[]string](tb, overflowScript); len(out) > 0 {
				t.Errorf("%s at %dpx scrolls sideways:\n  %s", pg.path, size.w, strings.Join(out, "\n  "))
			}
			if size.name == "phone" {
				tb.screenshot(size.name + "-" + pg.name) // the desktop ones come from the audits
			}
		}
		if size.name == "phone" {
			phoneFilters(t, tb, size.h)
		}
	}
	tb.viewport(1440, 900, false)
	tb.open("/programs?q=young", 200)
	if js[bool](tb, `document.querySelector('.filters-panel > summary').checkVisibility()`) ||
		!js[bool](tb, `document.querySelector('.facet-link').checkVisibility()`) {
		t.Error("on a desktop the filters should be open, with no disclosure button")
	}
	// A long line is hard to read: prose stays under about 80 characters.
	tb.open(program, 200)
	if chars := js[float64](tb, `(() => { const p = document.querySelector('.program-summary'); return p.getBoundingClientRect().width / parseFloat(getComputedStyle(p).fontSize) * 2; })()`); chars > 95 {
		t.Errorf("at 1440px the summary runs about %.0f characters a line", chars)
	}
}

// moderatorPagesFitAPhone: a moderator on a phone (or at 400 % zoom) reads
// the queue, the programs panel with its filters and the audit log without
// scrolling sideways; only a wide table scrolls, inside its own box.
func moderatorPagesFitAPhone(t *testing.T, tb *tab) {
	defer tb.viewport(1440, 900, false)
	for _, lang := range []string{"en", "fr", "ar"} {
		for _, path := range []string{"/admin", "/admin/programs", "/admin/programs?verified=stale", "/admin/audit"} {
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
			for _, w := range []int64{320, 360} {
				tb.viewport(w, 640, true)
				tb.open(path+sep+"lang="+lang, 200)
				if out := js[[]string](tb, overflowScript); len(out) > 0 {
					t.Errorf("%s in %s at %dpx scrolls sideways:\n  %s", path, lang, w, strings.Join(out, "\n  "))
				}
			}
		}
	}
	tb.open("/admin?lang=en", 200)
}

// otherLanguages: the pages in French and in Arabic (right to left) pass
// the same checks, and fit a phone.
func otherLanguages(t *testing.T, tb *tab) {
	tb.open("/programs?q=young", 200)
	program := tb.attr(".cards .card-title a", "href")
	for _, lang := range []struct{ code, dir string }{{"fr", "ltr"}, {"ar", "rtl"}} {
		for _, pg := range []struct{ name, path string }{
			{"home", "/"}, {"results", "/programs?q=young&language=en"}, {"program", program}, {"submit", "/submit"},
			{"results-suggestion", "/programs?q=mentorng"},
		} {
			sep := "?"
			if strings.Contains(pg.path, "?") {
				sep = "&"
			}
			tb.viewport(1440, 900, false)
			tb.open(pg.path+sep+"lang="+lang.code, 200)
			if got := tb.attr("html", "lang") + " " + tb.attr("html", "dir"); got != lang.code+" "+lang.dir {
				t.Errorf("%s in %s: <html> has lang and dir %q", pg.name, lang.code, got)
			}
			tb.audit(pg.name + " (" + lang.code + ")")
			if pg.name == "results-suggestion" {
				if href := tb.attr(".suggestion a", "href"); !strings.Contains(href, "q=mentoring") || !strings.Contains(href, "lang="+lang.code) {
					t.Errorf("the suggestion in %s links to %q", lang.code, href)
				}
			}
			tb.viewport(360, 800, true)
			tb.open(pg.path+sep+"lang="+lang.code, 200)
			if out := js[[]string](tb, overflowScript); len(out) > 0 {
				t.Errorf("%s in %s at 360px scrolls sideways:\n  %s", pg.name, lang.code, strings.Join(out, "\n  "))
			}
			tb.screenshot("phone-" + pg.name + "-" + lang.code)
		}
	}
}

// phoneFilters: on a phone the results come first and the filters wait
// behind a button that opens them.
func phoneFilters(t *testing.T, tb *tab, height int64) {
	tb.open("/programs?q=young", 200)
	if top := js[float64](tb, `document.querySelector('.cards').getBoundingClientRect().top`); top > float64(height) {
		t.Errorf("on a phone the first result starts %.0fpx down, below the first screen", top)
	}
	if js[bool](tb, `document.querySelector('.facet-link').checkVisibility()`) {
		t.Error("on a phone the filters are open before anyone asks")
	}
	tb.do(chromedp.Click(chromedp.CSS(".filters-panel > summary")))
	if !js[bool](tb, `document.querySelector('.facet-link').checkVisibility()`) {
		t.Fatal("the filters button does not open the filters")
	}
	tb.click(`div.facet[aria-labelledby="facet-theme"] a[href*="theme=youth-mentoring"]`, 200)
	if tb.query().Get("theme") != "youth-mentoring" || !strings.Contains(tb.text(".filters-panel > summary"), "(1)") {
		t.Errorf("a filter chosen on a phone: %s, button %q", tb.path(), tb.text(".filters-panel > summary"))
	}
}

// printHandout: printing a program gives one clean page, with no
// navigation; every demo program's handout fits on one A4 or Letter page.
func printHandout(t *testing.T, tb *tab) {
	tb.open("/programs?q=young", 200)
	program := tb.attr(".cards .card-title a", "href")
	tb.open(program, 200)
	tb.printMedia(true)
	hidden := []string{".site-header", ".site-footer", ".skip-link", ".back", ".program-actions", ".program-feedback"}
	for _, sel := range hidden {
		if d := js[string](tb, "getComputedStyle(document.querySelector("+jsString(sel)+")).display"); d != "none" {
			t.Errorf("printed, %s shows (display %s)", sel, d)
		}
	}
	if d := js[string](tb, `getComputedStyle(document.querySelector('#s-refer')).display`); d == "none" {
		t.Error("printed, the way to refer is hidden")
	}
	tb.printMedia(false)

	// Every demo program's handout fits on one A4 page.
	tb.open("/programs?sort=name", 200)
	var slugs []string
	for {
		slugs = append(slugs, js[[]string](tb, `[...document.querySelectorAll('.cards .card-title a')].map(a => a.getAttribute('href'))`)...)
		if tb.count(`.pagination a[rel="next"]`) == 0 {
			break
		}
		tb.click(`.pagination a[rel="next"]`, 200)
	}
	if len(slugs) < 40 {
		t.Fatalf("found %d programs to print, want the demo directory", len(slugs))
	}
	for _, slug := range slugs {
		tb.open(slug+"/print", 200)
		for _, paper := range []struct {
			name string
			size chromedp.PaperSize
		}{{"A4", chromedp.PaperA4}, {"Letter", chromedp.PaperLetter}} {
			// The stylesheet's @page margins, as a person printing gets them.
			pdf := runIn(tb, chromedp.PrintToPDF(chromedp.PDFPaper(paper.size), chromedp.PDFPreferCSSPageSize()))
			if n := pdfPages(pdf); n != 1 {
				t.Errorf("the handout of %s prints on %d %s pages, want 1", slug, n, paper.name)
				tb.savePDF(strings.TrimPrefix(slug, "/programs/")+"-"+paper.name, pdf)
			}
		}
	}
}

var pdfPageRe = regexp.MustCompile(`/Type\s*/Page[^s]`)

// pdfPages counts the pages of a PDF written by Chromium (its page objects
// are not compressed).
func pdfPages(pdf []byte) int {
	if !bytes.HasPrefix(pdf, []byte("%PDF")) {
		return 0
	}
	return len(pdfPageRe.FindAll(pdf, -1))
}

// screenshot saves the first screen of the page as NAME.png in
// $PATHWAYS_SCREENSHOTS, when set (the README's are in docs/screenshots).
func (tb *tab) screenshot(name string) {
	tb.t.Helper()
	dir := os.Getenv("PATHWAYS_SCREENSHOTS")
	if dir == "" {
		return
	}
	png := runIn(tb, chromedp.CaptureScreenshot()) // the first screen, as a person sees it
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		tb.t.Fatal(err)
	}
}

// savePDF keeps a failing handout for a person to look at.
func (tb *tab) savePDF(name string, pdf []byte) {
	p := filepath.Join(os.TempDir(), "pathways-handout-"+name+".pdf")
	if dir := os.Getenv("PATHWAYS_SCREENSHOTS"); dir != "" {
		p = filepath.Join(dir, name+".pdf")
	}
	if err := os.WriteFile(p, pdf, 0o644); err == nil {
		tb.t.Log(fmt.Sprintf("handout saved to %s", p))
	}
}

// forcedColours: in Windows' high-contrast themes (forced colours) the
// browser replaces backgrounds with the theme's, and a selected filter's
// filled box looked like an empty one. It must still differ from an
// unselected box, in the theme's own colours.
func forcedColours(t *testing.T, tb *tab) {
	tb.viewport(1440, 900, false)
	if _, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "forced-colors", Value: "active"}}}); err != nil {
		t.Fatal(err)
	}
	defer chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
	tb.open("/programs?theme=education", 200)
	if !js[bool](tb, "matchMedia('(forced-colors: active)').matches") {
		t.Fatal("forced colours are not emulated")
	}
	box := func(sel string) string {
		// The colour seen through the box: its own background, or that of
		// the first element behind it with one.
		return js[string](tb, `(() => {
			const e = document.querySelector(`+jsString(sel)+`); if (!e) return 'none';
			let bg = 'rgba(0, 0, 0, 0)';
			for (let a = e; a && /rgba\(.*, 0\)$|transparent/.test(bg); a = a.parentElement) bg = getComputedStyle(a).backgroundColor;
			return bg + ' / ' + getComputedStyle(e).borderTopColor })()`)
	}
	selected, other := box(".facet-link.is-selected .facet-box"), box(".facet-link:not(.is-selected) .facet-box")
	if selected == "none" || other == "none" {
		t.Fatalf("no selected and unselected filter on the page: %q, %q", selected, other)
	}
	if selected == other {
		t.Errorf("in forced colours a selected filter's box looks like the others: %s", selected)
	}
	tb.screenshot("forced-colours-filters")
}
