package models

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// The analyser turns text into the terms that search matches on. It runs in
// Go, not in the database, so that every dialect indexes and matches the
// same terms and the highlighting agrees with the matching.
//
// A word contributes its folded form (lower case, no accents) for prefix
// matching as the user types, and its stem after British spellings are
// mapped to American ones, so that "radicalisation" and "radicalization",
// "behaviour" and "behavior" meet on one term.

// foldWord lower-cases w and removes diacritics: "Café" → "cafe".
func foldWord(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(w)
	}
	if f, ok := folds.get(w); ok {
		return f
	}
	out := foldReplacer.Replace(strings.ToLower(withoutMarks(w)))
	folds.put(w, out)
	return out
}

// withoutMarks removes the combining marks of s (accents, Arabic vowel
// signs), after decomposing the letters that carry them: "é" is "e".
func withoutMarks(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		return s
	}
	return out
}

// foldReplacer spells out the letters that do not decompose,
// and the Arabic-Indic digits as the digits the listings are written
// with ("١٤" is 14).
var foldReplacer = strings.NewReplacer("ß", "ss", "æ", "ae", "œ", "oe", "ø", "o", "ł", "l", "đ", "d", "ı", "i",
	"٠", "0", "١", "1", "٢", "2", "٣", "3", "٤", "4", "٥", "5", "٦", "6", "٧", "7", "٨", "8", "٩", "9",
	"۰", "0", "۱", "1", "۲", "2", "۳", "3", "۴", "4", "۵", "5", "۶", "6", "۷", "7", "۸", "8", "۹", "9")

// folds remembers foldWord's slow path, for words with accents or in
// other scripts (a bulk import folds the same ones over and over).
var folds = newStemMemo()

// splitWords returns the words of s: runs of letters, digits and the
// combining marks written on them (Arabic vowel signs, decomposed
// accents), which belong to the word they mark.
func splitWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !isWordRune(r) })
}

// isWordRune reports whether r belongs to a word.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// britishStems maps British word beginnings to their American spelling.
// Matched against the start of a folded word.
var britishStems = []struct{ gb, us string }{
	{"behaviour", "behavior"}, {"colour", "color"}, {"favour", "favor"},
	{"honour", "honor"}, {"humour", "humor"}, {"labour", "labor"},
	{"neighbour", "neighbor"}, {"rumour", "rumor"}, {"vigour", "vigor"},
	{"endeavour", "endeavor"}, {"harbour", "harbor"}, {"saviour", "savior"},
	{"flavour", "flavor"}, {"valour", "valor"}, {"odour", "odor"},
	{"counsell", "counsel"}, {"travell", "travel"}, {"modell", "model"},
	{"labell", "label"}, {"cancell", "cancel"}, {"signall", "signal"},
	{"levell", "level"}, {"channell", "channel"}, {"fuell", "fuel"},
	{"programme", "program"}, {"centre", "center"}, {"theatre", "theater"},
	{"metre", "meter"}, {"fibre", "fiber"}, {"defence", "defense"},
	{"offence", "offense"}, {"licence", "license"}, {"pretence", "pretense"},
	{"dialogue", "dialog"}, {"catalogue", "catalog"}, {"analogue", "analog"},
	{"monologue", "monolog"}, {"ageing", "aging"}, {"judgement", "judgment"},
	{"enrolment", "enrollment"}, {"fulfil", "fulfill"}, {"skilful", "skillful"},
	{"practise", "practice"}, {"mum", "mom"}, {"grey", "gray"},
	{"paediatric", "pediatric"}, {"anaemi", "anemi"}, {"manoeuvr", "maneuver"},
}

// izeSuffixes are the -ise/-ize endings; the s form is mapped to z.
var izeSuffixes = []struct{ gb, us string }{
	{"isations", "izations"}, {"isation", "ization"},
	{"ising", "izing"}, {"ised", "ized"}, {"ises", "izes"},
	{"isers", "izers"}, {"iser", "izer"}, {"ise", "ize"},
	{"ysing", "yzing"}, {"ysed", "yzed"}, {"yses", "yzes"}, {"yse", "yze"},
}

