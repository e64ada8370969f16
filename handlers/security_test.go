package handlers

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

func TestRequestBodyLimits(t *testing.T) {
	a := newFixtureApp(t)
	b := a.browser()
	b.get("/admin/login")
	res, _ := b.post("/admin/login", url.Values{"email": {"x@example.org"}, "password": {strings.Repeat("p", 20000)}})
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("20 KB login: %d", res.StatusCode)
	}
	b.get("/submit")
	form := validSubmission("Long Description")
	form.Set("description", strings.Repeat("é", 9000)) // 18 KB of text, within the form's limit
	if res, _ := b.post("/submit", form); res.StatusCode != http.StatusSeeOther {
		t.Errorf("long description: %d", res.StatusCode)
	}
	form.Set("description", strings.Repeat("x", 200000))
	if res, _ := b.post("/submit", form); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("200 KB submission: %d", res.StatusCode)
	}
	// The longest message a moderator may write (5,000 characters) and the
	// longest problem report (2,000), in a script of 3 bytes a character,
	// URL-encoded: 45 KB and 18 KB, past the 16 KB of other forms.
	if res, body := b.report(url.Values{"report_text": {strings.Repeat("界", 2000)}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("longest report: %d %.200s", res.StatusCode, body)
	}
	mod := a.moderator()
	id := mod.firstInQueue()
	// One character more is refused as too long (it was refused as a
	// conflict, counted in bytes), with the text kept.
	if res, body := mod.decide(id, "reject", strings.Repeat("界", 5001)); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "Write at most 5,000 characters.") || !strings.Contains(body, strings.Repeat("界", 5001)+"</textarea>") {
		t.Errorf("a message too long: %d", res.StatusCode)
	}
	// Each still has a limit.
	if res, _ := mod.decide(id, "reject", strings.Repeat("x", 100000)); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("100 KB message: %d", res.StatusCode)
	}
	if res, _ := b.post("/programs/education-first/report", url.Values{"report_text": {strings.Repeat("x", 100000)}}); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("100 KB report: %d", res.StatusCode)
	}
	if res, body := mod.decide(id, "reject", strings.Repeat("界", 5000)); res.StatusCode != http.StatusSeeOther {
		t.Errorf("longest moderator's message: %d %.200s", res.StatusCode, body)
	}
}

// TestHeadAnswersAsGet: HEAD on a page, the API or a health check gives
// GET's status and headers, and no body.
func TestHeadAnswersAsGet(t *testing.T) {
	a := newFixtureApp(t)
	b := a.browser()
	for _, p := range []string{"/", "/healthz", "/readyz", "/programs?q=club", "/programs/education-first", "/api/v1/programs", "/api/hsds/services", "/api/openapi.json", "/nowhere"} {
		want, _ := b.get(p)
		res, err := b.http.Head(b.srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != want.StatusCode || res.Header.Get("Content-Type") != want.Header.Get("Content-Type") || len(body) != 0 {
			t.Errorf("HEAD %s: %d %q, %d bytes; GET gave %d %q", p, res.StatusCode, res.Header.Get("Content-Type"), len(body), want.StatusCode, want.Header.Get("Content-Type"))
		}
		if res.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("HEAD %s: no security headers", p)
		}
		if res.ContentLength == 0 && want.ContentLength != 0 { // an empty GET is not what HEAD describes
			t.Errorf("HEAD %s: Content-Length 0, GET %d", p, want.ContentLength)
		}
	}
}

func TestPanicIsA500WithoutDetails(t *testing.T) {
	a := newTestApp(t)
	a.e.GET("/boom", func(c echo.Context) error { panic("secret internal detail") })
	res, body := a.get("/boom")
	if res.StatusCode != 500 || strings.Contains(body, "secret internal detail") || strings.Contains(body, "goroutine") {
		t.Errorf("panic answer: %d %s", res.StatusCode, body)
	}
	if !strings.Contains(body, "Something went wrong") {
		t.Error("no plain error page")
	}
	if !strings.Contains(a.logs.String(), "secret internal detail") {
		t.Error("panic not logged")
	}
	if res.Header.Get("Content-Security-Policy") == "" {
		t.Error("error page without security headers")
	}
}

