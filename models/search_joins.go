package models

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"
)

// A word is written closed, with a hyphen or in two: "deradicalisation",
// "de-radicalisation"; "helpline", "help line"; "Antigewalttraining",
// "Anti-Gewalt-Training". The index holds a hyphenated compound's words
// and the compound closed (analyzeText), so a search finds a listing
// whichever way the listing writes it, if the search reads the words as
// the listing does:
//
//   - a compound typed with hyphens is read as the word closed, when that
//     finds programs: "de-radicalisation" finds what "deradicalisation"
//     finds, no more. Read as its words, French "de" was left out as a
//     function word and "de-radicalisation" found every listing about
//     radicalisation, "after-school" every school and "e-learning" every
//     listing with an e-mail address and "learning"; when the closed word
//     finds nothing, its words are what is left to search. A compound
//     whose words are linked by a function word between them
//     ("peer-to-peer", "face-to-face", "prise-en-charge") is read as its
//     words or the word closed, as words typed apart are (below): its
//     words are words of their own, and read closed only, "peer-to-peer"
//     no longer found "Peer support" once a listing wrote "peertopeer";
//   - two words typed apart ("help line", "home work") also match the word
//     they make together, when that finds programs: each of the two takes
//     its tokens as an alternative, so the search finds (help AND line) OR
//     helpline. The words still find what they found: "social work" is
//     never "socialwork" only, however many listings write that.
//
// Whether a joined word finds programs is one existence query (LIMIT 1),
// cached with the search version like the text matches: a word the index
// has no list for costs a look-up, however large the directory. Words
// typed apart are joined in pairs: "peer to peer" is not "peertopeer".
// A pair may have one function word, the other word being none ("after
// school": "afterschool", "on line": "online", "drop in": "dropin"), if
// it is not a short one before the word, which makes another word ("in
// tolerance", "the rapist": leadsACompound):
// the function word is not searched, so the other word takes the joined
// word as its alternative and the search finds school OR afterschool,
// never fewer programs than before. Two function words are not joined.
// A search asks at most maxExistenceQueries such queries, with those of
// withSplits: the compounds first, then pairs of words, then pairs with
// a function word.

// wordJoin is words of a query read as one word.
type wordJoin struct {
	first, last int    // its words among the query's (splitWords)
	word        string // lower-cased, run together
	// apart: typed apart, or a compound linked by a function word, so
	// the joined word is an alternative to each of its words; else a
	// compound typed with hyphens, in place of its words.
	apart bool
}

// joinCandidates are the ways the words of q may be read joined: each
// compound typed with hyphens (compounds), each two words typed apart,
// with nothing but spaces between them, that begin with a letter and are
// no function words, then each such two of which one is a function word
// (at most maxQueryTerms of each).
func joinCandidates(q string) []wordJoin {
	q = cleanQuery(q)
	if !strings.ContainsFunc(q, func(r rune) bool { return unicode.IsSpace(r) || isHyphen(r) }) {
		return nil
	}
	var spans [][2]int
	for start, end := range words(q) {
		spans = append(spans, [2]int{start, end})
	}
	var out []wordJoin
	inCompound := make([]bool, len(spans))
	stop := func(k int) bool { return stopWords[foldWord(q[spans[k][0]:spans[k][1]])] }
	compounds(q, func(first, last int, c string) {
		for k := first; k <= last; k++ {
			inCompound[k] = true
		}
		// Linked: a function word between two words ("peer-to-peer",
		// "face-to-face", "prise-en-charge") links words of their own,
		// so the compound is also its words; one before a word ("de-",
		// "after-") is part of that word.
		linked := false
		if !stop(first) && !stop(last) {
			for k := first + 1; k < last && !linked; k++ {
				linked = stop(k)
			}
		}
		if w := strings.ToLower(c); !stopWords[foldWord(w)] {
			out = append(out, wordJoin{first: first, last: last, word: w, apart: linked})
		}
	})
	neg := negations(q, len(spans))
	// glued: the word has an apostrophe just before or after it.
	glued := func(i int) bool {
		before, _ := utf8.DecodeLastRuneInString(q[:spans[i][0]])
		after, _ := utf8.DecodeRuneInString(q[spans[i][1]:])
		return isApostrophe(before) || isApostrophe(after)
	}
	// joinable: 0 no, 1 a function word, 2 a word.
	joinable := func(i int) int {
		w := q[spans[i][0]:spans[i][1]]
		r, _ := utf8.DecodeRuneInString(w)
		f := foldWord(w)
		switch {
		case !unicode.IsLetter(r) || inCompound[i] || neg[i] || directoryWords()[f]:
			return 0
		case stopWords[f]:
			if glued(i) {
				return 0 // the "t" of "haven't", the "l" of "l'école"
			}
			return 1
		}
		return 2
	}
	var little []wordJoin
	apart := 0
	for i := 1; i < len(spans); i++ {
		between := q[spans[i-1][1]:spans[i][0]]
		if strings.TrimFunc(between, unicode.IsSpace) != "" {
			continue
		}
		a, b := joinable(i-1), joinable(i)
		if a == 0 || b == 0 || a+b < 3 {
			continue
		}
		w := strings.ToLower(q[spans[i-1][0]:spans[i-1][1]] + q[spans[i][0]:spans[i][1]])
		if stopWords[foldWord(w)] {
			continue
		}
		if a == 1 && !leadsACompound(foldWord(q[spans[i-1][0]:spans[i-1][1]])) {
			continue
		}
		j := wordJoin{first: i - 1, last: i, word: w, apart: true}
		switch {
		case a+b == 4 && apart < maxQueryTerms:
			out = append(out, j)
			apart++
		case a+b == 3 && len(little) < maxQueryTerms:
			little = append(little, j)
		}
	}
	return append(out, little...)
}

