package models

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// FuzzSearchQuery: whatever is typed, the translated FTS5 query is valid
// (the database accepts it) and the search answers.
func FuzzSearchQuery(f *testing.F) {
	for _, seed := range []string{"education", `"`, `NEAR(a b)`, "col:x", "a AND OR NOT", "*", "(", "educ*", "café ",
		"\x00", "\xff\xfe", "radicalisation behaviour", strings.Repeat("x ", 300), "^", "-x", "ا ب", "0educ", `'; DROP TABLE programs; --`,
		"anti-bullying help line", "a-b-c-d-e f", "haven't-seen it", "x\u2011y"} {
		f.Add(seed)
	}
	s := newTestStore(f)
	importCSV(f, s, searchFixture)
	tax, _ := s.Taxonomies(context.Background())
	f.Fuzz(func(t *testing.T, q string) {
		terms := parseQuery(q)
		if len(terms) > maxQueryTerms {
			t.Fatalf("%d terms", len(terms))
		}
		// Read with every word joined that may be (withJoins).
		if joined, _ := parseQueryJoined(q, joinCandidates(q)); len(joined) > maxQueryTerms {
			t.Fatalf("%d terms joined", len(joined))
		}
		p := ParseSearchParams(map[string][]string{"q": {q}}, tax)
		if _, err := s.SearchPrograms(context.Background(), p); err != nil {
			t.Fatalf("search %q (fts5 %q): %v", q, fts5Query(terms), err)
		}
	})
}

// FuzzParseProgramsCSV: any file is either imported or refused with
// row-and-column problems; never a panic or another error.
func FuzzParseProgramsCSV(f *testing.F) {
	f.Add(csvHeader + searchFixture)
	f.Add(csvHeader + "a,b\n")
	f.Add(csvHeader + `"unterminated` + "\n")
	f.Add("name\n\"x\"\"\n")
	f.Add(csvHeader + ",,,,,,,,,,,,,,,,,,,,,,,,\n")
	f.Add(csvHeader + "x,y,z,,education;;;,children,,en;;xx,,,,,,,,maybe,,,,,,-1,999999999999999999999,,2099-01-01\n")
	v := NewValidator(testTaxonomies(f))
	f.Fuzz(func(t *testing.T, data string) {
		rows, err := ParseProgramsCSV(strings.NewReader(data), v)
		if err != nil {
			var ie *ImportError
			if !errors.As(err, &ie) || len(ie.Problems) == 0 {
				t.Fatalf("unexpected error type: %v", err)
			}
			return
		}
		for _, r := range rows {
			if r.Draft.Name == "" || len(r.Draft.Themes) == 0 {
				t.Fatalf("an invalid row passed: %+v", r.Draft)
			}
		}
	})
}

func testTaxonomies(t testing.TB) *Taxonomies {
	s := newTestStore(t)
	tax, err := s.Taxonomies(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return tax
}

// FuzzParseHSDS: any JSON or NDJSON is either parsed into records (each
// with its problems) or refused with an error; never a panic.
func FuzzParseHSDS(f *testing.F) {
	f.Add(`[{"id":"x","name":"A","organization":{"name":"O"},"attributes":[]}]`)
	f.Add(`{"total_items":1,"contents":[{"name":"B","status":"active"}]}`)
	f.Add("{\"name\":\"C\"}\n{\"name\":\"D\",\"languages\":[{\"code\":\"fr\"}]}\n")
	f.Add(`{"name":"E","service_at_locations":[{"location":{"addresses":[{"address_1":"x","country":"ZZ"}]}}],"minimum_age":-3,"maximum_age":1e99}`)
	f.Add(`[[[[[[[[[[`)
	f.Add("\xff\xfe{}")
	tax := testTaxonomies(f)
	v := NewValidator(tax)
	f.Fuzz(func(t *testing.T, data string) {
		records, err := ParseHSDS(strings.NewReader(data), v, tax)
		if err != nil {
			return
		}
		for _, r := range records {
			if len(r.Problems) == 0 && (r.Draft.Name == "" || len(r.Draft.Themes) == 0) {
				t.Fatalf("an invalid record passed: %+v", r.Draft)
			}
		}
	})
}
