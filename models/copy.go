package models

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
)

// ErrTargetNotEmpty refuses a copy into a database that holds a directory.
var ErrTargetNotEmpty = errors.New("models: the target database is not empty; copy only into a new, empty database")

// copiedTables are the tables a copy carries over, in an order that keeps
// foreign keys satisfied. Sessions and login failures stay behind:
// moderators log in again on the new database.
var copiedTables = []string{"organizations", "programs", "program_themes", "program_audiences", "program_languages",
	"locations", "users", "submissions", "audit_events"}

type linkRow struct {
	ProgramPK int64 `gorm:"column:program_pk"`
	Slug      string
	Code      string
}

// CopyDirectory copies a whole directory — programs, organizations,
// locations, submissions with their history, users and the audit log —
// from one database into an empty one (typically SQLite into PostgreSQL),
// in one transaction, rebuilding the search index on the way. It checks
// the row counts before it commits and returns them.
func CopyDirectory(ctx context.Context, from, to *Store) (map[string]int64, error) {
	want, err := from.TableCounts(ctx)
	if err != nil {
		return nil, err
	}
	have, err := to.TableCounts(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range copiedTables {
		if have[t] != 0 {
			return nil, fmt.Errorf("%w (%s has %d rows)", ErrTargetNotEmpty, t, have[t])
		}
	}
	tax, err := from.Taxonomies(ctx)
	if err != nil {
		return nil, err
	}
	src := from.db.WithContext(ctx)
	err = to.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := copyRows[Organization](src, tx, "organizations", "id"); err != nil {
			return err
		}
		if err := copyRows[Program](src.Omit("Organization", "Locations"), tx.Omit("Organization", "Locations"), "programs", "pk"); err != nil {
			return err
		}
		for _, t := range []struct{ table, col string }{{"program_themes", "slug"}, {"program_audiences", "slug"}, {"program_languages", "code"}} {
			var rows []map[string]any
			if err := src.Table(t.table).Select("program_pk, " + t.col).Order("program_pk, " + t.col).Find(&rows).Error; err != nil {
				return fmt.Errorf("read %s: %w", t.table, err)
			}
			if len(rows) > 0 {
				if err := tx.Table(t.table).CreateInBatches(rows, 1000).Error; err != nil {
					return fmt.Errorf("write %s: %w", t.table, err)
				}
			}
		}
		if err := copyRows[Location](src, tx, "locations", "id"); err != nil {
			return err
		}
		if err := copyRows[User](src, tx, "users", "id"); err != nil {
			return err
		}
		if err := copyRows[Submission](src, tx, "submissions", "id"); err != nil {
			return err
		}
		if err := copyRows[AuditEvent](src, tx, "audit_events", "id"); err != nil {
			return err
		}
		if err := to.dialect.resetSequences(tx); err != nil {
			return err
		}
		if err := copySearchIndex(ctx, from, to, tx, tax); err != nil {
			return err
		}
		for _, t := range copiedTables {
			var n int64
			if err := tx.Table(t).Count(&n).Error; err != nil {
				return err
			}
			if n != want[t] {
				return fmt.Errorf("models: copy: %s has %d rows in the copy, %d in the source", t, n, want[t])
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("models: copy: %w", err)
	}
	return want, nil
}

// copyRows copies one table in batches, in key order.
func copyRows[T any](src, dst *gorm.DB, table, key string) error {
	var batch []T
	err := src.Table(table).Order(key).FindInBatches(&batch, 1000, func(_ *gorm.DB, _ int) error {
		if err := dst.Table(table).Create(&batch).Error; err != nil {
			return fmt.Errorf("write %s: %w", table, err)
		}
		return nil
	}).Error
	if err != nil {
		return fmt.Errorf("copy %s: %w", table, err)
	}
	return nil
}

// copySearchIndex indexes every published program in the target.
func copySearchIndex(ctx context.Context, from, to *Store, tx *gorm.DB, tax *Taxonomies) error {
	var pks []int64
	if err := from.db.WithContext(ctx).Model(&Program{}).Where("status = ?", StatusPublished).Order("pk").Pluck("pk", &pks).Error; err != nil {
		return err
	}
	for start := 0; start < len(pks); start += 500 {
		end := min(start+500, len(pks))
		var ps []*Program
		if err := from.db.WithContext(ctx).Preload("Organization").Preload("Locations").Where("pk IN ?", pks[start:end]).Find(&ps).Error; err != nil {
			return err
		}
		if err := from.loadLinks(ctx, from.db, ps); err != nil {
			return err
		}
		for _, p := range ps {
			if err := to.dialect.indexProgram(tx, p.PK, buildSearchDoc(p, tax)); err != nil {
				return err
			}
		}
	}
	return nil
}
