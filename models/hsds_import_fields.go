package models

import (
	"fmt"
	"strings"

	"github.com/go-playground/validator/v10"
	"github.com/google/uuid"
	"golang.org/x/text/language"
)

// The field by field mapping of an HSDS service to a draft: lenient with
// optional values, each left-out value noted.

// matchTaxonomy finds which Pathways taxonomy a name means: its own name
// ("theme"), its plural, or its published title ("Pathways themes").
func matchTaxonomy(name string) (string, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, t := range hsdsTaxonomyList {
		if name == t.name || name == t.name+"s" || name == strings.ToLower(t.title) {
			return t.name, true
		}
	}
	return "", false
}

// resolveAttribute finds the Pathways taxonomy and slug of an attribute:
// by the term's id (the ids Pathways publishes), else by its taxonomy's
// id or name and its code.
func resolveAttribute(a HSDSAttribute, tax *Taxonomies) (taxonomy, slug string, ok bool) {
	ids := []string{a.TaxonomyTermID}
	if a.TaxonomyTerm != nil {
		ids = append(ids, a.TaxonomyTerm.ID)
	}
	for _, id := range ids {
		if taxonomy, slug, ok := HSDSTermByID(tax, strings.ToLower(id)); ok {
			return taxonomy, slug, true
		}
	}
	t := a.TaxonomyTerm
	if t == nil || t.Code == "" {
		return "", "", false
	}
	names := []string{a.LinkType, t.Taxonomy}
	if t.TaxonomyDetail != nil {
		names = append(names, t.TaxonomyDetail.Name)
	}
	if name, known := HSDSTaxonomyName(strings.ToLower(t.TaxonomyID)); known {
		names = append([]string{name}, names...)
	}
	code := strings.ToLower(strings.TrimSpace(t.Code))
	for _, n := range names {
		if name, known := matchTaxonomy(n); known {
			for _, term := range termsOf(tax, name) {
				if term.Slug == code {
					return name, code, true
				}
			}
		}
	}
	return "", "", false
}

// mapHSDSAttributes reads themes, audiences, level, delivery, cost and
// evidence from the service's attributes.
func mapHSDSAttributes(rec *HSDSRecord, attrs []HSDSAttribute, tax *Taxonomies) {
	d := &rec.Draft
	single := func(field *string, taxonomy, slug string) {
		if *field != "" && *field != slug {
			rec.Notes = append(rec.Notes, fmt.Sprintf("more than one %s: kept %q, not %q", taxonomy, *field, slug))
			return
		}
		*field = slug
	}
	for _, a := range attrs {
		taxonomy, slug, ok := resolveAttribute(a, tax)
		if !ok {
			rec.Notes = append(rec.Notes, "attribute with no Pathways equivalent: "+describeAttribute(a))
			continue
		}
		switch taxonomy {
		case TaxTheme:
			d.Themes = append(d.Themes, slug)
		case TaxAudience:
			d.Audiences = append(d.Audiences, slug)
		case TaxLevel:
			single(&d.Level, taxonomy, slug)
		case TaxDelivery:
			single(&d.Delivery, taxonomy, slug)
		case TaxCost:
			single(&d.Cost, taxonomy, slug)
		case TaxEvidence:
			single(&d.Evidence, taxonomy, slug)
			if a.Value != "" {
				d.EvaluationURL = a.Value
			}
		default:
			rec.Notes = append(rec.Notes, "attribute of a location on a service: "+describeAttribute(a))
		}
	}
}

func describeAttribute(a HSDSAttribute) string {
	if t := a.TaxonomyTerm; t != nil {
		return fmt.Sprintf("%q (taxonomy %q, code %q)", t.Name, t.Taxonomy, t.Code)
	}
	return fmt.Sprintf("term %q", a.TaxonomyTermID)
}

// mapHSDSLanguages reads ISO 639-1 codes, turning three-letter codes
// into two-letter ones where one exists.
func mapHSDSLanguages(rec *HSDSRecord, langs []HSDSLanguage) {
	for _, l := range langs {
		code := strings.ToLower(strings.TrimSpace(l.Code))
		if !ValidLanguage(code) {
			if two, ok := twoLetterLanguage(code); ok {
				code = two
			} else {
				rec.Notes = append(rec.Notes, fmt.Sprintf("language %q (%s) not recognised", TruncateBytes(l.Code, 20), TruncateBytes(l.Name, 40)))
				continue
			}
		}
		rec.Draft.Languages = append(rec.Draft.Languages, code)
	}
}

