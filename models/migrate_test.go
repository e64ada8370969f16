package models

import (
	"context"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pressly/goose/v3"

	"pathways/models/testdb"
)

// storeAtMigration opens a store on dsn with its migrations applied up
// to version, and the migrations' provider to go on.
func storeAtMigration(t *testing.T, dsn string, version int64) (*Store, *goose.Provider) {
	t.Helper()
	s, err := Open(dsn, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	sqlDB, err := s.db.DB()
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(s.dialect.gooseDialect(), sqlDB, s.dialect.migrations(), goose.WithLogger(goose.NopLogger()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(context.Background(), version); err != nil {
		t.Fatal(err)
	}
	if version < 29 {
		// The code records each import's run (00029), and these tests
		// import with it: the table ahead of its migration, which makes
		// it only if it is missing.
		ddl := "CREATE TABLE import_runs (id INTEGER PRIMARY KEY, started_at DATETIME NOT NULL, finished_at DATETIME NOT NULL)"
		if IsPostgresURL(dsn) {
			ddl = "CREATE TABLE import_runs (id BIGSERIAL PRIMARY KEY, started_at TIMESTAMPTZ NOT NULL, finished_at TIMESTAMPTZ NOT NULL)"
		}
		if err := s.db.Exec(ddl).Error; err != nil {
			t.Fatal(err)
		}
	}
	if version < 32 {
		// And the folded names (00032), which the code writes: ahead of
		// their migration, and dropped again before it (dropAhead).
		for _, table := range []string{"organizations", "programs"} {
			if err := s.db.Exec("ALTER TABLE " + table + " ADD COLUMN name_folded TEXT NOT NULL DEFAULT ''").Error; err != nil {
				t.Fatal(err)
			}
		}
	}
	return s, p
}

// dropAhead drops the columns storeAtMigration added ahead of their
// migration, before the test migrates: a database of that version had
// none, and its migration adds them.
func dropAhead(t *testing.T, s *Store) {
	t.Helper()
	for _, table := range []string{"organizations", "programs"} {
		if err := s.db.Exec("ALTER TABLE " + table + " DROP COLUMN name_folded").Error; err != nil {
			t.Fatal(err)
		}
	}
}

// migrateOutOfDateIndex migrates s with its text index emptied: a
// database of an older version holds an index made for it, which the
// migration must refill (here, from nothing).
func migrateOutOfDateIndex(t *testing.T, s *Store) {
	t.Helper()
	if err := s.db.Exec(s.dialect.searchSQL().indexClear).Error; err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// noRefillPending checks that no refill of the text index is still asked.
func noRefillPending(t *testing.T, s *Store) {
	t.Helper()
	var reindex int
	s.db.Raw("SELECT reindex FROM search_state").Scan(&reindex)
	if reindex != 0 {
		t.Error("the refill is still pending")
	}
}

// A directory made before migration 00023 (SQLite) keeps answering after
// it: the text index is made again without its two-letter prefixes and
// refilled from the programs when the store migrates.
func TestTextIndexRefilledAfterMigration23(t *testing.T) {
	dsn := testdb.DSN(t)
	if IsPostgresURL(dsn) {
		t.Skip("a SQLite migration")
	}
	ctx := context.Background()
	s, _ := storeAtMigration(t, dsn, 22)
	importCSV(t, s, searchFixture)
	before := search(t, s, "q=education").Total
	if before == 0 {
		t.Fatal("the fixture has no education program")
	}
	dropAhead(t, s)
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var def string
	if err := s.db.Raw("SELECT sql FROM sqlite_master WHERE name = 'program_search'").Scan(&def).Error; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(def, "prefix = '3'") {
		t.Errorf("text index after migrating: %s", def)
	}
	noRefillPending(t, s)
	for _, q := range []string{"q=education", "q=edu", "q=educational+"} {
		if got := search(t, s, q).Total; got != before {
			t.Errorf("%s after the migration: %d results, %d before", q, got, before)
		}
	}
}

// Migration 00024 (both engines): a directory with Arabic script in what
// it indexes has its text index refilled, since the analyser now reads
// Arabic differently; one without keeps its index.
func TestArabicTextReindexedAfterMigration24(t *testing.T) {
	arabic := `برنامج الشباب,جمعية الأمل,دعم الشباب والأمهات في الحي.,لقاءات أسبوعية للشباب.,community-integration,young-people,primary,ar,in-person,free,BE,Bruxelles,Bruxelles,1080,,false,,h@example.org,,,,,,not_evaluated,2026-05-01
`
	for _, c := range []struct {
		name, rows string
		want       int
	}{
		{"arabic", searchFixture + arabic, 1},
		{"none", searchFixture, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			s, p := storeAtMigration(t, testdb.DSN(t), 23)
			importCSV(t, s, c.rows)
			if c.want == 1 {
				// An index whose terms are out of date: here, none.
				if err := s.db.Exec(s.dialect.searchSQL().indexClear).Error; err != nil {
					t.Fatal(err)
				}
			}
			if _, err := p.UpTo(ctx, 24); err != nil {
				t.Fatal(err)
			}
			var reindex int
			s.db.Raw("SELECT reindex FROM search_state").Scan(&reindex)
			if reindex != c.want {
				t.Errorf("reindex = %d after migration 24, want %d", reindex, c.want)
			}
			dropAhead(t, s)
			if err := s.Migrate(ctx); err != nil { // refills the index if asked
				t.Fatal(err)
			}
			if c.want == 1 {
				if got := searchIn(t, s, "ar", "q="+url.QueryEscape("ودعم الحي")); len(got) != 1 || got[0] != "برنامج الشباب" {
					t.Errorf("ودعم الحي after the refill: %q", got)
				}
			}
		})
	}
}

// Migration 00025 (both engines): every directory with published programs
// has its text index refilled, for the delivery and cost tokens and the
// French plurals.
func TestTextIndexRefilledAfterMigration25(t *testing.T) {
	s, _ := storeAtMigration(t, testdb.DSN(t), 24)
	importCSV(t, s, searchFixture)
	dropAhead(t, s)
	migrateOutOfDateIndex(t, s)
	if got := search(t, s, "q=education").Total; got == 0 {
		t.Error("the index was not refilled")
	}
	noRefillPending(t, s)
}

// Migration 00026 (both engines): locations stored with "UK", "EL" or
// "DD", accepted before the country list held ISO's codes only, become
// GB, GR and DE, and the text index is refilled with their countries'
// tokens; a draft typed with them takes the ISO code, and one in Kosovo
// keeps XK.
func TestCountryAliasesAfterMigration26(t *testing.T) {
	ctx := context.Background()
	s, _ := storeAtMigration(t, testdb.DSN(t), 25)
	importCSV(t, s, searchFixture)
	var pks []string
	s.db.Raw("SELECT id FROM locations ORDER BY id LIMIT 2").Scan(&pks)
	if len(pks) != 2 {
		t.Fatal("the fixture has fewer than two locations")
	}
	s.db.Exec("UPDATE locations SET country = 'UK' WHERE id = ?", pks[0])
	s.db.Exec("UPDATE locations SET country = 'EL' WHERE id = ?", pks[1])
	var third string
	s.db.Raw("SELECT id FROM locations ORDER BY id LIMIT 1 OFFSET 2").Scan(&third)
	s.db.Exec("UPDATE locations SET country = 'DD' WHERE id = ?", third)
	dropAhead(t, s)
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var left int
	s.db.Raw("SELECT count(*) FROM locations WHERE country IN ('UK', 'EL', 'DD')").Scan(&left)
	var gb, gr int
	s.db.Raw("SELECT count(*) FROM locations WHERE id = ? AND country = 'GB'", pks[0]).Scan(&gb)
	s.db.Raw("SELECT count(*) FROM locations WHERE id = ? AND country = 'GR'", pks[1]).Scan(&gr)
	if left != 0 || gb != 1 || gr != 1 {
		t.Errorf("codes left %d, GB %d, GR %d", left, gb, gr)
	}
	if search(t, s, "country=GR").Total == 0 || search(t, s, "q=Greece").Total == 0 || search(t, s, "country=el").Total != search(t, s, "country=GR").Total {
		t.Error("the program in Greece is not found as being there")
	}
	tax, _ := s.Taxonomies(ctx)
	d := validDraft("Aliases")
	d.Locations = []LocationDraft{{City: "Leeds", Country: "uk"}, {City: "Athens", Country: "EL"}, {City: "Leipzig", Country: "DD"}, {City: "Pristina", Country: "XK"}}
	if problems := d.Validate(NewValidator(tax)); len(problems) != 0 || d.Locations[0].Country != "GB" || d.Locations[1].Country != "GR" ||
		d.Locations[2].Country != "DE" || d.Locations[3].Country != "XK" {
		t.Errorf("a draft with UK and EL: %v %+v", problems, d.Locations)
	}
}

// A database a newer pathways migrated is refused, not served: "migrate"
// said it was up to date.
func TestNewerDatabaseIsRefused(t *testing.T) {
	dsn := testdb.DSN(t)
	s, p := storeAtMigration(t, dsn, 1<<62)
	last := p.ListSources()[len(p.ListSources())-1].Version
	if err := s.db.Exec("INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, ?)", last+1, true).Error; err != nil {
		t.Fatal(err)
	}
	err := s.Migrate(context.Background())
	if err == nil || !strings.Contains(err.Error(), "run a newer pathways") {
		t.Errorf("a newer database: %v", err)
	}
}

// TestInstancesStartingTogether: two instances started at once on a
// database that needs migrations and a refill of its text index
// (PostgreSQL: several instances serve one directory). Both migrated at
// once: one failed on a duplicate, or on the refill the other had done.
// Now they take turns, and the later one finds the work done.
func TestInstancesStartingTogether(t *testing.T) {
	dsn := testdb.DSN(t)
	if !IsPostgresURL(dsn) {
		t.Skip("several instances share a PostgreSQL database")
	}
	ctx := context.Background()
	first, _ := storeAtMigration(t, dsn, 27)
	importCSV(t, first, searchFixture)
	var logs syncLog
	log := slog.New(slog.NewTextHandler(&logs, nil))
	first.log = log
	second, err := Open(dsn, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { second.Close() })
	dropAhead(t, first)
	errs := make(chan error, 2)
	for _, s := range []*Store{first, second} {
		go func() { errs <- s.Migrate(ctx) }()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Errorf("an instance failed to start: %v", err)
		}
	}
	if n := strings.Count(logs.String(), "search index rebuilt"); n != 1 {
		t.Errorf("the text index was refilled %d times:\n%s", n, logs.String())
	}
	if got := search(t, second, "q=education").Total; got == 0 {
		t.Error("nothing found after both started")
	}
}

// syncLog is a log both instances write to.
type syncLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Migration 00031 (both engines): every directory with published programs
// has its text index refilled, for the runs of a compound's words.
func TestTextIndexRefilledAfterMigration31(t *testing.T) {
	s, _ := storeAtMigration(t, testdb.DSN(t), 30)
	importCSV(t, s, `Gewaltfrei lernen,Verein G,Ein Anti-Gewalt-Training für Schulklassen.,Wir kommen in die Schule.,youth-mentoring,young-people,primary,de,in-person,free,DE,,Köln,,,false,,g@example.org,,,,,,not_evaluated,2026-01-10
`)
	dropAhead(t, s)
	migrateOutOfDateIndex(t, s)
	if got := names(search(t, s, "q=Gewalttraining")); !slices.Equal(got, []string{"Gewaltfrei lernen"}) {
		t.Errorf("Gewalttraining after the refill: %v", got)
	}
	noRefillPending(t, s)
}

// Migration 00034 (both engines): every directory with published programs
// has its text index refilled, for the word forms the analyser now
// stems alike ("radikalisiert", "Radikalisierung").
func TestTextIndexRefilledAfterMigration34(t *testing.T) {
	s, _ := storeAtMigration(t, testdb.DSN(t), 33)
	importCSV(t, s, `Familienberatung,Verein F,Beratung für Familien.,Wenn sich ein Kind radikalisiert.,family-support,parents-families,secondary,de,hybrid,free,AT,Wien,Wien,1010,,false,,f@example.org,,,,,,not_evaluated,2026-05-01
`)
	migrateOutOfDateIndex(t, s)
	if got := searchIn(t, s, "de", "q=Radikalisierung"); !slices.Equal(got, []string{"Familienberatung"}) {
		t.Errorf("Radikalisierung after the refill: %v", got)
	}
	noRefillPending(t, s)
}
