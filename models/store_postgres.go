package models

import (
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"pathways/migrations"
)

// IsPostgresURL reports whether dsn names a PostgreSQL database rather
// than a SQLite file.
func IsPostgresURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// openPostgres opens PostgreSQL through pgx. Unlike SQLite it takes many
// writers, so one pool serves reads and writes.
func openPostgres(url string, log *slog.Logger) (*Store, error) {
	db, err := openPostgresLazy(url)
	if err != nil {
		return nil, err
	}
	sqlDB, _ := db.DB()
	if err := sqlDB.Ping(); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("models: connect to PostgreSQL: %w", redactURL(err, url))
	}
	return &Store{db: db, read: db, dialect: postgresDialect{}, log: log}, nil
}

// openPostgresLazy opens a pool without connecting yet.
func openPostgresLazy(url string) (*gorm.DB, error) {
	db, err := gorm.Open(postgres.Open(url), &gorm.Config{Logger: logger.Discard, SkipDefaultTransaction: true,
		DisableAutomaticPing: true})
	if err != nil {
		return nil, fmt.Errorf("models: open PostgreSQL: %w", redactURL(err, url))
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	sqlDB.SetMaxOpenConns(20)
	sqlDB.SetMaxIdleConns(10)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	return db, nil
}

// redactURL keeps a password in the URL out of error messages and logs.
func redactURL(err error, url string) error {
	msg := err.Error()
	if at := strings.Index(url, "@"); at > 0 {
		if colon := strings.LastIndex(url[:at], ":"); colon > strings.Index(url, "://")+2 {
			msg = strings.ReplaceAll(msg, url[colon+1:at], "xxxxx")
		}
	}
	return fmt.Errorf("%s", msg)
}

type postgresDialect struct{}

func (postgresDialect) name() string                { return "postgres" }
func (postgresDialect) gooseDialect() goose.Dialect { return goose.DialectPostgres }
func (postgresDialect) migrations() fs.FS {
	sub, err := fs.Sub(migrations.Postgres, "postgres")
	if err != nil {
		panic(err)
	}
	return sub
}
func (postgresDialect) ciEq(col string) string    { return "lower(" + col + ") = lower(?)" }
func (postgresDialect) ciOrder(col string) string { return "lower(" + col + ")" }

func (postgresDialect) resetSequences(tx *gorm.DB) error {
	for _, t := range []struct{ table, col string }{{"programs", "pk"}, {"users", "id"}, {"submissions", "id"},
		{"audit_events", "id"}, {"login_failures", "id"}} {
		err := tx.Exec("SELECT setval(pg_get_serial_sequence('" + t.table + "', '" + t.col + "'), COALESCE((SELECT max(" + t.col + ") FROM " + t.table + "), 0) + 1, false)").Error
		if err != nil {
			return fmt.Errorf("models: reset sequence of %s: %w", t.table, err)
		}
	}
	return nil
}