func TestHeadersOnEveryResponse(t *testing.T) {
	a := newFixtureApp(t)
	for _, p := range []string{"/", "/programs", "/nowhere", "/api/v1/programs", "/healthz", "/admin/login", "/submit", "/programs/"} {
		res, _ := a.get(p)
		if p == "/programs/" && res.StatusCode != http.StatusMovedPermanently {
			t.Errorf("%s: %d, want the redirect", p, res.StatusCode)
		}
		for h, want := range map[string]string{
			"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
		} {
			if got := res.Header.Get(h); got != want {
				t.Errorf("%s: %s = %q", p, h, got)
			}
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe") {
			t.Errorf("%s: CSP %q", p, csp)
		}
		if res.Header.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS over plain HTTP", p)
		}
	}
	e, err := New(context.Background(), a.store, a.log(), Config{HTTPS: true})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if !strings.Contains(rec.Header().Get("Strict-Transport-Security"), "max-age=") {
		t.Error("no HSTS behind HTTPS")
	}
	for _, c := range rec.Result().Cookies() {
		if !c.Secure || !c.HttpOnly {
			t.Errorf("cookie %s over HTTPS: secure %v httponly %v", c.Name, c.Secure, c.HttpOnly)
		}
	}
}

func TestClientAddressOnlyFromTrustedProxy(t *testing.T) {
	trusted, _ := ParseTrustedProxies("10.0.0.0/8, 127.0.0.1")
	ext := ipExtractor(trusted)
	none := ipExtractor(nil)
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.RemoteAddr = "203.0.113.9:5555"
	req.Header.Set("X-Forwarded-For", "1.2.3.4")
	if got := ext(req); got != "203.0.113.9" {
		t.Errorf("untrusted peer with XFF: %s", got)
	}
	if got := none(req); got != "203.0.113.9" {
		t.Errorf("no proxy configured: %s", got)
	}
	req.RemoteAddr = "10.1.2.3:5555"
	req.Header.Set("X-Forwarded-For", "6.6.6.6, 198.51.100.7, 10.0.0.2")
	if got := ext(req); got != "198.51.100.7" {
		t.Errorf("behind trusted proxies: %s", got)
	}
	if _, err := ParseTrustedProxies("not-an-ip"); err == nil {
		t.Error("bad proxy accepted")
	}
	// An entry with its port is the address; one that is no address is
	// that client's own, not the proxy's (whose bucket every such client
	// shared, with all the clients behind it that sent no header).
	for xff, want := range map[string]string{
		"203.0.113.9:4444":              "203.0.113.9",
		"[2001:db8::1]:4444":            "2001:db8::1",
		"6.6.6.6, 203.0.113.7, unknown": "forwarded:unknown",
		"203.0.113.8, garbage":          "forwarded:garbage",
		"203.0.113.8, 10.0.0.2":         "203.0.113.8",
		"":                              "10.1.2.3",
	} {
		req.Header.Set("X-Forwarded-For", xff)
		if got := ext(req); got != want {
			t.Errorf("X-Forwarded-For %q: client %s, want %s", xff, got, want)
		}
	}
}

func TestNoStateChangeOverGET(t *testing.T) {
	a := newFixtureApp(t)
	a.addUser("admin@example.org", "admin")
	b := a.browser()
	track := b.submit(validSubmission("Harbour Mentors"))
	b.login("admin@example.org")
	ctx := context.Background()
	before, _ := a.store.TableCounts(ctx)
	_, beforeAudit, _ := a.store.AuditEvents(ctx, modelsAuditAll)
	for _, r := range a.e.Routes() {
		if r.Method != http.MethodGet {
			continue
		}
		path := strings.NewReplacer(":slug", "education-first", ":token", strings.TrimPrefix(track, "/submissions/"), ":id", "1", "*", "x").Replace(r.Path)
		if strings.Contains(path, "logout") {
			continue
		}
		b.get(path)
		b.get(path + "?approve=1&state=approved&action=archive")
	}
	after, _ := a.store.TableCounts(ctx)
	_, afterAudit, _ := a.store.AuditEvents(ctx, modelsAuditAll)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("GET requests changed %s: %d → %d", k, v, after[k])
		}
	}
	if afterAudit != beforeAudit {
		t.Errorf("GET requests wrote %d audit events", afterAudit-beforeAudit)
	}
}

