package models

import (
	"context"
	"maps"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// What people type, in the directory's languages, finds what they mean.
// Each case here found nothing, or the wrong programs, until 2026-11-29.

// Arabic writes "and" (و) joined to the next word, and labels are full
// of it: "الآباء والأمهات والأسر" (fathers and mothers and families). A
// search for "الأمهات" (the mothers) found nothing.
func TestArabicAndJoinedToTheWord(t *testing.T) {
	for _, c := range []struct{ a, b string }{
		{"والأمهات", "الأمهات"},
		{"والشباب", "الشباب"},
		{"والفتيات", "الفتيات"},
		{"الأسره", "الأسرة"}, // ta marbuta written as ha
	} {
		if x, y := stemIn("ar", c.a), stemIn("ar", c.b); x != y {
			t.Errorf("%s → %q, %s → %q: want the same stem", c.a, x, c.b, y)
		}
	}
	// "أسرته" (his family) ends in the pronoun, not a ta marbuta: it is
	// "أسرة" (family), as before.
	if x, y := stemIn("ar", "أسرته"), stemIn("ar", "الأسرة"); x != y {
		t.Errorf("أسرته → %q, الأسرة → %q: want the same stem", x, y)
	}
	// "الكره" (hatred, as in hate speech) ends in a ha of its root.
	if x, y := stemIn("ar", "الكره"), stemIn("ar", "كره"); x != y {
		t.Errorf("الكره → %q, كره → %q: want the same stem", x, y)
	}
	// The forms of a word, with and without the article, a preposition
	// or a suffix of plural or gender, are one stem...
	for _, forms := range [][]string{
		{"فتيات", "الفتيات", "والفتيات", "للفتيات"},
		{"مجاني", "مجانية", "المجانية"},
		{"لاجئين", "اللاجئين", "لاجئون"},
		{"أسرة", "الأسرة", "أسرته", "أسر"},
		{"وقاية", "الوقاية"},
		{"إلكتروني", "الإلكتروني"}, // electronic: its alef is no article
		{"الدعم", "والدعم", "دعم"}, // and the support
		{"ثابت", "ثابتة"},          // fixed
	} {
		for _, f := range forms[1:] {
			if x, y := stemIn("ar", forms[0]), stemIn("ar", f); x != y {
				t.Errorf("%s → %q, %s → %q: want the same stem", forms[0], x, f, y)
			}
		}
	}
	// ... and different words are not: prevention and "قاية", safety
	// and mother, boys and girls, hatred and the ball, parents and
	// religion.
	for _, pair := range [][2]string{{"وقاية", "قاية"}, {"الأمان", "أم"}, {"الفتيان", "الفتيات"}, {"الكره", "الكرة"}, {"والدين", "دين"}} {
		if x, y := stemIn("ar", pair[0]), stemIn("ar", pair[1]); x == y {
			t.Errorf("%s and %s both stem to %q", pair[0], pair[1], x)
		}
	}
	// "والدين" (parents) begins with the letters of "and the" but is one
	// word: it must not become "الدين" (the religion).
	if x, y := stemIn("ar", "والدين"), stemIn("ar", "الدين"); x == y {
		t.Errorf("والدين and الدين both stem to %q", x)
	}
	if got := foldWord("١٤"); got != "14" {
		t.Errorf("Arabic-Indic digits: %q", got)
	}

	s := newTestStore(t)
	importCSV(t, s, multilingualFixture)
	for _, q := range []string{"الأمهات", "والأمهات"} {
		if got := searchIn(t, s, "ar", "q="+url.QueryEscape(q)); !slices.Contains(got, "Steunpunt voor gezinnen") {
			t.Errorf("ar %s: got %q, want the program for parents and families", q, got)
		}
	}
}

// A stem in one language that is a little word of another finds that
// word: French "ans" (years) stems to "an", and found every English
// listing with "an" in it.
func TestStemThatIsAFunctionWordElsewhere(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, multilingualFixture+
		`An open kitchen,Kitchen Trust,An open kitchen for an evening a week.,Cooking together once a week.,community-integration,general-public,primary,en,in-person,free,GB,England,Leeds,LS2,,false,,e@example.org,,,,,,not_evaluated,2026-05-01
Ateliers pour ados,Maison des Ados,Des ateliers pour les ados de 12 à 16 ans.,Chaque mercredi.,education,young-people,primary,fr,in-person,free,FR,Île-de-France,Paris,75011,,false,,f@example.org,,,,12,16,not_evaluated,2026-05-01
`)
	for _, q := range []string{"q=ans", "q=ans+"} {
		got := searchIn(t, s, "fr", q)
		if !slices.Contains(got, "Ateliers pour ados") || slices.Contains(got, "An open kitchen") {
			t.Errorf("fr %s: got %q, want the workshops and not the kitchen", q, got)
		}
	}
	// Nor is "an" marked in a result.
	tax, _ := s.Taxonomies(context.Background())
	m := newMatcher(ParseSearchParams(url.Values{"q": {"ans"}}, tax).InLanguage("fr").terms)
	if !m.matches("ans") || m.matches("an") || m.matches("An") {
		t.Errorf("ans marks ans %v, an %v, An %v", m.matches("ans"), m.matches("an"), m.matches("An"))
	}
}

