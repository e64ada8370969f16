package models

import (
	"archive/zip"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"
)

// The HSDS tabular data package: one CSV file per HSDS table, with the
// columns of HSDS 3.0's tabular schema, and a Frictionless
// datapackage.json describing them, zipped. Rows are flattened from the
// same service documents as the JSON, so the same privacy holds.

// tabField is a column: its HSDS name, Frictionless type and format.
type tabField struct {
	Name        string         `json:"name"`
	Type        string         `json:"type"`
	Format      string         `json:"format,omitempty"`
	Constraints map[string]any `json:"constraints,omitempty"`
}

// tabTable is one CSV file of the package.
type tabTable struct {
	name, path string
	fields     []tabField
	foreign    map[string]string // column → referenced table
	rows       [][]string
	seen       map[string]bool // ids already written
}

// Frictionless field helpers.
func fID() tabField {
	return tabField{"id", "string", "uuid", map[string]any{"required": true, "unique": true}}
}
func fRef(n string) tabField { return tabField{Name: n, Type: "string", Format: "uuid"} }
func fStr(n string) tabField { return tabField{Name: n, Type: "string"} }
func fReq(n string) tabField {
	return tabField{Name: n, Type: "string", Constraints: map[string]any{"required": true}}
}
func fNum(n string) tabField         { return tabField{Name: n, Type: "number"} }
func fFmt(n, format string) tabField { return tabField{Name: n, Type: "string", Format: format} }

// newTabTables returns the tables Pathways fills, in HSDS's order, with
// HSDS's columns.
func newTabTables() []*tabTable {
	t := func(name, path string, foreign map[string]string, fields ...tabField) *tabTable {
		return &tabTable{name: name, path: path, fields: fields, foreign: foreign, seen: map[string]bool{}}
	}
	return []*tabTable{
		// HSDS requires some columns Pathways may have no value for: an
		// organization's description (an import names it only), a
		// street address, postal code, city or region (confidential, or
		// never given: only the country is asked for). A data package
		// that says they are required is invalid by its own schema
		// (Frictionless reads an empty cell as missing), so here they
		// are not.
		t("organization", "organizations.csv", nil, fID(), fReq("name"), fStr("alternate_name"), fStr("description"),
			fFmt("email", "email"), fFmt("website", "uri"), fStr("tax_status"), fStr("tax_id"), fNum("year_incorporated"),
			fStr("legal_status"), fStr("logo"), fFmt("uri", "uri"), fRef("parent_organization_id")),
		t("service", "services.csv", map[string]string{"organization_id": "organization"}, fID(), fRef("organization_id"),
			fRef("program_id"), fReq("name"), fStr("alternate_name"), fStr("description"), fFmt("url", "uri"),
			fFmt("email", "email"), fReq("status"), fStr("interpretation_services"), fStr("application_process"),
			fStr("fees_description"), fStr("wait_time"), fStr("fees"), fStr("accreditations"),
			fStr("eligibility_description"), fNum("minimum_age"), fNum("maximum_age"),
			tabField{Name: "assured_date", Type: "date"}, fFmt("assurer_email", "email"), fStr("licenses"), fStr("alert"),
			tabField{Name: "last_modified", Type: "datetime"}),
		t("attribute", "attributes.csv", map[string]string{"taxonomy_term_id": "taxonomy_term"}, fID(), fRef("link_id"),
			fRef("taxonomy_term_id"), fStr("link_type"), fStr("link_entity"), fStr("value")),
		t("service_at_location", "service_at_location.csv", map[string]string{"service_id": "service", "location_id": "location"},
			fID(), fRef("service_id"), fRef("location_id"), fStr("description")),
		t("location", "locations.csv", map[string]string{"organization_id": "organization"}, fID(), fReq("location_type"),
			fFmt("url", "uri"), fRef("organization_id"), fStr("name"), fStr("alternate_name"), fStr("description"),
			fStr("transportation"), fNum("latitude"), fNum("longitude"), fStr("external_identifier"),
			fStr("external_identifier_type")),
		t("phone", "phones.csv", map[string]string{"service_id": "service", "organization_id": "organization", "contact_id": "contact"},
			fID(), fRef("location_id"), fRef("service_id"), fRef("organization_id"), fRef("contact_id"),
			fRef("service_at_location_id"), fReq("number"), fNum("extension"), fStr("type"), fStr("description")),
		t("contact", "contacts.csv", map[string]string{"service_id": "service"}, fID(), fRef("organization_id"),
			fRef("service_id"), fRef("service_at_location_id"), fRef("location_id"), fStr("name"), fStr("title"),
			fStr("department"), fFmt("email", "email")),
		t("address", "addresses.csv", map[string]string{"location_id": "location"}, fID(), fRef("location_id"),
			fStr("attention"), fStr("address_1"), fStr("address_2"), fStr("city"), fStr("region"), fStr("state_province"),
			fStr("postal_code"), fReq("country"), fReq("address_type")),
		t("service_area", "service_areas.csv", map[string]string{"service_id": "service"}, fID(), fRef("service_id"),
			fStr("name"), fStr("description"), fStr("extent"), fStr("extent_type"), fStr("uri")),
		t("language", "languages.csv", map[string]string{"service_id": "service"}, fID(), fRef("service_id"),
			fRef("location_id"), fRef("phone_id"), fStr("name"), fStr("code"), fStr("note")),
		t("taxonomy_term", "taxonomy_terms.csv", map[string]string{"taxonomy_id": "taxonomy"}, fID(), fStr("code"),
			fReq("name"), fReq("description"), fRef("parent_id"), fStr("taxonomy"), fStr("language"), fRef("taxonomy_id"),
			fFmt("term_uri", "uri")),
		t("cost_option", "cost_options.csv", map[string]string{"service_id": "service"}, fID(), fRef("service_id"),
			tabField{Name: "valid_from", Type: "date"}, tabField{Name: "valid_to", Type: "date"}, fStr("option"),
			fStr("currency"), fNum("amount"), fStr("amount_description")),
		t("taxonomy", "taxonomies.csv", nil, fID(), fReq("name"), fReq("description"), fFmt("uri", "uri"), fStr("version")),
	}
}