func TestIDsAndStatesNeverComeFromTheClient(t *testing.T) {
	a := newFixtureApp(t)
	b := a.browser()
	form := validSubmission("Sneaky")
	for k, v := range map[string]string{"state": "approved", "id": "1", "program_pk": "1", "kind": "update", "status": "published", "version": "99"} {
		form.Set(k, v)
	}
	track := b.submit(form)
	_, body := b.get(track)
	contains(t, body, "Waiting for review")
	items, _, _ := a.store.Queue(context.Background(), modelsQueueAll)
	if len(items) != 1 || items[0].Kind != "new" || items[0].State != "pending" || items[0].ProgramPK != nil || items[0].Version != 1 {
		t.Errorf("stored: %+v", items[0].Submission)
	}
	if a.search("q=sneaky").Total != 0 {
		t.Error("published by the client")
	}
}

func TestEscapingInAttributesAndURLs(t *testing.T) {
	a := newTestApp(t)
	a.importCSV(`Attr Test,Org,"Summary"" onmouseover=""alert(1)",,education,children,,en,,,BE,,"Gent"" autofocus onfocus=""alert(2)",,,false,"https://x.example/?q=""><script>alert(3)</script>",x@example.org,,,,,,,2026-01-01
`)
	for _, p := range []string{"/programs?q=attr", "/programs/attr-test", "/programs?city=" + url.QueryEscape(`Gent" autofocus onfocus="alert(2)`)} {
		_, body := a.get(p)
		for _, bad := range []string{`" onmouseover="alert(1)`, `" autofocus onfocus="alert(2)"`, `"><script>alert(3)`} {
			if strings.Contains(body, bad) {
				t.Errorf("%s: unescaped %q", p, bad)
			}
		}
	}
	// javascript: and data: URLs are refused at the door.
	b := a.browser()
	b.get("/submit")
	for _, u := range []string{"javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", "//evil.example", "/relative"} {
		form := validSubmission("URL Test")
		form.Set("website", u)
		res, body := b.post("/submit", form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-website-error"`) {
			t.Errorf("website %q: %d", u, res.StatusCode)
		}
	}
}

func TestLogsOfAFullJourneyBetrayNothing(t *testing.T) {
	a := newFixtureApp(t)
	a.addUser("moderator.secret@example.org", "moderator")
	ngo, mod := a.browser(), a.browser()
	ngo.get("/programs?q=secretsearchterm&city=Secretville")
	a.get("/api/v1/programs?q=secretsearchterm")
	form := validSubmission("Harbour Mentors")
	form.Set("submitter_email", "submitter.secret@example.org")
	track := ngo.submit(form)
	ngo.get(track)
	ngo.get("/admin/login")
	ngo.post("/admin/login", url.Values{"email": {"moderator.secret@example.org"}, "password": {"wrong-password-secret"}})
	mod.login("moderator.secret@example.org")
	id := mod.firstInQueue()
	mod.decide(id, "request-changes", "secret moderator message")
	ngo.get(track + "/edit")
	mod.post("/admin/logout", nil)
	logs := a.logs.String()
	token := strings.TrimPrefix(track, "/submissions/")
	for _, secret := range []string{"secretsearchterm", "Secretville", "submitter.secret", "moderator.secret", "wrong-password-secret",
		"correct horse battery", token, "secret moderator message", "sam@harbour.example"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the logs contain %q", secret)
		}
	}
	for _, want := range []string{"route=/submissions/:token", "status=303", "duration_ms=", "id="} {
		if !strings.Contains(logs, want) {
			t.Errorf("the logs lack %q", want)
		}
	}
}

