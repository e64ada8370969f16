// Package models holds Pathways' domain, its storage and its search.
package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pressly/goose/v3"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"pathways/migrations"
)

// Sentinel errors: the only failures handlers need to tell apart.
var (
	// ErrNotFound means the record does not exist (or is not public).
	ErrNotFound = errors.New("models: record not found")
	// ErrConflict means somebody else changed the record first.
	ErrConflict = errors.New("models: conflicting change")
	// ErrNoFTS5 means the SQLite library was built without FTS5.
	ErrNoFTS5 = errors.New("models: this binary was built without SQLite FTS5; build it with `make build` (go build -tags sqlite_fts5 ./cmd/pathways)")
)

// Store holds every query of Pathways. Writes go through a single
// connection (SQLite has one writer; queuing in Go beats "database is
// locked"), reads through a pool.
type Store struct {
	db      *gorm.DB // writes, and what moderators read (one connection on SQLite)
	read    *gorm.DB // public reads: SQLite's read pool, or the PostgreSQL primary
	replica *replica // a PostgreSQL streaming replica for public reads, if any
	dialect dialect
	log     *slog.Logger

	taxMu sync.Mutex
	tax   atomic.Pointer[Taxonomies]

	searchOnce sync.Once
	search     *searchIndex  // filters, facets and orders in memory (search_index.go)
	matches    *lru          // text matches and rankings (search_cache.go)
	results    *lru          // whole search results
	vocab      vocabulary    // words of spelling suggestions (search_vocab.go), built when first needed
	vocabWait  time.Duration // how long a search waits for the vocabulary's first build; 0: defaultVocabWait
	rankLimit  int           // matches ranked exactly; 0: defaultRankLimit
	// bigImportFrom: the size of a big import (deferIndexes, sideIndex);
	// 0: the constant bigImportFrom.
	bigImportFrom int
	// pgBatchPrograms: how many new programs a PostgreSQL bulk import
	// writes together (bulk_postgres.go); 0: the constant.
	pgBatchPrograms int
	// stamped, if set, is called by each write of the public directory
	// once it has its stamp (publicWrite): tests hold a write there,
	// between its stamp and its commit.
	stamped func()
}

// dialect is the seam between the directory and a database engine: the
// SQL that differs between engines lives behind it.
type dialect interface {
	name() string
	// gooseDialect and migrations select the migration set.
	gooseDialect() goose.Dialect
	migrations() fs.FS
	// indexProgram replaces the search document of one program (or removes
	// it when doc is nil).
	indexProgram(tx *gorm.DB, pk int64, doc *searchDoc) error
	// search runs the text and filter part of a search.
	searchSQL() searchSQL
	// ciEq is a case-insensitive "col = ?"; ciOrder orders by col without
	// case.
	ciEq(col string) string
	ciOrder(col string) string
	// resetSequences moves id generators past copied rows.
	resetSequences(tx *gorm.DB) error
	// nameKey is how the database orders names ("sort by name").
	nameKey(name string) string
}

// Open opens the database named by dsn: a SQLite file path (or
// "file:…" URI). It checks that the engine has what Pathways needs.
func Open(dsn string, log *slog.Logger) (*Store, error) {
	if log == nil {
		log = slog.Default()
	}
	if IsPostgresURL(dsn) {
		return openPostgres(dsn, log)
	}
	return openSQLite(dsn, log)
}