// The last word of a search is matched as the beginning of longer words
// (it may be still being typed, and German joins words). When it is
// also a whole word of a label, the labels that only begin with it are
// left out: "jeunes" (young people) brought the programs for youth
// workers ("travailleurs … de jeunesse") before those for young people.
func TestLastWordNamesItsOwnLabelFirst(t *testing.T) {
	tax := testTaxonomies(t)
	has := func(q, lang, token string) bool {
		p := ParseSearchParams(url.Values{"q": {q}}, tax).InLanguage(lang)
		for _, term := range p.terms {
			if slices.Contains(term.tokens(), token) {
				return true
			}
		}
		return false
	}
	young, workers := labelToken(TaxAudience, "young-people"), labelToken(TaxAudience, "social-youth-workers")
	if !has("jeunes", "fr", young) || has("jeunes", "fr", workers) {
		t.Errorf("jeunes: want the young people's label and not the youth workers'")
	}
	// A beginning that is no label word of its own still finds them.
	if !has("jeu", "fr", young) || !has("trava", "fr", workers) {
		t.Errorf("jeu, trava: want the young people's and the workers' labels")
	}
	// A compound it begins is still found: "gezin" (family) finds
	// "gezinsondersteuning" (family support).
	if !has("gezin", "nl", labelToken(TaxTheme, "family-support")) {
		t.Errorf("gezin: want the family support theme")
	}
	// Whom a term serves does not find it alone: "youth", "الشباب" are
	// not the youth workers; "workers", "travailleurs" are, and so is
	// the whole label, every word of it.
	if has("youth ", "en", workers) || has("الشباب ", "ar", workers) || !has("الشباب ", "ar", young) ||
		!has("workers ", "en", workers) || !has("travailleurs ", "fr", workers) {
		t.Errorf("the youth workers' label: found by youth or الشباب, or not by workers")
	}
	every := func(q, lang, token string) bool {
		p := ParseSearchParams(url.Values{"q": {q}}, tax).InLanguage(lang)
		for _, term := range p.terms {
			if !slices.Contains(term.tokens(), token) {
				return false
			}
		}
		return len(p.terms) > 0
	}
	for _, c := range [][2]string{{"Social and youth workers ", "en"}, {"travailleurs de jeunesse ", "fr"},
		{"العاملون مع الشباب ", "ar"}} {
		if !every(c[0], c[1], workers) {
			t.Errorf("%s: not every word finds the youth workers' label", c[0])
		}
	}
	// The little words of the Arabic labels are no label words, as
	// the analyser stems them: "على" (on) in "الأمان على الإنترنت".
	if has("علي ", "ar", labelToken(TaxTheme, "media-literacy")) {
		t.Errorf("علي finds the media literacy theme")
	}
	// "person" is no label word: "In person" is how a program is met.
	if has("personnes", "fr", labelToken(TaxDelivery, "in-person")) || has("person", "en", labelToken(TaxDelivery, "in-person")) {
		t.Errorf("personnes / person find the programs met in person")
	}
}

// The little words of every language are left out, the prepositions
// people put in a sentence among them.
func TestSentenceWordsLeftOut(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, multilingualFixture)
	for _, c := range []struct{ lang, q, want string }{
		{"fr", "q=ateliers+après+le+musée", "Sorties culturelles pour les jeunes"},
		{"fr", "q=animateurs+chez+les+jeunes", "Sorties culturelles pour les jeunes"},
		{"de", "q=Beratung+beim+Angehörige", "Beratung für Familien"},
		{"nl", "q=coaches+tussen+gezinnen", "Steunpunt voor gezinnen"},
		// The words of a question.
		{"en", "q=where+can+my+chess+club+meet", "Chess club"},
		{"nl", "q=waar+zijn+de+coaches", "Steunpunt voor gezinnen"},
		{"de", "q=wo+ist+die+Beratungsstelle", "Beratung für Familien"},
		{"fr", "q=quand+sont+les+sorties+au+musée", "Sorties culturelles pour les jeunes"},
		{"fr", "q=ateliers+qui+ne+sont+plus", "Sorties culturelles pour les jeunes"},
		{"nl", "q=coaches+die+zich+niet", "Steunpunt voor gezinnen"},
		{"de", "q=Beratung+es+nicht", "Beratung für Familien"},
		// From an audit in four languages: "ab", "bis", "tun", "moet",
		// "doen", "faire" were required (and "faire" found English
		// "fair").
		{"de", "q=Beratung+ab", "Beratung für Familien"},
		{"de", "q=bis+Beratung", "Beratung für Familien"},
		{"de", "q=was+tun+Beratung", "Beratung für Familien"},
		{"nl", "q=coaches+wat+moet+ik+doen", "Steunpunt voor gezinnen"},
		{"fr", "q=ateliers+que+faire", "Sorties culturelles pour les jeunes"},
		// From an audit in English: the words of a sentence ("been",
		// "need", "between", "against", "don't") were required, and
		// "…son has been watching…" found the listings that say "been".
		{"en", "q=I%27m+looking+for+a+chess+club", "Chess club"},
		{"en", "q=we+need+someone+who+has+been+to+a+chess+club", "Chess club"},
		{"en", "q=I+don%27t+know+which+chess+club+they%27ve+had", "Chess club"},
		{"en", "q=chess+between+players+without+a+club", "Chess club"},
		{"en", "q=players+against+chess+clubs+during+Tuesdays", "Chess club"},
	} {
		res := searchResultIn(t, s, c.lang, c.q)
		if len(res.Hits) == 0 || res.Hits[0].Program.Name != c.want || res.Missing != nil {
			t.Errorf("%s %s: got %d hits, missing %q", c.lang, c.q, len(res.Hits), res.Missing)
		}
	}
}

// A program found by its eligibility shows where: the excerpt comes from
// the eligibility when the description has none of the words.
func TestExcerptFromTheEligibility(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, `Buurtwerk,Buurthuis,Een plek voor de buurt.,Open huis elke dag.,community-integration,general-public,primary,nl,in-person,free,BE,Antwerpen,Antwerpen,2140,,false,,g@example.org,,,Inwoners van Borgerhout en Deurne,,,not_evaluated,2026-05-01
`)
	res := searchResultIn(t, s, "nl", "q=Borgerhout")
	if len(res.Hits) != 1 {
		t.Fatalf("got %d hits", len(res.Hits))
	}
	if !hasHit(res.Hits[0].Excerpt) || res.Hits[0].ExcerptOf != "eligibility" {
		t.Errorf("excerpt %+v of %q: want the eligibility with Borgerhout marked", res.Hits[0].Excerpt, res.Hits[0].ExcerptOf)
	}
}

