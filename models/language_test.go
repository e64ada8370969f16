package models

import "testing"

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
