package handlers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"pathways/models"
)

func TestPostWithoutCSRFIsRefused(t *testing.T) {
	a := newFixtureApp(t)
	b := a.moderator()
	for _, r := range a.e.Routes() {
		if r.Method != http.MethodPost {
			continue
		}
		path := strings.NewReplacer(":slug", "education-first", ":token", "AAAAAAAAAAAAAAAAAAAAAA", ":id", "1").Replace(r.Path)
		for _, token := range []string{"", "forged-token-forged-token-forged-token-abcd"} {
			res, _ := b.post(path, url.Values{"csrf": {token}})
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("POST %s with csrf %q: %d, want 403", path, token, res.StatusCode)
			}
		}
	}
	// A foreign Origin is refused even with the right token.
	req, _ := http.NewRequest(http.MethodPost, b.srv.URL+"/submit", strings.NewReader(url.Values{"csrf": {b.csrf}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	res, err := b.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("foreign origin: %d", res.StatusCode)
	}
}

func TestAdminRoutesNeedASession(t *testing.T) {
	a := newFixtureApp(t)
	b := a.browser()
	b.get("/admin/login")
	for _, r := range a.e.Routes() {
		if !strings.HasPrefix(r.Path, "/admin") || r.Path == "/admin/login" || (r.Method != http.MethodGet && r.Method != http.MethodPost) {
			continue
		}
		path := strings.ReplaceAll(r.Path, ":id", "1")
		var res *http.Response
		if r.Method == http.MethodGet {
			res, _ = b.get(path)
		} else {
			res, _ = b.post(path, nil) // with a valid CSRF token
		}
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/login" {
			t.Errorf("%s %s without a session: %d %s", r.Method, path, res.StatusCode, res.Header.Get("Location"))
		}
		if res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s %s: no Cache-Control: no-store", r.Method, path)
		}
	}
}

func TestLoginSessionsAndLogout(t *testing.T) {
	a := newFixtureApp(t)
	a.addUser("mod@example.org", "moderator")
	b := a.browser()
	_, body := b.get("/admin/login")
	contains(t, body, `autocomplete="current-password"`)
	u, _ := url.Parse(b.srv.URL)
	// A session cookie planted before login is not the one after it.
	b.http.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: "planted-by-an-attacker", Path: "/"}})
	res, _ := b.post("/admin/login", url.Values{"email": {"MOD@example.org"}, "password": {"correct horse battery"}})
	if location(t, res) != "/admin" {
		t.Fatal("login did not lead to the queue")
	}
	var cookie *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == sessionCookie {
			cookie = c
		}
	}
	if cookie == nil || cookie.Value == "planted-by-an-attacker" || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie: %+v", cookie)
	}
	res, body = b.get("/admin")
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-store" || !strings.Contains(body, "Moderation queue") {
		t.Fatalf("queue: %d", res.StatusCode)
	}
	// Logout ends the session on the server: the old cookie is useless.
	res, _ = b.post("/admin/logout", nil)
	if location(t, res) != "/admin/login?out=1" {
		t.Fatal("logout")
	}
	thief := a.browser()
	thief.http.Jar.SetCookies(u, []*http.Cookie{cookie})
	res, _ = thief.get("/admin")
	if location(t, res) != "/admin/login" {
		t.Error("an old session cookie still works after logout")
	}
}

