package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"
)

// bulkImportFrom is the size from which ImportPrograms takes the bulk
// path.
const bulkImportFrom = 1000

// bigImportFrom is the size from which a bulk import into an empty
// directory makes its indexes at the end (deferIndexes) and, on SQLite,
// builds its text index on a second connection (sideIndex).
const bigImportFrom = 10000

// bigImport says whether an import of n rows is that big.
func (s *Store) bigImport(n int) bool {
	from := bigImportFrom
	if s.bigImportFrom > 0 {
		from = s.bigImportFrom
	}
	return n >= from
}

// BulkImportPrograms stores validated rows as published programs with the
// outcome of ImportPrograms — all or nothing, a row whose organization
// already has a program of that name updates it, the same slugs, links,
// locations, search documents and audit events — built for whole
// directories: one transaction of prepared statements, organizations and
// slugs looked up in memory, search documents analysed on every core
// while the rows are written, and the text index compacted at the end.
// 100,000 programs take seconds instead of minutes.
func (s *Store) BulkImportPrograms(ctx context.Context, rows []ImportRow) (ImportSummary, error) {
	var sum ImportSummary
	tax, err := s.Taxonomies(ctx)
	if err != nil {
		return sum, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pg := s.dialect.name() == "postgres"
	docs := analyseAhead(ctx, rows, tax, pg)
	now := time.Now().UTC()
	var run int64
	var conn *sql.Conn // the transaction's connection, on PostgreSQL
	work := func(tx *gorm.DB, side *sideIndex) error {
		prep, ok := tx.Statement.ConnPool.(preparer)
		if !ok {
			return errors.New("bulk import needs a database connection")
		}
		if err := s.bulkSettings(tx, true); err != nil {
			return err
		}
		defer s.bulkSettings(tx, false)
		b, err := s.newBulkWriter(ctx, tx, prep, now)
		if err != nil {
			return err
		}
		defer b.close()
		if pg {
			txConn, ok := tx.Statement.ConnPool.(pgConn)
			if !ok || conn == nil {
				return errors.New("bulk import needs a database connection")
			}
			if b.pg, err = newPGBatch(b, txConn, connCopier(conn)); err != nil {
				return err
			}
			if err := b.pg.organizations(ctx, rows); err != nil {
				return err
			}
			defer b.pg.wait() // a batch still being written when the import fails
		}
		if side != nil {
			if ok, err := side.start(ctx, tx, s.dialect.searchSQL()); err != nil {
				return err
			} else if ok {
				b.side = side
			}
		}
		deferred, err := s.deferIndexes(tx, len(rows))
		if err != nil {
			return err
		}
		// With the indexes gone, looking a program up by organization and
		// name would read the whole table; with no programs before the
		// import, there is none to find.
		b.fresh = len(deferred) > 0
		if b.fresh && b.pg != nil {
			b.pg.newRows = len(rows)
		}
		for i := range rows {
			doc, err := docs.next(i)
			if err != nil {
				return err
			}
			b.row = rows[i].Row
			created, same, err := b.write(&rows[i].Draft, doc.doc, doc.pg)
			var batch *pgBatchError
			if errors.As(err, &batch) {
				return err // names its own rows
			} else if err != nil {
				return fmt.Errorf("row %d: %w", rows[i].Row, err)
			}
			switch {
			case created:
				sum.Created++
			case same:
				sum.Unchanged++
			default:
				sum.Updated++
			}
		}
		if b.pg != nil {
			if err := b.pg.flushed(ctx); err != nil {
				return err
			}
		}
		for _, q := range deferred {
			if err := tx.Exec(q).Error; err != nil {
				return fmt.Errorf("make an index again: %w", err)
			}
		}
		if b.side != nil {
			if err := b.side.finish(tx); err != nil {
				return err
			}
			s.log.Info("text index built beside the import", "programs", len(rows))
		}
		if sum.Created+sum.Updated == 0 {
			return nil // the same file again: nothing for search to follow
		}
		if err := s.programChanged(tx, 0); err != nil {
			return err
		}
		if ss := s.dialect.searchSQL(); b.side == nil && s.bigImport(len(rows)) && ss.optimize != "" {
			if err := tx.Exec(ss.optimize).Error; err != nil {
				return fmt.Errorf("compact the search index: %w", err)
			}
		}
		return recordImportRun(tx, now, &run)
	}
	side, err := s.newSideIndex(ctx, len(rows))
	if err != nil {
		return sum, fmt.Errorf("models: import: %w", err)
	}
	switch {
	case pg:
		// COPY goes through the connection itself (connCopier).
		err = s.db.WithContext(ctx).Connection(func(c *gorm.DB) error {
			var ok bool
			if conn, ok = c.Statement.ConnPool.(*sql.Conn); !ok {
				return errors.New("bulk import needs a database connection")
			}
			return c.Transaction(func(tx *gorm.DB) error { return work(tx, nil) })
		})
	case side == nil:
		err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return work(tx, nil) })
	default:
		defer side.close()
		err = s.db.WithContext(ctx).Connection(func(conn *gorm.DB) error {
			return side.inTransaction(conn, func(tx *gorm.DB) error { return work(tx, side) })
		})
	}
	if err != nil {
		return ImportSummary{}, fmt.Errorf("models: import: %w", err)
	}
	s.importRunCommitted(ctx, run)
	return sum, nil
}

