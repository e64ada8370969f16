package models

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
)

// searchIndex is the part of search that lives in memory: every published
// program as a dense document number, the documents of each facet value
// (a docSet), and the programs in each sort order. Filters, totals, facet
// counts and non-text orders are computed from it without touching the
// database; the database keeps the text index (FTS5 or tsvector, behind
// the dialect) and is the only source of truth.
//
// It is derived data, so it must never be stale: every write of a program
// bumps search_state.version in the writer's transaction
// (Store.programChanged), and every search reads that version in the same
// snapshot as its text match. An index behind it catches up from
// search_changes (the programs changed since), or is rebuilt when too much
// changed. Several instances on one database each keep their own index
// and all follow the same version row.
type searchIndex struct {
	mu      sync.RWMutex
	loaded  bool
	version int64

	docs []indexDoc // by document number; a dropped program leaves a hole (pk 0)
	// text and valIDs hold the documents' names and facet values, which
	// indexDoc refers to by offset: a document then has no pointer, so
	// the collector never visits the 100,000s of them (before: three
	// objects a document, half of all it marked under load). A replaced
	// or dropped document leaves its bytes behind until the next build.
	text    []byte
	valIDs  []uint16
	garbage int    // bytes of text and valIDs left behind; compact clears them
	alive   bitmap // the documents of published programs
	live    int
	byPK    pkIndex
	values  []*facetValue
	// cities are the values of the city facet, the largest first as of
	// the last build (facetCounts' order of visit; new ones at the end).
	cities []uint16
	lookup [numFacetGroups]map[string]uint16 // facet value key → index in values
	orders [numOrders][]uint32               // live documents in each order
	// ranks[o][d] is a key of live document d that grows along orders[o]
	// (spaced out, so that a document put in between takes a key in the
	// gap and no other changes): a small result is put in order by
	// sorting these integers rather than by comparing names.
	ranks [numOrders][]uint32
	// nameKey is how the database compares names (SQLite's NOCASE,
	// PostgreSQL's lower()), so "sort by name" keeps its meaning.
	nameKey func(string) string
}

// indexDoc is what search needs to know of one program. It holds no
// pointer (see searchIndex.text).
type indexDoc struct {
	pk       int64
	name     span  // relevance ties break on the name as stored
	nameKey  span  // the name as the database sorts it; often name itself
	vals     span  // its facet values, in valIDs
	verified int32 // days since 1970, or -1 when never verified
	length   int32 // characters of name, summary, description and eligibility
	ageMin   int16 // -1: no minimum
	ageMax   int16 // -1: no maximum
}

// span is a run of searchIndex.text or valIDs.
type span struct{ off, n uint32 }

func (ix *searchIndex) nameOf(d uint32) []byte {
	sp := ix.docs[d].name
	return ix.text[sp.off : sp.off+sp.n]
}

func (ix *searchIndex) nameKeyOf(d uint32) []byte {
	sp := ix.docs[d].nameKey
	return ix.text[sp.off : sp.off+sp.n]
}

// valsOf returns the facet values of document d.
func (ix *searchIndex) valsOf(d uint32) []uint16 {
	sp := ix.docs[d].vals
	return ix.valIDs[sp.off : sp.off+sp.n]
}

// addText stores s in ix.text.
func (ix *searchIndex) addText(s string) span {
	if len(ix.text)+len(s) > math.MaxUint32 {
		panic("models: search index: more than 4 GiB of names")
	}
	sp := span{uint32(len(ix.text)), uint32(len(s))}
	ix.text = append(ix.text, s...)
	return sp
}

// facetValue is one value of a facet group and the documents that have it.
type facetValue struct {
	group   int
	key     string // slug, code, or a city's cityKey
	display string // what the facet shows: the key, or a city as spelt
	set     docSet
}

// cityKey is what the city filter and facet compare: the name without
// case or accents, as the text search reads words, so "Liege" finds
// "Liège", "koln" "Köln" and "Munchen" "München", and "Liège" and
// "Liege" written by two organisations are one city. It is computed in
// Go, so SQLite (whose lower() folds ASCII only) and PostgreSQL agree.
func cityKey(name string) string { return foldWord(strings.TrimSpace(name)) }

