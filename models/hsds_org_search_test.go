package models

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"pathways/models/testdb"
)

// hsdsOrgRows are organizations whose names a consumer types without
// their accents or case; Old School's only program is archived.
const hsdsOrgRows = `Peace Lessons,École de la Paix,Lessons.,,education,young-people,,,,,FR,,Lyon,,,false,,,,,,,,,
Open Doors,Ecole Ouverte,Doors.,,education,young-people,,,,,FR,,Lyon,,,false,,,,,,,,,
Help Desk,München Hilft e.V.,Help.,,education,young-people,,,,,DE,,München,,,false,,,,,,,,,
Street Work,Straßen Sozialarbeit,Streets.,,education,young-people,,,,,DE,,Köln,,,false,,,,,,,,,
Bridges,ÉCOLE DES PONTS,Bridges.,,education,young-people,,,,,FR,,Paris,,,false,,,,,,,,,
Old Lessons,Old Ecole,Closed.,,education,young-people,,,,,FR,,Paris,,,false,,,,,,,,,
Other,Plain Trust,Other.,,education,young-people,,,,,GB,,Leeds,,,false,,,,,,,,,
`

// TestHSDSOrganizationsSearchFoldsNames: the HSDS organizations' search
// finds a name whatever its case and accents, on both engines, as the
// moderators' panel does ("ecole" finds "École de la Paix", "munchen"
// "München Hilft e.V."); it was a LIKE on the name, which on SQLite
// folded ASCII only and on neither removed accents. An organization
// whose programs are all archived is not listed; "%" and "_" are
// letters.
func TestHSDSOrganizationsSearchFoldsNames(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	importCSV(t, s, hsdsOrgRows)
	ps, _, err := s.HSDSServices(ctx, HSDSFilter{Search: "closed"}, 1, 10)
	if err != nil || len(ps) != 1 {
		t.Fatalf("Old Lessons: %v %v", ps, err)
	}
	if err := s.SetProgramStatus(ctx, testUser(t, s, "admin@example.org", RoleAdmin), ps[0].ID, StatusArchived, ""); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		search string
		want   []string
	}{
		{"ecole", []string{"École de la Paix", "Ecole Ouverte", "ÉCOLE DES PONTS"}},
		{"ÉCOLE", []string{"École de la Paix", "Ecole Ouverte", "ÉCOLE DES PONTS"}},
		{"  École   de la  ", []string{"École de la Paix"}},
		{"munchen", []string{"München Hilft e.V."}},
		{"MÜNCHEN", []string{"München Hilft e.V."}},
		{"strasse", []string{"Straßen Sozialarbeit"}},
		{"STRASSEN", []string{"Straßen Sozialarbeit"}},
		{"hilft e.v", []string{"München Hilft e.V."}},
		{"e_v", nil},
		{"%", nil},
		{"old ecole", nil},
		{"", []string{"École de la Paix", "Ecole Ouverte", "ÉCOLE DES PONTS", "München Hilft e.V.", "Plain Trust", "Straßen Sozialarbeit"}},
	} {
		orgs, total, err := s.HSDSOrganizations(ctx, HSDSFilter{Search: c.search}, 1, 50)
		if err != nil {
			t.Fatalf("%q: %v", c.search, err)
		}
		var got []string
		for _, o := range orgs {
			got = append(got, o.Name)
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(c.want))
		if !slices.Equal(got, want) || total != len(want) {
			t.Errorf("%q: %q (total %d), want %q", c.search, got, total, want)
		}
	}
}

// TestHSDSOrganizationsReadIndexes: on SQLite the organizations' list
// tells whether an organization has a published program by the index
// programs_organization_status, and matches the folded name and walks
// the name order in organizations_name_folded: with an IN over the
// programs, both the count and the page read every published program
// (at 100,000 programs 60-90 ms each, against a few ms). PostgreSQL
// chooses by its statistics.
func TestHSDSOrganizationsReadIndexes(t *testing.T) {
	testdb.SkipOnPostgres(t, "the query plans of SQLite")
	s := newTestStore(t)
	ctx := context.Background()
	importCSV(t, s, hsdsOrgRows)
	dry := s.read.Session(&gorm.Session{DryRun: true})
	plan := func(stmt *gorm.Statement) string {
		t.Helper()
		var rows []struct{ Detail string }
		if err := s.read.Raw("EXPLAIN QUERY PLAN "+stmt.SQL.String(), stmt.Vars...).Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, r := range rows {
			lines = append(lines, r.Detail)
		}
		return strings.Join(lines, "; ")
	}
	readsPrograms := regexp.MustCompile(`(SCAN|SEARCH) p( USING (COVERING )?INDEX (programs_panel|programs_status_name)|;|$)`)
	for _, f := range []HSDSFilter{{}, {Search: "ecole"}} {
		q, err := s.hsdsOrganizationMatches(ctx, dry, f)
		if err != nil {
			t.Fatal(err)
		}
		var n int64
		count := plan(q.Session(&gorm.Session{}).Select("count(*)").Find(&n).Statement)
		var ids []string
		page := plan(q.Session(&gorm.Session{}).Select("organizations.id").Order(s.dialect.ciOrder("organizations.name") + ", organizations.id").
			Limit(20).Find(&ids).Statement)
		for _, p := range []string{count, page} {
			if readsPrograms.MatchString(p) || !strings.Contains(p, "COVERING INDEX programs_organization_status (organization_id=? AND status=?)") {
				t.Errorf("%+v: the published programs are read: %s", f, p)
			}
		}
		if !strings.Contains(page, "SCAN organizations USING COVERING INDEX organizations_name_folded") || strings.Contains(page, "TEMP B-TREE") {
			t.Errorf("%+v: the page is not read in order from organizations_name_folded: %s", f, page)
		}
		if f.Search != "" && !strings.Contains(count, "COVERING INDEX organizations_name_folded") {
			t.Errorf("%+v: the count reads the organizations' rows: %s", f, count)
		}
	}
}
