package models

import (
	"context"
	"net/url"
	"testing"
)

const suggestFixture = `Youth Mentoring Circle,Mentors United,Weekly mentoring for young people at risk of radicalisation.,Volunteers meet young people every week.,youth-mentoring,young-people,secondary,en,in-person,free,GB,England,Birmingham,B1,,false,,a@example.org,,,,12,18,not_evaluated,2026-05-01
Family Support Line,Family Hub,Advice and relief for every family worried about a relative.,Counsellors answer calls.,family-support,parents-families,secondary,en,online,free,GB,England,Leeds,LS1,,false,,b@example.org,,,,,,evaluated,2026-05-01
Family Circle,Family Hub,A family group for parents whatever their belief.,Parents meet monthly.,family-support,parents-families,primary,en,in-person,free,GB,England,Leeds,LS1,,false,,c@example.org,,,,,,evaluated,2026-05-01
Famine Relief Talks,Relief Org,Talks about famine and displacement.,Open talks.,community-integration,general-public,primary,en,in-person,free,BE,Liège,Liège,4000,,false,,d@example.org,,,,,,evaluated,2026-05-01
توجيه الشباب,جمعية الأمل,برنامج توجيه للشباب في المدارس.,لقاءات أسبوعية.,youth-mentoring,young-people,primary,ar,in-person,free,BE,Bruxelles,Bruxelles,1000,,false,,e@example.org,,,,,,evaluated,2026-05-01
`

// suggestion runs a search in lang and returns its suggestion.
func suggestion(t *testing.T, s *Store, lang, query string) string {
	t.Helper()
	return searchResultIn(t, s, lang, query).Suggestion
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		k    int
		want int
	}{
		{"mentorng", "mentoring", 2, 1},
		{"brimingham", "birmingham", 2, 1}, // a transposition is one edit
		{"radicalisaton", "radicalisation", 2, 1},
		{"abcd", "abcd", 1, 0},
		{"abcd", "badc", 2, 2},
		{"kitten", "sitting", 3, 3},
		{"kitten", "sitting", 1, 2}, // more than k: k+1
		{"المدراس", "المدارس", 1, 1},
	} {
		if got := editDistance([]rune(c.a), []rune(c.b), c.k); got != c.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", c.a, c.b, c.k, got, c.want)
		}
	}
	for n, want := range map[int]int{1: 0, 3: 0, 4: 1, 7: 1, 8: 2, 20: 2} {
		if got := maxEdits(n); got != want {
			t.Errorf("maxEdits(%d) = %d, want %d", n, got, want)
		}
	}
}

func TestReplaceWords(t *testing.T) {
	got := replaceWords("Brimingham, mentorng! mentor", map[string]string{"Brimingham": "Birmingham", "mentorng": "mentoring"})
	if want := "Birmingham, mentoring! mentor"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	for typed, want := range map[string]string{"Brimingham": "Birmingham", "liege": "liège", "LIEGE": "LIÈGE", "Leige": "Liège"} {
		if got := asTyped(typed, "birmingham"); typed == "Brimingham" && got != want {
			t.Errorf("asTyped(%q) = %q, want %q", typed, got, want)
		}
		if got := asTyped(typed, "liège"); typed != "Brimingham" && got != want {
			t.Errorf("asTyped(%q) = %q, want %q", typed, got, want)
		}
	}
}

