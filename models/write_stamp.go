package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// A copy of the directory follows it by asking for what changed since
// the latest time it saw (modified_after with the largest updated_at,
// removed-programs with the largest removed_at). It misses nothing only
// if every write is stamped after each write committed before it: a
// write stamped 10:00:01 that commits after one stamped 10:00:02 is never
// given to a consumer that saw the second in between. On SQLite writes
// are one after the other (one connection, BEGIN IMMEDIATE), so a stamp
// taken inside the transaction is. On PostgreSQL they run at once: every
// write of the public directory first takes one transaction-level
// advisory lock, held to its commit, and then its stamp. Writes of the
// directory are a moderator's act or an import: waiting for each other
// costs them little.

// publicWrite runs fn in a transaction that writes the public directory
// (programs, organizations, the audit events of programs leaving it),
// with the time its changes are stamped with. The lock comes first, before
// any row lock, so that two writes never wait for each other both ways.
func (s *Store) publicWrite(ctx context.Context, fn func(tx *gorm.DB, now time.Time) error) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.lockPublicWrites(tx); err != nil {
			return err
		}
		now := time.Now().UTC()
		if s.stamped != nil {
			s.stamped()
		}
		return fn(tx, now)
	})
}

// lockPublicWrites waits, on PostgreSQL, for the other writes of the
// public directory to commit, and keeps them waiting until tx ends.
// Imports do not take it, or every moderator's write would wait for an
// import of 100,000 programs (half a minute): their programs carry the
// time the import began and are found through its run, whose end is
// written again once it has committed (recordImportRun,
// importRunCommitted), later than any write a consumer could have seen
// before the import's programs.
func (s *Store) lockPublicWrites(tx *gorm.DB) error {
	if s.dialect.name() != "postgres" {
		return nil
	}
	if err := tx.Exec("SELECT pg_advisory_xact_lock(hashtext('pathways.public_writes'))").Error; err != nil {
		return fmt.Errorf("models: wait for the directory's other writes: %w", err)
	}
	return nil
}
