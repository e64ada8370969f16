package models

import (
	"crypto/sha1"
	"strings"

	"github.com/google/uuid"
)

// hsdsNamespace is the UUID namespace of every id Pathways derives rather
// than stores (taxonomies, terms, attributes, contacts, phones…): the
// same term has the same id on every Pathways instance and in every
// export, so consumers can sync by id.
var hsdsNamespace = uuid.MustParse("f6386283-1a86-5bd3-aa4d-5cc0383f66b5")

// hsdsID derives a stable UUID from its parts: hsdsID("theme",
// "education") is the term education of the theme taxonomy.
func hsdsID(parts ...string) string {
	return uuid.NewSHA1(hsdsNamespace, []byte(strings.Join(parts, "/"))).String()
}

// Taxonomies that exist only in HSDS documents: the evidence level of a
// program and the confidentiality of a location are fields in Pathways,
// terms in HSDS.
const (
	TaxEvidence = "evidence"
	TaxLocation = "location"
)

// termConfidential marks a location whose street address is withheld.
const termConfidential = "confidential"

// hsdsTaxonomy describes one published taxonomy.
type hsdsTaxonomy struct {
	name        string // Pathways' name: theme, audience…
	title       string
	description string
}

// hsdsTaxonomyList is every taxonomy Pathways publishes, in order.
var hsdsTaxonomyList = []hsdsTaxonomy{
	{TaxTheme, "Pathways themes", "What a prevention program works on."},
	{TaxAudience, "Pathways audiences", "Who a prevention program is for."},
	{TaxLevel, "Pathways prevention levels", "Primary (universal), secondary (people at risk) or tertiary (people leaving extremism)."},
	{TaxDelivery, "Pathways delivery", "How a program is delivered: in person, online or both."},
	{TaxCost, "Pathways cost", "What taking part costs."},
	{TaxEvidence, "Pathways evidence", "Whether the program's effects have been evaluated; an attribute's value links the evaluation."},
	{TaxLocation, "Pathways location privacy", "Marks locations whose street address is withheld for the safety of participants."},
}

// extraTerms are the terms of the taxonomies kept in code, not in the
// taxonomy_terms table.
var extraTerms = map[string][]Term{
	TaxEvidence: {
		{Taxonomy: TaxEvidence, Slug: "not_evaluated", Label: "Not evaluated", Description: "No evaluation of the program's effects is known."},
		{Taxonomy: TaxEvidence, Slug: "evaluated", Label: "Evaluated", Description: "The program's effects have been evaluated."},
		{Taxonomy: TaxEvidence, Slug: "peer_reviewed", Label: "Peer-reviewed evaluation", Description: "An evaluation of the program has been published after peer review."},
	},
	TaxLocation: {
		{Taxonomy: TaxLocation, Slug: termConfidential, Label: "Confidential address", Description: "The street address is withheld for the safety of participants: contact the program."},
	},
}

// HSDSTaxonomyID is the stable id of a taxonomy.
func HSDSTaxonomyID(name string) string { return hsdsID("taxonomy", name) }

// HSDSTermID is the stable id of a term: a name-based UUID of
// "taxonomy/slug".
func HSDSTermID(taxonomy, slug string) string { return hsdsID(taxonomy, slug) }

// HSDSTaxonomies lists the published taxonomies.
func HSDSTaxonomies() []HSDSTaxonomy {
	out := make([]HSDSTaxonomy, 0, len(hsdsTaxonomyList))
	for _, t := range hsdsTaxonomyList {
		out = append(out, HSDSTaxonomy{ID: HSDSTaxonomyID(t.name), Name: t.title, Description: t.description})
	}
	return out
}

// HSDSTaxonomyName returns Pathways' name of the taxonomy with this id.
func HSDSTaxonomyName(id string) (string, bool) {
	for _, t := range hsdsTaxonomyList {
		if HSDSTaxonomyID(t.name) == id {
			return t.name, true
		}
	}
	return "", false
}

func hsdsTaxonomyOf(name string) (hsdsTaxonomy, bool) {
	for _, t := range hsdsTaxonomyList {
		if t.name == name {
			return t, true
		}
	}
	return hsdsTaxonomy{}, false
}

// termsOf returns the terms of any published taxonomy.
func termsOf(tax *Taxonomies, name string) []Term {
	if terms, ok := extraTerms[name]; ok {
		return terms
	}
	return tax.Terms(name)
}

// HSDSTerms lists every term of every published taxonomy.
func HSDSTerms(tax *Taxonomies) []HSDSTaxonomyTerm {
	var out []HSDSTaxonomyTerm
	for _, t := range hsdsTaxonomyList {
		for _, term := range termsOf(tax, t.name) {
			out = append(out, hsdsTermOf(t, term, false))
		}
	}
	return out
}

// HSDSTerm returns the document of one term, with its taxonomy nested.
func HSDSTerm(tax *Taxonomies, taxonomy, slug string) (HSDSTaxonomyTerm, bool) {
	t, ok := hsdsTaxonomyOf(taxonomy)
	if !ok {
		return HSDSTaxonomyTerm{}, false
	}
	for _, term := range termsOf(tax, taxonomy) {
		if term.Slug == slug {
			return hsdsTermOf(t, term, true), true
		}
	}
	return HSDSTaxonomyTerm{}, false
}

// HSDSTermByID finds a term by its id and returns its taxonomy and slug.
func HSDSTermByID(tax *Taxonomies, id string) (taxonomy, slug string, ok bool) {
	for _, t := range hsdsTaxonomyList {
		for _, term := range termsOf(tax, t.name) {
			if HSDSTermID(t.name, term.Slug) == id {
				return t.name, term.Slug, true
			}
		}
	}
	return "", "", false
}

func hsdsTermOf(t hsdsTaxonomy, term Term, detail bool) HSDSTaxonomyTerm {
	out := HSDSTaxonomyTerm{ID: HSDSTermID(t.name, term.Slug), Code: term.Slug, Name: term.Label,
		Description: term.Description, Taxonomy: t.title, TaxonomyID: HSDSTaxonomyID(t.name), Language: "en"}
	if detail {
		out.TaxonomyDetail = &HSDSTaxonomy{ID: HSDSTaxonomyID(t.name), Name: t.title, Description: t.description}
	}
	return out
}

// derivedID turns a location's id into the id of its service_at_location
// or its address, and back. A Pathways location belongs to one program
// and has one address, so the three records correspond one to one; an
// XOR with a fixed mask keeps the correspondence reversible without a
// table, and leaves the UUID's version and variant bits alone.
func derivedID(id, kind string) (string, bool) {
	u, err := uuid.Parse(id)
	if err != nil {
		return "", false
	}
	mask := sha1.Sum([]byte(hsdsNamespace.String() + "/" + kind))
	mask[6] &= 0x0f
	mask[8] &= 0x3f
	for i := range u {
		u[i] ^= mask[i]
	}
	return u.String(), true
}

// HSDSServiceAtLocationID is the id of the service_at_location of a
// location.
func HSDSServiceAtLocationID(locationID string) string {
	id, _ := derivedID(locationID, "service_at_location")
	return id
}

// HSDSLocationIDOf returns the location of a service_at_location id.
func HSDSLocationIDOf(serviceAtLocationID string) (string, bool) {
	return derivedID(serviceAtLocationID, "service_at_location")
}

func hsdsAddressID(locationID string) string {
	id, _ := derivedID(locationID, "address")
	return id
}
