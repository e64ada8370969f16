package synth

import (
	"math/rand/v2"
	"net/url"
	"strconv"
	"strings"
)

// Query is one search of a workload: its kind and its URL parameters.
type Query struct {
	Kind   string
	Params string // URL-encoded, as after "/programs?"
}

// Workload kinds, each a way people search.
const (
	KindCommon     = "common"      // one very common word ("community")
	KindTopical    = "topical"     // one topical word (a few percent of programs)
	KindRare       = "rare"        // one rare word (a handful of programs)
	KindPrefix     = "prefix"      // a word being typed ("educ", "co")
	KindMulti      = "multi"       // two or three words
	KindTextFilter = "text+filter" // words and filters
	KindBrowse     = "browse"      // filters only: facet browsing
	KindDeep       = "deep"        // a deep page of a large result
)

// Kinds lists the workload kinds in report order.
var Kinds = []string{KindCommon, KindTopical, KindRare, KindPrefix, KindMulti, KindTextFilter, KindBrowse, KindDeep}

// Workload returns n distinct searches (at least 500 is what the issue
// asks), mixed across the kinds. Distinct, so that a cache of repeated
// queries cannot hide the cost of any of them.
func Workload(n int, seed uint64) []Query {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	v := shared
	common, topical, rare := v.veryCommon(), v.topical(), v.rare()
	seen := map[string]bool{}
	var out []Query
	add := func(kind string, q url.Values) {
		s := q.Encode()
		if s == "" || seen[s] {
			return
		}
		seen[s] = true
		out = append(out, Query{Kind: kind, Params: s})
	}
	filter := func(q url.Values) {
		switch r.IntN(9) {
		case 0:
			q.Add("theme", pick(r, Themes))
		case 1:
			q.Add("audience", pick(r, Audiences))
		case 2:
			c := countries[r.IntN(len(countries))]
			q.Add("country", c.code)
		case 3:
			q.Add("language", countries[r.IntN(len(countries))].languages[0])
		case 4:
			q.Add("level", pick(r, levels))
		case 5:
			q.Add("delivery", pick(r, deliveries))
		case 6:
			q.Add("cost", pick(r, costs))
		case 7:
			c := countries[r.IntN(5)]
			q.Add("city", c.cities[r.IntN(len(c.cities))].name)
		default:
			q.Set("age", strconv.Itoa(6+r.IntN(20)))
		}
	}
	sorted := func(q url.Values) {
		switch r.IntN(6) {
		case 0:
			q.Set("sort", "name")
		case 1:
			q.Set("sort", "verified")
		}
	}
	word := func() string {
		if r.IntN(3) == 0 {
			return common[r.IntN(len(common))]
		}
		return topical[r.IntN(len(topical))]
	}
	// Per kind, a share of n; tries are bounded in case a kind runs out of
	// distinct forms.
	share := map[string]int{KindCommon: 10, KindTopical: 14, KindRare: 14, KindPrefix: 12, KindMulti: 14,
		KindTextFilter: 14, KindBrowse: 14, KindDeep: 8}
	for _, kind := range Kinds {
		want := len(out) + n*share[kind]/100
		for tries := 0; len(out) < want && tries < 50*n; tries++ {
			q := url.Values{}
			switch kind {
			case KindCommon:
				q.Set("q", common[r.IntN(len(common))])
				sorted(q)
				if p := r.IntN(4); p > 0 {
					q.Set("page", strconv.Itoa(1+p))
				}
			case KindTopical:
				q.Set("q", topical[r.IntN(len(topical))])
				sorted(q)
			case KindRare:
				q.Set("q", rare[r.IntN(len(rare))])
			case KindPrefix:
				w := word()
				cut := 2 + r.IntN(max(1, len(w)-3))
				if r.IntN(4) == 0 {
					cut = 2
				}
				q.Set("q", w[:min(cut, len(w))])
			case KindMulti:
				words := []string{word(), word()}
				if r.IntN(3) == 0 {
					words = append(words, word())
				}
				s := strings.Join(words, " ")
				if r.IntN(2) == 0 {
					s += " " // finished typing: no prefix
				}
				q.Set("q", s)
			case KindTextFilter:
				q.Set("q", word())
				for k := 1 + r.IntN(3); k > 0; k-- {
					filter(q)
				}
				sorted(q)
			case KindBrowse:
				for k := r.IntN(4); k > 0; k-- {
					filter(q)
				}
				sorted(q)
				if p := r.IntN(5); p > 0 {
					q.Set("page", strconv.Itoa(1+p))
				}
				if len(q) == 0 {
					q.Set("sort", "name")
				}
			case KindDeep:
				if r.IntN(2) == 0 {
					q.Set("q", common[r.IntN(len(common))])
				} else if r.IntN(2) == 0 {
					filter(q)
				}
				sorted(q)
				q.Set("page", strconv.Itoa([]int{20, 50, 100, 250, 400, 500}[r.IntN(6)]))
			}
			add(kind, q)
		}
	}
	return out
}

// NameWord is a word that some generated programs carry in their name and
// many more in their description: a name match must outrank a description
// match for it.
const NameWord = "mentoring"