// americanize maps a folded English word to its American spelling, so both
// spellings index and match alike. Words too short to carry a suffix are
// left alone ("rise", "wise").
func americanize(w string) string {
	for _, p := range britishStems {
		if strings.HasPrefix(w, p.gb) {
			// "fulfil" must not turn "fulfill" into "fulfilll".
			if strings.HasPrefix(w, p.us) && len(p.us) > len(p.gb) {
				return w
			}
			return p.us + w[len(p.gb):]
		}
	}
	if len(w) >= 7 {
		for _, s := range izeSuffixes {
			if strings.HasSuffix(w, s.gb) {
				return w[:len(w)-len(s.gb)] + s.us
			}
		}
	}
	return w
}

// stemWord returns the search stem of a folded word, memoised (see
// stemMemo).
func stemWord(w string) string {
	if len(w) < 3 || !isASCIILetters(w) {
		return w
	}
	if s, ok := stems.get(w); ok {
		return s
	}
	s := english.Stem(americanize(w), true)
	stems.put(w, s)
	return s
}

func isASCIILetters(w string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// stemPrefix marks a stem in the index so that it never collides with a
// folded word used for prefix matching ("educ" the stem is not "educ…" the
// beginning of a word). A word that is its own stem ("youth", "and") is
// indexed once, as the word: a query asks for each stem S as "0S" and as
// the word S (queryTerm.tokens), which finds it either way. Half the words
// of a text are their own stem; indexing them twice made a quarter of the
// index's terms and of its build time.
const stemPrefix = "0"

// analyzeText returns the index terms of a text, space separated: each
// word's folded form, then its stem when it differs; then the same for
// each compound written with hyphens, as one word (hyphenated).
func analyzeText(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	emit := func(w string) {
		f := foldWord(w)
		if f == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f)
		if st := stemWord(f); st != f {
			b.WriteByte(' ')
			b.WriteString(stemPrefix)
			b.WriteString(st)
		}
	}
	for _, w := range splitWords(s) {
		emit(w)
	}
	hyphenated(s, emit)
	return b.String()
}

// A compound is written joined, with hyphens or, less often, apart:
// "antisemitism" and "anti-semitism", "wellbeing" and "well-being",
// "deradicalisation" and "de-radicalisation", "cyberbullying" and
// "cyber-bullying". A text is indexed with each compound it writes with
// hyphens as one word as well as its words ("anti-bullying": "anti",
// "bullying" and "antibullying"), and with each run of its words
// ("Anti-Gewalt-Training": "antigewalt" and "gewalttraining" too, which
// a German listing may write closed). A query reads its hyphenated
// compound as the word closed, and two words written apart also as the
// word they make together (wordJoin): whichever way the listing and the
// searcher write it, they meet.
const maxCompoundParts = 4

// isHyphen: the hyphens that join a compound (not dashes, which set
// apart: "12–18", "youth — and families").
func isHyphen(r rune) bool { return r == '-' || r == '\u2010' || r == '\u2011' }

// hyphenated calls joined with each compound of s written with hyphens
// and each run of two of its words or more, their parts run together as
// written ("Anti-Gewalt-Training" → "AntiGewaltTraining", "AntiGewalt",
// "GewaltTraining").
func hyphenated(s string, joined func(string)) {
	compoundRuns(s, func(_, _ int, c string) { joined(c) })
}

// compounds calls f with each compound of s written with hyphens: the
// index of its first and last word among the words of s (as words yields
// them), and its parts run together. A compound is two to
// maxCompoundParts words, each beginning with a letter, with one hyphen
// and nothing else between them.
func compounds(s string, f func(first, last int, joined string)) {
	compoundParts(s, func(first int, parts []string) {
		f(first, first+len(parts)-1, strings.Join(parts, ""))
	})
}

// compoundRuns is compounds, and then each shorter run of two of a
// compound's words or more.
func compoundRuns(s string, f func(first, last int, joined string)) {
	compoundParts(s, func(first int, parts []string) {
		f(first, first+len(parts)-1, strings.Join(parts, ""))
		for n := len(parts) - 1; n >= 2; n-- {
			for i := 0; i+n <= len(parts); i++ {
				f(first+i, first+i+n-1, strings.Join(parts[i:i+n], ""))
			}
		}
	})
}

