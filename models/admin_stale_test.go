package models

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestStaleFilterAgreesWithTheWarning: the panel's "not verified in the
// last 12 months" lists exactly the programs whose pages warn
// practitioners (VerificationStale), at any time of day around a year's
// boundary, never verified and oldest first.
func TestStaleFilterAgreesWithTheWarning(t *testing.T) {
	s := newTestStore(t)
	var rows strings.Builder
	for i, day := range []string{"", "2025-11-27", "2025-11-28", "2025-11-29", "2026-05-01", "2024-01-15"} {
		fmt.Fprintf(&rows, "Program %d,Org,Summary,Description,education,young-people,primary,en,in-person,free,GB,England,Leeds,,,false,,p%d@example.org,,,,,,not_evaluated,%s\n", i, i, day)
	}
	importCSV(t, s, rows.String())
	ctx := context.Background()
	all, _, err := s.AdminPrograms(ctx, ProgramFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, now := range []time.Time{
		time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 28, 23, 59, 59, 0, time.UTC),
		time.Date(2026, 11, 29, 0, 0, 0, 1, time.UTC),
		time.Date(2026, 11, 28, 9, 0, 0, 0, time.FixedZone("UTC+10", 10*3600)),
	} {
		var want []string
		for _, p := range all {
			if p.VerificationStale(now) {
				want = append(want, p.Name)
			}
		}
		got, total, err := s.AdminPrograms(ctx, ProgramFilter{StaleAt: now})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, p := range got {
			names = append(names, p.Name)
		}
		sorted := slices.Clone(names)
		slices.Sort(sorted)
		slices.Sort(want)
		if !slices.Equal(sorted, want) || int(total) != len(want) {
			t.Errorf("at %v: %v (total %d), want %v", now, names, total, want)
		}
		if len(names) < 3 || names[0] != "Program 0" || names[1] != "Program 5" {
			t.Errorf("at %v: not never verified, then oldest first: %v", now, names)
		}
	}
}
