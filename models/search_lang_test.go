package models

import (
	"context"
	"net/url"
	"slices"
	"testing"
)

// A directory in several languages: each listing written in its own.
const multilingualFixture = `Sorties culturelles pour les jeunes,Maison Ouverte,Des sorties culturelles et des ateliers pour les jeunes du quartier.,Chaque semaine les animateurs organisent des sorties au musée et au théâtre.,community-integration,young-people,primary,fr,in-person,free,BE,Bruxelles,Bruxelles,1080,,false,,a@example.org,,,,12,18,not_evaluated,2026-05-01
Steunpunt voor gezinnen,Huis van het Kind,Steun voor gezinnen en ouders die zich zorgen maken.,De coaches begeleiden gezinnen en ouders in de wijk met een vast aanspreekpunt.,family-support,parents-families,secondary,nl,in-person,free,NL,Zuid-Holland,Rotterdam,3011,,false,,b@example.org,,,,,,evaluated,2026-05-01
Beratung für Familien,Familienhilfe Köln,Beratung für Familien und Jugendliche in Sorge.,"Die Beratungsstelle hilft Familien, deren Angehörige sich radikalisieren.",family-support,parents-families,secondary,de,hybrid,free,DE,NRW,Köln,50667,,false,,c@example.org,,,,,,evaluated,2026-05-01
Chess club,Board Games Ltd,A weekly chess club.,Players of every level meet on Tuesdays.,education,general-public,primary,en,in-person,free,GB,England,Leeds,LS1,,false,,d@example.org,,,,,,not_evaluated,2026-05-01
`

// searchResultIn runs a search (URL parameters) in the user's language.
func searchResultIn(t *testing.T, s *Store, lang, query string) *SearchResult {
	t.Helper()
	tax, _ := s.Taxonomies(context.Background())
	v, _ := url.ParseQuery(query)
	res, err := s.SearchPrograms(context.Background(), ParseSearchParams(v, tax).InLanguage(lang))
	if err != nil {
		t.Fatalf("search %q in %s: %v", query, lang, err)
	}
	return res
}

// markedText is the text of the fragments a search marked as matching.
func markedText(fs []Fragment) []string {
	var out []string
	for _, f := range fs {
		if f.Hit {
			out = append(out, f.Text)
		}
	}
	return out
}

// searchIn is the names of the programs a search finds.
func searchIn(t *testing.T, s *Store, lang, query string) []string {
	t.Helper()
	return names(searchResultIn(t, s, lang, query))
}

// langCase is a search in a language and the one program it must find.
type langCase struct{ lang, q, want string }

// findsOnly checks that each search finds its program and no other.
func findsOnly(t *testing.T, s *Store, cases []langCase) {
	t.Helper()
	for _, c := range cases {
		if got := searchIn(t, s, c.lang, c.q); len(got) != 1 || got[0] != c.want {
			t.Errorf("%s %s: got %q, want only %q", c.lang, c.q, got, c.want)
		}
	}
}

func TestSearchInTheUsersLanguage(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, multilingualFixture)
	cases := []struct {
		lang, q string
		want    string // the program that must be found
	}{
		// Word forms of the listing's own language.
		{"fr", "q=culturel+sorties+", "Sorties culturelles pour les jeunes"},
		{"nl", "q=gezin+ouders+", "Steunpunt voor gezinnen"},
		{"de", "q=Familie+", "Beratung für Familien"},
		// A word naming a theme or audience, in any language, finds its
		// programs through the translated labels, whatever the page's
		// language.
		{"fr", "q=jeunes+", "Sorties culturelles pour les jeunes"},
		{"en", "q=jongeren+", "Sorties culturelles pour les jeunes"},
		{"de", "q=Jugendliche+", "Sorties culturelles pour les jeunes"},
		{"ar", "q=" + url.QueryEscape("شباب") + "+", "Sorties culturelles pour les jeunes"},
		{"en", "q=" + url.QueryEscape("الشَّباب") + "+", "Sorties culturelles pour les jeunes"},
		{"fr", "q=familles+", "Steunpunt voor gezinnen"},
		{"en", "q=families+", "Beratung für Familien"},
		// Accents and English spellings still work in every language.
		{"fr", "q=theatre+", "Sorties culturelles pour les jeunes"},
		{"de", "q=koln+", "Beratung für Familien"},
	}
	for _, c := range cases {
		got := searchIn(t, s, c.lang, c.q)
		found := false
		for _, n := range got {
			if n == c.want {
				found = true
			}
			if n == "Chess club" {
				t.Errorf("%s %s: the chess club matched", c.lang, c.q)
			}
		}
		if !found {
			t.Errorf("%s %s: %q not found in %q", c.lang, c.q, c.want, got)
		}
	}
}

