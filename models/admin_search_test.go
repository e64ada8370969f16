package models

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"pathways/models/testdb"
)

// panelRows are programs whose names and organizations a moderator types
// without their accents or case.
const panelRows = foldRows + `école du soir,Ville de Liège,A summary,,education,children,,fr,,,BE,,Liège,,,false,,,,,,,,,2026-01-01
L’École des parents,Maison Ouverte,A summary,,education,children,,fr,,,BE,,Bruxelles,,,false,,,,,,,,,2026-01-01
Strasse der Vielfalt,Kiezverein,A summary,,education,children,,de,,,DE,,Berlin,,,false,,,,,,,,,2026-01-01
`

// TestPanelSearchIgnoresCaseAndAccents: the panel finds a program by its
// name or its organization's whatever the case and accents typed, in any
// script ("ecole" finds "École de la paix", "MUNCHEN" "München",
// "STRASSE" "Straße"), and Arabic as typed; LIKE's wildcards typed are
// letters.
func TestPanelSearchIgnoresCaseAndAccents(t *testing.T) {
	s := newTestStore(t)
	importCSV(t, s, panelRows)
	ecoles := []string{"École de la paix", "école du soir", "L’École des parents"}
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"ecole", ecoles},
		{"ÉCOLE", ecoles},
		{"École", ecoles},
		{"  ecole  ", ecoles},
		{"école du", []string{"école du soir"}},
		{"ECOLE DE LA PAIX", []string{"École de la paix"}},
		{"MUNCHEN", []string{"Jugendhilfe München"}},
		{"munchen", []string{"Jugendhilfe München"}},
		{"München", []string{"Jugendhilfe München"}},
		{"MÜNCHEN", []string{"Jugendhilfe München"}},
		{"STRASSE", []string{"Nachbarschaft Straße", "Strasse der Vielfalt"}},
		{"straße", []string{"Nachbarschaft Straße", "Strasse der Vielfalt"}},
		{"مدرسة", []string{"مدرسة الأمل"}},
		{"مدرسة الأمل", []string{"مدرسة الأمل"}},
		{"جمعية الأمل", []string{"مدرسة الأمل"}}, // its organization
		{"الامل", []string{"مدرسة الأمل"}},       // the hamza left out
		{"liege", []string{"école du soir"}},     // its organization
		{"STADTJUGENDRING münchen", []string{"Jugendhilfe München"}},
		{"l'ecole", []string{"L’École des parents"}},
		{"_", nil},
		{"%", nil},
		{"\\", nil},
	} {
		ps, total, err := s.AdminPrograms(context.Background(), ProgramFilter{Q: c.q})
		if err != nil {
			t.Fatalf("%q: %v", c.q, err)
		}
		var got []string
		for _, p := range ps {
			got = append(got, p.Name)
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(c.want))
		if !slices.Equal(got, want) || int(total) != len(want) {
			t.Errorf("%q: %q (total %d), want %q", c.q, got, total, want)
		}
	}
	// Archived programs too, with the status filter.
	ctx := context.Background()
	ps, _, _ := s.AdminPrograms(ctx, ProgramFilter{Q: "école du"})
	if err := s.SetProgramStatus(ctx, testUser(t, s, "mod@example.org", RoleModerator), ps[0].ID, StatusArchived, ""); err != nil {
		t.Fatal(err)
	}
	ps, total, err := s.AdminPrograms(ctx, ProgramFilter{Q: "ECOLE", Status: StatusArchived})
	if err != nil || total != 1 || ps[0].Name != "école du soir" {
		t.Errorf("archived ecoles: %d, %v", total, err)
	}
	if strings.Contains(panelRows, "_") || strings.Contains(panelRows, "%") {
		t.Fatal("the fixture holds a wildcard: its test says nothing")
	}
}

// TestPanelSearchReadsAnIndexNotTheRows: on SQLite the panel finds its
// programs, and its page of them, in an index (programs_panel), without
// reading the rows with their descriptions: at 100,000 programs the scan
// of the rows took 95-135 ms, of the index 30-60 ms. (With a status and
// a search, SQLite walks programs_status_name for the page instead, in
// name order, up to the page's last row, as it did before.) PostgreSQL
// chooses by its statistics: an index-only scan once the table is
// vacuumed.
func TestPanelSearchReadsAnIndexNotTheRows(t *testing.T) {
	testdb.SkipOnPostgres(t, "the query plans of SQLite")
	s := newTestStore(t)
	importCSV(t, s, panelRows)
	dry := s.db.Session(&gorm.Session{DryRun: true})
	plan := func(stmt *gorm.Statement) string {
		t.Helper()
		var rows []struct{ Detail string }
		if err := s.db.Raw("EXPLAIN QUERY PLAN "+stmt.SQL.String(), stmt.Vars...).Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, r := range rows {
			lines = append(lines, r.Detail)
		}
		return strings.Join(lines, "; ")
	}
	readsRows := regexp.MustCompile(`(SCAN|SEARCH) p( USING INDEX [a-z_]+)?( \(|;|$)`)
	stale := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, f := range []ProgramFilter{{}, {Q: "ecole"}, {Q: "ecole", StaleAt: stale}, {Q: "ecole", Status: StatusPublished}} {
		var n int64
		count := plan(s.panelMatches(dry, f).Select("count(*)").Find(&n).Statement)
		var pks []int64
		page := plan(s.panelMatches(dry, f).Select("p.pk").Order(s.panelOrder("p", f)).Limit(AdminPerPage).Find(&pks).Statement)
		if readsRows.MatchString(count) {
			t.Errorf("%+v: the count reads the rows: %s", f, count)
		}
		if f.Status == "" && readsRows.MatchString(page) {
			t.Errorf("%+v: the page reads the rows: %s", f, page)
		}
		if f.Q != "" && !strings.Contains(count, "COVERING INDEX programs_panel") {
			t.Errorf("%+v: the count does not read programs_panel: %s", f, count)
		}
	}
}
