package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

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
	return s.db.WithContext(ctx).Exec("PRAGMA query_only = " + v).Error
}
