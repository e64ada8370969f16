package models

import (
	"net/url"
	"slices"
	"testing"
)

// An audit of search as practitioners use it in French, Dutch, German
// and Arabic: a Belgian or French social worker, a Dutch or Flemish
// youth worker, a German or Austrian teacher, a Moroccan, Tunisian or
// Belgian family worker writing Arabic. Each case here found nothing,
// or the wrong programs, before it.

// queryWords are the words a query searches for, as folded.
func queryWords(q string) []string {
	var out []string
	for _, t := range parseQuery(q) {
		out = append(out, t.Word)
	}
	return out
}

// The little words of the sentences people type in the four languages
// are left out, as English ones are.
func TestSentenceWordsOfFourLanguagesLeftOut(t *testing.T) {
	for q, want := range map[string][]string{
		"was tun, wenn mein Kind sich radikalisiert":                {"kind", "radikalisiert"},
		"ich suche etwas für meine Tochter, weil sie nicht mehr":    {"tochter", "mehr"},
		"wat kan ik doen als mijn zoon niet meer naar school wil":   {"zoon", "school"},
		"mon fils ne va plus à l'école, je cherche de l'aide":       {"fils", "ecole", "aide"},
		"est-ce que vous avez quelque chose pour moi":               {"chose"},
		"ماذا أفعل إذا كان ابني متطرفا":                             {"ابني", "متطرفا"},
		"ابني عمره 16 سنة":                                          {"ابني", "16", "سنة"},
		"trois fois per semaine via internet":                       {"trois", "fois", "semaine", "internet"},
		"sessions per week":                                         {"sessions", "week"},
		"hulp voor ouders die zich zorgen maken omdat hun zoon":     {"hulp", "ouders", "zorgen", "maken", "zoon"},
		"Hilfe für Eltern, deren Sohn sich schon lange zurückzieht": {"hilfe", "eltern", "deren", "sohn", "lange", "zuruckzieht"},
	} {
		if got := queryWords(q); !slices.Equal(got, want) {
			t.Errorf("%q: searched %q, want %q", q, got, want)
		}
	}

	s := newTestStore(t)
	importCSV(t, s, multilingualFixture+`Huiswerkklas,Buurthuis,Huiswerkbegeleiding twee keer per week.,Voor leerlingen van de buurt.,education,young-people,primary,nl,in-person,free,BE,Antwerpen,Antwerpen,2140,,false,,h@example.org,,,,,,not_evaluated,2026-05-01
`)
	for _, c := range []struct {
		lang, q string
		want    []string
	}{
		// "wenn" was required: nothing found, and "wenen" suggested.
		{"de", "q=" + url.QueryEscape("was tun, wenn die Familie Beratung braucht"), []string{"Beratung für Familien"}},
		{"nl", "q=" + url.QueryEscape("wat als ouders steun nodig hebben"), []string{"Steunpunt voor gezinnen"}},
		{"fr", "q=" + url.QueryEscape("je cherche des sorties pour les jeunes, mais pas au musée"), []string{"Sorties culturelles pour les jeunes"}},
		// French "pères" (fathers) stems to "per": it found the listings
		// that meet "per week".
		{"fr", "q=p%C3%A8res+", nil},
	} {
		res := searchResultIn(t, s, c.lang, c.q)
		if got := names(res); !slices.Equal(got, c.want) || res.Missing != nil || res.Suggestion != "" {
			t.Errorf("%s %s: %q, left out %q, suggested %q; want %q", c.lang, c.q, got, res.Missing, res.Suggestion, c.want)
		}
	}
}
