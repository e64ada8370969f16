package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The three journeys, driven with the mouse (clicks) and typing. Each page
// they land on gets the accessibility checks.

// socialWorkerJourney: home → a query → a theme and a language filter →
// remove one → next page → a program → its print view.
func socialWorkerJourney(t *testing.T, tb *tab) {
	tb.open("/", 200)
	tb.audit("home")
	tb.fill("#q", "young")
	tb.click(".search-form button[type=submit]", 200)
	if q := tb.query(); q.Get("q") != "young" {
		t.Fatalf("the search went to %s", tb.path())
	}
	if h := tb.text("#results-title"); !strings.Contains(h, "young") {
		t.Errorf("the results heading %q does not repeat the query", h)
	}
	tb.audit("results")
	// A filter link's count is heard with what it counts, not bare.
	names := tb.linkNames("aside.filters")
	if len(names) < 10 {
		t.Errorf("%d filter links heard: %q", len(names), names)
	}
	for _, name := range names {
		if !regexp.MustCompile(`[^0-9,] [0-9,]+ programs?$`).MatchString(name) {
			t.Errorf("filter link heard as %q, without the number of programs", name)
		}
	}

	tb.click(`div.facet[aria-labelledby="facet-theme"] a[href*="theme=youth-mentoring"]`, 200)
	tb.click(`div.facet[aria-labelledby="facet-language"] a[href*="language=en"]`, 200)
	q := tb.query()
	if q.Get("theme") != "youth-mentoring" || q.Get("language") != "en" || q.Get("q") != "young" {
		t.Fatalf("filters not applied: %s", tb.path())
	}
	if n := tb.count(".active-filters a.chip"); n != 2 {
		t.Errorf("%d active filters shown, want 2", n)
	}
	if n := tb.count(`.facet-link[aria-current="true"]`); n != 2 {
		t.Errorf("%d facet links marked as selected (aria-current), want 2", n)
	}
	both := resultCount(t, tb)

	tb.click(`.active-filters a.chip[href*="language=en"]:not([href*="theme="])`, 200)
	q = tb.query()
	if q.Has("theme") || q.Get("language") != "en" || q.Get("q") != "young" {
		t.Fatalf("removing the theme filter gave %s", tb.path())
	}
	one := resultCount(t, tb)
	if one <= both || one <= 20 {
		t.Fatalf("without the theme filter: %d results (with it %d); the journey needs more than one page", one, both)
	}

	tb.click(`.pagination a[rel="next"]`, 200)
	if tb.query().Get("page") != "2" || !strings.Contains(tb.text(`.pagination a[aria-current="page"]`), "2") {
		t.Fatalf("next page went to %s", tb.path())
	}
	if start := js[string](tb, `document.querySelector('ol.cards').getAttribute('start')`); start != "21" {
		t.Errorf("page 2 numbers its results from %s, want 21", start)
	}
	if q := tb.query(); q.Get("language") != "en" || q.Get("q") != "young" {
		t.Errorf("paging lost the search: %s", tb.path())
	}

	name := tb.text(".cards .card-title a")
	tb.click(".cards .card-title a", 200)
	if h1 := tb.text("h1"); h1 != name {
		t.Errorf("opened %q, its page says %q", name, h1)
	}
	tb.audit("program")

	tb.click(".program-actions a", 200)
	if !strings.HasSuffix(tb.path(), "/print") {
		t.Fatalf("the print link went to %s", tb.path())
	}
	if js[string](tb, `getComputedStyle(document.querySelector('.site-header')).display`) != "none" {
		t.Error("the print view shows the site's header")
	}
	if !strings.Contains(tb.text("main"), "How to refer") {
		t.Error("the print view lacks how to refer")
	}
	tb.audit("print view")
}