// add appends a row given as column → value, once per id.
func (t *tabTable) add(values map[string]string) {
	if t.seen[values["id"]] {
		return
	}
	t.seen[values["id"]] = true
	row := make([]string, len(t.fields))
	for i, f := range t.fields {
		row[i] = values[f.Name]
	}
	t.rows = append(t.rows, row)
}

// ExportHSDSTabular writes the published directory as a zipped HSDS
// tabular data package and returns how many services it holds.
func (s *Store) ExportHSDSTabular(ctx context.Context, w io.Writer) (int, error) {
	tax, err := s.Taxonomies(ctx)
	if err != nil {
		return 0, err
	}
	tables := newTabTables()
	byName := map[string]*tabTable{}
	for _, t := range tables {
		byName[t.name] = t
	}
	n := 0
	err = s.eachExported(ctx, func(p *Program) error {
		n++
		flattenService(byName, HSDSServiceOf(p, tax, HSDSFull))
		return nil
	})
	if err != nil {
		return n, err
	}
	for _, tx := range HSDSTaxonomies() {
		byName["taxonomy"].add(map[string]string{"id": tx.ID, "name": tx.Name, "description": tx.Description})
	}
	for _, term := range HSDSTerms(tax) {
		byName["taxonomy_term"].add(map[string]string{"id": term.ID, "code": term.Code, "name": term.Name,
			"description": term.Description, "taxonomy": term.Taxonomy, "language": term.Language, "taxonomy_id": term.TaxonomyID})
	}
	return n, writeTabularZip(w, tables)
}