// preparer is a transaction or a connection in one.
type preparer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// deferredIndexTables are the tables whose indexes an import into a
// directory without programs makes at its end (deferIndexes);
// program_search has indexes of its own on PostgreSQL only (GIN).
var deferredIndexTables = []string{"programs", "locations", "audit_events", "program_themes", "program_audiences",
	"program_languages", "program_search"}

// The indexes deferIndexes may drop: written in the schema, not those an
// engine made for a PRIMARY KEY or a UNIQUE constraint.
const (
	sqliteIndexes   = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ? ORDER BY name"
	postgresIndexes = `SELECT i.indexname AS name, i.indexdef AS sql FROM pg_indexes i
		WHERE i.schemaname = current_schema() AND i.tablename IN ?
		AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
		ORDER BY i.indexname`
)

// deferIndexes drops, for a big import into a directory without
// programs, the indexes of the tables it writes, and returns the
// statements that make them again, to run at the end of its transaction:
// the engine then builds each index in one sorted pass instead of
// inserting a million keys in random order into a tree bigger than its
// cache (and, on PostgreSQL, each program's terms into three GIN
// indexes). The import reads none of them: with no programs before it,
// every row is a new program (ParseProgramsCSV keeps them distinct, and
// the unique indexes made again check it once more).
func (s *Store) deferIndexes(tx *gorm.DB, n int) ([]string, error) {
	if !s.bigImport(n) {
		return nil, nil
	}
	var empty bool
	if err := tx.Raw("SELECT NOT EXISTS (SELECT 1 FROM programs)").Scan(&empty).Error; err != nil {
		return nil, fmt.Errorf("count programs: %w", err)
	}
	if !empty {
		return nil, nil
	}
	list := sqliteIndexes
	if s.dialect.name() == "postgres" {
		list = postgresIndexes
	}
	var idx []struct{ Name, SQL string }
	if err := tx.Raw(list, deferredIndexTables).Scan(&idx).Error; err != nil {
		return nil, fmt.Errorf("list indexes: %w", err)
	}
	var again []string
	for _, ix := range idx {
		if err := tx.Exec(`DROP INDEX "` + ix.Name + `"`).Error; err != nil { // a name from sqlite_master
			return nil, fmt.Errorf("drop index %s: %w", ix.Name, err)
		}
		again = append(again, ix.SQL)
	}
	if s.dialect.name() == "postgres" {
		// PostgreSQL checks a foreign key with a query for each row
		// written (a program's links and text index row: 4 s of a
		// 100,000-program import); made again at the end, each key is
		// checked once for the whole table.
		var fks []struct{ Tbl, Name, Def string }
		if err := tx.Raw(postgresForeignKeys, deferredIndexTables, deferredKeysTo).Scan(&fks).Error; err != nil {
			return nil, fmt.Errorf("list foreign keys: %w", err)
		}
		for _, fk := range fks {
			t, k := pgx.Identifier{fk.Tbl}.Sanitize(), pgx.Identifier{fk.Name}.Sanitize()
			if err := tx.Exec("ALTER TABLE " + t + " DROP CONSTRAINT " + k).Error; err != nil {
				return nil, fmt.Errorf("drop foreign key %s: %w", fk.Name, err)
			}
			again = append(again, "ALTER TABLE "+t+" ADD CONSTRAINT "+k+" "+fk.Def)
		}
	}
	return again, nil
}

