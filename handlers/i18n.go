package handlers

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/message"

	"pathways/models"
)

// Catalog holds the message catalogues: one JSON file per language in
// templates/locales. Adding a language is adding a file.
type Catalog struct {
	bundle  *i18n.Bundle
	tags    []language.Tag // available, English first
	matcher language.Matcher
	cache   sync.Map // lang + "\x00" + id → string, for messages without data
	counted sync.Map // countedKey → countedText: a plural message around its count
	keys    map[string]map[string]bool
	plural  map[string]bool    // ids of the English messages that have plural forms
	tax     *models.Taxonomies // English labels of the taxonomies
}

// DefaultLang is the language of last resort.
const DefaultLang = "en"

// NewCatalog loads every locales/*.json file of fsys.
func NewCatalog(fsys fs.FS) (*Catalog, error) {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	files, err := fs.Glob(fsys, "locales/*.json")
	if err != nil {
		return nil, err
	}
	c := &Catalog{bundle: b, keys: map[string]map[string]bool{}, plural: map[string]bool{}}
	for _, f := range files {
		mf, err := b.LoadMessageFileFS(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("handlers: load catalogue %s: %w", f, err)
		}
		lang := strings.TrimSuffix(path.Base(f), ".json")
		keys := map[string]bool{}
		for _, m := range mf.Messages {
			keys[m.ID] = true
			if lang == DefaultLang && (m.One != "" || m.Zero != "" || m.Two != "" || m.Few != "" || m.Many != "") {
				c.plural[m.ID] = true
			}
		}
		c.keys[lang] = keys
	}
	tags := b.LanguageTags()
	sort.Slice(tags, func(i, j int) bool {
		if tags[i] == language.English || tags[j] == language.English {
			return tags[i] == language.English
		}
		return tags[i].String() < tags[j].String()
	})
	c.tags = tags
	c.matcher = language.NewMatcher(tags)
	if _, ok := c.keys[DefaultLang]; !ok {
		return nil, fmt.Errorf("handlers: no %s catalogue", DefaultLang)
	}
	return c, nil
}

// Languages returns the codes of the available languages, English first.
func (c *Catalog) Languages() []string {
	out := make([]string, len(c.tags))
	for i, t := range c.tags {
		out[i] = t.String()
	}
	return out
}

// Has reports whether lang is an available language code.
func (c *Catalog) Has(lang string) bool {
	_, ok := c.keys[lang]
	return ok
}

// Keys returns the message ids of one language, for completeness tests.
func (c *Catalog) Keys(lang string) map[string]bool { return c.keys[lang] }

// IsPlural reports whether the English message id has plural forms.
func (c *Catalog) IsPlural(id string) bool { return c.plural[id] }

// Match picks the best available language for an Accept-Language header.
func (c *Catalog) Match(acceptLanguage string) string {
	if acceptLanguage == "" || len(acceptLanguage) > 500 {
		return DefaultLang
	}
	prefs, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(prefs) == 0 {
		return DefaultLang
	}
	_, idx, conf := c.matcher.Match(prefs...)
	if conf == language.No {
		return DefaultLang
	}
	return c.tags[idx].String()
}

// Localizer speaks one language.
type Localizer struct {
	Lang    string
	tag     language.Tag
	cat     *Catalog
	loc     *i18n.Localizer
	printer *message.Printer
}

// Localizer returns the localizer for lang (an available language code).
func (c *Catalog) Localizer(lang string) *Localizer {
	if !c.Has(lang) {
		lang = DefaultLang
	}
	tag := language.Make(lang)
	// Numbers use Western digits in every language: dates, ages, phone
	// numbers and postcodes on the same page are written with them, as
	// Arabic is in Europe and the Maghreb, so counts match them.
	digits, err := tag.SetTypeForKey("nu", "latn")
	if err != nil {
		digits = tag
	}
	return &Localizer{Lang: lang, tag: tag, cat: c, loc: i18n.NewLocalizer(c.bundle, lang, DefaultLang), printer: message.NewPrinter(digits)}
}

