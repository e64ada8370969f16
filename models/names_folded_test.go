package models

import (
	"context"
	"strings"
	"testing"

	"pathways/models/testdb"
)

func TestFoldName(t *testing.T) {
	for in, want := range map[string]string{
		"École de la paix":      "ecole de la paix",
		"ÉCOLE":                 "ecole",
		"München":               "munchen",
		"MÜNCHEN":               "munchen",
		"Straße":                "strasse",
		"STRASSE":               "strasse",
		"GROẞE":                 "grosse",
		"İstanbul":              "istanbul",
		"ΟΔΟΣ":                  "οδοσ",
		"οδος":                  "οδοσ",
		"L’École":               "l'ecole",
		"  Jeugd \u00a0 Gent  ": "jeugd gent",
		"مَدْرَسَة الأمل":       "مدرسة الامل",
		"مدرســـة":              "مدرسة",
		"Œuvre Søster Łódź ١٤":  "oeuvre soster lodz 14",
	} {
		if got := foldName(in); got != want {
			t.Errorf("foldName(%q) = %q, want %q", in, got, want)
		}
	}
}

// checkFoldedNames fails the test for every program or organization whose
// name_folded is not its name folded.
func checkFoldedNames(t *testing.T, s *Store, when string) {
	t.Helper()
	var rows []struct{ Tbl, Name, NameFolded string }
	err := s.db.Raw("SELECT 'program' AS tbl, name, name_folded FROM programs UNION ALL " +
		"SELECT 'organization', name, name_folded FROM organizations").Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		t.Fatalf("%s: %d names, %v", when, len(rows), err)
	}
	for _, r := range rows {
		if want := foldName(r.Name); r.NameFolded != want {
			t.Errorf("%s: %s %q is folded %q, want %q", when, r.Tbl, r.Name, r.NameFolded, want)
		}
	}
}

// staleFolds spoils the folded names of the programs, so that a write
// that does not write one again shows.
func staleFolds(t *testing.T, s *Store) {
	t.Helper()
	if err := s.db.Exec("UPDATE programs SET name_folded = 'stale'").Error; err != nil {
		t.Fatal(err)
	}
}

const foldRows = `École de la paix,Association Paix,A summary,,education,children,,fr,,,BE,,Liège,,,false,,,,,,,,,2026-01-01
Jugendhilfe München,Stadtjugendring MÜNCHEN,A summary,,education,children,,de,,,DE,,München,,,false,,,,,,,,,2026-01-01
Nachbarschaft Straße,Kiezverein,A summary,,education,children,,de,,,DE,,Berlin,,,false,,,,,,,,,2026-01-01
مدرسة الأمل,جمعية الأمل,A summary,,education,children,,ar,,,BE,,Bruxelles,,,false,,,,,,,,,2026-01-01
`

