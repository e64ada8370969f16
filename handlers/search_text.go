package handlers

import (
	"html/template"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/collate"

	"pathways/models"
)

// The text of a results page is worked out here, once per value, rather
// than by template calls: a template call goes through reflection, and a
// translated message with arguments through go-i18n's own template, and
// a page of 130 facet values and 20 results made thousands of them
// (BenchmarkRenderSearchPage: 3.6 ms a page before, see docs/search.md).

// names caches what is slow to look up and never changes for a language:
// country and language names, dates, age ranges. Its key is a struct, so
// a lookup builds no string (a results page makes ~200 of them).
var names = struct {
	sync.RWMutex
	m map[nameKey]string
}{m: map[nameKey]string{}}

type nameKey struct{ lang, kind, key string }

func cached(lang, kind, key string, make func() string) string {
	k := nameKey{lang, kind, key}
	names.RLock()
	v, ok := names.m[k]
	names.RUnlock()
	if ok {
		return v
	}
	s := make()
	names.Lock()
	names.m[k] = s
	names.Unlock()
	return s
}

func countryName(p *Page, code string) string {
	return cached(p.Lang, "country", code, func() string { return p.CountryName(code) })
}

func languageName(p *Page, code string) string {
	return cached(p.Lang, "language", code, func() string { return p.LanguageName(code) })
}

// languageList names the languages of codes in the page's language, in
// the order of its alphabet ("Arabisch, Englisch, Französisch, Türkisch"):
// in the order of their codes, a German card read "Somali, Schwedisch".
func languageList(p *Page, codes []string) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = languageName(p, c)
	}
	if len(codes) > 1 {
		keys := make([]string, len(codes))
		for i, c := range codes {
			keys[i] = cached(p.Lang, "language-key", c, func() string {
				// A collator is slow to make, and one per name ever.
				var buf collate.Buffer
				return string(collate.New(p.tag).KeyFromString(&buf, names[i]))
			})
		}
		sort.Sort(byKey{names, keys})
	}
	return strings.Join(names, p.T("list.separator"))
}

// byKey sorts names by their collation keys.
type byKey struct{ names, keys []string }

func (b byKey) Len() int           { return len(b.names) }
func (b byKey) Less(i, j int) bool { return b.keys[i] < b.keys[j] }
func (b byKey) Swap(i, j int) {
	b.names[i], b.names[j] = b.names[j], b.names[i]
	b.keys[i], b.keys[j] = b.keys[j], b.keys[i]
}

// LanguageList is languageList for templates: a program's languages.
func (p *Page) LanguageList(codes []string) string { return languageList(p, codes) }

