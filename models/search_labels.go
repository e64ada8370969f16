package models

import (
	"encoding/json"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"pathways/templates"
)

// translatedLabels holds the taxonomy labels of every catalogue language
// but English (whose labels are in the database): taxonomy/slug →
// language → label. They are read once from the embedded catalogues
// (templates/locales, keys "tax.<taxonomy>.<slug>"), so the search index
// holds the same labels whoever writes it: the server or the command line.
var translatedLabels = sync.OnceValue(func() map[string]map[string]string {
	out := map[string]map[string]string{}
	files, _ := fs.Glob(templates.FS, "locales/*.json")
	sort.Strings(files)
	for _, f := range files {
		lang := strings.TrimSuffix(path.Base(f), ".json")
		if lang == "en" {
			continue
		}
		b, err := fs.ReadFile(templates.FS, f)
		if err != nil {
			continue
		}
		var msgs map[string]any
		if json.Unmarshal(b, &msgs) != nil {
			continue
		}
		for k, v := range msgs {
			label, ok := v.(string)
			if !ok || !strings.HasPrefix(k, "tax.") || strings.HasSuffix(k, ".desc") {
				continue
			}
			key := strings.TrimPrefix(k, "tax.")
			i := strings.IndexByte(key, '.')
			if i < 0 {
				continue
			}
			key = key[:i] + "/" + key[i+1:]
			if out[key] == nil {
				out[key] = map[string]string{}
			}
			out[key][lang] = label
		}
	}
	return out
})

// A program's themes and audiences are found by their labels in every
// language ("harcèlement" finds an English listing on anti-bullying). The
// labels are not written into each document — ten words or more in five
// languages for each term, a third of all the terms of the index and of
// its build time — but one token for each term (labelToken); a query
// word that matches a label, as it would have matched the label in the
// document, also asks for the tokens of the terms that have it.

// placeNames are the words a query word may name a place by: itself,
// and in Arabic without a preposition or "and" joined to it ("بألمانيا",
// in Germany; "وبروكسل", and Brussels).
func placeNames(word string) []string {
	out := []string{word}
	if !isArabicWord(word) {
		return out
	}
	for _, p := range []string{"ب", "ل", "ف", "ك", "و"} {
		if rest, ok := strings.CutPrefix(word, p); ok && utf8.RuneCountInString(rest) >= 3 {
			out = append(out, rest)
		}
	}
	return out
}

// isLabelToken reports whether an index token is a label's or a
// country's ("1themeeducation", "1countrybe"), not a number's ("1990").
func isLabelToken(tok string) bool {
	return len(tok) > 1 && tok[0] == '1' && tok[1] >= 'a' && tok[1] <= 'z'
}

// labelToken is the index token of a taxonomy term: "1", the taxonomy and
// the slug without its hyphens, letters and digits only so that both
// engines keep it whole (TestLabelTokensAreDistinct).
func labelToken(taxonomy, slug string) string {
	return "1" + taxonomy + strings.ReplaceAll(slug, "-", "")
}

// labelIndex maps each index token of a label (its words and stems, as
// the analyser writes them) to the tokens of the terms whose labels have
// it.
type labelIndex struct {
	byTok map[string][]string
	// byLang holds the stems of the French, Dutch and German labels in
	// their own language (those that are not also their English stem),
	// language → stem token → terms: a query word finds them only in
	// that language's search (withLabels).
	byLang map[string]map[string][]string
	langs  []string // the keys of byLang, sorted
	// enTok holds the tokens of the English labels and of the synonyms
	// of any language (labelSynonyms): the English stem of a word in a
	// French, Dutch or German search finds only those (withLabels).
	enTok map[string][]string
	// byEnStem holds the English stems of the French, Dutch and German
	// labels' words, where their own stem is another: they find them in
	// a search in English (or Arabic), not in one of those languages,
	// which has their own stems.
	byEnStem map[string][]string
	// modTok maps the tokens of labelModifiers to their terms: they find
	// a term only beside another word of its label.
	modTok map[string][]string
	tokens []string // the keys of byTok, sorted, for prefixes
}

var labelIndexes sync.Map // *Taxonomies → *labelIndex

