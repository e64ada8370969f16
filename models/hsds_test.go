package models

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"pathways/models/hsdstest"
)

func TestNeutraliseCellRoundTrips(t *testing.T) {
	for _, s := range []string{"", "plain", "=SUM(A1:A2)", "+32 2 555 01 23", "-5 years", "@cmd", "\t=1", "\r=1",
		"'", "'quoted", "'=already", "''=twice", "''", "a=b", "=", "'@"} {
		got := NeutraliseCell(s)
		if t2 := strings.TrimLeft(got, "'"); got != "" && formulaStart(got[0]) && !plainNumber(got) {
			t.Errorf("NeutraliseCell(%q) = %q still starts a formula (%q)", s, got, t2)
		}
		if back := UnneutraliseCell(got); back != s {
			t.Errorf("UnneutraliseCell(NeutraliseCell(%q)) = %q", s, back)
		}
	}
	if NeutraliseCell("=HYPERLINK(\"http://evil\")") != "'=HYPERLINK(\"http://evil\")" {
		t.Error("a formula is not prefixed with an apostrophe")
	}
	// Numbers and phone numbers are what they are; anything else that
	// starts a formula is neutralised.
	for s, plain := range map[string]bool{"+32 2 555 01 23": true, "-2.24": true, "+44 (0)113 555-0000": true, "12/14": true,
		"-5 years": false, "+cmd|' /C calc'!A0": false, "-1+1": false, "+": false, "--": false, "-\t1": false, "=1": false} {
		if got := NeutraliseCell(s) == s; got != plain {
			t.Errorf("NeutraliseCell(%q) = %q", s, NeutraliseCell(s))
		}
	}
}

func TestHSDSIDsAreStable(t *testing.T) {
	// The same term must have the same id on every instance and in every
	// version: consumers sync by it.
	if got := HSDSTermID(TaxTheme, "education"); got != "dbe329bf-211b-5f3d-b226-6dfe9cf4d67e" {
		t.Errorf("id of theme/education = %s; changing it breaks every consumer", got)
	}
	loc := "a4d99866-07f2-44dc-b982-691a2bf4f8f2"
	sal := HSDSServiceAtLocationID(loc)
	if sal == loc || sal == hsdsAddressID(loc) {
		t.Errorf("derived ids collide: %s %s", sal, hsdsAddressID(loc))
	}
	if back, ok := HSDSLocationIDOf(sal); !ok || back != loc {
		t.Errorf("service_at_location %s maps back to %s", sal, back)
	}
	if sal[14] != '4' {
		t.Errorf("derived id %s lost its version", sal)
	}
}

// hsdsFixture is a store with programs covering the edge cases: a
// confidential location, no website, many languages, age limits.
func hsdsFixture(t *testing.T) *Store {
	t.Helper()
	s := newTestStore(t)
	importCSV(t, s, `Quiet Door,Safe Haven,Exit counselling for people leaving extremist groups.,Long text.,exit-work,people-leaving-extremism,tertiary,en;nl,in-person,free,BE,Flanders,Ghent,9000,12 Hidden Street,true,,door@safe.example,+32 9 555 00 00,Call us.,Adults.,18,,evaluated,2026-01-10
Open Club,Open Org,=Weekly club for everyone.,-,youth-mentoring;education,young-people,primary,en;fr;nl;de;ar;tr;fa;es;it;pl;ro;so;ti;uk;ru,hybrid,low-cost,FR,,Lyon,69001,1 Rue Ouverte,false,https://open.example,club@open.example,,Walk in.,,12,18,not_evaluated,
`)
	return s
}