// countText writes a count as the language does (1,234 or 1 234),
// without a message printer per number.
func countText(p *Page, n int) string {
	if n < 1000 {
		return strconv.Itoa(n)
	}
	sep := cached(p.Lang, "thousands", "", func() string {
		s := p.Number(1000)
		if len(s) > 4 && s[0] == '1' && strings.HasSuffix(s, "000") {
			return s[1 : len(s)-3]
		}
		return "\x00" // digits of another script: ask the printer each time
	})
	if sep == "\x00" {
		return p.Number(n)
	}
	d := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range d {
		if i > 0 && (len(d)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// cardText fills the lines of a result card: places, delivery, cost,
// languages, ages and when it was last verified.
func cardText(p *Page, h *hitView) {
	pr := h.Hit.Program
	var places []string
	for _, l := range pr.Locations {
		s := countryName(p, l.Country)
		if l.City != "" {
			s = l.City + p.T("list.separator") + s // the Arabic comma on Arabic pages
		}
		places = append(places, s)
	}
	h.Places = strings.Join(places, p.T("list.group_separator")) // "؛" on Arabic pages
	if pr.Delivery != "" {
		h.Delivery = p.TermLabel(models.TaxDelivery, pr.Delivery)
	}
	if pr.Cost != "" {
		h.Cost = p.TermLabel(models.TaxCost, pr.Cost)
	}
	h.Languages = languageList(p, pr.Languages)
	switch {
	case pr.AgeMin != nil && pr.AgeMax != nil:
		h.Ages = cached(p.Lang, "ages", strconv.Itoa(*pr.AgeMin)+"-"+strconv.Itoa(*pr.AgeMax), func() string {
			return p.T("program.ages_range", "Min", *pr.AgeMin, "Max", *pr.AgeMax)
		})
	case pr.AgeMin != nil:
		h.Ages = cached(p.Lang, "ages", strconv.Itoa(*pr.AgeMin)+"-", func() string { return p.T("program.ages_from", "Min", *pr.AgeMin) })
	case pr.AgeMax != nil:
		h.Ages = cached(p.Lang, "ages", "-"+strconv.Itoa(*pr.AgeMax), func() string { return p.T("program.ages_upto", "Max", *pr.AgeMax) })
	}
	if t, ok := pr.VerifiedAt(); ok {
		h.Verified = cached(p.Lang, "verified", t.Format(time.DateOnly), func() string {
			return p.T("program.verified_on", "Date", p.Date(t))
		})
	} else {
		h.Verified = p.T("program.never_verified")
	}
}

// newHitView is one result of the page, its card's text worked out.
func newHitView(p *Page, hit models.SearchHit, now time.Time) hitView {
	h := hitView{Page: p, Hit: hit, Stale: hit.Program.VerificationStale(now)}
	// The name and summary tell the language of what the card shows;
	// the description would cost a page ~20 times as many words to read.
	h.TextLang = p.TextLang(hit.Program.Name, hit.Program.Summary)
	cardText(p, &h)
	if h.Stale {
		if _, ok := hit.Program.VerifiedAt(); ok {
			h.StaleText = p.T("card.stale")
		} else { // never verified: no "12 months ago" that never was
			h.StaleText = p.T("card.unverified")
		}
	}
	if len(hit.Title) > 0 {
		h.TitleHTML = fragmentsHTML(hit.Title)
	}
	if len(hit.Snippet) > 0 {
		h.SnippetHTML = fragmentsHTML(hit.Snippet)
	}
	if len(hit.Excerpt) > 0 {
		h.ExcerptHTML = fragmentsHTML(hit.Excerpt)
	}
	return h
}

// toggler builds the links that add or remove one filter value: the
// page's parameters encoded once, around each group (the parameters
// before it and after it, in the order url.Values.Encode gives), so a
// link is one string written once.
type toggler struct {
	keys   []string
	enc    map[string]string // key → "k=v&k=v"
	base   url.Values
	around map[string][2]string // group → its parameters before and after
}

func newToggler(base url.Values) *toggler {
	t := &toggler{base: base, enc: map[string]string{}, around: map[string][2]string{}}
	for k, vs := range base {
		t.keys = append(t.keys, k)
		t.enc[k] = encodeKey(k, vs)
	}
	sort.Strings(t.keys)
	return t
}

func encodeKey(k string, vs []string) string {
	var b strings.Builder
	writeKey(&b, k, vs)
	return b.String()
}

// writeKey writes k=v&k=v for the values vs.
func writeKey(b *strings.Builder, k string, vs []string) {
	ek := url.QueryEscape(k)
	for i, v := range vs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(ek)
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(v))
	}
}

// parts returns the encoded parameters before group and after it.
func (t *toggler) parts(group string) (before, after string) {
	if p, ok := t.around[group]; ok {
		return p[0], p[1]
	}
	var b, a []string
	for _, k := range t.keys {
		switch {
		case k < group:
			b = append(b, t.enc[k])
		case k > group:
			a = append(a, t.enc[k])
		}
	}
	before, after = strings.Join(b, "&"), strings.Join(a, "&")
	t.around[group] = [2]string{before, after}
	return before, after
}

// link returns the /programs link with group's values replaced by vals.
func (t *toggler) link(group string, vals []string) string {
	before, after := t.parts(group)
	var b strings.Builder
	n := len("/programs?&&") + len(before) + len(after)
	for _, v := range vals {
		n += len(group) + 2 + 3*len(v)
	}
	b.Grow(n)
	b.WriteString("/programs")
	sep := byte('?')
	if before != "" {
		b.WriteByte(sep)
		b.WriteString(before)
		sep = '&'
	}
	if len(vals) > 0 {
		b.WriteByte(sep)
		writeKey(&b, group, vals)
		sep = '&'
	}
	if after != "" {
		b.WriteByte(sep)
		b.WriteString(after)
	}
	return b.String()
}

// toggle is the link that turns value of group on or off.
func (t *toggler) toggle(group, value string, on bool) string {
	var vals []string
	if cur := t.base[group]; len(cur) == 0 && on {
		vals = []string{value} // the common case: one value, nothing to leave out
	} else {
		for _, x := range cur {
			if x != value {
				vals = append(vals, x)
			}
		}
		if on {
			vals = append(vals, value)
		}
	}
	return t.link(group, vals)
}

// htmlEscape escapes text and attribute values exactly as html/template
// does, so markup written here reads the same as the template's.
func htmlEscape(s string) string {
	if htmlClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	writeEscaped(&b, s)
	return b.String()
}

// htmlEscapes is what htmlEscape writes for each byte it replaces.
var htmlEscapes = [256]string{0: "\uFFFD", '"': "&#34;", '&': "&amp;", '\'': "&#39;", '+': "&#43;", '<': "&lt;", '>': "&gt;"}

// htmlClean reports whether s has nothing to escape.
func htmlClean(s string) bool {
	for i := 0; i < len(s); i++ {
		if htmlEscapes[s[i]] != "" {
			return false
		}
	}
	return true
}

// writeEscaped writes s to b as htmlEscape returns it, without a string
// of its own: a results page writes ~400 pieces of text and links.
func writeEscaped(b *strings.Builder, s string) {
	from := 0
	for i := 0; i < len(s); i++ {
		if e := htmlEscapes[s[i]]; e != "" {
			b.WriteString(s[from:i])
			b.WriteString(e)
			from = i + 1
		}
	}
	b.WriteString(s[from:])
}

// fragmentsHTML is a snippet with its matched words in <mark>: the
// "fragments" of a card, written here since a card has dozens of them.
func fragmentsHTML(frags []models.Fragment) template.HTML {
	var b strings.Builder
	for _, f := range frags {
		if f.Hit {
			b.WriteString("<mark>")
			b.WriteString(htmlEscape(f.Text))
			b.WriteString("</mark>")
		} else {
			b.WriteString(htmlEscape(f.Text))
		}
	}
	return template.HTML(b.String())
}

// facetItemsSize is about what writeFacetItems writes for values.
func facetItemsSize(values []facetValueView) int {
	n := 0
	for i := range values {
		n += 220 + len(values[i].URL) + len(values[i].Label)
	}
	return n
}

// writeFacetItems writes the <li> items of one facet group. The markup is
// the facet list of templates/pages/programs.html; it is written here
// because a page has over a hundred of them and a template spends ~20 µs
// on each (docs/search.md).
func writeFacetItems(b *strings.Builder, p *Page, values []facetValueView) {
	selected := ""
	for i := range values {
		v := &values[i]
		b.WriteString(`<li><a href="`)
		writeHref(b, v.URL)
		if v.Selected {
			b.WriteString(`" class="facet-link is-selected" aria-current="true">`)
		} else {
			b.WriteString(`" class="facet-link">`)
		}
		b.WriteString(` <span class="facet-box" aria-hidden="true"></span><span class="facet-label">`)
		writeEscaped(b, v.Label)
		b.WriteString(`</span> <span class="facet-count">`)
		if v.Selected {
			if selected == "" {
				selected = htmlEscape(p.T("filters.selected") + p.T("list.separator"))
			}
			b.WriteString(`<span class="visually-hidden">`)
			b.WriteString(selected)
			b.WriteString(`</span>`)
		}
		// The count is seen bare and heard as "12 programs": a bare number
		// in a link says nothing to a screen reader. The word around it is
		// hidden from sight, and the number written once.
		before, after, whole := p.Counted("count.programs", v.Count)
		if whole { // no number in the words: "برنامج واحد"
			b.WriteString(`<span aria-hidden="true">`)
			writeEscaped(b, v.CountText)
			b.WriteString(`</span>`)
			writeHidden(b, before)
		} else {
			writeHidden(b, before)
			writeEscaped(b, v.CountText)
			writeHidden(b, after)
		}
		b.WriteString("</span></a></li>\n")
	}
}

// writeHidden writes text for assistive technology only, if any.
func writeHidden(b *strings.Builder, text string) {
	if text == "" {
		return
	}
	b.WriteString(`<span class="visually-hidden">`)
	writeEscaped(b, text)
	b.WriteString(`</span>`)
}

// cardsHTML writes the result cards of the page: the markup documented in
// templates/partials/common.html, written here because a template spent
// ~27 µs on each of a page's 20 cards.
func cardsHTML(p *Page, hits []hitView) template.HTML {
	var b strings.Builder
	b.Grow(1536 * len(hits))
	for i := range hits {
		writeCard(&b, p, &hits[i])
	}
	return template.HTML(b.String())
}

func writeCard(b *strings.Builder, p *Page, h *hitView) {
	pr := h.Hit.Program
	b.WriteString("<li class=\"card\">\n  <h3 class=\"card-title\"")
	b.WriteString(string(h.TextLang))
	b.WriteString("><a href=\"/programs/")
	b.WriteString(htmlEscape(url.PathEscape(pr.Slug)))
	b.WriteString(`">`)
	if h.TitleHTML != "" {
		b.WriteString(string(h.TitleHTML))
	} else {
		b.WriteString(htmlEscape(pr.Name))
	}
	b.WriteString("</a></h3>\n  <p class=\"card-org\">")
	b.WriteString(htmlEscape(pr.Organization.Name))
	b.WriteString("</p>\n  <p class=\"card-summary\"")
	b.WriteString(string(h.TextLang))
	b.WriteString(">")
	if h.SnippetHTML != "" {
		b.WriteString(string(h.SnippetHTML))
	} else {
		b.WriteString(htmlEscape(pr.Summary))
	}
	b.WriteString("</p>\n")
	if h.ExcerptHTML != "" {
		b.WriteString("  <p class=\"card-excerpt\"><span class=\"visually-hidden\">")
		if h.Hit.ExcerptOf == "eligibility" {
			b.WriteString(htmlEscape(p.T("card.matched_eligibility")))
		} else {
			b.WriteString(htmlEscape(p.T("card.matched")))
		}
		b.WriteString(" </span>")
		if h.TextLang != "" {
			b.WriteString("<span")
			b.WriteString(string(h.TextLang))
			b.WriteString(">")
			b.WriteString(string(h.ExcerptHTML))
			b.WriteString("</span>")
		} else {
			b.WriteString(string(h.ExcerptHTML))
		}
		b.WriteString("</p>\n")
	}
	b.WriteString("  <ul class=\"card-meta\">\n")
	for _, line := range []string{h.Places, h.Delivery, h.Cost, h.Languages, h.Ages} {
		if line != "" {
			b.WriteString("    <li>")
			b.WriteString(htmlEscape(line))
			b.WriteString("</li>\n")
		}
	}
	b.WriteString("  </ul>\n  <p class=\"card-verified")
	if h.Stale {
		b.WriteString(" stale")
	}
	b.WriteString(`">`)
	b.WriteString(htmlEscape(h.Verified))
	if h.Stale {
		b.WriteString(" <strong>")
		b.WriteString(htmlEscape(h.StaleText))
		b.WriteString("</strong>")
	}
	b.WriteString("</p>\n</li>\n")
}

// The lists of the results page are written here too, each with the
// markup of a reference template in search_card_test.go that the tests
// compare it with: a template action costs a reflective call and a few
// allocations, and a page had ~1,400 of them (BenchmarkRenderSearchPage).

// hrefEscape writes a link as html/template writes it into an href
// attribute: a scheme other than http, https or mailto is refused
// (#ZgotmplZ), bytes that cannot stand in a URL are percent-encoded, and
// the result is escaped for the attribute.
func hrefEscape(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 32)
	writeHref(&b, s)
	return b.String()
}