// TestCSRFSecretRenewedAtLoginAndLogout: the CSRF secret a browser had
// before signing in (planted by someone, or seen over its shoulder) does
// not pass once it is signed in, nor the signed-in one after it signs
// out; the new one does.
func TestCSRFSecretRenewedAtLoginAndLogout(t *testing.T) {
	a := newFixtureApp(t)
	a.addUser("mod@example.org", "moderator")
	b := a.browser()
	b.get("/admin/login")
	before := b.csrf
	res, _ := b.post("/admin/login", url.Values{"email": {"mod@example.org"}, "password": {"correct horse battery"}})
	if location(t, res) != "/admin" {
		t.Fatal("login")
	}
	renewed := false
	for _, c := range res.Cookies() {
		if c.Name == csrfCookie && c.Value != before && c.Value != "" && c.HttpOnly && c.SameSite == http.SameSiteStrictMode {
			renewed = true
		}
	}
	if !renewed {
		t.Fatal("the login response sets no new CSRF cookie")
	}
	if res, _ = b.post("/admin/logout", url.Values{"csrf": {before}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("the secret from before the login still passes: %d", res.StatusCode)
	}
	b.get("/admin")
	if b.csrf == before {
		t.Fatal("the queue's forms carry the old secret")
	}
	signedIn := b.csrf
	if res, _ = b.post("/admin/logout", nil); location(t, res) != "/admin/login?out=1" {
		t.Fatal("logout with the new secret")
	}
	b.get("/admin/login")
	if b.csrf == signedIn {
		t.Fatal("the secret of the session outlives its logout")
	}
	if res, _ = b.post("/admin/login", url.Values{"csrf": {signedIn}, "email": {"mod@example.org"}, "password": {"correct horse battery"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("the signed-in secret still passes after the logout: %d", res.StatusCode)
	}
}

func TestSessionTimeouts(t *testing.T) {
	a := newFixtureApp(t)
	a.addUser("mod@example.org", "moderator")
	for _, c := range []struct {
		name              string
		created, lastSeen time.Duration
	}{
		{"idle", -time.Hour, -models.SessionIdleTimeout - time.Minute},
		{"absolute", -models.SessionAbsoluteTimeout - time.Minute, -time.Minute},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := a.browser()
			b.login("mod@example.org")
			u, _ := url.Parse(b.srv.URL)
			var token string
			for _, ck := range b.http.Jar.Cookies(u) {
				if ck.Name == sessionCookie {
					token = ck.Value
				}
			}
			now := time.Now().UTC()
			if err := a.store.SetSessionTimesForTest(context.Background(), token, now.Add(c.created), now.Add(c.lastSeen)); err != nil {
				t.Fatal(err)
			}
			res, _ := b.get("/admin")
			if location(t, res) != "/admin/login" {
				t.Errorf("expired session still works")
			}
		})
	}
}

func TestLoginFailuresLookAlikeAndLockOut(t *testing.T) {
	a := newFixtureApp(t)
	a.addUser("mod@example.org", "moderator")
	b := a.browser()
	b.get("/admin/login")
	_, unknown := b.post("/admin/login", url.Values{"email": {"nobody@example.org"}, "password": {"correct horse battery"}})
	res, wrong := b.post("/admin/login", url.Values{"email": {"mod@example.org"}, "password": {"wrong password!"}})
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong password: %d", res.StatusCode)
	}
	msg := "The e-mail or the password is wrong."
	if !strings.Contains(unknown, msg) || !strings.Contains(wrong, msg) {
		t.Error("unknown user and wrong password answer differently")
	}
	// The title says it first, as on every form with errors.
	contains(t, wrong, "<title>Error: Moderator login")
	if !strings.Contains(wrong, `value="mod@example.org"`) {
		t.Error("the e-mail typed is lost")
	}
	for i := 0; i < models.LoginMaxFailures; i++ {
		b.post("/admin/login", url.Values{"email": {"mod@example.org"}, "password": {"wrong password!"}})
	}
	res, body := b.post("/admin/login", url.Values{"email": {"mod@example.org"}, "password": {"correct horse battery"}})
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "Too many failed attempts") {
		t.Errorf("after repeated failures the right password still logs in: %d", res.StatusCode)
	}
	contains(t, body, "<title>Error: Moderator login")
	_, body = a.browser().get("/admin/login")
	_ = body
}