func TestSuggestCorrectsMisspeltWords(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, suggestFixture)
	for _, c := range []struct{ lang, q, want string }{
		{"en", "radicalisaton", "radicalisation"},
		{"en", "Brimingham", "Birmingham"},
		{"en", "mentorng", "mentoring"},
		{"en", "RADICALISATON", "RADICALISATION"},
		{"en", "Leige", "Liège"}, // accents and case do not count, and come back
		// Only the word that found nothing is corrected, the rest stays as typed.
		{"en", "weekly mentorng", "weekly mentoring"},
		{"en", "mentorng Brimingham", "mentoring Birmingham"},
		// Two words one edit away: the one more programs have ("relief"
		// two, "belief" one).
		{"en", "famile", "family"},
		{"en", "gelief", "relief"},
		// Arabic: a transposition in "المدارس" (the schools).
		{"ar", "المدراس", "المدارس"},
		// A name the search understands beyond the listings' text: a
		// country in French, the theme's French label.
		{"fr", "Belgiqe", "Belgique"},
		// Words programs have are never corrected, even when the
		// search finds nothing with them together.
		{"en", "famine", ""},
		{"en", "famine mentoring", ""},
		// Too short to correct, or nothing close.
		{"en", "fmly", ""},
		{"en", "zzzzqqqq", ""},
	} {
		if got := suggestion(t, s, c.lang, "q="+url.QueryEscape(c.q)); got != c.want {
			t.Errorf("%s %q: suggestion %q, want %q", c.lang, c.q, got, c.want)
		}
	}
	// The filters stay: a correction that finds nothing within them is
	// not offered.
	if got := suggestion(t, s, "en", "q=mentorng&country=GB"); got != "mentoring" {
		t.Errorf("mentorng in GB: suggestion %q, want mentoring", got)
	}
	if got := suggestion(t, s, "en", "q=mentorng&country=BE&language=en"); got != "" {
		t.Errorf("mentorng in BE: suggestion %q, want none (no English mentoring program there)", got)
	}
	// A word programs have is not corrected when the filters leave
	// none: "belief" is not "relief", which a program in Belgium has.
	if got := suggestion(t, s, "en", "q=belief&country=BE"); got != "" {
		t.Errorf("belief in BE: suggestion %q, want none", got)
	}
	// A search that finds programs has none.
	if got := suggestion(t, s, "en", "q=mentoring"); got != "" {
		t.Errorf("mentoring: suggestion %q, want none", got)
	}
}

// A country's name is not corrected into another country's: "Australia",
// where no program is, suggested "Austria" (an audit in English); a
// misspelt one still is.
func TestSuggestNoOtherCountry(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, suggestFixture+`Ausstieg Wien,Verein W,Begleitung beim Ausstieg.,Gespräche.,exit-work,people-leaving-extremism,tertiary,de,in-person,free,AT,,Vienna,,,false,,w@example.org,,,,,,not_evaluated,2026-01-10
Iraq Returnees,Org I,Support for families returning from Iraq.,Meetings.,family-support,returnees,tertiary,en,in-person,free,BE,,Gent,,,false,,i@example.org,,,,,,not_evaluated,2026-01-10
`)
	for _, c := range []struct{ q, want string }{
		{"Australia", ""},
		{"mentoring Australia", ""},
		{"Iran", ""},
		{"Austira", "Austria"},
	} {
		if got := suggestion(t, s, "en", "q="+url.QueryEscape(c.q)); got != c.want {
			t.Errorf("%q: suggestion %q, want %q", c.q, got, c.want)
		}
	}
}

// The vocabulary follows the search version: a program published with a
// new word makes it suggestible; once archived, its words are no longer
// offered.
func TestSuggestFollowsWrites(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	importCSV(t, s, suggestFixture)
	if got := suggestion(t, s, "en", "q=zebrafsh"); got != "" { // builds the vocabulary
		t.Fatalf("zebrafsh before: suggestion %q", got)
	}
	built := s.vocab.version
	importCSV(t, s, `Zebrafish Club,Aquarium Friends,A zebrafish club for teenagers.,Weekly.,education,young-people,primary,en,in-person,free,NL,Noord-Holland,Amsterdam,1011,,false,,z@example.org,,,,,,evaluated,2026-05-01
`)
	if got := suggestion(t, s, "en", "q=zebrafsh"); got != "zebrafish" {
		t.Fatalf("zebrafsh after publishing: suggestion %q, want zebrafish", got)
	}
	if s.vocab.version <= built || s.vocab.added == 0 {
		t.Errorf("the vocabulary was built again (version %d → %d, added %d): want the change added", built, s.vocab.version, s.vocab.added)
	}
	res := search(t, s, "q=zebrafish")
	if len(res.Hits) != 1 {
		t.Fatalf("zebrafish: %d hits", len(res.Hits))
	}
	admin := testUser(t, s, "admin@example.org", RoleAdmin)
	if err := s.SetProgramStatus(ctx, admin, res.Hits[0].Program.ID, StatusArchived, "closed"); err != nil {
		t.Fatal(err)
	}
	if got := suggestion(t, s, "en", "q=zebrafsh"); got != "" {
		t.Errorf("zebrafsh after archiving: suggestion %q, want none", got)
	}
}

