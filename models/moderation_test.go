package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestStateMachine(t *testing.T) {
	states := []string{StatePending, StateApproved, StateChangesRequested, StateRejected, StateWithdrawn}
	allowed := map[string]bool{
		"new pending→approved moderator":            true,
		"new pending→changes_requested moderator":   true,
		"new pending→rejected moderator":            true,
		"new pending→withdrawn submitter":           true,
		"new changes_requested→pending submitter":   true,
		"new changes_requested→withdrawn submitter": true,
		"report pending→approved moderator":         true,
		"report pending→rejected moderator":         true,
	}
	for _, kind := range []string{KindNew, KindUpdate, KindReport} {
		for _, from := range states {
			for _, to := range states {
				for _, role := range []Role{BySubmitter, ByModerator} {
					name := map[Role]string{BySubmitter: "submitter", ByModerator: "moderator"}[role]
					k := kind
					if kind == KindUpdate {
						k = KindNew // updates follow the same rules as new listings
					}
					want := allowed[k+" "+from+"→"+to+" "+name]
					if got := CanTransition(kind, from, to, role); got != want {
						t.Errorf("%s %s→%s by %s: got %v, want %v", kind, from, to, name, got, want)
					}
				}
			}
		}
	}
}

func testUser(t *testing.T, s *Store, email, role string) *User {
	t.Helper()
	u, err := s.CreateUser(context.Background(), ActorImporter, email, "correct horse battery", role)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func validDraft(name string) *ProgramDraft {
	return &ProgramDraft{Name: name, Organization: "Org", Summary: "A summary", Themes: []string{"education"},
		Audiences: []string{"children"}, Locations: []LocationDraft{{City: "Gent", Country: "BE"}}}
}

func TestSubmissionLifecycle(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mod := testUser(t, s, "mod@example.org", RoleModerator)
	token, sub, err := s.CreateSubmission(ctx, KindNew, validDraft("Quiet Harbour"), Submitter{Name: "N", Email: "n@example.org"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if search(t, s, "q=harbour").Total != 0 {
		t.Fatal("a pending submission is searchable")
	}
	// Request changes needs a message.
	if _, err := s.Decide(ctx, mod, Decision{SubmissionID: sub.ID, Version: 1, To: StateChangesRequested}); !errors.Is(err, ErrReasonRequired) {
		t.Fatalf("want ErrReasonRequired, got %v", err)
	}
	sub, err = s.Decide(ctx, mod, Decision{SubmissionID: sub.ID, Version: 1, To: StateChangesRequested, Message: "Add an age range"})
	if err != nil || sub.State != StateChangesRequested {
		t.Fatalf("request changes: %v", err)
	}
	d := validDraft("Quiet Harbour")
	min, max := 12, 18
	d.AgeMin, d.AgeMax = &min, &max
	sub, err = s.ResubmitSubmission(ctx, token, d, Submitter{Name: "N", Email: "n@example.org"})
	if err != nil || sub.State != StatePending || *sub.Draft.AgeMin != 12 {
		t.Fatalf("resubmit: %v %+v", err, sub)
	}
	// A decision made on the version before the resubmission is a conflict.
	if _, err := s.Decide(ctx, mod, Decision{SubmissionID: sub.ID, Version: 2, To: StateApproved}); !errors.Is(err, ErrConflict) {
		t.Fatalf("stale version: %v", err)
	}
	sub, err = s.Decide(ctx, mod, Decision{SubmissionID: sub.ID, Version: sub.Version, To: StateApproved})
	if err != nil || sub.State != StateApproved || sub.ProgramPK == nil {
		t.Fatalf("approve: %v", err)
	}
	if search(t, s, "q=harbour").Total != 1 {
		t.Fatal("approved program not searchable")
	}
	// The second moderator, acting on what they saw, gets a conflict.
	if _, err := s.Decide(ctx, mod, Decision{SubmissionID: sub.ID, Version: sub.Version - 1, To: StateRejected, Message: "no"}); !errors.Is(err, ErrConflict) {
		t.Fatalf("second moderator: %v", err)
	}
	// Nothing can be withdrawn once decided.
	if err := s.WithdrawSubmission(ctx, token); !errors.Is(err, ErrTransition) {
		t.Fatalf("withdraw after approval: %v", err)
	}
	evs, _ := s.SubmissionHistory(ctx, sub.ID)
	var actions []string
	for _, e := range evs {
		actions = append(actions, e.Action)
	}
	want := "submission.create submission.request_changes submission.resubmit submission.approve"
	if got := join(actions); got != want {
		t.Errorf("history %q, want %q", got, want)
	}
}

func join(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += " "
		}
		out += s
	}
	return out
}

func TestUpdateLeavesLiveVersionUntilApproved(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mod := testUser(t, s, "mod@example.org", RoleModerator)
	live, sub := liveWithUpdate(t, s)
	if p, _ := s.ProgramBySlug(ctx, "live-one"); p.Summary != "Original summary" {
		t.Fatal("live version changed before approval")
	}
	if _, err := s.Decide(ctx, mod, Decision{SubmissionID: sub.ID, Version: 1, To: StateApproved}); err != nil {
		t.Fatal(err)
	}
	p, _ := s.ProgramBySlug(ctx, "live-one")
	if p.Summary != "Changed summary" || p.ID != live.ID {
		t.Fatalf("after approval: %+v", p)
	}
	if p.Locations[0].ID != live.Locations[0].ID {
		t.Errorf("the location's id changed with the update: %s → %s", live.Locations[0].ID, p.Locations[0].ID)
	}
	if n, _ := s.CountPrograms(ctx); n != 1 {
		t.Errorf("%d programs after an update", n)
	}
}

func TestNewListingCannotTakeALiveName(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mod := testUser(t, s, "mod@example.org", RoleModerator)
	importCSV(t, s, "Live One,Org,Original summary,,education,children,,en,,,BE,,Gent,,,false,,,,,,,,,2026-01-01\n")
	_, sub, err := s.CreateSubmission(ctx, KindNew, validDraft("live one"), Submitter{Name: "N", Email: "n@example.org"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var pe ProblemsError
	if _, err := s.Decide(ctx, mod, Decision{SubmissionID: sub.ID, Version: 1, To: StateApproved}); !errors.As(err, &pe) {
		t.Fatalf("want ProblemsError, got %v", err)
	}
	if p, _ := s.ProgramBySlug(ctx, "live-one"); p.Summary != "Original summary" {
		t.Fatal("a new listing overwrote a live one")
	}
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	s := newTestStore(t)
	testUser(t, s, "a@example.org", RoleAdmin)
	if err := s.db.Exec("UPDATE audit_events SET action = 'x'").Error; err == nil {
		t.Error("audit events can be updated")
	}
	if err := s.db.Exec("DELETE FROM audit_events").Error; err == nil {
		t.Error("audit events can be deleted")
	}
}

func TestAuthenticate(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	u := testUser(t, s, "Mod@Example.org", RoleModerator)
	for _, pw := range []string{"short", strings.Repeat(" ", 12), "   ab   cd   "} { // spaces around do not count
		if _, err := s.CreateUser(ctx, ActorImporter, "short@example.org", pw, RoleModerator); !errors.Is(err, ErrWeakPassword) {
			t.Errorf("password %q: %v", pw, err)
		}
	}
	if got, err := s.Authenticate(ctx, "mod@example.org", "correct horse battery"); err != nil || got.ID != u.ID {
		t.Fatalf("login: %v", err)
	}
	if _, err := s.Authenticate(ctx, "nobody@example.org", "whatever"); !errors.Is(err, ErrBadCredentials) {
		t.Errorf("unknown user: %v", err)
	}
	for i := 0; i < LoginMaxFailures; i++ {
		if _, err := s.Authenticate(ctx, "mod@example.org", "wrong"); !errors.Is(err, ErrBadCredentials) {
			t.Fatalf("wrong password %d: %v", i, err)
		}
	}
	if _, err := s.Authenticate(ctx, "mod@example.org", "correct horse battery"); !errors.Is(err, ErrLockedOut) {
		t.Errorf("after %d failures: %v", LoginMaxFailures, err)
	}
}

func TestMaintenanceRunsOncePerInterval(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	u := testUser(t, s, "mod@example.org", RoleModerator)
	old, _ := s.CreateSession(ctx, u, "")
	fresh, _ := s.CreateSession(ctx, u, "")
	now := time.Now().UTC()
	s.db.Exec("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", now.Add(-2*SessionIdleTimeout), HashToken(old))
	s.db.Exec("INSERT INTO login_failures (email, created_at) VALUES ('x@example.org', ?)", now.Add(-2*LoginWindow))
	ran, err := s.RunMaintenance(ctx, now)
	if err != nil || !ran {
		t.Fatalf("first run: %v %v", ran, err)
	}
	var sessions, failures int64
	s.db.Table("sessions").Count(&sessions)
	s.db.Table("login_failures").Count(&failures)
	if sessions != 1 || failures != 0 {
		t.Errorf("after maintenance: %d sessions, %d failures", sessions, failures)
	}
	if _, _, err := s.SessionUser(ctx, fresh); err != nil {
		t.Errorf("a live session was removed: %v", err)
	}
	if ran, _ := s.RunMaintenance(ctx, now.Add(time.Minute)); ran {
		t.Error("ran twice in one interval")
	}
	if ran, _ := s.RunMaintenance(ctx, now.Add(MaintenanceInterval+time.Second)); !ran {
		t.Error("did not run in the next interval")
	}
}

// TestKeepConfidentialAddresses: an empty confidential location of an
// update takes the address of the live confidential location in its
// country and city — the one at its place first, each live one once —
// and nothing else does.
func TestKeepConfidentialAddresses(t *testing.T) {
	live := []Location{
		{City: "Leeds", Country: "GB", Address: "1 Open Road"},                                          // not confidential
		{City: "Leeds", Country: "GB", Address: "9 Hidden Lane", PostalCode: "LS1", Confidential: true}, // 1
		{City: "Leeds", Country: "GB", Address: "7 Quiet Row", Confidential: true},                      // 2
		{City: "Ghent", Country: "BE", PostalCode: "9000", Confidential: true},                          // 3
	}
	d := ProgramDraft{Locations: []LocationDraft{
		{City: "Leeds", Country: "GB", Confidential: true},                   // moved up: Leeds, first free → 1
		{City: " leeds ", Country: "gb", Confidential: true},                 // → 2 (1 is used)
		{City: "Leeds", Country: "GB", Confidential: true},                   // none left
		{City: "Ghent", Country: "BE", Confidential: true, Address: "New 1"}, // typed: kept as typed
		{City: "Ghent", Country: "BE"},                                       // not confidential: stays empty
		{City: "Antwerp", Country: "BE", Confidential: true},                 // no live one there
	}}
	orig := d.Locations // the caller's array, which the update must not change
	KeepConfidentialAddresses(live, &d)
	want := [][2]string{{"9 Hidden Lane", "LS1"}, {"7 Quiet Row", ""}, {"", ""}, {"New 1", ""}, {"", ""}, {"", ""}}
	for i, l := range d.Locations {
		if got := [2]string{l.Address, l.PostalCode}; got != want[i] {
			t.Errorf("location %d: %q, want %q", i, got, want[i])
		}
	}
	// The same place first: the live location at index 2 for a draft's 2.
	d3 := ProgramDraft{Locations: []LocationDraft{{}, {}, {City: "Leeds", Country: "GB", Confidential: true}}}
	KeepConfidentialAddresses(live, &d3)
	if d3.Locations[2].Address != "7 Quiet Row" {
		t.Errorf("not the live location at the same place: %+v", d3.Locations[2])
	}
	if orig[0].Address != "" {
		t.Error("the caller's locations were changed")
	}
	if w := (ProgramDraft{Locations: live2drafts(live)}).WithoutConfidentialAddresses(); w.Locations[0].Address != "1 Open Road" || w.Locations[1].Address != "" || w.Locations[1].PostalCode != "" || w.Locations[3].PostalCode != "" {
		t.Errorf("WithoutConfidentialAddresses: %+v", w.Locations)
	}
}

func live2drafts(ls []Location) []LocationDraft {
	var out []LocationDraft
	for _, l := range ls {
		out = append(out, LocationDraft{City: l.City, Country: l.Country, Address: l.Address, PostalCode: l.PostalCode, Confidential: l.Confidential})
	}
	return out
}

// TestDraftLineBreaksAndWebAddresses: a line break counts as one
// character, as the browser counted it against the field's maxlength, and
// a web address typed without https:// gets it; what is not an address
// is still refused.
func TestDraftLineBreaksAndWebAddresses(t *testing.T) {
	s := newTestStore(t)
	tax, _ := s.Taxonomies(context.Background())
	v := NewValidator(tax)
	d := validDraft("Lines")
	d.Summary = strings.Repeat(strings.Repeat("x", 59)+"\r\n", 4) + strings.Repeat("x", 59) // 299 in the browser, 303 as sent
	d.Description = "a\rb"
	d.Website, d.EvaluationURL = "www.example.org", "evaluations.example.org/2024?x=1"
	if problems := d.Validate(v); len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	if strings.Contains(d.Summary, "\r") || len(d.Summary) != 299 || d.Description != "a\nb" {
		t.Errorf("line breaks: %q", d.Summary)
	}
	if d.Website != "https://www.example.org" || d.EvaluationURL != "https://evaluations.example.org/2024?x=1" {
		t.Errorf("addresses: %q %q", d.Website, d.EvaluationURL)
	}
	for _, bad := range []string{"javascript:alert(1)", "mailto:a@b.org", "not an address", "localhost", "http//x.org", ".example.org"} {
		d := validDraft("Bad")
		d.Website = bad
		if problems := d.Validate(v); len(problems) != 1 || problems[0].Field != "website" {
			t.Errorf("%q: %v (now %q)", bad, problems, d.Website)
		}
	}
	r := Report{Text: "line\r\nline"}
	r.Normalize()
	if r.Text != "line\nline" {
		t.Errorf("report: %q", r.Text)
	}
}

// TestDismissingAReportNeedsNoMessage: a report's author has no tracking
// page to read a message on; rejecting a new listing still needs one.
func TestDismissingAReportNeedsNoMessage(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mod := testUser(t, s, "mod@example.org", RoleModerator)
	_, sub, err := s.CreateSubmission(ctx, KindNew, validDraft("Quiet Harbour"), Submitter{Name: "N", Email: "n@example.org"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Decide(ctx, mod, Decision{SubmissionID: sub.ID, Version: 1, To: StateRejected, Message: " "}); !errors.Is(err, ErrReasonRequired) {
		t.Fatalf("reject a new listing without a message: %v, want ErrReasonRequired", err)
	}
	if sub, err = s.Decide(ctx, mod, Decision{SubmissionID: sub.ID, Version: 1, To: StateApproved}); err != nil {
		t.Fatal(err)
	}
	for _, note := range []string{"", "Checked: the number works."} {
		report, err := s.CreateReport(ctx, *sub.ProgramPK, Report{Text: "The phone number no longer works."})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Decide(ctx, mod, Decision{SubmissionID: report.ID, Version: 1, To: StateRejected, Message: note})
		if err != nil || got.State != StateRejected || got.ModeratorMessage != note {
			t.Fatalf("dismiss a report with the note %q: %v %+v", note, err, got)
		}
		evs, _ := s.SubmissionHistory(ctx, report.ID)
		if last := evs[len(evs)-1]; last.Action != "submission.reject" || last.Reason != note {
			t.Errorf("history of the dismissal: %+v", last)
		}
	}
}

// TestDiffDraftsListsAsSets: the same themes, audiences and languages in
// another order (the form's, against the store's sorted one) are no
// change; another theme is.
func TestDiffDraftsListsAsSets(t *testing.T) {
	a, b := *validDraft("Same"), *validDraft("Same")
	a.Themes, b.Themes = []string{"youth-mentoring", "education"}, []string{"education", "youth-mentoring"}
	a.Languages, b.Languages = []string{"fr", "ar"}, []string{"ar", "fr"}
	for _, ch := range DiffDrafts(a, b) {
		if ch.Changed {
			t.Errorf("%s changed: %q → %q", ch.Field, ch.Old, ch.New)
		}
	}
	b.Themes = []string{"education", "exit-work"}
	for _, ch := range DiffDrafts(a, b) {
		if ch.Changed != (ch.Field == "themes") {
			t.Errorf("%s: changed %v", ch.Field, ch.Changed)
		}
	}
	// A postal code taken out of the address reads the same joined; it
	// is a change all the same.
	a, b = *validDraft("Same"), *validDraft("Same")
	a.Locations[0].Address = "9 Hidden Lane, 9000"
	b.Locations[0].Address, b.Locations[0].PostalCode = "9 Hidden Lane", "9000"
	for _, ch := range DiffDrafts(a, b) {
		if ch.Changed != (ch.Field == "locations") {
			t.Errorf("postal code out of the address: %s changed %v (%q → %q)", ch.Field, ch.Changed, ch.Old, ch.New)
		}
	}
}

// TestEditKeepsCoordinatesOfUnchangedPlaces: no form carries a location's
// coordinates (they come from an HSDS import), so an edit kept them only
// while it keeps the address: every edit, of anything, dropped them.
func TestEditKeepsCoordinatesOfUnchangedPlaces(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	admin := testUser(t, s, "admin@example.org", RoleAdmin)
	d := validDraft("Quiet Harbour")
	d.Locations = []LocationDraft{
		{Address: "1 Open Road", City: "Gent", Country: "BE"},
		{Address: "2 Side Street", City: "Antwerpen", Country: "BE"},
		{Address: "3 Old Quay", City: "Brugge", Country: "BE"},
	}
	if _, err := s.ImportPrograms(ctx, []ImportRow{{Row: 2, Draft: *d}}); err != nil {
		t.Fatal(err)
	}
	s.db.Exec("UPDATE locations SET latitude = position + 50.5, longitude = position + 3.5")
	p, err := s.ProgramBySlug(ctx, "quiet-harbour")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, l := range p.Locations {
		ids[l.Address] = l.ID
	}
	e := DraftFromProgram(p)
	e.Summary = "Another summary"
	// Antwerpen and Gent swap places; Brugge moves (its coordinates no longer stand for it).
	e.Locations[0], e.Locations[1] = e.Locations[1], e.Locations[0]
	e.Locations[1].City = " gent " // case and spaces are the same place
	e.Locations[2].Address = "4 New Quay"
	if err := s.EditProgram(ctx, admin, p.ID, p.Version, &e); err != nil {
		t.Fatal(err)
	}
	p, err = s.ProgramBySlug(ctx, "quiet-harbour")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		address string
		lat     float64 // 0: none
		id      string
	}{{"2 Side Street", 51.5, ids["2 Side Street"]}, {"1 Open Road", 50.5, ids["1 Open Road"]}, {"4 New Quay", 0, ids["3 Old Quay"]}}
	for i, l := range p.Locations {
		lat := 0.0
		if l.Latitude != nil {
			lat = *l.Latitude
		}
		if l.Address != want[i].address || lat != want[i].lat || l.ID != want[i].id || (l.Latitude == nil) != (l.Longitude == nil) {
			t.Errorf("location %d: %q at %v, id %s; want %q at %v, id %s", i, l.Address, lat, l.ID, want[i].address, want[i].lat, want[i].id)
		}
	}
}

// TestLockoutHoldsForAttemptsTogether: attempts sent together each passed
// the count of failures before any of them was written, so ten wrong
// passwords in parallel were all checked against the account's hash
// (two instances doubled it). No more than LoginMaxFailures are now.
func TestLockoutHoldsForAttemptsTogether(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	testUser(t, s, "victim@example.org", RoleModerator)
	const tries = 3 * LoginMaxFailures
	errs := make(chan error, tries)
	for i := range tries {
		go func() {
			_, err := s.Authenticate(ctx, "victim@example.org", fmt.Sprintf("wrong guess %d", i))
			errs <- err
		}()
	}
	checked := 0
	for range tries {
		switch err := <-errs; {
		case errors.Is(err, ErrBadCredentials):
			checked++
		case errors.Is(err, ErrLockedOut):
		default:
			t.Fatal(err)
		}
	}
	if checked > LoginMaxFailures {
		t.Errorf("%d passwords checked in one window, at most %d", checked, LoginMaxFailures)
	}
	// Each checked password is a failure on record; a locked-out attempt
	// leaves none (it would prolong the lockout).
	var failures int64
	s.db.Raw("SELECT count(*) FROM login_failures WHERE email = ?", "victim@example.org").Scan(&failures)
	if failures != int64(checked) {
		t.Errorf("%d failures on record for %d passwords checked", failures, checked)
	}
	// Up to the limit one by one, then locked out, the right password too.
	for range LoginMaxFailures - checked {
		if _, err := s.Authenticate(ctx, "victim@example.org", "wrong again"); !errors.Is(err, ErrBadCredentials) {
			t.Fatalf("a wrong password under the limit: %v", err)
		}
	}
	if _, err := s.Authenticate(ctx, "victim@example.org", "correct horse battery"); !errors.Is(err, ErrLockedOut) {
		t.Errorf("the right password after the lockout: %v", err)
	}
}

// TestApprovedUpdateKeepsAnArchivedProgramArchived: an update sent while
// a program was live and approved after a moderator archived it changes
// its content and leaves it archived; it brought the program back into
// the directory, unasked.
func TestApprovedUpdateKeepsAnArchivedProgramArchived(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mod := testUser(t, s, "mod@example.org", RoleModerator)
	live, sub := liveWithUpdate(t, s)
	if err := s.SetProgramStatus(ctx, mod, live.ID, StatusArchived, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Decide(ctx, mod, Decision{SubmissionID: sub.ID, Version: 1, To: StateApproved}); err != nil {
		t.Fatal(err)
	}
	p, err := s.AdminProgram(ctx, live.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != StatusArchived {
		t.Errorf("approving the update made the archived program %s", p.Status)
	}
	if p.Summary != "Changed summary" {
		t.Errorf("the update was not applied: %q", p.Summary)
	}
	if _, err := s.ProgramBySlug(ctx, "live-one"); !errors.Is(err, ErrNotFound) {
		t.Errorf("the archived program is public again: %v", err)
	}
	if search(t, s, "q=live").Total != 0 {
		t.Error("the archived program is found by search again")
	}
}

// TestArchiveMeanwhileIsNotUndone: a moderator archives a program while
// another approves an update of it, or edits it, or a bulk import
// updates it (as it did too, until it locked its read). Whichever commits
// second must not write back the status it read before the archive: on
// PostgreSQL the approval or edit read "published", waited for the
// archive's row, then saved the whole row and put the program back in
// the directory, the archive lost with no word to anyone. The archive
// here is held open while the other starts, then committed.
func TestArchiveMeanwhileIsNotUndone(t *testing.T) {
	for _, how := range []string{"approve", "edit", "bulk import"} {
		t.Run(how, func(t *testing.T) {
			ctx := context.Background()
			s := newTestStore(t)
			mod := testUser(t, s, "mod@example.org", RoleModerator)
			live, sub := liveWithUpdate(t, s) // the update is approved, or its change made otherwise
			d := DraftFromProgram(live)
			d.Summary = "Changed summary"
			err := duringArchive(t, s, live.PK, func() error {
				switch how {
				case "approve":
					_, err := s.Decide(ctx, mod, Decision{SubmissionID: sub.ID, Version: sub.Version, To: StateApproved})
					return err
				case "bulk import": // as from 1,000 rows (bulkImportFrom)
					tax, err := s.Taxonomies(ctx)
					if err != nil {
						return err
					}
					rows, err := ParseProgramsCSV(strings.NewReader(csvHeader+"Live One,Org,Changed summary,,education,children,,en,,,BE,,Gent,,,false,,,,,,,,,2026-01-01\n"), NewValidator(tax))
					if err != nil {
						return err
					}
					_, err = s.BulkImportPrograms(ctx, rows)
					return err
				}
				return s.EditProgram(ctx, mod, live.ID, live.Version, &d)
			})
			if err != nil && !errors.Is(err, ErrConflict) {
				t.Fatal(err)
			}
			p, err := s.AdminProgram(ctx, live.ID)
			if err != nil {
				t.Fatal(err)
			}
			if p.Status != StatusArchived {
				t.Errorf("the %s that started while the program was being archived made it %s again", how, p.Status)
			}
		})
	}
}

// TestConfirmMeanwhileArchivedIsRefused: an organization's confirmation
// that starts while the program is being archived waits for the archive
// and refuses: it recorded the confirmation of a program no longer
// public (a review).
func TestConfirmMeanwhileArchivedIsRefused(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mod := testUser(t, s, "mod@example.org", RoleModerator)
	d := ProgramDraft{Name: "Harbour Mentors", Organization: "Harbour Trust", Summary: "Weekly mentoring.",
		Themes: []string{"education"}, Audiences: []string{"children"}, Languages: []string{"en"},
		Locations: []LocationDraft{{City: "Gent", Country: "BE"}}}
	token, sub, err := s.CreateSubmission(ctx, KindNew, &d, Submitter{Name: "N", Email: "n@example.org"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	sub, err = s.Decide(ctx, mod, Decision{SubmissionID: sub.ID, Version: sub.Version, To: StateApproved})
	if err != nil {
		t.Fatal(err)
	}
	err = duringArchive(t, s, *sub.ProgramPK, func() error {
		_, err := s.ConfirmCurrent(ctx, token, time.Now())
		return err
	})
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("a confirmation of a program archived meanwhile: %v, want ErrNotFound", err)
	}
	if _, n, _ := s.AuditEvents(ctx, AuditFilter{Action: "program.confirm"}); n != 0 {
		t.Errorf("%d confirmations recorded for an archived program", n)
	}
}

// liveWithUpdate imports "Live One" (summary "Original summary") and
// sends an update of it changing the summary to "Changed summary".
func liveWithUpdate(t *testing.T, s *Store) (*Program, *Submission) {
	t.Helper()
	ctx := context.Background()
	importCSV(t, s, "Live One,Org,Original summary,,education,children,,en,,,BE,,Gent,,,false,,,,,,,,,2026-01-01\n")
	live, err := s.ProgramBySlug(ctx, "live-one")
	if err != nil {
		t.Fatal(err)
	}
	d := DraftFromProgram(live)
	d.Summary = "Changed summary"
	_, sub, err := s.CreateSubmission(ctx, KindUpdate, &d, Submitter{Name: "N", Email: "n@example.org"}, &live.PK)
	if err != nil {
		t.Fatal(err)
	}
	return live, sub
}

// duringArchive runs fn while an archive of the program pk is being
// written: the archive's transaction is held open until fn has begun and
// waits for the program's row, then committed; fn's error is returned.
func duringArchive(t *testing.T, s *Store, pk int64, fn func() error) error {
	t.Helper()
	archive := s.db.Begin()
	if err := archive.Exec("UPDATE programs SET status = ?, version = version + 1 WHERE pk = ?", StatusArchived, pk).Error; err != nil {
		archive.Rollback()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- fn() }()
	time.Sleep(300 * time.Millisecond) // fn has read the program and waits for its row
	if err := archive.Commit().Error; err != nil {
		t.Fatal(err)
	}
	return <-done
}