// deferredKeysTo are the tables whose foreign keys from
// deferredIndexTables a big import on PostgreSQL drops and makes again.
// Dropping a key locks the table it refers to as well, to the end of the
// transaction. programs is locked already (its indexes are dropped), and
// whatever reads an organization reads its programs; a key to users
// would keep every login waiting for the import.
var deferredKeysTo = []string{"programs", "organizations"}

// postgresForeignKeys are the foreign keys that deferIndexes drops and
// makes again: from the tables a big import writes to deferredKeysTo.
const postgresForeignKeys = `SELECT t.relname AS tbl, c.conname AS name, pg_get_constraintdef(c.oid) AS def
	FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
	WHERE c.contype = 'f' AND t.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
	AND t.relname IN ? AND r.relname IN ? AND r.relnamespace = t.relnamespace
	ORDER BY t.relname, c.conname`

// bulkSettings applies the dialect's settings for a bulk load, or puts
// the usual ones back.
func (s *Store) bulkSettings(tx *gorm.DB, begin bool) error {
	ss := s.dialect.searchSQL()
	stmts := ss.bulkEnd
	if begin {
		stmts = ss.bulkBegin
	}
	for _, q := range stmts {
		if err := tx.Exec(q).Error; err != nil {
			return fmt.Errorf("bulk settings: %w", err)
		}
	}
	return nil
}

// bulkWriter holds the prepared statements and lookups of one import.
type bulkWriter struct {
	s       *Store
	tx      *gorm.DB // the import's transaction, for what the statements do not read
	ctx     context.Context
	now     time.Time
	stmts   map[string]*sql.Stmt
	orgs    map[string]*Organization // by name as written
	newOrgs map[string]bool          // ids of organizations this import created
	slugs   map[string]bool
	side    *sideIndex // builds the text index, if it was empty
	pg      *pgBatch   // gathers new programs, on PostgreSQL
	row     int        // the file's row being written
	fresh   bool       // there were no programs: every row is a new one
}

