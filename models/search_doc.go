package models

import "strings"

// searchDoc is what the search index holds for one program: the analysed
// terms of each weighted field.
type searchDoc struct {
	Name, Summary, Description, Extra string
}

// buildSearchDoc analyses a program for the index. Extra carries what a
// searcher may type that is not in the program's own words: its
// organization, the labels of its taxonomy terms, its places.
func buildSearchDoc(p *Program, tax *Taxonomies) *searchDoc {
	var extra []string
	extra = append(extra, p.Organization.Name)
	for _, slug := range p.Themes {
		if t, ok := tax.Term(TaxTheme, slug); ok {
			extra = append(extra, t.Label)
		}
	}
	for _, slug := range p.Audiences {
		if t, ok := tax.Term(TaxAudience, slug); ok {
			extra = append(extra, t.Label)
		}
	}
	for _, l := range p.Locations {
		extra = append(extra, l.City, l.Region)
	}
	return &searchDoc{
		Name:        analyzeText(p.Name),
		Summary:     analyzeText(p.Summary),
		Description: analyzeText(p.Description + " " + p.Eligibility),
		Extra:       analyzeText(strings.Join(extra, " ")),
	}
}
