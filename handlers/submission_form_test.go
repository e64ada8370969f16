package handlers

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"pathways/models"
	"pathways/templates"
)

// isoCountries are the 249 officially assigned ISO 3166-1 alpha-2 codes,
// written out again here so that a slip in either list shows.
const isoCountries = `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES
ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO
IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK
ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR
PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK
TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK`

var (
	countrySelectRe = regexp.MustCompile(`(?s)<select id="f-loc0_country".*?</select>`)
	optionRe        = regexp.MustCompile(`<option value="([^"]*)"[^>]*>([^<]*)</option>`)
)

// countryMenu reads the first location's country menu: codes and names,
// in the order shown, leaving out the empty "Choose" option.
func countryMenu(t *testing.T, body string) (codes, names []string) {
	t.Helper()
	sel := countrySelectRe.FindString(body)
	if sel == "" {
		t.Fatal("no country menu")
	}
	for _, m := range optionRe.FindAllStringSubmatch(sel, -1) {
		if m[1] != "" {
			codes = append(codes, m[1])
			names = append(names, html.UnescapeString(m[2]))
		}
	}
	return codes, names
}

// TestCountryMenuIsTheISOCountriesInCollationOrder: each country once,
// under its own name, where a reader of the page's language looks for it.
func TestCountryMenuIsTheISOCountriesInCollationOrder(t *testing.T) {
	a := newTestApp(t)
	want := slices.Sorted(slices.Values(strings.Fields(isoCountries))) // ISO 3166-1 and XK
	for _, lang := range []string{"en", "fr", "nl", "de", "ar"} {
		t.Run(lang, func(t *testing.T) {
			_, body := a.get("/submit?lang=" + lang)
			codes, names := countryMenu(t, body)
			if got := slices.Sorted(slices.Values(codes)); !slices.Equal(got, want) {
				t.Errorf("the menu has %d countries, want the %d of ISO 3166-1; extra or missing: %v",
					len(codes), len(want), symmetricDifference(got, want))
			}
			seen := map[string]string{}
			for i, n := range names {
				if n == "" || n == codes[i] {
					t.Errorf("%s has no name", codes[i])
				}
				if other, dup := seen[n]; dup {
					t.Errorf("%q names both %s and %s", n, other, codes[i])
				}
				seen[n] = codes[i]
			}
			coll := collate.New(language.Make(lang))
			for i := 1; i < len(names); i++ {
				if coll.CompareString(names[i-1], names[i]) > 0 {
					t.Errorf("%q comes before %q", names[i-1], names[i])
				}
			}
			in := func(name string) int {
				i := slices.Index(names, name)
				if i < 0 {
					t.Fatalf("no %q in the menu", name)
				}
				return i
			}
			switch lang {
			case "de":
				// Umlauts sort with their letter, not after Z.
				if !(in("Afghanistan") < in("Ägypten") && in("Ägypten") < in("Albanien")) {
					t.Error("Ägypten is not between Afghanistan and Albanien")
				}
				if !(in("Oman") < in("Österreich") && in("Österreich") < in("Pakistan")) {
					t.Error("Österreich is not between Oman and Pakistan")
				}
				if names[len(names)-1] != "Zypern" {
					t.Errorf("the menu ends with %q, want Zypern", names[len(names)-1])
				}
			case "fr":
				if !(in("Dominique") < in("Égypte") && in("Égypte") < in("Espagne")) {
					t.Error("Égypte is not between Dominique and Espagne")
				}
				if !(in("Estonie") < in("États-Unis") && in("États-Unis") < in("Éthiopie") && in("Éthiopie") < in("Fidji")) {
					t.Error("États-Unis is not with the E's")
				}
				if names[len(names)-1] != "Zimbabwe" {
					t.Errorf("the menu ends with %q, want Zimbabwe", names[len(names)-1])
				}
			}
		})
	}
}

func symmetricDifference(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, "+"+s)
		}
	}
	for _, s := range b {
		if !slices.Contains(a, s) {
			out = append(out, "-"+s)
		}
	}
	return out
}

// TestDeprecatedCountryCodeIsRefused: a code that is no longer a country
// (Yugoslavia) or never was one gets the country field's normal error,
// even posted by hand. "UK", which people use for Britain, is read as GB
// (models.countryAliases).
func TestDeprecatedCountryCodeIsRefused(t *testing.T) {
	a := newTestApp(t)
	b := a.browser()
	b.get("/submit")
	for _, code := range []string{"EU", "YU", "ZZ"} {
		form := validSubmission("Harbour Mentors")
		form.Set("loc0_country", code)
		res, body := b.post("/submit", form)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", code, res.StatusCode)
			continue
		}
		contains(t, body, `href="#f-loc0_country">Location 1, Country: Choose a country from the list.</a>`,
			`<p class="field-error" id="f-loc0_country-error"><span class="visually-hidden">Error: </span>Choose a country from the list.</p>`,
			`aria-describedby="f-loc0_country-help f-loc0_country-error" aria-invalid="true"`)
	}
	if items, _, err := a.store.Queue(t.Context(), models.QueueFilter{}); err != nil || len(items) != 0 {
		t.Errorf("a submission with a deprecated country was stored: %d (%v)", len(items), err)
	}
	form := validSubmission("Harbour Mentors")
	form.Set("loc0_country", "UK")
	if res, _ := b.post("/submit", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("UK: %d", res.StatusCode)
	}
	items, _, err := a.store.Queue(t.Context(), models.QueueFilter{})
	if err != nil || len(items) != 1 {
		t.Fatalf("queue: %d %v", len(items), err)
	}
	if sub, err := a.store.SubmissionByID(t.Context(), items[0].ID); err != nil || sub.Draft.Locations[0].Country != "GB" {
		t.Errorf("UK stored as %+v (%v)", sub.Draft.Locations, err)
	}
}