// withJoins reads the words of p's query joined where the joined word
// finds programs (see above), asking at most budget existence queries,
// and takes them from it; version 0 caches nothing.
func (s *Store) withJoins(tx *gorm.DB, version int64, p *SearchParams, budget *int) error {
	if len(p.terms) == 0 {
		return nil
	}
	cands := joinCandidates(p.query)
	if len(cands) == 0 {
		return nil
	}
	q := cleanQuery(p.query)
	ws := splitWords(q)
	typing := typingLast(q, ws)
	var keep []wordJoin
	for _, c := range cands {
		if *budget <= 0 {
			break
		}
		*budget--
		// As a search of the joined word alone reads it: a compound being
		// typed is a word being typed ("anti-bul" is "antibul…").
		t := newQueryTerm(c.word, c.word, !c.apart && c.last == len(ws)-1, typing)
		ok, err := s.finds(tx, version, p.analysed([]queryTerm{t})[0])
		if err != nil {
			return err
		}
		if ok {
			keep = append(keep, c)
		}
	}
	if len(keep) == 0 {
		return nil
	}
	terms, cut := parseQueryJoined(p.query, keep)
	p.terms, p.cut = p.analysed(terms), cut
	return nil
}

// finds reports whether a term finds programs: a word of the index, or a
// name of a theme, an audience, a place or a language, which the search
// understands whether or not a program has it now (and whose programs
// may be many: an existence query on PostgreSQL reads a whole list).
func (s *Store) finds(tx *gorm.DB, version int64, t queryTerm) (bool, error) {
	if slices.ContainsFunc(t.tokens(), isLabelToken) {
		return true, nil
	}
	ss := s.dialect.searchSQL()
	arg := ss.matchArg([]queryTerm{t})
	key := "finds\x00" + arg
	if version > 0 {
		if v, ok := s.matches.get(version, key); ok {
			return v.(bool), nil
		}
	}
	var one []int64
	if err := tx.Raw(ss.matchPKs+" LIMIT 1", arg).Scan(&one).Error; err != nil {
		return false, fmt.Errorf("match: %w", err)
	}
	if version > 0 {
		s.matches.put(version, key, len(one) > 0, int64(len(key)+64))
	}
	return len(one) > 0, nil
}

// leadsACompound: a function word that, written closed before a word,
// makes a word of the same sense ("after school": "afterschool", "on
// line": "online", "außer schulisch": "außerschulisch", "buiten
// schoolse": "buitenschoolse"). Short ones mostly make a word of another
// sense: "in tolerance" is not "intolerance", "a political" not
// "apolitical", "the rapist" not "therapist", "to day" not "today".
func leadsACompound(f string) bool {
	switch f {
	case "on", "off", "out", "up", "na",
		"de": // "de radicalisation": deradicalisation, the field's word
		return true
	}
	return utf8.RuneCountInString(f) >= 4
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }
