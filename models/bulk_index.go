package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"
)

// rebuildTextIndexIfAsked refills the text index from the programs when a
// migration changed its definition (search_state.reindex = 1): its terms
// come from the analyser in Go, so SQL alone cannot.
func (s *Store) rebuildTextIndexIfAsked(ctx context.Context) error {
	var reindex int
	if err := s.db.WithContext(ctx).Raw("SELECT reindex FROM search_state WHERE id = 1").Scan(&reindex).Error; err != nil {
		return fmt.Errorf("models: read search state: %w", err)
	}
	if reindex == 0 {
		return nil
	}
	n, err := s.RebuildTextIndex(ctx)
	if err != nil {
		return err
	}
	s.log.Info("search index rebuilt", "programs", n)
	// Before serving: the refill wrote the whole index again, which SQLite
	// keeps in its write-ahead log (200 MB at 100,000 programs) until a
	// checkpoint, and the memory it took stays with the process unless
	// handed back.
	if s.dialect.name() == "sqlite" {
		if err := s.db.WithContext(ctx).Exec("PRAGMA wal_checkpoint(TRUNCATE)").Error; err != nil {
			s.log.Warn("checkpoint after the search index refill", "err", err)
		}
	}
	releaseMemory()
	return nil
}

// RebuildTextIndex writes the search document of every published program
// again, in one transaction, and returns how many it indexed. On
// PostgreSQL the rows go with COPY, their tsvectors built here as a bulk
// import builds them (buildPGVectors); a document the server must
// analyse itself, and every document on SQLite, goes with its INSERT.
// Statement by statement, 100,000 programs took 72 s on PostgreSQL.
func (s *Store) RebuildTextIndex(ctx context.Context) (int, error) {
	tax, err := s.Taxonomies(ctx)
	if err != nil {
		return 0, err
	}
	ss := s.dialect.searchSQL()
	total := 0
	work := func(tx *gorm.DB, copyRows pgCopier) error {
		if err := s.bulkSettings(tx, true); err != nil {
			return err
		}
		defer s.bulkSettings(tx, false)
		if err := tx.Exec(ss.indexClear).Error; err != nil {
			return fmt.Errorf("clear search index: %w", err)
		}
		var pks []int64
		if err := tx.Model(&Program{}).Where("status = ?", StatusPublished).Order("pk").Pluck("pk", &pks).Error; err != nil {
			return err
		}
		for start := 0; start < len(pks); start += 1000 {
			batch := pks[start:min(start+1000, len(pks))]
			var ps []*Program
			if err := tx.Preload("Organization").Preload("Locations").Where("pk IN ?", batch).Find(&ps).Error; err != nil {
				return err
			}
			if err := s.loadLinks(ctx, tx, ps); err != nil {
				return err
			}
			docs := make([]*searchDoc, len(ps))
			vecs := make([]*pgVectors, len(ps))
			var wg sync.WaitGroup
			workers := runtime.GOMAXPROCS(0)
			for w := 0; w < workers; w++ {
				wg.Add(1)
				go func(w int) {
					defer wg.Done()
					for i := w; i < len(ps); i += workers {
						docs[i] = buildSearchDoc(ps[i], tax)
						if copyRows != nil {
							if v, ok := buildPGVectors(docs[i]); ok {
								vecs[i] = v
							}
						}
					}
				}(w)
			}
			wg.Wait()
			var rows [][]any
			for i, p := range ps {
				if v := vecs[i]; v != nil {
					rows = append(rows, []any{p.PK, v.doc, v.name, v.summary})
					continue
				}
				d := docs[i]
				if err := tx.Exec(ss.indexInsert, p.PK, d.Name, d.Summary, d.Extra, d.Description).Error; err != nil {
					return fmt.Errorf("index program %d: %w", p.PK, err)
				}
			}
			if len(rows) > 0 {
				if err := copyRows(ctx, "program_search", []string{"pk", "doc", "name_v", "summary_v"}, pgx.CopyFromRows(rows)); err != nil {
					return fmt.Errorf("index programs: %w", err)
				}
			}
			total += len(ps)
		}
		if ss.optimize != "" {
			if err := tx.Exec(ss.optimize).Error; err != nil {
				return fmt.Errorf("compact the search index: %w", err)
			}
		}
		if err := tx.Exec("UPDATE search_state SET reindex = 0 WHERE id = 1").Error; err != nil {
			return err
		}
		return s.programChanged(tx, 0)
	}
	if s.dialect.name() == "postgres" {
		// COPY goes through the transaction's own connection (connCopier).
		err = s.db.WithContext(ctx).Connection(func(c *gorm.DB) error {
			conn, ok := c.Statement.ConnPool.(*sql.Conn)
			if !ok {
				return errors.New("a database connection is needed")
			}
			return c.Transaction(func(tx *gorm.DB) error { return work(tx, connCopier(conn)) })
		})
	} else {
		err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return work(tx, nil) })
	}
	if err != nil {
		return 0, fmt.Errorf("models: rebuild search index: %w", err)
	}
	return total, nil
}