// Dir is the writing direction of the language, from the script it is
// most likely written in: a new right-to-left language needs only its
// catalogue.
func (l *Localizer) Dir() string {
	script, _ := l.tag.Script()
	switch script.String() {
	case "Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Mand", "Samr":
		return "rtl"
	}
	return "ltr"
}

// T returns the message id, filled with key/value pairs of args; a "Count"
// pair also selects the plural form. A plural message given no "Count"
// takes its form from a numeric "Param" (validation messages: "Choose at
// least {{.Param}} option").
func (l *Localizer) T(id string, args ...any) string {
	if len(args) == 0 {
		key := l.Lang + "\x00" + id
		if s, ok := l.cat.cache.Load(key); ok {
			return s.(string)
		}
		s := l.localize(&i18n.LocalizeConfig{MessageID: id})
		l.cat.cache.Store(key, s)
		return s
	}
	data := make(map[string]any, len(args)/2)
	var count any
	for i := 0; i+1 < len(args); i += 2 {
		k := fmt.Sprint(args[i])
		data[k] = args[i+1]
		if k == "Count" {
			count = args[i+1]
			data[k] = l.Number(args[i+1])
		}
	}
	// A numeric Param (a validation message's limit) is written as the
	// language writes numbers: "10 000 caractères", "10.000 Zeichen".
	if param, ok := data["Param"]; ok {
		if n, err := strconv.Atoi(fmt.Sprint(param)); err == nil {
			if count == nil && l.cat.plural[id] {
				count = n
			}
			data["Param"] = l.Number(n)
		}
	}
	return l.localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
}

func (l *Localizer) localize(cfg *i18n.LocalizeConfig) string {
	s, err := l.loc.Localize(cfg)
	if err != nil || s == "" {
		// A missing message shows its id: visible in review and caught by
		// the catalogue test, never a broken page.
		return cfg.MessageID
	}
	return s
}

// Number formats an integer the way the language writes it.
func (l *Localizer) Number(n any) string {
	return l.printer.Sprintf("%d", n)
}

// Date formats a date as the language writes it: "10 March 2026".
func (l *Localizer) Date(t time.Time) string {
	return l.T("date.long", "Day", t.Day(), "Month", l.T(fmt.Sprintf("month.%d", int(t.Month()))), "Year", t.Year())
}

// DateISO formats a YYYY-MM-DD day as the language writes it; anything
// else is shown as it is.
func (l *Localizer) DateISO(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return l.Date(t)
}

// DateTime formats a moment in UTC the language's way: "10 March 2026
// 09:30 UTC", "10. März 2026, 09:30 UTC", "10 maart 2026 om 09:30 UTC".
func (l *Localizer) DateTime(t time.Time) string {
	t = t.UTC()
	return l.T("date.time", "Date", l.Date(t), "Time", t.Format("15:04"))
}

// SummaryLine is a line of a form's error summary: the field's label and
// its message ("Name: This is required."). A label that is a question
// ("What is wrong?") is followed by the message alone, not by a colon
// after its question mark.
func (l *Localizer) SummaryLine(label, message string) string {
	if strings.HasSuffix(label, "?") || strings.HasSuffix(label, "؟") {
		return label + " " + message
	}
	return l.T("form.summary_line", "Label", label, "Message", message)
}

// StateName names a state as the audit log records it (a submission's
// state, a program's status, a role, an account being enabled or
// disabled) in the page's language; an unknown value is shown as it is.
func (l *Localizer) StateName(s string) string {
	keys := l.cat.keys[l.Lang]
	if keys == nil {
		keys = l.cat.keys[DefaultLang]
	}
	for _, id := range []string{"state." + s, "status." + s, "role." + s} {
		if keys[id] {
			return l.T(id)
		}
	}
	switch s {
	case "enabled":
		return l.T("users.active")
	case "disabled":
		return l.T("users.disabled")
	}
	return s
}

