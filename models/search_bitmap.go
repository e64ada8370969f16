package models

import (
	"math/bits"
	"slices"
)

// bitmap is a set of document numbers, one bit each. Search combines the
// text match, the filters and the facet values as bitmaps: an AND and a
// population count over 100,000 documents is 1,563 words.
type bitmap []uint64

func newBitmap(n int) bitmap { return make(bitmap, (n+63)/64) }

func (b bitmap) has(d uint32) bool {
	w := int(d >> 6)
	return w < len(b) && b[w]&(1<<(d&63)) != 0
}

// set adds d; the bitmap must be large enough.
func (b bitmap) set(d uint32) { b[d>>6] |= 1 << (d & 63) }

func (b bitmap) clear(d uint32) {
	if w := int(d >> 6); w < len(b) {
		b[w] &^= 1 << (d & 63)
	}
}

func (b bitmap) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

// and keeps in b only what is also in o.
func (b bitmap) and(o bitmap) {
	for i := range b {
		if i < len(o) {
			b[i] &= o[i]
		} else {
			b[i] = 0
		}
	}
}

// andNot removes from b what is in o.
func (b bitmap) andNot(o bitmap) {
	for i := range min(len(b), len(o)) {
		b[i] &^= o[i]
	}
}

// andCount is |b ∧ o|, without building it.
func (b bitmap) andCount(o bitmap) int {
	n := 0
	for i := range min(len(b), len(o)) {
		n += bits.OnesCount64(b[i] & o[i])
	}
	return n
}

// each calls f for every member, in increasing order, until f returns
// false.
func (b bitmap) each(f func(uint32) bool) {
	for i, w := range b {
		for w != 0 {
			t := bits.TrailingZeros64(w)
			if !f(uint32(i<<6 + t)) {
				return
			}
			w &= w - 1
		}
	}
}

// docSet is the documents that carry one facet value: a sorted list while
// few do (a small city), a bitmap once a list would take more room.
type docSet struct {
	bits bitmap   // non-nil once dense
	list []uint32 // sorted, while sparse
	n    int
}

// denseFrom is when a list turns into a bitmap: 4 bytes a member against
// one bit a document.
func denseFrom(universe int) int { return universe/32 + 1 }

func (s *docSet) add(d uint32, universe int) {
	if s.bits != nil {
		for int(d>>6) >= len(s.bits) {
			s.bits = append(s.bits, 0)
		}
		if !s.bits.has(d) {
			s.bits.set(d)
			s.n++
		}
		return
	}
	i, found := slices.BinarySearch(s.list, d)
	if found {
		return
	}
	s.list = slices.Insert(s.list, i, d)
	s.n++
	if s.n > denseFrom(universe) {
		b := newBitmap(max(universe, int(d)+1))
		for _, x := range s.list {
			b.set(x)
		}
		s.bits, s.list = b, nil
	}
}

func (s *docSet) remove(d uint32) {
	if s.bits != nil {
		if s.bits.has(d) {
			s.bits.clear(d)
			s.n--
		}
		return
	}
	if i, found := slices.BinarySearch(s.list, d); found {
		s.list = slices.Delete(s.list, i, i+1)
		s.n--
	}
}

func (s *docSet) has(d uint32) bool {
	if s.bits != nil {
		return s.bits.has(d)
	}
	_, found := slices.BinarySearch(s.list, d)
	return found
}

// orInto adds the set's members to b.
func (s *docSet) orInto(b bitmap) {
	if s.bits != nil {
		for i := range min(len(b), len(s.bits)) {
			b[i] |= s.bits[i]
		}
		return
	}
	for _, d := range s.list {
		b.set(d)
	}
}

// andCount is |s ∧ b|.
func (s *docSet) andCount(b bitmap) int {
	if s.bits != nil {
		return s.bits.andCount(b)
	}
	n := 0
	for _, d := range s.list {
		if b.has(d) {
			n++
		}
	}
	return n
}

// pkIndex maps a program's pk to its document number. Programs are never
// deleted, so pks stay dense and a slice indexed by pk answers a text
// match of 90,000 programs in a tenth of the time a map does; should pks
// ever be too sparse for that, it falls back to a map.
type pkIndex struct {
	dense  []int32 // by pk; -1: no document
	sparse map[int64]uint32
	n      int
}

func (x *pkIndex) get(pk int64) (uint32, bool) {
	if x.sparse != nil {
		d, ok := x.sparse[pk]
		return d, ok
	}
	if pk < 0 || pk >= int64(len(x.dense)) || x.dense[pk] < 0 {
		return 0, false
	}
	return uint32(x.dense[pk]), true
}

func (x *pkIndex) set(pk int64, d uint32) {
	if _, ok := x.get(pk); !ok {
		x.n++
	}
	if x.sparse == nil && pk >= int64(len(x.dense)) {
		if pk >= 0 && pk < int64(4*x.n+4096) {
			for int64(len(x.dense)) <= pk {
				x.dense = append(x.dense, -1)
			}
		} else {
			x.sparse = make(map[int64]uint32, x.n)
			for p, doc := range x.dense {
				if doc >= 0 {
					x.sparse[int64(p)] = uint32(doc)
				}
			}
			x.dense = nil
		}
	}
	if x.sparse != nil {
		x.sparse[pk] = d
		return
	}
	x.dense[pk] = int32(d)
}

func (x *pkIndex) del(pk int64) {
	if _, ok := x.get(pk); !ok {
		return
	}
	x.n--
	if x.sparse != nil {
		delete(x.sparse, pk)
		return
	}
	x.dense[pk] = -1
}

// matchSet is a cached text match: a bitmap when many documents match, a
// sorted list when few (4 bytes a match against a bit a document), so
// that the cache holds the words of many searches — a rare word costs
// bytes, not the 12 KiB of a bitmap at 100,000 programs.
type matchSet struct {
	bits bitmap   // dense
	list []uint32 // sparse, sorted
}

func newMatchSet(b bitmap) *matchSet {
	n := b.count()
	if n >= denseFrom(len(b)*64) {
		return &matchSet{bits: b}
	}
	list := make([]uint32, 0, n)
	b.each(func(d uint32) bool { list = append(list, d); return true })
	return &matchSet{list: list}
}

// empty reports whether the set has no document.
func (m *matchSet) empty() bool {
	if m.bits != nil {
		return m.bits.count() == 0
	}
	return len(m.list) == 0
}

func (m *matchSet) size() int64 {
	if m.bits != nil {
		return int64(8 * len(m.bits))
	}
	return int64(4 * len(m.list))
}

// copyTo makes b the set.
func (m *matchSet) copyTo(b bitmap) {
	if m.bits != nil {
		copy(b, m.bits)
		return
	}
	clear(b)
	for _, d := range m.list {
		b.set(d)
	}
}

// orInto adds the set to b.
func (m *matchSet) orInto(b bitmap) {
	if m.bits != nil {
		for i := range min(len(b), len(m.bits)) {
			b[i] |= m.bits[i]
		}
		return
	}
	for _, d := range m.list {
		if int(d>>6) < len(b) {
			b.set(d)
		}
	}
}

// andInto keeps in b only the documents of the set.
func (m *matchSet) andInto(b bitmap) {
	if m.bits != nil {
		b.and(m.bits)
		return
	}
	i := 0
	for w := range b {
		var mask uint64
		for ; i < len(m.list) && int(m.list[i]>>6) == w; i++ {
			mask |= 1 << (m.list[i] & 63)
		}
		b[w] &= mask
	}
}
