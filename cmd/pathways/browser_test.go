package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestBrowser runs the three journeys of Pathways' users in Chromium, with
// accessibility checks on every page type, a keyboard-only journey, a
// phone-width layout and the printed handout. One server and one browser
// serve every subtest; the subtests run in order because the moderator
// decides on what the NGO submitted.
func TestBrowser(t *testing.T) {
	if testing.Short() && !inCI() {
		t.Skip("browser tests skipped with -short")
	}
	if os.Getenv("PATHWAYS_TEST_POSTGRES_URL") != "" {
		// make test runs the suite twice, on SQLite then on PostgreSQL; the
		// pages are the same, so the browser runs in the SQLite half only.
		t.Skip("browser tests run in the SQLite half of make test")
	}
	s := newBrowserSuite(t)
	ngo := &ngoState{}

	t.Run("the checks catch what they should", func(t *testing.T) {
		checksCatchProblems(t, s)
	})
	t.Run("social worker finds, filters, pages, opens and prints", func(t *testing.T) {
		socialWorkerJourney(t, s.newTab(t))
	})
	t.Run("social worker with the keyboard alone", func(t *testing.T) {
		keyboardJourney(t, s.newTab(t))
	})
	t.Run("search, filters, pages and forms with JavaScript off", func(t *testing.T) {
		noScriptJourney(t, s.newTab(t))
	})

	// The NGO and the moderator are each one person (their own cookies)
	// for the whole story.
	ngoP, modP := s.newPerson(t), s.newPerson(t)
	t.Run("NGO submits, fixes a mistake and lands on the tracking page", func(t *testing.T) {
		ngoSubmits(t, ngoP.in(t), ngo)
	})
	loggedIn := false
	t.Run("moderator logs in and asks for changes", func(t *testing.T) {
		needPrev(t, ngo.tracking != "")
		mt := modP.in(t)
		addModerator(t, s)
		moderatorLogsIn(t, mt)
		loggedIn = true
		moderatorDecides(t, mt, ngo.name, "request-changes", "Please add the city where the sessions take place.")
		ngo.changesRequested = true
	})
	t.Run("NGO edits and resubmits", func(t *testing.T) {
		needPrev(t, ngo.changesRequested)
		ngoResubmits(t, ngoP.in(t), ngo)
	})
	t.Run("moderator approves and finds the program live in search", func(t *testing.T) {
		needPrev(t, ngo.resubmitted && loggedIn)
		mt := modP.in(t)
		moderatorDecides(t, mt, ngo.name, "approve", "")
		findLive(t, mt, ngo.searchWord, ngo.name, ngo.summary)
		ngo.live = true
	})
	t.Run("NGO proposes an update; moderator reads the diff, approves and logs out", func(t *testing.T) {
		needPrev(t, ngo.live)
		ngoProposesUpdate(t, ngoP.in(t), ngo)
		mt := modP.in(t)
		moderatorReviewsDiff(t, mt, ngo)
		findLive(t, mt, ngo.searchWord, ngo.name, ngo.newSummary)
		mt.open("/admin/audit", 200)
		mt.audit("audit log")
		if n := mt.count("table.data tbody tr"); n < 5 {
			t.Errorf("audit log shows %d events, want the login and the decisions", n)
		}
		moderatorPagesFitAPhone(t, mt)
		moderatorLogsOut(t, mt)
	})

	t.Run("page types not met on the journeys", func(t *testing.T) {
		tb := s.newTab(t)
		tb.open("/programs?q=zebra+xylophone+quasar", 200)
		if !strings.Contains(tb.text(".results .empty"), "No program matches") {
			t.Errorf("an empty search does not say so: %q", tb.text(".results"))
		}
		tb.audit("results (none)")
		tb.open("/programs/no-such-program", 404)
		tb.audit("404")
		tb.open("/no/such/page", 404)
		tb.audit("404")
	})
	t.Run("phone width: no horizontal scrolling", func(t *testing.T) {
		phoneLayout(t, s.newTab(t), ngo)
	})
	t.Run("French and Arabic (right to left)", func(t *testing.T) {
		otherLanguages(t, s.newTab(t))
	})
	t.Run("high contrast (forced colours): selected filters still show", func(t *testing.T) {
		forcedColours(t, s.newTab(t))
	})
	t.Run("paper: the print view is a one-page handout", func(t *testing.T) {
		printHandout(t, s.newTab(t))
	})
	t.Run("every page type passed axe", func(t *testing.T) {
		if s.axeJS == "" {
			needTool(t, "axe-core is not installed: npm ci --prefix .ci")
		}
		if missing := s.unaudited(); len(missing) > 0 {
			t.Errorf("page types never checked with axe (a journey failed before them?): %s", strings.Join(missing, ", "))
		}
	})
}

// needPrev skips a step whose earlier step failed, instead of piling up
// errors that all say the same thing.
func needPrev(t *testing.T, ok bool) {
	t.Helper()
	if !ok {
		t.Skip("an earlier step of this journey failed")
	}
}

// addModerator creates the moderator account with the real command, the
// password on standard input, as the README tells an operator to.
func addModerator(t *testing.T, s *browserSuite) {
	t.Helper()
	cmd := exec.Command(pathwaysBinary(t), "user", "add", "--db", s.srv.db, "--email", moderatorEmail, "--role", "moderator")
	cmd.Stdin = strings.NewReader(moderatorPassword + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pathways user add: %v\n%s", err, out)
	}
}

const (
	moderatorEmail    = "moderator@example.org"
	moderatorPassword = "correct horse battery staple"
)
