package models

import (
	"slices"
	"strings"
)

// countryCodes are the officially assigned ISO 3166-1 alpha-2 codes, in
// alphabetical order: the 249 the ISO 3166 Maintenance Agency lists as
// "officially assigned" (ISO Online Browsing Platform,
// https://www.iso.org/obp/ui/#search/code/; the same list as iso_3166-1.json
// of Debian's iso-codes 4.15.0). x/text's region table is not used for
// this: it also accepts deprecated codes (DD, UK, YU, ZR…), reserved ones
// (EU, EZ, UN, AC…) and user-assigned ones, which put a country in the
// list twice or offer what is not a country. One user-assigned code is
// kept: XK for Kosovo, which ISO does not list and the European Union and
// CLDR do; a program there must be able to say where it is.
var countryCodes = [...]string{
	"AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
	"BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY", "BZ",
	"CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ",
	"DE", "DJ", "DK", "DM", "DO", "DZ",
	"EC", "EE", "EG", "EH", "ER", "ES", "ET",
	"FI", "FJ", "FK", "FM", "FO", "FR",
	"GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY",
	"HK", "HM", "HN", "HR", "HT", "HU",
	"ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT",
	"JE", "JM", "JO", "JP",
	"KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ",
	"LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY",
	"MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ",
	"NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ",
	"OM",
	"PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY",
	"QA",
	"RE", "RO", "RS", "RU", "RW",
	"SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ",
	"TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ",
	"UA", "UG", "UM", "US", "UY", "UZ",
	"VA", "VC", "VE", "VG", "VI", "VN", "VU",
	"WF", "WS",
	"XK", // Kosovo: user-assigned, not ISO's, but the code the European Commission, CLDR and most directories use
	"YE", "YT",
	"ZA", "ZM", "ZW",
}

// CountryCodes returns the ISO 3166-1 alpha-2 country codes, in
// alphabetical order.
func CountryCodes() []string { return slices.Clone(countryCodes[:]) }

// countryAliases are codes people use, or the old country list offered,
// for a country that ISO 3166-1 names otherwise: the United Kingdom's
// "UK" (reserved by ISO for it), Greece's "EL" (the European Union's),
// and codes for a part or a former state of a country the old list showed
// under that country's name: East Germany (DD, shown as a second
// "Germany"), metropolitan France (FX), the Canary Islands (IC), Ceuta and
// Melilla (EA). A draft's location and a filter take the ISO code;
// migration 00026 changed the rows stored before.
var countryAliases = map[string]string{"UK": "GB", "EL": "GR", "DD": "DE", "FX": "FR", "IC": "ES", "EA": "ES"}

// ValidCountry reports whether code is an officially assigned ISO 3166-1
// alpha-2 country code, in capitals.
func ValidCountry(code string) bool {
	_, found := slices.BinarySearch(countryCodes[:], code)
	return found
}

// canonCountry reads a country filter's value: any case, "UK" and "EL" as
// the ISO codes they stand for.
func canonCountry(s string) (string, bool) {
	s = strings.ToUpper(s)
	if iso, ok := countryAliases[s]; ok {
		s = iso
	}
	return s, ValidCountry(s)
}

// countryNamesNow are the names countries took after the CLDR data that
// golang.org/x/text carries, which still says "Swaziland", "Macedonia"
// and, in English, "Turkey": Eswatini (2018), North Macedonia (2019) and
// Türkiye (2022, in English; the other languages kept theirs), as the
// United Nations, the European Union and CLDR since write them. A page
// shows these; a search understands them and the old names.
var countryNamesNow = map[string]map[string]string{
	"SZ": {"en": "Eswatini", "fr": "Eswatini", "nl": "Eswatini", "de": "Eswatini", "ar": "إسواتيني"},
	"MK": {"en": "North Macedonia", "fr": "Macédoine du Nord", "nl": "Noord-Macedonië", "de": "Nordmazedonien",
		"ar": "مقدونيا الشمالية"},
	"TR": {"en": "Türkiye"},
}

// CountryNameNow is the country's name in lang when it changed after
// x/text's CLDR data (countryNamesNow), else "".
func CountryNameNow(code, lang string) string { return countryNamesNow[code][lang] }

// languageNamesNow are languages x/text names wrong: it reads "no"
// (Norwegian) as "nb" and names it "Norwegian Bokmål", one of its two
// written forms, where a program offered "in Norwegian" means either.
var languageNamesNow = map[string]map[string]string{
	"no": {"en": "Norwegian", "fr": "norvégien", "nl": "Noors", "de": "Norwegisch", "ar": "النرويجية"},
}

// LanguageNameNow is the language's name in lang where x/text's is
// wrong (languageNamesNow), else "".
func LanguageNameNow(code, lang string) string { return languageNamesNow[code][lang] }