// LanguageName names a language code in the page's language.
func (l *Localizer) LanguageName(code string) string {
	if n := models.LanguageNameNow(code, l.Lang); n != "" {
		return n
	}
	t, err := language.Parse(code)
	if err != nil {
		return code
	}
	if n := display.Tags(l.tag).Name(t); n != "" {
		return n
	}
	return code
}

// CountryName names a country code in the page's language, by its name
// now where x/text's data is older ("Eswatini", not "Swaziland").
func (l *Localizer) CountryName(code string) string {
	if n := models.CountryNameNow(code, l.Lang); n != "" {
		return n
	}
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if n := display.Regions(l.tag).Name(r); n != "" {
		return n
	}
	return code
}

// SelfName is a language's name in that language, for the language switch.
func SelfName(code string) string {
	t, err := language.Parse(code)
	if err != nil {
		return code
	}
	n := display.Self.Name(t)
	if n == "" {
		return code
	}
	// "français" → "Français": a switch reads as a list of names.
	r := []rune(n)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// StateLabel names a submission's state; a problem report's decisions
// have names of their own ("Resolved", "Dismissed", not "Approved",
// "Rejected").
func (l *Localizer) StateLabel(kind, state string) string {
	if kind == models.KindReport && (state == models.StateApproved || state == models.StateRejected) {
		return l.T("state.report." + state)
	}
	return l.T("state." + state)
}

// TermLabel is a taxonomy term's label in the page's language. English
// labels live in the database (seeded by a migration); other languages
// translate them in their catalogue as "tax.<taxonomy>.<slug>".
func (l *Localizer) TermLabel(taxonomy, slug string) string {
	return l.term(taxonomy, slug, "", func(t models.Term) string { return t.Label })
}

// TermDescription is a taxonomy term's one-line description, translated as
// "tax.<taxonomy>.<slug>.desc".
func (l *Localizer) TermDescription(taxonomy, slug string) string {
	return l.term(taxonomy, slug, ".desc", func(t models.Term) string { return t.Description })
}

func (l *Localizer) term(taxonomy, slug, suffix string, english func(models.Term) string) string {
	id := "tax." + taxonomy + "." + slug + suffix
	if l.Lang != DefaultLang && l.cat.keys[l.Lang][id] {
		return l.T(id)
	}
	if l.cat.tax != nil {
		if t, ok := l.cat.tax.Term(taxonomy, slug); ok {
			return english(t)
		}
	}
	return slug
}

type countedKey struct {
	lang, id string
	form     plural.Form
}

// countedText is a plural message with its count taken out: the text
// before and after it, or the whole text when the form writes no number
// ("برنامج واحد").
type countedText struct {
	before, after string
	whole         bool
}

// Counted returns the plural message id for the count n split around the
// number, as T would write it with "Count" n: a list of ~100 counted
// links takes the message's form once per language and plural form, not
// a template per link. TestCountedAsT holds it to T.
func (l *Localizer) Counted(id string, n int) (before, after string, whole bool) {
	m := n
	if m < 0 {
		m = -m
	}
	if m >= 1000000 {
		// x/text's plural rules are older than go-i18n's for millions
		// (French "1 000 000 de programmes"): ask the message itself.
		return l.T(id, "Count", n), "", true
	}
	k := countedKey{l.Lang, id, plural.Cardinal.MatchPlural(l.tag, m, 0, 0, 0, 0)}
	if c, ok := l.cat.counted.Load(k); ok {
		t := c.(countedText)
		return t.before, t.after, t.whole
	}
	s := l.T(id, "Count", n)
	num := l.Number(n)
	t := countedText{before: s, whole: true}
	if i := strings.Index(s, num); i >= 0 {
		t = countedText{before: s[:i], after: s[i+len(num):]}
	}
	l.cat.counted.Store(k, t)
	return t.before, t.after, t.whole
}
