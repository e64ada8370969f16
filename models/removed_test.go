package models

import (
	"context"
	"testing"
	"time"
)

// TestRemovedPrograms: the programs that left the public directory since
// a moment are those archived at or after it and still archived, each
// once, with the time it last left; a program restored since is public
// again (its own change is seen by modified_after) and a program that is
// and was public is not there. What happens to an archived program later
// (a moderator's edit) changes nothing.
func TestRemovedPrograms(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	importCSV(t, s, `Gone Club,Org A,Closed down.,,education,young-people,,,,,BE,,Gent,,,false,,,,,,,,,
Back Club,Org A,Archived by mistake.,,education,young-people,,,,,BE,,Gent,,,false,,,,,,,,,
Twice Club,Org B,Archived twice.,,education,young-people,,,,,BE,,Gent,,,false,,,,,,,,,
Old Club,Org B,Archived long ago.,,education,young-people,,,,,BE,,Gent,,,false,,,,,,,,,
Live Club,Org B,Still here.,,education,young-people,,,,,BE,,Gent,,,false,,,,,,,,,
`)
	admin := testUser(t, s, "admin@example.org", RoleAdmin)
	id := map[string]string{}
	ps, _, err := s.HSDSServices(ctx, HSDSFilter{}, 1, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		id[p.Name] = p.ID
	}
	set := func(name, status string) {
		t.Helper()
		if err := s.SetProgramStatus(ctx, admin, id[name], status, "test"); err != nil {
			t.Fatal(err)
		}
	}
	set("Old Club", StatusArchived)
	time.Sleep(20 * time.Millisecond)
	since := time.Now().UTC()
	time.Sleep(20 * time.Millisecond)
	set("Gone Club", StatusArchived)
	set("Back Club", StatusArchived)
	set("Back Club", StatusPublished)
	set("Twice Club", StatusArchived)
	set("Twice Club", StatusPublished)
	set("Twice Club", StatusArchived)
	// A moderator's edit of an archived program is not public: no event
	// of it reaches the list.
	p, err := s.AdminProgram(ctx, id["Gone Club"])
	if err != nil {
		t.Fatal(err)
	}
	d := DraftFromProgram(p)
	d.Summary = "Closed down for good."
	if err := s.EditProgram(ctx, admin, id["Gone Club"], p.Version, &d); err != nil {
		t.Fatal(err)
	}
	events, _, err := s.AuditEvents(ctx, AuditFilter{RecordID: id["Twice Club"], Action: "program.archive"})
	if err != nil || len(events) != 2 {
		t.Fatalf("archive events of Twice Club: %v %v", events, err)
	}
	lastLeft := events[0].CreatedAt // newest first

	got, err := s.RemovedPrograms(ctx, since)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != id["Gone Club"] || got[1].ID != id["Twice Club"] {
		t.Fatalf("removed since: %+v (ids %v)", got, id)
	}
	if !got[1].RemovedAt.Equal(lastLeft) || got[0].RemovedAt.Before(since) || got[1].RemovedAt.Before(got[0].RemovedAt) {
		t.Errorf("times: %+v, Twice Club last left at %v", got, lastLeft)
	}
	all, err := s.RemovedPrograms(ctx, since.Add(-time.Hour))
	if err != nil || len(all) != 3 || all[0].ID != id["Old Club"] {
		t.Errorf("removed since an hour ago: %+v %v", all, err)
	}
	// "At or after": a program's own time finds it.
	if at, err := s.RemovedPrograms(ctx, lastLeft); err != nil || len(at) != 1 || at[0].ID != id["Twice Club"] {
		t.Errorf("removed at or after %v: %+v %v", lastLeft, at, err)
	}
	if none, err := s.RemovedPrograms(ctx, time.Now().Add(time.Hour)); err != nil || len(none) != 0 {
		t.Errorf("removed in the future: %+v %v", none, err)
	}
}