// noScriptJourney: with JavaScript off, search, filters, pagination and a
// form all work, as they must for anyone whose browser runs none.
func noScriptJourney(t *testing.T, tb *tab) {
	tb.noScript()
	tb.open("/", 200)
	tb.do(chromedp.SendKeys(chromedp.CSS("#q"), "young"))
	tb.click(".search-form button[type=submit]", 200)
	tb.click(`div.facet[aria-labelledby="facet-theme"] a[href*="theme=youth-mentoring"]`, 200)
	tb.click(`div.facet[aria-labelledby="facet-language"] a[href*="language=en"]`, 200)
	tb.click(`.active-filters a.chip:not([href*="theme="])`, 200)
	tb.click(`.pagination a[rel="next"]`, 200)
	if q := tb.query(); q.Get("q") != "young" || q.Get("language") != "en" || q.Has("theme") || q.Get("page") != "2" {
		t.Fatalf("search, filters and paging without JavaScript ended at %s", tb.path())
	}
	tb.click(".cards .card-title a", 200)
	tb.click(".program-actions a", 200)
	if !strings.HasSuffix(tb.path(), "/print") {
		t.Fatalf("the print view without JavaScript: %s", tb.path())
	}

	tb.open("/submit", 200)
	tb.click(".program-form button[type=submit]", 422)
	for sel, v := range map[string]string{"#f-name": "No Script Youth Club", "#f-organization": "Plain HTML Trust",
		"#f-summary": "A youth club that works in every browser.", "#f-submitter_name": "Sam", "#f-submitter_email": "sam@plain.example"} {
		tb.do(chromedp.SendKeys(chromedp.CSS(sel), v))
	}
	tb.do(chromedp.Click(chromedp.CSS("#f-themes-youth-mentoring")), chromedp.Click(chromedp.CSS("#f-audiences-young-people")))
	tb.click(".program-form button[type=submit]", 200)
	if !strings.HasPrefix(tb.path(), "/submissions/") {
		t.Errorf("a form sent without JavaScript went to %s", tb.path())
	}
}

var countRe = regexp.MustCompile(`\d+`)

// resultCount reads the number of results from the results heading.
func resultCount(t *testing.T, tb *tab) int {
	t.Helper()
	n, err := strconv.Atoi(countRe.FindString(tb.text("#results-title")))
	if err != nil {
		t.Fatalf("no count in %q", tb.text("#results-title"))
	}
	return n
}

// ngoState is what the NGO knows between the steps of the story.
type ngoState struct {
	name, summary, newSummary, searchWord string
	tracking                              string // the private tracking path
	changesRequested, resubmitted, live   bool
}

