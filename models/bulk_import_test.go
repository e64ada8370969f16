package models

import (
	"bytes"
	"context"
	encodingcsv "encoding/csv"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"pathways/internal/synth"
	"pathways/models/testdb"
)

// The bulk path stores what the row-by-row path stores: the same
// programs with the same slugs, organizations, links, locations, search
// documents and audit events, for new programs and for updates.
func TestBulkImportMatchesRowByRow(t *testing.T) {
	ctx := context.Background()
	records := synthRecords(t, 300, 9)
	// Terms PostgreSQL's parser reads otherwise than as one plain word: the
	// server makes these rows' text index (buildPGVectors), beside others
	// of their batch built here.
	records[75][0] = "Ελπίδα youth circle"
	records[70][2] += " Covid19 support, x86 laptops, 1e5x."
	// A second file: updates of the first 50 (other summaries; the
	// organization or the name written in other case) and 30 new programs.
	second := [][]string{records[0]}
	for i, r := range records[1:51] {
		r = slices.Clone(r)
		r[2] = "Updated: " + r[2][:min(len(r[2]), 200)]
		switch i % 3 {
		case 0:
			r[1] = strings.ToUpper(r[1])
		case 1:
			r[0] = strings.ToLower(r[0])
		}
		second = append(second, r)
	}
	extra := synthRecords(t, 30, 10)
	second = append(second, extra[1:]...)
	// A new organization written two ways, its second program after an
	// update: one organization, made by its first spelling.
	for i, org := range []string{"Stichting Nieuwe Wegen", "STICHTING nieuwe wegen"} {
		r := slices.Clone(extra[1+i])
		r[0], r[1] = "Nieuwe wegen "+strconv.Itoa(i), org
		second = append(second, r)
		if i == 0 {
			second = append(second, slices.Clone(records[60]))
		}
	}

	rowByRow, bulk := newTestStore(t), newTestStore(t)
	// The first file goes into an empty index, which the bulk path builds
	// on a second connection (sideIndex); the second updates it in place.
	bulk.bigImportFrom = 100
	// On PostgreSQL, new programs are written 7 at a time: many batches,
	// some cut short by an update.
	bulk.pgBatchPrograms = 7
	var logged bytes.Buffer
	bulk.log = slog.New(slog.NewTextHandler(&logged, nil))
	for i, f := range []string{csvFile(records), csvFile(second)} {
		tax, _ := rowByRow.Taxonomies(ctx)
		rows, err := ParseProgramsCSV(strings.NewReader(f), NewValidator(tax))
		if err != nil {
			t.Fatal(err)
		}
		a, err := rowByRow.ImportPrograms(ctx, rows) // fewer than bulkImportFrom: row by row
		if err != nil {
			t.Fatal(err)
		}
		rows, _ = ParseProgramsCSV(strings.NewReader(f), NewValidator(tax))
		b, err := bulk.BulkImportPrograms(ctx, rows)
		if err != nil {
			t.Fatal(err)
		}
		if a != b {
			t.Errorf("row by row %+v, bulk %+v", a, b)
		}
		t.Logf("imported: %+v", a)
		built := strings.Count(logged.String(), "text index built beside the import")
		if want := 1; !testdb.Postgres() && built != want {
			t.Errorf("after import %d the side index was used %d times, want %d", i+1, built, want)
		}
		checkTextIndex(t, bulk)
		sameSearches(t, rowByRow, bulk)
	}
	if testdb.Postgres() {
		// The text index's vectors compressed with lz4, where the server
		// has it (bulkBegin).
		var lz4, pglz, has int
		bulk.db.Raw("SELECT count(*) FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)").Scan(&has)
		bulk.db.Raw(`SELECT count(*) FILTER (WHERE pg_column_compression(doc) = 'lz4'),
			count(*) FILTER (WHERE pg_column_compression(doc) = 'pglz') FROM program_search`).Row().Scan(&lz4, &pglz)
		if has == 1 && (lz4 == 0 || pglz > 0) {
			t.Errorf("text index vectors: %d compressed with lz4, %d with pglz", lz4, pglz)
		}
	}
	if !testdb.Postgres() {
		var file string
		bulk.db.Raw("SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&file)
		left, _ := filepath.Glob(filepath.Join(filepath.Dir(file), "pathways-text-index-*"))
		if file == "" || len(left) > 0 {
			t.Errorf("the side index's file is left: %v", left)
		}
	}
	queries := []string{
		`SELECT o.name, p.slug, p.name, p.summary, p.description, p.level, p.delivery, p.cost, p.fees_description,
			p.eligibility, p.age_min, p.age_max, p.how_to_refer, p.website, p.contact_email, p.contact_phone,
			p.service_area, p.evidence, p.status, p.last_verified, p.version
			FROM programs p JOIN organizations o ON o.id = p.organization_id ORDER BY p.slug`,
		`SELECT p.slug, t.slug FROM program_themes t JOIN programs p ON p.pk = t.program_pk ORDER BY 1, 2`,
		`SELECT p.slug, t.slug FROM program_audiences t JOIN programs p ON p.pk = t.program_pk ORDER BY 1, 2`,
		`SELECT p.slug, t.code FROM program_languages t JOIN programs p ON p.pk = t.program_pk ORDER BY 1, 2`,
		`SELECT p.slug, l.position, l.address, l.city, l.region, l.postal_code, l.country, l.confidential
			FROM locations l JOIN programs p ON p.pk = l.program_pk ORDER BY 1, 2`,
		`SELECT name FROM organizations ORDER BY name`,
		`SELECT actor, action, record_type, to_state, count(*) FROM audit_events GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
		// The audit log in the order of the files.
		`SELECT a.action, p.slug FROM audit_events a JOIN programs p ON p.id = a.record_id ORDER BY a.id`,
	}
	if testdb.Postgres() {
		// The text index's vectors, made by the server one by one and built
		// here in bulk.
		queries = append(queries, `SELECT p.slug, s.doc::text, s.name_v::text, s.summary_v::text
			FROM program_search s JOIN programs p ON p.pk = s.pk ORDER BY 1`)
	}
	for _, q := range queries {
		if a, b := dump(t, rowByRow, q), dump(t, bulk, q); a != b {
			t.Errorf("%s\nrow by row:\n%.2000s\nbulk:\n%.2000s", q, a, b)
		}
	}
	// The indexes an import into an empty directory makes at its end are
	// all there again, as the migrations wrote them.
	schema := []string{"SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"}
	if testdb.Postgres() {
		schema = pgSchema // the foreign keys too, which it makes again there
	}
	for _, q := range schema {
		if a, b := dump(t, rowByRow, q), dump(t, bulk, q); a != b {
			t.Errorf("schema:\nrow by row:\n%s\nbulk:\n%s", a, b)
		}
	}
	// Writes after the import go to the index it built, on the connection
	// that replaced it.
	slug := publishedPrograms(t, bulk)[7].Slug
	for _, s := range []*Store{rowByRow, bulk} {
		admin := testUser(t, s, "admin@example.org", RoleAdmin)
		for _, p := range publishedPrograms(t, s) {
			if p.Slug == slug {
				if err := s.SetProgramStatus(ctx, admin, p.ID, StatusArchived, "test"); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	checkTextIndex(t, bulk)
	sameSearches(t, rowByRow, bulk)
}

// synthRecords is the generator's file of n programs, header first, as
// records to change before they are imported.
func synthRecords(t *testing.T, n int, seed uint64) [][]string {
	t.Helper()
	var csv bytes.Buffer
	if err := synth.WriteCSV(&csv, n, seed); err != nil {
		t.Fatal(err)
	}
	records, err := encodingcsv.NewReader(&csv).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return records
}

// csvFile writes records as a CSV file.
func csvFile(records [][]string) string {
	var b bytes.Buffer
	encodingcsv.NewWriter(&b).WriteAll(records)
	return b.String()
}

// sameSearches fails the test when two stores answer searches differently.
func sameSearches(t *testing.T, a, b *Store) {
	t.Helper()
	ctx := context.Background()
	tax, _ := b.Taxonomies(ctx)
	for _, q := range []string{"q=mentoring", "q=community&theme=education", "q=educ", "country=BE&sort=name",
		"q=youth+work", "q=famil&sort=relevance&page=2"} {
		v, _ := url.ParseQuery(q)
		p := ParseSearchParams(v, tax)
		x, err := a.SearchPrograms(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		y, err := b.SearchPrograms(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if x.Total != y.Total || !slices.Equal(names(x), names(y)) || fmt.Sprint(x.Facets) != fmt.Sprint(y.Facets) {
			t.Errorf("%s: %d %v, against %d %v", q, x.Total, names(x), y.Total, names(y))
		}
	}
}

// checkTextIndex runs SQLite's own check of the FTS5 index.
func checkTextIndex(t *testing.T, s *Store) {
	t.Helper()
	if s.dialect.name() != "sqlite" {
		return
	}
	if err := s.db.Exec("INSERT INTO program_search (program_search, rank) VALUES ('integrity-check', 0)").Error; err != nil {
		t.Errorf("text index: %v", err)
	}
}

// dump returns a query's rows as text.
func dump(t *testing.T, s *Store, q string) string {
	t.Helper()
	rows, err := s.db.Raw(q).Rows()
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if bs, ok := v.([]byte); ok {
				vals[i] = string(bs)
			}
		}
		fmt.Fprintln(&b, vals...)
	}
	return b.String()
}

// An import that fails after its rows and its side index are written
// leaves nothing: no programs, no side file, no attached database, and
// the next import builds the index beside it again.
func TestBulkImportFailureLeavesNothing(t *testing.T) {
	testdb.SkipOnPostgres(t, "the side index is SQLite's")
	ctx := context.Background()
	s := newTestStore(t)
	s.bigImportFrom = 100
	var logged bytes.Buffer
	s.log = slog.New(slog.NewTextHandler(&logged, nil))
	var csv bytes.Buffer
	if err := synth.WriteCSV(&csv, 200, 3); err != nil {
		t.Fatal(err)
	}
	tax, _ := s.Taxonomies(ctx)
	rows, err := ParseProgramsCSV(bytes.NewReader(csv.Bytes()), NewValidator(tax))
	if err != nil {
		t.Fatal(err)
	}
	// The same program twice, which ParseProgramsCSV would have refused:
	// the unique index made again at the end refuses it.
	bad := append(slices.Clone(rows), rows[5])
	if _, err := s.BulkImportPrograms(ctx, bad); err == nil || !strings.Contains(err.Error(), "UNIQUE") {
		t.Fatalf("import of a duplicate: %v", err)
	}
	if n, _ := s.CountPrograms(ctx); n != 0 {
		t.Errorf("%d programs after a failed import", n)
	}
	var file string
	s.db.Raw("SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&file)
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(file), "pathways-text-index-*")); len(left) > 0 {
		t.Errorf("the side index's file is left: %v", left)
	}
	if got := dump(t, s, "SELECT name FROM pragma_database_list ORDER BY name"); strings.Contains(got, "side_index") {
		t.Errorf("databases on the writer: %q", got)
	}
	sum, err := s.BulkImportPrograms(ctx, rows)
	if err != nil || sum.Created != 200 {
		t.Fatalf("import after a failed one: %+v, %v", sum, err)
	}
	if n := strings.Count(logged.String(), "text index built beside the import"); n != 1 {
		t.Errorf("side index built %d times, want 1", n)
	}
	checkTextIndex(t, s)
	res, err := s.SearchPrograms(ctx, ParseSearchParams(url.Values{"q": {rows[0].Draft.Name}}, tax))
	if err != nil || res.Total == 0 {
		t.Errorf("search for %q: %v, %v", rows[0].Draft.Name, res, err)
	}
}

// An import cancelled at any point gives the writer connection back as it
// was: nothing attached, no transaction left open (a later write would
// otherwise never be committed), no side file.
func TestBulkImportCancelledLeavesTheWriterClean(t *testing.T) {
	testdb.SkipOnPostgres(t, "the side index is SQLite's")
	var csv bytes.Buffer
	if err := synth.WriteCSV(&csv, 1500, 4); err != nil {
		t.Fatal(err)
	}
	for i, after := range []time.Duration{0, time.Millisecond, 5 * time.Millisecond, 20 * time.Millisecond, 60 * time.Millisecond} {
		s := newTestStore(t)
		s.bigImportFrom = 100
		tax, _ := s.Taxonomies(context.Background())
		rows, err := ParseProgramsCSV(bytes.NewReader(csv.Bytes()), NewValidator(tax))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(after, cancel)
		_, err = s.BulkImportPrograms(ctx, rows)
		cancel()
		t.Logf("cancelled after %v: %v", after, err)
		if got := dump(t, s, "SELECT name FROM pragma_database_list"); strings.Contains(got, "side_index") {
			t.Errorf("run %d: side_index still attached", i)
		}
		var file string
		s.db.Raw("SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&file)
		if left, _ := filepath.Glob(filepath.Join(filepath.Dir(file), "pathways-text-index-*")); len(left) > 0 {
			t.Errorf("run %d: side file left: %v", i, left)
		}
		// A write now is committed: the readers, on other connections,
		// see it.
		want := 1500
		if err != nil {
			want = 0
			if _, err := s.BulkImportPrograms(context.Background(), rows[:1200]); err != nil {
				t.Fatalf("run %d: import after a cancelled one: %v", i, err)
			}
			want = 1200
		}
		var n int
		if err := s.read.Raw("SELECT count(*) FROM programs").Scan(&n).Error; err != nil || n != want {
			t.Errorf("run %d: readers see %d programs (%v), want %d", i, n, err, want)
		}
	}
}

// TestPostgresBatchErrorNamesItsRows: on PostgreSQL new programs are
// written several at a time, and the database does not say which of them
// it refused; the error names the batch's rows, from the file.
func TestPostgresBatchErrorNamesItsRows(t *testing.T) {
	if !testdb.Postgres() {
		t.Skip("PostgreSQL only: SQLite writes a program at a time")
	}
	ctx := context.Background()
	records := synthRecords(t, 20, 4)
	records[10][0] = "Refused by the database" // row 11 of the file, the header being row 1
	s := newTestStore(t)
	s.pgBatchPrograms = 7 // rows 2–8, 9–15, 16–21
	execAll(t, s,
		`CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END; $$ LANGUAGE plpgsql`,
		`CREATE TRIGGER refuse BEFORE INSERT ON programs FOR EACH ROW WHEN (NEW.name = 'Refused by the database') EXECUTE FUNCTION refuse()`)
	tax, _ := s.Taxonomies(ctx)
	rows, err := ParseProgramsCSV(strings.NewReader(csvFile(records)), NewValidator(tax))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.BulkImportPrograms(ctx, rows)
	if err == nil || !strings.Contains(err.Error(), "rows 9 to 15 (written together)") || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("import error %v, want rows 9 to 15 named", err)
	}
	if n := len(publishedPrograms(t, s)); n != 0 {
		t.Errorf("%d programs left by a failed import", n)
	}
}

// On PostgreSQL a batch of new programs is written on another goroutine
// while the next is gathered; what else the import asks of the
// transaction meanwhile — pks for the next batch, whether a program is
// already there — waits for it. A trigger makes every batch's last COPY
// slow, so that the import always asks while one is being written.
func TestPostgresBatchWrittenWhileTheNextIsGathered(t *testing.T) {
	if !testdb.Postgres() {
		t.Skip("PostgreSQL only: SQLite writes a program at a time")
	}
	ctx := context.Background()
	s := newTestStore(t)
	s.pgBatchPrograms = 7
	slowBatches(t, s, "0.03")
	first := synthRecords(t, 40, 11)
	// New programs of the first file's organizations: each is looked up.
	second := synthRecords(t, 40, 12)
	for i := 1; i < len(second); i++ {
		second[i][0], second[i][1] = "Also "+second[i][0], first[i][1]
	}
	tax, _ := s.Taxonomies(ctx)
	for i, f := range [][][]string{first, second} {
		rows, err := ParseProgramsCSV(strings.NewReader(csvFile(f)), NewValidator(tax))
		if err != nil {
			t.Fatal(err)
		}
		sum, err := s.BulkImportPrograms(ctx, rows)
		if err != nil {
			t.Fatalf("import %d: %v", i+1, err)
		}
		if sum.Created != 40 {
			t.Errorf("import %d: %+v", i+1, sum)
		}
	}
	var programs, indexed, audited int
	s.db.Raw(`SELECT (SELECT count(*) FROM programs), (SELECT count(*) FROM program_search),
		(SELECT count(*) FROM audit_events WHERE action = 'program.import')`).Row().Scan(&programs, &indexed, &audited)
	if programs != 80 || indexed != 80 || audited != 80 {
		t.Errorf("%d programs, %d indexed, %d audit events; want 80 each", programs, indexed, audited)
	}
}

// A first big import on PostgreSQL drops only the foreign keys from the
// tables it writes to programs and organizations: dropping one locks the
// table it refers to until the import ends, and a key to users would
// keep every login waiting.
func TestPostgresImportDropsOnlyItsOwnForeignKeys(t *testing.T) {
	if !testdb.Postgres() {
		t.Skip("PostgreSQL only")
	}
	s := newTestStore(t)
	var fks []struct{ Tbl, Name, Def string }
	if err := s.db.Raw(postgresForeignKeys, deferredIndexTables, deferredKeysTo).Scan(&fks).Error; err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, fk := range fks {
		names = append(names, fk.Name)
		if !strings.Contains(fk.Def, "REFERENCES programs(pk)") && !strings.Contains(fk.Def, "REFERENCES organizations(id)") {
			t.Errorf("%s on %s: %s", fk.Name, fk.Tbl, fk.Def)
		}
	}
	if len(fks) < 6 || !slices.Contains(names, "programs_organization_id_fkey") {
		t.Errorf("foreign keys to drop: %v, want the programs', the links', the locations' and the text index's", names)
	}
}

// A first big import on PostgreSQL that fails — refused at its end, or
// cancelled while a batch is being written — leaves the schema as it
// was (the indexes and foreign keys it dropped) and no program, and the
// next import works.
func TestPostgresFailedBigImportLeavesTheSchema(t *testing.T) {
	if !testdb.Postgres() {
		t.Skip("PostgreSQL only")
	}
	ctx := context.Background()
	s := newTestStore(t)
	s.bigImportFrom = 100
	s.pgBatchPrograms = 7
	schema := func() string { return dump(t, s, pgSchema[0]) + dump(t, s, pgSchema[1]) }
	before := schema()
	tax, _ := s.Taxonomies(ctx)
	rows, err := ParseProgramsCSV(strings.NewReader(csvFile(synthRecords(t, 200, 3))), NewValidator(tax))
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string) {
		t.Helper()
		if n, _ := s.CountPrograms(ctx); n != 0 {
			t.Errorf("%s: %d programs left", what, n)
		}
		if after := schema(); after != before {
			t.Errorf("%s: schema\nbefore:\n%s\nafter:\n%s", what, before, after)
		}
	}
	// The same program twice, which ParseProgramsCSV would have refused:
	// the unique index made again at the end refuses it.
	if _, err := s.BulkImportPrograms(ctx, append(slices.Clone(rows), rows[5])); err == nil {
		t.Fatal("an import with a program twice succeeded")
	}
	check("refused")
	// Cancelled while batches are being written (a trigger makes each
	// slow).
	slowBatches(t, s, "0.02")
	for _, after := range []time.Duration{5 * time.Millisecond, 50 * time.Millisecond} {
		cctx, cancel := context.WithTimeout(ctx, after)
		_, err := s.BulkImportPrograms(cctx, rows)
		cancel()
		if err == nil {
			t.Fatalf("an import cancelled after %v succeeded", after)
		}
		check("cancelled after " + after.String())
	}
	sum, err := s.BulkImportPrograms(ctx, rows)
	if err != nil || sum.Created != 200 {
		t.Fatalf("import after the failed ones: %+v, %v", sum, err)
	}
	res, err := s.SearchPrograms(ctx, ParseSearchParams(url.Values{"q": {rows[0].Draft.Name}}, tax))
	if err != nil || res.Total == 0 {
		t.Errorf("search for %q: %v, %v", rows[0].Draft.Name, res, err)
	}
}

// pgSchema lists PostgreSQL's indexes and constraints, for comparing
// schemas with dump.
var pgSchema = []string{
	"SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname",
	`SELECT conrelid::regclass, conname, pg_get_constraintdef(oid) FROM pg_constraint
		WHERE connamespace = current_schema()::regnamespace ORDER BY 1, 2`,
}

// execAll runs statements on s, failing the test on the first error.
func execAll(t *testing.T, s *Store, stmts ...string) {
	t.Helper()
	for _, q := range stmts {
		if err := s.db.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
}

// slowBatches makes each PostgreSQL batch's last COPY (the audit
// events') sleep that many seconds, so that the import goes on while a
// batch is being written.
func slowBatches(t *testing.T, s *Store, seconds string) {
	t.Helper()
	execAll(t, s,
		`CREATE FUNCTION slow() RETURNS trigger AS $$ BEGIN PERFORM pg_sleep(`+seconds+`); RETURN NULL; END; $$ LANGUAGE plpgsql`,
		`CREATE TRIGGER slow AFTER INSERT ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION slow()`)
}

// RebuildTextIndex writes the index the programs' own writes made: on
// PostgreSQL the same vectors, built here and sent with COPY, or made by
// the server for a document with a term it reads otherwise ("1e5x").
func TestRebuildTextIndexAsWritten(t *testing.T) {
	ctx := context.Background()
	records := synthRecords(t, 120, 11)
	records[75][0] = "Ελπίδα youth circle"
	records[70][2] += " Covid19 support, x86 laptops, 1e5x."
	s := newTestStore(t)
	tax, _ := s.Taxonomies(ctx)
	rows, err := ParseProgramsCSV(strings.NewReader(csvFile(records)), NewValidator(tax))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportPrograms(ctx, rows); err != nil { // row by row
		t.Fatal(err)
	}
	q := `SELECT count(*) FROM program_search`
	if testdb.Postgres() {
		q = `SELECT p.slug, s.doc::text, s.name_v::text, s.summary_v::text
			FROM program_search s JOIN programs p ON p.pk = s.pk ORDER BY 1`
	}
	before := dump(t, s, q)
	searchesBefore := map[string]string{}
	for _, params := range []string{"q=mentoring", "q=educ", "q=1e5x", "q=youth+work&sort=relevance"} {
		searchesBefore[params] = fmt.Sprint(names(search(t, s, params)))
	}
	n, err := s.RebuildTextIndex(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(records) - 1; n != want {
		t.Errorf("rebuilt %d documents, want %d", n, want)
	}
	if after := dump(t, s, q); after != before {
		a, b := strings.Split(before, "\n"), strings.Split(after, "\n")
		for i := range min(len(a), len(b)) {
			if a[i] != b[i] {
				t.Errorf("the index rebuilt differs:\nwritten: %s\nrebuilt: %s", a[i], b[i])
				break
			}
		}
	}
	checkTextIndex(t, s)
	for params, want := range searchesBefore {
		if got := fmt.Sprint(names(search(t, s, params))); got != want {
			t.Errorf("%s: %s after the rebuild, %s before", params, got, want)
		}
	}
}

// TestImportKeepsWhatTheFileCannotCarry: importing again a file that
// updates programs (an export of the directory, say) keeps what such a
// file cannot carry: the street address and postal code of a confidential
// location (an export leaves them out), the fees, contact person and
// evaluation report (the CSV has no column for them), and an archived
// program's status; the audit log says from which state. Row by row and
// in bulk alike.
func TestImportKeepsWhatTheFileCannotCarry(t *testing.T) {
	ctx := context.Background()
	const first = `Quiet Harbour,Org A,Exit coaching,Coaching.,exit-work,people-leaving-extremism,tertiary,en,in-person,free,GB,England,Leeds,LS1 9ZZ,9 Hidden Lane,true,,a@example.org,,,,,,not_evaluated,2026-01-10
Old Club,Org B,A club,Meetings.,youth-mentoring,young-people,primary,en,in-person,free,GB,England,York,,,false,,b@example.org,,,,,,not_evaluated,2026-01-10
`
	// As an export writes them: no confidential address.
	const second = `Quiet Harbour,Org A,Exit coaching for adults,Coaching.,exit-work,people-leaving-extremism,tertiary,en,in-person,free,GB,England,Leeds,,,true,,a@example.org,,,,,,not_evaluated,2026-01-10
Old Club,Org B,A club for all,Meetings.,youth-mentoring,young-people,primary,en,in-person,free,GB,England,York,,,false,,b@example.org,,,,,,not_evaluated,2026-01-10
`
	for _, mode := range []string{"row by row", "bulk", "queued"} {
		bulk := mode // named so in the messages
		s := newTestStore(t)
		tax, _ := s.Taxonomies(ctx)
		loads := 0
		load := func(f string) {
			loads++
			rows, err := ParseProgramsCSV(strings.NewReader(csvHeader+f), NewValidator(tax))
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case mode == "bulk":
				_, err = s.BulkImportPrograms(ctx, rows)
			case mode == "queued" && loads > 1: // the update through the moderation queue, approved
				drafts := make([]ProgramDraft, len(rows))
				for i := range rows {
					drafts[i] = rows[i].Draft
				}
				if _, err = s.QueueDrafts(ctx, drafts, "test"); err != nil {
					t.Fatal(err)
				}
				mod := testUser(t, s, "mod@example.org", RoleModerator)
				items, _, _ := s.Queue(ctx, QueueFilter{})
				for _, it := range items {
					if _, err = s.Decide(ctx, mod, Decision{SubmissionID: it.ID, Version: it.Version, To: StateApproved}); err != nil {
						t.Fatal(err)
					}
				}
			default:
				_, err = s.ImportPrograms(ctx, rows)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		load(first)
		s.db.Exec("UPDATE programs SET fees_description = 'Free for families', contact_name = 'Sam', evaluation_url = 'https://eval.example' WHERE name = 'Quiet Harbour'")
		// Coordinates, which no CSV carries (an HSDS import or an earlier version).
		s.db.Exec("UPDATE locations SET latitude = 53.8, longitude = -1.55")
		var locIDs []string
		s.db.Raw("SELECT id FROM locations ORDER BY id").Scan(&locIDs)
		admin := testUser(t, s, "admin@example.org", RoleAdmin)
		var oldID string
		s.db.Raw("SELECT id FROM programs WHERE name = 'Old Club'").Scan(&oldID)
		if err := s.SetProgramStatus(ctx, admin, oldID, StatusArchived, "closed"); err != nil {
			t.Fatal(err)
		}
		load(second)
		var p struct {
			Summary, FeesDescription, ContactName, EvaluationURL, Address, PostalCode string
		}
		s.db.Raw(`SELECT p.summary, p.fees_description, p.contact_name, p.evaluation_url, l.address, l.postal_code
			FROM programs p JOIN locations l ON l.program_pk = p.pk WHERE p.name = 'Quiet Harbour'`).Scan(&p)
		if p.Summary != "Exit coaching for adults" || p.Address != "9 Hidden Lane" || p.PostalCode != "LS1 9ZZ" ||
			p.FeesDescription != "Free for families" || p.ContactName != "Sam" || p.EvaluationURL != "https://eval.example" {
			t.Errorf("bulk %v: %+v", bulk, p)
		}
		var status, summary, from, to string
		s.db.Raw("SELECT status, summary FROM programs WHERE id = ?", oldID).Row().Scan(&status, &summary)
		s.db.Raw("SELECT from_state, to_state FROM audit_events WHERE record_id = ? AND action IN ('program.import_update', 'program.update')", oldID).Row().Scan(&from, &to)
		if status != StatusArchived || summary != "A club for all" || from != StatusArchived || to != StatusArchived {
			t.Errorf("bulk %v: the archived program is %s (%q), audited %q → %q", bulk, status, summary, from, to)
		}
		if got := search(t, s, "q=club").Total; got != 0 {
			t.Errorf("bulk %v: the archived program is searchable", bulk)
		}
		// The same places: the same locations, coordinates and all.
		var kept []string
		s.db.Raw("SELECT id FROM locations WHERE latitude = 53.8 AND longitude = -1.55 ORDER BY id").Scan(&kept)
		if !slices.Equal(kept, locIDs) || len(kept) != 2 {
			t.Errorf("bulk %v: locations with their coordinates %q, want %q", bulk, kept, locIDs)
		}
	}
}

// TestExportIsOneSnapshot: an export reads every program as it was when
// it began, though it reads them in batches and a write comes between
// two of them (an export taken during an import mixed the two states).
func TestExportIsOneSnapshot(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	tax, _ := s.Taxonomies(ctx)
	rows, err := ParseProgramsCSV(strings.NewReader(csvFile(synthRecords(t, exportBatch+50, 3))), NewValidator(tax))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportPrograms(ctx, rows); err != nil {
		t.Fatal(err)
	}
	var lastPK int64
	var before string
	s.db.Raw("SELECT pk, summary FROM programs ORDER BY pk DESC LIMIT 1").Row().Scan(&lastPK, &before)
	seen, wrote := "", false
	err = s.eachExported(ctx, func(p *Program) error {
		if !wrote { // the first batch is read: a write now
			wrote = true
			if err := s.db.Exec("UPDATE programs SET summary = 'Changed during the export' WHERE pk = ?", lastPK).Error; err != nil {
				return err
			}
		}
		if p.PK == lastPK {
			seen = p.Summary
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen != before {
		t.Errorf("the export read %q, not the summary as it was when it began (%q)", seen, before)
	}
}

// TestSameFileAgainWritesNothing: importing what the directory already
// holds (last night's file again, an export) bumped every program's
// version, which made a moderator's edit in progress a conflict, filled
// the audit log and emptied the search caches. A row that would store
// nothing new is now counted as unchanged and not written, row by row
// and in bulk; a row that differs in one field is an update.
func TestSameFileAgainWritesNothing(t *testing.T) {
	const file = `Quiet Harbour,Org A,Exit coaching,Coaching.,exit-work;youth-mentoring,people-leaving-extremism,tertiary,en;nl,in-person,free,GB,England,Leeds,LS1 9ZZ,9 Hidden Lane,true,,a@example.org,,,,,,not_evaluated,2026-01-10
Old Club,Org B,A club,Meetings.,youth-mentoring,young-people,primary,en,in-person,free,GB,England,York,,,false,,b@example.org,,,,,,not_evaluated,2026-01-10
`
	for _, bulk := range []bool{false, true} {
		s := newTestStore(t)
		load := func(f string) ImportSummary { t.Helper(); return importCSVAs(t, s, f, bulk) }
		state := func() (versions string, events int64) {
			var vs []string
			s.db.Raw("SELECT version FROM programs ORDER BY name").Scan(&vs)
			var search string // what every instance's search index follows
			s.db.Raw("SELECT version FROM search_state").Scan(&search)
			versions = strings.Join(vs, ",") + " search " + search
			s.db.Raw("SELECT count(*) FROM audit_events").Scan(&events)
			return
		}
		load(file)
		// What the file cannot carry is kept, so it is no change either.
		s.db.Exec("UPDATE programs SET fees_description = 'Free', contact_name = 'Sam' WHERE name = 'Quiet Harbour'")
		v1, e1 := state()
		if sum := load(file); sum != (ImportSummary{Unchanged: 2}) {
			t.Errorf("bulk %v: the same file again: %+v", bulk, sum)
		}
		if v2, e2 := state(); v2 != v1 || e2 != e1 {
			t.Errorf("bulk %v: the same file again wrote: versions %s → %s, audit events %d → %d", bulk, v1, v2, e1, e2)
		}
		// A confidential address left out (as an export writes it), the
		// lists in another order, another case of the organization: the same.
		same := strings.NewReplacer("LS1 9ZZ,9 Hidden Lane", ",", "youth-mentoring;exit-work", "exit-work;youth-mentoring", "Org B", "ORG B").
			Replace(strings.Replace(file, "exit-work;youth-mentoring", "youth-mentoring;exit-work", 1))
		if sum := load(same); sum != (ImportSummary{Unchanged: 2}) {
			t.Errorf("bulk %v: the same as an export writes it: %+v", bulk, sum)
		}
		// One field (the verification date, the address) is a change.
		changed := strings.Replace(file, "2026-01-10\nOld", "2026-02-10\nOld", 1)
		for _, changed := range []string{changed, strings.Replace(changed, "York,,", "York,,1 Main Street", 1)} {
			if sum := load(changed); sum != (ImportSummary{Updated: 1, Unchanged: 1}) {
				t.Errorf("bulk %v: one field changed: %+v", bulk, sum)
			}
		}
		if v, _ := state(); !strings.HasPrefix(v, "2,2 ") {
			t.Errorf("bulk %v: versions after two changes: %s", bulk, v)
		}
	}
}

// TestRefillAtStartLeavesNoLog: the refill a migration asks for, at
// start, is checkpointed before the server serves: the whole index, 200
// MB of write-ahead log at 100,000 programs, was left in SQLite's log
// (and the server read through it) until some later checkpoint.
func TestRefillAtStartLeavesNoLog(t *testing.T) {
	if testdb.Postgres() {
		t.Skip("SQLite's write-ahead log")
	}
	ctx := context.Background()
	dsn := testdb.DSN(t)
	s := newTestStoreAt(t, dsn)
	importCSV(t, s, csvFile(synthRecords(t, 200, 3))[len(csvHeader):])
	if err := s.db.Exec("PRAGMA wal_autocheckpoint = 0").Error; err != nil { // the log grows as the refill writes
		t.Fatal(err)
	}
	if err := s.db.Exec("UPDATE search_state SET reindex = 1").Error; err != nil {
		t.Fatal(err)
	}
	if err := s.rebuildTextIndexIfAsked(ctx); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(dsn + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() != 0 {
		t.Errorf("after the refill at start, the write-ahead log holds %d bytes", fi.Size())
	}
	if got := names(search(t, s, "q=mentoring")); len(got) == 0 {
		t.Error("the refilled index finds nothing")
	}
}