func labelsOf(tax *Taxonomies) *labelIndex {
	if v, ok := labelIndexes.Load(tax); ok {
		return v.(*labelIndex)
	}
	ix := &labelIndex{byTok: map[string][]string{}, byLang: map[string]map[string][]string{}, modTok: map[string][]string{},
		enTok: map[string][]string{}, byEnStem: map[string][]string{}}
	// Not the levels: every one of their labels says "prevention".
	for _, taxonomy := range []string{TaxTheme, TaxAudience, TaxDelivery, TaxCost} {
		for _, t := range tax.Terms(taxonomy) {
			lt := labelToken(taxonomy, t.Slug)
			var modifiers []string
			for _, w := range labelModifiers[taxonomy+"/"+t.Slug] {
				modifiers = append(modifiers, strings.Fields(analyzeTextIn(AnalysisLanguage(detectLanguage(w)), w))...)
			}
			addTo := func(m map[string][]string, tok string) {
				if labelFunctionWord(tok) || labelNotWords[strings.TrimPrefix(tok, stemPrefix)] {
					return
				}
				if slices.Contains(modifiers, tok) {
					m = ix.modTok
				}
				if !slices.Contains(m[tok], lt) {
					m[tok] = append(m[tok], lt)
				}
			}
			add := func(lang, text string, english bool) {
				labelTokens(lang, text, func(tok string, kind labelTokenKind) {
					if english {
						addTo(ix.enTok, tok)
					}
					switch kind {
					case labelWord:
						addTo(ix.byTok, tok)
						return
					case labelEnglishStem:
						addTo(ix.byEnStem, tok)
						return
					}
					if ix.byLang[lang] == nil {
						ix.byLang[lang] = map[string][]string{}
					}
					addTo(ix.byLang[lang], tok)
				})
			}
			add("en", t.Label, true)
			tr := translatedLabels()[taxonomy+"/"+t.Slug]
			for _, l := range slices.Sorted(maps.Keys(tr)) {
				add(AnalysisLanguage(l), tr[l], false)
			}
			key := taxonomy + "/" + t.Slug
			for _, syn := range termSynonyms(key) {
				add(syn.lang, syn.word, slices.Contains(labelSynonyms[key], syn.word))
			}
		}
	}
	for tok := range ix.byTok {
		ix.tokens = append(ix.tokens, tok)
	}
	sort.Strings(ix.tokens)
	ix.langs = slices.Sorted(maps.Keys(ix.byLang))
	labelIndexes.Store(tax, ix)
	return ix
}

// labelTokenKind says what a label's token is (labelTokens).
type labelTokenKind int

const (
	labelWord        labelTokenKind = iota // a word, or a stem of every language
	labelOwnStem                           // a stem in the label's language only
	labelEnglishStem                       // the English stem of a French, Dutch or German word whose own stem is another
)

// labelTokens calls fn with the index tokens of a label in lang, as
// analyzeTextIn writes them, each with its kind. A stem in lang only
// (labelOwnStem) is a French, Dutch or German stem that is not also the
// word's English stem. Such a stem says what the word means in that
// language only: Dutch "zoon" (son) stems to "zon", as French "zones"
// does, and an audit found "mijn zoon" bringing the programs for people
// back "de zones de conflit" (returnees). The English stem of such a
// word (labelEnglishStem) is for an English search, which has no stems
// of that language: in a Dutch search, "jeugdwerk" (youth work) found
// the synonym "jeugdwerkers" (youth workers) by its English stem (the
// second audit). Arabic is told by its script, and its stems are no
// other language's.
func labelTokens(lang, text string, fn func(tok string, kind labelTokenKind)) {
	if lang == "en" {
		for _, tok := range strings.Fields(analyzeText(text)) {
			fn(tok, labelWord)
		}
		return
	}
	emit := func(w string) {
		f := foldWord(w)
		if f == "" {
			return
		}
		fn(f, labelWord)
		own, en := stemIn(lang, w), stemWord(f)
		if own != f {
			kind := labelWord
			if own != en && !isArabicWord(w) {
				kind = labelOwnStem
			}
			fn(stemPrefix+own, kind)
		}
		if en != own && en != f {
			fn(stemPrefix+en, labelEnglishStem)
		}
	}
	for _, w := range splitWords(text) {
		emit(w)
	}
	hyphenated(text, emit)
}

