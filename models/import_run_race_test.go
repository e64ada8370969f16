package models

import (
	"context"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
)

// TestModifiedAfterDuringTheImportsCommit: a consumer that syncs after
// the import recorded its run but before the import committed sees none
// of its programs then, and must get them the next time it asks for the
// programs modified after that moment. (finished_at was taken before the
// commit, so the next sync found no run done since and missed them.)
func TestModifiedAfterDuringTheImportsCommit(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	tax, _ := s.Taxonomies(ctx)
	rows, err := ParseProgramsCSV(strings.NewReader(csvHeader+`Quiet Harbour,Org A,Exit coaching,Coaching.,exit-work,people-leaving-extremism,tertiary,en,in-person,free,GB,England,Leeds,,,false,,a@example.org,,,,,,not_evaluated,2026-01-10
`), NewValidator(tax))
	if err != nil {
		t.Fatal(err)
	}
	var synced time.Time
	seen := -1
	pause := func(db *gorm.DB) {
		if !strings.HasPrefix(db.Statement.SQL.String(), "INSERT INTO import_runs") || !synced.IsZero() {
			return
		}
		// The commit is still to come: a consumer syncs now.
		time.Sleep(5 * time.Millisecond)
		synced = time.Now().UTC()
		_, seen, _ = s.HSDSServices(ctx, HSDSFilter{ModifiedAfter: synced.Add(-time.Hour)}, 1, 50)
	}
	// The run is recorded by an Exec (Raw) or an INSERT … RETURNING (Row).
	if err := s.db.Callback().Raw().After("gorm:raw").Register("test:sync_before_commit", pause); err != nil {
		t.Fatal(err)
	}
	if err := s.db.Callback().Row().After("gorm:row").Register("test:sync_before_commit_row", pause); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportPrograms(ctx, rows); err != nil {
		t.Fatal(err)
	}
	if synced.IsZero() {
		t.Fatal("the import recorded no run")
	}
	if seen != 0 {
		t.Skipf("the sync during the commit saw %d programs: the reader sees the import's transaction", seen)
	}
	if _, total, err := s.HSDSServices(ctx, HSDSFilter{ModifiedAfter: synced}, 1, 50); err != nil || total != 1 {
		t.Errorf("modified after the sync made during the import's commit: %d programs (%v), want 1: the import is missed", total, err)
	}
}
