package models

import (
	"hash/maphash"
	"iter"
	"strings"
	"unicode/utf8"
)

// matcher marks the words of a text that a query matched, using the same
// analysis as the index, so a highlight shows exactly why a result came.
type matcher struct {
	stems    map[string]bool // index tokens the query matches
	langs    []string        // languages other than English the query was analysed for
	prefixes []string
	// seen remembers the answer for recent words: the descriptions of a
	// page repeat their words, and each answer costs a fold, a stem and
	// lookups in the shared memos behind their locks.
	seen [256]seenWord
	seed maphash.Seed
}

type seenWord struct {
	word  string
	match bool
}

func newMatcher(terms []queryTerm) *matcher {
	m := &matcher{stems: map[string]bool{}, seed: matcherSeed}
	for _, t := range terms {
		for _, tok := range t.tokens() {
			m.stems[tok] = true
		}
		if t.Lang != "" && t.Lang != "en" && !containsString(m.langs, t.Lang) {
			m.langs = append(m.langs, t.Lang)
		}
		if t.Prefix {
			m.prefixes = append(m.prefixes, t.Word)
		}
	}
	return m
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

var matcherSeed = maphash.MakeSeed()

// matches reports whether the query matched word.
func (m *matcher) matches(word string) bool {
	e := &m.seen[maphash.String(m.seed, word)%uint64(len(m.seen))]
	if e.word == word && word != "" {
		return e.match
	}
	match := m.matchWord(word)
	*e = seenWord{word, match}
	return match
}

func (m *matcher) matchWord(word string) bool {
	f := foldToMatch(word)
	if m.matchFolded(word, f) {
		return true
	}
	for _, p := range m.prefixes {
		if strings.HasPrefix(f, p) {
			return true
		}
	}
	return false
}

// matchWhole reports whether the query matched word as a word, not as
// the beginning of one.
func (m *matcher) matchWhole(word string) bool { return m.matchFolded(word, foldToMatch(word)) }

// matchFolded is matchWhole of word folded to f.
func (m *matcher) matchFolded(word, f string) bool {
	// As the index has them (analyzeTextIn): the word, and its stems
	// where they differ from it.
	if m.stems[f] {
		return true
	}
	if st := stemWord(f); st != f && m.stems[stemPrefix+st] {
		return true
	}
	for _, lang := range m.langs {
		if st := stemIn(lang, word); st != f && m.stems[stemPrefix+st] {
			return true
		}
	}
	return isArabicWord(word) && (m.stems[stemPrefix+stemIn("ar", word)] || m.stems[normalizeArabic(strings.ToLower(word))])
}

// foldToMatch is foldWord for highlighting, which lowers the first word
// of every sentence of every result: a capitalised word's lower-case
// form is remembered, as an accented word's is, instead of made anew
// each time. (The analyser does not ask: for it the memo cost more than
// it saved.)
func foldToMatch(w string) string {
	upper := false
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= utf8.RuneSelf {
			return foldWord(w)
		} else if 'A' <= c && c <= 'Z' {
			upper = true
		}
	}
	if !upper {
		return w
	}
	if f, ok := folds.get(w); ok {
		return f
	}
	f := strings.ToLower(w)
	folds.put(w, f)
	return f
}

// words yields the start and end of each word of s.
func words(s string) iter.Seq2[int, int] {
	return func(yield func(start, end int) bool) {
		start := -1
		for i, r := range s {
			if isWordRune(r) {
				if start < 0 {
					start = i
				}
			} else if start >= 0 {
				if !yield(start, i) {
					return
				}
				start = -1
			}
		}
		if start >= 0 {
			yield(start, len(s))
		}
	}
}

// any reports whether any word of s matches.
func (m *matcher) any(s string) bool {
	if len(m.stems) == 0 {
		return false
	}
	for start, end := range words(s) {
		if m.matches(s[start:end]) {
			return true
		}
	}
	found := false
	compoundRuns(s, func(_, _ int, c string) { found = found || m.matchWhole(c) })
	return found
}

// markedSpan is a word of a text and whether the query matched it.
type markedSpan struct {
	start, end int
	hit        bool
}

// mark appends the words of s to spans, each marked, and returns them
// with the index of the first match (-1 when none).
func (m *matcher) mark(spans []markedSpan, s string) ([]markedSpan, int) {
	first := -1
	base := len(spans)
	for start, end := range words(s) {
		hit := len(m.stems) > 0 && m.matches(s[start:end])
		if hit && first < 0 {
			first = len(spans)
		}
		spans = append(spans, markedSpan{start, end, hit})
	}
	if len(m.stems) > 0 {
		// A compound the query matched as one word ("antibullying" in
		// "anti-bullying", "gewalttraining" in "Anti-Gewalt-Training"):
		// all its parts. (Not as a prefix: "famil…" is not "family-run".)
		compoundRuns(s, func(from, to int, c string) {
			if !m.matchWhole(c) {
				return
			}
			for k := base + from; k <= base+to; k++ {
				spans[k].hit = true
			}
			if first < 0 || base+from < first {
				first = base + from
			}
		})
	}
	return spans, first
}

// highlight splits s into fragments with the matching words marked. With
// maxWords > 0 only that many words around the first match are kept.
func (m *matcher) highlight(s string, maxWords int) []Fragment {
	var buf [256]markedSpan // most texts: no list of words on the heap
	spans, first := m.mark(buf[:0], s)
	return fragments(s, spans, first, maxWords)
}

// excerpt returns up to maxWords words of s around the first match, or
// nil when nothing in s matches.
func (m *matcher) excerpt(s string, maxWords int) []Fragment {
	if len(m.stems) == 0 {
		return nil
	}
	var buf [256]markedSpan
	spans, first := m.mark(buf[:0], s)
	if first < 0 {
		return nil
	}
	return fragments(s, spans, first, maxWords)
}

// fragments cuts s at its marked words: the runs between matches, and
// each match, with "… " and " …" where maxWords words cut it short.
func fragments(s string, spans []markedSpan, first, maxWords int) []Fragment {
	from, to := 0, len(s)
	lead, tail := false, false
	if maxWords > 0 && len(spans) > maxWords {
		start := max(first, 0) - maxWords/3
		if start < 0 {
			start = 0
		}
		end := start + maxWords
		if end > len(spans) {
			end = len(spans)
			start = end - maxWords
		}
		if start > 0 {
			from, lead = spans[start].start, true
		}
		if end < len(spans) {
			to, tail = spans[end-1].end, true
		}
		spans = spans[start:end]
	}
	n := 1
	for i := range spans {
		if spans[i].hit {
			n += 2
		}
	}
	out := make([]Fragment, 0, n)
	pos := from
	// plain adds text that matched nothing; the ellipses join the text
	// beside them, as one fragment.
	plain := func(text string, before, after bool) {
		switch {
		case text == "" && !before && !after:
		case before && after:
			out = append(out, Fragment{Text: "… " + text + " …"})
		case before:
			out = append(out, Fragment{Text: "… " + text})
		case after:
			out = append(out, Fragment{Text: text + " …"})
		default:
			out = append(out, Fragment{Text: text})
		}
	}
	for i := range spans {
		if !spans[i].hit {
			continue
		}
		plain(s[pos:spans[i].start], lead && pos == from, false)
		out = append(out, Fragment{Text: s[spans[i].start:spans[i].end], Hit: true})
		pos = spans[i].end
	}
	plain(s[pos:to], lead && pos == from, tail)
	return out
}
