package models

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"
)

// demoStore is a new test database with the demo directory
// (cmd/pathways/demo_programs.csv), the listings the audits of search
// were made on.
func demoStore(tb testing.TB) *Store {
	tb.Helper()
	b, err := os.ReadFile("../cmd/pathways/demo_programs.csv")
	if err != nil {
		tb.Fatal(err)
	}
	_, rows, _ := strings.Cut(string(b), "\n") // without its header
	s := newTestStore(tb)
	importCSV(tb, s, rows)
	return s
}

// wordsBenchQueries are searches in the five languages, as typed: words
// of labels and their synonyms, places, compounds, misspellings.
var wordsBenchQueries = []struct{ lang, q string }{
	{"en", "far right youth workers"}, {"en", "mentorng Brimingham"}, {"en", "Cork"}, {"en", "hate speech"},
	{"fr", "djihadisme"}, {"fr", "extrême droite"}, {"fr", "aide d'einsertion"}, {"fr", "lycéens Bruxelles"},
	{"nl", "extreemrechts"}, {"nl", "jeugdwerker"}, {"nl", "ouderbegeleiding"}, {"nl", "Belgiqe"},
	{"de", "Neonazis"}, {"de", "Hasskriminalität"}, {"de", "Elternberatung"}, {"de", "Rechtsextremismus"},
	{"ar", "التشدد"}, {"ar", "إمام"}, {"ar", "ابني متطرف"}, {"ar", "المدراس"},
}

// BenchmarkAnalyzeQuery is the analysis of a search's words: parsed,
// analysed in the user's language, with the labels, places and other
// words they find.
func BenchmarkAnalyzeQuery(b *testing.B) {
	s := newTestStore(b)
	tax, err := s.Taxonomies(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c := wordsBenchQueries[i%len(wordsBenchQueries)]
		ParseSearchParams(url.Values{"q": {c.q}}, tax).InLanguage(c.lang)
	}
}

// BenchmarkSuggestDemo is a whole search on the demo directory, each as
// if asked for the first time (the cache of whole results emptied),
// most of which find nothing with every word and look for a spelling
// suggestion.
func BenchmarkSuggestDemo(b *testing.B) {
	s := demoStore(b)
	tax, err := s.Taxonomies(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	run := func(i int) {
		c := wordsBenchQueries[i%len(wordsBenchQueries)]
		p := ParseSearchParams(url.Values{"q": {c.q}}, tax).InLanguage(c.lang)
		if _, err := s.SearchPrograms(context.Background(), p); err != nil {
			b.Fatal(err)
		}
	}
	for i := range wordsBenchQueries { // the index and the vocabulary built
		run(i)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s.DropSearchResults()
		run(i)
	}
}
