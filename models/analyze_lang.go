package models

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Searching in the user's language. A listing is indexed with the stemmer
// of its own language (detected from its text) as well as English; a
// query is analysed for the user's language as well as English, and also
// matches a word exactly as written, which is how a label typed in any
// language ("jeunes", "Jugendliche", "شباب") finds the programs whose
// taxonomy terms carry it: every listing's index holds its terms' labels
// in every language of the catalogues.

// analyzeTextIn is analyzeText for a text in lang: each word's folded
// form, its stem in lang and, for another language, its English stem too.
func analyzeTextIn(lang, s string) string {
	if lang == "en" {
		return analyzeText(s)
	}
	var b strings.Builder
	b.Grow(len(s) * 2)
	emit := func(w string) {
		f := foldWord(w)
		if f == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f)
		own := stemIn(lang, w)
		if own != f {
			b.WriteByte(' ')
			b.WriteString(stemPrefix)
			b.WriteString(own)
		}
		if en := stemWord(f); en != own && en != f {
			b.WriteByte(' ')
			b.WriteString(stemPrefix)
			b.WriteString(en)
		}
	}
	for _, w := range splitWords(s) {
		emit(w)
	}
	hyphenated(s, emit)
	return b.String()
}

// withLanguage gives each term the index tokens it may match: its English
// stem, its stem in the user's language, and the word itself.
func withLanguage(terms []queryTerm, lang string) []queryTerm {
	lang = AnalysisLanguage(lang)
	out := make([]queryTerm, len(terms))
	for i, t := range terms {
		alts := stemTokens(t.Stem)
		add := func(tok string) {
			for _, a := range alts {
				if a == tok {
					return
				}
			}
			alts = append(alts, tok)
		}
		if t.Orig != "" {
			for _, tok := range stemTokens(stemIn(lang, t.Orig)) {
				add(tok)
			}
			if isArabicWord(t.Orig) {
				add(normalizeArabic(t.Orig))
				for _, tok := range formVTokens(t.Orig) {
					add(tok)
				}
			}
		}
		add(t.Word)
		for _, tok := range joinedTokens(t, lang) {
			add(tok)
		}
		for _, tok := range ismTokens(t.Orig, lang) {
			add(tok)
		}
		if lang == "nl" {
			for _, tok := range diminutiveTokens(t.Orig) {
				add(tok)
			}
		}
		if lang == "de" {
			if u := umlautsSpelledOut(t.Word); u != t.Word {
				add(u)
				for _, tok := range stemTokens(stemIn(lang, u)) {
					add(tok)
				}
			}
		}
		t.Alts, t.Lang = withoutStopStems(alts, t.Word), lang
		out[i] = t
	}
	return out
}

// An Arabic verb of the fifth form, its participle and its noun are
// "يتفعّل", "متفعّل", "تفعّل": "يتطرف" (radicalises), "متطرف" (an
// extremist), "تطرف" (extremism). The labels say the noun ("التطرف"),
// and "ابني متطرف" (my son is an extremist) found nothing (an audit in
// Arabic). A word whose stem begins with مت or يت, and three letters
// more, is also searched as the noun ("متشدد": "تشدد", "متعصب":
// "تعصب"), an accusative alif taken off ("متطرفا").
func formVTokens(w string) []string {
	st := stemIn("ar", w)
	rest, ok := strings.CutPrefix(st, "مت")
	if !ok {
		rest, ok = strings.CutPrefix(st, "يت")
	}
	if !ok || utf8.RuneCountInString(rest) < 3 {
		return nil
	}
	var toks []string
	for _, r := range []string{rest, strings.TrimSuffix(rest, "ا")} {
		if utf8.RuneCountInString(r) < 3 {
			continue
		}
		for _, tok := range stemTokens(stemIn("ar", "ت"+r)) {
			if !slices.Contains(toks, tok) {
				toks = append(toks, tok)
			}
		}
	}
	return toks
}

// A Dutch diminutive is its word with -je, -tje, -pje or -etje (plural
// -s): "groepje", "praatgroepje", "kindje", "vrouwtje", "boompje",
// "balletje". Snowball's stemmer keeps the ending ("groepj"), and
// "praatgroepje" found nothing of "praatgroep" (an audit in Dutch).
// Which ending a word has cannot always be told ("kaartje" is "kaart"
// and "je", "deurtje" "deur" and "tje"), so a Dutch search asks for each
// word it may be, of three letters or more: what is no word finds
// nothing.
var diminutiveEndings = []string{"etjes", "etje", "tjes", "tje", "pjes", "pje", "jes", "je"}

// diminutiveTokens are the index tokens of the words a Dutch diminutive
// (lower case) may be made of; nil for another word.
func diminutiveTokens(w string) []string {
	var toks []string
	for _, end := range diminutiveEndings {
		base, ok := strings.CutSuffix(w, end)
		if !ok || utf8.RuneCountInString(base) < 3 || strings.HasSuffix(base, "j") {
			continue
		}
		for _, tok := range append([]string{foldWord(base)}, stemTokens(stemIn("nl", undouble(base)))...) {
			if !slices.Contains(toks, tok) {
				toks = append(toks, tok)
			}
		}
	}
	return toks
}

