package models

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"

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
	s.searchOnce.Do(func() {
		s.search = newSearchIndex(s.dialect.nameKey)
		s.matches = newLRU(matchCacheBytes)
		s.results = newLRU(resultCacheBytes)
	})
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
	if p.Page < 1 { // ParseSearchParams never gives one; a caller in Go might
		p.Page = 1
	}
	res := &SearchResult{Page: p.Page, PerPage: p.pageSize(), Unsearched: p.cut}
	ix := s.searchIndex()
	key := resultKey(p)
	if r, ok := s.cachedResult(ctx, key); ok {
		return r, nil
	}
	var pks []int64
	var version int64
	var cached *SearchResult
	typed := p // its words before evaluate leaves any out
	err := s.readSnapshot(ctx, func(tx *gorm.DB) error {
		if err := tx.Raw("SELECT version FROM search_state WHERE id = 1").Scan(&version).Error; err != nil {
			return fmt.Errorf("read search version: %w", err)
		}
		if r, ok := s.results.get(version, key); ok {
			cached = r.(*SearchResult)
			return nil
		}
		if err := ix.sync(tx, version); err != nil {
			return err
		}
		if setup := s.dialect.searchSQL().textSetup; setup != "" && len(p.terms) > 0 {
			if err := tx.Exec(setup).Error; err != nil {
				return fmt.Errorf("search setup: %w", err)
			}
		}
		budget := maxExistenceQueries
		if err := s.withJoins(tx, version, &p, &budget); err != nil {
			return err
		}
		if err := s.withSplits(tx, version, &p, &budget); err != nil {
			return err
		}
		res.Unsearched = p.cut
		ix.mu.RLock()
		defer ix.mu.RUnlock()
		s.matches.setMax(matchBudget(len(ix.docs)))
		var err error
		pks, err = s.evaluate(tx, ix, version, &p, res)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("models: search: %w", err)
	}
	if cached != nil {
		return cached, nil
	}
	if err := s.loadHits(ctx, res, pks, p.terms); err != nil {
		return nil, err
	}
	// Only a search that found nothing, or left words out, looks for a
	// correction: a search that finds programs with all its words pays
	// nothing for it.
	if !p.noSuggest && (res.Total == 0 || len(res.Missing) > 0) {
		if res.Suggestion, err = s.suggest(ctx, typed); err != nil {
			return nil, err
		}
	}
	s.results.put(version, key, res, resultSize(res))
	return res, nil
}

