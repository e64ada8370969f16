package models

import "strings"

// matcher marks the words of a text that a query matched, using the same
// analysis as the index, so a highlight shows exactly why a result came.
type matcher struct {
	stems    map[string]bool // index tokens the query matches
	langs    []string        // languages other than English the query was analysed for
	prefixes []string
}

func newMatcher(terms []queryTerm) *matcher {
	m := &matcher{stems: map[string]bool{}}
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

func (m *matcher) matches(word string) bool {
	f := foldWord(word)
	if m.stems[stemPrefix+stemWord(f)] || m.stems[f] {
		return true
	}
	for _, lang := range m.langs {
		if m.stems[stemPrefix+stemIn(lang, word)] {
			return true
		}
	}
	if isArabicWord(word) && (m.stems[stemPrefix+stemIn("ar", word)] || m.stems[normalizeArabic(strings.ToLower(word))]) {
		return true
	}
	for _, p := range m.prefixes {
		if strings.HasPrefix(f, p) {
			return true
		}
	}
	return false
}

// any reports whether any word of s matches.
func (m *matcher) any(s string) bool {
	if len(m.stems) == 0 {
		return false
	}
	for _, sp := range wordSpans(s) {
		if m.matches(s[sp.start:sp.end]) {
			return true
		}
	}
	return false
}

// highlight splits s into fragments with the matching words marked. With
// maxWords > 0 only that many words around the first match are kept.
func (m *matcher) highlight(s string, maxWords int) []Fragment {
	spans := wordSpans(s)
	hits := make([]bool, len(spans))
	first := -1
	if len(m.stems) > 0 {
		for i, sp := range spans {
			if m.matches(s[sp.start:sp.end]) {
				hits[i] = true
				if first < 0 {
					first = i
				}
			}
		}
	}
	from, to := 0, len(s)
	lead, tail := "", ""
	if maxWords > 0 && len(spans) > maxWords {
		if first < 0 {
			first = 0
		}
		start := first - maxWords/3
		if start < 0 {
			start = 0
		}
		end := start + maxWords
		if end > len(spans) {
			end = len(spans)
			start = end - maxWords
		}
		if start > 0 {
			from, lead = spans[start].start, "… "
		}
		if end < len(spans) {
			to, tail = spans[end-1].end, " …"
		}
		spans, hits = spans[start:end], hits[start:end]
	}
	var out []Fragment
	pos := from
	add := func(text string, hit bool) {
		if text == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Hit == hit {
			out[n-1].Text += text
			return
		}
		out = append(out, Fragment{Text: text, Hit: hit})
	}
	add(lead, false)
	for i, sp := range spans {
		if !hits[i] {
			continue
		}
		add(s[pos:sp.start], false)
		out = append(out, Fragment{Text: s[sp.start:sp.end], Hit: true})
		pos = sp.end
	}
	add(s[pos:to], false)
	add(tail, false)
	return out
}

// excerpt returns up to maxWords words of s around the first match, or
// nil when nothing in s matches.
func (m *matcher) excerpt(s string, maxWords int) []Fragment {
	if !m.any(s) {
		return nil
	}
	return m.highlight(s, maxWords)
}