// TestOtherLanguagesErrorIsOnItsField: a bad code typed in "Other
// languages" marks that text field, not the group of boxes above it.
func TestOtherLanguagesErrorIsOnItsField(t *testing.T) {
	a := newTestApp(t)
	b := a.browser()
	b.get("/submit")
	form := validSubmission("Harbour Mentors")
	form.Set("languages_other", "zz9, qq")
	res, body := b.post("/submit", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", res.StatusCode)
	}
	contains(t, body,
		`<a href="#f-languages_other">Other languages (ISO codes, separated by commas): Use two-letter language codes such as en, fr or ar.</a>`,
		`<p class="field-error" id="f-languages_other-error"><span class="visually-hidden">Error: </span>Use two-letter language codes such as en, fr or ar.</p>`,
		`value="zz9, qq" maxlength="200" aria-describedby="f-languages-help f-languages_other-error" aria-invalid="true">`)
	if strings.Contains(body, `href="#f-languages"`) || strings.Contains(body, `id="f-languages-error"`) {
		t.Error("the error is also put on the boxes")
	}

	// A code that has a box, typed, comes back ticked in its box and not
	// typed as well; the others stay typed.
	form = validSubmission("Harbour Mentors")
	form.Set("languages_other", "FR, zz9")
	_, body = b.post("/submit", form)
	contains(t, body, `id="f-languages-fr" checked>`, `value="zz9" maxlength="200"`)

	// A box that is not a language (posted by hand) is the group's error.
	form = validSubmission("Harbour Mentors")
	form.Add("languages", "x1")
	_, body = b.post("/submit", form)
	contains(t, body, `<a href="#f-languages">Languages: Use two-letter language codes`, `id="f-languages-error"`)
	if strings.Contains(body, `f-languages_other-error`) {
		t.Error("a box's error is put on the text field")
	}
}

// TestLocationFieldLabels: a location field's label joins the location
// and the field with the language's separator (Arabic's comma in Arabic),
// whatever the location's number.
func TestLocationFieldLabels(t *testing.T) {
	a := newTestApp(t)
	h, err := newHandler(t.Context(), a.store, a.log(), Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ lang, id, want string }{
		{"en", "loc0_country", "Location 1, Country"},
		{"ar", "loc0_country", "الموقع 1، البلد"},
		{"en", "loc10_city", "Location 11, City"},
		{"en", "name", "Name of the program"},
	} {
		if got := fieldLabel(h.catalog.Localizer(c.lang), c.id); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.lang, c.id, got, c.want)
		}
	}
}

// TestFormErrorsInTheLanguagesTypography: a French form's errors read
// "Nom du programme : …" in the summary and "Erreur : …" beside the
// field (a no-break space before the colon), on the program form and the
// problem report, as the filter chips do; English keeps "Name: …".
func TestFormErrorsInTheLanguagesTypography(t *testing.T) {
	a := newFixtureApp(t)
	b := a.browser()
	b.get("/submit?lang=fr")
	form := validSubmission("")
	_, body := b.post("/submit", form)
	contains(t, body, `href="#f-name">Nom du programme`+"\u00a0: "+`Ce champ est obligatoire.</a>`,
		`<p class="field-error" id="f-name-error"><span class="visually-hidden">Erreur`+"\u00a0: "+`</span>Ce champ est obligatoire.</p>`)
	b.get("/programs/education-first/report")
	_, body = b.post("/programs/education-first/report", url.Values{"report_text": {""}})
	// The report's field is a question: no colon after its question mark
	// ("Quel est le problème ? Ce champ…", not "problème ? : Ce champ…").
	contains(t, body, "? Ce champ est obligatoire.</a>", `<span class="visually-hidden">Erreur`+"\u00a0: </span>")
	b.get("/submit?lang=en")
	_, body = b.post("/submit", form)
	contains(t, body, `href="#f-name">Name of the program: This is required.</a>`,
		`<p class="field-error" id="f-name-error"><span class="visually-hidden">Error: </span>This is required.</p>`)
}

// TestValidationLimitsInTheLanguagesNumbers: a limit in an error message
// is written as the page's language writes numbers ("10 000" in French,
// "10.000" in German), as counts are; it read "10000" in every language.
func TestValidationLimitsInTheLanguagesNumbers(t *testing.T) {
	a := newTestApp(t)
	cat, err := NewCatalog(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "fr", "de", "nl", "ar"} {
		b := a.browser()
		b.get("/submit?lang=" + lang)
		form := validSubmission("Harbour Mentors")
		form.Set("description", strings.Repeat("a", 10001))
		res, body := b.post("/submit", form)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%s: %d", lang, res.StatusCode)
		}
		l := cat.Localizer(lang)
		want := l.T("validation.max_length", "Param", 10000)
		if !strings.Contains(want, l.Number(10000)) || (lang != "en" && lang != "ar" && strings.Contains(want, "10000")) {
			t.Errorf("%s: the limit is not written as a number of the language: %q", lang, want)
		}
		contains(t, body, `id="f-description-error"><span class="visually-hidden">`+htmlEscape(l.T("form.error"))+` </span>`+htmlEscape(want)+`</p>`)
	}
	// The plural form still follows the number.
	if got := cat.Localizer("en").T("validation.min_items", "Param", 1); got != "Choose at least 1 option." {
		t.Errorf("min_items: %q", got)
	}
}
