package models

import (
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// HSDSDetail says how much of a document to write.
type HSDSDetail int

const (
	// HSDSMinimal is a service's id, name, status and last_modified.
	HSDSMinimal HSDSDetail = iota
	// HSDSListItem is a service's one-to-one fields with its
	// organization, as HSDS lists them.
	HSDSListItem
	// HSDSFull is everything, nested.
	HSDSFull
)

// HSDSServiceOf maps a published program to an HSDS service. Every
// location goes through Location.Public first, so a confidential street
// address, postal code or position never reaches the document.
func HSDSServiceOf(p *Program, tax *Taxonomies, detail HSDSDetail) HSDSService {
	s := HSDSService{ID: p.ID, Name: p.Name, Status: hsdsActive, LastModified: p.UpdatedAt.UTC().Format(time.RFC3339Nano)}
	if detail == HSDSMinimal {
		return s
	}
	s.OrganizationID = p.OrganizationID
	s.Description = composeDescription(p.Summary, p.Description)
	s.URL = p.Website
	s.Email = p.ContactEmail
	s.ApplicationProcess = p.HowToRefer
	s.FeesDescription = p.FeesDescription
	s.EligibilityDescription = p.Eligibility
	s.MinimumAge, s.MaximumAge = ageNumber(p.AgeMin), ageNumber(p.AgeMax)
	if p.LastVerified != nil {
		s.AssuredDate = *p.LastVerified
	}
	org := hsdsOrganizationOf(p.Organization, detail == HSDSFull)
	s.Organization = &org
	if detail != HSDSFull {
		return s
	}
	if p.ContactPhone != "" {
		s.Phones = []HSDSPhone{{ID: hsdsID("phone", p.ID), ServiceID: p.ID, Number: p.ContactPhone, Type: "voice"}}
	}
	if p.ContactName != "" || p.ContactEmail != "" || p.ContactPhone != "" {
		c := HSDSContact{ID: hsdsID("contact", p.ID), ServiceID: p.ID, Name: p.ContactName, Email: p.ContactEmail}
		if p.ContactPhone != "" {
			c.Phones = []HSDSPhone{{ID: hsdsID("contact-phone", p.ID), ContactID: c.ID, Number: p.ContactPhone, Type: "voice"}}
		}
		s.Contacts = []HSDSContact{c}
	}
	for _, code := range p.Languages {
		s.Languages = append(s.Languages, HSDSLanguage{ID: hsdsID("language", p.ID, code), ServiceID: p.ID,
			Name: languageName(code), Code: code})
	}
	if p.Cost != "" {
		opt := HSDSCostOption{ID: hsdsID("cost_option", p.ID), ServiceID: p.ID, Option: termLabel(tax, TaxCost, p.Cost)}
		if p.Cost == "free" {
			zero := 0.0
			opt.Amount = &zero
		}
		s.CostOptions = []HSDSCostOption{opt}
	}
	if p.ServiceArea != "" {
		s.ServiceAreas = []HSDSServiceArea{{ID: hsdsID("service_area", p.ID), ServiceID: p.ID, Name: p.ServiceArea,
			Description: serviceAreaDescription(p)}}
	}
	for _, l := range p.Locations {
		s.ServiceAtLocations = append(s.ServiceAtLocations, HSDSServiceAtLocation{
			ID: HSDSServiceAtLocationID(l.ID), ServiceID: p.ID, LocationID: l.ID, Location: hsdsLocationPtr(l, p.OrganizationID, true)})
	}
	s.Attributes = hsdsAttributes(p, tax)
	return s
}

// HSDSServiceAtLocationOf maps one location of a published program to an
// HSDS service_at_location: with the location's address and the
// service's contacts when full, else the one-to-one fields.
func HSDSServiceAtLocationOf(p *Program, l Location, tax *Taxonomies, full bool) HSDSServiceAtLocation {
	sal := HSDSServiceAtLocation{ID: HSDSServiceAtLocationID(l.ID), ServiceID: p.ID, LocationID: l.ID,
		Location: hsdsLocationPtr(l, p.OrganizationID, full)}
	svc := HSDSServiceOf(p, tax, HSDSListItem)
	svc.Organization = nil
	sal.Service = &svc
	if full {
		whole := HSDSServiceOf(p, tax, HSDSFull)
		sal.Contacts, sal.Phones = whole.Contacts, whole.Phones
	}
	return sal
}

// HSDSOrganizationOf maps an organization and its published programs.
// The list form has the one-to-one fields only; the full form adds
// phones, the programs' (public) locations and the services, as list
// items or, with fullServices, whole.
func HSDSOrganizationOf(org Organization, programs []*Program, tax *Taxonomies, full, fullServices bool) HSDSOrganization {
	o := hsdsOrganizationOf(org, full)
	if !full {
		return o
	}
	detail := HSDSListItem
	if fullServices {
		detail = HSDSFull
	}
	for _, p := range programs {
		svc := HSDSServiceOf(p, tax, detail)
		svc.Organization = nil
		o.Services = append(o.Services, svc)
		for _, l := range p.Locations {
			o.Locations = append(o.Locations, hsdsLocationOf(l, org.ID, true))
		}
	}
	return o
}

func hsdsOrganizationOf(org Organization, full bool) HSDSOrganization {
	o := HSDSOrganization{ID: org.ID, Name: org.Name, Description: org.Description, Email: org.Email, Website: org.Website}
	if full && org.Phone != "" {
		o.Phones = []HSDSPhone{{ID: hsdsID("organization-phone", org.ID), OrganizationID: org.ID, Number: org.Phone, Type: "voice"}}
	}
	return o
}

func hsdsLocationPtr(l Location, orgID string, full bool) *HSDSLocation {
	loc := hsdsLocationOf(l, orgID, full)
	return &loc
}

// hsdsLocationOf maps a location, public view only.
func hsdsLocationOf(l Location, orgID string, full bool) HSDSLocation {
	l = l.Public()
	loc := HSDSLocation{ID: l.ID, LocationType: "physical", OrganizationID: orgID, Name: placeName(l),
		Latitude: l.Latitude, Longitude: l.Longitude}
	if l.Confidential {
		loc.Description = "The street address is confidential: contact the program."
	}
	if !full {
		return loc
	}
	loc.Addresses = []HSDSAddress{{ID: hsdsAddressID(l.ID), LocationID: l.ID, Address1: l.Address, City: l.City,
		StateProvince: l.Region, PostalCode: l.PostalCode, Country: l.Country, AddressType: "physical"}}
	if l.Confidential {
		t, _ := hsdsTaxonomyOf(TaxLocation)
		term := hsdsTermOf(t, extraTerms[TaxLocation][0], false)
		loc.Attributes = []HSDSAttribute{{ID: hsdsID("attribute", l.ID, TaxLocation, termConfidential), LinkID: l.ID,
			TaxonomyTermID: term.ID, LinkType: TaxLocation, LinkEntity: "location", TaxonomyTerm: &term}}
	}
	return loc
}

// hsdsAttributes links the program's themes, audiences, level, delivery,
// cost and evidence level as taxonomy terms.
func hsdsAttributes(p *Program, tax *Taxonomies) []HSDSAttribute {
	var out []HSDSAttribute
	add := func(taxonomy, slug, value string) {
		if slug == "" {
			return
		}
		t, _ := hsdsTaxonomyOf(taxonomy)
		term := Term{Taxonomy: taxonomy, Slug: slug, Label: slug} // never in a valid program
		for _, known := range termsOf(tax, taxonomy) {
			if known.Slug == slug {
				term = known
				break
			}
		}
		doc := hsdsTermOf(t, term, false)
		out = append(out, HSDSAttribute{ID: hsdsID("attribute", p.ID, taxonomy, slug), LinkID: p.ID,
			TaxonomyTermID: doc.ID, LinkType: taxonomy, LinkEntity: "service", Value: value, TaxonomyTerm: &doc})
	}
	for _, slug := range p.Themes {
		add(TaxTheme, slug, "")
	}
	for _, slug := range p.Audiences {
		add(TaxAudience, slug, "")
	}
	add(TaxLevel, p.Level, "")
	add(TaxDelivery, p.Delivery, "")
	add(TaxCost, p.Cost, "")
	add(TaxEvidence, p.Evidence, p.EvaluationURL)
	return out
}

// composeDescription puts the summary first: HSDS has one description,
// and the summary is what a referrer reads first. The importer splits it
// at the first blank line.
func composeDescription(summary, description string) string {
	switch {
	case description == "":
		return summary
	case summary == "":
		return description
	}
	return summary + "\n\n" + description
}

func ageNumber(a *int) *float64 {
	if a == nil {
		return nil
	}
	f := float64(*a)
	return &f
}

func termLabel(tax *Taxonomies, taxonomy, slug string) string {
	for _, t := range termsOf(tax, taxonomy) {
		if t.Slug == slug {
			return t.Label
		}
	}
	return slug
}

// languageName is the English name of an ISO 639-1 code.
func languageName(code string) string {
	if n := LanguageNameNow(code, "en"); n != "" {
		return n
	}
	b, err := language.ParseBase(code)
	if err != nil {
		return code
	}
	if n := display.English.Languages().Name(b); n != "" {
		return n
	}
	return code
}

// placeName names a location by its town, else its region or country.
func placeName(l Location) string {
	for _, s := range []string{l.City, l.Region, l.Country} {
		if s != "" {
			return s
		}
	}
	return ""
}

// serviceAreaDescription lists the places a program serves.
func serviceAreaDescription(p *Program) string {
	if len(p.Locations) == 0 {
		return "Anywhere"
	}
	var places []string
	for _, l := range p.Locations {
		places = append(places, strings.Join(nonEmpty(l.City, l.Region, l.Country), ", "))
	}
	return strings.Join(places, "; ")
}