// ngoSubmits: the form → a mistake → the message beside the field, the
// rest kept → fixed → the tracking page.
func ngoSubmits(t *testing.T, tb *tab, ngo *ngoState) {
	ngo.name = "Kestrel Lighthouse Mentors"
	ngo.searchWord = "Kestrel"
	ngo.summary = "Weekly mentoring for teenagers drifting towards online hate groups, run by trained volunteers."
	tb.open("/", 200)
	tb.click(`.site-nav a[href="/submit"]`, 200)

	text := map[string]string{
		"#f-name":            ngo.name,
		"#f-organization":    "Kestrel Youth Trust",
		"#f-summary":         ngo.summary,
		"#f-description":     "Mentors meet each young person once a week for a year.",
		"#f-how_to_refer":    "Send a short referral by e-mail with the young person's consent.",
		"#f-website":         "https://kestrel.example/mentors",
		"#f-email":           "mentors@kestrel.example",
		"#f-loc0_city":       "Ghent",
		"#f-submitter_name":  "Maria Jansen",
		"#f-submitter_email": "maria.kestrel.example", // the mistake: no @
	}
	for sel, v := range text {
		tb.fill(sel, v)
	}
	for _, box := range []string{"#f-themes-youth-mentoring", "#f-audiences-young-people", "#f-languages-en"} {
		tb.do(chromedp.Click(chromedp.CSS(box)))
	}
	selects := map[string]string{"#f-level": "secondary", "#f-delivery": "in-person", "#f-cost": "free", "#f-loc0_country": "BE"}
	for sel, v := range selects {
		tb.selectValue(sel, v)
	}
	tb.click(".program-form button[type=submit]", 422)

	// The message is beside the field, tied to it, and in the summary.
	errBeside := js[string](tb, `(() => {
		const f = document.querySelector('#f-submitter_email');
		const e = f.closest('.field').querySelector('.field-error');
		return e ? e.id + ': ' + e.textContent.trim() : '';
	})()`)
	if !strings.HasPrefix(errBeside, "f-submitter_email-error: ") {
		t.Errorf("no message beside the e-mail field: %q", errBeside)
	}
	if v := tb.attr("#f-submitter_email", "aria-invalid"); v != "true" {
		t.Errorf("the wrong field has aria-invalid=%q", v)
	}
	if v := tb.attr("#f-submitter_email", "aria-describedby"); !strings.Contains(v, "f-submitter_email-error") {
		t.Errorf("the wrong field's aria-describedby %q does not name its message", v)
	}
	checkErrorSummary(t, tb, "f-submitter_email")
	for sel, v := range text {
		if sel != "#f-submitter_email" && tb.value(sel) != v {
			t.Errorf("%s lost what was typed: %q, want %q", sel, tb.value(sel), v)
		}
	}
	for sel, v := range selects {
		if tb.value(sel) != v {
			t.Errorf("%s lost its choice: %q, want %q", sel, tb.value(sel), v)
		}
	}
	for _, box := range []string{"#f-themes-youth-mentoring", "#f-audiences-young-people", "#f-languages-en"} {
		if !js[bool](tb, `document.querySelector('`+box+`').checked`) {
			t.Errorf("%s is no longer ticked", box)
		}
	}
	tb.audit("submit form with errors")

	tb.fill("#f-submitter_email", "maria@kestrel.example")
	tb.click(".program-form button[type=submit]", 200)
	if !strings.HasPrefix(tb.path(), "/submissions/") {
		t.Fatalf("the fixed form went to %s", tb.path())
	}
	url := tb.text(".tracking-url code")
	if !strings.HasPrefix(url, tb.s.base+"/submissions/") && !strings.Contains(url, "/submissions/") {
		t.Errorf("the tracking page does not show its link: %q", url)
	}
	if !strings.Contains(tb.text("main"), ngo.name) {
		t.Error("the tracking page does not show the submission")
	}
	tb.audit("tracking page")
	ngo.tracking = strings.SplitN(tb.path(), "?", 2)[0]
	// Withdrawing asks first; "No, keep it" leads back, nothing changed.
	tb.click(`a[href$="/withdraw"]`, 200)
	tb.audit("withdrawal question")
	tb.click(`form[action$="/withdraw"] + a, form[action$="/withdraw"] a`, 200)
	if tb.path() != ngo.tracking || strings.Contains(tb.text(".state"), "Withdrawn") {
		t.Errorf("keeping the submission went to %s, state %q", tb.path(), tb.text(".state"))
	}
}

// checkErrorSummary checks that an error summary is announced and links to
// the field with the problem.
func checkErrorSummary(t *testing.T, tb *tab, fieldID string) {
	t.Helper()
	if tb.attr("#error-summary", "role") != "alert" {
		t.Error("the error summary is not announced (role=alert)")
	}
	if tb.count(`#error-summary a[href="#`+fieldID+`"]`) != 1 {
		t.Errorf("the error summary has no link to #%s", fieldID)
	}
	if broken := js[[]string](tb, `[...document.querySelectorAll('#error-summary a')].map(a => a.getAttribute('href')).filter(h => !document.getElementById(h.slice(1)))`); len(broken) > 0 {
		t.Errorf("error summary links lead nowhere: %v", broken)
	}
}

