package models

import (
	"context"
	"testing"
)

func TestStemsMeetAcrossWordForms(t *testing.T) {
	pairs := []struct{ lang, a, b string }{
		{"fr", "culturelles", "culturel"},
		{"fr", "sorties", "sortie"},
		{"fr", "jeunes", "jeune"},
		{"fr", "familles", "famille"},
		{"nl", "gezinnen", "gezin"},
		{"nl", "ouders", "ouder"},
		{"nl", "jongeren", "jongere"},
		{"de", "Jugendliche", "Jugendlichen"},
		{"de", "Familien", "Familie"},
		{"en", "radicalisation", "radicalization"},
		{"ar", "الشباب", "شباب"},
		{"ar", "شَبَاب", "شباب"},
		{"ar", "أسرة", "اسرة"},
	}
	for _, p := range pairs {
		if sa, sb := stemIn(p.lang, p.a), stemIn(p.lang, p.b); sa != sb {
			t.Errorf("%s: %q → %q but %q → %q", p.lang, p.a, sa, p.b, sb)
		}
	}
}

func TestDetectLanguage(t *testing.T) {
	cases := map[string]string{
		"Un café pour les parents et les familles du quartier, avec des ateliers.": "fr",
		"Een programma voor jongeren en ouders in de wijk, met een vaste coach.":   "nl",
		"Ein Angebot für Jugendliche und Familien, die sich Sorgen machen.":        "de",
		"A weekly club for young people and their families in the area.":           "en",
		"برنامج للشباب والأسر في الحي":                                             "ar",
		"": "en",
	}
	for text, want := range cases {
		if got := detectLanguage(text); got != want {
			t.Errorf("detectLanguage(%q) = %s, want %s", text, got, want)
		}
	}
}

// A word that is its own stem is indexed once, as the word; a query still
// finds it through any form whose stem it is, in either kind of document.
func TestWordThatIsItsOwnStemIndexedOnce(t *testing.T) {
	if got, want := analyzeText("youth workers"), "youth workers 0worker"; got != want {
		t.Errorf("analyzeText = %q, want %q", got, want)
	}
	if got, want := analyzeTextIn("fr", "jeunes familles sport"), "jeunes 0jeun familles 0famill sport"; got != want {
		t.Errorf("analyzeTextIn(fr) = %q, want %q", got, want)
	}
	s := newTestStore(t)
	ctx := context.Background()
	for _, name := range []string{"Sport club", "Sports for everyone"} {
		draft := ProgramDraft{Name: name, Organization: "Org", Summary: "A summary.", Description: "A description.",
			Themes: []string{"education"}, Audiences: []string{"young-people"}, Level: "primary", Languages: []string{"en"},
			Delivery: "in-person", Cost: "free", Locations: []LocationDraft{{Country: "BE", City: "Gent"}}}
		if _, err := s.ImportPrograms(ctx, []ImportRow{{Row: 2, Draft: draft}}); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{"q=sport", "q=sports", "q=sporting"} {
		if res := search(t, s, q); res.Total != 2 {
			t.Errorf("%s: %d results, want both", q, res.Total)
		}
	}
}
