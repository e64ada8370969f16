package models

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"
)

// Spelling suggestions. A search that finds nothing, or finds something
// only once words are left out (SearchResult.Missing), may have a
// misspelt word: "radicalisaton", "Brimingham". The words that no
// program has at all are corrected to the nearest words of the
// vocabulary (search_vocab.go), and the corrected search, with the same
// filters, is offered when it finds programs with every word. Words that
// programs have are never corrected.

// suggestCandidates is how many corrections of each word are tried, and
// suggestChecks how many corrected searches at most are run to find one
// that finds programs.
const (
	suggestCandidates = 3
	suggestChecks     = 4
)

// suggest returns the corrected query of a search whose words are p.terms
// (before any were left out), or "" when no correction finds programs.
func (s *Store) suggest(ctx context.Context, p SearchParams) (string, error) {
	if len(p.terms) == 0 || p.tax == nil {
		return "", nil
	}
	// Only words long enough to correct are worth a query.
	var long []int
	for i, t := range p.terms {
		if maxEdits(utf8.RuneCountInString(t.Word)) > 0 && !strings.ContainsFunc(t.Word, unicode.IsDigit) {
			long = append(long, i)
		}
	}
	if len(long) == 0 {
		return "", nil
	}
	// Which of them no program has, and the vocabulary at the version
	// those answers come from.
	var absent []int
	err := s.readSnapshot(ctx, func(tx *gorm.DB) error {
		var version int64
		if err := tx.Raw("SELECT version FROM search_state WHERE id = 1").Scan(&version).Error; err != nil {
			return fmt.Errorf("read search version: %w", err)
		}
		ss := s.dialect.searchSQL()
		if ss.textSetup != "" {
			if err := tx.Exec(ss.textSetup).Error; err != nil {
				return fmt.Errorf("search setup: %w", err)
			}
		}
		for _, i := range long {
			var one []int64
			if err := tx.Raw(ss.matchPKs+" LIMIT 1", ss.matchArg(p.terms[i:i+1])).Scan(&one).Error; err != nil {
				return fmt.Errorf("match: %w", err)
			}
			if len(one) == 0 {
				absent = append(absent, i)
			}
		}
		if len(absent) == 0 {
			return nil
		}
		return s.syncVocabulary(tx, version, p.tax)
	})
	if err != nil {
		return "", fmt.Errorf("models: suggest: %w", err)
	}
	if len(absent) == 0 || !s.vocabularyReady(ctx, p.tax) {
		return "", nil
	}
	// Each absent word's corrections; a word without any stays as typed.
	type choice struct {
		typed string
		cands []correction
	}
	var choices []choice
	for _, i := range absent {
		t := p.terms[i]
		// A place is not a misspelt word, whether or not the directory
		// has programs there: "Chile" was corrected to "Child", "Rome"
		// may be "Home".
		if namesPlace(t) {
			continue
		}
		cs := s.vocab.corrections(t.Word, queryLanguage(p.Q, t.Lang), suggestCandidates)
		// After a French elision ("d'", "l'", "qu'"), a correction that
		// begins with a vowel keeps it right: "d'einsertion" is
		// "d'insertion" before "de réinsertion".
		if afterElision(p.Q, t.Typed) {
			slices.SortStableFunc(cs, func(a, b correction) int {
				return cmp.Or(cmp.Compare(a.dist, b.dist), -compareBool(elides(a.shown), elides(b.shown)))
			})
		}
		// A country no program is in is still that country: "Australia"
		// is not "Austria", nor "Iran" "Iraq" (an audit in English).
		if own := countryTokens(t.Word); len(own) > 0 {
			cs = slices.DeleteFunc(cs, func(c correction) bool {
				other := countryTokens(c.word)
				return len(other) > 0 && !slices.ContainsFunc(other, func(tok string) bool { return slices.Contains(own, tok) })
			})
		}
		if len(cs) > 0 {
			choices = append(choices, choice{t.Typed, cs})
		}
	}
	if len(choices) == 0 {
		return "", nil
	}
	// The combinations to try, best first: every word's first
	// correction, then each word's others in turn.
	combos := [][]int{make([]int, len(choices))}
	for c := range choices {
		for k := 1; k < len(choices[c].cands); k++ {
			combo := make([]int, len(choices))
			combo[c] = k
			combos = append(combos, combo)
		}
	}
	cost := func(combo []int) (int, int32) {
		d, n := 0, int32(0)
		for c, k := range combo {
			d += choices[c].cands[k].dist
			n += choices[c].cands[k].count
		}
		return d, n
	}
	slices.SortStableFunc(combos[1:], func(a, b []int) int {
		da, na := cost(a)
		db, nb := cost(b)
		return cmp.Or(cmp.Compare(da, db), cmp.Compare(nb, na))
	})
	lang := p.terms[0].Lang
	for _, combo := range combos[:min(len(combos), suggestChecks)] {
		fix := map[string]string{}
		for c, k := range combo {
			fix[choices[c].typed] = asTyped(choices[c].typed, choices[c].cands[k].shown)
		}
		q := replaceWords(p.Q, fix)
		v := p.Values()
		v.Set("q", q)
		v.Del("page")
		np := ParseSearchParams(v, p.tax).InLanguage(lang)
		np.noSuggest = true
		res, err := s.SearchPrograms(ctx, np)
		if err != nil {
			return "", err
		}
		// It must find programs with every corrected word.
		if res.Total > 0 && !slices.ContainsFunc(res.Missing, func(m string) bool { return containsValue(fix, m) }) {
			return q, nil
		}
	}
	return "", nil
}

