package models

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgtype"

	"pathways/internal/synth"
	"pathways/models/testdb"
)

// pgVectorText writes a vector as PostgreSQL's tsvectorout does (plain
// lexemes need no escaping).
func pgVectorText(v pgtype.TSVector) string {
	var b strings.Builder
	for i, l := range v.Lexemes {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("'" + l.Word + "'")
		for j, p := range l.Positions {
			b.WriteByte(":,"[min(j, 1)])
			b.WriteString(strconv.Itoa(int(p.Position)))
			if p.Weight != pgtype.TSVectorWeightD {
				b.WriteByte(byte(p.Weight))
			}
		}
	}
	return b.String()
}

// The vectors built in Go for a bulk import are those the server makes
// with pgIndexRows, to the position and weight: the generator's
// programs, and texts at the limits of a tsvector (positions past
// 16,383, a word more than 256 times, in one field and across fields).
// A document with a term the server's parser reads otherwise is left to
// the server.
func TestPGVectorsAsTheServerMakesThem(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 7))
	words := func(n int, vocab []string) string {
		w := make([]string, n)
		for i := range w {
			w[i] = vocab[rnd.IntN(len(vocab))]
		}
		return strings.Join(w, " ")
	}
	// distinct returns n different words, from the n-th word of from.
	distinct := func(n, from int) string {
		w := make([]string, n)
		for i := range w {
			var b []byte
			for k := from + i + 1; k > 0; k /= 26 {
				b = append(b, byte('a'+k%26))
			}
			w[i] = "q" + string(b)
		}
		return strings.Join(w, " ")
	}
	few := []string{"youth", "0youth", "a", "2024", "0educ", "1themefamilysupport", "zz", "0e", "b"}
	docs := []*searchDoc{
		{},
		{Name: "youth", Description: "youth"},
		{Name: strings.Repeat("youth ", 300), Summary: strings.Repeat("youth ", 10), Description: strings.Repeat("0educ youth ", 200)},
		{Name: words(20, few), Summary: words(40, few), Extra: words(30, few), Description: words(17000, few)},
		{Name: words(16390, few), Summary: words(5, few), Extra: "", Description: words(300, few)},
		{Name: words(3, few), Summary: words(16000, few), Extra: words(600, few), Description: words(600, few)},
		// Lexemes first seen past position 16,383, in one field and
		// across fields.
		{Name: distinct(16390, 0) + " youth youth", Summary: "youth youth 0youth", Extra: distinct(20, 5), Description: distinct(30, 16380)},
		{Name: distinct(100, 0), Summary: distinct(16300, 0), Extra: "youth " + distinct(100, 16000), Description: "youth"},
		{Name: "  two  spaces ", Summary: " ", Extra: "a  b", Description: "0 00 007 9"},
	}
	tax, err := newTestStore(t).Taxonomies(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rows, err := ParseProgramsCSV(strings.NewReader(csvFile(synthRecords(t, 400, 3))), NewValidator(tax))
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		docs = append(docs, buildSearchDoc(draftProgram(&rows[i].Draft), tax))
	}
	built := 0
	for _, d := range docs {
		if _, ok := buildPGVectors(d); ok {
			built++
		}
	}
	if built < len(docs)*9/10 {
		t.Errorf("%d of %d documents built here, want nearly all", built, len(docs))
	}
	// Terms the server reads otherwise, or skips.
	for _, tok := range []string{"x86", "1e5", "1e5x", "0e1", "café", "ab_c", "a-b", "A", strings.Repeat("a", 2047), ""} {
		if pgPlainToken(tok) {
			t.Errorf("%q taken for a plain term", tok)
		}
		if tok != "" {
			if _, ok := buildPGVectors(&searchDoc{Name: "youth", Description: "a " + tok + " b"}); ok {
				t.Errorf("a document with %q built here", tok)
			}
		}
	}
	// A field bigger than a vector may be (1 MB of lexemes and positions),
	// though in the whole document, after a name whose last word is at
	// 16,383, its words keep a position each and fit: the server refuses
	// the field, so the document is left to the server.
	long := strings.Fields(distinct(520, 0))
	for i := range long {
		long[i] += strings.Repeat("z", 1998)
	}
	tooBig := &searchDoc{Name: strings.Repeat("youth ", 16382) + "end", Summary: strings.Repeat(strings.Join(long, " ")+" ", 8)}
	if _, ok := buildPGVectors(tooBig); ok {
		t.Error("a summary bigger than a tsvector built here")
	}
	if !testdb.Postgres() {
		t.Skip("the server's vectors: PostgreSQL only")
	}
	s := newTestStore(t)
	if err := s.db.Exec("SELECT to_tsvector('simple', ?)", tooBig.Summary).Error; err == nil ||
		!strings.Contains(err.Error(), "too long for tsvector") {
		t.Errorf("the server on a summary bigger than a tsvector: %v", err)
	}
	// pgIndexRows' expressions, for one document.
	const q = `SELECT (a || b || c || d)::text, a::text, b::text FROM (SELECT
		setweight(to_tsvector('simple', $1), 'A') AS a, setweight(to_tsvector('simple', $2), 'B') AS b,
		setweight(to_tsvector('simple', $3), 'C') AS c, setweight(to_tsvector('simple', $4), 'D') AS d) t`
	compared := 0
	for i, d := range docs {
		v, ok := buildPGVectors(d)
		if !ok {
			continue
		}
		var all, name, summary string
		if err := s.db.Raw(q, d.Name, d.Summary, d.Extra, d.Description).Row().Scan(&all, &name, &summary); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			what       string
			got, wants string
		}{{"doc", pgVectorText(v.doc), all}, {"name_v", pgVectorText(v.name), name}, {"summary_v", pgVectorText(v.summary), summary}} {
			if c.got != c.wants {
				t.Errorf("document %d, %s:\nbuilt  %.600s\nserver %.600s\n%s", i, c.what, c.got, c.wants, firstDifference(c.got, c.wants))
			}
		}
		compared++
	}
	t.Logf("%d documents compared", compared)
}

