package models

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"
)

// German and Dutch write a compound closed: "Elternberatung" (parents'
// counselling), "Ausstiegsberatung", "Lehrerfortbildung", "oudergroep",
// "Ausstiegsprogramm". A listing says "Beratung für Eltern", or writes
// another compound of the same words, and a search for one it never
// writes found nothing (an audit of search in German and Dutch); the
// suggestion offered its two words, to be clicked.
//
// In a German or Dutch search, a word of two words or more that finds
// nothing is now read as its two words (compoundParts): "Elternberatung"
// is searched as "Eltern Beratung", and what the two do not find
// together is left out and said, as for any words (mostWords). The
// first word may end in a linking s, es, en, n or e (compoundLinks). A
// last word that says nothing in a directory ("…programm", "…project":
// directoryWords) is left out, as it is typed apart: "Ausstiegsprogramm"
// is "Ausstieg". Whether a word finds programs is an existence query,
// cached until the next write, as for words typed apart (withJoins): a
// word of n letters asks about its n-7 endings at most twice (as words,
// as beginnings), and about a beginning only beside an ending that finds
// programs, or, the third time, beside any ending, when the beginning
// names a theme or an audience.

// minSplitRunes is the least length of each word of a compound read
// apart, and minPrefixSplitRunes of each when they are beginnings.
const (
	minSplitRunes       = 4
	minPrefixSplitRunes = 5
)

// maxExistenceQueries bounds the existence queries one search asks to
// read its words joined (withJoins) and apart (each cached until the
// next write): a word of thirty letters that is no compound asks about
// 46 of its endings and beginnings, twelve such words ten times as many.
const maxExistenceQueries = 64

// splitLanguages are the searches whose words are read apart.
var splitLanguages = map[string]bool{"de": true, "nl": true}

// withSplits reads apart the compounds of p's words that find nothing
// (see above), with what is left of budget.
func (s *Store) withSplits(tx *gorm.DB, version int64, p *SearchParams, budget *int) error {
	if !p.inLang || !splitLanguages[AnalysisLanguage(p.lang)] {
		return nil
	}
	var out []queryTerm
	changed := false
	for _, t := range p.terms {
		parts := []queryTerm{t}
		if splittable(t) && *budget > 0 {
			ok, err := s.finds(tx, version, t)
			if err != nil {
				return err
			}
			*budget--
			if !ok {
				split, err := s.compoundParts(tx, version, p, t, budget)
				if err != nil {
					return err
				}
				if split != nil {
					parts, changed = split, true
				}
			}
		}
		out = append(out, parts...)
	}
	if changed {
		p.terms = out
	}
	return nil
}

// splittable: a word of Latin letters long enough to be two words.
func splittable(t queryTerm) bool {
	return utf8.RuneCountInString(t.Orig) >= 2*minSplitRunes && !strings.ContainsFunc(t.Orig, func(r rune) bool {
		return !unicode.IsLetter(r) || unicode.Is(unicode.Arabic, r)
	})
}

// compoundParts are the terms of t read as two words, or as its first
// word when the second is a directory word; nil when it is neither.
// The ways of reading it, best first:
//
//  0. two words that each find programs as words;
//  1. as the beginnings of words ("Demokratiebildung": the listings
//     write "Demokratiewerkstatt"; "Radikalisierungsprävention": the
//     label "Präventionsnetzwerke"), each of minPrefixSplitRunes or more;
//  2. a word that names a theme, an audience, a place or a language,
//     and another that finds nothing, which the search then leaves out
//     and names ("Elternabend": the programs for parents, without
//     "abend").
func (s *Store) compoundParts(tx *gorm.DB, version int64, p *SearchParams, t queryTerm, budget *int) ([]queryTerm, error) {
	r := []rune(t.Orig)
	typed := []rune(t.Typed)
	if len(typed) != len(r) {
		typed = r
	}
	term := func(w, shown string, prefix bool) queryTerm {
		q := newQueryTerm(w, shown, prefix, prefix && utf8.RuneCountInString(w) >= minPrefixSplitRunes)
		return p.analysed([]queryTerm{q})[0]
	}
	labelled := func(t queryTerm) bool { return slices.ContainsFunc(t.tokens(), isLabelToken) }
	for way := 0; way < 3; way++ {
		for k := minSplitRunes; k <= len(r)-minSplitRunes; k++ {
			// The longest ending first; the third time the longest
			// beginning, which names the theme or audience ("Eltern", not
			// "Elte", whose stem is the same, and "rnabend").
			i := k
			if way == 2 {
				i = len(r) - k
			}
			right := term(string(r[i:]), string(typed[i:]), way == 1)
			directory := directoryWords()[right.Word]
			if way == 1 && !right.Prefix || way == 2 && directory || stopWords[right.Word] {
				continue
			}
			rightFound := directory
			if !directory {
				if *budget--; *budget < 0 {
					return nil, nil
				}
				ok, err := s.finds(tx, version, right)
				if err != nil {
					return nil, err
				}
				rightFound = ok
			}
			if !rightFound && way < 2 {
				continue
			}
			for _, left := range splitBeginnings(r[:i], typed[:i]) {
				l := term(left[0], left[1], way == 1)
				if way == 1 && !l.Prefix || stopWords[l.Word] {
					continue
				}
				if *budget--; *budget < 0 {
					return nil, nil
				}
				ok, err := s.finds(tx, version, l)
				if err != nil {
					return nil, err
				}
				switch {
				case way == 2 && (ok && labelled(l) || rightFound && labelled(right)):
					return []queryTerm{l, right}, nil
				case way == 2 || !ok:
					continue
				case directory:
					return []queryTerm{l}, nil
				}
				return []queryTerm{l, right}, nil
			}
		}
	}
	return nil, nil
}

// splitBeginnings are the ways the first word of a compound may be
// written alone, each as searched and as typed: without a linking s
// ("Ausstiegs": "Ausstieg"), as in the compound ("Eltern"), without
// another linking ending ("Familien": "Familie").
func splitBeginnings(r, typed []rune) [][2]string {
	var out [][2]string
	w := string(r)
	cut := func(link string) {
		if base, ok := strings.CutSuffix(w, link); ok && utf8.RuneCountInString(base) >= minSplitRunes {
			n := utf8.RuneCountInString(base)
			out = append(out, [2]string{base, string(typed[:n])})
		}
	}
	cut("s")
	out = append(out, [2]string{w, string(typed)})
	for _, link := range compoundLinks {
		if link != "s" {
			cut(link)
		}
	}
	return out
}