// compoundParts calls f with each compound of s written with hyphens
// (see compounds): the index of its first word and its words.
func compoundParts(s string, f func(first int, parts []string)) {
	if strings.IndexByte(s, '-') < 0 && !strings.Contains(s, "\u2010") && !strings.Contains(s, "\u2011") {
		return
	}
	var parts []string
	first, i, prevEnd := 0, 0, -1
	flush := func() {
		if len(parts) >= 2 && len(parts) <= maxCompoundParts {
			f(first, parts)
		}
		parts = parts[:0]
	}
	for start, end := range words(s) {
		r, _ := utf8.DecodeRuneInString(s[start:end])
		switch {
		case !unicode.IsLetter(r):
			flush()
		case prevEnd >= 0 && len(parts) > 0:
			if sep, size := utf8.DecodeRuneInString(s[prevEnd:]); prevEnd+size != start || !isHyphen(sep) {
				flush()
			}
		}
		if unicode.IsLetter(r) {
			if len(parts) == 0 {
				first = i
			}
			parts = append(parts, s[start:end])
		}
		prevEnd = end
		i++
	}
	flush()
}

// stopWords are the function words of the directory's languages, as
// foldWord writes them: too common to narrow a search, and a listing
// need not contain them to be what was asked for ("ateliers dans le
// quartier" found nothing: no listing had all four words). A query made
// only of them keeps them. Words that are also content words in another
// of the languages ("door": Dutch "through", "son": French "his") are
// left out; "van" (Dutch
// "of", in every other Dutch sentence) is in, though an English search
// for a van then asks for the other words only.
// directoryWords say nothing in a directory of programs: every listing is
// one. Required like any word, "exit programme" found 3 of the exit
// programs and "mentoring programme" 8 of 15 (an audit). A query leaves
// them out as it does function words, unless nothing else is left
// ("programme" alone is searched). Queries only: labels and places keep
// them.
var directoryWords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{
		"program", "programs", "programme", "programmes", "scheme", "schemes", "project", "projects", "initiative", "initiatives",
		"projet", "projets", "dispositif", "dispositifs",
		"programma", "programmas", "projecten",
		"programm", "projekt", "projekte", "angebot", "angebote",
		"برنامج", "برامج", "البرنامج", "البرامج", "مشروع", "مشاريع",
	} {
		m[foldWord(w)] = true
	}
	return m
})

