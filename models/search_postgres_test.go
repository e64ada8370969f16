package models

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"gorm.io/gorm"

	"pathways/models/testdb"
)

// A common word's text match on PostgreSQL keeps an exact bitmap of its
// rows however many heap pages the text index spans: a lossy one makes
// the server read and decompress the vector of every row of a lossy
// page again (2.3 s instead of 0.5 s for "people" at 1,000,000
// programs). The directory here is small, so its pages are made sparse
// (fillfactor 10: about a row a page) and work_mem is set to its least,
// which a 64 kB bitmap cannot hold exactly for 1,200 pages.
func TestPostgresTextMatchBitmapExact(t *testing.T) {
	if !testdb.Postgres() {
		t.Skip("PostgreSQL only")
	}
	ctx := context.Background()
	s := newTestStore(t)
	if err := s.db.Exec("ALTER TABLE program_search SET (fillfactor = 10)").Error; err != nil {
		t.Fatal(err)
	}
	tax, _ := s.Taxonomies(ctx)
	rows, err := ParseProgramsCSV(strings.NewReader(csvFile(synthRecords(t, 1200, 5))), NewValidator(tax))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.BulkImportPrograms(ctx, rows); err != nil {
		t.Fatal(err)
	}
	ss := s.dialect.searchSQL()
	// query's one value, read in a transaction with work_mem set, then
	// the search's text setup.
	query := func(workMem, q string, args ...any) (v string, err error) {
		err = s.db.Transaction(func(tx *gorm.DB) error {
			if err := tx.Exec("SET LOCAL work_mem = '" + workMem + "'").Error; err != nil {
				return err
			}
			if err := tx.Exec(ss.textSetup).Error; err != nil {
				return err
			}
			return tx.Raw(q, args...).Row().Scan(&v)
		})
		return v, err
	}
	plan, err := query("64kB", "EXPLAIN (ANALYZE, FORMAT JSON) "+ss.matchList, ss.matchArg([]queryTerm{{Word: "and", Stem: "and"}}))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan, `"Exact Heap Blocks"`) || regexp.MustCompile(`"Lossy Heap Blocks": [1-9]`).MatchString(plan) {
		t.Errorf("text match of a common word, plan:\n%s", plan)
	}
	// A larger work_mem, set by the administrator, is kept.
	mem, err := query("200MB", "SHOW work_mem")
	if err != nil || mem != "200MB" {
		t.Errorf("work_mem %q after the setup, want 200MB kept (%v)", mem, err)
	}
}
