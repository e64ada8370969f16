package models

import (
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Cities have a name in each language: a social worker in Ghent types
// "Gent", a French-speaking one "Gand", an Arabic-speaking one "غنت", and
// the listing says whichever its organisation wrote. A query word that
// is one of a city's names also asks for its other names (withLabels,
// through placeAlts), so each finds the others' listings; the index is
// unchanged. Each name is one word, as the analyser folds it, once
// function words are left out ("Den Haag" is "haag"); names of several
// words ("Aix-la-Chapelle") are not listed, since each of their words
// alone would find the city. The cities are those of the countries the
// directory serves, with the names their neighbours and the five
// languages of the interface give them — but no name that is also a
// word people search for: not "Roma" or "Rom" for Rome (the Roma, a
// people this directory's programs work with), "Namen" for Namur
// (German "names"), "Löwen" for Leuven (German "lions"), "Bergen" for
// Mons or "Monaco" for Munich (other places).
var cityNames = [][]string{
	// Belgium
	{"Brussels", "Bruxelles", "Brussel", "Brüssel", "Bruselas", "Bruxelas", "Bruksela", "بروكسل"},
	{"Antwerp", "Antwerpen", "Anvers", "Amberes", "أنتويرب"},
	{"Ghent", "Gent", "Gand", "غنت"},
	{"Liège", "Luik", "Lüttich", "Lieja", "لييج"},
	{"Bruges", "Brugge", "Brügge", "Brujas", "بروج"},
	{"Leuven", "Louvain", "لوفان"},
	{"Mechelen", "Malines", "Mecheln"},
	{"Kortrijk", "Courtrai"},
	{"Tournai", "Doornik"},
	// The Netherlands
	{"Hague", "Haag", "Haye", "Gravenhage", "لاهاي"},
	{"Amsterdam", "أمستردام"},
	{"Rotterdam", "روتردام"},
	{"Utrecht", "أوتريخت"},
	// Germany, Austria, Switzerland
	{"Cologne", "Köln", "Keulen", "Colonia", "كولونيا"},
	{"Munich", "München", "Munchen", "ميونخ"},
	{"Aachen", "Aken"},
	{"Frankfurt", "Francfort", "فرانكفورت"},
	{"Berlin", "برلين"},
	{"Hamburg", "Hambourg", "Hamburgo", "هامبورغ"},
	{"Nuremberg", "Nürnberg", "Neurenberg"},
	{"Vienna", "Wien", "Vienne", "Wenen", "Viena", "فيينا"},
	{"Geneva", "Genève", "Genf", "Ginebra", "جنيف"},
	{"Zurich", "Zürich", "زيورخ"},
	{"Basel", "Bâle", "Bazel", "Basilea", "بازل"},
	// France
	{"Paris", "Parijs", "باريس"},
	{"Lyon", "Lyons", "ليون"},
	{"Marseille", "Marseilles", "Marsella", "مرسيليا"},
	{"Strasbourg", "Straßburg", "Straatsburg", "ستراسبورغ"},
	{"Lille", "Rijsel"}, // not "ليل": Arabic "night" ("ليل نهار", night and day)
	{"Dunkirk", "Dunkerque", "Duinkerke", "Dünkirchen"},
	// Luxembourg, the United Kingdom, Ireland
	{"Luxembourg", "Luxemburg", "لوكسمبورغ"},
	{"London", "Londres", "Londen", "لندن"},
	{"Edinburgh", "Édimbourg", "Edimburgo"},
	{"Dublin", "دبلن"},
	// Elsewhere in Europe
	{"Copenhagen", "København", "Copenhague", "Kopenhagen", "كوبنهاغن"},
	{"Stockholm", "ستوكهولم"},
	{"Rome", "روما"},
	{"Milan", "Milano", "Mailand", "ميلانو"},
	{"Madrid", "مدريد"},
	{"Barcelona", "Barcelone", "برشلونة"},
	{"Lisbon", "Lisbonne", "Lissabon", "Lisboa", "لشبونة"},
	{"Warsaw", "Varsovie", "Warschau", "وارسو"},
	{"Prague", "Praag", "Prag", "براغ"},
	{"Athens", "Athènes", "Athen", "Athene", "أثينا"},
}

var (
	placeAltsOnce sync.Once
	placeAltsMap  map[string][]string
)

// placeAlts returns, for a query word as the analyser folds it, the
// other names of the city it names; nil for any other word.
func placeAlts(word string) []string {
	placeAltsOnce.Do(func() {
		placeAltsMap = map[string][]string{}
		for _, names := range cityNames {
			var words []string
			for _, n := range names {
				if w := placeWord(n); w != "" && !containsString(words, w) {
					words = append(words, w)
				}
			}
			for _, w := range words {
				for _, o := range words {
					if o != w {
						placeAltsMap[w] = append(placeAltsMap[w], o)
					}
				}
			}
		}
	})
	return placeAltsMap[word]
}

// placeWord is the one word a city's name is searched by: its folded
// words without the function words; "" if that is not exactly one.
func placeWord(name string) string {
	if ws := placeWords(name); len(ws) == 1 {
		return ws[0]
	}
	return ""
}

// placeWords are the folded words of a place's name, without the
// function words.
func placeWords(name string) []string {
	var out []string
	for _, w := range splitWords(name) {
		f := foldWord(w)
		if f == "" || stopWords[f] || len([]rune(f)) < 2 {
			continue
		}
		out = append(out, f)
	}
	return out
}

// withLongCountryNames gives the words of a country's name of several
// words, when the query has them all, that country's token.
func withLongCountryNames(terms []queryTerm) {
	if len(terms) < 2 {
		return
	}
	countryTokens("") // the names, once
	has := map[string]bool{}
	for _, t := range terms {
		for _, form := range t.forms() {
			for _, n := range placeNames(form) {
				has[n] = true
			}
		}
	}
	for _, c := range countryLongNames {
		if !allIn(c.words, has) {
			continue
		}
		for i, t := range terms {
			for _, form := range t.forms() {
				for _, n := range placeNames(form) {
					if containsString(c.words, n) && !containsString(terms[i].Alts, c.token) {
						terms[i].Alts = append(terms[i].Alts, c.token)
					}
				}
			}
		}
	}
}

func allIn(words []string, has map[string]bool) bool {
	for _, w := range words {
		if !has[w] {
			return false
		}
	}
	return true
}

// countryToken is the index token of a country where a program has a
// location ("1countrybe"), written into its document (buildSearchDoc).
func countryToken(code string) string { return "1country" + strings.ToLower(code) }

// notCountryNames are country names that are also words people search
// for: French "réunion" (a meeting), "grenade", "bénin" (benign) and
// "italien" (Italian), German "Island" (Iceland; English "island"),
// "Polen" (Poles), English first names and words, French first names,
// Arabic "مالي" (financial), "بنين" (boys), "عمان" (Amman).
var notCountryNames = map[string]bool{"reunion": true, "grenade": true, "island": true, "dominique": true, "maurice": true,
	"benin": true, "italien": true, "polen": true, "chad": true, "jersey": true, "turkey": true,
	// Arabic: financial (Mali), boys (Benin), Amman (Oman)
	"مالي": true, "بنين": true, "عمان": true}

// countryOtherNames are names people use for a country that are not its
// CLDR name in the interface's languages: "UK", "Britain", the nations of
// the United Kingdom (a practitioner in Leeds types "England"), "Holland".
// Each finds the programs with a location in that country, as its name
// does; one of several words when the query has them all ("Northern
// Ireland" is the United Kingdom, not Ireland).
var countryOtherNames = map[string][]string{
	"GB": {"UK", "Britain", "Great Britain", "England", "Scotland", "Wales", "Northern Ireland",
		"Grande-Bretagne", "Angleterre", "Écosse", "Pays de Galles", "Irlande du Nord",
		"Groot-Brittannië", "Engeland", "Schotland", "Noord-Ierland",
		"Großbritannien", "Schottland", "Nordirland",
		"بريطانيا", "إنجلترا", "اسكتلندا", "ويلز"},
	"NL": {"Holland"},
	"US": {"USA"},
	"AE": {"UAE"},
}

var (
	countryTokensOnce sync.Once
	countryTokensMap  map[string][]string
	countryWordsMap   = map[string][]string{} // a country's name → its other names (countryWords)
	// countryLongNames are the names of several words ("Pays-Bas",
	// "United Kingdom"), found when a query has all their words.
	countryLongNames []countryLongName
)

type countryLongName struct {
	words []string
	token string
}

// countryTokens returns, for a query word as the analyser folds it that
// names a country in one of the interface's languages ("belgique",
// "duitsland", "سوريا"), the token of that country; nil for any other
// word. Names of several words ("United Kingdom") are not searched this
// way: each of their words alone would name it; but one written with
// hyphens is also found closed ("paysbas").
func countryTokens(word string) []string {
	countryTokensOnce.Do(func() {
		countryTokensMap = map[string][]string{}
		var namers []display.Namer
		for _, lang := range interfaceLanguages {
			namers = append(namers, display.Regions(lang))
		}
		for _, code := range CountryCodes() {
			r := language.MustParseRegion(code)
			tok := countryToken(code)
			var words []string // its names of one word
			names := slices.Clone(countryOtherNames[code])
			for _, lang := range interfaceLanguages {
				if n := countryNamesNow[code][lang.String()]; n != "" {
					names = append(names, n)
				}
			}
			for _, n := range namers {
				names = append(names, n.Name(r))
			}
			for _, name := range names {
				switch ws := placeWords(name); {
				case len(ws) > 1:
					countryLongNames = append(countryLongNames, countryLongName{ws, tok})
					// A name that is one compound is also one word, as a
					// search reads it typed with its hyphens ("Pays-Bas":
					// "paysbas", withJoins).
					compounds(name, func(first, last int, c string) {
						if first == 0 && last == len(splitWords(name))-1 {
							addToken(countryTokensMap, foldWord(c), tok)
						}
					})
				case len(ws) == 1 && !notCountryNames[ws[0]]:
					addToken(countryTokensMap, ws[0], tok)
					if !slices.Contains(words, ws[0]) {
						words = append(words, ws[0])
					}
				}
			}
			for _, w := range words {
				for _, o := range words {
					if o != w {
						addToken(countryWordsMap, w, o)
					}
				}
			}
		}
	})
	return countryTokensMap[word]
}

// countryWords returns, for a query word that names a country, its other
// names of one word, as the analyser folds them: a listing says where
// its people come from or went ("children who have returned from
// Syria"), in its own language, and "enfants revenus de Syrie",
// "العائدون من سوريا" found nothing and were corrected to "Syria" (an
// audit in four languages). A city's other names are found so too
// (placeAlts).
func countryWords(word string) []string {
	countryTokens("") // the names, once
	return countryWordsMap[word]
}

// interfaceLanguages are the languages of the interface, whose names for
// countries and languages a search understands.
var interfaceLanguages = []language.Tag{language.English, language.French, language.Dutch, language.German, language.Arabic}

// addToken maps word to tok as well, once.
func addToken(m map[string][]string, word, tok string) {
	if !slices.Contains(m[word], tok) {
		m[word] = append(m[word], tok)
	}
}

// languageToken is the index token of a language a program is offered in
// ("1languagear"), written into its document (buildSearchDoc).
func languageToken(code string) string { return "1language" + code }

// notLanguageNames are languages' names that are also words people
// search for: English "ewe" (a sheep); and English itself, in every
// language of the interface: most programs are offered in English, and
// "English lessons", "cours d'anglais" mean the subject, not the
// language of the program.
var notLanguageNames = map[string]bool{"ewe": true,
	// Dutch "fries" (Frisian; English fries), "lets" (Latvian), "waals"
	// (Walloon), French "cree" (créé, folded), "corse", "wallon", "breton"
	// (also people and places), English "afar", "ido".
	"fries": true, "lets": true, "waals": true, "cree": true, "corse": true, "wallon": true, "breton": true,
	"afar": true, "ido": true}

// languageOtherNames are names people use for a language that are not its
// CLDR name of one word: Norwegian (CLDR: "Norwegian Bokmål", two words),
// Farsi, and French adjectives in the feminine ("langue turque").
var languageOtherNames = map[string][]string{
	"no": {"Norwegian", "norvégien", "norvégienne", "Noors", "Norwegisch"},
	"fa": {"Farsi"},
	"fy": {"Frisian"},
	"tr": {"turque", "turcophone", "turcophones"}, "de": {"allemande", "germanophone", "germanophones"},
	"es": {"espagnole", "hispanophone", "hispanophones"}, "it": {"italienne", "italophone", "italophones"},
	"pt": {"portugaise", "lusophone", "lusophones"}, "zh": {"chinoise"}, "ro": {"roumaine"}, "uk": {"ukrainienne"},
	"sq": {"albanaise"}, "ru": {"russophone", "russophones"},
	"nl": {"néerlandaise", "néerlandophone", "néerlandophones"},
	"fr": {"française", "francophone", "francophones"},
	// A program "pour les familles arabophones", "بالعربي": from an audit
	// in French, Dutch, German and Arabic.
	"ar": {"arabophone", "arabophones", "عربي", "العربي"},
}

// languageSpeaking are the endings that make a language's name say its
// speakers in Dutch and German: "Arabischtalig", "Franstalige",
// "arabischsprachig", "türkischsprachige Familien" found nothing (the
// audit in four languages).
var languageSpeaking = []string{"talige", "talig", "sprachigen", "sprachige", "sprachig"}

var (
	languageTokensOnce sync.Once
	languageTokensMap  map[string][]string
)

// languageTokens returns, for a query word as the analyser folds it that
// names a language in one of the interface's languages or in itself
// ("arabic", "arabe", "arabisch", "العربية", "türkçe"), the token of that
// language; nil for any other word. "Arabic" found 7 of the demo's 31
// programs offered in Arabic: only those whose text said so.
func languageTokens(word string) []string {
	languageTokensOnce.Do(func() {
		languageTokensMap = map[string][]string{}
		eachLanguageName(func(code, name, _ string) {
			if w := placeWord(name); w != "" && !notLanguageNames[w] {
				addToken(languageTokensMap, w, languageToken(code))
			}
		})
	})
	if toks, ok := languageTokensMap[word]; ok {
		return toks
	}
	for _, end := range languageSpeaking {
		if name, ok := strings.CutSuffix(word, end); ok {
			return languageTokensMap[name]
		}
	}
	return nil
}

// eachLanguageName calls fn with every name of every language code but
// English's ("en" is a word): its own name, its other names, then its
// name in each interface language, with that language (in is "" for the
// first two).
func eachLanguageName(fn func(code, name, in string)) {
	var namers []display.Namer
	for _, lang := range interfaceLanguages {
		namers = append(namers, display.Languages(lang))
	}
	for a := 'a'; a <= 'z'; a++ {
		for b := 'a'; b <= 'z'; b++ {
			code := string([]rune{a, b})
			if !ValidLanguage(code) || code == "en" {
				continue
			}
			fn(code, display.Self.Name(language.Make(code)), "")
			for _, n := range languageOtherNames[code] {
				fn(code, n, "")
			}
			base := language.MustParseBase(code)
			for i, n := range namers {
				fn(code, n.Name(base), interfaceLanguages[i].String())
			}
		}
	}
}
