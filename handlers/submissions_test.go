package handlers

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"pathways/models"
)

var trackingRe = regexp.MustCompile(`^/submissions/([A-Za-z0-9_-]{22})\?created=1$`)

// submit posts a submission form and returns its tracking path.
func (b *browser) submit(form url.Values) string {
	b.t.Helper()
	b.get("/submit")
	res, body := b.post("/submit", form)
	if res.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("submit: %d\n%s", res.StatusCode, body)
	}
	loc := res.Header.Get("Location")
	m := trackingRe.FindStringSubmatch(loc)
	if m == nil {
		b.t.Fatalf("tracking link %q", loc)
	}
	return "/submissions/" + m[1]
}

var versionRe = regexp.MustCompile(`name="version" value="(\d+)"`)

// report opens education-first's "Report a problem" form (for its CSRF
// token) and sends it.
func (b *browser) report(fields url.Values) (*http.Response, string) {
	b.t.Helper()
	b.get("/programs/education-first/report")
	return b.post("/programs/education-first/report", fields)
}

// decide opens a submission's review page and posts a decision.
func (b *browser) decide(id, action, message string) (*http.Response, string) {
	b.t.Helper()
	_, body := b.get("/admin/submissions/" + id)
	m := versionRe.FindStringSubmatch(body)
	if m == nil {
		b.t.Fatalf("no decision form on submission %s", id)
	}
	return b.post("/admin/submissions/"+id+"/"+action, url.Values{"version": {m[1]}, "message": {message}})
}

var queueIDRe = regexp.MustCompile(`href="/admin/submissions/(\d+)"`)

// firstInQueue returns the id of the oldest pending submission.
func (b *browser) firstInQueue() string {
	b.t.Helper()
	_, body := b.get("/admin")
	m := queueIDRe.FindStringSubmatch(body)
	if m == nil {
		b.t.Fatalf("queue is empty:\n%s", body)
	}
	return m[1]
}

func TestSubmissionLifeThroughHTTP(t *testing.T) {
	a := newFixtureApp(t)
	a.addUser("mod@example.org", "moderator")
	ngo, mod := a.browser(), a.browser()

	track := ngo.submit(validSubmission("Harbour Mentors"))
	res, body := ngo.get(track + "?created=1")
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("tracking page: %d %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	contains(t, body, "Keep this link", "Waiting for review", "Harbour Mentors", "9 Hidden Lane", "sam@harbour.example", "Withdraw")
	if l := a.search("q=harbour"); l.Total != 0 {
		t.Fatal("a pending submission is searchable")
	}

	mod.login("mod@example.org")
	id := mod.firstInQueue()
	_, body = mod.get("/admin/submissions/" + id)
	contains(t, body, "Harbour Mentors", "Sam Submitter", "sam@harbour.example", "Request changes", "Approve and publish")

	// Request changes without a message: refused, nothing changes.
	res, body = mod.decide(id, "request-changes", "  ")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Write a message") {
		t.Fatalf("request changes without message: %d", res.StatusCode)
	}
	res, _ = mod.decide(id, "request-changes", "Please add the referral phone number.")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("request changes: %d", res.StatusCode)
	}

	_, body = ngo.get(track)
	contains(t, body, "Changes requested", "Please add the referral phone number.", "Edit and resubmit")
	_, body = ngo.get(track + "/edit")
	contains(t, body, `value="Harbour Mentors"`, `value="sam@harbour.example"`, "checked",
		"Message from the moderator", "Please add the referral phone number.") // what to change, where it is changed
	form := validSubmission("Harbour Mentors")
	form.Set("name", "")
	if res, body := ngo.post(track+"/edit", form); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Please add the referral phone number.") {
		t.Errorf("the form sent back for a correction loses the moderator's message: %d", res.StatusCode)
	}
	form.Set("name", "Harbour Mentors")
	form.Set("phone", "+44 113 555 0100")
	res, _ = ngo.post(track+"/edit", form)
	if location(t, res) != track {
		t.Fatalf("resubmit went to %s", location(t, res))
	}
	_, body = ngo.get(track)
	contains(t, body, "Waiting for review", "&#43;44 113 555 0100")

	res, _ = mod.decide(id, "approve", "")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.StatusCode)
	}
	l := a.search("q=harbour")
	if l.Total != 1 || l.Items[0].Contact.Phone != "+44 113 555 0100" {
		t.Fatalf("approved program not searchable: %+v", l)
	}
	// The confidential address stays private once published.
	_, body = a.get("/programs/" + l.Items[0].Slug)
	if strings.Contains(body, "9 Hidden Lane") || !strings.Contains(body, "Leeds") {
		t.Error("confidential address on the live page")
	}
	_, body = ngo.get(track)
	contains(t, body, "Approved", "Propose an update to the live listing", "It has been approved and is live in the directory.")

	// Archived since: the tracking page no longer says it is live.
	if err := a.store.SetProgramStatus(t.Context(), a.addUser("admin@example.org", "admin"), l.Items[0].ID, models.StatusArchived, "test"); err != nil {
		t.Fatal(err)
	}
	_, body = ngo.get(track)
	contains(t, body, "a moderator has since taken the listing out of the directory")
	if strings.Contains(body, "is live in the directory") || strings.Contains(body, "Propose an update") {
		t.Error("the tracking page says an archived listing is live")
	}

	// The audit log has every step.
	_, body = mod.get("/admin/audit")
	contains(t, body, "Submitted", "Changes requested", "Resubmitted", "Approved", "Published", "Logged in")
}