// writeHref writes s to b as hrefEscape returns it.
func writeHref(b *strings.Builder, s string) {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		b.WriteString("#ZgotmplZ")
		return
	}
	const hex = "0123456789abcdef"
	from := 0
	for i := 0; i < len(s); i++ {
		if urlKeeps(s, i) {
			continue
		}
		writeEscaped(b, s[from:i])
		// Percent-encoded, then escaped for the attribute: '%' needs none.
		b.WriteByte('%')
		b.WriteByte(hex[s[i]>>4])
		b.WriteByte(hex[s[i]&15])
		from = i + 1
	}
	writeEscaped(b, s[from:])
}

// urlKeeps reports whether html/template's URL normaliser leaves the
// byte at i as it is: letters, digits, RFC 3986's unreserved and reserved
// characters but the quote and parentheses, and a % that starts an
// escape (followed by two hex digits and, as html/template has it, one
// more byte).
func urlKeeps(s string, i int) bool {
	switch c := s[i]; {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	case c == '%':
		return i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])
	default:
		return strings.IndexByte("-._~!#$&*+,/:;=?@[]", c) >= 0
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// hiddenInputsHTML writes the hidden inputs by which a form keeps the
// page's other parameters: those of q but the page and the named ones,
// by name.
func hiddenInputsHTML(q url.Values, except ...string) template.HTML {
	keys := make([]string, 0, len(q))
	for k := range q {
		if k != "page" && !slices.Contains(except, k) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		for _, v := range q[k] {
			b.WriteString(`<input type="hidden" name="`)
			b.WriteString(htmlEscape(k))
			b.WriteString(`" value="`)
			b.WriteString(htmlEscape(v))
			b.WriteString(`">`)
		}
	}
	return template.HTML(b.String())
}

