package models

import (
	"context"
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode"
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

// Each theme and audience has its own label token, kept whole by both
// engines (letters and digits), and a program's document carries the
// tokens of its terms, not their labels in five languages; a word of a
// label in any language, or the beginning of one, finds the program.
func TestLabelTokensAreDistinct(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	tax, err := s.Taxonomies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, taxonomy := range []string{TaxTheme, TaxAudience} {
		for _, term := range tax.Terms(taxonomy) {
			tok := labelToken(taxonomy, term.Slug)
			if prev, dup := seen[tok]; dup {
				t.Errorf("%s/%s and %s share the token %q", taxonomy, term.Slug, prev, tok)
			}
			seen[tok] = taxonomy + "/" + term.Slug
			for _, c := range tok {
				if !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
					t.Errorf("token %q has %q", tok, c)
				}
			}
		}
	}
	draft := ProgramDraft{Name: "Quiet corner", Organization: "Org", Summary: "A summary.", Description: "A description.",
		Themes: []string{"anti-discrimination"}, Audiences: []string{"parents-families"}, Level: "primary",
		Languages: []string{"en"}, Delivery: "in-person", Cost: "free", Locations: []LocationDraft{{Country: "BE", City: "Gent"}}}
	doc := buildSearchDoc(draftProgram(&draft), tax)
	if want := "1themeantidiscrimination 1audienceparentsfamilies"; !strings.Contains(doc.Extra, want) ||
		slices.ContainsFunc(strings.Fields(doc.Extra), func(w string) bool { return strings.Contains(w, "famil") && w[0] != '1' }) {
		t.Errorf("extra = %q, want the label tokens %q and no label words", doc.Extra, want)
	}
	if _, err := s.ImportPrograms(ctx, []ImportRow{{Row: 2, Draft: draft}}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"q=discrimination", "q=discriminatie&lang=nl", "q=discrim", "q=famille+quiet", "q=Familien"} {
		v, _ := url.ParseQuery(q)
		p := ParseSearchParams(v, tax).InLanguage(v.Get("lang"))
		res, err := s.SearchPrograms(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 1 {
			t.Errorf("%s: %d results, want the program by its labels", q, res.Total)
		}
	}
	// A word in no label and nowhere else matches nothing: the search
	// finds the program by its other word and says "zebra" is missing.
	if res := search(t, s, "q=discrimination+zebra"); res.Total != 1 || !slices.Equal(res.Missing, []string{"zebra"}) {
		t.Errorf("discrimination zebra: %d results, missing %q", res.Total, res.Missing)
	}
	// The labels' function words ("Tegen pesten en discriminatie",
	// "Eltern und Familien") find nothing: the program has none of them.
	for _, q := range []string{"q=en+", "q=und+", "q=et+", "q=and+", "q=de+"} {
		if res := search(t, s, q); res.Total != 0 {
			t.Errorf("%s: %d results through a label's function word", q, res.Total)
		}
	}
}

// detectLanguageBefore is detectLanguage as first written (a list of
// every word, then a second pass for the letters), kept to check that
// the one-pass version answers the same.
func detectLanguageBefore(texts ...string) string {
	counts := map[string]int{}
	arabicLetters, letters := 0, 0
	for _, t := range texts {
		for _, r := range t {
			if unicode.IsLetter(r) {
				letters++
				if unicode.Is(unicode.Arabic, r) {
					arabicLetters++
				}
			}
		}
		for _, w := range splitWords(t) {
			if len(w) > 4 {
				continue
			}
			if lang, ok := languageMarkers[strings.ToLower(w)]; ok {
				counts[markerLanguages[lang.lang]]++
			}
		}
	}
	if letters > 0 && arabicLetters*2 > letters {
		return "ar"
	}
	best, n := "en", 0
	for _, l := range []string{"en", "fr", "nl", "de"} {
		if counts[l] > n {
			best, n = l, counts[l]
		}
	}
	return best
}

// detectLanguage answers as its first version on random texts: marker
// words of every language in any case, Arabic, accents, combining marks,
// digits, punctuation and broken UTF-8.
func TestDetectLanguageAsBefore(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 3))
	pieces := []string{"the", "The", "AND", "le", "LES", "für", "FÜR", "Für", "und", "de", "het", "een", "dans",
		"برنامج", "للشباب", "في", "a", "café", "naïve", "e\u0301t\u0301e", "2024", "x86", ",", ".", " ", "  ", "-", "'",
		"\xff", "\xe2\x82", "جميع", "youth", "Jugend", "wijk", "quartier", "\u0651", "١٢٣", "ß", "İ", "ΣΟΦΙΑ"}
	diff := 0
	for i := 0; i < 20000; i++ {
		texts := make([]string, 1+rnd.IntN(3))
		for j := range texts {
			var b strings.Builder
			for k := rnd.IntN(30); k > 0; k-- {
				b.WriteString(pieces[rnd.IntN(len(pieces))])
				if rnd.IntN(3) > 0 {
					b.WriteByte(' ')
				}
			}
			texts[j] = b.String()
		}
		if got, want := detectLanguage(texts...), detectLanguageBefore(texts...); got != want {
			if diff++; diff <= 5 {
				t.Errorf("detectLanguage(%q) = %s, first version %s", texts, got, want)
			}
		}
	}
}