// ngoResubmits: the tracking page shows the moderator's message; edit,
// resubmit, and the state is back to pending.
func ngoResubmits(t *testing.T, tb *tab, ngo *ngoState) {
	tb.open(ngo.tracking, 200)
	if msg := tb.text(".moderator-message"); !strings.Contains(msg, "add the city") {
		t.Errorf("the tracking page does not show the moderator's message: %q", msg)
	}
	tb.click(`a[href$="/edit"]`, 200)
	if tb.value("#f-name") != ngo.name {
		t.Fatalf("the edit form is not filled in: name %q", tb.value("#f-name"))
	}
	tb.fill("#f-loc0_city", "Gent")
	tb.click(".program-form button[type=submit]", 200)
	if tb.path() != ngo.tracking {
		t.Fatalf("resubmitting went to %s", tb.path())
	}
	if s := tb.text(".state"); !strings.Contains(strings.ToLower(s), "waiting") && !strings.Contains(strings.ToLower(s), "pending") {
		t.Errorf("after resubmitting the state is %q", s)
	}
	ngo.resubmitted = true
}

// ngoProposesUpdate: from the tracking link of the live listing, propose a
// new summary.
func ngoProposesUpdate(t *testing.T, tb *tab, ngo *ngoState) {
	ngo.newSummary = "Weekly mentoring and a parents' evening each month for teenagers drifting towards online hate groups."
	tb.open(ngo.tracking, 200)
	// First the organization confirms the live listing is still current.
	tb.click(`form[action$="/confirm"] button`, 200)
	// The thanks come first on the page, where the page's other notices are.
	if got := tb.text("#confirmed"); !strings.Contains(got, "verified today") {
		t.Errorf("confirming the listing is not acknowledged at the top: %q", got)
	}
	if got := tb.text(".confirm-current"); !strings.Contains(got, "confirmed by the organization") {
		t.Errorf("the confirmed listing's verification: %q", got)
	}
	tb.audit("tracking page, listing confirmed")
	tb.click(`a[href$="/update"]`, 200)
	if tb.value("#f-summary") != ngo.summary {
		t.Fatalf("the update form does not start from the live listing: %q", tb.value("#f-summary"))
	}
	tb.fill("#f-summary", ngo.newSummary)
	tb.click(".program-form button[type=submit]", 200)
	if !strings.HasPrefix(tb.path(), "/submissions/") {
		t.Fatalf("the update went to %s", tb.path())
	}
}

// moderatorLogsIn: the login page, then the queue with the NGO's submission.
func moderatorLogsIn(t *testing.T, tb *tab) {
	tb.open("/admin", 200) // not logged in: the login page
	if !strings.HasPrefix(tb.path(), "/admin/login") {
		t.Fatalf("/admin without a session went to %s", tb.path())
	}
	tb.audit("login")
	// A wrong password first: the error is announced and takes the focus.
	tb.fill("#f-email", moderatorEmail)
	tb.fill("#f-password", "not the password at all")
	tb.click(".program-form button[type=submit]", 401)
	if id := tb.autofocused(); id != "error-summary" || tb.attr("#error-summary", "role") != "alert" {
		t.Errorf("a failed login's error is not announced: focus on %q, role %q", id, tb.attr("#error-summary", "role"))
	}
	if tb.attr("#f-password", "aria-invalid") != "true" || tb.attr("#f-password", "aria-describedby") != "error-summary" {
		t.Error("a failed login's fields are not tied to the error")
	}
	if tb.value("#f-email") != moderatorEmail {
		t.Error("a failed login forgot the e-mail")
	}
	tb.audit("login")
	tb.fill("#f-password", moderatorPassword)
	tb.click(".program-form button[type=submit]", 200)
	if tb.path() != "/admin" {
		t.Fatalf("logging in went to %s: %s", tb.path(), tb.text("main"))
	}
	tb.audit("queue")
}