// A search in a sentence has a word no listing has with the others
// ("hulp": the listing says "steun"). Every word is required, so it
// found nothing; it now finds the programs with the words they have
// together, and says which words it left out.
func TestSearchWithAWordNoProgramHas(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, multilingualFixture)
	run := func(lang, q string) *SearchResult { t.Helper(); return searchResultIn(t, s, lang, q) }
	for _, c := range []struct {
		lang, q, want string
		missing       []string
	}{
		// "hulp" is in no listing. (The German one is for parents and
		// families too: "ouders" and "gezinnen" are words of that label.)
		{"nl", "q=hulp+voor+ouders+van+gezinnen", "Steunpunt voor gezinnen", []string{"hulp"}},
		// Each word is in some listing, not all in one: the one whose
		// leaving out finds the most goes ("Leeds": the chess club).
		{"fr", "q=sorties+musée+Leeds", "Sorties culturelles pour les jeunes", []string{"Leeds"}},
	} {
		res := run(c.lang, c.q)
		if got := names(res); len(got) == 0 || got[0] != c.want || res.Total != len(got) {
			t.Errorf("%s %s: got %q (total %d), want %q first", c.lang, c.q, got, res.Total, c.want)
		}
		if !slices.Equal(res.Missing, c.missing) {
			t.Errorf("%s %s: missing %q, want %q", c.lang, c.q, res.Missing, c.missing)
		}
		if len(res.Hits) > 0 && !hasHit(res.Hits[0].Snippet) && !hasHit(res.Hits[0].Excerpt) {
			t.Errorf("%s %s: no word marked in the result", c.lang, c.q)
		}
	}
	// A search whose words are all found together, or none at all, has
	// nothing missing.
	if res := run("fr", "q=sorties+musée"); res.Total != 1 || res.Missing != nil {
		t.Errorf("sorties musée: total %d, missing %q", res.Total, res.Missing)
	}
	if res := run("en", "q=zzzq+yyyq"); res.Total != 0 || res.Missing != nil {
		t.Errorf("zzzq yyyq: total %d, missing %q", res.Total, res.Missing)
	}
	// Filters that leave nothing are not the words' fault.
	if res := run("fr", "q=sorties&country=DE"); res.Total != 0 || res.Missing != nil {
		t.Errorf("sorties in DE: total %d, missing %q", res.Total, res.Missing)
	}
	// The words left out are chosen within the filters: in Great
	// Britain only "Leeds" finds something; in Germany nothing does, and
	// nothing is said to be left out.
	if res := run("fr", "q=sorties+musée+Leeds&country=GB"); res.Total != 1 || !slices.Equal(res.Missing, []string{"sorties", "musée"}) {
		t.Errorf("in GB: total %d, missing %q", res.Total, res.Missing)
	}
	if res := run("fr", "q=sorties+Leeds&country=DE"); res.Total != 0 || res.Missing != nil {
		t.Errorf("in DE: total %d, missing %q", res.Total, res.Missing)
	}
	// When no words find anything there, the facets still count what
	// the words find elsewhere: Belgium, for "sorties musée" in Germany.
	res := run("fr", "q=sorties+musée&country=DE")
	if res.Total != 0 || res.Missing != nil || !slices.Contains(res.Facets["country"], FacetCount{Value: "BE", Count: 1}) {
		t.Errorf("sorties musée in DE: total %d, missing %q, countries %v", res.Total, res.Missing, res.Facets["country"])
	}
	// Words that some program has together, but none the filters let
	// through, are treated alike: "Köln" is in Germany, the filter says
	// the Netherlands, and the families there are found without it.
	if res := run("fr", "q=familles+Köln&country=NL"); res.Total != 1 || !slices.Equal(res.Missing, []string{"Köln"}) {
		t.Errorf("familles Köln in NL: total %d, missing %q", res.Total, res.Missing)
	}
}

// Of the words that could be left out, the most common goes: the rarer
// a word, the more it says. "youth mentoring Brussels" left out Brussels
// (two programs for youth mentoring elsewhere) instead of "youth" (one
// mentoring program in Brussels).
func TestSearchLeavesOutTheCommonestWord(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, `Youth mentors Leeds,Org A,Youth mentoring.,Every week.,youth-mentoring,general-public,primary,en,in-person,free,GB,England,Leeds,LS1,,false,,q@example.org,,,,,,not_evaluated,2026-05-01
Youth mentors Paris,Org B,Youth mentoring.,Every week.,youth-mentoring,general-public,primary,en,in-person,free,FR,Île-de-France,Paris,75001,,false,,r@example.org,,,,,,not_evaluated,2026-05-01
Exit mentors,Org C,Exit mentoring.,Every week.,exit-work,general-public,tertiary,en,in-person,free,BE,Brussels,Brussels,1000,,false,,s@example.org,,,,,,not_evaluated,2026-05-01
Youth club,Org D,A club for youth.,Every week.,community-integration,general-public,primary,en,in-person,free,GB,England,York,YO1,,false,,t@example.org,,,,,,not_evaluated,2026-05-01
`)
	res := searchResultIn(t, s, "en", "q=youth+mentoring+Brussels")
	if got := names(res); res.Total != 1 || got[0] != "Exit mentors" || !slices.Equal(res.Missing, []string{"youth"}) {
		t.Errorf("got %q, missing %q; want the exit mentors, without youth", got, res.Missing)
	}
}

// A city is found by its name in any of the languages: the listings say
// "Ghent", "Brussels", "The Hague", and people type "Gent", "Bruxelles",
// "Den Haag", "بروكسل".
func TestCityByItsOtherNames(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, `Buurtouders,Ouders Vzw,Steun voor ouders.,Elke week.,family-support,parents-families,secondary,nl,in-person,free,BE,East Flanders,Ghent,9000,,false,,i@example.org,,,,,,not_evaluated,2026-05-01
Welcome desk,Brussels Welcome,A desk for newcomers.,Every day.,community-integration,newcomers-refugees,primary,en,in-person,free,BE,Brussels,Brussels,1000,,false,,j@example.org,,,,,,not_evaluated,2026-05-01
Mentors,Hague Mentors,Mentoring for young people.,Every week.,youth-mentoring,young-people,primary,en,in-person,free,NL,South Holland,The Hague,2511,,false,,k@example.org,,,,,,not_evaluated,2026-05-01
Romani youth club,Roma Rights,A club for Roma youth.,Every week.,youth-mentoring,young-people,primary,en,in-person,free,IT,Lazio,Rome,00100,,false,,l@example.org,,,,,,not_evaluated,2026-05-01
`)
	findsOnly(t, s, []langCase{
		{"nl", "q=Gent", "Buurtouders"},
		{"fr", "q=Gand", "Buurtouders"},
		{"fr", "q=Bruxelles", "Welcome desk"},
		{"ar", "q=" + url.QueryEscape("بروكسل"), "Welcome desk"},
		{"de", "q=Br%C3%BCssel+", "Welcome desk"},
		{"nl", "q=Den+Haag", "Mentors"},
		{"fr", "q=mentors+La+Haye", "Mentors"},
	})
	// "Roma" is the people, not another name of Rome.
	if got := searchIn(t, s, "en", "q=Rome+"); len(got) != 1 {
		t.Errorf("Rome: %q", got)
	}
	if alts := placeAlts("roma"); alts != nil {
		t.Errorf("roma has the other names %q", alts)
	}
	// Each name is searched by one word, and belongs to one city.
	seen := map[string]string{}
	for _, names := range cityNames {
		for _, n := range names {
			w := placeWord(n)
			if w == "" {
				t.Errorf("%q is not one word", n)
			}
			if other, ok := seen[w]; ok && other != names[0] {
				t.Errorf("%q names both %s and %s", n, other, names[0])
			}
			seen[w] = names[0]
		}
	}
}

