package models

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"pathways/models/testdb"
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

	got, err := s.RemovedPrograms(ctx, since, nil, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != id["Gone Club"] || got[1].ID != id["Twice Club"] {
		t.Fatalf("removed since: %+v (ids %v)", got, id)
	}
	if !got[1].RemovedAt.Equal(lastLeft) || got[0].RemovedAt.Before(since) || got[1].RemovedAt.Before(got[0].RemovedAt) {
		t.Errorf("times: %+v, Twice Club last left at %v", got, lastLeft)
	}
	all, err := s.RemovedPrograms(ctx, since.Add(-time.Hour), nil, 100)
	if err != nil || len(all) != 3 || all[0].ID != id["Old Club"] {
		t.Errorf("removed since an hour ago: %+v %v", all, err)
	}
	// "At or after": a program's own time finds it.
	if at, err := s.RemovedPrograms(ctx, lastLeft, nil, 100); err != nil || len(at) != 1 || at[0].ID != id["Twice Club"] {
		t.Errorf("removed at or after %v: %+v %v", lastLeft, at, err)
	}
	if none, err := s.RemovedPrograms(ctx, time.Now().Add(time.Hour), nil, 100); err != nil || len(none) != 0 {
		t.Errorf("removed in the future: %+v %v", none, err)
	}
}

// TestRemovedProgramsPages: the removed programs come in pages that
// start where the last one ended (a cursor, not an offset), so walking
// them gives every program once, in the order of one long page, with any
// page size; a program archived while a consumer walks comes at the end,
// one restored meanwhile is left out without moving the others, and one
// archived again comes once, at its last time.
func TestRemovedProgramsPages(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	var rows strings.Builder
	for i := range 30 {
		fmt.Fprintf(&rows, "Club %02d,Org %d,Summary.,,education,young-people,,,,,BE,,Gent,,,false,,,,,,,,,\n", i, i%4)
	}
	importCSV(t, s, rows.String())
	admin := testUser(t, s, "admin@example.org", RoleAdmin)
	ps, _, err := s.HSDSServices(ctx, HSDSFilter{}, 1, 100)
	if err != nil || len(ps) != 30 {
		t.Fatalf("%d programs, %v", len(ps), err)
	}
	set := func(i int, status string) {
		t.Helper()
		if err := s.SetProgramStatus(ctx, admin, ps[i].ID, status, ""); err != nil {
			t.Fatal(err)
		}
	}
	since := time.Now().Add(-time.Hour)
	for i := range 24 {
		set(i, StatusArchived)
	}
	set(5, StatusPublished) // restored
	set(9, StatusPublished)
	set(9, StatusArchived) // archived again: at its last time
	want, err := s.RemovedPrograms(ctx, since, nil, 1000)
	if err != nil || len(want) != 23 || want[len(want)-1].ID != ps[9].ID {
		t.Fatalf("one page: %d programs, %v", len(want), err)
	}
	walk := func(per int, meanwhile func(page int)) []RemovedProgram {
		t.Helper()
		var all []RemovedProgram
		var after *RemovedCursor
		for page := 0; ; page++ {
			got, err := s.RemovedPrograms(ctx, since, after, per)
			if err != nil || len(got) > per {
				t.Fatalf("per %d, page %d: %d programs, %v", per, page, len(got), err)
			}
			all = append(all, got...)
			if len(got) < per {
				return all
			}
			c, err := ParseRemovedCursor(got[len(got)-1].After().String())
			if err != nil || c != got[len(got)-1].After() {
				t.Fatalf("the cursor %q reads back as %+v, %v", got[len(got)-1].After(), c, err)
			}
			after = &c
			if meanwhile != nil {
				meanwhile(page)
			}
		}
	}
	ids := func(rs []RemovedProgram) []string {
		out := make([]string, len(rs))
		for i, r := range rs {
			out[i] = r.ID
		}
		return out
	}
	for _, per := range []int{1, 4, 7, 23, 100} {
		if got := ids(walk(per, nil)); !slices.Equal(got, ids(want)) {
			t.Errorf("per %d: %v, want %v", per, got, ids(want))
		}
	}
	// Meanwhile: after the first page of 4, program 26 is archived and
	// program 12, on a page not read yet, restored.
	got := ids(walk(4, func(page int) {
		if page == 0 {
			set(26, StatusArchived)
			set(12, StatusPublished)
		}
	}))
	expect := slices.DeleteFunc(ids(want), func(id string) bool { return id == ps[12].ID })
	expect = append(expect, ps[26].ID)
	if !slices.Equal(got, expect) {
		t.Errorf("walked while the directory changed: %v, want %v", got, expect)
	}
	for _, bad := range []string{"", "x", "bm90IGEgY3Vyc29y", RemovedCursor{At: time.Now(), Event: 0}.String()} {
		if _, err := ParseRemovedCursor(bad); !errors.Is(err, ErrBadCursor) {
			t.Errorf("cursor %q: %v", bad, err)
		}
	}
}

// TestRemovedProgramsPageReadsIndexes: on SQLite a page of removed
// programs walks audit_events_left from its cursor, in the list's order,
// and checks each program's later events in audit_events_left_program:
// it never reads the audit log whole, nor sorts it. PostgreSQL chooses by
// its statistics.
func TestRemovedProgramsPageReadsIndexes(t *testing.T) {
	testdb.SkipOnPostgres(t, "the query plans of SQLite")
	s := newTestStore(t)
	for _, after := range []*RemovedCursor{nil, {At: time.Now(), Event: 7}} {
		q, args := removedQuery(time.Now().Add(-time.Hour), after, 10)
		var rows []struct{ Detail string }
		if err := s.read.Raw("EXPLAIN QUERY PLAN "+q, args...).Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, r := range rows {
			lines = append(lines, r.Detail)
		}
		plan := strings.Join(lines, "; ")
		if !strings.HasPrefix(plan, "SEARCH a USING COVERING INDEX audit_events_left (") ||
			!strings.Contains(plan, "SEARCH l USING COVERING INDEX audit_events_left_program (record_type=? AND from_state=? AND record_id=? AND id>?)") ||
			strings.Contains(plan, "TEMP B-TREE") || strings.Contains(plan, "SCAN") {
			t.Errorf("after %v: %s", after, plan)
		}
	}
}