// mapHSDSContact takes the public contact: the service's e-mail and
// first phone, else its first contact's.
func mapHSDSContact(rec *HSDSRecord, in hsdsInService) {
	d := &rec.Draft
	d.Website = strings.TrimSpace(in.URL)
	emails, phones := []string{in.Email}, []string{}
	if len(in.Phones) > 0 {
		phones = append(phones, in.Phones[0].Number)
	}
	if len(in.Contacts) > 0 {
		c := in.Contacts[0]
		d.ContactName = c.Name
		emails = append(emails, c.Email)
		if len(c.Phones) > 0 {
			phones = append(phones, c.Phones[0].Number)
		}
	}
	var passed []string
	d.Email, passed = firstUsable(emails, ValidEmail)
	for _, e := range passed {
		rec.Notes = append(rec.Notes, fmt.Sprintf("e-mail %q not accepted; left out", TruncateBytes(e, 60)))
	}
	d.Phone, passed = firstUsable(phones, phoneRe.MatchString)
	for _, p := range passed {
		rec.Notes = append(rec.Notes, fmt.Sprintf("phone %q not accepted; left out", TruncateBytes(p, 60)))
	}
	if extra := len(in.Contacts) - 1; extra > 0 {
		rec.Notes = append(rec.Notes, fmt.Sprintf("%d more contact(s)", extra))
	}
	if extra := len(in.Phones) - 1; extra > 0 {
		rec.Notes = append(rec.Notes, fmt.Sprintf("%d more phone number(s)", extra))
	}
}

// mapHSDSLocations reads each service_at_location's location and its
// (physical, else first) address.
func mapHSDSLocations(rec *HSDSRecord, sals []HSDSServiceAtLocation) {
	for i, sal := range sals {
		l := sal.Location
		if l == nil || len(l.Addresses) == 0 {
			rec.Notes = append(rec.Notes, fmt.Sprintf("location %d: no address", i+1))
			continue
		}
		a := l.Addresses[0]
		for _, cand := range l.Addresses {
			if cand.AddressType == "physical" {
				a = cand
				break
			}
		}
		country, ok := countryCode(a.Country)
		if !ok {
			rec.Notes = append(rec.Notes, fmt.Sprintf("location %d: country %q not recognised (use ISO 3166-1 alpha-2)", i+1, TruncateBytes(a.Country, 40)))
			continue
		}
		ld := LocationDraft{Address: strings.TrimSpace(strings.Join(nonEmpty(strings.TrimSpace(a.Address1), strings.TrimSpace(a.Address2)), ", ")),
			City: a.City, Region: a.StateProvince, PostalCode: a.PostalCode, Country: country}
		if ld.Region == "" {
			ld.Region = a.Region
		}
		for _, attr := range l.Attributes {
			if attributeIsConfidential(attr) {
				ld.Confidential = true
			}
		}
		imported := hsdsImportedLocation{}
		imported.id, _ = canonicalUUID(l.ID)
		if !ld.Confidential {
			imported.latitude, imported.longitude = l.Latitude, l.Longitude
		}
		rec.Draft.Locations = append(rec.Draft.Locations, ld)
		rec.locations = append(rec.locations, imported)
	}
}

func attributeIsConfidential(a HSDSAttribute) bool {
	id := HSDSTermID(TaxLocation, termConfidential)
	if strings.EqualFold(a.TaxonomyTermID, id) {
		return true
	}
	t := a.TaxonomyTerm
	if t == nil {
		return false
	}
	if strings.EqualFold(t.ID, id) {
		return true
	}
	name, ok := matchTaxonomy(t.Taxonomy)
	return ok && name == TaxLocation && strings.EqualFold(t.Code, termConfidential)
}

// costFromOptions guesses the cost from HSDS cost options: all free is
// free, any amount is paid.
func costFromOptions(opts []HSDSCostOption) string {
	cost := ""
	for _, o := range opts {
		switch {
		case o.Amount == nil:
		case *o.Amount == 0 && cost == "":
			cost = "free"
		case *o.Amount > 0:
			cost = "paid"
		}
	}
	return cost
}

// wholeAge turns an HSDS age (a number) into whole years, rounding
// outwards so nobody eligible is excluded.
func wholeAge(f *float64, up bool, field string, note func(string, ...any)) *int {
	if f == nil {
		return nil
	}
	n := int(*f)
	if float64(n) != *f {
		if up && float64(n) < *f {
			n++
		}
		note("%s %v rounded to %d", field, *f, n)
	}
	return &n
}

