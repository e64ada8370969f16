package models

import (
	"context"
	"strings"
	"testing"
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
		tax, _ := s.Taxonomies(ctx)
		load := func(f string) ImportSummary {
			t.Helper()
			rows, err := ParseProgramsCSV(strings.NewReader(csvHeader+f), NewValidator(tax))
			if err != nil {
				t.Fatal(err)
			}
			var sum ImportSummary
			if bulk {
				sum, err = s.BulkImportPrograms(ctx, rows)
			} else {
				sum, err = s.ImportPrograms(ctx, rows)
			}
			if err != nil {
				t.Fatal(err)
			}
			return sum
		}
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