// A suggestion depends on the user's language ("Belgiqe" is "Belgique"
// in French, "België" in Dutch), so a result cached for one language
// must not carry its suggestion into another.
func TestSuggestionCachedPerLanguage(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, suggestFixture)
	if got := suggestion(t, s, "nl", "q=Belgiqe"); got != "België" {
		t.Fatalf("nl Belgiqe: suggestion %q, want België", got)
	}
	if got := suggestion(t, s, "fr", "q=Belgiqe"); got != "Belgique" {
		t.Errorf("fr Belgiqe after nl: suggestion %q, want Belgique (the Dutch one was served from the cache)", got)
	}
}

// The user's language before the word more programs have: a listing
// that writes "België" in its summary does not make a French user's
// "Belgiqe" Dutch.
func TestSuggestionInTheUsersLanguageFirst(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, suggestFixture+`Steunpunt België,Org Z,Hulp in heel België.,Hulp.,family-support,parents-families,primary,nl,in-person,free,BE,,Gent,,,false,,z@example.org,,,,,,not_evaluated,2026-01-10
`)
	if got := suggestion(t, s, "fr", "q=Belgiqe"); got != "Belgique" {
		t.Errorf("fr Belgiqe: suggestion %q, want Belgique", got)
	}
	if got := suggestion(t, s, "nl", "q=Belgiqe"); got != "België" {
		t.Errorf("nl Belgiqe: suggestion %q, want België", got)
	}
}

// A compound written closed that the listings write as two words
// ("Präventionsarbeit", "ouderbegeleiding") found nothing and had no
// suggestion: its two words are offered, if they find programs together.
func TestSuggestCompoundAsTwoWords(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, suggestFixture+`Netzwerk Köln,Verein K,Prävention in der Arbeit mit Jugendlichen.,Wir beraten Schulen.,multi-agency,young-people,primary,de,in-person,free,DE,,Köln,,,false,,k@example.org,,,,,,not_evaluated,2026-01-10
Ouderpunt,Stichting O,Begeleiding voor elke ouder.,Wekelijkse gesprekken.,family-support,parents-families,secondary,nl,in-person,free,NL,,Utrecht,,,false,,o@example.org,,,,,,not_evaluated,2026-01-10
`)
	for _, c := range []struct{ lang, q, want string }{
		{"en", "Präventionsarbeit", "Prävention arbeit"},
		{"fr", "ouderbegeleiding", "ouder begeleiding"},
		// Two words that find nothing together are not offered.
		{"en", "mentoringrelief", ""},
	} {
		if got := suggestion(t, s, c.lang, "q="+url.QueryEscape(c.q)); got != c.want {
			t.Errorf("%s %q: suggestion %q, want %q", c.lang, c.q, got, c.want)
		}
	}
	// A German or Dutch search reads them as their words itself
	// (withSplits), and needs no suggestion. (The listings for parents
	// are "begeleiding" too, by the family support theme's label.)
	for _, c := range []struct{ lang, q, want string }{
		{"de", "Präventionsarbeit", "Netzwerk Köln"},
		{"nl", "ouderbegeleiding", "Ouderpunt"},
	} {
		res := searchResultIn(t, s, c.lang, "q="+url.QueryEscape(c.q))
		if got := names(res); len(got) == 0 || got[0] != c.want || res.Suggestion != "" {
			t.Errorf("%s %q: %q, suggestion %q; want %q first", c.lang, c.q, got, res.Suggestion, c.want)
		}
	}
}

// A place is not corrected into a word: "Chile", where no program is,
// was offered "Child", and "Cork" (a city the search does not know)
// "Work". A known city or country is never corrected; a word of four
// letters keeps its first.
func TestSuggestNoPlaceMadeAWord(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, suggestFixture+`Work Start,Jobs Org,Work and training for every child.,Weekly.,employment,young-people,primary,en,in-person,free,GB,England,Leeds,LS1,,false,,w@example.org,,,,,,not_evaluated,2026-05-01
Home Visits,Home Org,Home visits to families.,Weekly.,family-support,parents-families,primary,en,in-person,free,GB,England,Leeds,LS1,,false,,h@example.org,,,,,,not_evaluated,2026-05-01
`)
	for _, c := range []struct{ lang, q, want string }{
		{"en", "Chile", ""},
		{"en", "Rome", ""},
		{"fr", "Rome", ""},
		{"ar", "روما", ""},
		{"en", "Cork", ""},
		{"en", "cork", ""},
		{"en", "Cork work", ""},
		// Still corrected: a misspelt word, and a word
		// of four letters with its first kept.
		{"en", "wrok", "work"},
		{"en", "Hoem", "Home"},
		{"en", "Brimingham", "Birmingham"},
	} {
		if got := suggestion(t, s, c.lang, "q="+url.QueryEscape(c.q)); got != c.want {
			t.Errorf("%s %q: suggestion %q, want %q", c.lang, c.q, got, c.want)
		}
	}
}

