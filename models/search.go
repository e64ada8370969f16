package models

import (
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// PerPage is the number of results on one page of search, unless the
// search asks for another (SearchParams.PerPage).
const PerPage = 20

// MaxPerPage is the most results one page of the JSON search gives.
const MaxPerPage = 100

// MaxPage bounds how deep pagination goes; deeper pages ask for work no
// person needs.
const MaxPage = 500

// Sort orders.
const (
	SortRelevance = "relevance"
	SortName      = "name"
	SortVerified  = "verified"
)

// Facet groups, in display order; each is also a query parameter.
var FacetGroups = []string{"theme", "audience", "level", "language", "country", "city", "delivery", "cost"}

// SearchParams is a parsed, validated search: everything in it is safe to
// bind as a SQL parameter and to echo back into a URL.
type SearchParams struct {
	Q       string
	Filters map[string][]string // facet group → selected values (OR)
	Age     *int
	Sort    string
	Page    int
	// PerPage is the size of a page: 0 is PerPage. Only the JSON search
	// sets it (per_page); the web page always shows PerPage.
	PerPage int
	// Dropped lists parameter values that were ignored (unknown slugs,
	// malformed numbers), so the page can say so.
	Dropped []string
	// PastMaxPage says the page asked for was past MaxPage, and Page is
	// MaxPage instead.
	PastMaxPage bool

	terms []queryTerm
	cut   []string    // words past maxQueryTerms, not searched
	tax   *Taxonomies // for the labels of the terms (withLabels)
	// query is q as parsed, and lang the language InLanguage analysed
	// it for (inLang): a search reads its words again, joined, where the
	// joined word finds programs (withJoins).
	query  string
	lang   string
	inLang bool
	// noSuggest: a search run to check a suggestion, which needs none.
	noSuggest bool
}

// ParseSearchParams reads a search from URL parameters. It never fails:
// what it cannot use it drops and lists in Dropped.
func ParseSearchParams(v url.Values, tax *Taxonomies) SearchParams {
	p := SearchParams{Filters: map[string][]string{}}
	q := strings.ToValidUTF8(v.Get("q"), "")
	q = strings.ReplaceAll(q, "\x00", "")
	if len(q) > maxQueryBytes {
		q = strings.ToValidUTF8(q[:maxQueryBytes], "")
	}
	p.Q = strings.TrimSpace(q)
	terms, cut := parseQueryCut(q)
	p.terms, p.cut = withLabels(terms, tax), cut
	p.tax, p.query = tax, q

	valid := map[string]func(string) (string, bool){
		"theme":    taxValue(tax, TaxTheme),
		"audience": taxValue(tax, TaxAudience),
		"level":    taxValue(tax, TaxLevel),
		"delivery": taxValue(tax, TaxDelivery),
		"cost":     taxValue(tax, TaxCost),
		"language": func(s string) (string, bool) { s = strings.ToLower(s); return s, ValidLanguage(s) },
		"country":  canonCountry,
		"city": func(s string) (string, bool) {
			s = strings.TrimSpace(strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), ""))
			return s, s != "" && len(s) <= 100
		},
	}
	for _, g := range FacetGroups {
		seen := map[string]bool{}
		values := v[g]
		if len(values) > 50 {
			p.Dropped = append(p.Dropped, g)
			values = values[:50]
		}
		for _, raw := range values {
			if raw == "" {
				continue
			}
			val, ok := valid[g](raw)
			if !ok {
				p.Dropped = append(p.Dropped, g+"="+TruncateBytes(raw, 40))
				continue
			}
			key := val
			if g == "city" {
				key = cityKey(val) // "Liege" and "Liège" are one filter
			}
			if !seen[key] {
				seen[key] = true
				p.Filters[g] = append(p.Filters[g], val)
			}
		}
	}
	if a := strings.TrimSpace(v.Get("age")); a != "" {
		n, err := strconv.Atoi(a)
		if err != nil || n < 0 || n > 120 {
			p.Dropped = append(p.Dropped, "age="+TruncateBytes(a, 10))
		} else {
			p.Age = &n
		}
	}
	p.Sort = v.Get("sort")
	switch p.Sort {
	case "", SortRelevance, SortName, SortVerified:
	default:
		p.Dropped = append(p.Dropped, "sort")
		p.Sort = ""
	}
	if p.Sort == SortRelevance && len(p.terms) == 0 {
		p.Sort = ""
	}
	p.Page = 1
	if s := v.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		switch {
		case err != nil || n < 1:
			p.Dropped = append(p.Dropped, "page")
		case n > MaxPage:
			p.Page, p.PastMaxPage = MaxPage, true
		default:
			p.Page = n
		}
	}
	return p
}

func taxValue(tax *Taxonomies, name string) func(string) (string, bool) {
	return func(s string) (string, bool) {
		s = strings.ToLower(s)
		return s, tax.Has(name, s)
	}
}

