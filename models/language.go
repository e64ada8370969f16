package models

import (
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/dutch"
	"github.com/blevesearch/snowballstem/french"
	"github.com/blevesearch/snowballstem/german"
)

// The languages whose words the analyser stems with their own Snowball
// stemmer. English is the default and is always tried too (with the
// British/American spelling map); Arabic words are recognised by their
// script whatever the listing's language.
var stemmedLanguages = []string{"en", "fr", "nl", "de", "ar"}

// AnalysisLanguage maps a page or listing language to the stemmer used for
// it: one of stemmedLanguages, English for any other.
func AnalysisLanguage(lang string) string {
	for _, l := range stemmedLanguages {
		if l == lang {
			return l
		}
	}
	return "en"
}

// detectLanguage guesses the language of a listing's text from its most
// common short words: enough to choose a stemmer, and cheap. Arabic is
// told by its script.
func detectLanguage(texts ...string) string {
	c := countLanguageMarkers(texts)
	if c.arabic() {
		return "ar"
	}
	best, _, _ := c.best()
	return markerLanguages[best]
}

// TextLanguage is the language a listing's text is written in, for its
// lang attribute (WCAG 3.1.2), or "" when the text does not say it
// clearly: detectLanguage's guess only falls back on English to choose a
// stemmer, and a Spanish or Polish text must not be read out with an
// English voice. Its markers must be at least three different words,
// at least one word in ten (a text in the language has one in five or
// more) and three times those of any other language. Spanish, Portuguese
// and Turkish have Dutch's "de" (and Spanish its "en") about as often as
// Dutch, but not three of its markers; Spanish and Italian have French's
// "la", "le" and "les", fewer than their Dutch ones or than one in ten.
func TextLanguage(texts ...string) string {
	c := countLanguageMarkers(texts)
	if c.arabic() {
		return "ar"
	}
	best, n, second := c.best()
	if bits.OnesCount32(c.distinct[best]) < 3 || n*10 < c.words || n < 3*second {
		return ""
	}
	return markerLanguages[best]
}

// markerLanguages are the languages told by their markers, in a fixed
// order: ties go to English.
var markerLanguages = [...]string{"en", "fr", "nl", "de"}

// TextLanguages are the languages TextLanguage tells: those of the
// markers, and Arabic by its script.
var TextLanguages = append(markerLanguages[:len(markerLanguages):len(markerLanguages)], "ar")

type markerCounts struct {
	n                      [len(markerLanguages)]int
	distinct               [len(markerLanguages)]uint32 // which of its markers, a bit each
	words                  int
	arabicLetters, letters int
}

// marker is a marker word's language, an index in markerLanguages, and
// its own number among that language's markers.
type marker struct{ lang, word uint8 }

func (c *markerCounts) arabic() bool {
	return c.letters > 0 && c.arabicLetters*2 > c.letters
}

// best returns the language with the most markers, its index in
// markerLanguages (English's when none has any), their number, and the
// number of the runner-up.
func (c *markerCounts) best() (lang, n, second int) {
	for i := range markerLanguages {
		switch {
		case c.n[i] > n:
			lang, n, second = i, c.n[i], n
		case c.n[i] > second:
			second = c.n[i]
		}
	}
	return lang, n, second
}

// countLanguageMarkers counts the words of texts, as splitWords cuts them,
// and those that mark one language, in one pass over each text, without
// making a list of them; and its letters, Arabic or not.
func countLanguageMarkers(texts []string) markerCounts {
	var c markerCounts
	count := func(w string) {
		c.words++
		if len(w) > 4 {
			return
		}
		if m, ok := lookupMarker(w); ok {
			c.n[m.lang]++
			c.distinct[m.lang] |= 1 << m.word
		}
	}
	for _, t := range texts {
		start := -1
		for i, r := range t {
			if isWordRune(r) {
				if start < 0 {
					start = i
				}
				// Arabic's letters are all from U+0600 on.
				if unicode.IsLetter(r) {
					c.letters++
					if r >= 0x600 && unicode.Is(unicode.Arabic, r) {
						c.arabicLetters++
					}
				}
			} else if start >= 0 {
				count(t[start:i])
				start = -1
			}
		}
		if start >= 0 {
			count(t[start:])
		}
	}
	return c
}

