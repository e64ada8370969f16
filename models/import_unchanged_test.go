package models

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestImportSplittingAPostalCodeOutOfTheAddressIsAChange: a file that
// first carried the postal code inside the address and is then cleaned
// up (the postal code in its own column) changes what is stored: the
// location's address and postal code. unchanged compared the locations as
// the diff prints them (the non-empty parts joined with ", "), where both
// read "9 Hidden Lane, LS1 9ZZ, Leeds, England, GB", so the cleaned file
// was counted unchanged and nothing of it was written.
func TestImportSplittingAPostalCodeOutOfTheAddressIsAChange(t *testing.T) {
	ctx := context.Background()
	const before = `Quiet Harbour,Org A,Exit coaching,Coaching.,exit-work,people-leaving-extremism,tertiary,en,in-person,free,GB,England,Leeds,,"9 Hidden Lane, LS1 9ZZ",false,,a@example.org,,,,,,not_evaluated,2026-01-10
`
	after := strings.Replace(before, `,,"9 Hidden Lane, LS1 9ZZ",`, `,LS1 9ZZ,9 Hidden Lane,`, 1)
	for _, bulk := range []bool{false, true} {
		s := newTestStore(t)
		load := func(f string) ImportSummary { t.Helper(); return importCSVAs(t, s, f, bulk) }
		load(before)
		if sum := load(after); sum != (ImportSummary{Updated: 1}) {
			t.Errorf("bulk %v: postal code split out of the address: %+v, want one update", bulk, sum)
		}
		p, err := s.ProgramBySlug(ctx, "quiet-harbour")
		if err != nil {
			t.Fatal(err)
		}
		if l := p.Locations[0]; l.Address != "9 Hidden Lane" || l.PostalCode != "LS1 9ZZ" {
			t.Errorf("bulk %v: stored address %q, postal code %q; want %q, %q", bulk, l.Address, l.PostalCode, "9 Hidden Lane", "LS1 9ZZ")
		}
	}
}

// TestImportHSDSNewCoordinatesReachCachedSearches: a record whose only
// change is its coordinates is an update (version up), and the search
// results, cached by search version and carrying each hit's locations
// with their coordinates, must show the new ones. Before eb0ead0 every
// HSDS import reindexed, bumping the search version; the "moved only"
// path bumps the program's version but not search's, so a search asked
// before the import kept answering the old coordinates.
func TestImportHSDSNewCoordinatesReachCachedSearches(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	if sum, err := s.ImportHSDS(ctx, parseHSDS(t, s, foreignJSON())); err != nil || sum.Created != 1 {
		t.Fatalf("import: %+v %v", sum, err)
	}
	lat := func() float64 {
		t.Helper()
		res := search(t, s, "")
		if len(res.Hits) != 1 || len(res.Hits[0].Program.Locations) == 0 || res.Hits[0].Program.Locations[0].Latitude == nil {
			t.Fatalf("search: %+v", res.Hits)
		}
		return *res.Hits[0].Program.Locations[0].Latitude
	}
	if got := lat(); got != 50.8 {
		t.Fatalf("latitude %v, want 50.8", got)
	}
	moved := strings.Replace(foreignJSON(), `"latitude": 50.8`, `"latitude": 50.9`, 1)
	if sum, err := s.ImportHSDS(ctx, parseHSDS(t, s, moved)); err != nil || sum.Updated != 1 {
		t.Fatalf("re-import: %+v %v", sum, err)
	}
	if got := lat(); got != 50.9 {
		t.Errorf("search still shows latitude %v after the import moved it to 50.9", got)
	}
}

// TestModifiedAfterReachesBackToTheImport: an import stamps its programs
// with the time it began, and they are seen when it commits. A consumer
// asking for the programs modified after a moment in between (a nightly
// sync while a big import ran) never got them. Each import that changes
// programs records its run, and modified_after reaches back to the start
// of any import done after the moment asked for.
func TestModifiedAfterReachesBackToTheImport(t *testing.T) {
	ctx := context.Background()
	for _, bulk := range []bool{false, true} {
		s := newTestStore(t)
		const file = `Quiet Harbour,Org A,Exit coaching,Coaching.,exit-work,people-leaving-extremism,tertiary,en,in-person,free,GB,England,Leeds,,,false,,a@example.org,,,,,,not_evaluated,2026-01-10
Old Club,Org B,A club,Meetings.,youth-mentoring,young-people,primary,en,in-person,free,GB,England,York,,,false,,b@example.org,,,,,,not_evaluated,2026-01-10
`
		load := func() { t.Helper(); importCSVAs(t, s, file, bulk) }
		load()
		var runs []struct{ StartedAt, FinishedAt time.Time }
		s.db.Raw("SELECT started_at, finished_at FROM import_runs").Scan(&runs)
		var stamped time.Time
		s.db.Raw("SELECT updated_at FROM programs ORDER BY updated_at LIMIT 1").Row().Scan(&stamped)
		if len(runs) != 1 || !runs[0].StartedAt.Equal(stamped) || runs[0].FinishedAt.Before(runs[0].StartedAt) {
			t.Fatalf("bulk %v: runs %+v, programs stamped %v", bulk, runs, stamped)
		}
		load() // the same again: nothing changed, no run
		var n int
		if s.db.Raw("SELECT count(*) FROM import_runs").Row().Scan(&n); n != 1 {
			t.Errorf("bulk %v: %d runs after an import that changed nothing", bulk, n)
		}
		// As if the import had taken five minutes from 10:00.
		began := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
		s.db.Exec("UPDATE programs SET updated_at = ?", began)
		s.db.Exec("UPDATE organizations SET updated_at = ?", began)
		s.db.Exec("UPDATE import_runs SET started_at = ?, finished_at = ?", began, began.Add(5*time.Minute))
		for after, want := range map[time.Duration]int{-time.Minute: 2, 2 * time.Minute: 2, 5 * time.Minute: 2, 6 * time.Minute: 0} {
			if _, total, err := s.HSDSServices(ctx, HSDSFilter{ModifiedAfter: began.Add(after)}, 1, 50); err != nil || total != want {
				t.Errorf("bulk %v: modified after 10:00%+v: %d programs (%v), want %d", bulk, after, total, err, want)
			}
		}
		if changed, err := s.DirectoryChanged(ctx); err != nil || changed.Before(began.Add(5*time.Minute)) {
			t.Errorf("bulk %v: the directory changed at %v, before the import was done", bulk, changed)
		}
	}
}
