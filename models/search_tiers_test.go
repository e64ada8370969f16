package models

import (
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