func TestLoginIsRateLimitedPerClient(t *testing.T) {
	a := newFixtureApp(t)
	// This app keeps the default limits.
	e, err := New(context.Background(), a.store, a.log(), Config{})
	if err != nil {
		t.Fatal(err)
	}
	a.e = e
	b := a.browser()
	b.get("/admin/login")
	limited := false
	for i := 0; i < 30; i++ {
		res, _ := b.post("/admin/login", url.Values{"email": {"x" + strings.Repeat("y", i) + "@example.org"}, "password": {"whatever"}})
		if res.StatusCode == http.StatusTooManyRequests {
			limited = true
			if res.Header.Get("Retry-After") == "" {
				t.Error("no Retry-After")
			}
			break
		}
	}
	if !limited {
		t.Error("30 login attempts from one client were not limited")
	}
}

func TestDisabledModeratorIsLockedOutAtOnce(t *testing.T) {
	a := newFixtureApp(t)
	a.addUser("admin@example.org", "admin")
	victim := a.addUser("mod@example.org", "moderator")
	admin, mod := a.browser(), a.browser()
	admin.login("admin@example.org")
	mod.login("mod@example.org")
	if res, _ := mod.get("/admin"); res.StatusCode != 200 {
		t.Fatal("moderator not logged in")
	}
	// A moderator cannot manage users.
	if res, _ := mod.get("/admin/users"); res.StatusCode != http.StatusForbidden {
		t.Errorf("moderator sees users: %d", res.StatusCode)
	}
	if res, _ := mod.post("/admin/users", url.Values{"email": {"new@example.org"}, "role": {"admin"}, "password": {"correct horse battery"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("moderator adds a user: %d", res.StatusCode)
	}
	_, body := admin.get("/admin/users")
	contains(t, body, "mod@example.org", "Disable mod@example.org")
	res, _ := admin.post("/admin/users/"+itoa(victim.ID)+"/disable", nil)
	if location(t, res) != "/admin/users" {
		t.Fatal("disable")
	}
	if res, _ := mod.get("/admin"); location(t, res) != "/admin/login" {
		t.Error("a disabled moderator's session still works")
	}
	mod.get("/admin/login")
	if res, _ := mod.post("/admin/login", url.Values{"email": {"mod@example.org"}, "password": {"correct horse battery"}}); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("a disabled moderator can log in: %d", res.StatusCode)
	}
	admin.post("/admin/users/"+itoa(victim.ID)+"/enable", nil)
	mod.login("mod@example.org")
	// Admins add moderators; a short password is refused with the form kept.
	admin.get("/admin/users")
	res, body = admin.post("/admin/users", url.Values{"email": {"new@example.org"}, "role": {"moderator"}, "password": {"short"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `value="new@example.org"`) {
		t.Errorf("short password: %d", res.StatusCode)
	}
	res, _ = admin.post("/admin/users", url.Values{"email": {"new@example.org"}, "role": {"moderator"}, "password": {"another long password"}})
	if location(t, res) != "/admin/users" {
		t.Fatal("add user")
	}
	_, body = admin.get("/admin/audit")
	contains(t, body, "User added", "User disabled", "User re-enabled", "Failed login", "Logged in")
}

// TestAddUserErrorsAreAnnouncedLikeTheProgramForm: a summary at the top
// that takes the focus and links each field in form order, the title
// starting with "Error:", and field errors that say they are errors.
func TestAddUserErrorsAreAnnouncedLikeTheProgramForm(t *testing.T) {
	a := newFixtureApp(t)
	a.addUser("admin@example.org", "admin")
	admin := a.browser()
	admin.login("admin@example.org")
	admin.get("/admin/users")
	res, body := admin.post("/admin/users", url.Values{"email": {"not an e-mail"}, "role": {"owner"}, "password": {"short"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", res.StatusCode)
	}
	contains(t, body, "<title>Error: Users",
		`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" id="error-summary" autofocus>`,
		`<h2 id="error-summary-title">There are 3 problems with your form</h2>`,
		`<ul><li><a href="#f-email">E-mail: Enter an e-mail address such as name@example.org.</a></li>`+
			`<li><a href="#f-role">Role: This is required.</a></li>`+
			`<li><a href="#f-password">Initial password: Use at least 12 characters.</a></li></ul>`,
		`<p class="field-error" id="f-email-error"><span class="visually-hidden">Error: </span>Enter an e-mail address`,
		`<p class="field-error" id="f-role-error"><span class="visually-hidden">Error: </span>This is required.</p>`,
		`<p class="field-error" id="f-password-error"><span class="visually-hidden">Error: </span>Use at least 12 characters.</p>`,
		`id="f-email" name="email" value="not an e-mail" maxlength="254" autocomplete="off" aria-invalid="true" aria-describedby="f-email-error"`)
	if s, table := strings.Index(body, `id="error-summary"`), strings.Index(body, "<table"); s < 0 || s > table {
		t.Error("the summary is not above the list of users")
	}
	// An e-mail already taken is found only by the store: announced the same way.
	_, body = admin.post("/admin/users", url.Values{"email": {"admin@example.org"}, "role": {"moderator"}, "password": {"another long password"}})
	contains(t, body, "<title>Error: Users", `<h2 id="error-summary-title">There is 1 problem with your form</h2>`,
		`<a href="#f-email">E-mail: There is already an account with this e-mail.</a>`)
	// No summary and no "Error:" when all is well.
	_, body = admin.get("/admin/users")
	if strings.Contains(body, "error-summary") || strings.Contains(body, "<title>Error:") {
		t.Error("the list of users shows an error summary with no error")
	}
}

func TestProgramsPanel(t *testing.T) {
	a := newFixtureApp(t)
	b := a.moderator()
	_, body := b.get("/admin/programs?q=education")
	contains(t, body, "Education First")
	l := a.search("q=education")
	id := l.Items[0].ID
	// Archive: gone from search and its page at once.
	b.get("/admin/programs/" + id + "/edit")
	res, _ := b.post("/admin/programs/"+id+"/archive", nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("archive: %d", res.StatusCode)
	}
	if a.search("q=education").Total != 1 || a.search("theme=education").Total != 0 {
		t.Error("archived program still searchable")
	}
	if res, _ := a.get("/programs/education-first"); res.StatusCode != 404 {
		t.Error("archived program page still public")
	}
	b.post("/admin/programs/"+id+"/restore", nil)
	if a.search("theme=education").Total != 1 {
		t.Error("restored program not searchable")
	}
	// Verify: today's date (the application's clock) and who.
	b.post("/admin/programs/"+id+"/verify", nil)
	p, _ := a.store.ProgramByID(context.Background(), id)
	if p.LastVerified == nil || *p.LastVerified != testNow.Format(time.DateOnly) || p.VerifiedBy != "mod@example.org" {
		t.Errorf("verify: %v %q", p.LastVerified, p.VerifiedBy)
	}
	// Direct edit, with the version check.
	_, body = b.get("/admin/programs/" + id + "/edit")
	v := versionRe.FindStringSubmatch(body)[1]
	form := validSubmission("Education First")
	form.Set("organization", "Org A")
	form.Set("summary", "Edited by a moderator")
	form.Set("version", v)
	res, _ = b.post("/admin/programs/"+id+"/edit", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	if l := a.search("q=edited"); l.Total != 1 {
		t.Error("edit not searchable")
	}
	// A second moderator's edit of the version before: a conflict that
	// keeps their words, names the fields that differ from what is saved,
	// and carries the saved version, so saving again works.
	form.Set("summary", "Tutoring by volunteers")
	res, body = b.post("/admin/programs/"+id+"/edit", form) // same version again: stale
	if res.StatusCode != http.StatusConflict {
		t.Errorf("stale edit: %d", res.StatusCode)
	}
	contains(t, body, "Someone else saved this program while you were editing it.", ">Tutoring by volunteers</textarea>")
	if !strings.Contains(body, "differs from the form in: Summary") {
		t.Error("the fields that differ are not named")
	}
	if l := a.search("q=edited"); l.Total != 1 {
		t.Error("a stale edit overwrote the saved version")
	}
	form.Set("version", versionRe.FindStringSubmatch(body)[1])
	if res, _ = b.post("/admin/programs/"+id+"/edit", form); res.StatusCode != http.StatusSeeOther {
		t.Errorf("saving again after the conflict: %d", res.StatusCode)
	}
	if l := a.search("q=volunteers"); l.Total != 1 {
		t.Error("the edit saved after the conflict is not live")
	}
	_, body = b.get("/admin/audit")
	contains(t, body, "Archived", "Restored", "Verified", "Edited")
}

func itoa(n int64) string { return strconvFormat(n) }

// TestProgramsPanelListsStaleListings: the panel lists the listings that
// practitioners are warned about (not verified in the last 12 months),
// and its pages keep the filter.
func TestProgramsPanelListsStaleListings(t *testing.T) {
	a := newFixtureApp(t)
	b := a.moderator()
	_, body := b.get("/admin/programs?verified=stale")
	if got := adminProgramNames(body); !slices.Equal(got, []string{"Youth Club North"}) {
		t.Errorf("stale listings: %v", got)
	}
	contains(t, body, `<option value="stale" selected>Not verified in the last 12 months</option>`, `<label for="f-verified">Verification</label>`)
	_, body = b.get("/admin/programs")
	if got := adminProgramNames(body); len(got) != 6 {
		t.Errorf("without the filter: %v", got)
	}
	var rows strings.Builder
	for i := range 55 {
		fmt.Fprintf(&rows, "Old %02d,Org Old,Summary,Description,education,young-people,primary,en,in-person,free,GB,England,Leeds,,,false,,o%d@example.org,,,,,,not_evaluated,2024-03-%02d\n", i, i, 1+i%28)
	}
	a.importCSV(rows.String())
	_, body = b.get("/admin/programs?verified=stale")
	contains(t, body, `href="/admin/programs?page=2&amp;verified=stale"`)
	_, body = b.get("/admin/programs?page=2&verified=stale")
	if got := adminProgramNames(body); len(got) != 6 || got[5] != "Youth Club North" { // 56 in all, the most recent last
		t.Errorf("second page of stale listings: %v", got)
	}
	a.importCSV("Never Checked,Org N,Summary,Description,education,young-people,primary,en,in-person,free,GB,England,Leeds,,,false,,n@example.org,,,,,,not_evaluated,\n")
	_, body = b.get("/admin/programs?q=never")
	// A screen reader says so, rather than "em dash".
	contains(t, body, `<td><span aria-hidden="true">—</span><span class="visually-hidden">Not verified yet</span></td>`)
}

var adminProgramRe = regexp.MustCompile(`<a href="/admin/programs/[^"]+/edit"><bdi>([^<]+)</bdi></a>`)

func adminProgramNames(body string) []string {
	var out []string
	for _, m := range adminProgramRe.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestCorrectLoginsCountAgainstTheClientLimit: the limit per client
// address counts every attempt, a success too, so an attacker cannot win
// back attempts at another account by logging into their own between
// guesses (TestOwnLoginsEraseNoOtherAccountsFailures is the same for the
// account's own lockout).
func TestCorrectLoginsCountAgainstTheClientLimit(t *testing.T) {
	a := newFixtureApp(t)
	a.addUser("attacker@example.org", "moderator")
	a.addUser("victim@example.org", "admin")
	const burst = 6
	e, err := New(context.Background(), a.store, a.log(), Config{LoginLimit: Limit{Burst: burst, Per: time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	a.e = e
	b := a.browser()
	b.get("/admin/login")
	for i := range burst {
		form := url.Values{"email": {"victim@example.org"}, "password": {"a guess"}}
		if i%2 == 1 {
			form = url.Values{"email": {"attacker@example.org"}, "password": {"correct horse battery"}}
		}
		if res, _ := b.post("/admin/login", form); res.StatusCode == http.StatusTooManyRequests {
			t.Fatalf("attempt %d of %d refused", i+1, burst)
		}
		if i%2 == 1 {
			b.get("/admin") // a login renews the CSRF secret
		}
	}
	for _, email := range []string{"victim@example.org", "attacker@example.org"} {
		res, _ := b.post("/admin/login", url.Values{"email": {email}, "password": {"correct horse battery"}})
		if res.StatusCode != http.StatusTooManyRequests {
			t.Errorf("%s after %d attempts, half of them successes: %d, want 429", email, burst, res.StatusCode)
		}
	}
}

// TestNewPasswordEndsEverySession: a password that leaked or was
// forgotten could not be changed at all (an account could only be
// disabled). `pathways user password` (Store.SetPassword) sets a new one,
// signs the account out everywhere, so whoever held the old password and
// a session is out at once, lifts its lockout, and is in the audit log.
func TestNewPasswordEndsEverySession(t *testing.T) {
	a := newFixtureApp(t)
	a.addUser("admin@example.org", "admin")
	a.addUser("mod@example.org", "moderator")
	mod, thief := a.browser(), a.browser()
	mod.login("mod@example.org")
	thief.login("MOD@example.org")
	// The guesses go through the form with its token: a browser that
	// never loaded the page is refused by the CSRF check, and no failure
	// is counted.
	guesser := a.browser()
	guesser.get("/admin/login")
	for range models.LoginMaxFailures {
		guesser.post("/admin/login", url.Values{"email": {"mod@example.org"}, "password": {"a guess"}})
	}
	ctx := context.Background()
	if _, err := a.store.Authenticate(ctx, "mod@example.org", "correct horse battery"); !errors.Is(err, models.ErrLockedOut) {
		t.Fatalf("after %d wrong passwords the account is not locked out: %v", models.LoginMaxFailures, err)
	}
	if err := a.store.SetPassword(ctx, models.ActorCommandLine, " Mod@Example.org ", "a brand new passphrase"); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string]*browser{"the moderator": mod, "the thief": thief} {
		if res, _ := b.get("/admin"); location(t, res) != "/admin/login" {
			t.Errorf("%s's session still works after the password changed", name)
		}
	}
	if _, err := a.store.Authenticate(ctx, "mod@example.org", "correct horse battery"); err == nil {
		t.Error("the old password still works")
	}
	if _, err := a.store.Authenticate(ctx, "mod@example.org", "a brand new passphrase"); err != nil {
		t.Errorf("the new password, once the account was locked out: %v", err)
	}
	if err := a.store.SetPassword(ctx, models.ActorCommandLine, "nobody@example.org", "a brand new passphrase"); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("an unknown e-mail: %v", err)
	}
	if err := a.store.SetPassword(ctx, models.ActorCommandLine, "mod@example.org", "short"); !errors.Is(err, models.ErrWeakPassword) {
		t.Errorf("a short password: %v", err)
	}
	admin := a.browser()
	admin.login("admin@example.org")
	_, body := admin.get("/admin/audit")
	contains(t, body, "Password changed")
}

// TestProgramsPanelFindsALongNameInAnyScript: the panel's search box
// takes 200 characters, and the search all of them; it cut the query at
// 200 bytes, inside a letter of a long Arabic or accented name, and found
// nothing (on PostgreSQL the broken letter was a 400).
func TestProgramsPanelFindsALongNameInAnyScript(t *testing.T) {
	a := newTestApp(t)
	name := strings.TrimSpace(strings.Repeat("برنامج ", 16))
	a.importCSV(name + ",Org,A summary,,education,children,,ar,,,BE,,Gent,,,false,,,,,,,,,2026-01-01\n")
	b := a.moderator()
	res, body := b.get("/admin/programs?q=" + url.QueryEscape(name))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("search of a %d-letter name: %d", len([]rune(name)), res.StatusCode)
	}
	contains(t, body, "<bdi>"+name+"</bdi>", `value="`+name+`"`)
	if got, want := truncate("aé"+strings.Repeat("x", 5), 2), "aé"; got != want {
		t.Errorf("truncate: %q, want %q", got, want)
	}
}

// TestProgramsPanelSearchIgnoresCaseAndAccents: moderators type names
// without their accents or capitals ("ecole", "MUNCHEN") and find them,
// and Arabic as written; the box keeps what they typed.
func TestProgramsPanelSearchIgnoresCaseAndAccents(t *testing.T) {
	a := newTestApp(t)
	a.importCSV(`École de la paix,Association Paix,A summary,,education,children,,fr,,,BE,,Liège,,,false,,,,,,,,,2026-01-01
Jugendhilfe München,Stadtjugendring München,A summary,,education,children,,de,,,DE,,München,,,false,,,,,,,,,2026-01-01
مدرسة الأمل,جمعية الأمل,A summary,,education,children,,ar,,,BE,,Bruxelles,,,false,,,,,,,,,2026-01-01
`)
	names := []string{"École de la paix", "Jugendhilfe München", "مدرسة الأمل"}
	b := a.moderator()
	for _, c := range []struct{ q, want string }{
		{"ecole", names[0]}, {"ÉCOLE", names[0]}, {"association PAIX", names[0]},
		{"MUNCHEN", names[1]}, {"munchen", names[1]}, {"München", names[1]},
		{"مدرسة الأمل", names[2]}, {"جمعية", names[2]},
	} {
		res, body := b.get("/admin/programs?q=" + url.QueryEscape(c.q))
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%q: %d", c.q, res.StatusCode)
		}
		contains(t, body, "<bdi>"+c.want+"</bdi>", `id="f-q" name="q" value="`+c.q+`"`)
		for _, n := range names {
			if n != c.want && strings.Contains(body, "<bdi>"+n+"</bdi>") {
				t.Errorf("%q also finds %q", c.q, n)
			}
		}
	}
}

// TestAdminEditSentBackSaysErrorInItsTitle: a moderator's edit sent back
// (errors, or someone else's save) says so first in the page's title, as
// the public forms and the users page do; a screen reader heard only
// "Edit a program" again.
func TestAdminEditSentBackSaysErrorInItsTitle(t *testing.T) {
	a := newFixtureApp(t)
	b := a.moderator()
	id := a.search("q=education").Items[0].ID
	_, body := b.get("/admin/programs/" + id + "/edit")
	if strings.Contains(body, "<title>Error:") {
		t.Fatal("the edit form says Error before it is sent")
	}
	v := versionRe.FindStringSubmatch(body)[1]
	form := validSubmission("Education First")
	form.Set("organization", "Org A")
	form.Set("version", v)
	form.Set("name", "")
	res, body := b.post("/admin/programs/"+id+"/edit", form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "<title>Error: ") {
		t.Errorf("sent back with errors: %d, title %q", res.StatusCode, titleRe.FindString(body))
	}
	form.Set("name", "Education First")
	if res, _ := b.post("/admin/programs/"+id+"/edit", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	res, body = b.post("/admin/programs/"+id+"/edit?lang=fr", form) // the version before: stale
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "<title>Erreur\u00a0: ") && !strings.Contains(body, "<title>Erreur : ") {
		t.Errorf("stale edit: %d, title %q", res.StatusCode, titleRe.FindString(body))
	}
}

var titleRe = regexp.MustCompile(`<title>.*?</title>`)

// TestPanelPagesPastTheEnd: a page number past the end (an old link, a
// hand-typed one) leads to the last page, with its filters, rather than
// an empty table with a "Previous" link.
func TestPanelPagesPastTheEnd(t *testing.T) {
	a := newFixtureApp(t)
	b := a.moderator()
	res, _ := b.get("/admin/audit?page=999999")
	if got := location(t, res); got != "/admin/audit?page=1" {
		t.Errorf("audit page past the end went to %q", got)
	}
	res, _ = b.get("/admin/programs?q=education&page=40")
	if got := location(t, res); got != "/admin/programs?page=1&q=education" {
		t.Errorf("programs page past the end went to %q", got)
	}
	if res, _ := b.get("/admin/programs?q=no-such-program-at-all"); res.StatusCode != http.StatusOK {
		t.Errorf("a search that finds nothing: %d", res.StatusCode)
	}
}
