package models

import (
	"bytes"
	"cmp"
	"slices"
	"sort"
	"sync"
)

// The in-memory half of a search: which documents pass the filters, how
// many each facet value would give, and which are on the page.

// ageGroup is the filter slot of the age, after the facet groups.
const ageGroup = numFacetGroups

// groupFilter is one active filter: the documents it lets through.
type groupFilter struct {
	group int
	pass  bitmap
}

var bitmapPool sync.Pool

// getBitmap returns a zeroed bitmap for n documents; putBitmap gives it
// back. A search needs a few, and at a million documents each is 122 KiB.
func getBitmap(n int) bitmap {
	words := (n + 63) / 64
	if v, ok := bitmapPool.Get().(*bitmap); ok && cap(*v) >= words {
		b := (*v)[:words]
		clear(b)
		return b
	}
	return make(bitmap, words, words+words/8)
}

func putBitmap(b bitmap) {
	if b != nil {
		bitmapPool.Put(&b)
	}
}

// filters returns the active filters of p, each as the documents it lets
// through. Values the index does not know let nothing through.
func (ix *searchIndex) filters(p SearchParams) []groupFilter {
	var out []groupFilter
	n := len(ix.docs)
	for g, name := range FacetGroups {
		values := p.Filters[name]
		if len(values) == 0 {
			continue
		}
		pass := getBitmap(n)
		for _, v := range values {
			if g == cityGroup {
				v = cityKey(v)
			}
			if id, ok := ix.lookup[g][v]; ok {
				ix.values[id].set.orInto(pass)
			}
		}
		out = append(out, groupFilter{group: g, pass: pass})
	}
	if p.Age != nil {
		a := int16(*p.Age)
		pass := getBitmap(n)
		ix.alive.each(func(d uint32) bool {
			doc := &ix.docs[d]
			if (doc.ageMin < 0 || doc.ageMin <= a) && (doc.ageMax < 0 || doc.ageMax >= a) {
				pass.set(d)
			}
			return true
		})
		out = append(out, groupFilter{group: ageGroup, pass: pass})
	}
	return out
}

// facetCounts counts, for each facet group, the documents of base that
// pass every filter but the group's own (values of one group combine with
// OR, so each group is counted as if it had no selection).
func (ix *searchIndex) facetCounts(base bitmap, baseN int, fs []groupFilter) map[string][]FacetCount {
	counts := make([]int, len(ix.values))
	if baseN <= len(ix.docs)/64 {
		// Few documents: visit each one.
		base.each(func(d uint32) bool {
			failed, failedGroup := 0, -1
			for _, f := range fs {
				if !f.pass.has(d) {
					failed++
					failedGroup = f.group
				}
			}
			if failed > 1 {
				return true
			}
			for _, id := range ix.valsOf(d) {
				if failed == 0 || ix.values[id].group == failedGroup {
					counts[id]++
				}
			}
			return true
		})
	} else {
		// Many: one AND and population count per value.
		all := getBitmap(len(ix.docs))
		copy(all, base)
		for _, f := range fs {
			all.and(f.pass)
		}
		var own []bitmap // the base of each filtered group
		filtered := map[int]bitmap{}
		for _, f := range fs {
			if f.group == ageGroup {
				continue
			}
			b := getBitmap(len(ix.docs))
			copy(b, base)
			for _, o := range fs {
				if o.group != f.group {
					b.and(o.pass)
				}
			}
			filtered[f.group] = b
			own = append(own, b)
		}
		for id, v := range ix.values {
			if v.group == cityGroup {
				continue
			}
			b := all
			if fb, ok := filtered[v.group]; ok {
				b = fb
			}
			counts[id] = v.set.andCount(b)
		}
		b := all
		if fb, ok := filtered[cityGroup]; ok {
			b = fb
		}
		ix.countCities(counts, b)
		putBitmap(all)
		for _, b := range own {
			putBitmap(b)
		}
	}
	out := make(map[string][]FacetCount, numFacetGroups)
	for g, name := range FacetGroups {
		var list []FacetCount
		for id, v := range ix.values {
			if v.group == g && counts[id] > 0 {
				list = append(list, FacetCount{Value: v.display, Count: counts[id]})
			}
		}
		sort.Slice(list, func(i, j int) bool {
			if list[i].Count != list[j].Count {
				return list[i].Count > list[j].Count
			}
			return list[i].Value < list[j].Value
		})
		if g == cityGroup && len(list) > cityFacetLimit {
			list = list[:cityFacetLimit]
		}
		out[name] = list
	}
	return out
}

