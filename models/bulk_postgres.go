package models

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// A bulk import on PostgreSQL writes its new programs a few hundred at a
// time, one statement per table, instead of ten statements a program:
// each statement waits for the server's answer, and 100,000 programs
// took ~1,000,000 of those round trips (165 s; docs/search.md). The
// programs' pks are drawn from their sequence beforehand, so the rows of
// every table are known before anything is sent, and the organizations
// of the whole file are looked up and created first, with the server
// comparing names as findOrCreateOrganization does (lower(name)).
//
// The rows of new programs go with COPY (pgx's CopyFrom on the
// transaction's connection), which the server reads faster than a
// multi-row INSERT's parameters, and their text index rows go
// ready-made (buildPGVectors) rather than as texts for to_tsvector.
//
// Rows that update a program already there still go one by one; the
// new programs gathered so far are written first, so the audit log
// keeps the order of the file.

// pgBatchPrograms is how many new programs are gathered before they are
// written.
const pgBatchPrograms = 500

// pgMaxParams is PostgreSQL's limit on a statement's parameters.
const pgMaxParams = 65535

// pgRows is the rows of one table waiting to be written: head, then
// row for each (with ? for its arguments), separated by commas, then
// tail; or, with copy, the same rows with COPY.
type pgRows struct {
	head, row, tail string
	args            []any
	copy            *pgCopy
}

// cols is the number of arguments of a row.
func (t *pgRows) cols() int { return strings.Count(t.row, "?") }

// pgCopy is a table's rows as COPY takes them: its columns, and for
// each the row's next argument or a value of its own.
type pgCopy struct {
	table  string
	cols   []string
	arg    []bool // the column takes the row's next argument
	values []any  // or this value
}

// copyOf reads the COPY of an INSERT of bulkInserts: the table and
// columns of its head, and its row's ? or constants ('text', 1).
func copyOf(head, row string) (*pgCopy, error) {
	f := strings.Fields(head)
	open, end := strings.Index(head, "("), strings.LastIndex(head, ")")
	if len(f) < 3 || f[0] != "INSERT" || f[1] != "INTO" || open < 0 || end < open {
		return nil, fmt.Errorf("not an INSERT: %q", head)
	}
	c := &pgCopy{table: f[2]}
	for _, col := range strings.Split(head[open+1:end], ",") {
		c.cols = append(c.cols, strings.TrimSpace(col))
	}
	row = strings.TrimSpace(row)
	if !strings.HasPrefix(row, "(") || !strings.HasSuffix(row, ")") {
		return nil, fmt.Errorf("%s: not a row: %q", c.table, row)
	}
	for _, v := range strings.Split(row[1:len(row)-1], ",") {
		v = strings.TrimSpace(v)
		var val any
		switch {
		case v == "?":
		case len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' && !strings.Contains(v[1:len(v)-1], "'"):
			val = v[1 : len(v)-1]
		default:
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%s: a value COPY cannot take: %q", c.table, v)
			}
			val = n
		}
		c.arg = append(c.arg, v == "?")
		c.values = append(c.values, val)
	}
	if len(c.values) != len(c.cols) {
		return nil, fmt.Errorf("%s: %d columns, %d values", c.table, len(c.cols), len(c.values))
	}
	return c, nil
}

// pgCopier writes rows into a table with COPY, on the transaction's
// connection.
type pgCopier func(ctx context.Context, table string, cols []string, rows pgx.CopyFromSource) error

// connCopier is the COPY of conn, a pgx connection in database/sql.
func connCopier(conn *sql.Conn) pgCopier {
	return func(ctx context.Context, table string, cols []string, rows pgx.CopyFromSource) error {
		return conn.Raw(func(dc any) error {
			c, ok := dc.(*stdlib.Conn)
			if !ok {
				return fmt.Errorf("COPY needs a pgx connection, not %T", dc)
			}
			_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, rows)
			return err
		})
	}
}

func (t *pgRows) add(args ...any) { t.args = append(t.args, args...) }

// pgBatch gathers a bulk import's new programs for PostgreSQL.
type pgBatch struct {
	w        *bulkWriter
	conn     pgConn
	copy     pgCopier
	pks      []int64 // drawn from the sequence, not used yet
	programs int
	rows     [2]int // the file's rows of the programs gathered: first, last
	newRows  int    // rows known to be new programs, to draw pks for at once
	orgs     pgRows
	tables   []*pgRows  // in the order they are written
	spare    []*pgRows  // the same tables, for the batch being written
	writing  chan error // the batch being written, if any: its outcome
}

// pgConn is the import's transaction.
type pgConn interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// The tables of a batch, in the order they are written (the programs
// before what refers to them).
const (
	pgPrograms = iota
	pgThemes
	pgAudiences
	pgLanguages
	pgLocations
	pgReady  // text index rows built here
	pgSearch // text index rows the server makes (a term not plain)
	pgAudit
)

