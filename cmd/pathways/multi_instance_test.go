package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"pathways/models/testdb"
)

// client is a browser with a cookie jar, for one server.
type webClient struct {
	t    *testing.T
	base string
	http *http.Client
	csrf string
}

func newClient(t *testing.T, base string) *webClient {
	jar, _ := cookiejar.New(nil)
	return &webClient{t: t, base: base, http: &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (c *webClient) get(path string) (*http.Response, string) {
	c.t.Helper()
	res, err := c.http.Get(c.base + path)
	if err != nil {
		c.t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if m := csrfRe.FindSubmatch(b); m != nil {
		c.csrf = string(m[1])
	}
	return res, string(b)
}

func (c *webClient) post(path string, form url.Values) (*http.Response, string) {
	c.t.Helper()
	form.Set("csrf", c.csrf)
	res, err := c.http.PostForm(c.base+path, form)
	if err != nil {
		c.t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(b)
}

func (c *webClient) login(email string) {
	c.t.Helper()
	c.get("/admin/login")
	if res, body := c.post("/admin/login", url.Values{"email": {email}, "password": {"correct horse battery"}}); res.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("login on %s: %d %s", c.base, res.StatusCode, body)
	}
}

func (c *webClient) cookie(name string) *http.Cookie {
	u, _ := url.Parse(c.base)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == name {
			return ck
		}
	}
	return nil
}

var (
	miQueueIDRe = regexp.MustCompile(`href="/admin/submissions/(\d+)"`)
	miVersionRe = regexp.MustCompile(`name="version" value="(\d+)"`)
)

func (c *webClient) total(query string) int {
	c.t.Helper()
	_, body := c.get("/api/v1/programs?" + query)
	var out struct{ Total int }
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		c.t.Fatalf("search: %v %s", err, body)
	}
	return out.Total
}

// TestTwoInstancesOnOneDatabase: nothing that matters lives in one
// process.
func TestTwoInstancesOnOneDatabase(t *testing.T) {
	if !testdb.Postgres() {
		t.Skip("needs PostgreSQL: set " + testdb.EnvPostgres + " (see .ci/postgres)")
	}
	ctx := context.Background()
	db := testdb.DSN(t)
	for _, email := range []string{"one@example.org", "two@example.org"} {
		if err := run(ctx, []string{"user", "add", "--db", db, "--email", email, "--role", "moderator"},
			strings.NewReader("correct horse battery\n"), io.Discard, quiet); err != nil {
			t.Fatal(err)
		}
	}
	a := startServer(t, db, "--login-limit", "1000")
	b := startServer(t, db, "--login-limit", "1000")

	// Submit on A, approve on B, found by search on A at once.
	track, err := submit(a.base, "Twin Harbour")
	if err != nil {
		t.Fatal(err)
	}
	modB := newClient(t, b.base)
	modB.login("one@example.org")
	_, body := modB.get("/admin")
	id := miQueueIDRe.FindStringSubmatch(body)[1]
	_, body = modB.get("/admin/submissions/" + id)
	if res, _ := modB.post("/admin/submissions/"+id+"/approve", url.Values{"version": {miVersionRe.FindStringSubmatch(body)[1]}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve on B: %d", res.StatusCode)
	}
	if n := newClient(t, a.base).total("q=twin+harbour"); n != 1 {
		t.Errorf("approved on B, search on A finds %d", n)
	}
	if _, body := newClient(t, a.base).get(track); !strings.Contains(body, "Approved") {
		t.Error("tracking page on A does not show the approval")
	}

	// A session from B works on A; logout on A ends it on B.
	sess := modB.cookie("pw_session")
	onA := newClient(t, a.base)
	u, _ := url.Parse(a.base)
	onA.http.Jar.SetCookies(u, []*http.Cookie{{Name: "pw_session", Value: sess.Value, Path: "/"}})
	if res, _ := onA.get("/admin"); res.StatusCode != 200 {
		t.Fatalf("B's session on A: %d", res.StatusCode)
	}
	if res, _ := onA.post("/admin/logout", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout on A: %d", res.StatusCode)
	}
	if res, _ := modB.get("/admin"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/login" {
		t.Errorf("logged out on A, still in on B: %d", res.StatusCode)
	}

	// Two moderators on A and B: the second is refused.
	if _, err := submit(a.base, "Twin Conflict"); err != nil {
		t.Fatal(err)
	}
	m1, m2 := newClient(t, a.base), newClient(t, b.base)
	m1.login("one@example.org")
	m2.login("two@example.org")
	_, body = m1.get("/admin")
	id = miQueueIDRe.FindStringSubmatch(body)[1]
	_, p1 := m1.get("/admin/submissions/" + id)
	_, p2 := m2.get("/admin/submissions/" + id)
	if res, _ := m1.post("/admin/submissions/"+id+"/approve", url.Values{"version": {miVersionRe.FindStringSubmatch(p1)[1]}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first moderator on A: %d", res.StatusCode)
	}
	if res, _ := m2.post("/admin/submissions/"+id+"/reject", url.Values{"version": {miVersionRe.FindStringSubmatch(p2)[1]}, "message": {"no"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("second moderator on B: %d, want 409", res.StatusCode)
	}

	// Failed logins spread over A and B lock the account for both.
	ca, cb := newClient(t, a.base), newClient(t, b.base)
	ca.get("/admin/login")
	cb.get("/admin/login")
	for i := 0; i < 3; i++ {
		ca.post("/admin/login", url.Values{"email": {"two@example.org"}, "password": {"wrong"}})
		cb.post("/admin/login", url.Values{"email": {"two@example.org"}, "password": {"wrong"}})
	}
	if res, _ := ca.post("/admin/login", url.Values{"email": {"two@example.org"}, "password": {"correct horse battery"}}); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("6 failures over two instances did not lock the account: %d", res.StatusCode)
	}
}