// How a program is delivered and what it costs are found by their labels
// in every language, as its themes and audiences are.
func TestDeliveryAndCostByTheirLabels(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, `Open club,Club Vzw,A club.,Every week.,community-integration,general-public,primary,en,in-person,free,BE,Antwerpen,Antwerpen,2000,,false,,m@example.org,,,,,,not_evaluated,2026-05-01
Web course,Course Ltd,A course.,Every week.,practitioner-training,teachers-schools,primary,en,online,paid,GB,England,Leeds,LS1,,false,,n@example.org,,,,,,not_evaluated,2026-05-01
`)
	findsOnly(t, s, []langCase{
		{"fr", "q=gratuit", "Open club"},
		{"nl", "q=gratis", "Open club"},
		{"ar", "q=" + url.QueryEscape("مجاني"), "Open club"},
		{"en", "q=free", "Open club"},
		{"fr", "q=en+ligne", "Web course"},
		{"de", "q=kostenpflichtig", "Web course"},
	})
}

// French plurals in -us are their singular: "détenus" (prisoners) found
// nothing while "détenues" found the programs.
func TestFrenchPluralInUs(t *testing.T) {
	for _, w := range []string{"détenus", "détenues", "détenue", "détenu"} {
		if got := stemIn("fr", w); got != "detenu" {
			t.Errorf("%s → %q", w, got)
		}
	}
	s := newTestStore(t)
	importCSV(t, s, `Après la prison,Réinsertion Asbl,Accompagnement des personnes détenues.,Chaque semaine.,exit-work,prisoners-probation,tertiary,fr,in-person,free,BE,Hainaut,Charleroi,6000,,false,,o@example.org,,,,,,not_evaluated,2026-05-01
Parloir,Famille Asbl,Soutien aux familles des détenus.,Chaque semaine.,family-support,parents-families,tertiary,fr,in-person,free,BE,Hainaut,Mons,7000,,false,,p@example.org,,,,,,not_evaluated,2026-05-01
`)
	for _, q := range []string{"q=détenus", "q=détenues+", "q=détenu+"} {
		if got := searchIn(t, s, "fr", q); len(got) != 2 {
			t.Errorf("fr %s: got %q, want both", q, got)
		}
	}
}

// A country is found by its name in the interface's languages: the
// programs with a location there.
func TestCountryByItsName(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, multilingualFixture)
	findsOnly(t, s, []langCase{
		{"fr", "q=Belgique", "Sorties culturelles pour les jeunes"},
		{"en", "q=Belgium", "Sorties culturelles pour les jeunes"},
		{"nl", "q=Duitsland", "Beratung für Familien"},
		{"de", "q=Deutschland", "Beratung für Familien"},
		{"ar", "q=" + url.QueryEscape("ألمانيا"), "Beratung für Familien"},
		{"nl", "q=Nederland", "Steunpunt voor gezinnen"},
		{"ar", "q=" + url.QueryEscape("بألمانيا"), "Beratung für Familien"}, // in Germany
		{"fr", "q=Pays-Bas", "Steunpunt voor gezinnen"},
		{"fr", "q=familles+aux+Pays-Bas", "Steunpunt voor gezinnen"},
		{"de", "q=Vereinigtes+Königreich", "Chess club"},
		{"ar", "q=" + url.QueryEscape("المملكة المتحدة"), "Chess club"},
		{"en", "q=chess+Britain", "Chess club"}, // what people call the United Kingdom
		{"en", "q=UK", "Chess club"},
		{"en", "q=England", "Chess club"},
		{"en", "q=Great+Britain", "Chess club"},
	})
	if got := countryTokens("belgique"); !slices.Equal(got, []string{"1countrybe"}) {
		t.Errorf("belgique: %q", got)
	}
	for _, w := range []string{"uk", "scotland", "wales", "engeland", foldWord("إنجلترا")} {
		if got := countryTokens(w); !slices.Equal(got, []string{"1countrygb"}) {
			t.Errorf("%s: %q", w, got)
		}
	}
	// "Northern Ireland" is the United Kingdom: both words ask for it.
	terms := []queryTerm{{Word: "northern"}, {Word: "ireland"}}
	withLongCountryNames(terms)
	if !slices.Contains(terms[0].Alts, "1countrygb") || !slices.Contains(terms[1].Alts, "1countrygb") {
		t.Errorf("Northern Ireland: %+v", terms)
	}
	for _, w := range []string{"reunion", "italien", "polen", "مالي", "بنين"} { // a meeting, Italian, Poles, financial, boys
		if got := countryTokens(foldWord(w)); got != nil {
			t.Errorf("%s names %q", w, got)
		}
	}
}