// facetsHTML writes a section for each facet group that has values, in
// one buffer sized beforehand (the facets are ~30 KB of a 45 KB page).
func facetsHTML(p *Page, groups []facetGroupView) template.HTML {
	size := 0
	for i := range groups {
		size += 120 + facetItemsSize(groups[i].Values)
	}
	var b strings.Builder
	b.Grow(size)
	for i := range groups {
		g := &groups[i]
		if len(g.Values) == 0 {
			continue
		}
		b.WriteString(`<div class="facet" role="group" aria-labelledby="facet-`)
		writeEscaped(&b, g.Name)
		b.WriteString("\">\n  <h3 id=\"facet-")
		writeEscaped(&b, g.Name)
		b.WriteString(`">`)
		writeEscaped(&b, g.Label)
		b.WriteString("</h3>\n  <ul>\n")
		writeFacetItems(&b, p, g.Values)
		b.WriteString("  </ul>\n</div>\n")
	}
	return template.HTML(b.String())
}

// sortOptionsHTML writes the options of the sort menu, the current one
// selected.
func sortOptionsHTML(sorts []sortLink, current string) template.HTML {
	var b strings.Builder
	for _, s := range sorts {
		b.WriteString(`<option value="`)
		b.WriteString(htmlEscape(s.Value))
		b.WriteString(`"`)
		if s.Value == current {
			b.WriteString(" selected")
		}
		b.WriteString(">")
		b.WriteString(htmlEscape(s.Label))
		b.WriteString("</option>")
	}
	return template.HTML(b.String())
}

