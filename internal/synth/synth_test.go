package synth_test

import (
	"bytes"
	"context"
	"log/slog"
	"slices"
	"testing"

	"pathways/internal/synth"
	"pathways/models"
	"pathways/models/testdb"
)

func TestSameSeedSameDirectory(t *testing.T) {
	var a, b, c bytes.Buffer
	for _, x := range []struct {
		buf  *bytes.Buffer
		seed uint64
	}{{&a, 3}, {&b, 3}, {&c, 4}} {
		if err := synth.WriteCSV(x.buf, 300, x.seed); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same seed gave two different files")
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("two seeds gave the same file")
	}
	if !slices.Equal(synth.Columns, models.CSVColumns) {
		t.Errorf("columns %v, the import format has %v", synth.Columns, models.CSVColumns)
	}
}

// Every generated row passes the importer's validation.
func TestGeneratedProgramsAreValid(t *testing.T) {
	s, err := models.Open(testdb.DSN(t), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	tax, err := s.Taxonomies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := synth.WriteCSV(&buf, 2000, 1); err != nil {
		t.Fatal(err)
	}
	rows, err := models.ParseProgramsCSV(&buf, models.NewValidator(tax))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2000 {
		t.Fatalf("%d rows", len(rows))
	}
	for _, r := range rows {
		if n := len(r.Draft.Description); n < 300 || n > 1500 {
			t.Fatalf("row %d: description of %d characters", r.Row, n)
		}
	}
}

func TestWorkloadIsDistinctAndMixed(t *testing.T) {
	w := synth.Workload(600, 1)
	if len(w) < 500 {
		t.Fatalf("%d queries", len(w))
	}
	seen := map[string]bool{}
	kinds := map[string]int{}
	for _, q := range w {
		if seen[q.Params] {
			t.Errorf("%q twice", q.Params)
		}
		seen[q.Params] = true
		kinds[q.Kind]++
	}
	for _, k := range synth.Kinds {
		if kinds[k] < 20 {
			t.Errorf("only %d queries of kind %s", kinds[k], k)
		}
	}
}
