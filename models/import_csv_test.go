package models

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/go-playground/validator/v10"
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

// Rows are checked in batches on several cores; what is reported must
// not depend on it: every problem once, in row order, duplicates found
// across batches, a broken line ending the file where it breaks.
func TestImportProblemsInRowOrderAcrossBatches(t *testing.T) {
	s := newTestStore(t)
	tax, _ := s.Taxonomies(context.Background())
	var b strings.Builder
	b.WriteString(csvHeader)
	const n = 3*parseBatch + 20
	var want []string
	for i := 0; i < n; i++ {
		row := i + 2
		switch {
		case i == 7 || i == parseBatch+3:
			fmt.Fprintf(&b, "Program %d,Org,Summary,,education,children,,en,,,ZZ,,Gent,,,false,,,,,,,,,\n", i)
			want = append(want, fmt.Sprintf(`row %d, column country: unknown country code "ZZ" (use ISO 3166-1 alpha-2, such as BE or FR)`, row))
		case i == parseBatch-1:
			b.WriteString("Too short,Org\n")
			want = append(want, fmt.Sprintf("row %d: has 2 cells, the header has 25", row))
		case i == 2*parseBatch+5: // the name of row 12, in another batch
			fmt.Fprintf(&b, "program 10,ORG,Summary,,education,children,,en,,,BE,,Gent,,,false,,,,,,,,,\n")
			want = append(want, fmt.Sprintf("row %d, column name: the same program of the same organization is already on row 12", row))
		default:
			fmt.Fprintf(&b, "Program %d,Org,Summary,,education,children,,en,,,BE,,Gent,,,false,,,,,,,,,\n", i)
		}
	}
	good := b.String()
	b.WriteString("\"Broken,Org\n")
	want = append(want, fmt.Sprintf("row %d: malformed CSV at line %d of the file: extraneous or missing \" in quoted-field", n+2, n+2))
	_, err := ParseProgramsCSV(strings.NewReader(b.String()), NewValidator(tax))
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("want an ImportError, got %v", err)
	}
	if got := strings.Split(ie.Error(), "\n"); !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Without them, every row in order.
	fixed := strings.NewReplacer(",ZZ,", ",BE,", "Too short,Org\n", "Long enough,Org,Summary,,education,children,,en,,,BE,,Gent,,,false,,,,,,,,,\n",
		"program 10,ORG", "Program X,Org").Replace(good)
	rows, err := ParseProgramsCSV(strings.NewReader(fixed), NewValidator(tax))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != n {
		t.Fatalf("%d rows, want %d", len(rows), n)
	}
	for i, r := range rows {
		if r.Row != i+2 {
			t.Fatalf("row %d is numbered %d", i+2, r.Row)
		}
	}
}

// A panic while checking a row reaches the caller's goroutine, where the
// server's recovery turns it into an error page, instead of ending the
// process from a worker.
func TestImportPanicReachesTheCaller(t *testing.T) {
	s := newTestStore(t)
	tax, _ := s.Taxonomies(context.Background())
	v := NewValidator(tax)
	v.RegisterValidation("country", func(validator.FieldLevel) bool { panic("checker broke") })
	var b strings.Builder
	b.WriteString(csvHeader)
	for i := 0; i < 2*parseBatch; i++ {
		fmt.Fprintf(&b, "Program %d,Org,Summary,,education,children,,en,,,BE,,Gent,,,false,,,,,,,,,\n", i)
	}
	defer func() {
		if r := recover(); r != "checker broke" {
			t.Errorf("recovered %v", r)
		}
	}()
	ParseProgramsCSV(strings.NewReader(b.String()), v)
	t.Error("no panic")
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
	// The other row is what "Other" holds already: nothing written.
	if sum.Created != 0 || sum.Updated != 1 || sum.Unchanged != 1 {
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

// TestImportEncodingAndTrailingCells: a cell that is not UTF-8 (a file
// saved as Latin-1) is refused, naming its row and column: its letters
// were dropped ("Café" stored as "Caf"). Empty cells past the header's,
// as a spreadsheet's trailing commas make them, are no content.
func TestImportEncodingAndTrailingCells(t *testing.T) {
	s := newTestStore(t)
	tax, _ := s.Taxonomies(context.Background())
	latin1 := csvHeader + "Caf\xe9 Club,Org,Le caf\xe9,,education,children,,fr,,,BE,,Gent,,,false,,,,,,,,,\n"
	_, err := ParseProgramsCSV(strings.NewReader(latin1), NewValidator(tax))
	var ie *ImportError
	if !errors.As(err, &ie) || !strings.Contains(ie.Error(), "row 2, column name: is not UTF-8 text") || !strings.Contains(ie.Error(), "row 2, column summary: is not UTF-8 text") {
		t.Errorf("a Latin-1 file: %v", err)
	}
	trailing := csvHeader + "Chess Club,Org,Chess,,education,children,,en,,,BE,,Gent,,,false,,,,,,,,,,,\n"
	rows, err := ParseProgramsCSV(strings.NewReader(trailing), NewValidator(tax))
	if err != nil || len(rows) != 1 || rows[0].Draft.Name != "Chess Club" {
		t.Errorf("trailing empty cells: %v", err)
	}
	// A broken record after a cell over two lines: named by its record's
	// number, as every other problem is, and the line where it broke.
	broken := csvHeader + "Chess Club,Org,Chess,\"Two\nlines\",education,children,,en,,,BE,,Gent,,,false,,,,,,,,,\n\"Broken,Org\n"
	if _, err := ParseProgramsCSV(strings.NewReader(broken), NewValidator(tax)); err == nil || !strings.Contains(err.Error(), "row 3: malformed CSV at line 4 of the file") {
		t.Errorf("a broken record after a cell over two lines: %v", err)
	}
	// A spreadsheet pads every line, the header too.
	padded := strings.TrimSuffix(csvHeader, "\n") + ",,\nChess Club,Org,Chess,,education,children,,en,,,BE,,Gent,,,false,,,,,,,,,,,\nGo Club,Org,Go,,education,children,,en,,,BE,,Gent,,,false,,,,,,,,,\n"
	if rows, err := ParseProgramsCSV(strings.NewReader(padded), NewValidator(tax)); err != nil || len(rows) != 2 {
		t.Errorf("a header with trailing commas: %v", err)
	}
	extra := csvHeader + "Chess Club,Org,Chess,,education,children,,en,,,BE,,Gent,,,false,,,,,,,,,,x\n"
	if _, err := ParseProgramsCSV(strings.NewReader(extra), NewValidator(tax)); err == nil || !strings.Contains(err.Error(), "has 26 cells, the header has 25") {
		t.Errorf("a cell with content past the header's: %v", err)
	}
}