// shownBefore says whether a is the spelling a facet shows rather than b,
// both spellings of one value: for a city the one with more letters
// beyond ASCII ("Liège" rather than "Liege": an accent is left out far
// more often than added), then the first in order, as min() in SQL.
func shownBefore(a, b string) bool {
	if na, nb := nonASCII(a), nonASCII(b); na != nb {
		return na > nb
	}
	return a < b
}

func nonASCII(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			n++
		}
	}
	return n
}

const numFacetGroups = 8 // len(FacetGroups)

// cityGroup is the city facet's place in FacetGroups; it shows the
// cityFacetLimit cities with the most programs.
const (
	cityGroup      = 5
	cityFacetLimit = 30
)

// facetGroupIndex maps FacetGroups names to their position.
var facetGroupIndex = func() map[string]int {
	m := map[string]int{}
	for i, g := range FacetGroups {
		m[g] = i
	}
	return m
}()

// The orders of the index.
const (
	orderName     = iota // name without case, then pk (sort=name)
	orderVerified        // verified most recently first, never last (sort=verified)
	orderLength          // shortest listing first: relevance within a tier of a large result
	numOrders
)

// maxChangesToApply bounds a catch-up: beyond it, a rebuild is cheaper.
const maxChangesToApply = 2000

// changeLogKeep is how many versions search_changes keeps; an index
// further behind is rebuilt.
const changeLogKeep = 4096

func newSearchIndex(nameKey func(string) string) *searchIndex {
	return &searchIndex{nameKey: nameKey}
}

func (ix *searchIndex) reset() {
	ix.docs, ix.alive, ix.live = nil, nil, 0
	ix.text, ix.valIDs, ix.garbage = nil, nil, 0
	ix.byPK = pkIndex{}
	ix.values, ix.cities = nil, nil
	for g := range ix.lookup {
		ix.lookup[g] = map[string]uint16{}
	}
	for o := range ix.orders {
		ix.orders[o] = nil
		ix.ranks[o] = nil
	}
}

// less says whether document a comes before b in order o.
func (ix *searchIndex) less(o int, a, b uint32) bool {
	return ix.compare(o, a, b) < 0
}

func (ix *searchIndex) compare(o int, a, b uint32) int {
	da, db := &ix.docs[a], &ix.docs[b]
	switch o {
	case orderVerified:
		if (da.verified < 0) != (db.verified < 0) {
			if da.verified < 0 {
				return 1
			}
			return -1
		}
		if c := cmp.Compare(db.verified, da.verified); c != 0 {
			return c
		}
	case orderLength:
		if c := cmp.Compare(da.length, db.length); c != 0 {
			return c
		}
	}
	if c := bytes.Compare(ix.nameKeyOf(a), ix.nameKeyOf(b)); c != 0 {
		return c
	}
	return cmp.Compare(da.pk, db.pk)
}

// docRow is a published program as the index loads it.
type docRow struct {
	pk                    int64
	name                  string
	verified              string
	level, delivery, cost string
	ageMin, ageMax        int
	length                int
	themes, audiences     []string
	languages             []string
	places                [][2]string // country, city
}

