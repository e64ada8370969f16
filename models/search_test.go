package models

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// The fixture directory for search tests: each program is there to prove
// one behaviour.
const searchFixture = `Education First,Org A,Tutoring for pupils,Weekly lessons.,education,young-people,primary,en;fr,in-person,free,BE,Brussels,Brussels,1000,Rue 1,false,,a@example.org,,,,10,16,evaluated,2026-01-10
Youth Club North,Org B,Sport and belonging,Our education partners help too.,youth-mentoring,young-people,primary,nl,in-person,free,NL,South Holland,Rotterdam,3011,Straat 2,false,,b@example.org,,,,12,25,not_evaluated,2025-02-01
Parents' Café,Org C,A café for worried parents,Counselling for families facing radicalisation.,family-support,parents-families,secondary,fr;ar,in-person,free,FR,Île-de-France,Paris,75011,Rue Secrète 3,true,,c@example.org,,,,,,not_evaluated,2026-05-01
Exit Line,Org D,Helpline for people leaving extremist groups,Behavior change support and a safe organization.,exit-work;helplines,people-leaving-extremism,tertiary,de;en,online,free,DE,Berlin,Berlin,,,false,,d@example.org,,,,18,,peer_reviewed,2026-03-01
Newcomer Circle,Org E,Welcome meetings,Community dialogue on radicalization and behaviour.,community-integration;interfaith-dialogue,newcomers-refugees,primary,en,hybrid,low-cost,GB,England,Birmingham,B1,1 High St,false,,e@example.org,,,,,,not_evaluated,2026-06-01
`

func search(t *testing.T, s *Store, query string) *SearchResult {
	t.Helper()
	tax, _ := s.Taxonomies(context.Background())
	v, err := url.ParseQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.SearchPrograms(context.Background(), ParseSearchParams(v, tax))
	if err != nil {
		t.Fatalf("search %q: %v", query, err)
	}
	return res
}

func names(res *SearchResult) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Program.Name)
	}
	return out
}

func TestSearchText(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, searchFixture)
	cases := []struct {
		query string
		want  []string // in order
	}{
		{"q=education", []string{"Education First", "Youth Club North"}}, // name match first
		{"q=educ", []string{"Education First", "Youth Club North"}},      // prefix as typed
		{"q=edu", []string{"Education First", "Youth Club North"}},       // a prefix from three letters
		{"q=ed", nil}, // two letters are a word, not the beginning of every word
		{"q=educational+", []string{"Education First", "Youth Club North"}},
		{"q=cafe", []string{"Parents' Café"}},
		{"q=CAFÉ", []string{"Parents' Café"}},
		{"q=radicalization+&sort=name", []string{"Newcomer Circle", "Parents' Café"}},
		{"q=radicalisation+&sort=name", []string{"Newcomer Circle", "Parents' Café"}},
		{"q=organisation+", []string{"Exit Line"}},
		{"q=behaviour+&sort=name", []string{"Exit Line", "Newcomer Circle"}},
		{"q=counseling+", []string{"Parents' Café"}},
		{"q=helpline+leaving", []string{"Exit Line"}},
		{"q=nothingmatchesthis", nil},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			res := search(t, s, c.query)
			got := names(res)
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("got %q, want %q", got, c.want)
			}
			if res.Total != len(c.want) {
				t.Errorf("total %d, want %d", res.Total, len(c.want))
			}
		})
	}
}

// A search built in Go without a page (the zero SearchParams) is page 1,
// on an empty directory as on a full one — it once panicked (offset −20).
func TestSearchWithoutAPageIsPageOne(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	for _, sort := range []string{"", SortName, SortVerified} {
		res, err := s.SearchPrograms(ctx, SearchParams{Sort: sort})
		if err != nil || res.Page != 1 || res.Total != 0 {
			t.Fatalf("empty directory, sort %q: %+v, %v", sort, res, err)
		}
	}
}

// The word cache has room for a few hundred whole-directory bitmaps
// whatever the directory's size: at 1,000,000 programs the common words
// of a day's searches did not fit in a fixed 8 MiB.
func TestMatchBudgetGrowsWithTheDirectory(t *testing.T) {
	if got := matchBudget(1000); got != matchCacheBytes {
		t.Errorf("small directory: %d, want %d", got, matchCacheBytes)
	}
	for _, n := range []int{100_000, 1_000_000, 3_000_000} {
		if got, bitmap := matchBudget(n), int64(n/8); got < matchCacheBytes || got < 200*bitmap {
			t.Errorf("%d programs: budget %d holds %d bitmaps of %d bytes", n, got, got/bitmap, bitmap)
		}
	}
}

// TestNameOutranksManyMentions: a small result is ranked in the same
// tiers as a large one (a word in the name, then in the summary, then
// elsewhere), bm25 within each; bm25 alone put a description that says the
// word many times above a program named with it.
func TestNameOutranksManyMentions(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, `Counselling for Victims,Org A,Counselling after hate crime,Support for victims: peer support; support groups; support line; practical support and support in court.,victim-support,general-public,primary,en,in-person,free,GB,England,Leeds,,,false,,a@example.org,,,,,,not_evaluated,2026-01-10
Family Circle,Org B,Support for families of people at risk,Weekly meetings.,family-support,parents-families,secondary,en,in-person,free,GB,England,Leeds,,,false,,b@example.org,,,,,,not_evaluated,2026-01-10
Disengagement Support Service,Org C,Help for people leaving extremist groups,One-to-one coaching over many months with a coach who has been there.,exit-work,people-leaving-extremism,tertiary,en,in-person,free,GB,England,Leeds,,,false,,c@example.org,,,,,,not_evaluated,2026-01-10
`)
	got := names(search(t, s, "q=support"))
	want := []string{"Disengagement Support Service", "Family Circle", "Counselling for Victims"}
	if !slices.Equal(got, want) {
		t.Errorf("q=support: %v, want %v", got, want)
	}
}