// A word no program has is left out without the match of each other word
// alone (every match of a common word is costly): an existence query
// finds it, and the other words are asked for together.
func TestWordInNoProgramCostsNoWordAlone(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, multilingualFixture)
	tax, _ := s.Taxonomies(context.Background())
	p := ParseSearchParams(url.Values{"q": {"sorties musée zzzq"}}, tax).InLanguage("fr")
	res, err := s.SearchPrograms(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || !slices.Equal(res.Missing, []string{"zzzq"}) {
		t.Fatalf("total %d, missing %q", res.Total, res.Missing)
	}
	var version int64
	s.db.Raw("SELECT version FROM search_state WHERE id = 1").Scan(&version)
	ss := s.dialect.searchSQL()
	for _, term := range p.terms[:2] {
		if _, ok := s.matches.get(version, ss.matchArg([]queryTerm{term})); ok {
			t.Errorf("%s was matched alone", term.Word)
		}
	}
	// Nor when the filters let no program through: no words would help.
	p = ParseSearchParams(url.Values{"q": {"sorties Leeds"}, "country": {"DE"}, "cost": {"paid"}}, tax).InLanguage("fr")
	if res, err = s.SearchPrograms(context.Background(), p); err != nil || res.Total != 0 || res.Missing != nil {
		t.Fatalf("total %d, missing %q, %v", res.Total, res.Missing, err)
	}
	for _, term := range p.terms {
		if _, ok := s.matches.get(version, ss.matchArg([]queryTerm{term})); ok {
			t.Errorf("%s was matched alone, under filters that let nothing through", term.Word)
		}
	}
}

// Words practitioners search a theme by that its labels lack find it:
// "deradicalisation" the exit programs, "hotline" the helplines.
func TestThemeBySynonym(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, searchFixture)
	for _, q := range []string{"deradicalisation", "deradicalization", "Deradikalisierung", "hotline"} {
		if got := names(search(t, s, "q="+q)); !slices.Contains(got, "Exit Line") {
			t.Errorf("q=%s: %v, want Exit Line among them", q, got)
		}
	}
	if got := names(search(t, s, "q=mentorship")); !slices.Contains(got, "Youth Club North") {
		t.Errorf("q=mentorship: %v", got)
	}
	if got := names(search(t, s, "q=racism")); slices.Contains(got, "Exit Line") {
		t.Errorf("q=racism finds the exit programs: %v", got)
	}
}

// Words every listing is ("programme", "scheme", "Projekt") are left out
// of a query like function words: "exit programme" finds what "exit"
// finds. Alone, the word is searched.
func TestDirectoryWordsLeftOut(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, searchFixture+`Programme Jeunesse,Org P,Ateliers,Des ateliers.,youth-mentoring,young-people,primary,fr,in-person,free,BE,Wallonie,Liège,,,false,,p@example.org,,,,,,not_evaluated,2026-01-10
`)
	for _, q := range []string{"exit+programme", "helpline+scheme", "exit+Projekt", "programmes+for+exit"} {
		if got, want := names(search(t, s, "q="+q)), names(search(t, s, "q=exit")); !slices.Equal(got, want) {
			t.Errorf("q=%s: %v, want %v", q, got, want)
		}
	}
	if got := names(search(t, s, "q=programme")); !slices.Equal(got, []string{"Programme Jeunesse"}) {
		t.Errorf("q=programme: %v", got)
	}
}

// A language is found by its name in the interface's languages and in
// itself: the programs offered in it, whatever their text says. Not
// English: "English lessons" mean the subject.
func TestLanguageByItsName(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, multilingualFixture+`Mentors in Arabic,Org M,Weekly mentoring for young people.,Mentors meet young people every week.,youth-mentoring,young-people,primary,ar;fr,in-person,free,GB,England,Leeds,,,false,,m@example.org,,,,,,not_evaluated,2026-05-01
`)
	findsOnly(t, s, []langCase{
		{"en", "q=Dutch", "Steunpunt voor gezinnen"},
		{"fr", "q=n%C3%A9erlandais", "Steunpunt voor gezinnen"},
		{"de", "q=Niederl%C3%A4ndisch", "Steunpunt voor gezinnen"},
		{"nl", "q=Nederlands", "Steunpunt voor gezinnen"},
		{"en", "q=German", "Beratung für Familien"},
		{"en", "q=Arabic", "Mentors in Arabic"},
		{"en", "q=Arabic+mentoring", "Mentors in Arabic"},
		{"ar", "q=" + url.QueryEscape("العربية"), "Mentors in Arabic"},
		{"ar", "q=" + url.QueryEscape("بالعربية"), "Mentors in Arabic"}, // in Arabic
	})
	if got := names(search(t, s, "q=French")); len(got) != 2 {
		t.Errorf("q=French: %v, want the two programs offered in French", got)
	}
	if got := languageTokens("english"); got != nil {
		t.Errorf("english: %q", got)
	}
	if got := languageTokens("arabisch"); !slices.Equal(got, []string{"1languagear"}) {
		t.Errorf("arabisch: %q", got)
	}
	for w, want := range map[string]string{"norwegian": "1languageno", "farsi": "1languagefa", "turque": "1languagetr"} {
		if got := languageTokens(w); !slices.Equal(got, []string{want}) {
			t.Errorf("%s: %q", w, got)
		}
	}
	for _, w := range []string{"fries", "lets", "cree", "corse"} { // French fries, Dutch "lets", created, Corsica
		if got := languageTokens(w); got != nil {
			t.Errorf("%s names a language: %q", w, got)
		}
	}
}