// bulkInserts are the rows a bulk import adds: the start of each INSERT
// and the values of one row. bulkStatements makes statements of one row
// of them; PostgreSQL's batches (bulk_postgres.go) of many.
var bulkInserts = map[string]struct{ head, row string }{
	"addOrg": {"INSERT INTO organizations (id, name, name_folded, description, website, email, phone, created_at, updated_at)",
		"(?, ?, ?, '', '', '', '', ?, ?)"},
	// pk: NULL on SQLite, which numbers the row (LastInsertId); drawn from
	// the sequence beforehand on PostgreSQL.
	"addProgram": {`INSERT INTO programs (pk, id, slug, organization_id, name, name_folded, summary, description, level,
		delivery, cost, fees_description, eligibility, age_min, age_max, how_to_refer, website, contact_name,
		contact_email, contact_phone, service_area, evidence, evaluation_url, status, last_verified, verified_by, version,
		created_at, updated_at)`, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', 1, ?, ?)"},
	// One row a statement on SQLite: multi-row INSERTs of 8 or 64 rows
	// made the import slower (10.7 s for 20,000 programs against 18 s
	// and 17 s).
	"addTheme":    {"INSERT INTO program_themes (program_pk, slug)", "(?, ?)"},
	"addAudience": {"INSERT INTO program_audiences (program_pk, slug)", "(?, ?)"},
	"addLanguage": {"INSERT INTO program_languages (program_pk, code)", "(?, ?)"},
	"addLocation": {"INSERT INTO locations (id, program_pk, position, address, city, region, postal_code, country, confidential)",
		"(?, ?, ?, ?, ?, ?, ?, ?, ?)"},
	"audit": {"INSERT INTO audit_events (created_at, actor, action, record_type, record_id, from_state, to_state, reason)",
		"(?, ?, ?, 'program', ?, ?, ?, '')"},
}

// The statements of a bulk import; ? becomes $n on PostgreSQL.
func (s *Store) bulkStatements() map[string]string {
	ss := s.dialect.searchSQL()
	findProgram := "SELECT pk, id, status FROM programs WHERE organization_id = ? AND " + s.dialect.ciEq("name")
	if s.dialect.name() == "postgres" {
		// Locked, as saveProgram's read is (lockRow): read unlocked, a
		// program archived meanwhile was read "published", and
		// updateProgram, once the archive's row was free, wrote that back
		// and put the program in the directory again.
		findProgram += " FOR UPDATE"
	}
	stmts := map[string]string{
		"findOrg":     "SELECT id, name FROM organizations WHERE " + s.dialect.ciEq("name"),
		"findProgram": findProgram,
		// As saveProgram for an import: every field of the draft, the
		// version up; an empty last_verified, fees, contact person or
		// evaluation report keeps the one stored, and so does an archived
		// program its status (the argument is the status it keeps).
		"updateProgram": `UPDATE programs SET organization_id = ?, name = ?, name_folded = ?, summary = ?, description = ?, level = ?,
			delivery = ?, cost = ?, fees_description = COALESCE(NULLIF(?, ''), fees_description), eligibility = ?,
			age_min = ?, age_max = ?, how_to_refer = ?, website = ?, contact_name = COALESCE(NULLIF(?, ''), contact_name),
			contact_email = ?, contact_phone = ?, service_area = ?, evidence = ?,
			evaluation_url = COALESCE(NULLIF(?, ''), evaluation_url), status = ?,
			last_verified = COALESCE(?, last_verified), version = version + 1, updated_at = ? WHERE pk = ?`,
		// An updated program's locations, with the ids and coordinates they keep (keptLocations).
		"keepLocation": `INSERT INTO locations (id, program_pk, position, address, city, region, postal_code, country,
			confidential, latitude, longitude) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		"clearThemes":    "DELETE FROM program_themes WHERE program_pk = ?",
		"clearAudiences": "DELETE FROM program_audiences WHERE program_pk = ?",
		"clearLanguages": "DELETE FROM program_languages WHERE program_pk = ?",
		"clearLocations": "DELETE FROM locations WHERE program_pk = ?",
		"index":          ss.indexInsert,
		"unindex":        ss.indexDelete,
	}
	for name, ins := range bulkInserts {
		stmts[name] = ins.head + " VALUES " + ins.row
	}
	return stmts
}

// bind writes ? placeholders as PostgreSQL's $1, $2, …
func (s *Store) bind(q string) string {
	if s.dialect.name() != "postgres" {
		return q
	}
	var b strings.Builder
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

func (s *Store) newBulkWriter(ctx context.Context, tx *gorm.DB, sqlTx preparer, now time.Time) (*bulkWriter, error) {
	b := &bulkWriter{s: s, tx: tx, ctx: ctx, now: now, stmts: map[string]*sql.Stmt{}, orgs: map[string]*Organization{},
		newOrgs: map[string]bool{}, slugs: map[string]bool{}}
	for name, q := range s.bulkStatements() {
		st, err := sqlTx.PrepareContext(ctx, s.bind(q))
		if err != nil {
			b.close()
			return nil, fmt.Errorf("prepare %s: %w", name, err)
		}
		b.stmts[name] = st
	}
	var slugs []string
	if err := tx.Raw("SELECT slug FROM programs").Scan(&slugs).Error; err != nil {
		b.close()
		return nil, fmt.Errorf("read slugs: %w", err)
	}
	for _, sl := range slugs {
		b.slugs[sl] = true
	}
	return b, nil
}

func (b *bulkWriter) close() {
	for _, st := range b.stmts {
		st.Close()
	}
}

func (b *bulkWriter) exec(name string, args ...any) error {
	if _, err := b.stmts[name].ExecContext(b.ctx, args...); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// organization finds or creates the organization, as
// findOrCreateOrganization does.
func (b *bulkWriter) organization(name string) (*Organization, error) {
	if o, ok := b.orgs[name]; ok {
		return o, nil
	}
	o := &Organization{}
	err := b.stmts["findOrg"].QueryRowContext(b.ctx, name).Scan(&o.ID, &o.Name)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		o = &Organization{ID: uuid.NewString(), Name: name, NameFolded: foldName(name), CreatedAt: b.now, UpdatedAt: b.now}
		if err := b.exec("addOrg", o.ID, o.Name, o.NameFolded, b.now, b.now); err != nil {
			return nil, err
		}
		b.newOrgs[o.ID] = true
	case err != nil:
		return nil, fmt.Errorf("find organization %q: %w", name, err)
	}
	b.orgs[name] = o
	return o, nil
}

// insertProgram adds a program on SQLite and returns its pk (PostgreSQL
// adds new programs in batches, with pks drawn beforehand).
func (b *bulkWriter) insertProgram(args []any) (int64, error) {
	res, err := b.stmts["addProgram"].ExecContext(b.ctx, append([]any{nil}, args...)...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// slug is uniqueSlug with the slugs in memory.
func (b *bulkWriter) slug(name, org string) string {
	c, _ := firstFreeSlug(name, org, func(c string) (bool, error) { return b.slugs[c], nil })
	b.slugs[c] = true
	return c
}

// write stores one draft, as saveDraft does, and reports whether it
// created a program, or left one unchanged. vec is its text index row on
// PostgreSQL, if built here.
func (b *bulkWriter) write(d *ProgramDraft, doc *searchDoc, vec *pgVectors) (created, same bool, err error) {
	org, err := b.organization(d.Organization)
	if err != nil {
		return false, false, err
	}
	var p Program
	applyDraft(&p, d)
	var pk int64
	var id, was string
	var kept []Location // an update's locations: their ids and coordinates
	created = true
	// A program of an organization this import created can only be one of
	// its own rows, which ParseProgramsCSV keeps distinct.
	if !b.newOrgs[org.ID] && !b.fresh {
		if b.pg != nil {
			if err := b.pg.wait(); err != nil { // the transaction is in use
				return false, false, err
			}
		}
		err := b.stmts["findProgram"].QueryRowContext(b.ctx, org.ID, d.Name).Scan(&pk, &id, &was)
		switch {
		case err == nil:
			created = false
		case !errors.Is(err, sql.ErrNoRows):
			return false, false, fmt.Errorf("find program %q: %w", d.Name, err)
		}
	}
	status := StatusPublished
	if was == StatusArchived { // an import keeps an archived program archived, as saveProgram does
		status = was
	}
	fields := []any{p.Name, p.NameFolded, p.Summary, p.Description, p.Level, p.Delivery, p.Cost, p.FeesDescription, p.Eligibility,
		p.AgeMin, p.AgeMax, p.HowToRefer, p.Website, p.ContactName, p.ContactEmail, p.ContactPhone, p.ServiceArea,
		p.Evidence, p.EvaluationURL, status, p.LastVerified}
	action := "program.import"
	if created && b.pg != nil {
		id = uuid.NewString()
		pk, err := b.pg.pk(b.ctx)
		if err != nil {
			return false, false, err
		}
		return true, false, b.pg.add(b.ctx, pk, id, b.slug(d.Name, org.Name), org.ID, fields, d, doc, vec)
	}
	if !created && b.pg != nil {
		// The new programs before this row first, in the file's order.
		if err := b.pg.flushed(b.ctx); err != nil {
			return false, false, err
		}
	}
	if created {
		id = uuid.NewString()
		args := append([]any{id, b.slug(d.Name, org.Name), org.ID}, fields...)
		args = append(args, b.now, b.now)
		if pk, err = b.insertProgram(args); err != nil {
			return false, false, fmt.Errorf("add program %q: %w", d.Name, err)
		}
	} else {
		action = "program.import_update"
		live, err := b.s.programWhere(b.ctx, b.tx, "programs.pk = ?", pk)
		if err != nil {
			return false, false, err
		}
		KeepConfidentialAddresses(live.Locations, d)
		if saved := d.AsSaved(live, saveImport); unchanged(live, &saved, status) {
			return false, true, nil
		}
		kept = keptLocations(live.Locations, d.Locations)
		args := append([]any{org.ID}, fields...)
		args = append(args, b.now, pk)
		if err := b.exec("updateProgram", args...); err != nil {
			return false, false, err
		}
		for _, st := range []string{"clearThemes", "clearAudiences", "clearLanguages", "clearLocations", "unindex"} {
			if err := b.exec(st, pk); err != nil {
				return false, false, err
			}
		}
	}
	for _, l := range []struct {
		stmt   string
		values []string
	}{{"addTheme", d.Themes}, {"addAudience", d.Audiences}, {"addLanguage", d.Languages}} {
		for _, v := range l.values {
			if err := b.exec(l.stmt, pk, v); err != nil {
				return false, false, err
			}
		}
	}
	for i, l := range d.Locations {
		var err error
		if created {
			err = b.exec("addLocation", uuid.NewString(), pk, i, l.Address, l.City, l.Region, l.PostalCode, l.Country, l.Confidential)
		} else {
			err = b.exec("keepLocation", kept[i].ID, pk, i, l.Address, l.City, l.Region, l.PostalCode, l.Country, l.Confidential,
				kept[i].Latitude, kept[i].Longitude)
		}
		if err != nil {
			return false, false, err
		}
	}
	switch {
	case status != StatusPublished: // an archived program updated: out of the index, as saveProgram leaves it
	case b.side != nil:
		if err := b.side.add(b.ctx, pk, doc); err != nil {
			return false, false, err
		}
	default:
		if err := b.exec("index", pk, doc.Name, doc.Summary, doc.Extra, doc.Description); err != nil {
			return false, false, err
		}
	}
	if err := b.exec("audit", time.Now().UTC(), ActorImporter.Name, action, id, was, status); err != nil {
		return false, false, err
	}
	return created, false, nil
}

// docPipeline analyses the rows' search documents ahead of the writer,
// on every core, a chunk at a time and in order; for PostgreSQL, it
// builds their text index rows too.
type docPipeline struct {
	chunks  []chan []analysedDoc
	ctx     context.Context
	cur     []analysedDoc
	curAt   int
	release func() // a chunk is written: the workers may go one further
}

// analysedDoc is a row's search document, and its text index row on
// PostgreSQL when every term of it is plain (buildPGVectors).
type analysedDoc struct {
	doc *searchDoc
	pg  *pgVectors
}

const analyseChunk = 256

func analyseAhead(ctx context.Context, rows []ImportRow, tax *Taxonomies, vectors bool) *docPipeline {
	n := (len(rows) + analyseChunk - 1) / analyseChunk
	p := &docPipeline{chunks: make([]chan []analysedDoc, n), ctx: ctx, curAt: -1}
	for i := range p.chunks {
		p.chunks[i] = make(chan []analysedDoc, 1)
	}
	workers := runtime.GOMAXPROCS(0)
	ahead := make(chan struct{}, 4*workers) // chunks analysed but not yet written
	jobs := make(chan int)
	for w := 0; w < workers; w++ {
		go func() {
			for c := range jobs {
				end := min(len(rows), (c+1)*analyseChunk)
				docs := make([]analysedDoc, 0, end-c*analyseChunk)
				for i := c * analyseChunk; i < end; i++ {
					d := analysedDoc{doc: buildSearchDoc(draftProgram(&rows[i].Draft), tax)}
					if vectors {
						d.pg, _ = buildPGVectors(d.doc)
					}
					docs = append(docs, d)
				}
				p.chunks[c] <- docs
			}
		}()
	}
	go func() {
		defer close(jobs)
		for c := range p.chunks {
			select {
			case ahead <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- c:
			case <-ctx.Done():
				return
			}
		}
	}()
	p.release = func() { <-ahead }
	return p
}

// next returns the document of row i; rows are asked for in order.
func (p *docPipeline) next(i int) (analysedDoc, error) {
	c := i / analyseChunk
	if c != p.curAt {
		if p.curAt >= 0 {
			p.release()
		}
		select {
		case docs := <-p.chunks[c]:
			p.cur, p.curAt = docs, c
			p.chunks[c] = nil
		case <-p.ctx.Done():
			return analysedDoc{}, p.ctx.Err()
		}
	}
	return p.cur[i-c*analyseChunk], nil
}

// draftProgram is the program a draft becomes, as far as its search
// document goes.
func draftProgram(d *ProgramDraft) *Program {
	p := &Program{Name: d.Name, Summary: d.Summary, Description: d.Description, Eligibility: d.Eligibility,
		Organization: Organization{Name: d.Organization}, Themes: d.Themes, Audiences: d.Audiences,
		Languages: d.Languages, Delivery: d.Delivery, Cost: d.Cost}
	for _, l := range d.Locations {
		p.Locations = append(p.Locations, Location{City: l.City, Region: l.Region, Country: l.Country})
	}
	return p
}
