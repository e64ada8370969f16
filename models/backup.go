package models

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// Backup writes a consistent copy of the whole database to dest with
// VACUUM INTO. It reads one snapshot (WAL lets the server go on writing
// meanwhile) and the copy is compact and self-contained: restoring is
// copying it back in place while the server is stopped.
func (s *Store) Backup(ctx context.Context, dest string) error {
	if s.dialect.name() != "sqlite" {
		return fmt.Errorf("models: backup: for PostgreSQL use pg_dump (see the README)")
	}
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("models: backup: %s already exists", dest)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("models: backup: %w", err)
	}
	if err := s.db.WithContext(ctx).Exec("VACUUM INTO ?", dest).Error; err != nil {
		os.Remove(dest)
		return fmt.Errorf("models: backup to %s: %w", dest, err)
	}
	return nil
}

// IntegrityCheck runs SQLite's integrity check and returns its verdict
// ("ok" when the file is sound).
func (s *Store) IntegrityCheck(ctx context.Context) (string, error) {
	if s.dialect.name() != "sqlite" {
		return "ok", nil // PostgreSQL checks its pages itself
	}
	var rows []string
	if err := s.reader().WithContext(ctx).Raw("PRAGMA integrity_check").Scan(&rows).Error; err != nil {
		return "", fmt.Errorf("models: integrity check: %w", err)
	}
	if len(rows) == 1 {
		return rows[0], nil
	}
	return fmt.Sprint(rows), nil
}

// TableCounts returns the number of rows of the tables that matter, for
// checks after a backup or a copy.
func (s *Store) TableCounts(ctx context.Context) (map[string]int64, error) {
	out := map[string]int64{}
	for _, t := range []string{"organizations", "programs", "locations", "program_themes", "program_audiences",
		"program_languages", "submissions", "users", "audit_events"} {
		var n int64
		if err := s.db.WithContext(ctx).Table(t).Count(&n).Error; err != nil {
			return nil, fmt.Errorf("models: count %s: %w", t, err)
		}
		out[t] = n
	}
	return out, nil
}
