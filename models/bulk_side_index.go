package models

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"gorm.io/gorm"
)

// sideIndexFrom is the size from which a SQLite bulk import into an empty
// text index builds that index on a second connection (sideIndex).
const sideIndexFrom = 10000

// sideIndex builds the FTS5 index of a bulk import in a database file of
// its own, on its own connection and thread, while the import's
// transaction writes the rows: SQLite writes one file on one thread, and
// hashing the terms of every program was as much work as the rows
// themselves. At the end the index's tables are copied into the
// import's transaction, so the import stays all or nothing.
//
// Only an empty index can be built this way (its tables are replaced
// whole), so it serves a directory's first import, which is the big one.
type sideIndex struct {
	path    string
	db      *sql.DB
	create  string   // the CREATE VIRTUAL TABLE of program_search
	tables  []string // its shadow tables, copied at the end
	docs    chan sideDoc
	sent    bool        // docs is closed
	failed  atomic.Bool // the builder stopped on an error
	done    chan error  // the builder's outcome
	result  error       // … once read
	waited  bool
	cancel  context.CancelFunc
	started bool
}

type sideDoc struct {
	pk  int64
	doc *searchDoc
}

// startSideIndex starts a side index for an import of n rows, or returns
// nil when the import should write the index itself: another engine, a
// small import, or an index that already holds programs.
func (s *Store) startSideIndex(ctx context.Context, tx *gorm.DB, n int) (*sideIndex, error) {
	from := sideIndexFrom
	if s.sideIndexFrom > 0 {
		from = s.sideIndexFrom
	}
	if s.dialect.name() != "sqlite" || n < from {
		return nil, nil
	}
	var empty bool
	if err := tx.Raw("SELECT NOT EXISTS (SELECT 1 FROM program_search)").Scan(&empty).Error; err != nil {
		return nil, fmt.Errorf("side index: %w", err)
	}
	if !empty {
		return nil, nil
	}
	si := &sideIndex{docs: make(chan sideDoc, 1024), done: make(chan error, 1), cancel: func() {}}
	if err := tx.Raw("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'program_search'").Scan(&si.create).Error; err != nil || si.create == "" {
		return nil, fmt.Errorf("side index: read the text index's definition: %v", err)
	}
	// Its shadow tables but the configuration, which the new table
	// writes itself (the builder's holds its bulk settings).
	if err := tx.Raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'program\\_search\\_%' ESCAPE '\\' " +
		"AND name <> 'program_search_config' ORDER BY name").
		Scan(&si.tables).Error; err != nil {
		return nil, fmt.Errorf("side index: %w", err)
	}
	// Beside the database (the index will be as big there), or in the
	// temporary directory for a database in memory.
	var dir string
	if err := tx.Raw("SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&dir).Error; err != nil {
		return nil, fmt.Errorf("side index: %w", err)
	}
	if dir != "" {
		dir = filepath.Dir(dir)
	}
	f, err := os.CreateTemp(dir, "pathways-text-index-*.db")
	if err != nil {
		return nil, fmt.Errorf("side index: %w", err)
	}
	si.path = f.Name()
	f.Close()
	// No journal and no sync: the file is thrown away unless the build
	// finishes, and the copy is what the import's transaction makes
	// durable.
	si.db, err = sql.Open("sqlite3", "file:"+si.path+"?_journal_mode=OFF&_synchronous=OFF")
	if err != nil { // only for a bad DSN: the file is opened at the first query
		os.Remove(si.path)
		return nil, fmt.Errorf("side index: %w", err)
	}
	si.db.SetMaxOpenConns(1)
	stmts := append([]string{si.create}, s.dialect.searchSQL().bulkBegin...)
	for _, q := range stmts {
		if _, err := si.db.ExecContext(ctx, q); err != nil {
			si.close()
			return nil, fmt.Errorf("side index: %w", err)
		}
	}
	ctx, si.cancel = context.WithCancel(ctx)
	go func() { si.done <- si.build(ctx, s.dialect.searchSQL()) }()
	si.started = true
	return si, nil
}

// build writes the documents it is given in one transaction and compacts
// the index.
func (si *sideIndex) build(ctx context.Context, ss searchSQL) (err error) {
	defer func() {
		if err != nil {
			si.failed.Store(true)
			for range si.docs { // add must not block
			}
		}
	}()
	tx, err := si.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ins, err := tx.PrepareContext(ctx, ss.indexInsert)
	if err != nil {
		return err
	}
	defer ins.Close()
	for d := range si.docs {
		if _, err := ins.ExecContext(ctx, d.pk, d.doc.Name, d.doc.Summary, d.doc.Extra, d.doc.Description); err != nil {
			return fmt.Errorf("index program %d: %w", d.pk, err)
		}
	}
	if _, err := tx.ExecContext(ctx, ss.optimize); err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	return tx.Commit()
}

// add hands one program's document to the builder.
func (si *sideIndex) add(ctx context.Context, pk int64, doc *searchDoc) error {
	if si.failed.Load() {
		return fmt.Errorf("side index: %w", si.wait())
	}
	select {
	case si.docs <- sideDoc{pk, doc}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// wait closes docs if need be and returns the builder's outcome.
func (si *sideIndex) wait() error {
	if !si.sent {
		close(si.docs)
		si.sent = true
	}
	if !si.waited {
		si.result = <-si.done
		si.waited = true
	}
	return si.result
}

// finish waits for the builder and puts its index in place of the empty
// one, in the import's transaction: the table is created again, so that
// no connection keeps what it knew of the empty index, and its shadow
// tables are filled with the builder's.
func (si *sideIndex) finish(ctx context.Context, tx *sql.Tx) error {
	if err := si.wait(); err != nil {
		return fmt.Errorf("side index: %w", err)
	}
	for _, q := range []string{"DROP TABLE program_search", si.create} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("side index: %w", err)
		}
	}
	for _, t := range si.tables {
		if err := si.copyTable(ctx, tx, t); err != nil {
			return fmt.Errorf("side index: copy %s: %w", t, err)
		}
	}
	return nil
}

// copyTable replaces the rows of table with the builder's.
func (si *sideIndex) copyTable(ctx context.Context, tx *sql.Tx, table string) error {
	name := `"` + table + `"` // a name from sqlite_master, of letters and _
	if _, err := tx.ExecContext(ctx, "DELETE FROM "+name); err != nil {
		return err
	}
	rows, err := si.db.QueryContext(ctx, "SELECT * FROM "+name)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	ins, err := tx.PrepareContext(ctx, "INSERT INTO "+name+" VALUES ("+strings.Repeat("?, ", len(cols)-1)+"?)")
	if err != nil {
		return err
	}
	defer ins.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if _, err := ins.ExecContext(ctx, vals...); err != nil {
			return err
		}
	}
	return rows.Err()
}

// close stops the builder if it still runs and removes its file.
func (si *sideIndex) close() {
	si.cancel()
	if si.started {
		si.wait()
	}
	si.db.Close()
	os.Remove(si.path)
}