// An age typed among a search's words is found, with the words that said
// it and the query without them; a number that is no age is not.
func TestAgeInQuery(t *testing.T) {
	for q, want := range map[string]struct {
		age          int
		phrase, rest string
	}{
		"help for a 16 year old online": {16, "16 year old", "help online"},
		"16-year-olds mentoring":        {16, "16-year-olds", "mentoring"},
		"mentoring aged 14":             {14, "aged 14", "mentoring"},
		"ateliers 12 ans":               {12, "12 ans", "ateliers"},
		"jongeren van 15 jaar oud":      {15, "15 jaar oud", "jongeren"},
		// The little words around it, and a range's lower end, go with it.
		"pour 16 ans":                   {16, "16 ans", ""},
		"jeunes de 16 ans":              {16, "16 ans", "jeunes"},
		"jeunes de 12 à 15 ans":         {15, "15 ans", "jeunes"},
		"jongeren tussen 12 en 18 jaar": {18, "18 jaar", "jongeren"},
		"für 15-Jährige":                {15, "15-Jährige", ""},
		"Jugendliche ab 14 Jahren":      {14, "14 Jahren", "Jugendliche"},
		"14- bis 18-Jährige":            {18, "18-Jährige", ""},
		"Beratung 16-Jährige":           {16, "16-Jährige", "Beratung"},
		"Jugendliche 14 Jahre alt":      {14, "14 Jahre alt", "Jugendliche"},
		"شباب ١٦ سنة":                   {16, "16 سنة", "شباب"},
		"Age 9":                         {9, "Age 9", ""},
		"aged 13 years":                 {13, "aged 13 years", ""},
		// A range after the word for age reads as its upper end, as one
		// before the word for years does; "ages" says it too.
		"mentoring aged 12-16":      {16, "aged 12-16", "mentoring"},
		"youth aged 12 to 16 sport": {16, "aged 12 to 16", "youth sport"},
		"for ages 13 to 17":         {17, "ages 13 to 17", ""},
		"16yo football":             {16, "16yo", "football"},
		"teens (14-18 years old)":   {18, "18 years old", "teens"},
		// Every match is weighed, not only the first.
		"under 5 minutes for under 18s": {17, "under 18s", "under 5 minutes"},
		// A bound is the age just inside it: a program for adults is no
		// answer to "under 18".
		"young people under 18":       {17, "under 18", "young people"},
		"under-18s mentoring":         {17, "under-18s", "mentoring"},
		"support over 60s":            {61, "over 60s", "support"},
		"moins de 18 ans":             {17, "moins de 18 ans", ""},
		"jeunes de plus de 16 ans":    {17, "plus de 16 ans", "jeunes"},
		"jongeren onder 18 jaar":      {17, "onder 18 jaar", "jongeren"},
		"jonger dan 12 jaar":          {11, "jonger dan 12 jaar", ""},
		"Jugendliche unter 18 Jahren": {17, "unter 18 Jahren", "Jugendliche"},
		"über 16 Jahre alt":           {17, "über 16 Jahre alt", ""},
		"شباب أقل من ١٨ سنة":          {17, "أقل من 18 سنة", "شباب"},
		"older than 16 years old":     {17, "older than 16 years old", ""},
		// From an audit in English: a range said without years, and
		// "16+".
		"young people between 12 and 16":   {16, "between 12 and 16", "young people"},
		"aged between 11 and 14 mentoring": {14, "aged between 11 and 14", "mentoring"},
		"between 13-17 years old":          {17, "17 years old", ""}, // the words for years first, as before
		"16+ mentoring":                    {16, "16+", "mentoring"},
		"football for 18+ years":           {18, "18+ years", "football"},
		// A bare range, with a hyphen, a dash or spaces: its upper end,
		// as "between 16 and 18".
		"16-18":                  {18, "16-18", ""},
		"16–18":                  {18, "16–18", ""},
		"16 - 18":                {18, "16 - 18", ""},
		"youth 12-16":            {16, "12-16", "youth"},
		"jeunes 16-25":           {25, "16-25", "jeunes"},
		"Jugendliche 14–17":      {17, "14–17", "Jugendliche"},
		"شباب 12-16":             {16, "12-16", "شباب"},
		"mentoring for 16-18s":   {18, "16-18s", "mentoring"},
		"teens (14-18) football": {18, "14-18", "teens football"},
		"jongeren 12-16 jaar":    {16, "16 jaar", "jongeren"}, // the word for years first, as before
		// Not every word before a range numbers something: "les" is
		// "the" in French, and art is a theme.
		"ateliers pour les 12-16": {16, "12-16", "ateliers"},
		"art 12-16":               {16, "12-16", "art"},
	} {
		age, phrase, rest, ok := AgeInQuery(q)
		if !ok || age != want.age || phrase != want.phrase || rest != want.rest {
			t.Errorf("%q: %v %d %q %q, want %+v", q, ok, age, phrase, rest, want)
		}
	}
	for _, q := range []string{"covid 19", "2024 programmes", "support 24/7", "150 years old", "10 years of work", "over 2 years", "10+ years of experience", "level 3+", "under 5 minutes", "sessions under 100 euros", "under 20 people", "more than 10 years of work", "under 0", "yoga 16",
		"between 2 and 4 hours", "between 10 and 20 participants", "open between 9 and 5pm", "1+1 mentoring", "between 5 and 10%",
		// A range of years, a telephone number, a postal code, a range
		// past any age, a count, a time, a school year are no ages.
		"2015-2020", "projects 2015-2020", "call 0475 12-34-56", "12-34-56", "02/512-34-56", "tel 02 12-34", "1150 Bruxelles", "B-1150", "121-130",
		"10-15 years of experience", "20-30 jaar ervaring", "10-15 ans d'expérience", "10-15 Jahre Erfahrung", "10-15 سنوات خبرة",
		"mentoring 2-3 times a week", "open 9-17", "1-2 p.m.", "5-10 minutes", "18-20 uur", "10-12 deelnemers", "16-18 hours", "9-5",
		"year 7-9 pupils", "groep 7-8", "level 2-3",
		// Numbered parts, steps and weeks are no ages either, in the five
		// languages: "tier 2-3 support" was read as age 3.
		"tier 2-3 support", "phase 1-2", "week 3-4", "weeks 3-4", "session 1-3", "module 1-3", "modules 1-3", "chapter 3-5",
		"article 12-14", "art. 12-14", "p. 12-14", "part 1-2", "lesson 4-6", "round 1-2",
		"semaine 3-4", "séance 1-3", "chapitre 3-5", "partie 1-2", "fase 1-2", "sessie 1-3", "hoofdstuk 2-4", "deel 1-2",
		"Woche 3-4", "Sitzung 1-3", "Kapitel 2-4", "Teil 1-2", "Modul 1-3", "الأسبوع 3-4", "الجلسة 1-3"} {
		if age, phrase, _, ok := AgeInQuery(q); ok {
			t.Errorf("%q: read as age %d (%q)", q, age, phrase)
		}
	}
}