func openSQLite(path string, log *slog.Logger) (*Store, error) {
	base := path
	if !strings.HasPrefix(base, "file:") {
		base = "file:" + base
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	params := url.Values{}
	params.Set("_journal_mode", "WAL")
	params.Set("_busy_timeout", "10000")
	params.Set("_foreign_keys", "on")
	params.Set("_synchronous", "NORMAL")
	params.Set("_txlock", "immediate")
	dsn := base + sep + params.Encode()

	cfg := &gorm.Config{Logger: logger.Discard, SkipDefaultTransaction: true}
	wdb, err := gorm.Open(sqlite.Open(dsn), cfg)
	if err != nil {
		return nil, fmt.Errorf("models: open %s: %w", path, err)
	}
	sqlW, _ := wdb.DB()
	sqlW.SetMaxOpenConns(1)
	sqlW.SetMaxIdleConns(1)
	if err := probeFTS5(sqlW); err != nil {
		sqlW.Close()
		return nil, err
	}
	// synchronous=FULL on the writer: an acknowledged submission survives a
	// power cut, not only a crash.
	if _, err := sqlW.Exec("PRAGMA synchronous=FULL"); err != nil {
		sqlW.Close()
		return nil, fmt.Errorf("models: set synchronous: %w", err)
	}

	rparams := url.Values{}
	rparams.Set("_busy_timeout", "10000")
	rparams.Set("_foreign_keys", "on")
	rparams.Set("_query_only", "true")
	rdb, err := gorm.Open(sqlite.Open(base+sep+rparams.Encode()), cfg)
	if err != nil {
		sqlW.Close()
		return nil, fmt.Errorf("models: open %s for reading: %w", path, err)
	}
	sqlR, _ := rdb.DB()
	sqlR.SetMaxOpenConns(8)
	sqlR.SetMaxIdleConns(8)
	return &Store{db: wdb, read: rdb, dialect: sqliteDialect{}, log: log}, nil
}

// probeFTS5 fails early, with the fix, when the binary lacks FTS5: better
// at start-up than at the first search.
func probeFTS5(db *sql.DB) error {
	_, err := db.Exec("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x); DROP TABLE temp.fts5_probe;")
	if err != nil {
		if strings.Contains(err.Error(), "no such module") {
			return ErrNoFTS5
		}
		return fmt.Errorf("models: probe fts5: %w", err)
	}
	return nil
}

// Close closes both connection pools.
func (s *Store) Close() error {
	var errs []error
	if s.replica != nil {
		errs = append(errs, s.replica.close())
	}
	for _, g := range []*gorm.DB{s.read, s.db} {
		if d, err := g.DB(); err == nil {
			errs = append(errs, d.Close())
		}
	}
	return errors.Join(errs...)
}

// Migrate applies every pending migration of the store's dialect, then
// folds the names again and refills the text index if a migration asked
// for it. On PostgreSQL it does all that under a lock (startLock):
// instances started together do it one after the other, and the later
// ones find it done (two migrated at once, and one of them always
// failed).
func (s *Store) Migrate(ctx context.Context) error {
	return s.startLock(ctx, func() error { return s.migrate(ctx) })
}

// startLockID is the PostgreSQL advisory lock Migrate holds.
const startLockID = 0x70617468 // "path"

// startLock runs fn holding a PostgreSQL session advisory lock, on a
// connection of its own; on SQLite it runs fn (one file, one host: a
// second instance waits for the writer).
func (s *Store) startLock(ctx context.Context, fn func() error) error {
	if s.dialect.name() != "postgres" {
		return fn()
	}
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("models: migrations: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", startLockID); err != nil {
		return fmt.Errorf("models: wait for another instance's migrations: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", startLockID)
	return fn()
}

func (s *Store) migrate(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(s.dialect.gooseDialect(), sqlDB, s.dialect.migrations(), goose.WithLogger(goose.NopLogger()))
	if err != nil {
		return fmt.Errorf("models: migrations: %w", err)
	}
	// A database a newer pathways has migrated is not this one's to
	// serve: its tables may hold what this code cannot keep right.
	current, err := p.GetDBVersion(ctx)
	if err != nil {
		return fmt.Errorf("models: migrations: %w", err)
	}
	if sources := p.ListSources(); len(sources) > 0 && current > sources[len(sources)-1].Version {
		return fmt.Errorf("models: the database is at migration %d, and this pathways knows migrations up to %d: run a newer pathways", current, sources[len(sources)-1].Version)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("models: migrate: %w", err)
	}
	for _, r := range results {
		s.log.Info("migration applied", "version", r.Source.Version, "file", r.Source.Path, "duration", r.Duration)
	}
	if err := s.refoldNamesIfAsked(ctx); err != nil {
		return err
	}
	return s.rebuildTextIndexIfAsked(ctx)
}

// Ping checks that the database answers; /readyz uses it.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.db.WithContext(ctx).Raw("SELECT 1").Scan(&one).Error; err != nil {
		return fmt.Errorf("models: ping: %w", err)
	}
	return nil
}

type sqliteDialect struct{}

func (sqliteDialect) ciEq(col string) string        { return col + " = ? COLLATE NOCASE" }
func (sqliteDialect) resetSequences(*gorm.DB) error { return nil } // INTEGER PRIMARY KEY follows max(rowid)
func (sqliteDialect) ciOrder(col string) string     { return col + " COLLATE NOCASE" }

func (sqliteDialect) name() string                { return "sqlite" }
func (sqliteDialect) gooseDialect() goose.Dialect { return goose.DialectSQLite3 }
func (sqliteDialect) migrations() fs.FS {
	sub, err := fs.Sub(migrations.SQLite, "sqlite")
	if err != nil {
		panic(err) // the embedded folder is part of the binary
	}
	return sub
}