// synonym is a word a term is searched by (labelSynonyms,
// labelSynonymsIn), and the language it is a word of: its stems in that
// language find the term (labelTokens).
type synonym struct{ word, lang string }

// termSynonyms are the synonyms of a term (taxonomy/slug).
func termSynonyms(key string) []synonym {
	var out []synonym
	for _, w := range labelSynonyms[key] {
		out = append(out, synonym{w, AnalysisLanguage(detectLanguage(w))})
	}
	for _, lang := range slices.Sorted(maps.Keys(labelSynonymsIn)) {
		for _, w := range labelSynonymsIn[lang][key] {
			out = append(out, synonym{w, lang})
		}
	}
	return out
}

// labelSynonyms are words practitioners search a term by that none of its
// labels has: "deradicalisation" found one program (whose text said it
// was not that) and none of the six exit programs; "hotline" no helpline.
// They find the term as a word of its label does, in any interface
// language.
var labelSynonyms = map[string][]string{
	TaxTheme + "/exit-work": {"deradicalisation", "deradicalization", "déradicalisation", "deradicalisering",
		"Deradikalisierung", "desistance"},
	TaxTheme + "/anti-discrimination": {"racism", "antisemitism", "islamophobia", "xenophobia", "homophobia",
		"racisme", "antisémitisme", "islamophobie", "Rassismus", "Antisemitismus", "antisemitisme",
		"cyberharcèlement", "Cybermobbing", "cyberpesten", "cyberbullying", "العنصرية", "antiracism"},
	TaxTheme + "/helplines": {"hotline", "hotlines"},
	// "buddy" is the word for a mentor in English, Dutch and German
	// ("buddyproject", "Buddy-Programm"): it found nothing.
	TaxTheme + "/youth-mentoring": {"mentorship", "mentorat", "التوجيه", "buddy", "buddies"},
	TaxTheme + "/media-literacy": {"disinformation", "misinformation", "propaganda", "désinformation", "Desinformation",
		"desinformatie", "nepnieuws", "complotdenken", "complotisme", "Verschwörungstheorien",
		"conspiracy", "conspiracies", "conspiracy theories", "fake news",
		// "se radicalise sur internet", "radikalisiert sich im Internet":
		// found nothing, and "Internet" was corrected to "Interest".
		"internet"},
	// From an audit by practitioners working in French, Dutch, German
	// and Arabic: everyday words that found nothing. One word each: a
	// word of a synonym finds the term on its own.
	TaxTheme + "/victim-support": {"Opfer", "Opferhilfe"},
	// Not Arabic "السجن" (prison): typed, it reaches the label "السجناء"
	// (prisoners) by its beginning, and as a word of this theme it would
	// no longer (a review).
	TaxTheme + "/prison-probation": {"Gefängnis", "Haft", "gevangenis", "jail"},
	TaxTheme + "/employment":       {"Ausbildung", "werkgelegenheid", "التوظيف", "jobs", "unemployed", "unemployment", "jobless", "NEET"},
	TaxAudience + "/teachers-schools": {"Lehrer", "Lehrerinnen", "Lehrkräfte", "docenten", "leraren", "professeurs",
		"enseignants", "المعلمين", "المدرسين", "headteachers"},
	TaxAudience + "/newcomers-refugees": {"Flüchtlinge", "Geflüchtete", "statushouders", "vluchtelingen", "migrants",
		"migranten", "Migranten", "المهاجرين", "اللاجئين", "asylum", "asylum seekers", "immigrants", "unaccompanied"},
	TaxAudience + "/young-people": {"ado", "ados", "adolescents", "teenagers", "tieners", "Teenager", "المراهقين", "شبان",
		"teens", "youngsters", "minors", "boys"},
	TaxAudience + "/parents-families": {"mamans", "papas", "الوالدين", "العائلات", "عائلة", "الأهل",
		"mums", "moms", "mothers", "dads", "fathers", "sons", "daughters", "guardians", "carers", "caregivers"},
	TaxAudience + "/police": {"policiers", "Polizisten", "politieagenten"},
	TaxCost + "/free":       {"kostenfrei", "gratis", "free of charge"},
	TaxDelivery + "/online": {"أونلاين", "virtual", "remote", "elearning"},
	// The same audit in English (UK, US, Irish and Australian usage),
	// here and above: "teens" found nothing and suggested "deens" (Dutch,
	// Danish), "dads" German "dass", "offenders" "offences"; "kids",
	// "youngsters", "headteacher", "virtual" and "cheap" found nothing;
	// "worried about my son" found the French listings that say "son"
	// (his). Not the words whose stem is another word's: "educators"
	// (educ, as education), "relatives" (relat, as related),
	// "correctional" (correct). The second word of a phrase is a
	// modifier (labelModifiers): "asylum seekers" finds the newcomers'
	// programs, "seekers" alone what says it.
	TaxAudience + "/children":                    {"kids", "child"},
	TaxAudience + "/prisoners-probation":         {"offenders", "ex-offenders", "inmates", "detainees"},
	TaxAudience + "/community-religious-leaders": {"imams", "clergy", "priests", "rabbis"},
	TaxAudience + "/local-authorities":           {"councils", "municipalities"},
	TaxAudience + "/people-at-risk":              {"vulnerable"},
	TaxAudience + "/returnees":                   {"foreign fighters"},
	TaxTheme + "/mental-health":                  {"wellbeing", "therapy", "trauma", "PTSD", "psychological", "suicide", "selfharm"},
	TaxCost + "/low-cost":                        {"cheap", "affordable", "inexpensive"},
}