// languageMarkers are frequent words that belong to one language only,
// each to its language's index in markerLanguages.
var languageMarkers = func() map[string]marker {
	m := map[string]marker{}
	for i, words := range [len(markerLanguages)]string{
		"the and of to for with is are our who this from",        // en
		"le la les et des du pour une est avec dans aux sur qui", // fr
		"de het en van een voor met zijn wij naar bij ook",       // nl
		"der die das und für mit ist ein eine den dem sich auf",  // de
	} {
		for j, w := range strings.Fields(words) {
			m[w] = marker{uint8(i), uint8(j)}
		}
	}
	return m
}()

// stemIn returns a word's search stem in a language: the Snowball stem of
// the lower-cased word, then folded (stemmers need the accents that
// folding removes). English goes through stemWord (spelling map, memo).
// Words in Arabic script are normalised and stemmed as Arabic in any
// language.
func stemIn(lang, word string) string {
	lower := strings.ToLower(word)
	if isArabicWord(lower) {
		lower = withoutConjunction(lower)
		return stemArabic(normalizeArabic(lower), hamzaAlefFirst(lower))
	}
	switch lang {
	case "fr":
		return foldWord(frenchPlural(stemMemoized("fr", lower, french.Stem)))
	case "nl":
		return foldWord(undouble(stemMemoized("nl", dutchVerb(lower), dutch.Stem)))
	case "de":
		return foldWord(germanVerb(stemMemoized("de", germanMasculine(lower), german.Stem)))
	}
	return stemWord(foldWord(word))
}

// An audit of search in French, Dutch, German and Arabic found word
// forms that Snowball's stemmers, or the light Arabic one, left apart
// from the forms the listings write:
//
//   - a verb in -ieren and the noun in -ierung: "meine Tochter
//     radikalisiert sich" found none of the listings on "Radikalisierung"
//     (stems "radikalisiert", "radikalisier", and "radikalisi" for
//     "radikalisieren"). They are one stem now, "radikalisi"
//     (germanVerb); Dutch likewise, "mijn dochter radicaliseert"
//     ("radicaliseert", where "radicaliseren" and "radicalisering" are
//     "radicaliser": dutchVerb);
//   - a German woman's noun in -in, -innen: "Sozialarbeiterinnen",
//     "Schülerinnen", "Psychologin" stemmed apart from "Sozialarbeiter",
//     "Schüler", "Psychologen" (germanMasculine);
//   - an Arabic "and", "for", "with" (و, ل, ب) joined to a word that
//     begins with a hamza on its alef: "وإعادة الإدماج" (and
//     reintegration) kept its و, and "إعادة الإدماج" was corrected to it
//     (withoutConjunction).

// germanVerb writes the stem of a verb in -ieren, its participle in
// -iert and its noun in -ierung alike, without "er" and "ert":
// "radikalisier", "radikalisiert" → "radikalisi", as Snowball writes
// "radikalisieren".
func germanVerb(stem string) string {
	if utf8.RuneCountInString(stem) < 7 {
		return stem
	}
	if s, ok := strings.CutSuffix(stem, "iert"); ok {
		return s + "i"
	}
	if s, ok := strings.CutSuffix(stem, "ier"); ok {
		return s + "i"
	}
	return stem
}

// germanMasculine takes the ending of a woman's noun off, -innen or -in
// after the endings of nouns for people (-er, -ist, -ent, -ant, -eut,
// -eur, -og): "Lehrerinnen" is "Lehrer", "Psychologin" "Psycholog", not
// "Medizin", "Termin" or "Berlin".
func germanMasculine(w string) string {
	if base, ok := strings.CutSuffix(w, "innen"); ok && utf8.RuneCountInString(base) >= 4 {
		return base
	}
	if base, ok := strings.CutSuffix(w, "in"); ok && utf8.RuneCountInString(base) >= 5 {
		for _, end := range []string{"er", "ist", "ent", "ant", "eut", "eur", "og"} {
			if strings.HasSuffix(base, end) {
				return base
			}
		}
	}
	return w
}