// openInQueue opens the queue's entry whose link text contains name.
func openInQueue(t *testing.T, tb *tab, name, kind string) {
	t.Helper()
	tb.open("/admin?kind="+kind, 200)
	href := js[string](tb, `(() => {
		const a = [...document.querySelectorAll('table.data a[href^="/admin/submissions/"]')].find(a => a.textContent.includes(`+strconv.Quote(name)+`));
		return a ? a.getAttribute('href') : '';
	})()`)
	if href == "" {
		t.Fatalf("%q is not in the queue: %s", name, tb.text("main"))
	}
	tb.click(`table.data a[href="`+href+`"]`, 200)
}

// moderatorDecides opens the NGO's new listing in the queue and approves it
// or asks for changes with message.
func moderatorDecides(t *testing.T, tb *tab, name, decision, message string) {
	openInQueue(t, tb, name, "new")
	tb.audit("submission review")
	if !strings.Contains(tb.text("main"), "maria@kestrel.example") {
		t.Error("the review does not show the submitter's contact")
	}
	if message != "" {
		// Forgetting the message first: the error is announced, tied to
		// the message field, and takes the focus.
		tb.click(`button[formaction$="/`+decision+`"]`, 422)
		if id := tb.autofocused(); id != "error-summary" {
			t.Errorf("the missing message's error does not take the focus (focus on %q)", id)
		}
		if tb.attr("#f-message", "aria-invalid") != "true" || !strings.Contains(tb.attr("#f-message", "aria-describedby"), "error-summary") {
			t.Error("the message field is not tied to its error")
		}
		tb.audit("submission review")
		tb.fill("#f-message", message)
	}
	tb.click(`button[formaction$="/`+decision+`"], form[action$="/`+decision+`"] button`, 200)
	if n := tb.count(".notice.success"); n != 1 {
		t.Errorf("no confirmation after %s: %s", decision, tb.text("main"))
	}
}

// moderatorReviewsDiff: the update's diff shows the old and the new summary;
// approve it.
func moderatorReviewsDiff(t *testing.T, tb *tab, ngo *ngoState) {
	openInQueue(t, tb, ngo.name, "update")
	tb.audit("submission review")
	diff := js[map[string]string](tb, `(() => {
		const row = [...document.querySelectorAll('table.diff tr.changed')][0];
		return row ? {field: row.querySelector('th').textContent.trim(), old: row.querySelector('del').textContent, new: row.querySelector('ins').textContent} : {};
	})()`)
	if tb.count("table.diff tr.changed") != 1 || diff["old"] != ngo.summary || diff["new"] != ngo.newSummary {
		t.Errorf("the diff should show one changed field, the summary: %v", diff)
	}
	tb.click(`form[action$="/approve"] button`, 200)
	if tb.count(".notice.success") != 1 {
		t.Errorf("no confirmation after approving the update: %s", tb.text("main"))
	}
}

// findLive searches for word as anyone would and opens the program.
func findLive(t *testing.T, tb *tab, word, name, summary string) {
	tb.open("/programs?q="+word, 200)
	if got := tb.text(".cards .card-title a"); got != name {
		t.Fatalf("searching %q finds %q, want %q", word, got, name)
	}
	tb.click(".cards .card-title a", 200)
	if got := tb.text(".program-summary"); got != summary {
		t.Errorf("the live summary is %q, want %q", got, summary)
	}
}

// moderatorLogsOut: the logout button ends the session on the server.
func moderatorLogsOut(t *testing.T, tb *tab) {
	tb.open("/admin", 200)
	tb.click(`form[action="/admin/logout"] button`, 200)
	if !strings.HasPrefix(tb.path(), "/admin/login") || tb.count(".notice.success") != 1 {
		t.Errorf("logging out went to %s without a confirmation", tb.path())
	}
	tb.open("/admin", 200)
	if !strings.HasPrefix(tb.path(), "/admin/login") {
		t.Errorf("after logging out /admin went to %s", tb.path())
	}
}