// labelSynonymsIn are more of them, each in the language whose stems it
// finds its term by (labelTokens), from an audit of search in French,
// Dutch, German and Arabic as practitioners type there: a son or a
// daughter, a mother or a father is a family's concern, as "sons" and
// "mothers" are in English ("mon fils", "mijn zoon", "meine Tochter",
// "ابني" found nothing, or Dutch "zoon" the returnees); minors, prisoners,
// municipalities, street and social workers, upbringing in everyday
// words. Dutch "zoon" stems to "zon", German "Tochter" to "tocht"
// (Dutch for a trip): in their own language only.
var labelSynonymsIn = map[string]map[string][]string{
	"fr": {
		TaxAudience + "/parents-families": {"fils", "mères", "pères"},
		// Pupils of a lycée, a collège: "lycéens" found nothing.
		TaxAudience + "/young-people":        {"mineurs", "mineur", "lycéens", "lycéennes", "collégiens", "collégiennes"},
		TaxAudience + "/returnees":           {"revenants"},
		TaxAudience + "/prisoners-probation": {"prisonniers"},
		TaxAudience + "/local-authorities":   {"municipalités", "mairie", "mairies"},
		// "mineurs étrangers non accompagnés", as Belgian services say
		// them; "mineurs non accompagnés" found the programs for young
		// people with family support ("accompagnement").
		TaxAudience + "/newcomers-refugees": {"MENA", "MNA"},
		TaxTheme + "/employment":            {"insertion", "insertion professionnelle", "chômeurs", "chômage"},
		// A phrase's second word is a modifier (labelModifiers).
		TaxAudience + "/social-youth-workers": {"assistante sociale", "assistant social", "assistantes sociales", "assistants sociaux"},
		// A second audit (on the demo directory): hate said in the four
		// languages found nothing ("discours de haine", "Hassrede",
		// "haatzaaiende", "Hasskriminalität"), where the listings on
		// hate speech and hate crime say it in English. Hate is what
		// the theme against discrimination works on, as racism is;
		// hate crime is the victims' ("Counselling for Victims of Hate
		// Crime"). "discours" is a modifier (labelModifiers): alone it
		// is the counter-narratives' ("contre-discours").
		TaxTheme + "/anti-discrimination": {"haine", "haineux", "discours de haine"},
		// A Belgian commune's local cell on radicalisation (CSIL-R,
		// "cellule de sécurité intégrale locale"): a multi-agency
		// network. "cellule" is a modifier: alone it is as often a
		// listening unit ("cellule d'écoute"), a crisis unit, a prison
		// cell.
		TaxTheme + "/multi-agency": {"CSIL", "CSILR", "cellule locale", "cellules locales"},
	},
	"nl": {
		TaxAudience + "/parents-families":    {"zoon", "dochter", "moeders", "vaders"},
		TaxAudience + "/young-people":        {"pubers", "minderjarigen"},
		TaxAudience + "/prisoners-probation": {"gevangenen"},
		TaxAudience + "/local-authorities":   {"gemeente", "gemeenten", "gemeentes"},
		TaxAudience + "/police":              {"wijkagent", "wijkagenten"},
		TaxTheme + "/youth-mentoring":        {"straathoekwerk", "jeugdwerk"},
		// Flemish for a youth worker (the label says "jongerenwerkers").
		TaxAudience + "/social-youth-workers": {"jeugdwerker", "jeugdwerkers"},
		TaxTheme + "/family-support":          {"opvoeding", "opvoedingsondersteuning", "opvoedingshulp"},
		TaxTheme + "/exit-work":               {"uitstap", "uitstappen"},
		TaxTheme + "/employment":              {"werkloos", "werkloze", "werklozen", "werkloosheid"},
		TaxTheme + "/victim-support":          {"slachtofferhulp", "haatmisdrijf", "haatmisdrijven"},
		TaxTheme + "/mental-health":           {"psychisch"},
		// "niet-begeleide minderjarige vreemdelingen".
		TaxAudience + "/newcomers-refugees": {"NBMV"},
		TaxTheme + "/anti-discrimination":   {"haat", "haatzaaiend", "haatzaaiende", "haatzaaiende uitlatingen", "haatspraak"},
		// The Flemish commune's cell (LIVC-R), as CSIL above.
		TaxTheme + "/multi-agency": {"LIVC", "LIVCR"},
	},
	"de": {
		TaxAudience + "/parents-families":     {"Sohn", "Tochter", "Mütter", "Väter", "Angehörige"},
		TaxAudience + "/young-people":         {"Minderjährige", "Heranwachsende"},
		TaxAudience + "/prisoners-probation":  {"Gefangene", "Strafgefangene"},
		TaxAudience + "/local-authorities":    {"Gemeinde", "Gemeinden"},
		TaxAudience + "/social-youth-workers": {"Sozialarbeiter", "Sozialarbeiterinnen", "Sozialpädagogen"},
		TaxTheme + "/youth-mentoring":         {"Patenschaft", "Patenschaften", "Streetwork"},
		TaxTheme + "/family-support":          {"Erziehungsberatung"},
		TaxTheme + "/employment":              {"arbeitslos", "Arbeitslose", "Arbeitslosigkeit"},
		// "unbegleitete minderjährige Flüchtlinge", "… Ausländer".
		TaxAudience + "/newcomers-refugees": {"UMF", "UMA"},
		// "Haft" (custody) finds it by its beginning as well.
		TaxTheme + "/prison-probation":    {"Häftlinge"},
		TaxTheme + "/anti-discrimination": {"Hass", "Hassrede", "Hassreden"},
		TaxTheme + "/victim-support":      {"Hasskriminalität", "Hassverbrechen"},
	},
	// Without the article too ("سجن", prison; "طفل", a child), and the
	// singulars whose plural the labels say ("شاب", a young man).
	"ar": {
		TaxAudience + "/parents-families":            {"ابني", "ابنتي", "ابنة", "بنتي", "ولدي", "أولياء الأمور"},
		TaxAudience + "/young-people":                {"شاب", "شابة", "الشابات", "القاصرين", "قاصر"},
		TaxAudience + "/children":                    {"طفل", "الطفل"},
		TaxAudience + "/women-girls":                 {"بنات", "البنات", "المرأة", "امرأة"},
		TaxAudience + "/teachers-schools":            {"أساتذة", "الأساتذة", "أستاذ"},
		TaxAudience + "/prisoners-probation":         {"سجن", "سجين", "المساجين"},
		TaxAudience + "/local-authorities":           {"البلدية", "البلديات", "بلدية"},
		TaxAudience + "/community-religious-leaders": {"أئمة", "الأئمة", "إمام", "الإمام"},
		TaxTheme + "/youth-mentoring":                {"مرشد", "مرشدين", "المرشدين"},
		TaxTheme + "/employment":                     {"تشغيل", "وظيفة"},
		TaxTheme + "/anti-discrimination":            {"الإسلاموفوبيا", "الكراهية", "خطاب الكراهية"},
		TaxCost + "/free":                            {"مجانا", "مجانًا", "بالمجان"},
		TaxTheme + "/helplines":                      {"خط المساعدة"},
		// Hardline views and radicalism, as the labels' "التطرف"
		// (extremism) finds these three: "التشدد" and "الراديكالية"
		// found nothing, and "متشدد" (a hardliner) finds its noun.
		TaxTheme + "/exit-work":                   {"التشدد", "الراديكالية"},
		TaxAudience + "/people-leaving-extremism": {"التشدد", "الراديكالية"},
		TaxAudience + "/people-at-risk":           {"التشدد", "الراديكالية"},
	},
}

