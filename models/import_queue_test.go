package models

import (
	"context"
	"strings"
	"testing"
)

// TestImportedIsNotAName: a queued import is saved as an import is; a
// person who calls themselves "Import" (with the e-mail address every
// form asks for) is not an import.
func TestImportedIsNotAName(t *testing.T) {
	for _, c := range []struct {
		sub      Submission
		imported bool
		mode     saveMode
	}{
		{Submission{Kind: KindNew, SubmitterName: ImportSubmitter}, true, saveImport},
		{Submission{Kind: KindUpdate, SubmitterName: ImportSubmitter}, true, saveImport},
		{Submission{Kind: KindNew, SubmitterName: ImportSubmitter, SubmitterEmail: "sam@example.org"}, false, saveEdit},
		{Submission{Kind: KindUpdate, SubmitterName: ImportSubmitter, SubmitterEmail: "sam@example.org"}, false, saveUpdate},
		{Submission{Kind: KindReport, SubmitterName: ImportSubmitter}, false, saveEdit},
	} {
		if got := c.sub.Imported(); got != c.imported {
			t.Errorf("%s by %q <%s>: imported %t", c.sub.Kind, c.sub.SubmitterName, c.sub.SubmitterEmail, got)
		}
		if got := c.sub.SaveMode(); got != c.mode {
			t.Errorf("%s by %q <%s>: save mode %v, want %v", c.sub.Kind, c.sub.SubmitterName, c.sub.SubmitterEmail, got, c.mode)
		}
	}
}

// TestQueuedImportTheSameAsLive: a queued row that holds what its program
// holds is not queued (nothing to review), unless an update of that
// program is waiting: the source then went back on it, and the
// moderator must see that before approving the other. Approving a queued
// row that changes nothing (the program changed since it was queued)
// writes no program event.
func TestQueuedImportTheSameAsLive(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	tax, _ := s.Taxonomies(ctx)
	const live = `Quiet Harbour,Org A,Exit coaching,Coaching.,exit-work,people-leaving-extremism,tertiary,en,in-person,free,GB,England,Leeds,,,false,,a@example.org,,,,,,not_evaluated,2026-01-10
`
	drafts := func(f string) []ProgramDraft {
		rows, err := ParseProgramsCSV(strings.NewReader(csvHeader+f), NewValidator(tax))
		if err != nil {
			t.Fatal(err)
		}
		return []ProgramDraft{rows[0].Draft}
	}
	importCSV(t, s, live)
	if sum, err := s.QueueDrafts(ctx, drafts(live), "same.csv"); err != nil || sum != (QueueSummary{Unchanged: 1}) {
		t.Fatalf("the same as live: %+v %v", sum, err)
	}
	changed := strings.Replace(live, "Exit coaching", "Exit coaching for adults", 1)
	if sum, err := s.QueueDrafts(ctx, drafts(changed), "changed.csv"); err != nil || sum != (QueueSummary{Updates: 1}) {
		t.Fatalf("changed: %+v %v", sum, err)
	}
	if sum, err := s.QueueDrafts(ctx, drafts(live), "back.csv"); err != nil || sum != (QueueSummary{Updates: 1}) {
		t.Fatalf("back as live, with a change waiting: %+v %v", sum, err)
	}
	// The change is approved first; then the row as it was is, and
	// changes it back: an update. A third, queued as the first was, then
	// approved with nothing left to change, writes no program event.
	mod := testUser(t, s, "mod@example.org", RoleModerator)
	items, _, _ := s.Queue(ctx, QueueFilter{State: StatePending})
	if len(items) != 2 {
		t.Fatalf("%d queued", len(items))
	}
	for _, it := range items {
		if _, err := s.Decide(ctx, mod, Decision{SubmissionID: it.ID, Version: it.Version, To: StateApproved}); err != nil {
			t.Fatal(err)
		}
	}
	if sum, err := s.QueueDrafts(ctx, drafts(changed), "again.csv"); err != nil || sum != (QueueSummary{Updates: 1}) {
		t.Fatalf("changed again: %+v %v", sum, err)
	}
	items, _, _ = s.Queue(ctx, QueueFilter{State: StatePending})
	importCSV(t, s, changed) // the change reaches the program another way first
	var before int64
	s.db.Raw("SELECT count(*) FROM audit_events WHERE record_type = 'program'").Scan(&before)
	if _, err := s.Decide(ctx, mod, Decision{SubmissionID: items[0].ID, Version: items[0].Version, To: StateApproved}); err != nil {
		t.Fatal(err)
	}
	var after int64
	s.db.Raw("SELECT count(*) FROM audit_events WHERE record_type = 'program'").Scan(&after)
	if after != before {
		t.Errorf("approving a row that changes nothing wrote %d program event(s)", after-before)
	}
}
