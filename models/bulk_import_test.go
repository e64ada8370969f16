package models

import (
	"bytes"
	"context"
	encodingcsv "encoding/csv"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"pathways/internal/synth"
)

// The bulk path stores what the row-by-row path stores: the same
// programs with the same slugs, organizations, links, locations, search
// documents and audit events, for new programs and for updates.
func TestBulkImportMatchesRowByRow(t *testing.T) {
	ctx := context.Background()
	var csv bytes.Buffer
	if err := synth.WriteCSV(&csv, 300, 9); err != nil {
		t.Fatal(err)
	}
	records, err := encodingcsv.NewReader(&csv).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// A second file: updates of the first 50 (other summaries; the
	// organization or the name written in other case) and 30 new programs.
	second := [][]string{records[0]}
	for i, r := range records[1:51] {
		r = slices.Clone(r)
		r[2] = "Updated: " + r[2][:min(len(r[2]), 200)]
		switch i % 3 {
		case 0:
			r[1] = strings.ToUpper(r[1])
		case 1:
			r[0] = strings.ToLower(r[0])
		}
		second = append(second, r)
	}
	var more bytes.Buffer
	if err := synth.WriteCSV(&more, 30, 10); err != nil {
		t.Fatal(err)
	}
	extra, err := encodingcsv.NewReader(&more).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	second = append(second, extra[1:]...)
	file := func(recs [][]string) string {
		var b bytes.Buffer
		w := encodingcsv.NewWriter(&b)
		w.WriteAll(recs)
		return b.String()
	}

	rowByRow, bulk := newTestStore(t), newTestStore(t)
	for _, f := range []string{file(records), file(second)} {
		tax, _ := rowByRow.Taxonomies(ctx)
		rows, err := ParseProgramsCSV(strings.NewReader(f), NewValidator(tax))
		if err != nil {
			t.Fatal(err)
		}
		a, err := rowByRow.ImportPrograms(ctx, rows) // fewer than bulkImportFrom: row by row
		if err != nil {
			t.Fatal(err)
		}
		rows, _ = ParseProgramsCSV(strings.NewReader(f), NewValidator(tax))
		b, err := bulk.BulkImportPrograms(ctx, rows)
		if err != nil {
			t.Fatal(err)
		}
		if a != b {
			t.Errorf("row by row %+v, bulk %+v", a, b)
		}
		t.Logf("imported: %+v", a)
	}
	for _, q := range []string{
		`SELECT o.name, p.slug, p.name, p.summary, p.description, p.level, p.delivery, p.cost, p.fees_description,
			p.eligibility, p.age_min, p.age_max, p.how_to_refer, p.website, p.contact_email, p.contact_phone,
			p.service_area, p.evidence, p.status, p.last_verified, p.version
			FROM programs p JOIN organizations o ON o.id = p.organization_id ORDER BY p.slug`,
		`SELECT p.slug, t.slug FROM program_themes t JOIN programs p ON p.pk = t.program_pk ORDER BY 1, 2`,
		`SELECT p.slug, t.slug FROM program_audiences t JOIN programs p ON p.pk = t.program_pk ORDER BY 1, 2`,
		`SELECT p.slug, t.code FROM program_languages t JOIN programs p ON p.pk = t.program_pk ORDER BY 1, 2`,
		`SELECT p.slug, l.position, l.address, l.city, l.region, l.postal_code, l.country, l.confidential
			FROM locations l JOIN programs p ON p.pk = l.program_pk ORDER BY 1, 2`,
		`SELECT name FROM organizations ORDER BY name`,
		`SELECT actor, action, record_type, to_state, count(*) FROM audit_events GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
	} {
		if a, b := dump(t, rowByRow, q), dump(t, bulk, q); a != b {
			t.Errorf("%s\nrow by row:\n%.2000s\nbulk:\n%.2000s", q, a, b)
		}
	}
	tax, _ := bulk.Taxonomies(ctx)
	for _, q := range []string{"q=mentoring", "q=community&theme=education", "q=educ", "country=BE&sort=name"} {
		v, _ := url.ParseQuery(q)
		p := ParseSearchParams(v, tax)
		a, err := rowByRow.SearchPrograms(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		b, err := bulk.SearchPrograms(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if a.Total != b.Total || !slices.Equal(names(a), names(b)) || fmt.Sprint(a.Facets) != fmt.Sprint(b.Facets) {
			t.Errorf("%s: row by row %d %v, bulk %d %v", q, a.Total, names(a), b.Total, names(b))
		}
	}
}

// dump returns a query's rows as text.
func dump(t *testing.T, s *Store, q string) string {
	t.Helper()
	rows, err := s.db.Raw(q).Rows()
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if bs, ok := v.([]byte); ok {
				vals[i] = string(bs)
			}
		}
		fmt.Fprintln(&b, vals...)
	}
	return b.String()
}
