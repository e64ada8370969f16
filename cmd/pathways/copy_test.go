package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"pathways/models"
	"pathways/models/testdb"
)

func TestCopySQLiteToPostgres(t *testing.T) {
	if !testdb.Postgres() {
		t.Skip("needs PostgreSQL: set " + testdb.EnvPostgres + " (see .ci/postgres)")
	}
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "source.db")
	src, err := openStore(ctx, file, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if err := loadDemo(ctx, src, quiet); err != nil {
		t.Fatal(err)
	}
	admin, err := src.CreateUser(ctx, models.ActorImporter, "admin@example.org", "correct horse battery", models.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	d := models.ProgramDraft{Name: "Pending One", Organization: "Org", Summary: "S", Themes: []string{"education"}, Audiences: []string{"children"}}
	token, sub, err := src.CreateSubmission(ctx, models.KindNew, &d, models.Submitter{Name: "N", Email: "n@example.org"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tax, _ := src.Taxonomies(ctx)
	before, _ := src.SearchPrograms(ctx, models.ParseSearchParams(map[string][]string{"q": {"family"}}, tax))
	src.Close()

	target := testdb.DSN(t)
	var out bytes.Buffer
	if err := run(ctx, []string{"copy", "--from", file, "--to", target}, nil, &out, quiet); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "programs       48") {
		t.Errorf("output: %s", out.String())
	}
	dst, err := openStore(ctx, target, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	after, err := dst.SearchPrograms(ctx, models.ParseSearchParams(map[string][]string{"q": {"family"}}, tax))
	// The same matches and counts (the two engines may order ties
	// differently).
	if err != nil || after.Total != before.Total || !reflect.DeepEqual(after.Facets["theme"], before.Facets["theme"]) {
		t.Errorf("search after the copy: %v; %d results (before %d); themes %v (before %v)", err, after.Total, before.Total,
			after.Facets["theme"], before.Facets["theme"])
	}
	// The folded names come along: the panel finds a name without its accents.
	if ps, _, err := dst.AdminPrograms(ctx, models.ProgramFilter{Q: "CAFE DES PARENTS"}); err != nil || len(ps) != 1 || ps[0].Name != "Café des parents de Molenbeek" {
		t.Errorf("the panel's search after the copy: %v", err)
	}
	if got, err := dst.SubmissionByToken(ctx, token); err != nil || got.ID != sub.ID || got.Draft.Name != "Pending One" {
		t.Errorf("submission after the copy: %v", err)
	}
	if u, err := dst.Authenticate(ctx, "admin@example.org", "correct horse battery"); err != nil || u.ID != admin.ID {
		t.Errorf("login after the copy: %v", err)
	}
	// New rows get new ids after the copied ones.
	if _, s2, err := dst.CreateSubmission(ctx, models.KindNew, &d, models.Submitter{Name: "N", Email: "n@example.org"}, nil); err != nil || s2.ID <= sub.ID {
		t.Errorf("new submission after the copy: %v", err)
	}
	// A second copy into the same database is refused.
	err = run(ctx, []string{"copy", "--from", file, "--to", target}, nil, io.Discard, quiet)
	if err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("copy into a non-empty database: %v", err)
	}
}