// A compound is found however the listing and the searcher write it:
// joined or with hyphens ("antibullying", "anti-bullying"). With hyphens
// it is the word joined, when that finds programs, and no longer its words
// anywhere; apart ("anti bullying") it is its two words or the word they
// make (withJoins).
func TestCompoundsJoinedOrHyphenated(t *testing.T) {
	s := newTestStore(t)
	// Not anti-discrimination: its label, "Anti-bullying and
	// anti-discrimination", is in every listing's index.
	importCSV(t, s, `Hyphen Club,Org H,Anti-bullying workshops,Workshops on well-being for pupils.,youth-mentoring,young-people,primary,en,in-person,free,GB,England,Leeds,,,false,,h@example.org,,,,,,not_evaluated,2026-01-10
Joined Club,Org J,Antibullying clubs,Clubs for wellbeing after school.,youth-mentoring,young-people,primary,en,in-person,free,GB,England,York,,,false,,j@example.org,,,,,,not_evaluated,2026-01-10
Apart Club,Org A,Anti racism and bullying,A club against bullying.,youth-mentoring,young-people,primary,en,in-person,free,GB,England,Hull,,,false,,a@example.org,,,,,,not_evaluated,2026-01-10
`)
	for q, want := range map[string][]string{
		"antibullying":          {"Hyphen Club", "Joined Club"},
		"Anti-Bullying":         {"Hyphen Club", "Joined Club"}, // as "antibullying"
		"anti%E2%80%91bullying": {"Hyphen Club", "Joined Club"}, // a non-breaking hyphen
		"wellbeing":             {"Hyphen Club", "Joined Club"},
		"well-being+pupils":     {"Hyphen Club"},
		"anti+bullying":         {"Apart Club", "Hyphen Club", "Joined Club"},
		"anti-bul":              {"Hyphen Club", "Joined Club"}, // still typing: antibul…
	} {
		for _, lang := range []string{"", "en", "fr"} { // not analysed for a language, or for the page's
			got := names(search(t, s, "q="+q))
			if lang != "" {
				got = searchIn(t, s, lang, "q="+q)
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s q=%s: %v, want %v", lang, q, got, want)
			}
		}
	}
	// The words of a compound the query matched joined are marked.
	res := search(t, s, "q=antibullying")
	for _, h := range res.Hits {
		if h.Program.Name != "Hyphen Club" {
			continue
		}
		marked := markedText(h.Snippet)
		if !slices.Equal(marked, []string{"Anti", "bullying"}) {
			t.Errorf("marked in %q: %q", h.Program.Summary, marked)
		}
	}
	// Dashes set apart; numbers and runs of more than four words are no compound.
	for text, none := range map[string]string{"ages 12–18": "1218", "COVID-19 support": "covid19", "a-b-c-d-e": "abcde"} {
		if strings.Contains(" "+analyzeText(text)+" ", " "+none+" ") {
			t.Errorf("%q indexed %q: %s", text, none, analyzeText(text))
		}
	}
	if got := analyzeText("peer-to-peer"); !strings.Contains(got+" ", " peertopeer ") {
		t.Errorf("peer-to-peer: %s", got)
	}
}

// A compound of three words written with hyphens is found by each run of
// its words written closed ("Antigewalt", "Gewalttraining"), as a German
// listing or search may write them, and the run is what is marked.
func TestCompoundRunsFound(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, `Gewaltfrei lernen,Verein G,Ein Anti-Gewalt-Training für Schulklassen.,Wir kommen in die Schule.,youth-mentoring,young-people,primary,de,in-person,free,DE,,Köln,,,false,,g@example.org,,,,,,not_evaluated,2026-01-10
Chess club,Board Games Ltd,A weekly chess club.,Players of every level meet on Tuesdays.,education,general-public,primary,en,in-person,free,GB,England,Leeds,LS1,,false,,d@example.org,,,,,,not_evaluated,2026-05-01
`)
	for _, q := range []string{"Antigewalttraining", "Antigewalt", "Gewalttraining", "Anti-Gewalt-Training", "Anti Gewalt Training"} {
		for _, lang := range []string{"de", "en"} {
			if got := searchIn(t, s, lang, "q="+url.QueryEscape(q)); !slices.Equal(got, []string{"Gewaltfrei lernen"}) {
				t.Errorf("%s %q: %v", lang, q, got)
			}
		}
	}
	for q, want := range map[string][]string{"Gewalttraining": {"Gewalt", "Training"}, "Antigewalt": {"Anti", "Gewalt"}} {
		for _, h := range searchResultIn(t, s, "de", "q="+q).Hits {
			marked := markedText(h.Snippet)
			if !slices.Equal(marked, want) {
				t.Errorf("%s: marked %q in %q, want %q", q, marked, h.Program.Summary, want)
			}
		}
	}
}

