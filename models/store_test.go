package models

import (
	"context"
	"errors"
	"log/slog"
	"slices"

	"pathways/models/testdb"
	"strings"
	"testing"
)

// newTestStore opens a fresh database file with the real migrations.
func newTestStore(t testing.TB) *Store {
	t.Helper()
	s, err := Open(testdb.DSN(t), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

const csvHeader = "name,organization,summary,description,themes,audiences,level,languages,delivery,cost,country,region,city,postal_code,address,confidential,website,email,phone,how_to_refer,eligibility,age_min,age_max,evidence,last_verified\n"

// importCSV imports rows (without header) and fails the test on error.
func importCSV(t testing.TB, s *Store, rows string) ImportSummary {
	t.Helper()
	return importCSVAs(t, s, rows, false)
}

// importCSVAs is importCSV row by row, or in bulk (BulkImportPrograms,
// which ImportPrograms takes from 1,000 rows).
func importCSVAs(t testing.TB, s *Store, rows string, bulk bool) ImportSummary {
	t.Helper()
	tax, err := s.Taxonomies(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := ParseProgramsCSV(strings.NewReader(csvHeader+rows), NewValidator(tax))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	var sum ImportSummary
	if bulk {
		sum, err = s.BulkImportPrograms(context.Background(), parsed)
	} else {
		sum, err = s.ImportPrograms(context.Background(), parsed)
	}
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return sum
}

// A taken slug gives way, in order, to the name with the organization,
// then the name numbered from 2, then a random suffix; an error from the
// check stops the search.
func TestFirstFreeSlug(t *testing.T) {
	takenSet := func(slugs ...string) func(string) (bool, error) {
		return func(c string) (bool, error) { return slices.Contains(slugs, c), nil }
	}
	for _, c := range []struct {
		taken []string
		want  string
	}{
		{nil, "youth-mentoring"},
		{[]string{"youth-mentoring"}, "youth-mentoring-open-doors"},
		{[]string{"youth-mentoring", "youth-mentoring-open-doors"}, "youth-mentoring-2"},
		{[]string{"youth-mentoring", "youth-mentoring-open-doors", "youth-mentoring-2"}, "youth-mentoring-3"},
	} {
		got, err := firstFreeSlug("Youth Mentoring", "Open Doors", takenSet(c.taken...))
		if err != nil || got != c.want {
			t.Errorf("taken %v: %q, %v; want %q", c.taken, got, err, c.want)
		}
	}
	if got, _ := firstFreeSlug("!!!", "", takenSet()); got != "program" {
		t.Errorf("a name without letters: %q, want program", got)
	}
	all := func(string) (bool, error) { return true, nil }
	if got, err := firstFreeSlug("Youth Mentoring", "Open Doors", all); err != nil || !strings.HasPrefix(got, "youth-mentoring-") || len(got) != len("youth-mentoring-")+8 {
		t.Errorf("every candidate taken: %q, %v; want a random 8-character suffix", got, err)
	}
	boom := errors.New("boom")
	if _, err := firstFreeSlug("Youth Mentoring", "", func(string) (bool, error) { return false, boom }); !errors.Is(err, boom) {
		t.Errorf("check error: %v", err)
	}
}

// The taxonomy comes from the primary even with a replica attached that
// answers but has not replayed the migrations yet (here: an empty
// database): serve loads it at start-up, and a fresh replica lags.
func TestTaxonomiesFromThePrimaryNotALaggingReplica(t *testing.T) {
	if !testdb.Postgres() {
		t.Skip("replicas are PostgreSQL's")
	}
	s := newTestStore(t)
	if err := s.AttachReplica(testdb.DSN(t)); err != nil {
		t.Fatal(err)
	}
	if attached, up := s.ReplicaStatus(); !attached || !up {
		t.Fatalf("replica attached %v, up %v", attached, up)
	}
	tax, err := s.Taxonomies(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(tax.Terms("theme")) == 0 {
		t.Error("no themes")
	}
}