// The little words of every language the directory is written in are
// left out of a search, as the English ones are: a listing need not
// contain "dans", "bij" or "في" to be what a person asked for.
func TestSearchLeavesOutFunctionWordsOfEveryLanguage(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, multilingualFixture)
	cases := []struct {
		lang, q string
		want    string
	}{
		{"fr", "q=des+ateliers+dans+le+quartier", "Sorties culturelles pour les jeunes"},
		{"en", "q=ateliers+dans+le+quartier", "Sorties culturelles pour les jeunes"},
		{"nl", "q=coaches+bij+het+aanspreekpunt", "Steunpunt voor gezinnen"},
		{"de", "q=Beratung+bei+einer+Sorge", "Beratung für Familien"},
		{"ar", "q=" + url.QueryEscape("شباب في"), "Sorties culturelles pour les jeunes"},
	}
	for _, c := range cases {
		res := searchResultIn(t, s, c.lang, c.q)
		// Every other word found: none left out by the search that
		// leaves out words no program has with the others (mostWords).
		if len(res.Hits) != 1 || res.Hits[0].Program.Name != c.want || res.Missing != nil {
			t.Errorf("%s %s: %d hits, missing %q; want only %q", c.lang, c.q, len(res.Hits), res.Missing, c.want)
		}
	}
	// A search made only of such words still asks for them.
	if got := searchIn(t, s, "fr", "q=les+"); len(got) != 1 || got[0] != "Sorties culturelles pour les jeunes" {
		t.Errorf("q=les: got %q", got)
	}
}

// TestGermanUmlautsSpelledOut: on a German page, a word typed without
// umlauts (ae, oe, ue) finds what it names: "Koeln" Köln, "Angehoerige"
// Angehörige. Not elsewhere, where "ue" is no umlaut.
func TestGermanUmlautsSpelledOut(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, multilingualFixture)
	findsOnly(t, s, []langCase{
		{"de", "q=Koeln", "Beratung für Familien"},
		{"de", "q=Angehoerige+Sorge", "Beratung für Familien"},
	})
	// "fuer" is "für", a little word: left out.
	if got, want := searchIn(t, s, "de", "q=fuer+Familien"), searchIn(t, s, "de", "q=Familien"); !slices.Equal(got, want) {
		t.Errorf("de fuer Familien: %v, want %v", got, want)
	}
	if got := searchIn(t, s, "en", "q=Angehoerige"); len(got) != 0 {
		t.Errorf("en Angehoerige: %v", got)
	}
}

// TestGermanWordsWithUeAreNotUmlauts: "ue" after a vowel or a "q" is no
// ü ("neuen", "Frauen", "Betreuer", "Abenteuer", "queer"): read as one,
// "neuen" also searched "neun" (nine) and found a listing that counts
// its districts.
func TestGermanWordsWithUeAreNotUmlauts(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, multilingualFixture+`Stadtteilarbeit,Quartiersnetz,Präsenz in neun Stadtteilen.,Wir sind in neun Stadtteilen unterwegs.,community-integration,general-public,primary,de,in-person,free,DE,NRW,Köln,50667,,false,,e@example.org,,,,,,not_evaluated,2026-05-01
`)
	if got := searchIn(t, s, "de", "q=neuen"); len(got) != 0 {
		t.Errorf("de neuen: %v", got)
	}
	for w, want := range map[string]string{"neuen": "neuen", "frauen": "frauen", "betreuer": "betreuer", "queer": "queer",
		"abenteuer": "abenteuer", "fluechtlinge": "fluchtlinge", "ueber": "uber", "koeln": "koln", "angehoerige": "angehorige",
		"muenchen": "munchen", "gruene": "grune", "aerzte": "arzte"} {
		if got := umlautsSpelledOut(w); got != want {
			t.Errorf("%s: %s, want %s", w, got, want)
		}
	}
}