func TestSubmissionFormKeepsValuesAndExplainsErrors(t *testing.T) {
	a := newTestApp(t)
	b := a.browser()
	b.get("/submit")
	form := validSubmission("Harbour Mentors")
	form.Set("website", "javascript:alert(1)")
	form.Set("age_min", "18")
	form.Set("age_max", "12")
	form.Del("themes")
	form.Set("loc1_city", "York") // a location without a country
	res, body := b.post("/submit", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	contains(t, body,
		`<title>Error: Submit a program`,
		`class="error-summary" role="alert"`,
		`href="#f-website"`, `href="#f-themes"`, `href="#f-age_max"`, `href="#f-loc1_country"`,
		`id="f-website-error"`, `aria-describedby="f-website-help f-website-error" aria-invalid="true"`,
		"Enter a web address starting with https://",
		`value="Harbour Mentors"`, `value="Sam Submitter"`, `value="9 Hidden Lane"`, `value="York"`,
		`value="ar" id="f-languages-ar" checked`, `value="young-people" id="f-audiences-young-people" checked`,
	)
	if n, _ := a.store.CountPrograms(t.Context()); n != 0 {
		t.Error("a bad submission was stored")
	}
	// Honeypot: refused.
	form = validSubmission("Bot")
	form.Set("homepage", "http://spam.example")
	res, _ = b.post("/submit", form)
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("honeypot: %d", res.StatusCode)
	}
}