func TestHSDSServiceMappingHidesConfidentialAddresses(t *testing.T) {
	s := hsdsFixture(t)
	ctx := context.Background()
	tax, _ := s.Taxonomies(ctx)
	ps, total, err := s.HSDSServices(ctx, HSDSFilter{}, 1, 10)
	if err != nil || total != 2 {
		t.Fatalf("services: %d %v", total, err)
	}
	schemas := hsdstest.Load(t)
	for _, p := range ps {
		for _, detail := range []HSDSDetail{HSDSMinimal, HSDSListItem, HSDSFull} {
			doc := HSDSServiceOf(p, tax, detail)
			b, _ := json.Marshal(doc)
			if bytes.Contains(b, []byte("Hidden Street")) || bytes.Contains(b, []byte(`"9000"`)) {
				t.Errorf("%s (detail %d) leaks the confidential address: %s", p.Name, detail, b)
			}
			kind := hsdstest.ServiceList
			if detail == HSDSFull {
				kind = hsdstest.Service
			}
			schemas.Validate(t, kind, p.Name, b)
		}
	}
	quiet := HSDSServiceOf(ps[1], tax, HSDSFull)
	if quiet.Name != "Quiet Door" || len(quiet.ServiceAtLocations) != 1 {
		t.Fatalf("unexpected order or locations: %+v", quiet)
	}
	loc := quiet.ServiceAtLocations[0].Location
	if a := loc.Addresses[0]; a.Address1 != "" || a.PostalCode != "" || a.City != "Ghent" || a.StateProvince != "Flanders" {
		t.Errorf("confidential address published as %+v", a)
	}
	if len(loc.Attributes) != 1 || loc.Attributes[0].TaxonomyTerm.Code != "confidential" {
		t.Errorf("confidential location not marked: %+v", loc.Attributes)
	}
	if quiet.URL != "" || *quiet.MinimumAge != 18 || quiet.MaximumAge != nil || quiet.AssuredDate != "2026-01-10" {
		t.Errorf("service fields: url %q ages %v %v assured %q", quiet.URL, quiet.MinimumAge, quiet.MaximumAge, quiet.AssuredDate)
	}
	open := HSDSServiceOf(ps[0], tax, HSDSFull)
	if len(open.Languages) != 15 || open.Languages[0].Name == "" {
		t.Errorf("languages: %+v", open.Languages)
	}
	if open.Description != "=Weekly club for everyone.\n\n-" {
		t.Errorf("description %q", open.Description)
	}
}

func TestHSDSFiltersCombine(t *testing.T) {
	s := hsdsFixture(t)
	ctx := context.Background()
	names := func(f HSDSFilter) []string {
		t.Helper()
		ps, total, err := s.HSDSServices(ctx, f, 1, 10)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range ps {
			out = append(out, p.Name)
		}
		if total != len(out) {
			t.Errorf("total %d for %d results", total, len(out))
		}
		return out
	}
	eq := func(got []string, want ...string) {
		t.Helper()
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("got %v, want %v", got, want)
		}
	}
	eq(names(HSDSFilter{Taxonomy: TaxTheme, Term: "education"}), "Open Club")
	eq(names(HSDSFilter{Taxonomy: TaxLevel}), "Open Club", "Quiet Door")
	eq(names(HSDSFilter{Taxonomy: TaxEvidence, Term: "evaluated"}), "Quiet Door")
	eq(names(HSDSFilter{Taxonomy: TaxLocation}), "Quiet Door")
	eq(names(HSDSFilter{Search: "counselling"}), "Quiet Door")
	eq(names(HSDSFilter{Search: "counselling", Taxonomy: TaxTheme, Term: "education"}))
	eq(names(HSDSFilter{ModifiedAfter: time.Now().Add(time.Hour)}))
	eq(names(HSDSFilter{ModifiedAfter: time.Now().Add(-time.Hour)}), "Open Club", "Quiet Door")
	ps, _, _ := s.HSDSServices(ctx, HSDSFilter{}, 1, 10)
	eq(names(HSDSFilter{OrganizationID: ps[1].OrganizationID}), "Quiet Door")
	// modified_after is "at or after": a document's own last_modified finds it.
	eq(names(HSDSFilter{ModifiedAfter: ps[1].UpdatedAt}), "Open Club", "Quiet Door")
}

func TestExportCSVNeutralisesAndImportsBack(t *testing.T) {
	s := hsdsFixture(t)
	ctx := context.Background()
	var buf bytes.Buffer
	n, notes, err := s.ExportCSV(ctx, &buf)
	if err != nil || n != 2 || len(notes) != 0 {
		t.Fatalf("export: %d %v %v", n, notes, err)
	}
	rows, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		for _, cell := range row {
			if cell != "" && formulaStart(cell[0]) && !plainNumber(cell) {
				t.Errorf("cell %q starts a formula", cell)
			}
		}
	}
	if strings.Contains(buf.String(), "Hidden Street") || strings.Contains(buf.String(), "9000") {
		t.Error("the CSV export leaks the confidential address")
	}
	tax, _ := s.Taxonomies(ctx)
	parsed, err := ParseProgramsCSV(bytes.NewReader(buf.Bytes()), NewValidator(tax))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]ProgramDraft{}
	for _, r := range parsed {
		got[r.Draft.Name] = r.Draft
	}
	if d := got["Open Club"]; d.Summary != "=Weekly club for everyone." || d.Description != "-" || d.Phone != "" {
		t.Errorf("formula-like cells did not come back: %+v", d)
	}
	if d := got["Quiet Door"]; d.Phone != "+32 9 555 00 00" || !d.Locations[0].Confidential || d.Locations[0].Address != "" {
		t.Errorf("phone or confidential location: %+v", d)
	}
}