// After a French elision the correction keeps it right: "d'einsertion"
// was offered "d'réinsertion". A correction that begins with a vowel
// comes first ("d'insertion"); before one that begins with a consonant
// the elided word is written out ("de réinsertion"), or left out when
// it may be "le" or "la".
func TestSuggestAfterElision(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, suggestFixture+`Après la prison,Org P,Accompagnement vers la réinsertion après la prison.,Chaque semaine.,prison-probation,prisoners-probation,tertiary,fr,in-person,free,FR,,Lyon,,,false,,p@example.org,,,,,,not_evaluated,2026-05-01
`)
	for _, c := range []struct{ q, want string }{
		{"d'einsertion", "de réinsertion"},
		{"D'einsertion", "De réinsertion"},
		{"aide d’einsertion", "aide de réinsertion"},
		{"l'einsertion", "réinsertion"},
		{"qu'einsertion", "que réinsertion"},
		{"d'reinsertoin", "de réinsertion"},
	} {
		if got := suggestion(t, s, "fr", "q="+url.QueryEscape(c.q)); got != c.want {
			t.Errorf("fr %q: suggestion %q, want %q", c.q, got, c.want)
		}
	}
	importCSV(t, s, `Premier emploi,Org E,Insertion professionnelle des jeunes.,Chaque semaine.,employment,young-people,primary,fr,in-person,free,FR,,Lyon,,,false,,e@example.org,,,,,,not_evaluated,2026-05-01
`)
	for _, c := range []struct{ q, want string }{
		{"d'einsertion", "d'insertion"},
		{"l’einsertion", "l’insertion"},
	} {
		if got := suggestion(t, s, "fr", "q="+url.QueryEscape(c.q)); got != c.want {
			t.Errorf("fr %q with insertion: suggestion %q, want %q", c.q, got, c.want)
		}
	}
	for q, want := range map[string]string{"aujourd'hui": "aujourd'lui", "(d'hui)": "(de lui)", "L'hui": "lui"} {
		if got := replaceWords(q, map[string]string{"hui": "lui"}); got != want {
			t.Errorf("%s: %q, want %q", q, got, want)
		}
	}
}

// A correction is a word of the user's language before a word more
// programs have in another: "mentorn" on a Dutch page was offered
// English "mentors", which three listings write, not "mentoren". The
// language of the query's little words goes before the page's.
func TestSuggestionFromTheListingsOfTheUsersLanguage(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, suggestFixture+`Mentors for girls,Org G,Mentors for girls in the city.,Weekly.,youth-mentoring,women-girls,primary,en,in-person,free,GB,England,Leeds,LS1,,false,,g@example.org,,,,,,not_evaluated,2026-05-01
Mentors for boys,Org B,Mentors for boys in the city.,Weekly.,youth-mentoring,young-people,primary,en,in-person,free,GB,England,Leeds,LS1,,false,,b@example.org,,,,,,not_evaluated,2026-05-01
Jongerenproject,Stichting M,Mentoren voor jongeren in de wijk.,Elke week.,youth-mentoring,young-people,primary,nl,in-person,free,NL,,Utrecht,,,false,,m@example.org,,,,,,not_evaluated,2026-05-01
`)
	for _, c := range []struct{ lang, q, want string }{
		{"nl", "mentorn", "mentoren"},
		{"en", "mentorn", "mentors"},
		{"fr", "mentorn", "mentors"}, // most programs, when the page's language has neither
		{"en", "mentorn voor de jongeren", "mentoren voor de jongeren"},
		{"nl", "mentorn for the city", "mentors for the city"},
	} {
		if got := suggestion(t, s, c.lang, "q="+url.QueryEscape(c.q)); got != c.want {
			t.Errorf("%s %q: suggestion %q, want %q", c.lang, c.q, got, c.want)
		}
	}
}