// An -ism is searched as its -ist too, and as its root when that is a
// word of six letters or more: "Rechtsextremismus", "Islamismus",
// "Salafismus", French and Dutch "jihadisme" found nothing, where the
// listings say "rechtsextremen", "islamistischen", "jihadist networks",
// "Islamist" (an audit in four languages); English and French stem an
// -ism to its root ("extremism", "islamisme": "extrem", "islam"), the
// -ist apart, and German and Dutch keep the ending. In the searches of
// those three languages: English ones are as they were.
var ismEndings = []string{"ismen", "ismus", "ismes", "isme", "isms", "ism"}

// ismTokens are the index tokens of the -ist and the root of an -ism
// (lower case), stemmed in lang and in English; nil for another word.
func ismTokens(w, lang string) []string {
	for _, end := range ismEndings {
		root, ok := strings.CutSuffix(w, end)
		if !ok {
			continue
		}
		n := utf8.RuneCountInString(root)
		if n < 4 || lang == "en" || isArabicWord(w) {
			return nil
		}
		var toks []string
		forms := []string{root + "ist"}
		if n >= 6 {
			forms = append(forms, root)
		}
		for _, f := range forms {
			for _, st := range []string{stemIn(lang, f), stemWord(foldWord(f))} {
				for _, tok := range stemTokens(st) {
					if !slices.Contains(toks, tok) {
						toks = append(toks, tok)
					}
				}
			}
		}
		return toks
	}
	return nil
}

// tokens are the exact index tokens a term matches.
func (t queryTerm) tokens() []string {
	if len(t.Alts) > 0 {
		return t.Alts
	}
	return withoutStopStems(append(stemTokens(t.Stem), joinedTokens(t, "en")...), t.Word)
}

// umlautsSpelledOut is a folded German word with ae, oe and ue read as
// ä, ö and ü, folded ("koeln" → "koln", "fluechtlinge" → "fluchtlinge"):
// a keyboard without umlauts writes them so, and "Koeln", "Muenchen",
// "Fluechtlinge" found nothing (an audit by a German teacher). On German
// pages only: elsewhere "queue" or "does" are not umlauts. The word as
// typed still matches ("Quelle", "neue"). An "ue" after a vowel or a "q"
// is no ü ("neuen", "Frauen", "Betreuer", "queer"): read as one, "neuen"
// also searched "neun" (nine).
func umlautsSpelledOut(w string) string {
	if !strings.Contains(w, "e") {
		return w
	}
	b := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		b = append(b, w[i])
		if i+1 < len(w) && w[i+1] == 'e' && (w[i] == 'a' || w[i] == 'o' ||
			w[i] == 'u' && (i == 0 || !strings.ContainsRune("aeiouq", rune(w[i-1])))) {
			i++ // the "e" of the umlaut
		}
	}
	return string(b)
}

// joinedTokens are the index tokens of the words a term makes with its
// neighbours (queryTerm.Joined), as analyzeTextIn writes a word: folded,
// and its stems in lang and in English.
func joinedTokens(t queryTerm, lang string) []string {
	var toks []string
	for _, j := range t.Joined {
		f := foldWord(j)
		if !slices.Contains(toks, f) {
			toks = append(toks, f)
		}
		for _, st := range []string{stemWord(f), stemIn(lang, j)} {
			if st != f && !slices.Contains(toks, stemPrefix+st) {
				toks = append(toks, stemPrefix+st)
			}
		}
	}
	return toks
}

// withoutStopStems drops the bare stem tokens (those that match a word
// indexed as itself) that are a function word other than the word typed:
// French "ans" (years) stems to "an", and found every English listing
// with "an" in it. The stem still matches as a stem ("0an": "ans", "an"
// in French text).
func withoutStopStems(toks []string, word string) []string {
	stop := func(tok string) bool { return tok != word && stopWords[tok] }
	if !slices.ContainsFunc(toks, stop) {
		return toks
	}
	return slices.DeleteFunc(slices.Clone(toks), stop)
}

// stemTokens are the index tokens of a stem: "0" and the stem, and the
// stem alone, as a word that is its own stem is indexed (stemPrefix).
func stemTokens(stem string) []string {
	return []string{stemPrefix + stem, stem}
}

// fts5Tokens writes a term's tokens as one FTS5 expression.
func fts5Tokens(t queryTerm) string {
	toks := t.tokens()
	if len(toks) == 1 {
		return fts5String(toks[0])
	}
	parts := make([]string, len(toks))
	for i, tok := range toks {
		parts[i] = fts5String(tok)
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// tsTokens writes a term's tokens as one tsquery expression; weight, if
// not empty, restricts them to one field ("A", "B").
func tsTokens(t queryTerm, weight string) string {
	toks := t.tokens()
	parts := make([]string, len(toks))
	for i, tok := range toks {
		parts[i] = tsLexeme(tok)
		if weight != "" {
			parts[i] += ":" + weight
		}
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return "(" + strings.Join(parts, " | ") + ")"
}

// InLanguage analyses the words of the search for the user's language as
// well as English.
func (p SearchParams) InLanguage(lang string) SearchParams {
	p.lang, p.inLang = lang, true
	p.terms = p.analysed(p.terms)
	return p
}

// analysed gives terms the tokens they match in p: in its language, if
// it has one (InLanguage), and its labels.
func (p SearchParams) analysed(terms []queryTerm) []queryTerm {
	if p.inLang {
		terms = withLanguage(terms, p.lang)
	}
	return withLabels(withSameWords(terms), p.tax)
}