// put adds or replaces a published program. With ordered false the
// orders are left for sortOrders (a bulk load).
func (ix *searchIndex) put(r *docRow, ordered bool) {
	d, exists := ix.byPK.get(r.pk)
	if exists {
		ix.drop(r.pk) // and take its place again
	} else {
		d = uint32(len(ix.docs))
		ix.docs = append(ix.docs, indexDoc{})
		if len(ix.alive) < (len(ix.docs)+63)/64 {
			ix.alive = append(ix.alive, 0)
		}
	}
	doc := indexDoc{pk: r.pk, name: ix.addText(r.name), verified: -1,
		length: int32(r.length), ageMin: int16(r.ageMin), ageMax: int16(r.ageMax)}
	if key := ix.nameKey(r.name); key == r.name {
		doc.nameKey = doc.name
	} else {
		doc.nameKey = ix.addText(key)
	}
	var vals []uint16 // this document's values, then copied to ix.valIDs
	if t, err := time.Parse(time.DateOnly, r.verified); err == nil {
		doc.verified = int32(t.Unix() / 86400)
	}
	add := func(group int, key, display string) {
		if key == "" {
			return
		}
		id, ok := ix.lookup[group][key]
		if !ok {
			if len(ix.values) >= 1<<16-1 {
				return // more distinct values than any facet shows
			}
			id = uint16(len(ix.values))
			ix.values = append(ix.values, &facetValue{group: group, key: key, display: display})
			ix.lookup[group][key] = id
			if group == cityGroup {
				ix.cities = append(ix.cities, id)
			}
		}
		if v := ix.values[id]; display != v.display && shownBefore(display, v.display) {
			v.display = display
		}
		if !slices.Contains(vals, id) {
			vals = append(vals, id)
		}
	}
	for _, t := range r.themes {
		add(0, t, t)
	}
	for _, a := range r.audiences {
		add(1, a, a)
	}
	add(2, r.level, r.level)
	for _, l := range r.languages {
		add(3, l, l)
	}
	for _, pl := range r.places {
		add(4, pl[0], pl[0])
		add(5, cityKey(pl[1]), pl[1])
	}
	add(6, r.delivery, r.delivery)
	add(7, r.cost, r.cost)
	doc.vals = span{uint32(len(ix.valIDs)), uint32(len(vals))}
	ix.valIDs = append(ix.valIDs, vals...)
	ix.docs[d] = doc
	ix.alive.set(d)
	ix.live++
	ix.byPK.set(r.pk, d)
	for _, id := range vals {
		ix.values[id].set.add(d, len(ix.docs))
	}
	if !ordered {
		return
	}
	ix.compact()
	for o := range ix.orders {
		i, _ := slices.BinarySearchFunc(ix.orders[o], d, func(x, y uint32) int { return ix.compare(o, x, y) })
		ix.orders[o] = slices.Insert(ix.orders[o], i, d)
		if need := len(ix.docs) - len(ix.ranks[o]); need > 0 {
			ix.ranks[o] = append(ix.ranks[o], make([]uint32, need)...)
		}
		ix.rankAt(o, i)
	}
}

// rankAt gives the document at position i of order o a key between its
// neighbours', or numbers the whole order again when they have no gap.
func (ix *searchIndex) rankAt(o, i int) {
	order, rank := ix.orders[o], ix.ranks[o]
	lo, hi := uint64(0), uint64(math.MaxUint32)
	if i > 0 {
		lo = uint64(rank[order[i-1]])
	}
	if i+1 < len(order) {
		hi = uint64(rank[order[i+1]])
	}
	if hi-lo < 2 {
		ix.renumber(o)
		return
	}
	rank[order[i]] = uint32(lo + (hi-lo)/2)
}

// renumber gives the documents of order o keys evenly spaced over the
// range of uint32, in order.
func (ix *searchIndex) renumber(o int) {
	order, rank := ix.orders[o], ix.ranks[o]
	step := uint64(math.MaxUint32) / uint64(len(order)+1)
	for j, d := range order {
		rank[d] = uint32(uint64(j+1) * step)
	}
}

// position finds document d in order o by its key, or -1.
func (ix *searchIndex) position(o int, d uint32) int {
	rank := ix.ranks[o]
	if int(d) >= len(rank) {
		return -1 // a bulk load: no orders yet (sortOrders)
	}
	i, found := slices.BinarySearchFunc(ix.orders[o], rank[d], func(x, r uint32) int { return cmp.Compare(rank[x], r) })
	if !found || ix.orders[o][i] != d {
		return -1
	}
	return i
}

// drop removes a program that is no longer published (or was never).
func (ix *searchIndex) drop(pk int64) {
	d, ok := ix.byPK.get(pk)
	if !ok {
		return
	}
	for o := range ix.orders {
		if i := ix.position(o, d); i >= 0 {
			ix.orders[o] = slices.Delete(ix.orders[o], i, i+1) // the others' keys stay in order
		}
	}
	for _, id := range ix.valsOf(d) {
		ix.values[id].set.remove(d)
	}
	ix.alive.clear(d)
	ix.live--
	ix.byPK.del(pk)
	ix.garbage += ix.size(d)
	ix.docs[d] = indexDoc{}
}

// size is what document d holds in text and valIDs, in bytes.
func (ix *searchIndex) size(d uint32) int {
	doc := &ix.docs[d]
	n := int(doc.name.n) + 2*int(doc.vals.n)
	if doc.nameKey != doc.name {
		n += int(doc.nameKey.n)
	}
	return n
}

