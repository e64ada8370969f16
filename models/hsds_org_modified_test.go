package models

import (
	"context"
	"slices"
	"testing"
	"time"
)

// TestOrganizationsModifiedAfterFollowTheirPrograms: an organization's
// document (with full=true) nests its published programs, so it changed
// when one of them changed, and also when one left it: archived, or
// moved to another organization. modified_after on organizations gives
// all of these, and not an organization whose archived program was
// edited or moved, which changed nothing public.
func TestOrganizationsModifiedAfterFollowTheirPrograms(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	row := `,,education,young-people,,,,,BE,,Gent,,,false,,,,,,,,,` + "\n"
	importCSV(t, s, "A1,Org A,Summary."+row+"A2,Org A,Summary."+row+"B1,Org B,Summary."+row+
		"C1,Org C,Summary."+row+"C2,Org C,Summary."+row+"D1,Org D,Summary."+row+
		"E1,Org E,Summary."+row+"E2,Org E,Summary."+row+"F1,Org F,Summary."+row)
	admin := testUser(t, s, "admin@example.org", RoleAdmin)
	id := map[string]string{}
	ps, _, err := s.HSDSServices(ctx, HSDSFilter{}, 1, 50)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		id[p.Name] = p.ID
	}
	moveTo := func(name, org string) {
		t.Helper()
		p, err := s.AdminProgram(ctx, id[name])
		if err != nil {
			t.Fatal(err)
		}
		d := DraftFromProgram(p)
		d.Organization = org
		if err := s.EditProgram(ctx, admin, id[name], p.Version, &d); err != nil {
			t.Fatal(err)
		}
	}
	// Before the sync: E1 archived.
	if err := s.SetProgramStatus(ctx, admin, id["E1"], StatusArchived, ""); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	since := time.Now().UTC()
	time.Sleep(20 * time.Millisecond)
	if err := s.SetProgramStatus(ctx, admin, id["A1"], StatusArchived, ""); err != nil { // Org A loses A1
		t.Fatal(err)
	}
	moveTo("C1", "Org B") // Org C loses C1, Org B gains it
	moveTo("E1", "Org F") // archived: neither Org E nor Org F changed in public
	orgs, total, err := s.HSDSOrganizations(ctx, HSDSFilter{ModifiedAfter: since}, 1, 50)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range orgs {
		got = append(got, o.Name)
	}
	if want := []string{"Org A", "Org B", "Org C"}; !slices.Equal(got, want) || total != len(want) {
		t.Errorf("organizations modified since: %v (%d), want %v", got, total, want)
	}
	// A filter still selects by the programs an organization has now.
	orgs, _, err = s.HSDSOrganizations(ctx, HSDSFilter{ModifiedAfter: since, OrganizationID: ps[0].OrganizationID}, 1, 50)
	if err != nil || len(orgs) != 1 || orgs[0].ID != ps[0].OrganizationID {
		t.Errorf("one organization modified since: %+v %v", orgs, err)
	}
	if orgs, _, err := s.HSDSOrganizations(ctx, HSDSFilter{ModifiedAfter: time.Now().Add(time.Hour)}, 1, 50); err != nil || len(orgs) != 0 {
		t.Errorf("modified in the future: %+v %v", orgs, err)
	}
}
