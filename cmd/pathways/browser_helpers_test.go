package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The browser tests drive Debian's Chromium with chromedp against the real
// binary (built by pathwaysBinary, as the process tests do) started on a free
// loopback port with a fresh database and the demo directory. The binary,
// not an in-process server, because the journeys also use the real command
// line (`pathways user add`) on the same database, and a test should see
// exactly what a user of `pathways serve` sees.
//
// Locally they skip when Chromium or axe-core is missing; with CI=true a
// missing tool is a failure, so CI can never pass by skipping them.

// stepTimeout bounds one browser step; a page of this app answers in
// milliseconds, so a step that takes longer has hung.
const stepTimeout = 20 * time.Second

// inCI reports whether the tests run in CI, where nothing may be skipped.
func inCI() bool { return os.Getenv("CI") == "true" || os.Getenv("CI") == "1" }

// needTool skips the test locally and fails it in CI.
func needTool(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if inCI() {
		t.Fatalf("CI=true: %s", msg)
	}
	t.Skip(msg)
}

// chromiumPath finds the browser: $PATHWAYS_CHROMIUM, then Debian's chromium.
func chromiumPath() string {
	if p := os.Getenv("PATHWAYS_CHROMIUM"); p != "" {
		if _, err := exec.LookPath(p); err != nil {
			return ""
		}
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// repoRoot is the folder holding go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}

// browserSuite is one server and one browser shared by every subtest.
type browserSuite struct {
	srv     *server
	base    string
	host    string // host:port of the server: the only host a page may reach
	browser context.Context
	axeJS   string // axe.min.js, or "" when axe-core is not installed

	mu      sync.Mutex
	audited map[string]bool // page types axe has checked
}

// newBrowserSuite starts the server and the browser, or skips.
func newBrowserSuite(t *testing.T) *browserSuite {
	t.Helper()
	chrome := chromiumPath()
	if chrome == "" {
		needTool(t, "browser tests need Chromium: apt-get install -y chromium (or set PATHWAYS_CHROMIUM)")
	}
	s := &browserSuite{audited: map[string]bool{}}
	axePath := filepath.Join(repoRoot(t), ".ci", "node_modules", "axe-core", "axe.min.js")
	if b, err := os.ReadFile(axePath); err == nil {
		s.axeJS = string(b)
	} else if inCI() {
		t.Fatalf("CI=true: accessibility checks need axe-core (%v): run npm ci --prefix .ci", err)
	} else {
		t.Logf("axe-core not installed (%s): accessibility checks skipped; run npm ci --prefix .ci", axePath)
	}

	s.srv = startServer(t, filepath.Join(t.TempDir(), "browser.db"), "--demo")
	s.base = s.srv.base
	u, _ := url.Parse(s.base)
	s.host = u.Host

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1440, 900),
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("lang", "en-GB"),
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium refuses to run as root with its sandbox
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	if err := chromedp.Do(browser); err != nil { // starts the browser, with no timeout
		t.Fatalf("start %s: %v", chrome, err)
	}
	s.browser = browser
	return s
}

// person is a browser context of its own: its own cookies, as a separate
// person on a separate computer would have. It records every request its
// pages make and every error the console shows.
type person struct {
	s   *browserSuite
	ctx context.Context

	mu       sync.Mutex
	foreign  []string // requests to any host but the server
	problems []string // CSP violations and other console errors
}

// newPerson opens a browser context that lives as long as t.
func (s *browserSuite) newPerson(t *testing.T) *person {
	t.Helper()
	ctx, cancel := chromedp.NewContext(s.browser, chromedp.WithNewBrowserContext())
	p := &person{s: s, ctx: ctx}
	if err := chromedp.Listen(ctx, p.record); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cancel)
	return p
}

// record runs on chromedp's reader goroutine: it must be quick.
func (p *person) record(ev any) {
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		u, err := url.Parse(ev.Request.URL)
		if err != nil || (u.Scheme != "data" && u.Scheme != "about" && u.Host != p.s.host) {
			p.mu.Lock()
			p.foreign = append(p.foreign, ev.Request.URL)
			p.mu.Unlock()
		}
	case *network.EventResponseReceived:
		// A page's own status is checked by the step that loads it (a 404
		// page or a 422 form is meant); a stylesheet or icon must load.
		if ev.Type != network.ResourceTypeDocument && ev.Response.Status >= 400 {
			p.mu.Lock()
			p.problems = append(p.problems, fmt.Sprintf("%s: status %d", ev.Response.URL, ev.Response.Status))
			p.mu.Unlock()
		}
	case *log.EventEntryAdded:
		e := ev.Entry
		// Anything else the console says at error level (a CSP violation,
		// say) is a bug.
		if e.Level == log.EntryLevelError && !(e.Source == log.EntrySourceNetwork && strings.Contains(e.Text, "the server responded with a status")) {
			p.mu.Lock()
			p.problems = append(p.problems, fmt.Sprintf("%s %s: %s", e.Source, e.URL, e.Text))
			p.mu.Unlock()
		}
	}
}

// tab is a person's page, driven by one test: when that test ends it fails
// if the pages asked another host for anything or broke their CSP.
type tab struct {
	t   *testing.T
	s   *browserSuite
	ctx context.Context
	p   *person
}