// TruncateBytes keeps at most n bytes of s, cut between characters, without
// the bytes that are no UTF-8: cut inside a character, an import's
// source stored as a queued submission's organization was refused by
// PostgreSQL, and a value shown back in a message was broken (a review).
func TruncateBytes(s string, n int) string {
	s = strings.ToValidUTF8(s, "")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// pageSize is the number of results on one page of this search.
func (p SearchParams) pageSize() int {
	if p.PerPage > 0 {
		return p.PerPage
	}
	return PerPage
}

// HasText reports whether the search has words to match.
func (p SearchParams) HasText() bool { return len(p.terms) > 0 }

// EffectiveSort is the order used: relevance when there are words, else by
// name, unless the user chose.
func (p SearchParams) EffectiveSort() string {
	if p.Sort != "" {
		return p.Sort
	}
	if p.HasText() {
		return SortRelevance
	}
	return SortName
}

// FilterCount is the number of selected filter values.
func (p SearchParams) FilterCount() int {
	n := 0
	for _, v := range p.Filters {
		n += len(v)
	}
	if p.Age != nil {
		n++
	}
	return n
}

// Selected reports whether value is selected in group.
func (p SearchParams) Selected(group, value string) bool {
	for _, v := range p.Filters[group] {
		if v == value {
			return true
		}
	}
	return false
}

// Values returns the search as URL parameters, in a stable order.
func (p SearchParams) Values() url.Values {
	v := url.Values{}
	if p.Q != "" {
		v.Set("q", p.Q)
	}
	for _, g := range FacetGroups {
		for _, val := range p.Filters[g] {
			v.Add(g, val)
		}
	}
	if p.Age != nil {
		v.Set("age", strconv.Itoa(*p.Age))
	}
	if p.Sort != "" {
		v.Set("sort", p.Sort)
	}
	if p.Page > 1 {
		v.Set("page", strconv.Itoa(p.Page))
	}
	if p.pageSize() != PerPage {
		v.Set("per_page", strconv.Itoa(p.PerPage))
	}
	return v
}

// FacetCount is how many results one filter value would give.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Fragment is a piece of a snippet; Hit marks words that matched.
type Fragment struct {
	Text string
	Hit  bool
}

// SearchHit is one result: the program and why it matched.
type SearchHit struct {
	Program *Program
	Snippet []Fragment // summary with matches marked
	Title   []Fragment // the name with matches marked; nil when none of its words matched
	Excerpt []Fragment // from the description, when the match is there
	// ExcerptOf is where the excerpt comes from: "" for the description,
	// "eligibility" when only the eligibility has the words.
	ExcerptOf string
}

// SearchResult is one page of results with the total and facet counts.
type SearchResult struct {
	Hits    []SearchHit
	Total   int
	Page    int
	PerPage int
	Pages   int
	Facets  map[string][]FacetCount
	// Missing lists the words of the search (as typed) that
	// were left out because no program has them with the others: the
	// results have the rest. Nil when every word was found.
	Missing []string
	// MissingForFilters says that some programs have every word, but
	// none that the filters let through.
	MissingForFilters bool
	// Unsearched lists the words past the first maxQueryTerms (12), as
	// typed, which a search does not ask for.
	Unsearched []string
	// Suggestion is the query with its misspelt words corrected ("Did
	// you mean …?"), when the search found nothing or left words out
	// and the corrected query, with the same filters, finds programs
	// with every word; "" otherwise (search_suggest.go).
	Suggestion string
}

// searchSQL is what a dialect contributes to a search.
type searchSQL struct {
	matchPKs  string // selects the pks of programs matching the text argument
	rankFrom  string // FROM clause joining the text index to programs p
	rankWhere string // condition on the text argument
	rankScore string // expression, lower is better
	matchArg  func([]queryTerm) string

	// What the in-memory search index asks of the text index (see
	// SearchPrograms); the text argument is matchArg's or fieldArg's.
	matchList string // one row, one text column: every matching pk, comma-separated
	rankList  string // rows (pk, score) of every match, lower score better
	// fieldArg matches documents with any of the terms in one field
	// (fieldName, fieldSummary): the tiers of a large result.
	fieldArg func(terms []queryTerm, field int) string
	// fieldList is matchList for fieldArg's argument, by field.
	fieldList [2]string
	// textSetup, if set, runs in a search's read transaction before its
	// text queries.
	textSetup string

	// For bulk writes (bulk_import.go): insert a document with arguments
	// (pk, name, summary, extra, description), delete one by pk, empty
	// the index, and compact it after a large load ("" if nothing to do).
	indexInsert, indexDelete, indexClear, optimize string
	// indexInsertRows is indexInsert for many documents (PostgreSQL's
	// bulk import, bulk_postgres.go): a head, the row written for each
	// document with its five arguments, and a tail.
	indexInsertRows [3]string
	// bulkBegin and bulkEnd surround a bulk load in its transaction: room
	// to build the index in memory, then the usual settings back.
	bulkBegin, bulkEnd []string
}

// The fields of relevance tiers.
const (
	fieldName = iota
	fieldSummary
)

// cond is a piece of WHERE clause with its arguments.
type cond struct {
	sql  string
	args []any
}

// textConditions returns the WHERE conditions, on programs p, of a
// search's text: published, and matching its words in the text index.
// The HSDS API and the exports read the search box this way; the search
// page's filters run on the in-memory index (searchIndex.filters), and
// so do its city filter's folding of case and accents (cityKey), which
// SQL would do differently on SQLite and PostgreSQL.
func (s *Store) textConditions(p SearchParams) []cond {
	cs := []cond{{sql: "p.status = ?", args: []any{StatusPublished}}}
	if len(p.terms) > 0 {
		ss := s.dialect.searchSQL()
		cs = append(cs, cond{"p.pk IN (" + ss.matchPKs + ")", []any{ss.matchArg(p.terms)}})
	}
	return cs
}

func joinConds(cs []cond) (string, []any) {
	parts := make([]string, len(cs))
	var args []any
	for i, c := range cs {
		parts[i] = c.sql
		args = append(args, c.args...)
	}
	return strings.Join(parts, " AND "), args
}