// labelNotWords are words of labels too common in what people search
// for to find the label's programs: English "In person" (how a program
// is delivered) made "person" and French "personnes" (whose English
// stem it is) find every program met in person.
var labelNotWords = map[string]bool{"person": true}

// labelModifiers are words of a term's labels that say whom it serves,
// not what it is, and so do not find it alone: "youth" in "Social and
// youth workers" (and "jeunesse", "الشباب" in theirs) brought the
// programs for youth workers before those for young people. Beside
// another word of the label ("youth workers") they do (withLabels).
var labelModifiers = map[string][]string{
	// And French "assistante sociale", a social worker.
	TaxAudience + "/social-youth-workers": {"youth", "jeunesse", "الشباب", "assistante", "assistant", "assistantes", "assistants"},
	// The second words of labelSynonyms' English phrases, and the "ex" of
	// "ex-offenders" ("ex-prisoners" finds the prisoners' programs).
	TaxAudience + "/newcomers-refugees":  {"seekers"},
	TaxAudience + "/prisoners-probation": {"ex"},
	TaxAudience + "/returnees":           {"foreign"},
	TaxTheme + "/media-literacy":         {"theories", "news"},
	TaxCost + "/free":                    {"charge"},
	// And the phrases of labelSynonymsIn: "insertion professionnelle" is
	// employment, not training for professionals; Arabic "أولياء الأمور"
	// (parents, "guardians of the matters"), "خط المساعدة" (a helpline,
	// whose label says its plural "خطوط").
	TaxTheme + "/employment":          {"professionnelle"},
	TaxAudience + "/parents-families": {"الأمور"},
	TaxTheme + "/helplines":           {"خط"},
	// "الخطوط الأمامية" (the front lines): alone, "الأمامية" (front)
	// stems as "إمام" (an imam) and "أمام" (in front of) do, once their
	// hamzas are read alike, and "إمام" found the training for
	// practitioners before the programs for imams.
	TaxTheme + "/practitioner-training": {"الأمامية"},
	// "discours de haine", "haatzaaiende uitlatingen", "خطاب الكراهية"
	// (hate speech), "cellule locale" (labelSynonymsIn): alone, French
	// "discours" and Arabic "خطاب" are the counter-narratives' words.
	TaxTheme + "/anti-discrimination": {"discours", "uitlatingen", "خطاب"},
	TaxTheme + "/multi-agency":        {"cellule", "cellules"},
}

