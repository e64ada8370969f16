package models

import (
	"context"
	"strings"
	"testing"
)

// foreignService is a service as another HSDS publisher writes it: its
// own ids, Pathways' taxonomies named loosely, fields Pathways lacks.
const foreignService = `{
  "id": "AC148810-D857-441C-9679-408F346DE14B",
  "name": "Community Counselling",
  "alternate_name": "MyCity Counselling",
  "description": "Counselling for families worried about a relative.\n\nTrained counsellors meet families weekly.",
  "url": "http://example.com/counselling",
  "email": "not an email",
  "status": "active",
  "application_process": "Ring reception.",
  "fees": "Free for residents",
  "minimum_age": 12.5,
  "maximum_age": 100,
  "assured_date": "2025-01-01T10:00:00Z",
  "phones": [{"id": "1554f2e2-a373-45db-a3fa-9fc48a61c15e", "number": "call (555) 123 ext 4"}],
  "schedules": [{"id": "48102e86-bb50-41c4-8f1e-e269368c41d1"}],
  "languages": [{"id": "2989d3ed-c547-48f8-8f9d-432d81c7892e", "name": "French", "code": "fra"}, {"id": "x", "name": "Klingon", "code": "tlh-x"}],
  "organization": {"id": "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", "name": "Example Organization Inc.", "description": "A charity.", "website": "http://example.com", "phones": [{"id": "1554f2e2-a373-45db-a3fa-9fc48a61c15e", "number": "+44 1234 234567"}]},
  "contacts": [{"id": "1e7efce3-639b-4880-940c-b95cd30cdb50", "name": "Ann Persona", "email": "ann@example.com"}],
  "service_at_locations": [
    {"id": "e94c9f38-1e8f-4564-91d4-d53501ab1765", "location": {"id": "3a19ff88-4620-4d17-9830-ac1d859eb5d5", "location_type": "physical", "latitude": 50.8, "longitude": 4.3,
      "addresses": [{"id": "74706e55-df26-4b84-80fe-ecc30b5befb4", "address_1": "1-30 Main Street", "address_2": "MyVillage", "city": "Brussels", "state_province": "Brussels-Capital", "postal_code": "1000", "country": "BEL", "address_type": "physical"}]}},
    {"id": "f94c9f38-1e8f-4564-91d4-d53501ab1765", "location": {"id": "4a19ff88-4620-4d17-9830-ac1d859eb5d5", "location_type": "physical",
      "addresses": [{"id": "84706e55-df26-4b84-80fe-ecc30b5befb4", "address_1": "", "city": "Cair Paravel", "state_province": "", "postal_code": "", "country": "Narnia", "address_type": "physical"}]}}
  ],
  "attributes": [
    {"id": "ae58cc39-8b70-4ab1-8aea-786882e5ac8e", "link_type": "theme", "taxonomy_term": {"id": "3f7b145d-84af-42d7-8fae-eaca714b02b2", "code": "family-support", "name": "Family support", "description": "", "taxonomy": "Themes"}},
    {"id": "be58cc39-8b70-4ab1-8aea-786882e5ac8e", "taxonomy_term_id": "` + "AUDIENCE_ID" + `"},
    {"id": "ce58cc39-8b70-4ab1-8aea-786882e5ac8e", "taxonomy_term": {"id": "4f7b145d-84af-42d7-8fae-eaca714b02b2", "code": "BD-1800", "name": "Counseling", "description": "", "taxonomy": "211 LA"}}
  ]
}`

func foreignJSON() string {
	return strings.Replace(foreignService, "AUDIENCE_ID", HSDSTermID(TaxAudience, "parents-families"), 1)
}