// in gives the person's page to test t.
func (p *person) in(t *testing.T) *tab {
	t.Helper()
	t.Cleanup(func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if len(p.foreign) > 0 {
			t.Errorf("pages asked other hosts than %s (no third-party requests allowed):\n  %s", p.s.host, strings.Join(p.foreign, "\n  "))
		}
		if len(p.problems) > 0 {
			t.Errorf("the browser reported problems:\n  %s", strings.Join(p.problems, "\n  "))
		}
		p.foreign, p.problems = nil, nil
	})
	return &tab{t: t, s: p.s, ctx: p.ctx, p: p}
}

// newTab is a page of a new person, for test t alone.
func (s *browserSuite) newTab(t *testing.T) *tab {
	t.Helper()
	return s.newPerson(t).in(t)
}

// do runs actions with a step timeout and fails the test on error.
func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tb.t.Fatalf("browser at %s: %v", tb.path(), err)
	}
}

// runIn runs one action that returns a value.
func runIn[T any](tb *tab, a chromedp.Action[T]) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		tb.t.Fatalf("browser at %s: %v", tb.path(), err)
	}
	return v
}

// js evaluates a script in the page (through the DevTools protocol, so the
// page's CSP, which forbids inline script, does not apply to the test).
func js[T any](tb *tab, script string) T {
	tb.t.Helper()
	return runIn(tb, chromedp.Evaluate[T](script, chromedp.EvalAwaitPromise))
}

// open loads path and checks the status of the answer.
func (tb *tab) open(path string, status int64) {
	tb.t.Helper()
	res := runIn(tb, chromedp.NavigateResponse(tb.s.base+path))
	if res.Status != status {
		tb.t.Fatalf("GET %s: status %d, want %d", path, res.Status, status)
	}
}

// follow runs actions that load a new page (a click on a link, a form sent)
// and waits for it; it checks the status of the answer.
func (tb *tab) follow(status int64, actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	from := tb.path()
	res, err := chromedp.RunResponse(ctx, actions...)
	if err != nil {
		tb.t.Fatalf("from %s: %v", from, err)
	}
	if res.Status != status {
		tb.t.Fatalf("from %s to %s: status %d, want %d", from, res.URL, res.Status, status)
	}
}

// click follows the first element matching sel.
func (tb *tab) click(sel string, status int64) {
	tb.t.Helper()
	tb.follow(status, chromedp.Click(chromedp.CSS(sel)))
}

// path is the current path and query.
func (tb *tab) path() string {
	ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "(unknown: " + err.Error() + ")"
	}
	u, err := url.Parse(loc)
	if err != nil {
		return loc
	}
	return u.RequestURI()
}

// query is the query of the current address.
func (tb *tab) query() url.Values {
	u, _ := url.Parse(tb.s.base + tb.path())
	return u.Query()
}

// text is the visible text of the first element matching sel.
func (tb *tab) text(sel string) string {
	tb.t.Helper()
	return runIn(tb, chromedp.Text(chromedp.CSS(sel)))
}

// count is how many elements match sel now.
func (tb *tab) count(sel string) int {
	tb.t.Helper()
	return js[int](tb, "document.querySelectorAll("+jsString(sel)+").length")
}

// value is the value of a form field now.
func (tb *tab) value(sel string) string {
	tb.t.Helper()
	return js[string](tb, "document.querySelector("+jsString(sel)+").value")
}

// fill replaces the value of a field by typing into it, as a person does.
func (tb *tab) fill(sel, v string) {
	tb.t.Helper()
	js[bool](tb, "(document.querySelector("+jsString(sel)+").value = '') === ''")
	tb.do(chromedp.SendKeys(chromedp.CSS(sel), v))
}

// selectValue picks an option of a <select> by its value.
func (tb *tab) selectValue(sel, v string) {
	tb.t.Helper()
	tb.do(chromedp.SetValue(chromedp.CSS(sel), v))
}

// viewport sets the page's size; mobile honours the viewport meta tag as a
// phone does.
func (tb *tab) viewport(w, h int64, mobile bool) {
	tb.t.Helper()
	if mobile {
		tb.do(chromedp.EmulateViewport(w, h, func(p1 *emulation.SetDeviceMetricsOverrideParams, p2 *emulation.SetTouchEmulationEnabledParams) {
			p1.Mobile = true
			p2.Enabled = true
		}))
		return
	}
	tb.do(chromedp.EmulateViewport(w, h))
}

// printMedia switches the page to print media, as for paper.
func (tb *tab) printMedia(on bool) {
	tb.t.Helper()
	media := ""
	if on {
		media = "print"
	}
	if _, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media}); err != nil {
		tb.t.Fatal(err)
	}
}

// noScript turns JavaScript off in the tab. The test then reads the page
// through the DevTools protocol's DOM and target calls only (the address,
// typing, clicks), since script evaluation is off too.
func (tb *tab) noScript() {
	tb.t.Helper()
	if _, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		tb.t.Fatal(err)
	}
}

// attr is an attribute of the first element matching sel, or "".
func (tb *tab) attr(sel, name string) string {
	tb.t.Helper()
	return js[string](tb, "document.querySelector("+jsString(sel)+")?.getAttribute("+jsString(name)+") ?? ''")
}

// autofocused is the id of the element that has the focus once the page's
// autofocus has run (the browser runs it at the first rendering after the
// load, so wait a moment for it).
func (tb *tab) autofocused() string {
	tb.t.Helper()
	return jsWait[string](tb, `document.activeElement === document.body ? null : document.activeElement.id`)
}
