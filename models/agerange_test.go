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

// TestBareAgeRangeFiltersAsBetween: a range typed bare, "club 12-16",
// "maison 16–25", "Treff 14 - 17", is the age filter that
// "between 12 and 16" is, in every language. Searched as words, it
// required both numbers and found the one listing that said them.
func TestBareAgeRangeFiltersAsBetween(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, `Youth Club 12-16,Org A,A youth club for ages 12-16.,Sport and talks.,youth-mentoring,young-people,primary,en,in-person,free,GB,England,Leeds,,,false,,a@example.org,,,,12,16,not_evaluated,2026-05-01
Youth Club Teens,Org B,A youth club for teenagers.,Sport and talks.,youth-mentoring,young-people,primary,en,in-person,free,GB,England,Leeds,,,false,,b@example.org,,,,13,19,not_evaluated,2026-05-01
Youth Club Adults,Org C,A youth club for young adults.,Sport and talks.,youth-mentoring,young-people,primary,en,in-person,free,GB,England,Leeds,,,false,,c@example.org,,,,18,25,not_evaluated,2026-05-01
Youth Club Small,Org D,A youth club for children.,Play and talks.,youth-mentoring,children,primary,en,in-person,free,GB,England,Leeds,,,false,,d@example.org,,,,6,11,not_evaluated,2026-05-01
Maison des jeunes,Org E,Une maison pour les jeunes.,Des ateliers chaque semaine.,youth-mentoring,young-people,primary,fr,in-person,free,BE,Bruxelles,Bruxelles,,,false,,e@example.org,,,,16,25,not_evaluated,2026-05-01
Maison des petits,Org F,Une maison pour les jeunes enfants.,Des ateliers chaque semaine.,youth-mentoring,children,primary,fr,in-person,free,BE,Bruxelles,Bruxelles,,,false,,f@example.org,,,,6,12,not_evaluated,2026-05-01
Jugendtreff,Org G,Ein Treff für Jugendliche.,Jede Woche.,youth-mentoring,young-people,primary,de,in-person,free,DE,NRW,Köln,,,false,,g@example.org,,,,14,18,not_evaluated,2026-05-01
Jugendtreff Erwachsene,Org H,Ein Treff für Jugendliche und junge Erwachsene.,Jede Woche.,youth-mentoring,young-people,primary,de,in-person,free,DE,NRW,Köln,,,false,,h@example.org,,,,18,27,not_evaluated,2026-05-01
`)
	// As the search page reads the box: the age is the filter, the rest
	// the words.
	search := func(lang, q string) []string {
		age, _, rest, ok := AgeInQuery(q)
		if !ok {
			t.Fatalf("%q: no age read", q)
		}
		got := searchIn(t, s, lang, "q="+url.QueryEscape(rest)+"&age="+strconv.Itoa(age))
		slices.Sort(got)
		return got
	}
	for _, c := range []struct {
		lang, bare, between string
		want                []string
	}{
		{"en", "club 12-16", "club between 12 and 16", []string{"Youth Club 12-16", "Youth Club Teens"}},
		{"en", "club 12 - 16", "club between 12 and 16", []string{"Youth Club 12-16", "Youth Club Teens"}},
		{"fr", "maison 16–25", "maison entre 16 et 25", []string{"Maison des jeunes"}},
		{"de", "Treff 14–17", "Treff zwischen 14 und 17", []string{"Jugendtreff"}},
	} {
		got, want := search(c.lang, c.bare), search(c.lang, c.between)
		if !slices.Equal(want, c.want) {
			t.Fatalf("%s %q: %v, want %v", c.lang, c.between, want, c.want)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s %q: %v; %q: %v", c.lang, c.bare, got, c.between, want)
		}
	}
}
