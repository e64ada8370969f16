package models

import (
	"context"
	"log/slog"

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
	tax, err := s.Taxonomies(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := ParseProgramsCSV(strings.NewReader(csvHeader+rows), NewValidator(tax))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	sum, err := s.ImportPrograms(context.Background(), parsed)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return sum
}