var stopWords = map[string]bool{
	// en
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true,
	"be": true, "by": true, "for": true, "from": true, "in": true, "into": true,
	"is": true, "it": true, "of": true, "on": true, "or": true, "the": true,
	"to": true, "with": true, "who": true, "what": true, "that": true, "this": true,
	"not": true, "near": true, "i": true, "me": true, "my": true, "we": true, "our": true,
	"you": true, "your": true, "he": true, "she": true, "his": true, "her": true, "they": true,
	"their": true, "there": true, "can": true, "how": true, "where": true, "when": true, "which": true,
	"do": true, "does": true, "get": true, "have": true, "has": true, "was": true, "were": true,
	"will": true, "would": true, "should": true, "could": true, "if": true, "so": true, "but": true,
	"over": true, "about": true, "some": true, "any": true,
	// From an audit in English: the words of the sentences people type
	// ("my son has been watching…", "I don't know", "young people
	// between 12 and 16", "I'm looking for"), as "tussen", "gegen",
	// "moet" and "faire" are; an apostrophe splits "don't" into "don"
	// and "t". Not "being" ("well-being") nor "re" ("re-entry"), nor
	// "haven" ("safe haven", Dutch harbour) and "don" (French gift):
	// "haven't" and "don't" are left out as contractions (negation).
	"been": true, "had": true, "did": true, "him": true, "them": true, "its": true,
	"these": true, "those": true, "than": true, "then": true, "also": true, "just": true, "very": true,
	"between": true, "against": true, "without": true, "after": true, "before": true, "during": true,
	"through": true, "within": true, "until": true,
	"doesn": true, "didn": true, "isn": true, "aren": true, "wasn": true, "weren": true,
	"hasn": true, "hadn": true, "won": true, "wouldn": true, "couldn": true, "shouldn": true,
	"t": true, "m": true, "ve": true, "ll": true,
	"looking": true, "need": true, "want": true, "know": true, "please": true,
	"someone": true, "somebody": true, "anyone": true, "anybody": true, "something": true,
	// fr ("l'", "d'" split into "l" and "d"; "à" folds to "a")
	"le": true, "la": true, "les": true, "l": true, "un": true, "une": true, "des": true,
	"du": true, "de": true, "d": true, "et": true, "ou": true, "au": true, "aux": true,
	"pour": true, "avec": true, "sur": true, "dans": true, "par": true, "en": true,
	"qui": true, "que": true, "est": true, "ce": true, "ces": true, "leur": true, "leurs": true,
	"apres": true, "avant": true, "sans": true, "chez": true, "vers": true, "entre": true,
	"je": true, "j": true, "mon": true, "ma": true, "mes": true, "ton": true, "ta": true, "tes": true,
	"sa": true, "ses": true, "sont": true, "notre": true, "nos": true, "votre": true, "vos": true,
	"il": true, "elle": true, "ils": true, "elles": true, "nous": true, "vous": true, "comment": true,
	"quand": true, "quel": true, "quelle": true, "peut": true, "puis": true,
	"se": true, "s": true, "si": true, "ne": true, "plus": true, "qu": true, "y": true,
	"faire": true, "quoi": true, // "que faire" ("what to do"); "faire" also found English "fair"
	// From an audit in French, Dutch, German and Arabic: the words of
	// the sentences people type there ("mon fils ne va plus à l'école,
	// je cherche de l'aide", "wat kan ik doen als mijn zoon…", "was tun,
	// wenn mein Kind sich radikalisiert", "ماذا أفعل إذا كان ابني…"):
	// required, "wenn" found nothing and was corrected to Dutch "Wenen"
	// (Vienna). "per" and "via" are prepositions of four of the
	// languages; French "pères" (fathers) stems to "per" and found every
	// listing "per week". Not "hat", "bin", "war", "man" (English words),
	// nor "moins", "plus", "onder" left alone by an age ("moins de 18").
	"non": true, "pas": true, "mais": true, "donc": true, "car": true, "comme": true, "tres": true,
	"aussi": true, "moi": true, "toi": true, "lui": true, "eux": true, "cet": true, "cette": true,
	"ai": true, "avons": true, "avez": true, "ont": true, "suis": true, "etre": true, "avoir": true,
	"etait": true, "fait": true, "dont": true, "quelqu": true, "quelque": true, "cherche": true,
	"besoin": true, "veux": true, "voudrais": true, "peux": true, "pouvez": true, "dois": true,
	"doit": true, "tout": true, "tous": true, "toute": true, "toutes": true, "ca": true, "cela": true,
	"depuis": true, "quels": true, "quelles": true, "va": true, "vont": true,
	"per": true, "via": true,
	// nl
	"het": true, "een": true, "van": true, "voor": true, "met": true, "op": true,
	"te": true, "bij": true, "aan": true, "om": true, "die": true, "dat": true,
	"naar": true, "uit": true, "zijn": true, "hun": true, "ook": true,
	"tussen": true, "tot": true, "zonder": true, "tegen": true,
	"ik": true, "mijn": true, "jouw": true, "uw": true, "hij": true, "zij": true, "ze": true,
	"wij": true, "hoe": true, "waar": true, "wanneer": true, "kan": true, "kun": true,
	"zich": true, "wat": true, "niet": true, "moet": true, "doen": true,
	"als": true, "mij": true, "jij": true, "hem": true, "haar": true,
	"wordt": true, "worden": true, "werd": true, "heeft": true, "hebben": true, "heb": true, "ben": true,
	"nog": true, "al": true, "maar": true, "dan": true, "omdat": true, "deze": true, "dit": true,
	"welke": true, "iets": true, "iemand": true, "zoek": true, "zoeken": true, "nodig": true,
	"graag": true, "veel": true, "meer": true, "sinds": true, "zo": true, "erg": true, "wil": true,
	"zou": true, "kunnen": true, "geen": true, "ons": true, "onze": true, "vanaf": true,
	// de ("für" folds to "fur", "über" to "uber")
	"und": true, "oder": true, "der": true, "das": true, "den": true, "dem": true,
	"ein": true, "eine": true, "einen": true, "einem": true, "einer": true, "eines": true,
	"fur": true, "mit": true, "von": true, "vor": true, "zu": true, "zum": true, "zur": true,
	"im": true, "am": true, "auf": true, "bei": true, "nach": true, "aus": true,
	"sich": true, "ist": true, "sind": true,
	"beim": true, "vom": true, "ins": true, "uber": true, "ohne": true, "durch": true, "gegen": true,
	"ich": true, "mein": true, "meine": true, "meinen": true, "meiner": true, "dein": true,
	"deine": true, "er": true, "sie": true, "wir": true, "ihr": true, "wie": true, "wo": true,
	"wann": true, "kann": true, "konnen": true,
	"es": true, "nicht": true, "ab": true, "bis": true, "tun": true, "zwischen": true,
	"fuer": true, "ueber": true, // für, über typed without umlauts
	"wenn": true, "dass": true, "weil": true, "aber": true, "auch": true, "noch": true, "nur": true,
	"wird": true, "werden": true, "wurde": true, "haben": true, "habe": true, "mich": true, "mir": true,
	"dich": true, "dir": true, "uns": true, "ihn": true, "ihm": true, "ihnen": true, "sein": true,
	"seine": true, "seinen": true, "seiner": true, "seinem": true, "ihre": true, "ihren": true,
	"ihrem": true, "ihrer": true, "unser": true, "unsere": true, "meinem": true, "kein": true,
	"keine": true, "keinen": true, "welche": true, "welcher": true, "wer": true, "jemand": true,
	"etwas": true, "sehr": true, "schon": true, "dann": true, "soll": true, "sollte": true, "muss": true,
	"mochte": true, "moechte": true, "suche": true, "brauche": true, "braucht": true, "brauchen": true, "gibt": true,
	"diese": true, "dieser": true, "diesen": true, "seit": true, "wegen": true, "ob": true,
	// ar, folded and stemmed as the analyser writes them: from, in,
	// between, on ("على", stem "علي"), to ("الى", stem "الي"), about, with,
	// or ("او"), and, through, around, during, at
	"من": true, "في": true, "بين": true, "على": true, "علي": true, "الى": true, "الي": true,
	"عن": true, "مع": true, "او": true, "و": true,
	"عبر": true, "حول": true, "خلال": true, "لدى": true, "لدي": true,
	// how, where, when, (a question), I
	"كيف": true, "اين": true, "متى": true, "هل": true, "انا": true,
	// who, which (الذي, الذين, التي), what, not
	"الذي": true, "الذين": true, "التي": true, "ماذا": true, "لا": true,
	// From the audit in four languages: what, this, that, he, she, they,
	// we, that (أن), not (لم, لن), was, (a verb's) may, at, him, her,
	// me, after, before, then, any, every, very, also, if, because,
	// until, since, against, I want, I look for, I need, I do, can, I
	// can, there, here, only; and "his age", "her age", said before an
	// age ("ابني عمره ١٦ سنة").
	"ما": true, "هذا": true, "هذه": true, "ذلك": true, "تلك": true, "هو": true, "هي": true,
	"هم": true, "نحن": true, "ان": true, "لم": true, "لن": true, "قد": true, "كان": true,
	"كانت": true, "يكون": true, "عند": true, "له": true, "لها": true, "بعد": true,
	"قبل": true, "ثم": true, "اي": true, "كل": true, "جدا": true, "ايضا": true, "اذا": true,
	"لان": true, "حتى": true, "منذ": true, "ضد": true, "اريد": true, "ابحث": true, "احتاج": true,
	"افعل": true, "يمكن": true, "يمكنني": true, "هناك": true, "هنا": true, "فقط": true,
	"عمره": true, "عمرها": true,
	// "in the language", before a language's name ("باللغة العربية").
	"باللغة": true,
}