// dutchVerb takes the t off a verb in -eert ("radicaliseert",
// "integreert"), which Snowball leaves on: "radicaliseer" stems as
// "radicaliseren" does.
func dutchVerb(w string) string {
	if base, ok := strings.CutSuffix(w, "eert"); ok && utf8.RuneCountInString(base) >= 3 {
		return base + "eer"
	}
	return w
}

// withoutConjunction takes off an "and", "for" or "with" (و, ل, ب)
// joined to a word that begins with an alef carrying a hamza: no word
// begins with those two letters ("وإعادة", and reintegration; "لأسرته",
// for his family). Not ف or ك: "فأر" (a mouse), "كأس" (a cup).
func withoutConjunction(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	if r != 'و' && r != 'ل' && r != 'ب' {
		return w
	}
	if rest := w[n:]; hamzaAlefFirst(rest) && utf8.RuneCountInString(rest) >= 3 {
		return rest
	}
	return w
}

// stemArabic is a light stemmer (after Larkey, Ballesteros and Connell's
// light10), on a word normalizeArabic wrote: it takes off the article
// and the prepositions joined to it, then one suffix of plural, gender
// or pronoun, keeping three letters. Unlike light10 it keeps a leading
// و ("وقاية", prevention; "and" joined to "the" is gone already), the
// ending ان, which makes "الأمان" (safety) "أم" (mother) and "الفتيان"
// (boys) "الفتيات" (girls), and ta marbuta apart from ha ("الكرة", the
// ball, is not "الكره", hatred). Snowball's Arabic stemmer was not consistent
// between the forms of a word: "فتيات" (girls) gave "تيا" and "الفتيات"
// (the girls) "الفت", "مجاني" (free) "مجا" and "مجانية" "مجان".
func stemArabic(w string, hamza bool) string {
	key := "ar\x00" + w
	if hamza {
		key = "ar\x01" + w
	}
	if s, ok := stems.get(key); ok {
		return s
	}
	r := []rune(w)
	has := func(prefix string) bool { return strings.HasPrefix(string(r), prefix) }
	// A word that began with a hamza on its alef (أ، إ، آ) has no article:
	// "إلكتروني" is not "ال" and "كتروني".
	for _, p := range []string{"وال", "بال", "كال", "فال", "لل", "ال"} {
		if hamza || p == "وال" && parentWord(string(r)) {
			break
		}
		if n := utf8.RuneCountInString(p); has(p) && len(r)-n >= 2 {
			r = r[n:]
			break
		}
	}
	// A ta marbuta before a pronoun is written ta: "أسرته" (his family);
	// "ثابتة" (fixed) ends in a ta of its root and a ta marbuta.
	if len(r) >= 5 && string(r[len(r)-2:]) == "ته" {
		r = r[:len(r)-2]
	}
	for _, suf := range []string{"ها", "ات", "ون", "ين", "يه", "ية", "ة", "ه", "ي"} {
		if n := utf8.RuneCountInString(suf); strings.HasSuffix(string(r), suf) && len(r)-n >= 3 {
			r = r[:len(r)-n]
			break
		}
	}
	out := string(r)
	stems.put(key, out)
	return out
}

// arabicMark reports whether r is written over or under a letter, or
// stretches it: the tashkeel, the superscript alef, the tatweel.
func arabicMark(r rune) bool {
	return r >= 0x064B && r <= 0x065F || r == 0x0670 || r == 0x0640
}

// hamzaAlefFirst reports whether an Arabic word begins with an alef
// carrying a hamza or madda, once its diacritics are left aside.
func hamzaAlefFirst(w string) bool {
	for _, c := range w {
		switch {
		case arabicMark(c):
			continue
		case c == 'أ' || c == 'إ' || c == 'آ':
			return true
		}
		return false
	}
	return false
}