// flattenService spreads one service document over the tables.
func flattenService(t map[string]*tabTable, s HSDSService) {
	num := func(f *float64) string {
		if f == nil {
			return ""
		}
		return strconv.FormatFloat(*f, 'f', -1, 64)
	}
	if o := s.Organization; o != nil {
		t["organization"].add(map[string]string{"id": o.ID, "name": o.Name, "description": o.Description,
			"email": o.Email, "website": o.Website})
		for _, ph := range o.Phones {
			t["phone"].add(map[string]string{"id": ph.ID, "organization_id": o.ID, "number": ph.Number, "type": ph.Type})
		}
	}
	t["service"].add(map[string]string{"id": s.ID, "organization_id": s.OrganizationID, "name": s.Name,
		"description": s.Description, "url": s.URL, "email": s.Email, "status": s.Status,
		"application_process": s.ApplicationProcess, "fees_description": s.FeesDescription,
		"eligibility_description": s.EligibilityDescription, "minimum_age": num(s.MinimumAge),
		"maximum_age": num(s.MaximumAge), "assured_date": s.AssuredDate, "last_modified": s.LastModified})
	attrs := append([]HSDSAttribute{}, s.Attributes...)
	for _, sal := range s.ServiceAtLocations {
		t["service_at_location"].add(map[string]string{"id": sal.ID, "service_id": s.ID, "location_id": sal.LocationID,
			"description": sal.Description})
		l := sal.Location
		if l == nil {
			continue
		}
		t["location"].add(map[string]string{"id": l.ID, "location_type": l.LocationType, "organization_id": l.OrganizationID,
			"name": l.Name, "description": l.Description, "latitude": num(l.Latitude), "longitude": num(l.Longitude)})
		for _, a := range l.Addresses {
			t["address"].add(map[string]string{"id": a.ID, "location_id": l.ID, "address_1": a.Address1, "address_2": a.Address2,
				"city": a.City, "region": a.Region, "state_province": a.StateProvince, "postal_code": a.PostalCode,
				"country": a.Country, "address_type": a.AddressType})
		}
		attrs = append(attrs, l.Attributes...)
	}
	for _, ph := range s.Phones {
		t["phone"].add(map[string]string{"id": ph.ID, "service_id": s.ID, "number": ph.Number, "type": ph.Type})
	}
	for _, c := range s.Contacts {
		t["contact"].add(map[string]string{"id": c.ID, "service_id": s.ID, "name": c.Name, "email": c.Email})
		for _, ph := range c.Phones {
			t["phone"].add(map[string]string{"id": ph.ID, "contact_id": c.ID, "number": ph.Number, "type": ph.Type})
		}
	}
	for _, l := range s.Languages {
		t["language"].add(map[string]string{"id": l.ID, "service_id": s.ID, "name": l.Name, "code": l.Code})
	}
	for _, c := range s.CostOptions {
		t["cost_option"].add(map[string]string{"id": c.ID, "service_id": s.ID, "option": c.Option, "amount": num(c.Amount),
			"amount_description": c.AmountDescription})
	}
	for _, a := range s.ServiceAreas {
		t["service_area"].add(map[string]string{"id": a.ID, "service_id": s.ID, "name": a.Name, "description": a.Description})
	}
	for _, a := range attrs {
		t["attribute"].add(map[string]string{"id": a.ID, "link_id": a.LinkID, "taxonomy_term_id": a.TaxonomyTermID,
			"link_type": a.LinkType, "link_entity": a.LinkEntity, "value": a.Value})
	}
}

// writeTabularZip writes the CSV files, every cell neutralised against
// spreadsheet formulas, and datapackage.json.
func writeTabularZip(w io.Writer, tables []*tabTable) error {
	zw := zip.NewWriter(w)
	type resource struct {
		Name      string `json:"name"`
		Path      string `json:"path"`
		Profile   string `json:"profile"`
		Format    string `json:"format"`
		Mediatype string `json:"mediatype"`
		Encoding  string `json:"encoding"`
		Schema    any    `json:"schema"`
	}
	var resources []resource
	modified := time.Now().UTC()
	for _, t := range tables {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: t.path, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return fmt.Errorf("models: zip %s: %w", t.path, err)
		}
		cw := csv.NewWriter(f)
		header := make([]string, len(t.fields))
		for i, fl := range t.fields {
			header[i] = fl.Name
		}
		if err := cw.Write(header); err != nil {
			return fmt.Errorf("models: write %s: %w", t.path, err)
		}
		for _, row := range t.rows {
			for i := range row {
				row[i] = NeutraliseCell(row[i])
			}
			if err := cw.Write(row); err != nil {
				return fmt.Errorf("models: write %s: %w", t.path, err)
			}
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return fmt.Errorf("models: write %s: %w", t.path, err)
		}
		schema := map[string]any{"fields": t.fields, "primaryKey": "id"}
		var fks []map[string]any
		for _, fl := range t.fields {
			if ref, ok := t.foreign[fl.Name]; ok {
				fks = append(fks, map[string]any{"fields": fl.Name, "reference": map[string]any{"resource": ref, "fields": "id"}})
			}
		}
		if len(fks) > 0 {
			schema["foreignKeys"] = fks
		}
		resources = append(resources, resource{Name: t.name, Path: t.path, Profile: "tabular-data-resource",
			Format: "csv", Mediatype: "text/csv", Encoding: "utf-8", Schema: schema})
	}
	pkg := map[string]any{
		"name":        "pathways-hsds",
		"title":       "Pathways directory (Open Referral HSDS " + HSDSVersion + ")",
		"profile":     "tabular-data-package",
		"created":     modified.Format(time.RFC3339),
		"description": "Published prevention programs as Open Referral HSDS " + HSDSVersion + " tables. Confidential locations carry no street address, postal code or coordinates. Cells that would start a spreadsheet formula (=, +, -, @), other than numbers and phone numbers, begin with an apostrophe.",
		"resources":   resources,
	}
	f, err := zw.CreateHeader(&zip.FileHeader{Name: "datapackage.json", Method: zip.Deflate, Modified: modified})
	if err != nil {
		return fmt.Errorf("models: zip datapackage.json: %w", err)
	}
	enc := json.NewEncoder(f)
	enc.SetIndent("", "  ")
	if err := enc.Encode(pkg); err != nil {
		return fmt.Errorf("models: write datapackage.json: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("models: close zip: %w", err)
	}
	return nil
}