func parseHSDS(t *testing.T, s *Store, input string) []HSDSRecord {
	t.Helper()
	tax, err := s.Taxonomies(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	recs, err := ParseHSDS(strings.NewReader(input), NewValidator(tax), tax)
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestParseHSDSReadsEveryForm(t *testing.T) {
	s := newTestStore(t)
	one := strings.Join(strings.Fields(foreignJSON()), " ") // one line
	for name, input := range map[string]string{
		"single service":    foreignJSON(),
		"array":             "[" + foreignJSON() + "]",
		"page":              `{"total_items": 1, "page_number": 1, "contents": [` + foreignJSON() + `]}`,
		"ndjson":            one + "\n" + strings.Replace(one, "Community Counselling", "Second", 1) + "\n",
		"pages, one a line": `{"contents": [` + one + "]}\n" + `{"contents": []}` + "\n",
	} {
		recs := parseHSDS(t, s, input)
		if len(recs) == 0 || recs[0].Draft.Name != "Community Counselling" {
			t.Errorf("%s: %d records %+v", name, len(recs), recs)
		}
	}
	tax, _ := s.Taxonomies(context.Background())
	if _, err := ParseHSDS(strings.NewReader("name,organization\nx,y\n"), NewValidator(tax), tax); err == nil {
		t.Error("a CSV file read as HSDS")
	}
	if _, err := ParseHSDS(strings.NewReader(one+"\n{broken\n"), NewValidator(tax), tax); err == nil {
		t.Error("a broken NDJSON line passed")
	}
}

func TestHSDSRecordMapsWhatItCanAndSaysWhatNot(t *testing.T) {
	s := newTestStore(t)
	rec := parseHSDS(t, s, foreignJSON())[0]
	if len(rec.Problems) > 0 {
		t.Fatalf("problems: %v", rec.Problems)
	}
	d := rec.Draft
	checks := map[string][2]string{
		"id":           {rec.ID, "ac148810-d857-441c-9679-408f346de14b"},
		"organization": {d.Organization, "Example Organization Inc."},
		"summary":      {d.Summary, "Counselling for families worried about a relative."},
		"description":  {d.Description, "Trained counsellors meet families weekly."},
		"themes":       {strings.Join(d.Themes, ";"), "family-support"},
		"audiences":    {strings.Join(d.Audiences, ";"), "parents-families"},
		"languages":    {strings.Join(d.Languages, ";"), "fr"},
		"email":        {d.Email, "ann@example.com"},
		"phone":        {d.Phone, ""},
		"contact":      {d.ContactName, "Ann Persona"},
		"fees":         {d.FeesDescription, "Free for residents"},
		"verified":     {d.LastVerified, "2025-01-01"},
		"how to refer": {d.HowToRefer, "Ring reception."},
		"website":      {d.Website, "http://example.com/counselling"},
	}
	for field, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s = %q, want %q", field, c[0], c[1])
		}
	}
	if *d.AgeMin != 12 || *d.AgeMax != 100 {
		t.Errorf("ages %d %d", *d.AgeMin, *d.AgeMax)
	}
	if len(d.Locations) != 1 || d.Locations[0].Country != "BE" || d.Locations[0].Address != "1-30 Main Street, MyVillage" || d.Locations[0].Region != "Brussels-Capital" {
		t.Errorf("locations %+v", d.Locations)
	}
	notes := strings.Join(rec.Notes, "\n")
	for _, want := range []string{`"BD-1800"`, `"tlh-x"`, `e-mail "not an email" not accepted`, `phone "call (555) 123 ext 4" not accepted`,
		`country "Narnia"`, "minimum_age 12.5 rounded to 12", "alternate_name", "schedules (1)"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
}

func TestHSDSRecordProblems(t *testing.T) {
	s := newTestStore(t)
	in := `[{"id": "1", "name": "Closed", "status": "defunct", "description": "x", "organization": {"id": "x", "name": "O", "description": ""}},
	{"name": "No themes", "description": "Something", "organization": {"id": "x", "name": "O", "description": ""}},
	{"name": "No organization", "organization_id": "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", "description": "x"},
	{"name": "No description", "organization": {"id": "x", "name": "O", "description": ""}},
	{"name": 42}]`
	recs := parseHSDS(t, s, in)
	wants := []string{`status is "defunct"`, "themes: no attribute maps", "organization: no name", "description: empty", "not an HSDS service"}
	for i, want := range wants {
		if got := strings.Join(recs[i].Problems, "; "); !strings.Contains(got, want) {
			t.Errorf("record %d: problems %q lack %q", i+1, got, want)
		}
	}
}

func TestImportHSDSKeepsIDsAndUpdatesByID(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	good := strings.Replace(foreignJSON(), `"taxonomy": "Themes"}}`, `"taxonomy": "Themes"}}, {"id": "de58cc39-8b70-4ab1-8aea-786882e5ac8e", "taxonomy_term_id": "`+HSDSTermID(TaxLocation, "confidential")+`"}`, 1)
	recs := parseHSDS(t, s, "["+good+`, {"name": "Broken", "description": "x"}]`)
	sum, err := s.ImportHSDS(ctx, recs)
	if err != nil || sum.Created != 1 || sum.Skipped != 1 {
		t.Fatalf("import: %+v %v", sum, err)
	}
	p, err := s.ProgramByID(ctx, "ac148810-d857-441c-9679-408f346de14b")
	if err != nil {
		t.Fatalf("the service's id was not kept: %v", err)
	}
	var runs int // TestModifiedAfterReachesBackToTheImport
	if s.db.Raw("SELECT count(*) FROM import_runs").Row().Scan(&runs); runs != 1 {
		t.Errorf("%d import runs recorded", runs)
	}
	if p.Organization.ID != "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610" || p.Organization.Website != "http://example.com" || p.Organization.Phone != "+44 1234 234567" {
		t.Errorf("organization %+v", p.Organization)
	}
	if l := p.Locations[0]; l.ID != "3a19ff88-4620-4d17-9830-ac1d859eb5d5" || l.Latitude == nil || *l.Latitude != 50.8 {
		t.Errorf("location id or position not kept: %+v", l)
	}
	// The same service renamed in a later file updates the same program.
	renamed := strings.Replace(good, `"name": "Community Counselling"`, `"name": "Family Counselling"`, 1)
	sum, err = s.ImportHSDS(ctx, parseHSDS(t, s, renamed))
	if err != nil || sum.Updated != 1 || sum.Created != 0 {
		t.Fatalf("re-import: %+v %v", sum, err)
	}
	p, _ = s.ProgramByID(ctx, "ac148810-d857-441c-9679-408f346de14b")
	if p.Name != "Family Counselling" {
		t.Errorf("renamed program is %q", p.Name)
	}
	if n, _ := s.CountPrograms(ctx); n != 1 {
		t.Errorf("%d programs after re-import", n)
	}
	// Another id with the same organization and name is the same program
	// (as in the CSV import): it updates it, and the id stays.
	sameName := strings.Replace(renamed, "AC148810", "BC148810", 1)
	sum, err = s.ImportHSDS(ctx, parseHSDS(t, s, sameName))
	if err != nil || sum.Unchanged != 1 { // and nothing else differs
		t.Errorf("same name, other id: %+v %v", sum, err)
	}
	if _, err := s.ProgramByID(ctx, "ac148810-d857-441c-9679-408f346de14b"); err != nil {
		t.Errorf("the id changed: %v", err)
	}
	// Only the coordinates moved: an update, with a version, all the same.
	before, _ := s.ProgramByID(ctx, "ac148810-d857-441c-9679-408f346de14b")
	moved := strings.Replace(renamed, `"latitude": 50.8`, `"latitude": 50.9`, 1)
	sum, err = s.ImportHSDS(ctx, parseHSDS(t, s, moved))
	after, _ := s.ProgramByID(ctx, "ac148810-d857-441c-9679-408f346de14b")
	if err != nil || sum.Updated != 1 || before == nil || after == nil || after.Version != before.Version+1 ||
		after.Locations[0].Latitude == nil || *after.Locations[0].Latitude != 50.9 {
		t.Errorf("coordinates moved: %+v %v", sum, err)
	}
	// Renaming a program (by id) to the name of another program of its
	// organization is refused, for that record alone.
	other := strings.Replace(strings.Replace(good, "AC148810", "CC148810", 1), `"name": "Community Counselling"`, `"name": "Other"`, 1)
	clash := strings.Replace(other, `"name": "Other"`, `"name": "Family Counselling"`, 1)
	recs = parseHSDS(t, s, "["+other+"]")
	if sum, err = s.ImportHSDS(ctx, recs); err != nil || sum.Created != 1 {
		t.Fatalf("other: %+v %v %v", sum, err, recs[0].Problems)
	}
	recs = parseHSDS(t, s, "["+clash+","+good+"]")
	sum, err = s.ImportHSDS(ctx, recs)
	if err != nil || sum.Skipped != 1 || sum.Updated != 1 || !strings.Contains(strings.Join(recs[0].Problems, ""), "already has a program with this name") {
		t.Errorf("clash: %+v %v %v", sum, err, recs[0].Problems)
	}
}