// compact copies what live documents hold in text and valIDs into new
// arrays, once more than half of them was left behind by updates.
func (ix *searchIndex) compact() {
	if ix.garbage < 1<<16 || ix.garbage < (len(ix.text)+2*len(ix.valIDs))/2 {
		return
	}
	text := make([]byte, 0, len(ix.text)-ix.garbage/2)
	vals := make([]uint16, 0, len(ix.valIDs))
	for d := range ix.docs {
		doc := &ix.docs[d]
		if doc.pk == 0 {
			continue
		}
		same := doc.nameKey == doc.name
		n := span{uint32(len(text)), doc.name.n}
		text = append(text, ix.text[doc.name.off:doc.name.off+doc.name.n]...)
		if same {
			doc.nameKey = n
		} else {
			k := span{uint32(len(text)), doc.nameKey.n}
			text = append(text, ix.text[doc.nameKey.off:doc.nameKey.off+doc.nameKey.n]...)
			doc.nameKey = k
		}
		doc.name = n
		v := span{uint32(len(vals)), doc.vals.n}
		vals = append(vals, ix.valIDs[doc.vals.off:doc.vals.off+doc.vals.n]...)
		doc.vals = v
	}
	ix.text, ix.valIDs, ix.garbage = text, vals, 0
}

// sortOrders sorts every order from scratch, after a bulk load.
func (ix *searchIndex) sortOrders() {
	slices.SortStableFunc(ix.cities, func(a, b uint16) int { return cmp.Compare(ix.values[b].set.n, ix.values[a].set.n) })
	for o := range ix.orders {
		list := make([]uint32, 0, ix.live)
		ix.alive.each(func(d uint32) bool { list = append(list, d); return true })
		slices.SortFunc(list, func(a, b uint32) int { return ix.compare(o, a, b) })
		ix.orders[o] = list
		ix.ranks[o] = make([]uint32, len(ix.docs))
		ix.renumber(o)
	}
}

// The queries that load the index. They read only committed, published
// data and work on every dialect.
const (
	indexProgramsSQL = `SELECT pk, name, COALESCE(last_verified, ''), level, delivery, cost,
		COALESCE(age_min, -1), COALESCE(age_max, -1),
		length(name) + length(summary) + length(description) + length(eligibility)
		FROM programs WHERE status = 'published'`
	indexLinksSQL = `SELECT program_pk, %s FROM %s`
	indexPlaceSQL = `SELECT program_pk, country, city FROM locations`
)

// build loads the whole index from the database, in tx's snapshot.
func (ix *searchIndex) build(tx *gorm.DB, version int64) error {
	rows, err := loadDocRows(tx, "", nil)
	if err != nil {
		return err
	}
	ix.reset()
	for i := range rows {
		ix.put(&rows[i], false)
	}
	ix.sortOrders()
	ix.version = version
	ix.loaded = true
	return nil
}

// loadDocRows reads published programs with their links and places: all
// of them, or those whose pk is in pks (where is then "pk IN ?").
func loadDocRows(tx *gorm.DB, where string, pks []int64) ([]docRow, error) {
	progSQL, args := indexProgramsSQL, []any{}
	linkWhere, placeWhere := "", ""
	if where != "" {
		progSQL += " AND pk IN ?"
		args = append(args, pks)
		linkWhere, placeWhere = " WHERE program_pk IN ?", " WHERE program_pk IN ?"
	}
	rs, err := tx.Raw(progSQL, args...).Rows()
	if err != nil {
		return nil, fmt.Errorf("models: load search index: %w", err)
	}
	var out []docRow
	at := map[int64]int{}
	for rs.Next() {
		var r docRow
		if err := rs.Scan(&r.pk, &r.name, &r.verified, &r.level, &r.delivery, &r.cost, &r.ageMin, &r.ageMax, &r.length); err != nil {
			rs.Close()
			return nil, fmt.Errorf("models: load search index: %w", err)
		}
		at[r.pk] = len(out)
		out = append(out, r)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("models: load search index: %w", err)
	}
	for _, l := range []struct {
		table, col string
		dst        func(*docRow) *[]string
	}{
		{"program_themes", "slug", func(r *docRow) *[]string { return &r.themes }},
		{"program_audiences", "slug", func(r *docRow) *[]string { return &r.audiences }},
		{"program_languages", "code", func(r *docRow) *[]string { return &r.languages }},
	} {
		rs, err := tx.Raw(fmt.Sprintf(indexLinksSQL, l.col, l.table)+linkWhere, args...).Rows()
		if err != nil {
			return nil, fmt.Errorf("models: load search index: %w", err)
		}
		for rs.Next() {
			var pk int64
			var v string
			if err := rs.Scan(&pk, &v); err != nil {
				rs.Close()
				return nil, fmt.Errorf("models: load search index: %w", err)
			}
			if i, ok := at[pk]; ok {
				d := l.dst(&out[i])
				*d = append(*d, v)
			}
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return nil, fmt.Errorf("models: load search index: %w", err)
		}
	}
	rs, err = tx.Raw(indexPlaceSQL+placeWhere, args...).Rows()
	if err != nil {
		return nil, fmt.Errorf("models: load search index: %w", err)
	}
	defer rs.Close()
	for rs.Next() {
		var pk int64
		var country, city string
		if err := rs.Scan(&pk, &country, &city); err != nil {
			return nil, fmt.Errorf("models: load search index: %w", err)
		}
		if i, ok := at[pk]; ok {
			out[i].places = append(out[i].places, [2]string{country, city})
		}
	}
	return out, rs.Err()
}

