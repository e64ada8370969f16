package models

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// The marking of matched words was rewritten to allocate less (a results
// page marked ~40 texts, each through a list of its words built twice).
// These are the marks as the first version made them, kept to compare.

func referenceWordSpans(s string) [][2]int {
	var spans [][2]int
	start := -1
	for i, r := range s {
		if isWordRune(r) && start < 0 {
			start = i
		} else if !isWordRune(r) && start >= 0 {
			spans = append(spans, [2]int{start, i})
			start = -1
		}
	}
	if start >= 0 {
		spans = append(spans, [2]int{start, len(s)})
	}
	return spans
}

func referenceAny(m *matcher, s string) bool {
	if len(m.stems) == 0 {
		return false
	}
	for _, sp := range referenceWordSpans(s) {
		if m.matches(s[sp[0]:sp[1]]) {
			return true
		}
	}
	return false
}

func referenceHighlight(m *matcher, s string, maxWords int) []Fragment {
	spans := referenceWordSpans(s)
	hits := make([]bool, len(spans))
	first := -1
	if len(m.stems) > 0 {
		for i, sp := range spans {
			if m.matches(s[sp[0]:sp[1]]) {
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
		start := max(first-maxWords/3, 0)
		end := start + maxWords
		if end > len(spans) {
			end = len(spans)
			start = end - maxWords
		}
		if start > 0 {
			from, lead = spans[start][0], "… "
		}
		if end < len(spans) {
			to, tail = spans[end-1][1], " …"
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
		add(s[pos:sp[0]], false)
		out = append(out, Fragment{Text: s[sp[0]:sp[1]], Hit: true})
		pos = sp[1]
	}
	add(s[pos:to], false)
	add(tail, false)
	return out
}

// TestHighlightAsBefore compares the marks of random texts in several
// scripts, for queries of words, stems, prefixes and other languages,
// with the first version's, and checks that marking a description's
// excerpt allocates only its result.
func TestHighlightAsBefore(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	words := []string{"Youth", "youth's", "mentoring", "mentor", "radicalisation", "radicalization", "Schule",
		"école", "écoles", "jeunes", "Jugend", "jongeren", "شباب", "الشباب", "community", "communities", "co-op",
		"families", "FAMILY", "support", "2024", "naïve", "déradicalisation", "e.V.", "über", "x", "and", "the"}
	seps := []string{" ", ", ", ". ", " — ", "\n", " (", ") ", "/", "", "  "}
	text := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString(seps[rng.IntN(len(seps))])
			b.WriteString(words[rng.IntN(len(words))])
		}
		return b.String()
	}
	queries := []struct{ q, lang string }{
		{"youth", ""}, {"mentoring families", ""}, {"radicalization", ""}, {"comm", ""}, {"écol", "fr"},
		{"jeunes", "fr"}, {"Jugend schule", "de"}, {"شباب", "ar"}, {"jongeren", "nl"}, {"support 2024", ""},
		{"naive", ""}, {"über", "de"}, {"x", ""}, {"", ""}, {"the", ""},
	}
	for _, qc := range queries {
		terms := parseQuery(qc.q)
		if qc.lang != "" {
			terms = withLanguage(terms, qc.lang)
		}
		m := newMatcher(terms)
		for i := 0; i < 300; i++ {
			s := text(rng.IntN(80))
			for _, max := range []int{0, 5, 30} {
				got, want := m.highlight(s, max), referenceHighlight(m, s, max)
				if !slices.Equal(got, want) {
					t.Fatalf("q=%q lang=%s highlight(%q, %d):\n got %+v\nwant %+v", qc.q, qc.lang, s, max, got, want)
				}
				var wantEx []Fragment
				if referenceAny(m, s) {
					wantEx = want
				}
				if got := m.excerpt(s, max); !slices.Equal(got, wantEx) {
					t.Fatalf("q=%q excerpt(%q, %d):\n got %+v\nwant %+v", qc.q, s, max, got, wantEx)
				}
			}
			if got, want := m.any(s), referenceAny(m, s); got != want {
				t.Fatalf("q=%q any(%q) = %v, want %v", qc.q, s, got, want)
			}
		}
	}

	// A description of 150 words with matches far from its start: the
	// excerpt's fragments and their texts, nothing for its list of words.
	m := newMatcher(parseQuery("mentoring"))
	desc := strings.Repeat("A programme for young people and their families in the city. ", 15) +
		"Weekly mentoring with trained volunteers. " + strings.Repeat("Run by a local association. ", 5)
	m.excerpt(desc, 30) // the stems of its words, memoised
	if n := testing.AllocsPerRun(20, func() { m.excerpt(desc, 30) }); n > 4 {
		t.Errorf("an excerpt of a 150-word description made %.0f allocations, want at most 4", n)
	}
	if n := testing.AllocsPerRun(20, func() { m.any(desc) }); n > 0 {
		t.Errorf("any made %.0f allocations, want none", n)
	}
}