// TestTextLanguage: a listing's text is said to be in a language only
// when its words say so clearly; a text in a language without markers,
// or too short to tell, is in none.
func TestTextLanguage(t *testing.T) {
	for _, c := range []struct{ want, text string }{
		{"en", "Weekly mentoring for young people who are at risk of being drawn into violent groups. Volunteers from the neighbourhood meet each of them for an hour and help with school and work."},
		{"fr", "Un accompagnement hebdomadaire pour les jeunes du quartier qui risquent de rejoindre des groupes violents. Des bénévoles les aident à trouver une formation et un emploi."},
		{"nl", "Wekelijkse begeleiding voor jongeren uit de wijk die het risico lopen zich bij gewelddadige groepen aan te sluiten. Vrijwilligers helpen hen met school en werk."},
		{"de", "Wöchentliche Begleitung für Jugendliche, die Gefahr laufen, sich gewalttätigen Gruppen anzuschließen. Ehrenamtliche helfen ihnen mit der Schule und der Arbeit."},
		{"ar", "برنامج أسبوعي لمرافقة الشباب المعرضين لخطر الانضمام إلى الجماعات العنيفة، بمساعدة متطوعين من الحي."},
		// Spanish, Italian, Portuguese, Polish: none of the markers' languages.
		{"", "Un programa semanal de acompañamiento para los jóvenes del barrio en riesgo de unirse a grupos violentos. Los voluntarios de la ciudad les ayudan en la escuela y en el trabajo."},
		{"", "Un programma settimanale di accompagnamento per i giovani del quartiere a rischio di unirsi a gruppi violenti. I volontari li aiutano con la scuola e il lavoro."},
		{"", "Um programa semanal de acompanhamento para os jovens do bairro em risco de se juntarem a grupos violentos. Os voluntários da cidade ajudam na escola e no trabalho."},
		{"", "Cotygodniowe wsparcie dla młodzieży zagrożonej przyłączeniem się do grup stosujących przemoc. Wolontariusze pomagają w szkole i w pracy."},
		// Too short to tell, or two languages as much as each other.
		{"", "Parents' café"},
		{"", "Youth café for the young"},
		{"", "The youth of the city. Les jeunes de la ville."},
	} {
		if got := TextLanguage(c.text); got != c.want {
			t.Errorf("TextLanguage(%.40q…) = %q, want %q", c.text, got, c.want)
		}
	}
	// The name and summary together, as a card has them.
	if got := TextLanguage("Parents' café", "A place where the parents of teenagers meet every week to talk about what worries them."); got != "en" {
		t.Errorf("name and summary: %q, want en", got)
	}
}

// A card's name and summary (300 characters at most): what each result
// of a page costs to tell its language.
func BenchmarkTextLanguage(b *testing.B) {
	name := "Fathers and sons"
	summary := "A place where the fathers of teenagers meet every week to talk about what worries them, learn from each other and from a social worker, and find help for their sons before anyone is drawn into violent groups online or offline."
	for b.Loop() {
		TextLanguage(name, summary)
	}
}