func newPGBatch(w *bulkWriter, conn pgConn, copy pgCopier) (*pgBatch, error) {
	search := w.s.dialect.searchSQL().indexInsertRows
	rows := func(name string) pgRows {
		return pgRows{head: bulkInserts[name].head + " VALUES ", row: bulkInserts[name].row}
	}
	b := &pgBatch{w: w, conn: conn, copy: copy, orgs: rows("addOrg")}
	b.tables = make([]*pgRows, pgAudit+1)
	for t, name := range map[int]string{pgPrograms: "addProgram", pgThemes: "addTheme", pgAudiences: "addAudience",
		pgLanguages: "addLanguage", pgLocations: "addLocation", pgAudit: "audit"} {
		r := rows(name)
		c, err := copyOf(bulkInserts[name].head, r.row)
		if err != nil {
			return nil, err
		}
		r.copy = c
		b.tables[t] = &r
	}
	b.tables[pgReady] = &pgRows{row: "(?, ?, ?, ?)", copy: &pgCopy{table: "program_search",
		cols: []string{"pk", "doc", "name_v", "summary_v"}, arg: []bool{true, true, true, true}, values: make([]any, 4)}}
	b.tables[pgSearch] = &pgRows{head: search[0], row: search[1], tail: search[2]}
	for _, t := range b.tables {
		spare := *t
		b.spare = append(b.spare, &spare)
	}
	return b, nil
}