// pagerHTML writes the page links under the results, or nothing when
// they fit on one page.
func pagerHTML(p *Page, v *searchView) template.HTML {
	if len(v.Pager) == 0 {
		return ""
	}
	var b strings.Builder
	// item writes one link of the list: its attributes after href, its
	// content already escaped.
	item := func(url, attrs, content string) {
		b.WriteString(`    <li><a href="`)
		b.WriteString(hrefEscape(url))
		b.WriteString(`"`)
		b.WriteString(attrs)
		b.WriteString(">")
		b.WriteString(content)
		b.WriteString("</a></li>\n")
	}
	b.WriteString(`<nav class="pagination" aria-label="`)
	b.WriteString(htmlEscape(p.T("pager.label")))
	b.WriteString("\">\n  <ul>\n")
	if v.Prev != "" {
		item(v.Prev, ` rel="prev"`, htmlEscape(p.T("pager.prev")))
	}
	page := `<span class="visually-hidden">` + htmlEscape(p.T("pager.page")) + " </span>"
	for _, l := range v.Pager {
		switch {
		case l.Gap:
			b.WriteString("    <li class=\"gap\" aria-hidden=\"true\">…</li>\n")
		case l.Current:
			item(l.URL, ` aria-current="page"`, page+strconv.Itoa(l.Number))
		default:
			item(l.URL, "", page+strconv.Itoa(l.Number))
		}
	}
	if v.Next != "" {
		item(v.Next, ` rel="next"`, htmlEscape(p.T("pager.next")))
	}
	b.WriteString("  </ul>\n</nav>\n")
	return template.HTML(b.String())
}

// langSwitchHTML writes the language switch of every page's header.
func langSwitchHTML(p *Page, options []LangOption) template.HTML {
	var b strings.Builder
	b.WriteString(`<nav class="lang-switch" aria-label="`)
	b.WriteString(htmlEscape(p.T("nav.language")))
	b.WriteString("\">\n  <ul>\n")
	for _, o := range options {
		code := htmlEscape(o.Code)
		b.WriteString(`    <li><a href="`)
		b.WriteString(hrefEscape(o.URL))
		b.WriteString(`" lang="`)
		b.WriteString(code)
		b.WriteString(`" hreflang="`)
		b.WriteString(code)
		b.WriteString(`"`)
		if o.Current {
			b.WriteString(` aria-current="true"`)
		}
		b.WriteString(">")
		b.WriteString(htmlEscape(o.Name))
		b.WriteString("</a></li>\n")
	}
	b.WriteString("  </ul>\n</nav>\n")
	return template.HTML(b.String())
}