// queryLanguage is the language whose words a query's corrections are
// taken from first: the one its little words say ("hulp voor de
// mentorn" is Dutch on any page), when two or more of them say one
// language more than any other, else the page's.
func queryLanguage(q, page string) string {
	c := countLanguageMarkers([]string{q})
	if c.arabic() {
		return "ar"
	}
	if best, n, second := c.best(); n >= 2 && n > second {
		return markerLanguages[best]
	}
	return page
}

// namesPlace reports whether a term is the name of a city or a country
// the search knows (search_places.go), in any of its spellings.
func namesPlace(t queryTerm) bool {
	for _, form := range t.forms() {
		for _, name := range placeNames(form) {
			if placeAlts(name) != nil || countryTokens(name) != nil {
				return true
			}
		}
	}
	return false
}

// containsValue reports whether some value of m is v, or has v as one
// of its words (a compound corrected as two words).
func containsValue(m map[string]string, v string) bool {
	for _, x := range m {
		if x == v || slices.Contains(strings.Fields(x), v) {
			return true
		}
	}
	return false
}

// asTyped writes a correction the way the word it corrects was typed:
// capitalised ("Brimingham" → "Birmingham") or in capitals.
func asTyped(typed, word string) string {
	first, _ := utf8.DecodeRuneInString(typed)
	if !unicode.IsUpper(first) {
		return word
	}
	if utf8.RuneCountInString(typed) > 1 && strings.ToUpper(typed) == typed {
		return strings.ToUpper(word)
	}
	r, n := utf8.DecodeRuneInString(word)
	return string(unicode.ToUpper(r)) + word[n:]
}

// replaceWords replaces in q the words (runs of word runes, as
// splitWords finds them) that are keys of fix; the rest of q, spaces and
// punctuation included, stays as typed. A French elision before a word
// replaced by one that begins with a consonant is written out ("d'" is
// "de", "qu'" "que"), or left out when that cannot be told ("l'" is
// "le" or "la"): "d'réinsertion" is no French.
func replaceWords(q string, fix map[string]string) string {
	type piece struct {
		text string
		word bool
	}
	var ps []piece
	last := 0
	for start, end := range words(q) {
		if start > last {
			ps = append(ps, piece{q[last:start], false})
		}
		ps = append(ps, piece{q[start:end], true})
		last = end
	}
	if last < len(q) {
		ps = append(ps, piece{q[last:], false})
	}
	for i, p := range ps {
		f, ok := fix[p.text]
		if !p.word || !ok {
			continue
		}
		ps[i].text = f
		if i < 2 || !isApostropheText(ps[i-1].text) || !ps[i-2].word || elides(f) {
			continue
		}
		full, ok := elisions[strings.ToLower(ps[i-2].text)]
		if !ok { // a word that only ends so ("aujourd'hui") is another word
			continue
		}
		if full == "" {
			ps[i-2].text, ps[i-1].text = "", ""
			continue
		}
		ps[i-2].text, ps[i-1].text = asTyped(ps[i-2].text, full), " "
	}
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.text)
	}
	return b.String()
}

// elisions are the French words written elided before a vowel, with
// what they are before a consonant ("" when that depends on the word:
// "le" or "la").
var elisions = map[string]string{"d": "de", "j": "je", "m": "me", "t": "te", "s": "se", "n": "ne", "c": "ce",
	"qu": "que", "jusqu": "jusque", "lorsqu": "lorsque", "puisqu": "puisque", "l": ""}

// isApostropheText: what joins an elided word to the next.
func isApostropheText(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	return n > 0 && n == len(s) && isApostrophe(r)
}

// elides reports whether a word begins with a vowel or an h, before
// which French elides "de", "le", "que".
func elides(w string) bool {
	r, _ := utf8.DecodeRuneInString(foldWord(w))
	return strings.ContainsRune("aeiouyh", r)
}

// afterElision reports whether the word typed follows a French elision
// in q ("d'einsertion").
func afterElision(q, typed string) bool {
	prev, last := "", 0
	for start, end := range words(q) {
		w := q[start:end]
		if w == typed && prev != "" && isApostropheText(q[last:start]) {
			if _, ok := elisions[strings.ToLower(prev)]; ok {
				return true
			}
		}
		prev, last = w, end
	}
	return false
}
