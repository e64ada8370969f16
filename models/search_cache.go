package models

import (
	"container/list"
	"fmt"
	"strings"
	"sync"
)

// Caches of derived search results. Each belongs to one search version:
// the first lookup at a newer version empties it, so a write anywhere —
// on this instance or another, which bump the same version row — is
// never hidden by a cached answer. Lookups at an older version (a
// snapshot taken before a write this instance has already seen) neither
// read nor fill the cache.
//
//   - matches: the documents a text argument matches (the text index's
//     list as a bitmap, or a sorted list when few match: matchSet), and
//     the bm25 scores of small results. Different
//     searches share them: "community" with any filter, sort or page.
//   - results: whole search results, for a search asked again.
//
// Both are bounded in bytes.

// lru is a least-recently-used map bounded by the size of its values.
type lru struct {
	mu      sync.Mutex
	max     int64
	size    int64
	version int64
	items   map[string]*list.Element
	order   list.List // front: most recently used
}

type lruEntry struct {
	key  string
	val  any
	size int64
}

func newLRU(maxBytes int64) *lru {
	return &lru{max: maxBytes, items: map[string]*list.Element{}}
}

// at moves the cache to version; it reports whether the cache serves it.
func (c *lru) at(version int64) bool {
	switch {
	case version > c.version:
		c.items = map[string]*list.Element{}
		c.order.Init()
		c.size, c.version = 0, version
		return true
	case version == c.version:
		return true
	}
	return false
}

func (c *lru) get(version int64, key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at(version) {
		return nil, false
	}
	e, ok := c.items[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*lruEntry).val, true
}

// peek reports whether key is cached, and at which version, without
// moving the cache to another version or the entry to the front.
func (c *lru) peek(key string) (version int64, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok = c.items[key]
	return c.version, ok
}

// setMax changes the budget; what is over it goes at the next put.
func (c *lru) setMax(n int64) {
	c.mu.Lock()
	c.max = n
	c.mu.Unlock()
}

func (c *lru) put(version int64, key string, val any, size int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at(version) || size > c.max/4 {
		return
	}
	if e, ok := c.items[key]; ok {
		c.size -= e.Value.(*lruEntry).size
		c.order.Remove(e)
	}
	c.items[key] = c.order.PushFront(&lruEntry{key: key, val: val, size: size})
	c.size += size
	for c.size > c.max {
		last := c.order.Back()
		ent := last.Value.(*lruEntry)
		c.order.Remove(last)
		delete(c.items, ent.key)
		c.size -= ent.size
	}
}

// Cache budgets: at 100,000 programs a match bitmap is 12 KiB, a page of
// results with its facets about 60 KiB.
//
// The word cache grows with the directory (matchBudget): a common word's
// bitmap is 125 KiB at 1,000,000 programs, and 8 MiB held 64 of them,
// fewer than the common words one workload asks for, so every search
// asked the text index again for lists of 900,000 documents.
const (
	matchCacheBytes  = 8 << 20
	resultCacheBytes = 6 << 20
)

// rankList is the bm25 scores of a small result, by document.
type rankList struct {
	docs   []uint32
	scores []float64
}

// resultKey identifies a search: its terms as analysed (the user's
// language changes them), its filters, order and page.
func resultKey(p SearchParams) string {
	var b strings.Builder
	// The language too: a result carries its spelling suggestion, which
	// prefers the names of the user's language ("Belgiqe": "Belgique" in
	// French, "België" in Dutch) even when the tokens are the same.
	for _, t := range p.terms {
		fmt.Fprintf(&b, "%s|%s|%t|%s|%s;", t.Word, t.Stem, t.Prefix, t.Lang, strings.Join(t.tokens(), ","))
	}
	b.WriteString("\x00")
	b.WriteString(p.Values().Encode())
	return b.String()
}

// resultSize estimates the memory a result holds.
func resultSize(r *SearchResult) int64 {
	n := int64(1024)
	for _, h := range r.Hits {
		p := h.Program
		n += int64(512 + len(p.Name) + len(p.Summary) + len(p.Description) + len(p.Eligibility) + len(p.HowToRefer) +
			len(p.FeesDescription) + 200*len(p.Locations))
		for _, f := range h.Snippet {
			n += int64(len(f.Text) + 32)
		}
		for _, f := range h.Title {
			n += int64(len(f.Text) + 32)
		}
		for _, f := range h.Excerpt {
			n += int64(len(f.Text) + 32)
		}
	}
	for _, fcs := range r.Facets {
		n += int64(48 * len(fcs))
	}
	return n
}

// DropSearchCaches empties the caches of derived search results (not the
// search index itself): the next searches run cold. Benchmarks use it to
// measure what a search costs the first time it is asked.
func (s *Store) DropSearchCaches() {
	s.searchIndex()
	s.matches.drop()
	s.results.drop()
}

// DropSearchResults empties the cache of whole search results only: the
// next searches run as a search asked for the first time in a running
// server, with the text matches other searches left.
func (s *Store) DropSearchResults() {
	s.searchIndex()
	s.results.drop()
}

func (c *lru) drop() {
	c.mu.Lock()
	c.items = map[string]*list.Element{}
	c.order.Init()
	c.size = 0
	c.mu.Unlock()
}

// matchBudget is the word cache's budget for a directory of n programs:
// 8 MiB, or room for 256 bitmaps of the whole directory if that is more
// (32 MiB at 1,000,000 programs).
func matchBudget(n int) int64 {
	return max(matchCacheBytes, 256*int64(n/8+1))
}