// cachedResult answers a search asked again from the cache of whole
// results, with one query for the version and no transaction: a single
// statement reads one snapshot, which is all a cached result needs. A
// search that is not in the cache goes straight to the transaction, so
// a new search pays nothing for this. (The transaction, through gorm,
// was a sixth of a repeated search page's time.)
func (s *Store) cachedResult(ctx context.Context, key string) (*SearchResult, bool) {
	at, ok := s.results.peek(key)
	if !ok {
		return nil, false
	}
	db, err := s.reader().DB()
	if err != nil {
		return nil, false
	}
	var version int64
	if err := db.QueryRowContext(ctx, "SELECT version FROM search_state WHERE id = 1").Scan(&version); err != nil || version != at {
		return nil, false // the transaction reads it again, and says what went wrong
	}
	r, ok := s.results.get(version, key)
	if !ok {
		return nil, false
	}
	return r.(*SearchResult), true
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

// evaluate computes the total, the facets and the pks of the page. When
// no program has every word, it searches for the words programs have
// together instead (mostWords), and leaves in p.terms the words it kept.
func (s *Store) evaluate(tx *gorm.DB, ix *searchIndex, version int64, p *SearchParams, res *SearchResult) ([]int64, error) {
	n := len(ix.docs)
	fs := ix.filters(*p)
	defer func() {
		for _, f := range fs {
			putBitmap(f.pass)
		}
	}()
	base := getBitmap(n)
	defer putBitmap(base)
	if len(p.terms) > 0 {
		if err := s.textMatch(tx, ix, version, p.terms, base); err != nil {
			return nil, err
		}
		var within bitmap // what the filters let through, if any
		if len(p.terms) > 1 && len(fs) > 0 {
			within = getBitmap(n)
			defer putBitmap(within)
			copy(within, ix.alive)
			for _, f := range fs {
				within.and(f.pass)
			}
		}
		// No program with every word, or none the filters let through:
		// the words programs have together, within the filters.
		everyWord := base.count() > 0 // some program has every word
		if len(p.terms) > 1 && (!everyWord || within != nil && base.andCount(within) == 0) &&
			(within == nil || within.count() > 0) { // no filter that lets nothing through

			fewer := getBitmap(n)
			defer putBitmap(fewer)
			kept, err := s.mostWords(tx, ix, version, p.terms, within, fewer)
			if err != nil {
				return nil, err
			}
			// Nothing found with fewer words either: the match of every
			// word stays, for the facets' counts (what other filters
			// would find).
			if kept != nil {
				copy(base, fewer)
				res.MissingForFilters = everyWord
				for _, t := range p.terms {
					if !slices.ContainsFunc(kept, func(k queryTerm) bool { return k.Word == t.Word && k.Prefix == t.Prefix }) {
						res.Missing = append(res.Missing, cmp.Or(t.Typed, t.Orig, t.Word))
					}
				}
				p.terms = kept
			}
		}
	} else {
		copy(base, ix.alive)
	}
	baseN := base.count()
	result := getBitmap(n)
	defer putBitmap(result)
	copy(result, base)
	for _, f := range fs {
		result.and(f.pass)
	}
	res.Total = result.count()
	per := p.pageSize()
	res.Pages = (res.Total + per - 1) / per
	res.Facets = ix.facetCounts(base, baseN, fs)
	asAsked(res.Facets["city"], p.Filters["city"])

	offset := (p.Page - 1) * per
	var docs []uint32
	switch sortBy := p.EffectiveSort(); {
	case offset >= res.Total:
	case sortBy == SortRelevance && len(p.terms) > 0:
		var err error
		docs, err = s.rankPage(tx, ix, version, *p, baseN, result, offset)
		if err != nil {
			return nil, err
		}
	case sortBy == SortVerified:
		docs = ix.pageInOrder(orderVerified, result, res.Total, offset, per)
	default:
		docs = ix.pageInOrder(orderName, result, res.Total, offset, per)
	}
	pks := make([]int64, len(docs))
	for i, d := range docs {
		pks[i] = ix.docs[d].pk
	}
	return pks, nil
}

// asAsked shows a selected city as the filter spells it ("Liege", when
// the facet would say "Liège"), so the page finds the value it selected
// among the facet's and offers to remove it, rather than listing the
// city twice. Only the selected cities are folded: a few per search.
func asAsked(cities []FacetCount, selected []string) {
	for _, sel := range selected {
		key := cityKey(sel)
		for i := range cities {
			if cities[i].Value != sel && cityKey(cities[i].Value) == key {
				cities[i].Value = sel
				break
			}
		}
	}
}

// textMatch sets in b the documents that match every term. A word
// searched alone is cached on its own, and a search of several words
// whose words are all in the cache ANDs them in memory; otherwise the
// text index is asked for all the words together, and the answer cached
// under them all. Asking only for the words missing from the cache made
// the cost of a search depend on what other searches had asked before:
// "support hear" with "hear" cached asked for "support" alone, 86,000
// programs (73 ms on PostgreSQL, which visits each match's row), where
// both words together are a few hundred (5 ms).
func (s *Store) textMatch(tx *gorm.DB, ix *searchIndex, version int64, terms []queryTerm, b bitmap) error {
	ss := s.dialect.searchSQL()
	all := ss.matchArg(terms)
	if m, ok := s.matches.get(version, all); ok {
		m.(*matchSet).copyTo(b)
		return nil
	}
	have := make([]*matchSet, 0, len(terms))
	for _, t := range terms {
		m, ok := s.matches.get(version, ss.matchArg([]queryTerm{t}))
		if !ok {
			have = nil
			break
		}
		have = append(have, m.(*matchSet))
	}
	if len(have) == 0 {
		m, err := s.matching(tx, ix, version, all, ss.matchList, all)
		if err != nil {
			return err
		}
		have = append(have, m)
	}
	have[0].copyTo(b)
	for _, m := range have[1:] {
		m.andInto(b)
	}
	return nil
}

// mostWords is for a search of several words that no program has all
// of, or none that the filters let through ("hulp voor ouders van
// jongeren": no listing says "hulp"). Within is what the filters let
// through (nil: everything). It leaves out words until the rest find
// something together within the filters:
//   - first the words no program has at all, each found by an existence
//     query, without the match of each other word alone when the rest
//     then find something (a common word's every match is costly);
//   - then, one at a time, of the words whose leaving out finds
//     something (or of all, if none does), one that names no theme,
//     audience, country or city of the directory, and of those the
//     most common: the rarer a word, the more it says about what was
//     asked for ("youth mentoring Brussels" keeps "Brussels").
//
// It returns the words kept, with their match in b, or nil when no
// words find anything within the filters. Each word's match is the one
// a search of it alone uses (and caches); the rest is ANDs of bitmaps.
func (s *Store) mostWords(tx *gorm.DB, ix *searchIndex, version int64, terms []queryTerm, within, b bitmap) ([]queryTerm, error) {
	ss := s.dialect.searchSQL()
	found := func() int {
		if within == nil {
			return b.count()
		}
		return b.andCount(within)
	}
	// First the usual case, and the cheap one: words no program has at
	// all (a misspelling, a word in no listing). Asking whether a word
	// has one match is quick; its every match is not, for a common word
	// (tens of milliseconds, and more on PostgreSQL). If the other words
	// find something together, they are the answer.
	present := make([]queryTerm, 0, len(terms))
	for _, t := range terms {
		var one []int64
		if err := tx.Raw(ss.matchPKs+" LIMIT 1", ss.matchArg([]queryTerm{t})).Scan(&one).Error; err != nil {
			return nil, fmt.Errorf("match: %w", err)
		}
		if len(one) > 0 {
			present = append(present, t)
		}
	}
	switch {
	case len(present) == 0:
		clear(b)
		return nil, nil
	case len(present) < len(terms):
		if err := s.textMatch(tx, ix, version, present, b); err != nil {
			return nil, err
		}
		if found() > 0 {
			return present, nil
		}
	}
	// Each word found within the filters, with its match, how many
	// programs that is, and whether it names a theme, an audience, a
	// country or a city.
	type word struct {
		term     queryTerm
		set      *matchSet
		common   int
		labelled bool
	}
	var kept []word
	for _, t := range present {
		arg := ss.matchArg([]queryTerm{t})
		m, err := s.matching(tx, ix, version, arg, ss.matchList, arg)
		if err != nil {
			return nil, err
		}
		m.copyTo(b)
		if found() > 0 {
			_, city := ix.lookup[cityGroup][cityKey(cmp.Or(t.Typed, t.Orig))] // "Saint-Gilles", closed
			kept = append(kept, word{t, m, b.count(), city || placeAlts(t.Word) != nil || slices.ContainsFunc(t.tokens(), isLabelToken)})
		}
	}
	and := func(skip int) int {
		first := true
		for i, w := range kept {
			if i == skip {
				continue
			}
			if first {
				w.set.copyTo(b)
				first = false
			} else {
				w.set.andInto(b)
			}
		}
		return found()
	}
	for len(kept) > 0 {
		if and(-1) > 0 {
			terms := make([]queryTerm, len(kept))
			for i, w := range kept {
				terms[i] = w.term
			}
			return terms, nil
		}
		// The word to leave out: one whose leaving out finds something,
		// then one that names no label or place (the directory's own
		// words: "familles" finds the programs for families, so it is
		// common, yet it is what was asked for; so is a city), then the
		// most common.
		drop, finds := -1, false
		better := func(j int, f bool) bool {
			switch {
			case drop < 0:
				return true
			case f != finds:
				return f
			case kept[j].labelled != kept[drop].labelled:
				return !kept[j].labelled
			}
			return kept[j].common > kept[drop].common
		}
		for j := range kept {
			if f := and(j) > 0; better(j, f) {
				drop, finds = j, f
			}
		}
		kept = slices.Delete(kept, drop, drop+1)
	}
	clear(b)
	return nil, nil
}

// tierMatch sets in b the documents with any of the terms in one field,
// term by term from the cache as textMatch does.
func (s *Store) tierMatch(tx *gorm.DB, ix *searchIndex, version int64, terms []queryTerm, field int, b bitmap) error {
	ss := s.dialect.searchSQL()
	for _, t := range terms {
		arg := ss.fieldArg([]queryTerm{t}, field)
		m, err := s.matching(tx, ix, version, "field"+strconv.Itoa(field)+"\x00"+arg, ss.fieldList[field], arg)
		if err != nil {
			return err
		}
		m.orInto(b)
	}
	return nil
}

// matching returns the documents the text argument matches (with the
// list query, matchList or fieldList), from the cache under key or the
// text index. The set is shared: read it, never change it.
func (s *Store) matching(tx *gorm.DB, ix *searchIndex, version int64, key, query, arg string) (*matchSet, error) {
	if m, ok := s.matches.get(version, key); ok {
		return m.(*matchSet), nil
	}
	b := newBitmap(len(ix.docs))
	if err := ix.matchInto(tx, query, arg, b); err != nil {
		return nil, err
	}
	m := newMatchSet(b)
	s.matches.put(version, key, m, m.size()+int64(len(key)+64))
	return m, nil
}

// ranking returns the scores of every document the argument matches, from
// the cache or the text index.
func (s *Store) ranking(tx *gorm.DB, ix *searchIndex, version int64, arg string) (*rankList, error) {
	key := "rank\x00" + arg
	if r, ok := s.matches.get(version, key); ok {
		return r.(*rankList), nil
	}
	rows, err := tx.Raw(s.dialect.searchSQL().rankList, arg).Rows()
	if err != nil {
		return nil, fmt.Errorf("rank: %w", err)
	}
	defer rows.Close()
	r := &rankList{}
	for rows.Next() {
		var pk int64
		var score float64
		if err := rows.Scan(&pk, &score); err != nil {
			return nil, fmt.Errorf("rank: %w", err)
		}
		if d, ok := ix.byPK.get(pk); ok {
			r.docs = append(r.docs, d)
			r.scores = append(r.scores, score)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("rank: %w", err)
	}
	s.matches.put(version, key, r, int64(12*len(r.docs)+len(key)+64))
	return r, nil
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
func (s *Store) rankPage(tx *gorm.DB, ix *searchIndex, version int64, p SearchParams, matches int, result bitmap, offset int) ([]uint32, error) {
	ss := s.dialect.searchSQL()
	if matches <= s.rankLimitOr() {
		r, err := s.ranking(tx, ix, version, ss.matchArg(p.terms))
		if err != nil {
			return nil, err
		}
		scores := make(map[uint32]float64, len(r.docs))
		for i, d := range r.docs {
			scores[d] = r.scores[i]
		}
		// The same tiers as a large result's, bm25 within each: bm25 weighs
		// the name above the rest, but normalises by the whole document's
		// length and saturates, so a description that says "support" ten
		// times outranked "Disengagement Support Service" (an audit found
		// name matches 5th to 13th). The tiers' matches are cached per word.
		name, summary := getBitmap(len(ix.docs)), getBitmap(len(ix.docs))
		defer putBitmap(name)
		defer putBitmap(summary)
		if err := s.tierMatch(tx, ix, version, p.terms, fieldName, name); err != nil {
			return nil, err
		}
		if err := s.tierMatch(tx, ix, version, p.terms, fieldSummary, summary); err != nil {
			return nil, err
		}
		tierOf := func(d uint32) int {
			switch {
			case name.has(d):
				return 0
			case summary.has(d):
				return 1
			}
			return 2
		}
		return ix.pageByScore(result, scores, tierOf, offset, p.pageSize()), nil
	}
	var docs []uint32
	skip, need := offset, p.pageSize()
	done := getBitmap(len(ix.docs)) // the documents of the tiers so far
	defer putBitmap(done)
	tier := getBitmap(len(ix.docs))
	defer putBitmap(tier)
	for t := fieldName; t <= fieldSummary+1 && need > 0; t++ {
		clear(tier)
		if t <= fieldSummary {
			if err := s.tierMatch(tx, ix, version, p.terms, t, tier); err != nil {
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