// queryTerm is one word of a search: it matches a document that has its
// stem, or, for the word being typed, any word it begins.
type queryTerm struct {
	Word   string   // folded word as typed
	Stem   string   // stemmed, spelling-normalised
	Prefix bool     // last word, still being typed
	Orig   string   // the word as typed, lower-cased (stemmers want accents)
	Typed  string   // the word as typed, to name it back to the user
	Alts   []string // the index tokens it matches, when not only Stem (see withLanguage)
	Lang   string   // the user's language, when Alts holds its stem
	// Joined are the words the word makes with the one before or after
	// it, typed apart ("help line": "helpline"), which it also matches
	// (wordJoin).
	Joined []string
	// negation: the word is the first half of an English "n't"
	// ("haven't", "don't"), a function word although "haven" and "don"
	// are not (negations).
	negation bool
}

// minPrefixRunes is the length from which the word being typed matches
// as a prefix.
const minPrefixRunes = 3

// maxQueryTerms bounds the work one query can ask for; the words past it
// are named to the user (SearchResult.Unsearched).
const maxQueryTerms = 12

// parseQuery turns what the user typed into query terms. Nothing the user
// types is syntax: quotes, operators and brackets are just separators.
func parseQuery(q string) []queryTerm {
	terms, _ := parseQueryCut(q)
	return terms
}

