package handlers

import (
	"html/template"
	"maps"
	"net/url"
	"strconv"
	"strings"
	"time"

	"pathways/models"
)

// searchView is what the results page shows, with every link built.
type searchView struct {
	Params     models.SearchParams
	Result     *models.SearchResult
	Groups     []facetGroupView
	Active     []activeFilter
	Clear      string
	Sorts      []sortLink
	Pager      []pageLink
	Prev       string
	Next       string
	Themes     []themeLink
	Query      url.Values
	AgeSet     string
	Sort       string
	Hits       []hitView
	Dropped    bool
	Missing    string // the words the results leave out (models.SearchResult.Missing)
	Unsearched string // the words past the limit of a search (models.SearchResult.Unsearched)
	// SuggestionURL is the search again with its misspelt words corrected
	// (models.SearchResult.Suggestion), its filters and order kept.
	SuggestionURL string
	// NothingSearched: the query has no word to search for (symbols or
	// emoji only), so every program is shown; the page says so.
	NothingSearched bool
	// AgeWords are the words of the query read as the age filter ("16
	// year old"), which the page names.
	AgeWords string
	// The page's lists, written in Go (search_text.go).
	CardsHTML, FacetsHTML, SortHTML, PagerHTML template.HTML
	AgeKeepHTML, SortKeepHTML                  template.HTML // hidden inputs keeping the other parameters
}

type hitView struct {
	Page  *Page
	Hit   models.SearchHit
	Stale bool
	// The card's lines, worked out once (search_text.go).
	Places, Delivery, Cost, Languages, Ages, Verified string
	StaleText                                         string            // said, not only coloured: verified long ago
	TitleHTML, SnippetHTML, ExcerptHTML               template.HTML     // matched words in <mark>
	TextLang                                          template.HTMLAttr // of the listing's text (Page.TextLang)
}

type facetGroupView struct {
	Name, Label string
	Values      []facetValueView
	Selected    int
}

type facetValueView struct {
	Value, Label, URL string
	Count             int
	CountText         string // Count as the language writes it
	Selected          bool
}

type activeFilter struct {
	Group, Label, RemoveURL string
}

type sortLink struct {
	Value, Label string
}

type pageLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool
}

type themeLink struct {
	Slug, Label, Description, URL string
	Count                         int
}

// joinWords lists words the search left out, with the language's comma
// (list.separator), so that several read as several, not as one phrase.
func joinWords(p *Page, words []string) string {
	return strings.Join(words, p.T("list.separator"))
}

// href turns parameters into a /programs link.
func href(v url.Values) string {
	if len(v) == 0 {
		return "/programs"
	}
	return "/programs?" + v.Encode()
}