func TestUnknownTrackingTokenIs404(t *testing.T) {
	a := newTestApp(t)
	for _, p := range []string{"/submissions/AAAAAAAAAAAAAAAAAAAAAA", "/submissions/x", "/submissions/AAAAAAAAAAAAAAAAAAAAAA/edit"} {
		if res, _ := a.get(p); res.StatusCode != 404 {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
}

func TestWithdraw(t *testing.T) {
	a := newTestApp(t)
	b := a.browser()
	track := b.submit(validSubmission("Harbour Mentors"))
	// The tracking page leads to a question first: a withdrawal cannot be
	// undone (WCAG 3.3.4), and asking changes nothing.
	_, body := b.get(track)
	contains(t, body, `<a class="button secondary" href="`+track+`/withdraw">Withdraw this submission</a>`)
	if strings.Contains(body, `action="`+track+`/withdraw"`) {
		t.Error("the tracking page withdraws in one click")
	}
	res, body := b.get(track + "/withdraw")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("the question: %d", res.StatusCode)
	}
	contains(t, body, "<title>Withdraw your submission?", "“Harbour Mentors” will leave the moderators’ queue.",
		`<form action="`+track+`/withdraw" method="post"`, `<button type="submit">Yes, withdraw it</button>`, `<a href="`+track+`">No, keep it</a>`)
	if _, body = b.get(track); strings.Contains(body, "Withdrawn") {
		t.Fatal("asking withdrew the submission")
	}
	_, body = a.get(track + "/withdraw?lang=fr") // no cookie: the language stays with this request
	contains(t, body, "Retirer votre proposition\u00a0?", "Oui, la retirer")
	res, _ = b.post(track+"/withdraw", nil)
	if location(t, res) != track {
		t.Fatal("withdraw did not return to the tracking page")
	}
	_, body = b.get(track)
	contains(t, body, "Withdrawn")
	if strings.Contains(body, "Withdraw this submission") || strings.Contains(body, "Edit and resubmit") {
		t.Error("a withdrawn submission still offers actions")
	}
	if res, _ := b.get(track + "/withdraw"); location(t, res) != track {
		t.Error("the question is asked of a submission already withdrawn")
	}
}

func TestUpdateLeavesLiveListingUntilApproved(t *testing.T) {
	a := newFixtureApp(t)
	a.addUser("mod@example.org", "moderator")
	anyone, mod := a.browser(), a.browser()
	_, body := anyone.get("/programs/education-first")
	contains(t, body, `href="/programs/education-first/suggest"`, `href="/programs/education-first/report"`)
	_, body = anyone.get("/programs/education-first/suggest")
	contains(t, body, `value="Education First"`, `>Tutoring for pupils</textarea>`)
	form := validSubmission("Education First")
	form.Set("organization", "Org A")
	form.Set("summary", "Tutoring and homework clubs for pupils")
	res, _ := anyone.post("/programs/education-first/suggest", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("suggest: %d", res.StatusCode)
	}
	_, body = a.get("/programs/education-first")
	if !strings.Contains(body, "Tutoring for pupils") || strings.Contains(body, "homework clubs") {
		t.Fatal("the live listing changed before approval")
	}
	mod.login("mod@example.org")
	id := mod.firstInQueue()
	_, body = mod.get("/admin/submissions/" + id)
	contains(t, body, "Changes against the live version", "<del>Tutoring for pupils</del>", "<ins>Tutoring and homework clubs for pupils</ins>", "Approve and replace the live version")
	mod.decide(id, "approve", "")
	_, body = a.get("/programs/education-first")
	contains(t, body, "Tutoring and homework clubs for pupils")
	if l := a.search(""); l.Total != 6 {
		t.Errorf("an update added a program: %d", l.Total)
	}
}

func TestRejectNeedsReasonAndTwoModeratorsConflict(t *testing.T) {
	a := newTestApp(t)
	a.addUser("one@example.org", "moderator")
	a.addUser("two@example.org", "moderator")
	b := a.browser()
	b.submit(validSubmission("Harbour Mentors"))
	one, two := a.browser(), a.browser()
	one.login("one@example.org")
	two.login("two@example.org")
	id := one.firstInQueue()
	// Both open the page; each form carries the version it showed.
	_, p1 := one.get("/admin/submissions/" + id)
	_, p2 := two.get("/admin/submissions/" + id)
	v1, v2 := versionRe.FindStringSubmatch(p1)[1], versionRe.FindStringSubmatch(p2)[1]
	res, body := one.post("/admin/submissions/"+id+"/reject", url.Values{"version": {v1}, "message": {""}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Write a message") {
		t.Fatalf("reject without reason: %d", res.StatusCode)
	}
	if !strings.Contains(body, "<title>Error: ") {
		t.Error("a decision sent back for its missing reason has no Error in its title")
	}
	res, _ = one.post("/admin/submissions/"+id+"/approve", url.Values{"version": {v1}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first moderator: %d", res.StatusCode)
	}
	res, body = two.post("/admin/submissions/"+id+"/reject", url.Values{"version": {v2}, "message": {"Not relevant"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "Someone else acted on this first") {
		t.Fatalf("second moderator: %d", res.StatusCode)
	}
	if l := a.search("q=harbour"); l.Total != 1 {
		t.Error("the approval was overwritten")
	}
}

func TestReportAProblem(t *testing.T) {
	a := newFixtureApp(t)
	a.addUser("mod@example.org", "moderator")
	b := a.browser()
	res, body := b.report(url.Values{"report_text": {""}, "report_email": {"bad"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty report: %d", res.StatusCode)
	}
	contains(t, body, `value="bad"`, `href="#f-report_text"`)
	res, _ = b.post("/programs/education-first/report", url.Values{"report_text": {"The phone number <b>no longer</b> works."}})
	if location(t, res) != "/programs/education-first/report?sent=1" {
		t.Fatal("report not accepted")
	}
	mod := a.browser()
	mod.login("mod@example.org")
	_, body = mod.get("/admin?kind=report")
	contains(t, body, "Report on “Education First”")
	id := mod.firstInQueue()
	_, body = mod.get("/admin/submissions/" + id)
	contains(t, body, "The phone number &lt;b&gt;no longer&lt;/b&gt; works.", "Mark as resolved", "Dismiss the report")
	if strings.Contains(body, "Request changes") {
		t.Error("a report offers to request changes")
	}
	res, _ = mod.decide(id, "approve", "")
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("resolve: %d", res.StatusCode)
	}
}

// TestReportErrorsAreListedInFormOrderWithTheirField: the summary names
// each field, description first as on the page, and each field's error
// says it is one to a screen reader, as on the program form.
func TestReportErrorsAreListedInFormOrderWithTheirField(t *testing.T) {
	a := newFixtureApp(t)
	b := a.browser()
	res, body := b.report(url.Values{"report_text": {""}, "report_email": {"bad"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", res.StatusCode)
	}
	contains(t, body, `<title>Error: Report a problem`,
		`<ul><li><a href="#f-report_text">What is wrong? This is required.</a></li>`+
			`<li><a href="#f-report_email">Your e-mail: Enter an e-mail address such as name@example.org.</a></li></ul>`,
		`<p class="field-error" id="f-report_text-error"><span class="visually-hidden">Error: </span>This is required.</p>`,
		`<p class="field-error" id="f-report_email-error"><span class="visually-hidden">Error: </span>Enter an e-mail address`)
}

func TestScriptInSubmissionIsEscapedEverywhere(t *testing.T) {
	a := newTestApp(t)
	a.addUser("mod@example.org", "moderator")
	b := a.browser()
	form := validSubmission(`<script>alert("x")</script> Club`)
	form.Set("summary", `<img src=x onerror=alert(1)> summary`)
	form.Set("submitter_name", `<script>alert("n")</script>`)
	track := b.submit(form)
	_, body := b.get(track)
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
		t.Error("tracking page not escaped")
	}
	mod := a.browser()
	mod.login("mod@example.org")
	id := mod.firstInQueue()
	for _, p := range []string{"/admin", "/admin/submissions/" + id} {
		_, body := mod.get(p)
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
			t.Errorf("%s not escaped", p)
		}
		contains(t, body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Club")
	}
	mod.decide(id, "approve", "")
	l := a.search("q=club")
	if l.Total != 1 {
		t.Fatal("not published")
	}
	for _, p := range []string{"/programs?q=club", "/programs/" + l.Items[0].Slug} {
		_, body := a.get(p)
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
			t.Errorf("%s not escaped", p)
		}
	}
}

// TestConfidentialAddressNotInPublicUpdateForms: "Suggest an update" and
// the owner's update form never carry a confidential location's street
// address or postal code; left empty, the live ones are kept when the
// update is approved, and the moderator's diff shows no change there; a
// new address typed in replaces them.
func TestConfidentialAddressNotInPublicUpdateForms(t *testing.T) {
	a := newTestApp(t)
	a.addUser("mod@example.org", "moderator")
	owner, anyone, mod := a.browser(), a.browser(), a.browser()
	form := validSubmission("Harbour Mentors")
	form.Set("loc0_postal_code", "LS1 9ZZ")
	track := owner.submit(form)
	mod.login("mod@example.org")
	mod.decide(mod.firstInQueue(), "approve", "")

	kept := "For privacy, the address on file is not shown here."
	for _, c := range []struct {
		who  *browser
		path string
	}{{owner, track + "/update"}, {anyone, "/programs/harbour-mentors/suggest"}} {
		res, body := c.who.get(c.path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", c.path, res.StatusCode)
		}
		if strings.Contains(body, "9 Hidden Lane") || strings.Contains(body, "LS1 9ZZ") {
			t.Errorf("%s shows the confidential address", c.path)
		}
		contains(t, body, `value="Leeds"`, kept)
	}
	live := func() models.Location {
		p, err := a.store.ProgramBySlug(t.Context(), "harbour-mentors")
		if err != nil || len(p.Locations) != 1 {
			t.Fatalf("live program: %v", err)
		}
		return p.Locations[0]
	}
	suggest := func(address, summary string) {
		t.Helper()
		f := validSubmission("Harbour Mentors")
		f.Set("loc0_address", address)
		f.Set("summary", summary)
		if res, body := anyone.post("/programs/harbour-mentors/suggest", f); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("suggest: %d\n%s", res.StatusCode, body)
		}
		id := mod.firstInQueue()
		_, body := mod.get("/admin/submissions/" + id)
		contains(t, body, "<ins>"+summary+"</ins>")
		if address == "" && (strings.Contains(body, "<del>9 Hidden Lane") || strings.Contains(body, "<ins>Leeds")) {
			t.Error("the diff shows the kept address as removed")
		}
		mod.decide(id, "approve", "")
	}
	suggest("", "Weekly mentoring, now also on Saturdays.")
	if l := live(); l.Address != "9 Hidden Lane" || l.PostalCode != "LS1 9ZZ" || !l.Confidential {
		t.Errorf("an update from the public form lost the confidential address: %+v", l)
	}
	suggest("10 New Lane", "Weekly mentoring in our new rooms.")
	if l := live(); l.Address != "10 New Lane" || l.PostalCode != "" {
		t.Errorf("a new address did not replace the old one: %+v", l)
	}
}

// TestPublicWritesCountOnlyWhatIsStored: a form sent back with errors
// costs nothing, so an NGO correcting its form is never turned away; over
// the allowance, a valid form comes back as typed, with a message and a
// 429, and so does a problem report. Every attempt still passes a limit
// ten times looser.
func TestPublicWritesCountOnlyWhatIsStored(t *testing.T) {
	a := newFixtureApp(t)
	e, err := New(context.Background(), a.store, a.log(), Config{PublicWriteLimit: Limit{Burst: 2, Per: time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	a.e = e
	b := a.browser()
	b.get("/submit")
	bad := validSubmission("Harbour Mentors")
	bad.Set("summary", "")
	for i := 0; i < 6; i++ {
		if res, _ := b.post("/submit", bad); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("correction %d: %d", i+1, res.StatusCode)
		}
	}
	track := b.submit(validSubmission("Harbour Mentors"))
	if res, _ := b.report(url.Values{"report_text": {"The phone number is wrong."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("report: %d", res.StatusCode)
	}
	// The allowance of two is spent: the third write comes back as typed.
	res, body := b.post("/submit", validSubmission("Quiet Harbour"))
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("third submission: %d", res.StatusCode)
	}
	contains(t, body, "What you typed is kept below", `value="Quiet Harbour"`, `value="sam@harbour.example"`, "9 Hidden Lane", "<title>Error:")
	res, body = b.post("/programs/education-first/report", url.Values{"report_text": {"The address moved."}})
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, ">The address moved.</textarea>") || !strings.Contains(body, "<title>Error:") {
		t.Errorf("report over the allowance: %d", res.StatusCode)
	}
	b.get(track)
	if res, _ := b.post(track+"/withdraw", nil); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("withdrawal over the allowance: %d", res.StatusCode)
	}
	if items, _, err := a.store.Queue(t.Context(), models.QueueFilter{}); err != nil || len(items) != 2 {
		t.Errorf("stored: %d (%v), want the submission and the report", len(items), err)
	}
	// Attempts: twenty in all (ten times the allowance), then a plain 429.
	limited := false
	for i := 0; i < 20 && !limited; i++ {
		res, _ := b.post("/submit", bad)
		limited = res.StatusCode == http.StatusTooManyRequests
	}
	if !limited {
		t.Error("attempts are not limited at all")
	}
}

// TestRedirectsKeepTheLanguageChosen: a redirect after a form, or away
// from a form no longer open, keeps the language chosen with ?lang, which
// the next page would otherwise lose without the cookie.
func TestRedirectsKeepTheLanguageChosen(t *testing.T) {
	a := newTestApp(t)
	b := a.browser()
	b.get("/submit?lang=fr")
	res, _ := b.post("/submit?lang=fr", validSubmission("Harbour Mentors"))
	loc := location(t, res)
	if !strings.HasSuffix(loc, "?created=1&lang=fr") {
		t.Fatalf("after the form: %s", loc)
	}
	track := strings.TrimSuffix(loc, "?created=1&lang=fr")
	// A pending submission has no form to edit: back to its page, in French.
	if res, _ = b.get(track + "/edit?lang=fr"); location(t, res) != track+"?lang=fr" {
		t.Errorf("edit of a pending submission went to %s", location(t, res))
	}
	if res, _ = b.get(track + "/edit?lang=xx"); location(t, res) != track {
		t.Errorf("an unknown language is carried: %s", location(t, res))
	}
	jar, _ := cookiejar.New(nil) // no cookie: the page is French by its address alone
	bare := &http.Client{Jar: jar}
	r, err := bare.Get(b.srv.URL + track + "/edit?lang=fr")
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.Request.URL.Query().Get("lang") != "fr" {
		t.Errorf("followed to %s", r.Request.URL)
	}
}

// TestWritesThatStoreNothingCostNothing: a withdrawal that withdraws
// nothing (an unknown link, a submission already withdrawn) and a
// resubmission the store refuses (the submission is no longer open to
// edits) leave the allowance as it was; a withdrawal that happens counts.
func TestWritesThatStoreNothingCostNothing(t *testing.T) {
	a := newFixtureApp(t)
	e, err := New(context.Background(), a.store, a.log(), Config{PublicWriteLimit: Limit{Burst: 3, Per: time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	a.e = e
	b := a.browser()
	track := b.submit(validSubmission("Harbour Mentors")) // 1
	b.get(track)
	for i := 0; i < 3; i++ {
		if res, _ := b.post("/submissions/"+strings.Repeat("0", 32)+"/withdraw", nil); res.StatusCode != http.StatusNotFound {
			t.Fatalf("withdrawal of an unknown link: %d", res.StatusCode)
		}
	}
	// Pending, it is not open to edits: the resubmission stores nothing.
	for i := 0; i < 3; i++ {
		res, _ := b.post(track+"/edit", validSubmission("Harbour Mentors Again"))
		if location(t, res) != track {
			t.Fatalf("resubmission of a pending submission: %d %s", res.StatusCode, location(t, res))
		}
	}
	if res, _ := b.post(track+"/withdraw", nil); res.StatusCode != http.StatusSeeOther { // 2
		t.Fatalf("withdrawal: %d", res.StatusCode)
	}
	for i := 0; i < 3; i++ {
		if res, _ := b.post(track+"/withdraw", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("second withdrawal: %d", res.StatusCode)
		}
	}
	b.submit(validSubmission("Quiet Harbour")) // 3: the allowance is not spent yet
	if res, _ := b.post("/submit", validSubmission("Still Harbour")); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("fourth write: %d, want 429", res.StatusCode)
	}
	if sub, err := a.store.SubmissionByToken(t.Context(), strings.TrimPrefix(track, "/submissions/")); err != nil || sub.State != models.StateWithdrawn || sub.Draft.Name != "Harbour Mentors" {
		t.Errorf("the submission: %v %+v", err, sub)
	}
}

// TestWriteGateGivesBackNoMoreThanTaken: a write given back returns to
// the allowance, which never grows past its size.
func TestWriteGateGivesBackNoMoreThanTaken(t *testing.T) {
	g := newWriteGate(Limit{Burst: 2, Per: time.Hour})
	if !g.take("a") {
		t.Fatal("first write refused")
	}
	g.giveBack("a")
	g.giveBack("a") // more than was taken
	took := 0
	for g.take("a") {
		took++
	}
	if took != 2 {
		t.Errorf("%d writes after giving back, want 2", took)
	}
	g.giveBack("a")
	if !g.take("a") || g.take("a") {
		t.Error("a write given back is not one write again")
	}
	if !g.take("b") {
		t.Error("another client's allowance is spent")
	}
}

// TestOrganizationConfirmsItsListingIsCurrent: from its tracking link, an
// organization whose listing is live confirms that nothing has changed;
// the listing then shows today as its last verification, said to be the
// organization's, and the audit log has one event however often it is
// confirmed that day. Links of submissions not approved, and listings no
// longer published, cannot confirm anything.
func TestOrganizationConfirmsItsListingIsCurrent(t *testing.T) {
	a := newTestApp(t)
	mod := a.addUser("mod@example.org", "moderator")
	ngo, m := a.browser(), a.browser()
	track := ngo.submit(validSubmission("Harbour Mentors"))
	if res, _ := ngo.post(track+"/confirm", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("a pending submission confirmed a listing: %d", res.StatusCode)
	}
	m.login("mod@example.org")
	if res, _ := m.decide(m.firstInQueue(), "approve", ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.StatusCode)
	}
	_, body := ngo.get(track)
	contains(t, body, "Is the listing still correct?", "Not verified yet", `action="`+track+`/confirm"`, "Confirm the listing is still current",
		"Practitioners see a warning on this listing")
	if _, body = ngo.get(track + "?confirmed=1"); strings.Contains(body, "Thank you. The listing now shows") {
		t.Error("the link alone says the listing was confirmed")
	}

	res, _ := ngo.post(track+"/confirm", nil)
	if location(t, res) != track+"?confirmed=1" {
		t.Fatalf("confirm went to %q", res.Header.Get("Location"))
	}
	_, body = ngo.get(track + "?confirmed=1")
	contains(t, body, "Thank you. The listing now shows that it was verified today.", "Last verified on 28 November 2026, confirmed by the organization")
	// At the top with the page's other notices: a status shown as a page
	// loads is not announced, and low in the page it was easy to miss.
	if strings.Index(body, "Thank you. The listing now shows") > strings.Index(body, `<h2 id="state-title">`) {
		t.Error("the thanks for a confirmation are not at the top of the page")
	}
	if strings.Contains(body, "Practitioners see a warning") {
		t.Error("a listing confirmed today still warns of its age")
	}
	_, body = a.get("/programs/harbour-mentors")
	contains(t, body, "Last verified on 28 November 2026, confirmed by the organization")
	if l := a.search("sort=verified"); len(l.Items) == 0 || l.Items[0].Name != "Harbour Mentors" {
		t.Errorf("sorted by verification, the confirmed listing is not first: %+v", l.Items)
	}
	pr, err := a.store.ProgramBySlug(context.Background(), "harbour-mentors")
	if err != nil {
		t.Fatal(err)
	}
	_, body = m.get("/admin/programs/" + pr.ID + "/edit")
	contains(t, body, "(confirmed by the organization)")

	ngo.post(track+"/confirm", nil) // again the same day: nothing more
	events, n, err := a.store.AuditEvents(context.Background(), models.AuditFilter{Action: "program.confirm"})
	if err != nil || n != 1 || events[0].Actor != models.ActorSubmitter.Name || events[0].RecordID != pr.ID {
		t.Fatalf("confirmation events: %d %+v %v", n, events, err)
	}
	_, body = m.get("/admin/audit")
	contains(t, body, "Confirmed current by the organization")

	// A moderator's verification is the moderator's again.
	if err := a.store.VerifyProgram(context.Background(), mod, pr.ID, testNow); err != nil {
		t.Fatal(err)
	}
	if _, body = a.get("/programs/harbour-mentors"); strings.Contains(body, "confirmed by the organization") {
		t.Error("a moderator's verification is still shown as the organization's")
	}
	if _, body = ngo.get(track + "?confirmed=1"); strings.Contains(body, "Thank you. The listing now shows") {
		t.Error("a moderator's verification today is thanked as the organization's confirmation")
	}

	if err := a.store.SetProgramStatus(context.Background(), mod, pr.ID, models.StatusArchived, "closed"); err != nil {
		t.Fatal(err)
	}
	if res, _ := ngo.post(track+"/confirm", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("an archived listing was confirmed: %d", res.StatusCode)
	}
	if _, body = ngo.get(track); strings.Contains(body, "Confirm the listing is still current") {
		t.Error("an archived listing offers its confirmation")
	}
	if res, _ := ngo.post("/submissions/AAAAAAAAAAAAAAAAAAAAAA/confirm", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown link: %d", res.StatusCode)
	}
}

// TestSuggestionLinkCannotConfirmAListing: anyone may suggest an update of
// a live listing and gets a tracking link for it; that link, pending or
// approved, cannot confirm the listing as its organization's word.
func TestSuggestionLinkCannotConfirmAListing(t *testing.T) {
	a := newFixtureApp(t)
	a.addUser("mod@example.org", "moderator")
	stranger, m := a.browser(), a.browser()
	stranger.get("/programs/education-first/suggest")
	form := validSubmission("Education First")
	form.Set("organization", "Org A")
	res, _ := stranger.post("/programs/education-first/suggest", form)
	m2 := trackingRe.FindStringSubmatch(res.Header.Get("Location"))
	if m2 == nil {
		t.Fatalf("suggest: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	track := "/submissions/" + m2[1]
	for _, when := range []string{"pending", "approved"} {
		if when == "approved" {
			m.login("mod@example.org")
			if res, _ := m.decide(m.firstInQueue(), "approve", ""); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("approve: %d", res.StatusCode)
			}
		}
		if res, _ := stranger.post(track+"/confirm", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s suggestion's link confirmed the listing: %d", when, res.StatusCode)
		}
		if _, body := stranger.get(track); strings.Contains(body, "Confirm the listing is still current") {
			t.Errorf("%s suggestion's page offers to confirm the listing", when)
		}
	}
	if _, n, _ := a.store.AuditEvents(context.Background(), models.AuditFilter{Action: "program.confirm"}); n != 0 {
		t.Errorf("%d confirmations", n)
	}
}

// TestConflictKeepsTheLateModeratorsMessage: a moderator whose rejection
// meets another's decision gets the conflict and, though the decision
// form is gone, the message they wrote, to read or copy; it was lost.
func TestConflictKeepsTheLateModeratorsMessage(t *testing.T) {
	a := newTestApp(t)
	a.addUser("one@example.org", "moderator")
	a.addUser("two@example.org", "moderator")
	a.browser().submit(validSubmission("Harbour Mentors"))
	one, two := a.browser(), a.browser()
	one.login("one@example.org")
	two.login("two@example.org")
	id := one.firstInQueue()
	_, p2 := two.get("/admin/submissions/" + id)
	if res, _ := one.decide(id, "request-changes", "Add the ages."); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first moderator: %d", res.StatusCode)
	}
	msg := "Not a prevention program:\nit sells <b>tutoring</b>."
	res, body := two.post("/admin/submissions/"+id+"/reject", url.Values{"version": {versionRe.FindStringSubmatch(p2)[1]}, "message": {msg}})
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("second moderator: %d", res.StatusCode)
	}
	contains(t, body, `id="unsent-message"`, "Your message, not sent", htmlEscape(msg))
	if !strings.Contains(body, "<title>Error: ") {
		t.Error("the conflict's page title does not say Error")
	}
	_, body = two.get("/admin/submissions/" + id)
	if strings.Contains(body, `id="unsent-message"`) {
		t.Error("the page shows an unsent message when none was sent")
	}
}

// TestTrackingPageLocationInArabic: a submitted location reads with the
// Arabic comma before its country on an Arabic page, the submitter's own
// words kept apart in their direction.
func TestTrackingPageLocationInArabic(t *testing.T) {
	a := newTestApp(t)
	b := a.browser()
	form := validSubmission("Harbour Mentors")
	form.Set("loc0_city", "Gent")
	form.Set("loc0_country", "BE")
	form.Del("loc0_address")
	form.Del("loc0_confidential")
	track := b.submit(form)
	_, body := b.get(track + "?lang=ar")
	contains(t, body, "<bdi>Gent</bdi>، بلجيكا")
	_, body = b.get(track + "?lang=en")
	contains(t, body, "<bdi>Gent</bdi>, Belgium")
}

// TestExpiredFormKeepsWhatWasTyped: a public form sent from the site with
// a CSRF secret that is gone (cookies cleared, a login or logout in
// another tab) comes back with everything typed, a message and a new
// secret, and stores nothing; sent again, it goes through. Every other
// form, and a form sent from another site, still gets a bare 403.
func TestExpiredFormKeepsWhatWasTyped(t *testing.T) {
	a := newFixtureApp(t)
	mod := a.moderator()
	ngo := a.browser()
	track := ngo.submit(validSubmission("Harbour Mentors"))
	live := ngo.submit(validSubmission("Harbour Seniors"))
	_, body := mod.get("/admin?kind=new&state=pending")
	id := regexp.MustCompile(`href="/admin/submissions/(\d+)"><bdi>Harbour Seniors`).FindStringSubmatch(body)
	if id == nil {
		t.Fatalf("Harbour Seniors not in the queue:\n%s", body)
	}
	if res, _ := mod.decide(id[1], "approve", ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.StatusCode)
	}
	stored := func() int {
		_, counts, err := a.store.Queue(t.Context(), models.QueueFilter{})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, byState := range counts {
			for _, c := range byState {
				n += c
			}
		}
		return n
	}
	form := func(name string) url.Values { return validSubmission(name) }
	for _, c := range []struct {
		path  string
		form  url.Values
		typed string
	}{
		{"/submit", form("Typed Before Expiry"), "Typed Before Expiry"},
		{track + "/edit", form("Edited Before Expiry"), "Edited Before Expiry"},
		{live + "/update", form("Updated Before Expiry"), "Updated Before Expiry"},
		{"/programs/education-first/suggest", form("Suggested Before Expiry"), "Suggested Before Expiry"},
		{"/programs/education-first/report", url.Values{"report_text": {"The phone number typed before expiry."}}, "The phone number typed before expiry."},
	} {
		b := a.browser()
		b.get(c.path)
		before := stored()
		c.form.Set("csrf", "an-expired-secret-of-forty-three-characters")
		res, body := b.post(c.path, c.form)
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", c.path, res.StatusCode)
		}
		if !strings.Contains(body, "This page had expired, so nothing was sent.") || !strings.Contains(body, c.typed) {
			t.Errorf("%s: the form did not come back with what was typed and why:\n%.2000s", c.path, textOf(body))
		}
		if n := stored(); n != before {
			t.Fatalf("%s: an expired form stored something (%d → %d)", c.path, before, n)
		}
		// The form carries a new secret (b.csrf, read from the body): sent
		// again, it goes through.
		c.form.Del("csrf")
		if res, body = b.post(c.path, c.form); res.StatusCode != http.StatusSeeOther {
			t.Errorf("%s sent again: %d\n%.1000s", c.path, res.StatusCode, textOf(body))
		}
	}
	// Not a typing form, or from another site: a bare 403.
	b := a.browser()
	b.get(track)
	if res, body := b.post(track+"/withdraw", url.Values{"csrf": {"wrong"}}); res.StatusCode != http.StatusForbidden || strings.Contains(body, "nothing was sent") {
		t.Errorf("withdraw with a wrong secret: %d", res.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodPost, b.srv.URL+"/submit", strings.NewReader(validSubmission("Cross Site").Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	res, err := b.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	cross, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden || strings.Contains(string(cross), "Cross Site") {
		t.Errorf("a form from another site: %d, or it came back with its values", res.StatusCode)
	}
}
