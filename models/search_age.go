package models

import (
	"maps"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// An age typed among the words of a search ("16 year old", "aged 14",
// "12 ans", "15 jaar", "16-Jährige", "١٦ سنة") is what the age filter
// does: searched as words, "16 year old" found the programs whose text
// says "16" and "older" and missed those for ages 11 to 17 (an audit).
var agePhrases = []agePhrase{
	{re: regexp.MustCompile(`(?i)\b(\d{1,3})[\s-]*(?:(?:years?|yrs?)[\s-]*olds?|yo)\b`)}, // not "10 years of work"
	// "aged 14", "ages 12-16", "age 12 to 16 years": a range reads as its
	// upper end, as "12 to 16 year olds" does.
	{re: regexp.MustCompile(`(?i)\bage[ds]?\s+(?:\d{1,3}\s*(?:-|–|to|until|à|a|tot|bis)\s*)?(\d{1,3})(?:\s*(?:years?|yrs?))?\b`)},
	{re: regexp.MustCompile(`(?i)\b(?:âgée?s?\s+de\s+)?(\d{1,3})\s*ans\b`), notBefore: experience},
	{re: regexp.MustCompile(`(?i)\b(\d{1,3})[\s-]*jarigen?\b`)},
	{re: regexp.MustCompile(`(?i)\b(\d{1,3})\s*jaar(?:\s+oud)?\b`), notBefore: experience},
	{re: regexp.MustCompile(`(?i)\b(\d{1,3})[\s-]*jährigen?\b`)},
	{re: regexp.MustCompile(`(?i)\b(\d{1,3})\s*jahre?n?(?:\s+alt)?\b`), notBefore: experience},
	{re: regexp.MustCompile(`(\d{1,3})\s*(?:سنة|سنوات|عامًا|عاما|عام)`), notBefore: experience},
	// "under 18", "under-18s", "below 12 years": English says these
	// without a word for years; "over 60s" only with its "s" ("over 2
	// years" is a time).
	{re: regexp.MustCompile(`(?i)\b(?:under|below)[\s-]*(\d{1,3})s?(?:\s*(?:years?|yrs?)(?:\s+old)?)?\b`), bound: -1, notBefore: unitAfter},
	{re: regexp.MustCompile(`(?i)\b(?:over|above)[\s-]*(\d{1,3})s\b`), bound: 1},
	// "16+", "18+ years": that age and older, so that age (not "1+1").
	// "between 12 and 16": English says a range without a word for
	// years, read as its upper end as "aged 12 to 16" is (not "between 2
	// and 4 hours"). Searched as words, "young people between 12 and 16"
	// left out "12", and "16+" found the listings that say "16" (an
	// audit in English).
	// Not "10+ years of experience" nor "level 3+" (a review).
	{re: regexp.MustCompile(`(?i)\b(\d{1,3})\s?\+(?:\s*(?:years?|yrs?)(?:\s+olds?)?\b)?`), notBefore: regexp.MustCompile(`(?i)^\s*(?:\d|of\b|experience\b)`),
		notAfter: regexp.MustCompile(`(?i)\b(?:level|levels|grade|stage|step|year|niveau|niveaux)\s*$`)},
	{re: regexp.MustCompile(`(?i)\b(?:aged?\s+)?between\s+\d{1,3}\s*(?:and|&|-|–|to)\s*(\d{1,3})(?:\s*(?:years?|yrs?)(?:\s+olds?)?)?\b`),
		notBefore: unitAfter},
	// From an audit in French, Dutch, German and Arabic: the same said
	// there without a word for years. Searched as words, "Jugendliche
	// unter 18" and "jongeren onder de 18" found the one listing that
	// says "18" (for young adults), "kinderen tussen 8 en 12" and
	// "zwischen 12 und 16" left the upper end out, "Jugendliche ab 14"
	// required "14". A range said from one age to another reads as its
	// upper end, only when it is one ("van 9 tot 5" is no age).
	{re: regexp.MustCompile(`(?i)(?:^|[^\pL\pN])(?:onder(?:\s+de)?|unter|moins\s+de|jonger\s+dan|j(?:ü|ue)nger\s+als)\s+(\d{1,3})\b`),
		bound: -1, notBefore: unitAfter},
	{re: regexp.MustCompile(`(?i)(?:^|[^\pL\pN])(?:boven(?:\s+de)?|ouder\s+dan|(?:ü|ue)ber|(?:ä|ae)lter\s+als)\s+(\d{1,3})\b`),
		bound: 1, notBefore: unitAfter},
	{re: regexp.MustCompile(`(?:أقل\s+من|تحت|دون)\s*(\d{1,3})(?:[^\pL\pN]|$)`), bound: -1, notBefore: unitAfter},
	{re: regexp.MustCompile(`(?:أكثر\s+من|فوق)\s*(\d{1,3})(?:[^\pL\pN]|$)`), bound: 1, notBefore: unitAfter},
	{re: regexp.MustCompile(`(?i)(?:^|[^\pL\pN])(?:ab|vanaf)\s+(\d{1,3})\b`), notBefore: unitAfter},
	{re: regexp.MustCompile(`(?i)(?:^|[^\pL\pN])(?:tussen|zwischen|entre)\s+(\d{1,3})\s*(?:en|und|et|&|-|–|tot|bis|à|a)\s*(\d{1,3})\b`),
		upper: 2, notBefore: unitAfter},
	{re: regexp.MustCompile(`(?i)(?:^|[^\pL\pN])(?:van|von|de)\s+(\d{1,3})\s*(?:tot|bis|à|a|-|–)\s*(\d{1,3})\b`),
		upper: 2, notBefore: unitAfter},
	{re: regexp.MustCompile(`(?:بين|من)\s*(\d{1,3})\s*(?:و|-|–|إلى|الى|حتى)\s*(\d{1,3})(?:[^\pL\pN]|$)`), upper: 2, notBefore: unitAfter},
	// A bare range, "16-18", "jeunes 16–25", "Jugendliche 14 - 17": the
	// way a range is most often typed, read as its upper end as
	// "between 16 and 18" is. Searched as words, "youth 12-16" required
	// "12" and "16" and found the one listing that said both. After the
	// phrases with a word for years or age, which say first what it is
	// ("16-18 ans", "aged 12-16"); not a year ("2015-2020": four digits), nor part of a
	// telephone number ("0475 12-34-56"), a school year or group ("year
	// 7-9", "groep 7-8"), a time ("open 9-17") or a count ("2-3 times",
	// "10-15 years of experience").
	{re: regexp.MustCompile(`\b(\d{1,3})\s*[-–—]\s*(\d{1,3})s?\b`), upper: 2, notBefore: rangeNotBefore, notAfter: rangeNotAfter},
	// A number just after a son, a daughter, a child is their age: "Sohn
	// 15 rechtsextrem", "mijn dochter van 16", "ma fille de 14", "ابني
	// ١٦", "ابنتي عمرها ١٥". The person stays a word of the search.
	{re: regexp.MustCompile(`(?:^|[^\pL\pN])\(?(\d{1,2})\)?(?:[^\pL\pN]|$)`), after: personBefore, notBefore: unitAfter},
}

// personBefore is a person whose age a number after it says, in the
// five languages, with the little word that may come between ("van",
// "de", "von", "of", "is", "ist", "est", "عمره").
var personBefore = regexp.MustCompile(`(?i)(?:^|[^\pL\pN])(?:son|daughter|child|kid|boy|girl|nephew|niece|grandson|granddaughter|brother|sister|pupil|teen|teenager|` +
	`fils|fille|enfant|ado|adolescente?|gar(?:ç|c)on|neveu|ni(?:è|e)ce|fr(?:è|e)re|s(?:œ|oe|o)ur|(?:é|e)l(?:è|e)ve|` +
	`zoon|dochter|kind|jongen|meisje|puber|tiener|neef|nicht|broer|zus|leerling|kleinzoon|kleindochter|` +
	`sohn|tochter|junge|m(?:ä|ae|a)dchen|neffe|nichte|enkel|enkelin|bruder|schwester|sch(?:ü|ue|u)ler|sch(?:ü|ue|u)lerin|` +
	`ابني|ابنتي|بنتي|ولدي|طفلي|ابن|ابنة|بنت|أخي|اخي|أختي|اختي|عمره|عمرها|عمري|بعمر|سن)` +
	`\s*(?:(?:of|is|van|de|est|von|ist|عمره|عمرها)\s+)?\(?$`)

// unitAfter is a unit after a number that says it is no age: "under 5
// minutes", "under 100 euros" and "between 2 and 4 hours" are a time and
// a price (a review found the first two read as ages 4 and 99).
// In French, Dutch, German and Arabic too: "ab 18 Uhr" is a time,
// "moins de 20 personnes" a group.
var unitAfter = regexp.MustCompile(`(?i)^\s*(?:(?:hours?|hrs?|h|minutes?|mins?|days?|weeks?|months?|sessions?|people|participants|persons|pm|am|euros?|eur|pounds?|dollars?|km|miles?|kilometres?|kilometers?|percent|` +
	`heures?|jours?|semaines?|mois|s(?:é|e)ances?|personnes|places|uur|uren|minuten|dagen|weken|maanden|sessies|personen|deelnemers|plaatsen|procent|` +
	`uhr|stunden?|tage?n?|wochen?|monate?n?|sitzungen|teilnehmer(?:innen)?|pl(?:ä|ae)tze|prozent)\b|[%€£$]|` +
	`(?:دقيقة|دقائق|ساعة|ساعات|يوم|أيام|ايام|أسبوع|اسبوع|أسابيع|شهر|أشهر|اشهر|يورو|شخص|أشخاص|اشخاص|مشارك))`)

// rangeNotBefore is what may not follow a bare range: a unit, another
// group of digits (a telephone number), a word for years not read with
// it already ("10-15 years of experience", "20-30 jaar ervaring": a
// range of ages the phrases above read) or a count of times.
var rangeNotBefore = regexp.MustCompile(unitAfter.String() + `|^\s*(?:[-–—./]\s*\d|(?:years?|yrs?|jaar|ans|jahre?n?|times|x|fois|keer|maal|mal|[ap]\.m)\b|سنة|سنوات|عام|مرات|مرة)`)

// rangeNotAfter is what may not come before a bare range: digits (a
// telephone number, "02 12-34"), a school year or group, a level, a
// number's name, a time, a numbered part, step or week ("tier 2-3",
// "week 3-4", "Kapitel 2-4", "art. 12-14": an audit found them read as
// ages). Not the French "les" ("pour les 12-16" is an age).
var rangeNotAfter = regexp.MustCompile(`(?i)(?:\d[\s./()\-–—]*|§\s*|(?:^|[^\pL\pN])(?:level|levels|grade|grades|stage|step|steps|year|years|class|classes|room|no|nr|number|page|pages|p|pp|line|route|bus|open|opening|` +
	`tiers?|phases?|weeks?|sessions?|modules?|chapters?|articles?|art\.|paragraphs?|parts?|lessons?|rounds?|` +
	`niveau|niveaux|classe|classes|salle|num(?:é|e)ro|ligne|ouvert|semaines?|s(?:é|e)ances?|chapitres?|parties?|le(?:ç|c)ons?|` +
	`groep|groepen|klas|klassen|leerjaar|lokaal|nummer|lijn|geopend|fases?|weken|sessies?|hoofdstuk(?:ken)?|artikel(?:en)?|deel|delen|lessen|rondes?|` +
	`klasse|stufe|raum|linie|seite|ge(?:ö|oe)ffnet|phasen|wochen?|sitzung(?:en)?|modul|teile?|kapitel|lektion(?:en)?|runden?|` +
	`(?:ال)?(?:أسبوع|اسبوع|جلسة|مرحلة|فصل|درس|مادة|جزء))\.?\s*)$`)

// experience after a number of years says it is no age: "20 jaar
// ervaring", "10 ans d'expérience", "15 Jahre Erfahrung", "10 سنوات خبرة"
// (an audit in four languages), as "10 years of work" is not in English.
var experience = regexp.MustCompile(`(?i)^\s*(?:(?:d'|d’|de\s+|of\s+)?(?:ervaring|werkervaring|exp(?:é|e)rience|erfahrung|berufserfahrung|experience)\b|(?:من\s+)?(?:خبرة|الخبرة))`)

// agePhrase is one way of saying an age; bound is -1 for an upper bound
// said with it ("under 18": the filter's age is 17), 1 for a lower one;
// notBefore, what may not follow it (a unit that says it is no age), and
// notAfter what may not come before it; after, what must come before
// it. Its first group is the age, unless upper says which: a range's
// upper end, whose lower end (the first group) must be below it.
type agePhrase struct {
	re        *regexp.Regexp
	bound     int
	notBefore *regexp.Regexp
	notAfter  *regexp.Regexp
	after     *regexp.Regexp
	upper     int
}

// ageBounds are the words before an age that make it a bound, folded:
// "moins de 18 ans" is 17, "plus de 16 ans" 17; taken as "18", the
// filter showed the programs for adults and hid those for minors. Each
// may be followed by a little word ("de", "dan", "als", "than", "من").
var ageBounds = func() map[string]int {
	m := map[string]int{}
	for w, b := range map[string]int{
		"under": -1, "below": -1, "less": -1, "younger": -1,
		"moins": -1, "onder": -1, "jonger": -1, "beneden": -1, "unter": -1, "jünger": -1, "juenger": -1,
		"أقل": -1, "تحت": -1, "دون": -1,
		"over": 1, "above": 1, "older": 1, "more": 1,
		"plus": 1, "boven": 1, "ouder": 1, "über": 1, "ueber": 1, "älter": 1, "aelter": 1,
		"أكثر": 1, "فوق": 1,
	} {
		m[foldWord(w)] = b
	}
	return m
}()

var ageBoundLinks = map[string]bool{"than": true, "de": true, "dan": true, "als": true, "من": true}

var arabicDigits = strings.NewReplacer("٠", "0", "١", "1", "٢", "2", "٣", "3", "٤", "4", "٥", "5", "٦", "6", "٧", "7", "٨", "8", "٩", "9")

// AgeFromWords reads an age typed among the words of a search's q as
// its age filter, unless the search chose an age (an empty age= says: no
// age, the words are words). It returns the parameters to search with
// (v itself when nothing was read) and the words read as the age. The
// search page and the JSON search read a query through it, so that
// "youth under 18" is the same search in both.
func AgeFromWords(v url.Values) (url.Values, string) {
	if _, chosen := v["age"]; chosen {
		return v, ""
	}
	age, phrase, rest, ok := AgeInQuery(v.Get("q"))
	if !ok {
		return v, ""
	}
	v = maps.Clone(v)
	v.Set("q", rest)
	v.Set("age", strconv.Itoa(age))
	return v, phrase
}

// AgeInQuery finds an age typed among a query's words: the age, the words
// that said it, and the query without them.
func AgeInQuery(q string) (age int, phrase, rest string, ok bool) {
	if !strings.ContainsAny(q, "0123456789٠١٢٣٤٥٦٧٨٩") { // most searches: no regular expression run
		return 0, "", q, false
	}
	q = arabicDigits.Replace(q)
	for _, ap := range agePhrases {
		// Every match of the phrase, not only its first: in "under 5
		// minutes for under 18s" the second is the age.
		var m []int
		n := 0
		for _, cand := range ap.re.FindAllStringSubmatchIndex(q, -1) {
			g := max(ap.upper, 1)
			v, err := strconv.Atoi(q[cand[2*g]:cand[2*g+1]])
			if err != nil || v > 120 || ap.notBefore != nil && ap.notBefore.MatchString(q[cand[1]:]) ||
				ap.notAfter != nil && ap.notAfter.MatchString(q[:cand[0]]) ||
				ap.after != nil && !ap.after.MatchString(q[:cand[2]]) {
				continue
			}
			if ap.upper > 0 {
				if lo, _ := strconv.Atoi(q[cand[2]:cand[3]]); lo >= v {
					continue
				}
			}
			m, n = cand, v
			break
		}
		if m == nil {
			continue
		}
		start, bound := m[0], ap.bound
		if bound == 0 {
			start, bound = ageBound(q[:m[0]])
			if bound == 0 {
				start = m[0]
			}
		}
		if n += bound; n < 0 {
			continue
		}
		before, after := strings.Fields(q[:start]), strings.Fields(q[m[1]:])
		// The little words around the age went with it ("pour 16 ans",
		// "jeunes de 16 ans", "mentoring for a 16 year old"), and so does
		// the lower end of a range ("de 12 à 15 ans", "tussen 12 en 18
		// jaar", "14- bis 18-Jährige"): left, "pour" alone was searched
		// (a query of little words keeps them), "12" required.
		for len(before) > 0 && (ageLittleWord(before[len(before)-1]) || bareNumber(before[len(before)-1])) {
			before = before[:len(before)-1]
		}
		for len(after) > 0 && ageLittleWord(after[0]) {
			after = after[1:]
		}
		rest = strings.Join(append(before, after...), " ")
		return n, strings.TrimSpace(q[start:m[1]]), rest, true
	}
	return 0, "", q, false
}

// ageLittleWord: a function word of the directory's languages (stopWords),
// punctuation aside.
func ageLittleWord(w string) bool {
	f := foldWord(strings.TrimFunc(w, func(r rune) bool { return !isWordRune(r) }))
	return f == "" || stopWords[f]
}

// bareNumber: digits, with the hyphen of "14- bis 18" or the bracket of
// "(14-18 years old)" around them.
func bareNumber(w string) bool {
	w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return w != "" && strings.Trim(w, "0123456789") == ""
}

// ageBound reads a bound said just before an age ("moins de", "under",
// "jonger dan", "أقل من"): where its words start and -1 or 1, or 0.
func ageBound(before string) (start, bound int) {
	words := wordSpans(before)
	i := len(words) - 1
	if i >= 1 && ageBoundLinks[foldWord(before[words[i][0]:words[i][1]])] {
		i--
	}
	if i < 0 {
		return 0, 0
	}
	if b := ageBounds[foldWord(before[words[i][0]:words[i][1]])]; b != 0 {
		return words[i][0], b
	}
	return 0, 0
}

// wordSpans are the byte ranges of s's space-separated words.
func wordSpans(s string) [][2]int {
	var spans [][2]int
	start := -1
	for i, r := range s {
		if unicode.IsSpace(r) {
			if start >= 0 {
				spans = append(spans, [2]int{start, i})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		spans = append(spans, [2]int{start, len(s)})
	}
	return spans
}