// parseQueryCut is parseQuery, and the words it left out past
// maxQueryTerms, as typed.
func parseQueryCut(q string) ([]queryTerm, []string) { return parseQueryJoined(q, nil) }

// cleanQuery is the query as parsed: valid UTF-8, at most maxQueryBytes.
func cleanQuery(q string) string {
	q = strings.ToValidUTF8(q, " ")
	if len(q) > maxQueryBytes {
		q = q[:maxQueryBytes]
		q = strings.ToValidUTF8(q, "")
	}
	return q
}

// typingLast reports whether the last of the words of q is still being
// typed: not followed by a space, nor ended.
func typingLast(q string, words []string) bool {
	return len(q) > 0 && len(words) > 0 && !unicode.IsSpace(lastRune(q)) && (unicode.IsLetter(lastRune(q)) || unicode.IsDigit(lastRune(q)))
}

// newQueryTerm is the term of a word (w as typed, or a compound's words
// run together); last: the last word of the query, being typed when
// typing.
func newQueryTerm(w, typed string, last, typing bool) queryTerm {
	f := foldWord(w)
	// A word being typed matches as a prefix from its third letter:
	// "edu" finds "education"; "en" would find half the directory
	// ("english", "enfants", "engagement": 830 ms at 1,000,000
	// programs) and means the word "en".
	prefix := last && typing && utf8.RuneCountInString(f) >= minPrefixRunes
	return queryTerm{Word: f, Stem: stemWord(f), Prefix: prefix, Orig: strings.ToLower(w), Typed: typed}
}

// parseQueryJoined is parseQueryCut with the words of q joined as joins
// say (wordJoin): a compound's in one term, two words apart each with
// the word they make as an alternative.
func parseQueryJoined(q string, joins []wordJoin) ([]queryTerm, []string) {
	q = cleanQuery(q)
	ws := splitWords(q)
	typing := typingLast(q, ws)
	neg := negations(q, len(ws))
	var spans [][2]int // where each word is in q, when a compound is closed
	if slices.ContainsFunc(joins, func(j wordJoin) bool { return !j.apart }) {
		for start, end := range words(q) {
			spans = append(spans, [2]int{start, end})
		}
	}
	var terms []queryTerm
	seen := map[string]bool{}
	for i := 0; i < len(ws); i++ {
		w, typed, negation := ws[i], ws[i], neg[i]
		var joined []string
		at := i
		for _, j := range joins {
			switch {
			case !j.apart && j.first == at && j.last < len(spans):
				w, typed, negation = j.word, q[spans[j.first][0]:spans[j.last][1]], false
				i = j.last
			case j.apart && j.first <= at && at <= j.last:
				joined = append(joined, j.word)
			}
		}
		if foldWord(w) == "" {
			continue
		}
		t := newQueryTerm(w, typed, i == len(ws)-1, typing)
		t.Joined, t.negation = joined, negation
		key := t.Stem
		if t.Prefix {
			key = "*" + t.Word
		}
		if t.negation { // left out below: not in place of the word ("haven't … safe haven")
			key = "!" + key
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		terms = append(terms, t)
	}
	// Drop stop words unless nothing else is left, the last word too:
	// the form sends it without a space after it, so it reads as being
	// typed, yet "…wat kan ik doen" ends with a word, not a beginning.
	kept := terms[:0:0]
	for _, t := range terms {
		if !stopWords[t.Word] && !directoryWords()[t.Word] && !t.negation {
			kept = append(kept, t)
		}
	}
	if len(kept) > 0 {
		terms = kept
	}
	var cut []string
	if len(terms) > maxQueryTerms {
		for _, t := range terms[maxQueryTerms:] {
			cut = append(cut, t.Typed)
		}
		terms = terms[:maxQueryTerms]
	}
	return terms, cut
}

// negations says which of the n words of q end in "n" and are followed
// by an apostrophe and "t": the "haven" of "haven't".
func negations(q string, n int) []bool {
	out := make([]bool, n)
	i, prevEnd := 0, -1
	for start, end := range words(q) {
		if i >= n {
			break
		}
		if w := q[start:end]; i > 0 && (w == "t" || w == "T") {
			if sep := q[prevEnd:start]; (sep == "'" || sep == "\u2019") && strings.HasSuffix(strings.ToLower(q[:prevEnd]), "n") {
				out[i-1] = true
			}
		}
		prevEnd = end
		i++
	}
	return out
}

const maxQueryBytes = 400

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}