// organizations finds or creates the organization of every row, as
// organization does one at a time: a name matches an organization whose
// name is the same but for case, as the server lowers them; the first
// spelling of a new one in the file names it.
func (b *pgBatch) organizations(ctx context.Context, rows []ImportRow) error {
	var names []string
	seen := map[string]bool{}
	for i := range rows {
		if n := rows[i].Draft.Organization; !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	w := b.w
	found, err := b.conn.QueryContext(ctx, `SELECT n.name, o.id, o.name FROM unnest($1::text[]) AS n(name)
		JOIN organizations o ON lower(o.name) = lower(n.name)`, names)
	if err != nil {
		return fmt.Errorf("find organizations: %w", err)
	}
	for found.Next() {
		var as string
		o := &Organization{}
		if err := found.Scan(&as, &o.ID, &o.Name); err != nil {
			found.Close()
			return fmt.Errorf("find organizations: %w", err)
		}
		w.orgs[as] = o
	}
	found.Close()
	if err := found.Err(); err != nil {
		return fmt.Errorf("find organizations: %w", err)
	}
	var missing []string
	for _, n := range names {
		if w.orgs[n] == nil {
			missing = append(missing, n)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	lowered, err := b.conn.QueryContext(ctx, "SELECT n.name, lower(n.name) FROM unnest($1::text[]) AS n(name)", missing)
	if err != nil {
		return fmt.Errorf("compare organizations: %w", err)
	}
	key := make(map[string]string, len(missing))
	for lowered.Next() {
		var n, l string
		if err := lowered.Scan(&n, &l); err != nil {
			lowered.Close()
			return fmt.Errorf("compare organizations: %w", err)
		}
		key[n] = l
	}
	lowered.Close()
	if err := lowered.Err(); err != nil {
		return fmt.Errorf("compare organizations: %w", err)
	}
	made := map[string]*Organization{}
	for _, n := range missing {
		if o := made[key[n]]; o != nil {
			w.orgs[n] = o
			continue
		}
		o := &Organization{ID: uuid.NewString(), Name: n, NameFolded: foldName(n), CreatedAt: w.now, UpdatedAt: w.now}
		made[key[n]] = o
		w.orgs[n] = o
		w.newOrgs[o.ID] = true
		b.orgs.add(o.ID, o.Name, o.NameFolded, w.now, w.now)
	}
	return b.write(ctx, &b.orgs)
}

// pk is the pk of the next new program. They are drawn a batch at a
// time, or for all the rows known to be new at once, so that drawing
// them seldom waits for the batch being written.
func (b *pgBatch) pk(ctx context.Context) (int64, error) {
	if len(b.pks) == 0 {
		if err := b.wait(); err != nil {
			return 0, err
		}
		n := max(b.size(), b.newRows)
		b.newRows = 0
		rs, err := b.conn.QueryContext(ctx, "SELECT nextval(pg_get_serial_sequence('programs', 'pk')) FROM generate_series(1, $1)",
			n)
		if err != nil {
			return 0, fmt.Errorf("draw program pks: %w", err)
		}
		for rs.Next() {
			var pk int64
			if err := rs.Scan(&pk); err != nil {
				rs.Close()
				return 0, fmt.Errorf("draw program pks: %w", err)
			}
			b.pks = append(b.pks, pk)
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return 0, fmt.Errorf("draw program pks: %w", err)
		}
		slices.Sort(b.pks) // in the order of the file, as one by one
	}
	pk := b.pks[0]
	b.pks = b.pks[1:]
	return pk, nil
}

// add gathers a new program with everything that refers to it, and
// writes the batch when it is full. fields are those of the addProgram
// statement after its organization.
func (b *pgBatch) add(ctx context.Context, pk int64, id, slug, org string, fields []any, d *ProgramDraft, doc *searchDoc,
	vec *pgVectors) error {
	t := b.tables
	t[pgPrograms].add(pk, id, slug, org)
	t[pgPrograms].add(fields...)
	t[pgPrograms].add(b.w.now, b.w.now)
	for _, v := range d.Themes {
		t[pgThemes].add(pk, v)
	}
	for _, v := range d.Audiences {
		t[pgAudiences].add(pk, v)
	}
	for _, v := range d.Languages {
		t[pgLanguages].add(pk, v)
	}
	for i, l := range d.Locations {
		t[pgLocations].add(uuid.NewString(), pk, i, l.Address, l.City, l.Region, l.PostalCode, l.Country, l.Confidential)
	}
	if vec != nil {
		t[pgReady].add(pk, vec.doc, vec.name, vec.summary)
	} else {
		t[pgSearch].add(pk, doc.Name, doc.Summary, doc.Extra, doc.Description)
	}
	t[pgAudit].add(time.Now().UTC(), ActorImporter.Name, "program.import", id, "", StatusPublished)
	if b.programs == 0 {
		b.rows[0] = b.w.row
	}
	b.rows[1] = b.w.row
	b.programs++
	if b.programs >= b.size() {
		return b.flush(ctx)
	}
	return nil
}

// pgBatchError is a batch that the database refused: its rows are
// named, since which one of them failed the database does not say.
type pgBatchError struct {
	first, last int
	err         error
}

func (e *pgBatchError) Error() string {
	return fmt.Sprintf("rows %d to %d (written together): %v", e.first, e.last, e.err)
}

func (e *pgBatchError) Unwrap() error { return e.err }

// size is how many new programs are written together.
func (b *pgBatch) size() int {
	if n := b.w.s.pgBatchPrograms; n > 0 {
		return n
	}
	return pgBatchPrograms
}

// flush starts writing the programs gathered so far, on another
// goroutine: the next batch is gathered (its documents analysed, its
// vectors built) while the server stores this one. Nothing else may use
// the transaction until wait has returned.
func (b *pgBatch) flush(ctx context.Context) error {
	if err := b.wait(); err != nil {
		return err
	}
	if b.programs == 0 {
		return nil
	}
	tables, rows := b.tables, b.rows
	b.tables, b.spare = b.spare, tables
	b.programs = 0
	done := make(chan error, 1)
	b.writing = done
	go func() {
		defer func() {
			if r := recover(); r != nil { // not the whole server: the import fails
				done <- &pgBatchError{first: rows[0], last: rows[1], err: fmt.Errorf("panic: %v", r)}
			}
		}()
		for _, t := range tables {
			if err := b.write(ctx, t); err != nil {
				done <- &pgBatchError{first: rows[0], last: rows[1], err: err}
				return
			}
		}
		done <- nil
	}()
	return nil
}

// wait waits for the batch being written, if any, and returns its
// error.
func (b *pgBatch) wait() error {
	if b.writing == nil {
		return nil
	}
	err := <-b.writing
	b.writing = nil
	return err
}

// flushed writes the programs gathered so far and waits for them.
func (b *pgBatch) flushed(ctx context.Context) error {
	if err := b.flush(ctx); err != nil {
		return err
	}
	return b.wait()
}

// write sends t's rows, as many statements as PostgreSQL's limit on
// parameters needs, and empties it.
func (b *pgBatch) write(ctx context.Context, t *pgRows) error {
	cols := t.cols()
	if t.copy != nil {
		if len(t.args) > 0 {
			c := t.copy
			row := make([]any, len(c.cols))
			n := len(t.args) / cols
			err := b.copy(ctx, c.table, c.cols, pgx.CopyFromSlice(n, func(i int) ([]any, error) {
				args := t.args[i*cols : (i+1)*cols]
				for j := range row {
					if c.arg[j] {
						row[j], args = args[0], args[1:]
					} else {
						row[j] = c.values[j]
					}
				}
				return row, nil
			}))
			if err != nil {
				return fmt.Errorf("%s: %w", c.table, err)
			}
		}
		clear(t.args)
		t.args = t.args[:0]
		return nil
	}
	per := pgMaxParams / cols
	for at := 0; at < len(t.args); {
		n := min((len(t.args)-at)/cols, per)
		var q strings.Builder
		q.Grow(len(t.head) + len(t.tail) + n*(len(t.row)+cols*4))
		q.WriteString(t.head)
		arg := 0
		for r := 0; r < n; r++ {
			if r > 0 {
				q.WriteByte(',')
			}
			for _, c := range t.row {
				if c == '?' {
					arg++
					q.WriteByte('$')
					q.WriteString(strconv.Itoa(arg))
				} else {
					q.WriteRune(c)
				}
			}
		}
		q.WriteString(t.tail)
		if _, err := b.conn.ExecContext(ctx, q.String(), t.args[at:at+n*cols]...); err != nil {
			return fmt.Errorf("%s: %w", strings.Fields(t.head)[2], err)
		}
		at += n * cols
	}
	clear(t.args) // the texts of 500 programs
	t.args = t.args[:0]
	return nil
}