// dropInvalid leaves out optional contact values Pathways cannot accept,
// noting each, rather than refusing the whole service for them.
func dropInvalid(rec *HSDSRecord, v *validator.Validate) {
	d := &rec.Draft
	d.Normalize()
	check := func(field string, value *string, ok bool) {
		if *value != "" && !ok {
			rec.Notes = append(rec.Notes, fmt.Sprintf("%s %q not accepted; left out", field, TruncateBytes(*value, 60)))
			*value = ""
		}
	}
	check("website", &d.Website, ValidWebURL(d.Website) && len(d.Website) <= 500)
	check("evaluation link", &d.EvaluationURL, ValidWebURL(d.EvaluationURL) && len(d.EvaluationURL) <= 500)
	check("e-mail", &d.Email, ValidEmail(d.Email) && len(d.Email) <= 254)
	check("phone", &d.Phone, phoneRe.MatchString(d.Phone))
	check("assured_date", &d.LastVerified, v.Var(d.LastVerified, "pastdate") == nil)
}

// noteUnmapped lists the HSDS fields Pathways has no place for.
func noteUnmapped(rec *HSDSRecord, in hsdsInService) {
	var lost []string
	for _, f := range []struct{ name, value string }{
		{"alternate_name", in.AlternateName}, {"interpretation_services", in.InterpretationServices},
		{"wait_time", in.WaitTime}, {"accreditations", in.Accreditations}, {"licenses", in.Licenses},
		{"alert", in.Alert}, {"program_id", in.ProgramID},
	} {
		if strings.TrimSpace(f.value) != "" {
			lost = append(lost, f.name)
		}
	}
	if in.Fees != "" && in.FeesDescription != "" && in.Fees != in.FeesDescription {
		lost = append(lost, "fees")
	}
	for _, f := range []struct {
		name string
		n    int
	}{{"schedules", len(in.Schedules)}, {"funding", len(in.Funding)}, {"required_documents", len(in.RequiredDocuments)}, {"metadata", len(in.Metadata)}} {
		if f.n > 0 {
			lost = append(lost, fmt.Sprintf("%s (%d)", f.name, f.n))
		}
	}
	if len(in.Program) > 0 && string(in.Program) != "null" {
		lost = append(lost, "program")
	}
	for _, a := range in.ServiceAreas {
		if a.Name != "city" && a.Name != "region" && a.Name != "country" && a.Name != "international" {
			lost = append(lost, "service_areas")
			break
		}
	}
	if len(lost) > 0 {
		rec.Notes = append(rec.Notes, "not imported: "+strings.Join(lost, ", "))
	}
}

// problemText words a validation problem for an HSDS file, naming the
// HSDS source of the field where it differs.
func problemText(p Problem) string {
	switch {
	case p.Field == "themes" && p.Code == "min_items":
		return "themes: no attribute maps to a Pathways theme (taxonomy \"Pathways themes\", code = theme slug)"
	case p.Field == "audiences" && p.Code == "min_items":
		return "audiences: no attribute maps to a Pathways audience (taxonomy \"Pathways audiences\", code = audience slug)"
	case p.Field == "organization" && p.Code == "required":
		return "organization: no name (nest the organization, with its name, in the service)"
	case p.Field == "summary" && p.Code == "required":
		return "" // said already: the description is empty
	}
	return p.Field + ": " + p.Message
}

// twoLetterLanguage turns an ISO 639-2/3 code ("fra") into its ISO 639-1
// code ("fr").
func twoLetterLanguage(code string) (string, bool) {
	b, err := language.ParseBase(code)
	if err != nil {
		return "", false
	}
	two := b.String()
	return two, ValidLanguage(two)
}

// countryCode reads an ISO 3166-1 alpha-2 or alpha-3 code.
func countryCode(s string) (string, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if ValidCountry(s) {
		return s, true
	}
	if len(s) != 3 {
		return "", false
	}
	r, err := language.ParseRegion(s)
	if err != nil {
		return "", false
	}
	return r.String(), ValidCountry(r.String())
}

// canonicalUUID reads a UUID in any form uuid.Parse accepts and writes
// it the one way Pathways stores ids.
func canonicalUUID(s string) (string, bool) {
	u, err := uuid.Parse(strings.TrimSpace(s))
	if err != nil {
		return "", false
	}
	return u.String(), true
}

// firstUsable returns the first value ok accepts and the values passed
// over for it; when none is accepted it returns none and all of them.
func firstUsable(values []string, ok func(string) bool) (string, []string) {
	var passed []string
	for _, v := range values {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		if ok(v) {
			return v, passed
		}
		passed = append(passed, v)
	}
	return "", passed
}
