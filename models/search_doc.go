package models

import "strings"

// searchDoc is what the search index holds for one program: the analysed
// terms of each weighted field.
type searchDoc struct {
	Name, Summary, Description, Extra string
}

// buildSearchDoc analyses a program for the index, with the stemmer of
// the language its text is written in. Extra carries what a searcher may
// type that is not in the program's own words: its organization, the
// labels of its taxonomy terms in every language, its places.
func buildSearchDoc(p *Program, tax *Taxonomies) *searchDoc {
	lang := detectLanguage(p.Name, p.Summary, p.Description)
	var extra []string
	extra = append(extra, analyzeTextIn(lang, p.Organization.Name))
	for _, slug := range p.Themes {
		extra = append(extra, labelsIn(tax, TaxTheme, slug)...)
	}
	for _, slug := range p.Audiences {
		extra = append(extra, labelsIn(tax, TaxAudience, slug)...)
	}
	var places []string
	for _, l := range p.Locations {
		places = append(places, l.City, l.Region)
	}
	extra = append(extra, analyzeText(strings.Join(places, " ")))
	return &searchDoc{
		Name:        analyzeTextIn(lang, p.Name),
		Summary:     analyzeTextIn(lang, p.Summary),
		Description: analyzeTextIn(lang, p.Description+" "+p.Eligibility),
		Extra:       strings.Join(extra, " "),
	}
}
