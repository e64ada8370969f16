package models

import (
	"net/url"
	"slices"
	"strconv"
	"testing"
)

// TestAgeRangeInEveryLanguage: the word that opens a range goes with the
// age, as "tussen", "entre" and "بين" do. German "zwischen" was no little
// word: "Jugendliche zwischen 12 und 16 Jahren" searched "Jugendliche
// zwischen", and the page said "zwischen" was left out.
func TestAgeRangeInEveryLanguage(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, multilingualFixture+`Jugendtreff Nord,Jugendhilfe Köln,Ein Treffpunkt für Jugendliche im Viertel.,Jugendliche treffen sich jede Woche.,community-integration,young-people,primary,de,in-person,free,DE,NRW,Köln,50667,,false,,e@example.org,,,,12,18,not_evaluated,2026-05-01
`)
	// As the search page does: the age is the filter, the rest the words.
	search := func(q string) *SearchResult {
		age, _, rest, ok := AgeInQuery(q)
		if !ok {
			t.Fatalf("%q: no age read", q)
		}
		return searchResultIn(t, s, "de", "q="+url.QueryEscape(rest)+"&age="+strconv.Itoa(age))
	}
	for _, q := range []string{"Jugendliche zwischen 12 und 16 Jahren", "Jugendliche zwischen 14- und 16-Jährige"} {
		got, want := search(q), search("Jugendliche von 12 bis 16 Jahren")
		if !slices.Contains(names(want), "Jugendtreff Nord") || len(want.Missing) > 0 {
			t.Fatalf("de von 12 bis 16 Jahren: %v, left out %v", names(want), want.Missing)
		}
		if !slices.Equal(names(got), names(want)) || len(got.Missing) > 0 {
			t.Errorf("de %s: %v, left out %v; von 12 bis 16 Jahren: %v", q, names(got), got.Missing, names(want))
		}
	}
}
