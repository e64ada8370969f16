package models

import (
	"math/rand/v2"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Beyond the rank limit a large result is ordered in tiers: a word in the
// name, then in the summary, then elsewhere; within a tier the shorter
// listing first. Each dialect reads the tiers its own way (FTS5 column
// filters, PostgreSQL's name-and-summary tsvector), so this runs on both.
func TestSearchTiersBeyondTheRankLimit(t *testing.T) {
	const row = `,Org %d,%s,%s,education,young-people,primary,en,in-person,free,BE,Brussels,Brussels,1000,Rue 1,false,,a@example.org,,,,10,16,evaluated,2026-01-10`
	fixture := strings.Join([]string{
		"Lantern Talks" + fill(row, 1, "Evenings together", "Stories shared with mentoring volunteers over many long weeks of the year."),
		"Mentoring Bridge" + fill(row, 2, "A bridge for pupils", "Long description that goes on and on about the schools and the neighbourhood and its parks."),
		"Harbour Club" + fill(row, 3, "Mentoring by peers", "Short one."),
		"Mentoring Circle" + fill(row, 4, "Circles", "Short."),
		"Open Doors" + fill(row, 5, "Mentoring for newcomers with a longer summary than the other", "Short."),
		"Quiet Room" + fill(row, 6, "A room", "Mentoring."),
		"Nothing Here" + fill(row, 7, "Unrelated", "Unrelated text."),
	}, "\n") + "\n"
	s := newTestStore(t)
	importCSV(t, s, fixture)

	exact := search(t, s, "q=mentoring")
	s.rankLimit = 1 // every result with more than one match goes to tiers
	s.DropSearchCaches()
	tiered := search(t, s, "q=mentoring")
	want := []string{"Mentoring Circle", "Mentoring Bridge", "Harbour Club", "Open Doors", "Quiet Room", "Lantern Talks"}
	if got := names(tiered); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("tiers: got %q, want %q", got, want)
	}
	if tiered.Total != 6 || exact.Total != 6 {
		t.Errorf("totals: tiered %d, exact %d, want 6", tiered.Total, exact.Total)
	}
	// The exact ranking agrees on the tiers: both names first, both
	// summaries next.
	got := names(exact)
	if len(got) != 6 || !sameSet(got[:2], want[:2]) || !sameSet(got[2:4], want[2:4]) {
		t.Errorf("exact ranking %q does not keep the tiers %q", got, want)
	}
	// A filter and a prefix take the same path.
	if got := names(search(t, s, "q=mentor&level=primary")); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("prefix with a filter: got %q, want %q", got, want)
	}
	// Pages of any size walk the tiers in the same order, each program
	// once (the JSON search's per_page).
	for _, per := range []int{1, 2, 4} {
		var walked []string
		for page := 1; page <= 6; page++ {
			p := ParseSearchParams(url.Values{"q": {"mentoring"}, "page": {strconv.Itoa(page)}}, s.tax.Load())
			p.PerPage = per
			res, err := s.SearchPrograms(t.Context(), p)
			if err != nil {
				t.Fatal(err)
			}
			if res.PerPage != per || res.Pages != (6+per-1)/per {
				t.Errorf("per_page %d: result says %d a page, %d pages", per, res.PerPage, res.Pages)
			}
			walked = append(walked, names(res)...)
		}
		if strings.Join(walked, "|") != strings.Join(want, "|") {
			t.Errorf("tiers in pages of %d: got %q, want %q", per, walked, want)
		}
	}
}