// changedSince reads search_changes from version from (excluded) to to:
// the programs changed, each once, in order, and whether only a rebuild
// brings a copy up to date (a change of everything, pk 0, or a log that
// no longer reaches back: a version missing).
func changedSince(tx *gorm.DB, from, to int64) (pks []int64, whole bool, err error) {
	rs, err := tx.Raw("SELECT version, program_pk FROM search_changes WHERE version > ? AND version <= ? ORDER BY version",
		from, to).Rows()
	if err != nil {
		return nil, false, fmt.Errorf("models: read search changes: %w", err)
	}
	defer rs.Close()
	seen := map[int64]bool{}
	next := from + 1
	for rs.Next() {
		var v, pk int64
		if err := rs.Scan(&v, &pk); err != nil {
			return nil, false, fmt.Errorf("models: read search changes: %w", err)
		}
		whole = whole || v > next || pk == 0
		next = v + 1
		if !seen[pk] {
			seen[pk] = true
			pks = append(pks, pk)
		}
	}
	if err := rs.Err(); err != nil {
		return nil, false, fmt.Errorf("models: read search changes: %w", err)
	}
	return pks, whole || next != to+1, nil
}

// catchUp brings a loaded index to version, applying the programs changed
// since, or rebuilding it when that is cheaper or the log no longer
// reaches back far enough.
func (ix *searchIndex) catchUp(tx *gorm.DB, version int64) error {
	if !ix.loaded {
		return ix.build(tx, version)
	}
	pks, whole, err := changedSince(tx, ix.version, version)
	if err != nil {
		return err
	}
	if whole || len(pks) > maxChangesToApply {
		return ix.build(tx, version)
	}
	rows, err := loadDocRows(tx, "pk IN ?", pks)
	if err != nil {
		return err
	}
	published := map[int64]bool{}
	for i := range rows {
		published[rows[i].pk] = true
		ix.put(&rows[i], true)
	}
	for _, pk := range pks {
		if !published[pk] {
			ix.drop(pk)
		}
	}
	ix.version = version
	return nil
}

// programChanged records, in the writer's transaction, that the program
// pk changed (published, updated, archived, restored, verified): it bumps
// search_state.version and logs pk in search_changes, so the in-memory
// search index of every instance on this database catches up before its
// next search. pk 0 means every program (a bulk import).
//
// Every write of a program must call it. reindex does, so saveDraft,
// saveProgram and SetProgramStatus are covered; a new write path that
// does not go through reindex calls it itself, in its transaction.
func (s *Store) programChanged(tx *gorm.DB, pk int64) error {
	if err := tx.Exec("UPDATE search_state SET version = version + 1 WHERE id = 1").Error; err != nil {
		return fmt.Errorf("models: bump search version: %w", err)
	}
	var v int64
	if err := tx.Raw("SELECT version FROM search_state WHERE id = 1").Scan(&v).Error; err != nil {
		return fmt.Errorf("models: read search version: %w", err)
	}
	if err := tx.Exec("INSERT INTO search_changes (version, program_pk) VALUES (?, ?)", v, pk).Error; err != nil {
		return fmt.Errorf("models: log search change: %w", err)
	}
	if v%256 == 0 {
		if err := tx.Exec("DELETE FROM search_changes WHERE version < ?", v-changeLogKeep).Error; err != nil {
			return fmt.Errorf("models: prune search changes: %w", err)
		}
	}
	return nil
}
