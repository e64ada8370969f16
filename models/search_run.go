package models

import (
	"context"
	"database/sql"
	"fmt"

	"gorm.io/gorm"
)

// defaultRankLimit is how many matches the database ranks exactly (bm25
// in SQLite, ts_rank in PostgreSQL) for one search. Ranking costs about a
// microsecond a match, so a word found in 90,000 programs would cost 70
// ms and more; beyond the limit a result is ordered in tiers instead (see
// rankPage).
const defaultRankLimit = 4000

// search returns the store's in-memory search index.
func (s *Store) searchIndex() *searchIndex {
	s.searchOnce.Do(func() { s.search = newSearchIndex(s.dialect.nameKey) })
	return s.search
}

func (s *Store) rankLimitOr() int {
	if s.rankLimit > 0 {
		return s.rankLimit
	}
	return defaultRankLimit
}

// SearchPrograms runs a search: one page of programs in the chosen order,
// the total, and for every facet group the number of results each value
// would give (counted with every other filter applied, since values of one
// group combine with OR).
//
// The text part runs in the database (the dialect's text index); the
// filters, the counts and the orders run on the in-memory searchIndex,
// brought up to the database's search version first, in the same
// snapshot as the text match.
func (s *Store) SearchPrograms(ctx context.Context, p SearchParams) (*SearchResult, error) {
	res := &SearchResult{Page: p.Page, PerPage: PerPage}
	ix := s.searchIndex()
	var pks []int64
	err := s.readSnapshot(ctx, func(tx *gorm.DB) error {
		var version int64
		if err := tx.Raw("SELECT version FROM search_state WHERE id = 1").Scan(&version).Error; err != nil {
			return fmt.Errorf("read search version: %w", err)
		}
		if err := ix.sync(tx, version); err != nil {
			return err
		}
		ix.mu.RLock()
		defer ix.mu.RUnlock()
		var err error
		pks, err = s.evaluate(tx, ix, p, res)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("models: search: %w", err)
	}
	if err := s.loadHits(ctx, res, pks, p.terms); err != nil {
		return nil, err
	}
	return res, nil
}

// readSnapshot runs fn in a read-only transaction on the public reader,
// so the search version and the text match come from one snapshot.
func (s *Store) readSnapshot(ctx context.Context, fn func(tx *gorm.DB) error) error {
	var opts *sql.TxOptions
	if s.dialect.name() == "postgres" {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	return s.reader().WithContext(ctx).Transaction(fn, opts)
}

// sync brings the index up to version.
func (ix *searchIndex) sync(tx *gorm.DB, version int64) error {
	ix.mu.RLock()
	current := ix.loaded && ix.version >= version
	ix.mu.RUnlock()
	if current {
		return nil
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.loaded && ix.version >= version {
		return nil
	}
	return ix.catchUp(tx, version)
}

// evaluate computes the total, the facets and the pks of the page.
func (s *Store) evaluate(tx *gorm.DB, ix *searchIndex, p SearchParams, res *SearchResult) ([]int64, error) {
	n := len(ix.docs)
	base := getBitmap(n)
	defer putBitmap(base)
	ss := s.dialect.searchSQL()
	if len(p.terms) > 0 {
		if err := ix.matchInto(tx, ss.matchList, ss.matchArg(p.terms), base); err != nil {
			return nil, err
		}
	} else {
		copy(base, ix.alive)
	}
	baseN := base.count()
	fs := ix.filters(p)
	defer func() {
		for _, f := range fs {
			putBitmap(f.pass)
		}
	}()
	result := getBitmap(n)
	defer putBitmap(result)
	copy(result, base)
	for _, f := range fs {
		result.and(f.pass)
	}
	res.Total = result.count()
	res.Pages = (res.Total + PerPage - 1) / PerPage
	res.Facets = ix.facetCounts(base, baseN, fs)

	offset := (p.Page - 1) * PerPage
	var docs []uint32
	switch sortBy := p.EffectiveSort(); {
	case offset >= res.Total:
	case sortBy == SortRelevance && len(p.terms) > 0:
		var err error
		docs, err = s.rankPage(tx, ix, p, baseN, result, res.Total, offset)
		if err != nil {
			return nil, err
		}
	case sortBy == SortVerified:
		docs = ix.pageInOrder(orderVerified, result, res.Total, offset, PerPage)
	default:
		docs = ix.pageInOrder(orderName, result, res.Total, offset, PerPage)
	}
	pks := make([]int64, len(docs))
	for i, d := range docs {
		pks[i] = ix.docs[d].pk
	}
	return pks, nil
}

// matchInto sets in b the documents whose pk the list query returns.
func (ix *searchIndex) matchInto(tx *gorm.DB, query, arg string, b bitmap) error {
	var list string
	if err := tx.Raw(query, arg).Row().Scan(&list); err != nil {
		return fmt.Errorf("match text: %w", err)
	}
	var pk int64
	digits := false
	flush := func() {
		if digits {
			if d, ok := ix.byPK.get(pk); ok {
				b.set(d)
			}
		}
		pk, digits = 0, false
	}
	for i := 0; i < len(list); i++ {
		if c := list[i]; c >= '0' && c <= '9' {
			pk = pk*10 + int64(c-'0')
			digits = true
		} else {
			flush()
		}
	}
	flush()
	return nil
}

// rankPage orders the result of a text search by relevance and returns
// one page of it.
//
// When the words match at most rankLimit programs, the database ranks
// them all (bm25 with name ≫ summary ≫ extra ≫ description). Beyond
// that, ranking every match would cost more than the whole search may, so
// the result is ordered in tiers, as README promises: programs with a
// word in their name, then in their summary, then the others; within a
// tier the shorter listing first, which is what bm25 makes of a word
// found once in a field. Only the tiers the page reaches are read.
func (s *Store) rankPage(tx *gorm.DB, ix *searchIndex, p SearchParams, matches int, result bitmap, total, offset int) ([]uint32, error) {
	ss := s.dialect.searchSQL()
	if matches <= s.rankLimitOr() {
		rows, err := tx.Raw(ss.rankList, ss.matchArg(p.terms)).Rows()
		if err != nil {
			return nil, fmt.Errorf("rank: %w", err)
		}
		defer rows.Close()
		scores := make(map[uint32]float64, matches)
		for rows.Next() {
			var pk int64
			var score float64
			if err := rows.Scan(&pk, &score); err != nil {
				return nil, fmt.Errorf("rank: %w", err)
			}
			if d, ok := ix.byPK.get(pk); ok {
				scores[d] = score
			}
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("rank: %w", err)
		}
		return ix.pageByScore(result, scores, offset, PerPage), nil
	}
	var docs []uint32
	skip, need := offset, PerPage
	done := getBitmap(len(ix.docs)) // the documents of the tiers so far
	defer putBitmap(done)
	tier := getBitmap(len(ix.docs))
	defer putBitmap(tier)
	for t := fieldName; t <= fieldSummary+1 && need > 0; t++ {
		clear(tier)
		if t <= fieldSummary {
			if err := ix.matchInto(tx, ss.matchList, ss.fieldArg(p.terms, t), tier); err != nil {
				return nil, err
			}
			tier.and(result)
		} else {
			copy(tier, result)
		}
		tier.andNot(done)
		n := tier.count()
		if skip >= n {
			skip -= n
		} else {
			got := ix.pageInOrder(orderLength, tier, n, skip, need)
			docs = append(docs, got...)
			need -= len(got)
			skip = 0
		}
		for i := range done {
			done[i] |= tier[i]
		}
	}
	return docs, nil
}