func fill(row string, n int, summary, description string) string {
	row = strings.Replace(row, "%d", string(rune('0'+n)), 1)
	row = strings.Replace(row, "%s", summary, 1)
	return strings.Replace(row, "%s", description, 1)
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, x := range a {
		seen[x]++
	}
	for _, x := range b {
		seen[x]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}

// A cached match behaves as its bitmap whether it is kept as a bitmap or
// as a list: copied, added to and intersected with another set.
func TestMatchSetActsAsItsBitmap(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 9))
	const n = 5000
	for _, density := range []int{0, 1, 10, 100, 2000, 5000} {
		for round := 0; round < 20; round++ {
			src, other := newBitmap(n), newBitmap(n)
			for i := 0; i < density; i++ {
				src.set(uint32(rng.IntN(n)))
			}
			for i := 0; i < n/3; i++ {
				other.set(uint32(rng.IntN(n)))
			}
			want := slices.Clone(src)
			m := newMatchSet(slices.Clone(src))
			if (m.list != nil) == (density >= n/32+1) && density > 0 && density < n {
				t.Errorf("density %d: kept as %s", density, map[bool]string{true: "a list", false: "a bitmap"}[m.list != nil])
			}
			got := newBitmap(n)
			got[0] = ^uint64(0) // copyTo must clear what was there
			m.copyTo(got)
			if !slices.Equal(got, want) {
				t.Fatalf("density %d: copyTo differs", density)
			}
			and, wantAnd := slices.Clone(other), slices.Clone(other)
			m.andInto(and)
			wantAnd.and(want)
			if !slices.Equal(and, wantAnd) {
				t.Fatalf("density %d: andInto differs", density)
			}
			or, wantOr := slices.Clone(other), slices.Clone(other)
			m.orInto(or)
			for i := range wantOr {
				wantOr[i] |= want[i]
			}
			if !slices.Equal(or, wantOr) {
				t.Fatalf("density %d: orInto differs", density)
			}
		}
	}
}

// A search of several words asks the text index for them all together,
// whatever other searches left in the cache: with "harbour" cached and
// "mentoring" not, "mentoring harbour" does not ask for every program
// with "mentoring" (on a directory, tens of thousands) but for the few
// with both; the same search again, and a search of words all in the
// cache, ask nothing.
func TestSeveralWordsAskedTogether(t *testing.T) {
	const row = `,Org %d,%s,%s,education,young-people,primary,en,in-person,free,BE,Brussels,Brussels,1000,Rue 1,false,,a@example.org,,,,10,16,evaluated,2026-01-10`
	s := newTestStore(t)
	importCSV(t, s, strings.Join([]string{
		"Harbour Club" + fill(row, 1, "Mentoring by peers", "Short one."),
		"Mentoring Circle" + fill(row, 2, "Circles", "Short."),
		"Quiet Room" + fill(row, 3, "A room", "Mentoring at the harbour."),
		"Nothing Here" + fill(row, 4, "Unrelated", "Unrelated text."),
	}, "\n")+"\n")
	ss := s.dialect.searchSQL()
	params := func(q string) SearchParams { return ParseSearchParams(url.Values{"q": {q}}, s.tax.Load()) }
	cached := func(q string) bool {
		s.matches.mu.Lock()
		defer s.matches.mu.Unlock()
		_, ok := s.matches.items[ss.matchArg(params(q).terms)]
		return ok
	}
	if got := names(search(t, s, "q=harbour+")); len(got) != 2 {
		t.Fatalf("harbour: %q", got)
	}
	if !cached("harbour ") {
		t.Fatal("a word searched alone is not cached")
	}
	if got := names(search(t, s, "q=mentoring+harbour+")); !sameSet(got, []string{"Harbour Club", "Quiet Room"}) {
		t.Errorf("mentoring harbour: %q", got)
	}
	if cached("mentoring ") {
		t.Error(`"mentoring" was asked alone`)
	}
	if !cached("mentoring harbour ") {
		t.Error(`"mentoring harbour" is not cached together`)
	}
	// Words all in the cache are intersected in memory.
	search(t, s, "q=mentoring+")
	s.DropSearchResults()
	s.matches.drop()
	search(t, s, "q=mentoring+")
	search(t, s, "q=harbour+")
	if got := names(search(t, s, "q=harbour+mentoring+")); !sameSet(got, []string{"Harbour Club", "Quiet Room"}) {
		t.Errorf("harbour mentoring from the cache: %q", got)
	}
	if cached("harbour mentoring ") {
		t.Error("words all in the cache were asked of the text index")
	}
}
