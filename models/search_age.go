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
		rest = strings.Join(strings.Fields(q[:m[0]]+" "+q[m[1]:]), " ")
		return n, strings.TrimSpace(q[m[0]:m[1]]), rest, true
	}
	return 0, "", q, false
}