// parentWord reports whether a word beginning with "والد" is a form of
// the root و-ل-د (parent, mother, parents, his parents…), not "and"
// joined to a word beginning with the article and د ("والدعم", and the
// support).
func parentWord(w string) bool {
	rest, ok := strings.CutPrefix(w, "والد")
	if !ok {
		return false
	}
	switch rest {
	case "", "ة", "ه", "ي", "ين", "ان", "يه", "ا", "اه", "تي", "ته", "تها", "يها", "يهم", "ينا", "ات":
		return true
	}
	return false
}

// stemMemoized runs a Snowball stemmer through the shared stem memo.
func stemMemoized(lang, w string, stem func(*snowballstem.Env) bool) string {
	if len([]rune(w)) < 3 {
		return w
	}
	key := lang + "\x00" + w
	if s, ok := stems.get(key); ok {
		return s
	}
	env := snowballstem.NewEnv(w)
	stem(env)
	s := env.Current()
	stems.put(key, s)
	return s
}

func isArabicWord(w string) bool {
	for _, r := range w {
		if unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// normalizeArabic removes diacritics (harakat, tanwin, shadda, sukun) and
// the tatweel, unifies the forms of alef, ya and hamza carriers, a final
// ha with ta marbuta, and takes off a "and" joined to "the", so that
// spellings with and without them match.
func normalizeArabic(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case arabicMark(r):
			continue
		case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ':
			b.WriteRune('ا')
		case r == 'ى':
			b.WriteRune('ي')
		case r == 'ؤ':
			b.WriteRune('و')
		case r == 'ئ':
			b.WriteRune('ي')
		default:
			b.WriteRune(r)
		}
	}
	out := b.String()
	// "And" (و) written joined to "the" (ال): Snowball's stemmer keeps a
	// و followed by an alef, so "والأمهات" (and the mothers) kept it and
	// never met "الأمهات". Words of the root و-ل-د ("والدين", parents;
	// "والدة", mother) begin with the same letters and keep them.
	if rest, ok := strings.CutPrefix(out, "و"); ok && strings.HasPrefix(rest, "ال") &&
		!parentWord(out) && utf8.RuneCountInString(rest) >= 4 {
		out = rest
	}
	// A final ha is often a ta marbuta written without its dots ("الأسره"
	// for "الأسرة"): it is read as one, which the stemmer takes off — on a
	// word with the article only, which cannot also end in the pronoun
	// "his" ("أسرته", his family, keeps its ha), and with three letters
	// before it, since a root of three may end in ha ("الكره", hatred, is
	// not "الكرة", the ball).
	if h, ok := strings.CutSuffix(out, "ه"); ok && strings.HasPrefix(h, "ال") && utf8.RuneCountInString(h) >= 5 {
		out = h + "ة"
	}
	return out
}

// frenchPlural drops the s of a plural in -us that Snowball's French
// stemmer keeps (it takes an s off only after other letters): "détenus"
// stayed "detenus" while "détenu", "détenue" and "détenues" are "detenu",
// and likewise "individus", "issus", "élus".
func frenchPlural(stem string) string {
	if strings.HasSuffix(stem, "us") && utf8.RuneCountInString(stem) >= 4 {
		return stem[:len(stem)-1]
	}
	return stem
}

// undouble drops a doubled final consonant: Snowball's Dutch stemmer
// undoubles only k, d and t, which leaves "gezinnen" at "gezinn" and
// "gezin" at "gezin".
func undouble(s string) string {
	n := len(s)
	if n >= 4 && s[n-1] == s[n-2] && s[n-1] >= 'a' && s[n-1] <= 'z' && !strings.ContainsRune("aeiouy", rune(s[n-1])) {
		return s[:n-1]
	}
	return s
}

// lookupMarker looks a word of at most 4 bytes up in languageMarkers,
// lower-cased without allocating when it is ASCII (a page's 20 cards
// look up ~1,000 words).
func lookupMarker(w string) (marker, bool) {
	var buf [4]byte
	if len(w) > len(buf) {
		return marker{}, false // no marker is longer
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			m, ok := languageMarkers[strings.ToLower(w)]
			return m, ok
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	m, ok := languageMarkers[string(buf[:len(w)])]
	return m, ok
}
