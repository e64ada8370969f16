package models

import (
	"slices"
	"strings"
)

// searchDoc is what the search index holds for one program: the analysed
// terms of each weighted field.
type searchDoc struct {
	Name, Summary, Description, Extra string
}

// buildSearchDoc analyses a program for the index, with the stemmer of
// the language its text is written in. Extra carries what a searcher may
// type that is not in the program's own words: its organization, its
// places, and a token for each of its themes and audiences, which a query
// asks for when one of its words is in the term's label in any language
// (withLabels).
func buildSearchDoc(p *Program, tax *Taxonomies) *searchDoc {
	lang := detectLanguage(p.Name, p.Summary, p.Description)
	var extra []string
	extra = append(extra, analyzeTextIn(lang, p.Organization.Name))
	// In the order of their slugs, whatever order they came in: a
	// document's positions count in PostgreSQL's ranking of several words
	// (ts_rank weighs how near they are), so the same program must make
	// the same document when it is written, imported or indexed again.
	for _, slug := range sortedSlugs(p.Themes) {
		extra = append(extra, labelToken(TaxTheme, slug))
	}
	for _, slug := range sortedSlugs(p.Audiences) {
		extra = append(extra, labelToken(TaxAudience, slug))
	}
	if p.Delivery != "" {
		extra = append(extra, labelToken(TaxDelivery, p.Delivery))
	}
	if p.Cost != "" {
		extra = append(extra, labelToken(TaxCost, p.Cost))
	}
	for _, code := range sortedSlugs(p.Languages) {
		extra = append(extra, languageToken(code))
	}
	var places []string
	var countries []string
	for _, l := range p.Locations {
		places = append(places, l.City, l.Region)
		if l.Country != "" && !slices.Contains(countries, l.Country) {
			countries = append(countries, l.Country)
			extra = append(extra, countryToken(l.Country))
		}
	}
	extra = append(extra, analyzeText(strings.Join(places, " ")))
	return &searchDoc{
		Name:        analyzeTextIn(lang, p.Name),
		Summary:     analyzeTextIn(lang, p.Summary),
		Description: analyzeTextIn(lang, p.Description+" "+p.Eligibility),
		Extra:       strings.Join(extra, " "),
	}
}

func sortedSlugs(s []string) []string {
	if slices.IsSorted(s) {
		return s
	}
	return slices.Sorted(slices.Values(s))
}