func firstDifference(a, b string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("from byte %d: %.200q / %.200q", i, a[max(0, i-40):], b[max(0, i-40):])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(a), len(b))
}

// Every table a bulk import adds rows to can be written with COPY: its
// columns and constants read from the INSERT that writes it otherwise.
func TestBulkInsertsAsCopy(t *testing.T) {
	for name, ins := range bulkInserts {
		c, err := copyOf(ins.head, ins.row)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		args := 0
		for _, a := range c.arg {
			if a {
				args++
			}
		}
		if want := strings.Count(ins.row, "?"); args != want {
			t.Errorf("%s: %d arguments, want %d", name, args, want)
		}
	}
	c, err := copyOf("INSERT INTO audit_events (actor, record_type, version)", "(?, 'program', 1)")
	if err != nil || c.table != "audit_events" || !slices.Equal(c.cols, []string{"actor", "record_type", "version"}) ||
		!slices.Equal(c.arg, []bool{true, false, false}) || c.values[1] != "program" || c.values[2] != int64(1) {
		t.Errorf("copyOf: %+v, %v", c, err)
	}
	for _, bad := range [][2]string{
		{"INSERT INTO t (a, b)", "(?, now())"},
		{"INSERT INTO t (a, b)", "(?)"},
		{"UPDATE t SET a = ?", "(?)"},
		{"INSERT INTO t (a)", "('it''s')"},
	} {
		if _, err := copyOf(bad[0], bad[1]); err == nil {
			t.Errorf("copyOf%q: no error", bad)
		}
	}
}

// The text index rows of the generator's programs, as a bulk import on
// PostgreSQL builds them.
func BenchmarkBuildPGVectors(b *testing.B) {
	tax, err := newTestStore(b).Taxonomies(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	var csv strings.Builder
	if err := synth.WriteCSV(&csv, 500, 1); err != nil {
		b.Fatal(err)
	}
	rows, err := ParseProgramsCSV(strings.NewReader(csv.String()), NewValidator(tax))
	if err != nil {
		b.Fatal(err)
	}
	docs := make([]*searchDoc, len(rows))
	for i := range rows {
		docs[i] = buildSearchDoc(draftProgram(&rows[i].Draft), tax)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, ok := buildPGVectors(docs[i%len(docs)]); !ok {
			b.Fatal("not built")
		}
	}
}