// countCities counts, in b, the cities that can be among the facet's
// cityFacetLimit: no city has more programs in b than it has, so once
// that many counts are known a city with fewer programs than the least
// of them is passed over (it stays at 0, which the facet leaves out). A
// common word's search counted all 1,400 cities of 100,000 programs; the
// largest first, it now counts a few dozen. A city with as many programs
// as the least is counted: it may come first by name.
func (ix *searchIndex) countCities(counts []int, b bitmap) {
	best := make([]int, 0, cityFacetLimit) // the highest counts so far, ascending
	for _, id := range ix.cities {
		set := &ix.values[id].set
		if len(best) == cityFacetLimit && set.n < best[0] {
			continue
		}
		c := set.andCount(b)
		counts[id] = c
		if c == 0 || (len(best) == cityFacetLimit && c <= best[0]) {
			continue
		}
		if len(best) == cityFacetLimit {
			best = best[:copy(best, best[1:])] // the least goes
		}
		i, _ := slices.BinarySearch(best, c)
		best = slices.Insert(best, i, c)
	}
}

// pageInOrder returns documents offset to offset+limit of set (of size
// n) in order o.
func (ix *searchIndex) pageInOrder(o int, set bitmap, n, offset, limit int) []uint32 {
	if offset >= n || limit <= 0 {
		return nil
	}
	if n <= len(ix.docs)/16 {
		// A small set: sort its documents by their keys in the order,
		// each key and document in one integer. A document dropped since
		// the set was made (a text match cached at the version before)
		// is left out, as the walk of the order below leaves it out.
		rank := ix.ranks[o]
		keys := make([]uint64, 0, n)
		set.each(func(d uint32) bool {
			if ix.alive.has(d) {
				keys = append(keys, uint64(rank[d])<<32|uint64(d))
			}
			return true
		})
		slices.Sort(keys)
		keys = keys[min(offset, len(keys)):min(len(keys), offset+limit)]
		out := make([]uint32, len(keys))
		for i, k := range keys {
			out[i] = uint32(k)
		}
		return out
	}
	// A large one: walk the order, which is already sorted.
	var out []uint32
	seen := 0
	for _, d := range ix.orders[o] {
		if !set.has(d) {
			continue
		}
		if seen >= offset {
			out = append(out, d)
			if len(out) == limit {
				break
			}
		}
		seen++
	}
	return out
}

// pageByScore returns documents offset to offset+limit of set, ordered by
// tier (tierOf: lower first), then score (lower is better), then name as
// stored, then pk.
func (ix *searchIndex) pageByScore(set bitmap, scores map[uint32]float64, tierOf func(uint32) int, offset, limit int) []uint32 {
	type scored struct {
		d     uint32
		tier  int
		score float64
	}
	list := make([]scored, 0, len(scores))
	set.each(func(d uint32) bool {
		if sc, ok := scores[d]; ok && ix.alive.has(d) {
			list = append(list, scored{d, tierOf(d), sc})
		}
		return true
	})
	slices.SortFunc(list, func(a, b scored) int {
		if c := cmp.Compare(a.tier, b.tier); c != 0 {
			return c
		}
		if c := cmp.Compare(a.score, b.score); c != 0 {
			return c
		}
		if c := bytes.Compare(ix.nameOf(a.d), ix.nameOf(b.d)); c != 0 {
			return c
		}
		return cmp.Compare(ix.docs[a.d].pk, ix.docs[b.d].pk)
	})
	if offset >= len(list) {
		return nil
	}
	list = list[offset:min(len(list), offset+limit)]
	out := make([]uint32, len(list))
	for i := range list {
		out[i] = list[i].d
	}
	return out
}
