package handlers

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"pathways/models"
)

// browser is a client with a cookie jar that reads CSRF tokens from the
// forms it is shown, as a browser would.
type browser struct {
	t    testing.TB
	srv  *httptest.Server
	http *http.Client
	csrf string
}

func (a *testApp) browser() *browser {
	if a.srv == nil {
		a.srv = httptest.NewServer(a.e)
		a.t.Cleanup(a.srv.Close)
	}
	jar, _ := cookiejar.New(nil)
	return &browser{t: a.t, srv: a.srv, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// get fetches a page and remembers its CSRF token.
func (b *browser) get(path string) (*http.Response, string) {
	b.t.Helper()
	res, err := b.http.Get(b.srv.URL + path)
	if err != nil {
		b.t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if m := csrfRe.FindStringSubmatch(string(body)); m != nil {
		b.csrf = m[1]
	}
	return res, string(body)
}

// post sends a form with the last CSRF token seen (unless noCSRF).
func (b *browser) post(path string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, set := form["csrf"]; !set {
		form.Set("csrf", b.csrf)
	}
	res, err := b.http.PostForm(b.srv.URL+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if m := csrfRe.FindStringSubmatch(string(body)); m != nil {
		b.csrf = m[1]
	}
	return res, string(body)
}

// follow returns the path a redirect leads to.
func location(t *testing.T, res *http.Response) string {
	t.Helper()
	if res.StatusCode != http.StatusSeeOther && res.StatusCode != http.StatusFound {
		t.Fatalf("want a redirect, got %d", res.StatusCode)
	}
	return res.Header.Get("Location")
}

// addUser creates an account directly in the store.
func (a *testApp) addUser(email, role string) *models.User {
	a.t.Helper()
	u, err := a.store.CreateUser(context.Background(), models.ActorImporter, email, "correct horse battery", role)
	if err != nil {
		a.t.Fatal(err)
	}
	return u
}

// login signs a browser in.
func (b *browser) login(email string) {
	b.t.Helper()
	b.get("/admin/login")
	res, body := b.post("/admin/login", url.Values{"email": {email}, "password": {"correct horse battery"}})
	if res.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("login %s: %d %s", email, res.StatusCode, body)
	}
	b.get("/admin") // the CSRF secret is new after a login
}

// moderator is a browser signed in as a new moderator, mod@example.org.
func (a *testApp) moderator() *browser {
	a.t.Helper()
	a.addUser("mod@example.org", "moderator")
	b := a.browser()
	b.login("mod@example.org")
	return b
}

// validSubmission is a complete submission form.
func validSubmission(name string) url.Values {
	return url.Values{
		"name": {name}, "organization": {"Harbour Trust"}, "summary": {"Weekly mentoring for young people."},
		"description": {"Trained volunteers meet young people every week."},
		"themes":      {"youth-mentoring", "education"}, "audiences": {"young-people"}, "level": {"primary"},
		"languages": {"en", "ar"}, "delivery": {"in-person"}, "cost": {"free"}, "age_min": {"12"}, "age_max": {"18"},
		"how_to_refer": {"Call the coordinator."}, "website": {"https://harbour.example"}, "email": {"info@harbour.example"},
		"loc0_city": {"Leeds"}, "loc0_country": {"GB"}, "loc0_address": {"9 Hidden Lane"}, "loc0_confidential": {"1"},
		"submitter_name": {"Sam Submitter"}, "submitter_email": {"sam@harbour.example"}, "evidence": {"not_evaluated"},
	}
}

func contains(t *testing.T, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}
