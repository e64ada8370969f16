package models

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestImportReportsEveryProblemAndImportsNothing(t *testing.T) {
	s := newTestStore(t)
	tax, _ := s.Taxonomies(context.Background())
	bad := csvHeader +
		`Good One,Org,Fine summary,,education,children,,en,,,BE,,Gent,,,false,,,,,,,,,2026-01-01
,Org,No name,,educaton,children;aliens,worst,english,teleport,cheap,XX,,Gent,,,maybe,javascript:alert(1),not-an-email,call me,,,-1,abc,great,2027-13-01
Age Order,Org,Ages wrong,,education,children,,en,,,BE,,Gent,,,false,,,,,,16,10,,
Good One,Org,Duplicate of row 2,,education,children,,en,,,BE,,Gent,,,false,,,,,,,,,
`
	_, err := ParseProgramsCSV(strings.NewReader(bad), NewValidator(tax))
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("want an ImportError, got %v", err)
	}
	msg := ie.Error()
	for _, want := range []string{
		"row 3, column name: is required",
		`row 3, column themes: unknown theme "educaton"`,
		`row 3, column audiences: unknown audience "aliens"`,
		`row 3, column level: unknown level "worst"`,
		`row 3, column languages: unknown language code "english"`,
		`row 3, column delivery: unknown delivery "teleport"`,
		`row 3, column cost: unknown cost "cheap"`,
		`row 3, column country: unknown country code "XX"`,
		`row 3, column confidential: "maybe" is not true or false`,
		"row 3, column website: must be a web address",
		"row 3, column email: must be an e-mail address",
		"row 3, column phone: must be a phone number",
		"row 3, column age_min: must be at least 0",
		`row 3, column age_max: "abc" is not a whole number`,
		`row 3, column evidence: unknown evidence "great"`,
		"row 3, column last_verified: must be a date",
		"row 4, column age_max: the maximum age is below the minimum age",
		"row 5, column name: the same program of the same organization is already on row 2",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("missing %q in:\n%s", want, msg)
		}
	}
	if n, _ := s.CountPrograms(context.Background()); n != 0 {
		t.Errorf("%d programs imported from a bad file", n)
	}
}

func TestImportHeaderProblems(t *testing.T) {
	s := newTestStore(t)
	tax, _ := s.Taxonomies(context.Background())
	_, err := ParseProgramsCSV(strings.NewReader("name,organization\nx,y\n"), NewValidator(tax))
	if err == nil || !strings.Contains(err.Error(), "row 1, column summary: missing from the header") {
		t.Errorf("got %v", err)
	}
	_, err = ParseProgramsCSV(strings.NewReader(csvHeader+"a,\"b\n"), NewValidator(tax))
	if err == nil || !strings.Contains(err.Error(), "malformed CSV") {
		t.Errorf("got %v", err)
	}
	_, err = ParseProgramsCSV(strings.NewReader(csvHeader+"a,b,c\n"), NewValidator(tax))
	if err == nil || !strings.Contains(err.Error(), "row 2: has 3 cells, the header has 25") {
		t.Errorf("got %v", err)
	}
}

func TestReimportDoesNotDuplicate(t *testing.T) {
	s := newTestStore(t)
	rows := `Club,Org,First summary,,education,children,,en,,,BE,,Gent,,,false,,,,,,,,,2026-01-01
Other,Org,Other summary,,education,children,,en,,,BE,,Gent,,,false,,,,,,,,,2026-01-01
`
	if sum := importCSV(t, s, rows); sum.Created != 2 {
		t.Fatalf("first import: %+v", sum)
	}
	// Same organization and name (any case): an update, not a new program.
	sum := importCSV(t, s, strings.Replace(strings.Replace(rows, "First summary", "Second summary", 1), "Club,Org", "club,ORG", 1))
	if sum.Created != 0 || sum.Updated != 2 {
		t.Fatalf("re-import: %+v", sum)
	}
	if n, _ := s.CountPrograms(context.Background()); n != 2 {
		t.Errorf("%d programs after re-import", n)
	}
	p, err := s.ProgramBySlug(context.Background(), "club")
	if err != nil || p.Summary != "Second summary" || p.Version != 2 {
		t.Errorf("program after re-import: %v %+v", err, p)
	}
	// The search index follows: the old summary is gone.
	if res := search(t, s, "q=first"); res.Total != 0 {
		t.Errorf("old text still found")
	}
	if res := search(t, s, "q=second"); res.Total != 1 {
		t.Errorf("new text not found")
	}
}

func TestAnalyzer(t *testing.T) {
	cases := map[string]string{
		"radicalisation": "radicalization", "organisations": "organizations", "behaviour": "behavior",
		"counselling": "counseling", "programme": "program", "centres": "centers", "defence": "defense",
		"dialogue": "dialog", "fulfill": "fulfill", "rise": "rise", "analyse": "analyze",
	}
	for in, want := range cases {
		if got := americanize(in); got != want {
			t.Errorf("americanize(%q) = %q, want %q", in, got, want)
		}
	}
	if foldWord("Café") != "cafe" || foldWord("Straße") != "strasse" || foldWord("ÉCOLE") != "ecole" {
		t.Errorf("folding")
	}
	if stemWord("radicalisation") != stemWord("radicalization") || stemWord("behaviours") != stemWord("behavior") {
		t.Errorf("spelling variants do not meet")
	}
	terms := parseQuery(`"education" AND NEAR(youth*`)
	// Operators are words like any other, and too common to search for.
	if len(terms) != 2 || terms[0].Word != "education" || terms[1].Word != "youth" || terms[1].Prefix {
		t.Errorf("parseQuery: %+v", terms)
	}
	if q := fts5Query(parseQuery(`col:x "y`)); strings.ContainsAny(strings.ReplaceAll(q, `"`, ""), ":") {
		t.Errorf("syntax leaked into the FTS5 query: %s", q)
	}
}