// TestFoldedNamesKeptOnEveryWrite: every way a program or an organization
// is written keeps its folded name (name_folded) its name folded: an
// import row by row and in bulk (on PostgreSQL with COPY), the update of
// a program by a bulk import, a moderator's edit, an approved update, an
// HSDS import.
func TestFoldedNamesKeptOnEveryWrite(t *testing.T) {
	ctx := context.Background()
	t.Run("import", func(t *testing.T) {
		s := newTestStore(t)
		importCSV(t, s, foldRows)
		checkFoldedNames(t, s, "row by row")
	})
	t.Run("bulk", func(t *testing.T) {
		s := newTestStore(t)
		importCSVAs(t, s, foldRows, true)
		checkFoldedNames(t, s, "bulk, new")
		staleFolds(t, s)
		importCSVAs(t, s, strings.ReplaceAll(foldRows, "A summary", "Another summary"), true)
		checkFoldedNames(t, s, "bulk, updated")
		importCSVAs(t, s, "Éveil,Nouvelle Organisation Ça Va,A summary,,education,children,,fr,,,BE,,Liège,,,false,,,,,,,,,2026-01-01\n", true)
		var org string
		s.db.Raw("SELECT name_folded FROM organizations WHERE name = 'Nouvelle Organisation Ça Va'").Scan(&org)
		if org != "nouvelle organisation ca va" {
			t.Errorf("bulk, a new organization among others: %q", org)
		}
	})
	t.Run("edit and approval", func(t *testing.T) {
		s := newTestStore(t)
		importCSV(t, s, foldRows)
		mod := testUser(t, s, "mod@example.org", RoleModerator)
		var p Program
		if err := s.db.Where("name = ?", "École de la paix").Take(&p).Error; err != nil {
			t.Fatal(err)
		}
		spoil := func() { s.db.Exec("UPDATE programs SET name_folded = 'stale' WHERE pk = ?", p.PK) }
		spoil()
		d := validDraft("ÉCOLE DE LA PAIX — Liège")
		d.Organization = "Œuvre Nouvelle"
		if err := s.EditProgram(ctx, mod, p.ID, p.Version, d); err != nil {
			t.Fatal(err)
		}
		var edited Program
		s.db.Preload("Organization").Where("pk = ?", p.PK).Take(&edited)
		if edited.NameFolded != "ecole de la paix — liege" || edited.Organization.NameFolded != "oeuvre nouvelle" {
			t.Errorf("after the edit: %q of %q", edited.NameFolded, edited.Organization.NameFolded)
		}
		checkFoldedNames(t, s, "after the edit")
		spoil()
		u := validDraft("Jugendhilfe MÜNCHEN-Süd")
		u.Organization = "Stadtjugendring MÜNCHEN"
		_, sub, err := s.CreateSubmission(ctx, KindUpdate, u, Submitter{Name: "N", Email: "n@example.org"}, &p.PK)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Decide(ctx, mod, Decision{SubmissionID: sub.ID, Version: sub.Version, To: StateApproved}); err != nil {
			t.Fatal(err)
		}
		var approved Program
		s.db.Where("pk = ?", p.PK).Take(&approved)
		if approved.Name != "Jugendhilfe MÜNCHEN-Süd" || approved.NameFolded != "jugendhilfe munchen-sud" {
			t.Errorf("after the approval: %q folded %q", approved.Name, approved.NameFolded)
		}
		checkFoldedNames(t, s, "after the approval")
	})
	t.Run("hsds", func(t *testing.T) {
		s := newTestStore(t)
		named := strings.Replace(foreignJSON(), `"name": "Community Counselling"`, `"name": "Conseil Écoute"`, 1)
		if _, err := s.ImportHSDS(ctx, parseHSDS(t, s, "["+named+"]")); err != nil {
			t.Fatal(err)
		}
		checkFoldedNames(t, s, "hsds, new")
		staleFolds(t, s)
		renamed := strings.Replace(named, `"name": "Conseil Écoute"`, `"name": "Conseil ÉCOUTE Élargi"`, 1)
		if _, err := s.ImportHSDS(ctx, parseHSDS(t, s, "["+renamed+"]")); err != nil {
			t.Fatal(err)
		}
		checkFoldedNames(t, s, "hsds, renamed")
		var folded string
		s.db.Raw("SELECT name_folded FROM programs").Scan(&folded)
		if folded != "conseil ecoute elargi" {
			t.Errorf("hsds, renamed: %q", folded)
		}
	})
}

// Migration 00032 (both engines): the folded names of a directory made
// before it are written at the next start, and only then.
func TestNamesFoldedAfterMigration32(t *testing.T) {
	ctx := context.Background()
	s, _ := storeAtMigration(t, testdb.DSN(t), 31)
	importCSV(t, s, foldRows)
	dropAhead(t, s)
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	checkFoldedNames(t, s, "after the migration")
	var refold int
	s.db.Raw("SELECT refold FROM search_state").Scan(&refold)
	if refold != 0 {
		t.Error("the folding is still pending")
	}
	// Asked again (a new foldName): only what changed is written.
	s.db.Exec("UPDATE search_state SET refold = 1")
	s.db.Exec("UPDATE programs SET name_folded = 'stale' WHERE name = 'Jugendhilfe München'")
	if n, err := s.refoldNames(ctx); err != nil || n != 1 {
		t.Errorf("folded again: %d names, %v", n, err)
	}
	checkFoldedNames(t, s, "folded again")
}