// labelFunctionWord says whether an index token of a label (a word, or
// its stem after stemPrefix) is a function word (stopWords), too common
// to find a term by: "en" (Dutch "and") is in 22 Dutch labels, so a
// search for "en" found the programs of all of them.
func labelFunctionWord(tok string) bool {
	w := strings.TrimPrefix(tok, stemPrefix)
	return stopWords[w]
}

// lookup returns the terms whose labels have an index token, for a
// search in lang: the stems of a label in French, Dutch or German find
// it in a search in that language, or in one whose language has no
// stems of its own there (English, none), as before; and so do the
// English stems of their words.
func (ix *labelIndex) lookup(tok, lang string) []string {
	lts := ix.byTok[tok]
	if own, ok := ix.byLang[lang]; ok {
		return appendNew(lts, own[tok])
	}
	for _, l := range ix.langs {
		lts = appendNew(lts, ix.byLang[l][tok])
	}
	return appendNew(lts, ix.byEnStem[tok])
}

// appendNew is a with the elements of b it does not have, a copy when
// there are any.
func appendNew(a, b []string) []string {
	for _, x := range b {
		if !slices.Contains(a, x) {
			a = append(slices.Clip(a), x)
		}
	}
	return a
}

// englishStemOnly are the tokens of a term's English stem in a French,
// Dutch or German search, when the word's stem in that language is
// another: they find English labels only. The English stemmer reads a
// Dutch word as English: "jeugdwerker" (a youth worker) as
// "jeugdwerk" (youth work), "jongerenwerker" as the label "Jongerenwerk
// en mentoring", and found the programs of youth work, not those for
// youth workers (the second audit, on the demo directory).
func englishStemOnly(t queryTerm) []string {
	if t.Orig == "" || t.Lang == "en" || t.Lang == "ar" || t.Lang == "" || isArabicWord(t.Orig) {
		return nil
	}
	own := stemIn(t.Lang, t.Orig)
	if t.Stem == own || t.Stem == t.Word || t.Stem == foldWord(own) {
		return nil
	}
	return stemTokens(t.Stem)
}

