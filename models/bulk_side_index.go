package models

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"

	"gorm.io/gorm"
)

// sideIndex builds the FTS5 index of a bulk import in a database file of
// its own, on its own connection and thread, while the import's
// transaction writes the rows: SQLite writes one file on one thread, and
// hashing the terms of every program was as much work as the rows
// themselves. At the end the index's tables are copied, in the import's
// transaction, from the file attached to its connection (SQLite copies
// the records as they are), so the import stays all or nothing.
//
// Only an empty index can be built this way (its tables are replaced
// whole), so it serves a directory's first import, which is the big one.
type sideIndex struct {
	path    string
	db      *sql.DB
	create  string // the CREATE VIRTUAL TABLE of program_search
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

// newSideIndex prepares a side index for an import of n rows, or returns
// nil when the import should write the index itself: another engine, a
// small import, or an index that already holds programs.
func (s *Store) newSideIndex(ctx context.Context, n int) (*sideIndex, error) {
	if s.dialect.name() != "sqlite" || !s.bigImport(n) {
		return nil, nil
	}
	db := s.db.WithContext(ctx)
	if empty, err := textIndexEmpty(db); err != nil || !empty {
		return nil, err
	}
	// Beside the database (the index will be as big there), or in the
	// temporary directory for a database in memory.
	var dir string
	if err := db.Raw("SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&dir).Error; err != nil {
		return nil, fmt.Errorf("side index: %w", err)
	}
	if dir != "" {
		dir = filepath.Dir(dir)
	}
	f, err := os.CreateTemp(dir, "pathways-text-index-*.db")
	if err != nil { // the import writes the index itself, as for a small one
		s.log.Warn("search index built in the import's transaction: no temporary file beside the database", "err", err)
		return nil, nil
	}
	f.Close()
	return &sideIndex{path: f.Name(), docs: make(chan sideDoc, 1024), done: make(chan error, 1), cancel: func() {}}, nil
}

func textIndexEmpty(db *gorm.DB) (bool, error) {
	var empty bool
	if err := db.Raw("SELECT NOT EXISTS (SELECT 1 FROM program_search)").Scan(&empty).Error; err != nil {
		return false, fmt.Errorf("side index: %w", err)
	}
	return empty, nil
}

// inTransaction runs fn in a transaction on conn with the side index's
// file attached as side_index. SQLite attaches a file only outside a
// transaction, and BEGIN IMMEDIATE would lock the attached file too,
// which the builder writes: the transaction begins deferred and takes the
// database's write lock at once with a write that changes nothing.
func (si *sideIndex) inTransaction(conn *gorm.DB, fn func(tx *gorm.DB) error) (err error) {
	// A session, as Transaction makes: each call a statement of its own,
	// and an error of one not carried into the next.
	conn = conn.Session(&gorm.Session{NewDB: true})
	// The connection goes back to the pool (the store's one writer) as it
	// came: nothing attached, no transaction open. Its clean-up runs even
	// when the import's context is cancelled, and if it fails the
	// connection is thrown away rather than reused.
	cleanup := conn.WithContext(context.WithoutCancel(conn.Statement.Context))
	clean := true
	defer func() {
		if !clean {
			if c, ok := conn.Statement.ConnPool.(*sql.Conn); ok {
				c.Raw(func(any) error { return driver.ErrBadConn })
			}
		}
	}()
	if err := conn.Exec("ATTACH DATABASE ? AS side_index", si.path).Error; err != nil {
		return fmt.Errorf("side index: %w", err)
	}
	defer func() {
		if cleanup.Exec("DETACH DATABASE side_index").Error != nil {
			clean = false
		}
	}()
	if err := conn.Exec("BEGIN DEFERRED").Error; err != nil {
		return err
	}
	committed := false
	defer func() {
		if !committed && cleanup.Exec("ROLLBACK").Error != nil {
			clean = false
		}
	}()
	if err := conn.Exec("UPDATE search_state SET version = version WHERE id = 1").Error; err != nil {
		return err
	}
	if err := fn(conn); err != nil {
		return err
	}
	if err := conn.Exec("COMMIT").Error; err != nil {
		return err
	}
	committed = true
	return nil
}

// start starts the builder, in the import's transaction, and says whether
// the import hands it its documents: not if the index is no longer
// empty.
func (si *sideIndex) start(ctx context.Context, tx *gorm.DB, ss searchSQL) (bool, error) {
	if empty, err := textIndexEmpty(tx); err != nil || !empty {
		return false, err
	}
	if err := tx.Raw("SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = 'program_search'").Scan(&si.create).Error; err != nil {
		return false, fmt.Errorf("side index: read the text index's definition: %w", err)
	}
	if si.create == "" {
		return false, errors.New("side index: the database has no text index")
	}
	// No journal and no sync: the file is thrown away unless the build
	// finishes, and the copy is what the import's transaction makes
	// durable.
	var err error
	si.db, err = sql.Open("sqlite3", "file:"+si.path+"?_journal_mode=OFF&_synchronous=OFF")
	if err != nil { // only for a bad DSN: the file is opened at the first query
		return false, fmt.Errorf("side index: %w", err)
	}
	si.db.SetMaxOpenConns(1)
	for _, q := range append([]string{si.create}, ss.bulkBegin...) {
		if _, err := si.db.ExecContext(ctx, q); err != nil {
			return false, fmt.Errorf("side index: %w", err)
		}
	}
	ctx, si.cancel = context.WithCancel(ctx)
	go func() { si.done <- si.build(ctx, ss) }()
	si.started = true
	return true, nil
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
func (si *sideIndex) finish(tx *gorm.DB) error {
	if err := si.wait(); err != nil {
		return fmt.Errorf("side index: %w", err)
	}
	// The builder's file holds program_search alone: its tables are the
	// index's shadow tables. All but the configuration, which the new
	// table writes itself (the builder's holds its bulk settings).
	var tables []string
	if err := tx.Raw("SELECT name FROM side_index.sqlite_master WHERE type = 'table' AND name LIKE 'program\\_search\\_%' ESCAPE '\\' " +
		"AND name <> 'program_search_config' ORDER BY name").Scan(&tables).Error; err != nil {
		return fmt.Errorf("side index: %w", err)
	}
	stmts := []string{"DROP TABLE main.program_search", si.create}
	for _, t := range tables {
		name := `"` + t + `"` // a name from sqlite_master, of letters and _
		stmts = append(stmts, "DELETE FROM main."+name, "INSERT INTO main."+name+" SELECT * FROM side_index."+name)
	}
	for _, q := range stmts {
		if err := tx.Exec(q).Error; err != nil {
			return fmt.Errorf("side index: %w", err)
		}
	}
	return nil
}

// close stops the builder if it still runs and removes its file.
func (si *sideIndex) close() {
	si.cancel()
	if si.started {
		si.wait()
	}
	if si.db != nil {
		si.db.Close()
	}
	os.Remove(si.path)
}