// TestEverySynonymFindsItsTerm: every word of labelSynonyms finds the
// programs of its term and no other's, in a directory of one program per
// term (every theme and audience, and the costs and deliveries with
// synonyms) whose text says nothing: a synonym that took another term's
// programs away, or brought them, fails.
func TestEverySynonymFindsItsTerm(t *testing.T) {
	keys := slices.Collect(maps.Keys(labelSynonyms))
	for _, bySlug := range labelSynonymsIn {
		keys = append(keys, slices.Collect(maps.Keys(bySlug))...)
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	s := programPerTermStore(t, func(row termRow) {
		for _, key := range keys {
			switch taxonomy, slug, _ := strings.Cut(key, "/"); taxonomy {
			case TaxDelivery:
				row("Program "+slug, "multi-agency", "general-public", slug, "paid")
			case TaxCost:
				row("Program "+slug, "multi-agency", "general-public", "in-person", slug)
			}
		}
	})
	// Arabic "prison" reaches the prisoners' audience by its beginning.
	if got := names(search(t, s, "q="+url.QueryEscape("السجن"))); !slices.Contains(got, "Program prisoners-probation") {
		t.Errorf("السجن: %v, want the prisoners' program among them", got)
	}
	// Words an audit in four languages found nothing for.
	for w, slug := range map[string]string{"Lehrer": "teachers-schools", "Flüchtlinge": "newcomers-refugees",
		"Opfer": "victim-support", "Gefängnis": "prison-probation", "kostenfrei": "free", "docenten": "teachers-schools",
		"statushouders": "newcomers-refugees", "nepnieuws": "media-literacy", "professeurs": "teachers-schools",
		"policiers": "police", "adolescents": "young-people", "cyberharcèlement": "anti-discrimination",
		"الوالدين": "parents-families", "المراهقين": "young-people", "العنصرية": "anti-discrimination", "أونلاين": "online",
		// And in English, singular or plural as people type them.
		"teens": "young-people", "teen ": "young-people", "kids": "children", "dad": "parents-families",
		"about my son": "parents-families", "mum": "parents-families", "offenders": "prisoners-probation",
		"ex-prisoners": "prisoners-probation", "asylum seekers": "newcomers-refugees", "headteacher": "teachers-schools",
		"fake news": "media-literacy", "conspiracy theory": "media-literacy", "unemployed": "employment",
		"virtual": "online", "cheap": "low-cost", "free of charge": "free", "foreign fighters": "returnees",
		"antiracism": "anti-discrimination", "suicide": "mental-health", "self-harm": "mental-health"} {
		res := search(t, s, "q="+url.QueryEscape(w))
		if got := names(res); !slices.Equal(got, []string{"Program " + slug}) || len(res.Missing) > 0 {
			t.Errorf("%s: %v, left out %v; want the %s program", w, got, res.Missing, slug)
		}
	}
	// The second word of a phrase finds its term beside the first only.
	for _, w := range []string{"news", "seekers", "theories", "charge", "foreign", "ex"} {
		if got := names(search(t, s, "q="+url.QueryEscape(w))); len(got) > 0 {
			t.Errorf("%s alone: %v", w, got)
		}
	}
	// Each synonym alone; one of a language's in its search too: the
	// programs of its terms (the program of a multi-agency synonym's
	// name, and every program of an audience, which is multi-agency; a
	// word may be a synonym of several terms). Being typed, it may find
	// the labels it begins as well ("Hass", "Hasskriminalität").
	termsOf := map[string][]string{}
	for _, key := range keys {
		for _, syn := range termSynonyms(key) {
			termsOf[syn.word] = append(termsOf[syn.word], key)
		}
	}
	programsOf := func(w string) []string {
		var out []string
		for _, key := range termsOf[w] {
			taxonomy, slug, _ := strings.Cut(key, "/")
			for _, n := range names(search(t, s, taxonomy+"="+slug+"&sort=name")) {
				if !slices.Contains(out, n) {
					out = append(out, n)
				}
			}
		}
		slices.Sort(out)
		return out
	}
	// In lang, or in none (""), where a word of another language is read
	// by the English stemmer as well and may find more: Dutch
	// "jeugdwerker" (a youth worker) is also "jeugdwerk" (youth work).
	finds := func(lang, w string) bool {
		want := programsOf(w)
		run := func(q string) []string {
			if lang == "" {
				return names(search(t, s, "q="+url.QueryEscape(q)+"&sort=name"))
			}
			return names(searchResultIn(t, s, lang, "q="+url.QueryEscape(q)+"&sort=name"))
		}
		got := run(w)
		if slices.Equal(got, want) {
			return true
		}
		all := !slices.ContainsFunc(want, func(n string) bool { return !slices.Contains(got, n) })
		if lang == "" && !slices.Contains(labelSynonyms[termsOf[w][0]], w) {
			return all
		}
		whole := run(w + " ")
		return slices.Equal(whole, want) && all
	}
	for _, key := range keys {
		for _, syn := range termSynonyms(key) {
			if !finds("", syn.word) {
				t.Errorf("%s (%s): want %v", syn.word, key, programsOf(syn.word))
			}
		}
		for lang, bySlug := range labelSynonymsIn {
			for _, w := range bySlug[key] {
				if !finds(lang, w) {
					t.Errorf("%s %s (%s): want %v", lang, w, key, programsOf(w))
				}
			}
		}
	}
}

// TestTruncateBetweenCharacters: what is cut to a number of bytes (an
// import's source, a value shown back) stays UTF-8.
func TestTruncateBetweenCharacters(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"abc", 5, "abc"}, {"abcdef", 3, "abc"}, {"aéb", 2, "a"}, {"aéb", 3, "aé"},
		{"€€", 4, "€"}, {"ab\xffcd", 3, "abc"}, {"برنامج", 5, "بر"},
	} {
		if got := TruncateBytes(c.in, c.n); got != c.want || !utf8.ValidString(got) {
			t.Errorf("TruncateBytes(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
	p := ParseSearchParams(url.Values{"age": {"1234567€"}, "theme": {strings.Repeat("x", 39) + "é"}}, testTaxonomies(t))
	for _, d := range p.Dropped {
		if !utf8.ValidString(d) {
			t.Errorf("dropped value shown back broken: %q", d)
		}
	}
}

// TestContentWordsNotLeftOut: an English contraction's first half
// ("haven't", "don't") is left out, not the word it also is: "haven"
// (English "safe haven", Dutch for harbour) and "don" (French for a
// gift, a donation) were stop words, so "safe haven" found every "safe"
// program and "don vêtements" every listing about clothes.
func TestContentWordsNotLeftOut(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, `Safe Haven,Org H,A safe haven for young people after school.,Drop in.,youth-mentoring,young-people,primary,en,in-person,free,BE,,Gent,,,false,,h@example.org,,,,,,not_evaluated,2026-01-10
Safe Online,Org S,Staying safe online for young people.,Workshops.,media-literacy,young-people,primary,en,online,free,BE,,Gent,,,false,,s@example.org,,,,,,not_evaluated,2026-01-10
Don de vêtements,Org D,Don de vêtements pour les familles.,Une fois par mois.,family-support,parents-families,primary,fr,in-person,free,BE,,Liège,,,false,,d@example.org,,,,,,not_evaluated,2026-01-10
Vêtements de sport,Org V,Vêtements de sport pour les clubs de jeunes.,Prêt de matériel.,youth-mentoring,young-people,primary,fr,in-person,free,BE,,Liège,,,false,,v@example.org,,,,,,not_evaluated,2026-01-10
`)
	for _, c := range []struct {
		lang, q string
		want    []string
	}{
		{"en", "q=safe+haven", []string{"Safe Haven"}},
		{"nl", "q=safe+haven", []string{"Safe Haven"}},
		{"fr", "q=don+v%C3%AAtements", []string{"Don de vêtements"}},
		// The contraction is still left out.
		{"en", "q=I+haven%27t+found+a+safe+haven", []string{"Safe Haven"}},
		{"en", "q=haven%27t+a+safe+haven+for+young+people", []string{"Safe Haven"}},
		{"en", "q=I+haven%27t+a+safe+place", []string{"Safe Haven", "Safe Online"}},
		{"en", "q=I+don%E2%80%99t+know+any+safe+online+workshops", []string{"Safe Online"}},
	} {
		if got := searchIn(t, s, c.lang, c.q); !slices.Equal(got, c.want) {
			t.Errorf("%s %s: %v, want %v", c.lang, c.q, got, c.want)
		}
	}
}