func (h *Handler) newSearchView(p *Page, params models.SearchParams, res *models.SearchResult, now time.Time) *searchView {
	v := &searchView{Params: params, Result: res, Query: params.Values(), Dropped: len(params.Dropped) > 0,
		Missing: joinWords(p, res.Missing), Unsearched: joinWords(p, res.Unsearched),
		NothingSearched: strings.TrimSpace(params.Q) != "" && !params.HasText()}
	if params.Age != nil {
		v.AgeSet = strconv.Itoa(*params.Age)
	}
	v.Sort = params.EffectiveSort()
	base := params.Values()
	base.Del("page")
	if res.Suggestion != "" {
		q := maps.Clone(base) // Set replaces q's slice: base keeps its own
		q.Set("q", res.Suggestion)
		v.SuggestionURL = href(q)
	}

	label := func(group, value string) string {
		switch group {
		case "theme", "audience", "level", "delivery", "cost":
			return p.TermLabel(group, value)
		case "language":
			return languageName(p, value)
		case "country":
			return countryName(p, value)
		}
		return value
	}
	toggle := newToggler(base).toggle

	v.Groups = make([]facetGroupView, 0, len(models.FacetGroups))
	var order []string
	for _, g := range models.FacetGroups {
		counts := make(map[string]int, len(res.Facets[g]))
		order = order[:0]
		for _, fc := range res.Facets[g] {
			counts[fc.Value] = fc.Count
			order = append(order, fc.Value)
		}
		switch g {
		case "theme", "audience", "level", "delivery", "cost":
			order = order[:0]
			for _, t := range h.tax.Terms(g) {
				order = append(order, t.Slug)
			}
		}
		gv := facetGroupView{Name: g, Label: p.T("facet." + g), Values: make([]facetValueView, 0, len(order))}
		for _, val := range order {
			sel := params.Selected(g, val)
			if counts[val] == 0 && !sel {
				continue
			}
			gv.Values = append(gv.Values, facetValueView{Value: val, Label: label(g, val), Count: counts[val],
				CountText: countText(p, counts[val]), Selected: sel, URL: toggle(g, val, !sel)})
			if sel {
				gv.Selected++
			}
		}
		// A selected value with no results left still shows, to be removed.
		for _, val := range params.Filters[g] {
			if _, listed := counts[val]; !listed && g == "city" {
				gv.Values = append(gv.Values, facetValueView{Value: val, Label: val, Selected: true, URL: toggle(g, val, false)})
				gv.Selected++
			}
		}
		v.Groups = append(v.Groups, gv)
		for _, val := range params.Filters[g] {
			v.Active = append(v.Active, activeFilter{Group: gv.Label, Label: label(g, val), RemoveURL: toggle(g, val, false)})
		}
	}
	if params.Age != nil {
		q := url.Values{}
		for k, vs := range base {
			q[k] = vs
		}
		q.Del("age")
		v.Active = append(v.Active, activeFilter{Group: p.T("facet.age"), Label: strconv.Itoa(*params.Age), RemoveURL: href(q)})
	}
	clear := url.Values{}
	if params.Q != "" {
		clear.Set("q", params.Q)
	}
	v.Clear = href(clear)

	for _, s := range []string{models.SortRelevance, models.SortName, models.SortVerified} {
		if s == models.SortRelevance && !params.HasText() {
			continue
		}
		v.Sorts = append(v.Sorts, sortLink{Value: s, Label: p.T("sort." + s)})
	}

	pageURL := func(n int) string {
		q := url.Values{}
		for k, vs := range base {
			q[k] = vs
		}
		if n > 1 {
			q.Set("page", strconv.Itoa(n))
		}
		return href(q)
	}
	pages := res.Pages
	if pages > models.MaxPage {
		pages = models.MaxPage
	}
	if pages > 1 {
		last := 0
		for n := 1; n <= pages; n++ {
			if n == 1 || n == pages || (n >= params.Page-2 && n <= params.Page+2) {
				if last != 0 && n > last+1 {
					v.Pager = append(v.Pager, pageLink{Gap: true})
				}
				v.Pager = append(v.Pager, pageLink{Number: n, URL: pageURL(n), Current: n == params.Page})
				last = n
			}
		}
		if params.Page > 1 {
			v.Prev = pageURL(min(params.Page-1, pages))
		}
		if params.Page < pages {
			v.Next = pageURL(params.Page + 1)
		}
	}
	v.Hits = make([]hitView, 0, len(res.Hits))
	for _, hit := range res.Hits {
		v.Hits = append(v.Hits, newHitView(p, hit, now))
	}
	v.CardsHTML = cardsHTML(p, v.Hits)
	v.FacetsHTML = facetsHTML(p, v.Groups)
	v.SortHTML = sortOptionsHTML(v.Sorts, v.Sort)
	v.PagerHTML = pagerHTML(p, v)
	v.AgeKeepHTML = hiddenInputsHTML(v.Query, "age")
	v.SortKeepHTML = hiddenInputsHTML(v.Query, "sort")
	return v
}

// themeLinks lists the themes to browse, with how many programs each has.
func (h *Handler) themeLinks(p *Page, counts []models.FacetCount) []themeLink {
	n := map[string]int{}
	for _, fc := range counts {
		n[fc.Value] = fc.Count
	}
	var out []themeLink
	for _, t := range h.tax.Terms(models.TaxTheme) {
		out = append(out, themeLink{Slug: t.Slug, Label: p.TermLabel(models.TaxTheme, t.Slug),
			Description: p.TermDescription(models.TaxTheme, t.Slug), Count: n[t.Slug],
			URL: href(url.Values{"theme": {t.Slug}})})
	}
	return out
}