func TestMalformedBytesInPathsAre4xx(t *testing.T) {
	a := newFixtureApp(t)
	b := a.moderator()
	for _, p := range []string{"/programs/%FF", "/programs/%FF/print", "/programs/%C3%28/report", "/api/v1/programs/%FF",
		"/submissions/%FF%FE", "/admin/programs/%FF/edit", "/admin/submissions/%FF"} {
		res, _ := b.get(p)
		if res.StatusCode >= 500 || res.StatusCode < 400 {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
}

// countingBody is a request body of n bytes of form data that counts
// what the server read of it.
type countingBody struct{ n, read int }

func (b *countingBody) Read(p []byte) (int, error) {
	if b.read >= b.n {
		return 0, io.EOF
	}
	k := min(len(p), b.n-b.read)
	for i := range p[:k] {
		p[i] = 'x'
	}
	copy(p, "csrf=")
	b.read += k
	return k, nil
}

// TestBodyLimitsComeBeforeTheFormIsRead: a body sent without its length
// (chunked) is read no further than its route's limit, even on routes
// whose CSRF check reads the form: the limits on the routes came after
// that check, and 5 MB were read and parsed before a 403.
func TestBodyLimitsComeBeforeTheFormIsRead(t *testing.T) {
	a := newFixtureApp(t)
	for path, limit := range map[string]int{
		"/admin/login": 16 << 10, "/programs/education-first/report": 64 << 10, "/admin/submissions/1/approve": 64 << 10,
		"/submit": 128 << 10, "/programs/education-first/suggest": 128 << 10, "/admin/programs/x/edit": 128 << 10,
	} {
		body := &countingBody{n: 5 << 20}
		req := httptest.NewRequest(http.MethodPost, path, body)
		req.ContentLength = -1 // unknown: the limit must stop the reading
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		a.e.ServeHTTP(rec, req)
		if rec.Code < 400 || body.read > limit+64<<10 {
			t.Errorf("%s: %d after reading %d bytes (limit %d)", path, rec.Code, body.read, limit)
		}
	}
}

// TestIPv6ClientsAreLimitedByTheirNetwork: an IPv6 client holds a whole
// /64 (a home line, a rented server), and each of its addresses was a
// client of its own, with its own allowance of logins and public writes:
// one machine had billions. A /64 is one client; IPv4 addresses are each
// their own. The same behind a trusted proxy.
func TestIPv6ClientsAreLimitedByTheirNetwork(t *testing.T) {
	a := newTestApp(t)
	trusted, _ := ParseTrustedProxies("10.0.0.0/8")
	for _, proxied := range []bool{false, true} {
		cfg := Config{LoginLimit: Limit{Burst: 3, Per: time.Hour}}
		if proxied {
			cfg.TrustedProxies = trusted
		}
		e, err := New(context.Background(), a.store, a.log(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		login := func(addr string) int {
			n++
			csrf := strings.Repeat("c", 43)
			form := url.Values{"csrf": {csrf}, "email": {fmt.Sprintf("nobody%d@example.org", n)}, "password": {"a guess"}}
			req := httptest.NewRequest(http.MethodPost, "/admin/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(&http.Cookie{Name: csrfCookie, Value: csrf})
			req.RemoteAddr = net.JoinHostPort(addr, "4444")
			if proxied {
				req.RemoteAddr = "10.0.0.1:4444"
				req.Header.Set("X-Forwarded-For", "198.51.100.1, "+addr)
			}
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			return rec.Code
		}
		for i := range 3 {
			if code := login(fmt.Sprintf("2001:db8:1:2::%x", i+1)); code == http.StatusTooManyRequests {
				t.Fatalf("proxied %v: attempt %d from one /64 refused", proxied, i+1)
			}
		}
		for _, addr := range []string{"2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::abcd"} {
			if code := login(addr); code != http.StatusTooManyRequests {
				t.Errorf("proxied %v: a fourth address of the /64 (%s): %d, want 429", proxied, addr, code)
			}
		}
		for _, addr := range []string{"2001:db8:1:3::1", "203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"} {
			if code := login(addr); code == http.StatusTooManyRequests {
				t.Errorf("proxied %v: %s, another client, refused", proxied, addr)
			}
		}
		// An IPv4 address written in IPv6 (mapped) is the same client.
		login("203.0.113.1")
		login("203.0.113.1")
		if code := login("::ffff:203.0.113.1"); code != http.StatusTooManyRequests {
			t.Errorf("proxied %v: 203.0.113.1 written as ::ffff:203.0.113.1 is another client: %d", proxied, code)
		}
	}
}

// TestClientRequestIDOnlyWhenPlain: a client's X-Request-Id, written in the
// log and sent back, is kept when it is a plain id, and replaced when it
// is long or carries anything else.
func TestClientRequestIDOnlyWhenPlain(t *testing.T) {
	a := newTestApp(t)
	for id, kept := range map[string]bool{
		"3f1c2a9e-77b0-4c1e-9d2a-0b6e1d2c3f4a": true,
		"lb:abc.123_x":                         true,
		strings.Repeat("a", 65):                false,
		strings.Repeat("x", 4000):              false,
		`<script>alert(1)</script>`:            false,
		"search=my neighbour's son":            false,
	} {
		res, _ := a.get("/healthz", "X-Request-Id", id)
		got := res.Header.Get("X-Request-Id")
		if kept != (got == id) || got == "" || !plainID(got) {
			t.Errorf("%.40q: sent back %.40q", id, got)
		}
		if !kept && strings.Contains(a.logs.String(), id) {
			t.Errorf("%.40q: written in the log", id)
		}
	}
}