// forms are the spellings of a term's word that may name a place or
// begin a label: the word, and in a German search, with its umlauts
// spelled out ("Oesterreich", "Praevention"), the word with them
// (umlautsSpelledOut): an audit found "Oesterreich" finding nothing and
// corrected to "Österreich", "Praevention" to English "Prevention".
func (t queryTerm) forms() []string {
	if t.Lang == "de" {
		if u := umlautsSpelledOut(t.Word); u != t.Word {
			return []string{t.Word, u}
		}
	}
	return []string{t.Word}
}

// withLabels adds to each term the tokens of the taxonomy terms whose
// labels it matches: one of its tokens is a token of the label, or, for
// the word being typed, a token of the label begins with it (see below).
func withLabels(terms []queryTerm, tax *Taxonomies) []queryTerm {
	if tax == nil || len(terms) == 0 {
		return terms
	}
	ix := labelsOf(tax)
	out := make([]queryTerm, len(terms))
	for i, t := range terms {
		toks := t.tokens()
		alts := slices.Clone(toks)
		add := func(lts []string) {
			for _, lt := range lts {
				if !slices.Contains(alts, lt) {
					alts = append(alts, lt)
				}
			}
		}
		whole := false // a token of the term is a word of some label
		enOnly := englishStemOnly(t)
		for _, tok := range toks {
			lts := ix.lookup(tok, t.Lang)
			if slices.Contains(enOnly, tok) {
				lts = ix.enTok[tok]
			}
			whole = whole || len(lts) > 0
			add(lts)
		}
		// The word being typed also finds the labels with a word that
		// begins with it. When it is a label's word already, not those
		// only a few letters longer, another form of a word ("jeunes",
		// young people, is not "jeunesse", youth workers), but still the
		// compounds it begins ("gezin" finds "gezinsondersteuning").
		for _, form := range t.forms() {
			if t.Prefix && form != "" {
				n := utf8.RuneCountInString(form)
				for j := sort.SearchStrings(ix.tokens, form); j < len(ix.tokens) && strings.HasPrefix(ix.tokens[j], form); j++ {
					if whole && utf8.RuneCountInString(ix.tokens[j])-n <= 3 {
						continue
					}
					add(ix.byTok[ix.tokens[j]])
				}
			}
			for _, name := range placeNames(form) {
				for _, w := range placeAlts(name) { // a city by another of its names
					add([]string{w})
				}
				for _, w := range countryWords(name) { // a country's names in the text
					add([]string{w})
				}
				add(countryTokens(name))  // the programs in a country it names
				add(languageTokens(name)) // the programs in a language it names
			}
		}
		t.Alts = alts
		out[i] = t
	}
	withLongCountryNames(out)
	// A word that says whom a term serves finds it beside another word
	// of its label: "youth workers", "العاملون مع الشباب".
	named := map[string]bool{} // the terms the other words' labels found
	for _, t := range out {
		for _, tok := range t.Alts {
			named[tok] = true
		}
	}
	for i, t := range out {
		for _, tok := range t.tokens() {
			for _, lt := range ix.modTok[tok] {
				if named[lt] && !slices.Contains(out[i].Alts, lt) {
					out[i].Alts = append(out[i].Alts, lt)
				}
			}
		}
	}
	return out
}
