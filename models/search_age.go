package models

import (
	"regexp"
	"strconv"
	"strings"
)

// An age typed among the words of a search ("16 year old", "aged 14",
// "12 ans", "15 jaar", "16-Jährige", "١٦ سنة") is what the age filter
// does: searched as words, "16 year old" found the programs whose text
// says "16" and "older" and missed those for ages 11 to 17 (an audit).
var agePhrases = []*regexp.Regexp{
	regexp.MustCompile(`(?i)\b(\d{1,3})[\s-]*(?:years?|yrs?)[\s-]*olds?\b`), // not "10 years of work"
	regexp.MustCompile(`(?i)\baged?\s+(\d{1,3})(?:\s*(?:years?|yrs?))?\b`),
	regexp.MustCompile(`(?i)\b(?:âgée?s?\s+de\s+)?(\d{1,3})\s*ans\b`),
	regexp.MustCompile(`(?i)\b(\d{1,3})[\s-]*jarigen?\b`),
	regexp.MustCompile(`(?i)\b(\d{1,3})\s*jaar(?:\s+oud)?\b`),
	regexp.MustCompile(`(?i)\b(\d{1,3})[\s-]*jährigen?\b`),
	regexp.MustCompile(`(?i)\b(\d{1,3})\s*jahre?n?(?:\s+alt)?\b`),
	regexp.MustCompile(`(\d{1,3})\s*(?:سنة|سنوات|عامًا|عاما|عام)`),
}

var arabicDigits = strings.NewReplacer("٠", "0", "١", "1", "٢", "2", "٣", "3", "٤", "4", "٥", "5", "٦", "6", "٧", "7", "٨", "8", "٩", "9")

// AgeInQuery finds an age typed among a query's words: the age, the words
// that said it, and the query without them.
func AgeInQuery(q string) (age int, phrase, rest string, ok bool) {
	if !strings.ContainsAny(q, "0123456789٠١٢٣٤٥٦٧٨٩") { // most searches: no regular expression run
		return 0, "", q, false
	}
	q = arabicDigits.Replace(q)
	for _, re := range agePhrases {
		m := re.FindStringSubmatchIndex(q)
		if m == nil {
			continue
		}
		n, err := strconv.Atoi(q[m[2]:m[3]])
		if err != nil || n > 120 {
			continue
		}
		before, after := strings.Fields(q[:m[0]]), strings.Fields(q[m[1]:])
		// The little words around the age went with it ("pour 16 ans",
		// "jeunes de 16 ans", "mentoring for a 16 year old"), and so does
		// the lower end of a range ("de 12 à 15 ans", "tussen 12 en 18
		// jaar", "14- bis 18-Jährige"): left, "pour" alone was searched
		// (a query of little words keeps them), "12" required.
		for len(before) > 0 && (ageLittleWord(before[len(before)-1]) || bareNumber(before[len(before)-1])) {
			before = before[:len(before)-1]
		}
		for len(after) > 0 && ageLittleWord(after[0]) {
			after = after[1:]
		}
		rest = strings.Join(append(before, after...), " ")
		return n, strings.TrimSpace(q[m[0]:m[1]]), rest, true
	}
	return 0, "", q, false
}

// ageLittleWord: a function word of the directory's languages (stopWords),
// punctuation aside.
func ageLittleWord(w string) bool {
	f := foldWord(strings.TrimFunc(w, func(r rune) bool { return !isWordRune(r) }))
	return f == "" || stopWords[f]
}

// bareNumber: digits, and the hyphen of "14- bis 18".
func bareNumber(w string) bool {
	w = strings.TrimRight(w, "-–")
	return w != "" && strings.Trim(w, "0123456789") == ""
}
