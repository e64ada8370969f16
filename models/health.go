package models

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
)

// ErrUnavailable wraps failures of the database itself (locked too long,
// read-only, disk errors, closed): the request was fine, the service is
// not, so handlers answer 503 with Retry-After.
var ErrUnavailable = errors.New("models: database unavailable")

// IsUnavailable reports whether err means the database cannot serve now.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrUnavailable) || errors.Is(err, sql.ErrConnDone) {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "25006", // read_only_sql_transaction
			strings.HasPrefix(pe.Code, "08"),  // connection exceptions
			strings.HasPrefix(pe.Code, "53"),  // insufficient resources
			strings.HasPrefix(pe.Code, "57P"): // shutdown, cannot connect now
			return true
		}
		return false
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return true
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrBusy, sqlite3.ErrLocked, sqlite3.ErrReadonly, sqlite3.ErrIoErr,
			sqlite3.ErrFull, sqlite3.ErrCantOpen, sqlite3.ErrCorrupt, sqlite3.ErrNotADB:
			return true
		}
	}
	return strings.Contains(err.Error(), "sql: database is closed")
}

// IsBadInput reports whether the database refused a value as malformed
// (PostgreSQL's data exceptions, such as bytes that are not UTF-8): the
// request was wrong, not the service.
func IsBadInput(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && strings.HasPrefix(pe.Code, "22")
}

// Ready checks that the database answers and accepts writes: a read-only or
// locked database is not ready, since submissions would fail.
func (s *Store) Ready(ctx context.Context) error {
	if err := s.Ping(ctx); err != nil {
		return err
	}
	err := s.db.WithContext(ctx).Exec("INSERT INTO readiness (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at",
		time.Now().UTC()).Error
	if err != nil {
		return fmt.Errorf("models: write check: %w", err)
	}
	return nil
}

// SetReadOnly puts the database in read-only mode (or back): every write
// then fails as it would on a read-only disk. Operators use it for
// maintenance; tests use it to prove the service degrades cleanly.
func (s *Store) SetReadOnly(ctx context.Context, on bool) error {
	v := "OFF"
	if on {
		v = "ON"
	}
	if s.dialect.name() == "sqlite" {
		return s.db.WithContext(ctx).Exec("PRAGMA query_only = " + v).Error
	}
	// PostgreSQL: the database's default for new sessions, set from a
	// session that is itself writable; pooled sessions are then renewed.
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var name string
	if err := conn.QueryRowContext(ctx, "SELECT current_database()").Scan(&name); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "SET default_transaction_read_only = off"); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, `ALTER DATABASE "`+strings.ReplaceAll(name, `"`, `""`)+`" SET default_transaction_read_only = `+v); err != nil {
		return fmt.Errorf("models: set read-only: %w", err)
	}
	conn.Raw(func(any) error { return driver.ErrBadConn }) // do not reuse this session
	sqlDB.SetMaxIdleConns(0)
	sqlDB.SetMaxIdleConns(10)
	return nil
}
