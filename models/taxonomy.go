package models

import (
	"context"
	"fmt"
	"regexp"

	"golang.org/x/text/language"
)

// Taxonomy names, as stored in taxonomy_terms.taxonomy.
const (
	TaxTheme    = "theme"
	TaxAudience = "audience"
	TaxLevel    = "level"
	TaxDelivery = "delivery"
	TaxCost     = "cost"
)

// TaxonomyNames lists the taxonomies in display order.
var TaxonomyNames = []string{TaxTheme, TaxAudience, TaxLevel, TaxDelivery, TaxCost}

// Term is one value of a taxonomy, with its English label; translated
// labels come from the message catalogue under "tax.<taxonomy>.<slug>".
type Term struct {
	Taxonomy    string `json:"-"`
	Slug        string `json:"slug"`
	Position    int    `json:"-"`
	Label       string `json:"label"`
	Description string `json:"description"`
}

// Taxonomies holds every taxonomy, loaded once: they change only with a
// migration.
type Taxonomies struct {
	byName map[string][]Term
	index  map[string]map[string]Term
}

// Terms returns the terms of one taxonomy in display order.
func (t *Taxonomies) Terms(taxonomy string) []Term { return t.byName[taxonomy] }

// Has reports whether slug is a term of taxonomy.
func (t *Taxonomies) Has(taxonomy, slug string) bool {
	_, ok := t.index[taxonomy][slug]
	return ok
}

// Term returns one term.
func (t *Taxonomies) Term(taxonomy, slug string) (Term, bool) {
	term, ok := t.index[taxonomy][slug]
	return term, ok
}

// Taxonomies returns the taxonomies, read from the database the first time
// (and again after a failed read, should the database have been down).
func (s *Store) Taxonomies(ctx context.Context) (*Taxonomies, error) {
	if t := s.tax.Load(); t != nil {
		return t, nil
	}
	s.taxMu.Lock()
	defer s.taxMu.Unlock()
	if t := s.tax.Load(); t != nil {
		return t, nil
	}
	// From the primary, never the replica: the taxonomy is read once and
	// kept, and a replica still replaying the migrations (a fresh one, at
	// start-up) has no table yet, or an empty one that would be kept.
	var terms []Term
	err := s.read.WithContext(ctx).Table("taxonomy_terms").
		Select("taxonomy, slug, position, label, description").
		Order("taxonomy, position").Scan(&terms).Error
	if err != nil {
		return nil, fmt.Errorf("models: load taxonomies: %w", err)
	}
	t := &Taxonomies{byName: map[string][]Term{}, index: map[string]map[string]Term{}}
	for _, term := range terms {
		t.byName[term.Taxonomy] = append(t.byName[term.Taxonomy], term)
		if t.index[term.Taxonomy] == nil {
			t.index[term.Taxonomy] = map[string]Term{}
		}
		t.index[term.Taxonomy][term.Slug] = term
	}
	s.tax.Store(t)
	return t, nil
}

var langCodeRe = regexp.MustCompile(`^[a-z]{2}$`)

// ValidLanguage reports whether code is an ISO 639-1 language code.
func ValidLanguage(code string) bool {
	if !langCodeRe.MatchString(code) {
		return false
	}
	b, err := language.ParseBase(code)
	return err == nil && b.String() == code
}
