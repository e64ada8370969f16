package models

import (
	"slices"
	"strings"
	"sync"
)

// sameWords are the words of the five languages, and their spellings,
// that name one thing a listing writes in one of them: the far right is
// "far-right" in English listings, "rechtsextrem" in German ones,
// "extreemrechts" in Dutch, "extrême droite" in French; jihadism is
// "jihad…" in English and Dutch, "djihad…" in French, "Dschihad…" in
// German. A second audit of search, on the demo directory, found
// "extrême droite", "extreemrechts", "Neonazis" and "djihadisme" finding
// nothing, or one listing of six, and English "jihadism" nothing of the
// listings that say "jihadist". As a country's names in the text are
// (countryWords), a query word that is one of a group's words also asks
// for the index tokens of the others (withSameWords).
//
// Each word is written as a listing or a search writes it, with its
// language (whose stemmer reads it); a word of two ("extrême droite",
// "far right") is the word they make closed, which a listing's
// hyphenated compound is indexed as (analyzeText) and two words typed
// apart are also searched as (withJoins). Only words that mean the
// same thing wherever they are written: not "radical" (a listing's
// "radical but legitimate opinions"), nor "right-wing".
var sameWords = [][]synonym{
	{
		{"far-right", "en"}, {"extreme right", "en"}, {"neo-Nazi", "en"},
		{"extrême droite", "fr"}, {"ultra-droite", "fr"}, {"néonazi", "fr"},
		{"extreemrechts", "nl"}, {"extreem-rechts", "nl"}, {"rechts-extremist", "nl"}, {"neonazi", "nl"},
		{"rechtsextrem", "de"}, {"Rechtsextremist", "de"}, {"rechtsradikal", "de"}, {"Neonazi", "de"},
		{"اليمين المتطرف", "ar"},
	},
	{
		{"jihad", "en"}, {"jihadist", "en"}, {"djihad", "fr"}, {"djihadiste", "fr"},
		{"Dschihad", "de"}, {"Dschihadist", "de"}, {"الجهادية", "ar"}, {"الجهاديين", "ar"},
	},
}

// sameWordTokens maps each index token of a word of sameWords to the
// tokens of every word of its group, once.
var sameWordTokens = sync.OnceValue(func() map[string][]string {
	out := map[string][]string{}
	for _, group := range sameWords {
		var toks []string
		var keys [][]string
		for _, w := range group {
			k := sameWordTokensOf(w)
			keys = append(keys, k)
			toks = appendNew(toks, k)
		}
		for _, k := range keys {
			for _, tok := range k {
				out[tok] = appendNew(out[tok], toks)
			}
		}
	}
	return out
})

// sameWordTokensOf is the index tokens a search in its language asks
// for a word of sameWords: as withLanguage analyses a query word, closed
// when it is written in two.
func sameWordTokensOf(w synonym) []string {
	closed := strings.Join(splitWords(w.word), "")
	t := newQueryTerm(closed, closed, false, false)
	return withLanguage([]queryTerm{t}, w.lang)[0].Alts
}

// withSameWords gives each term that has a token of a word of sameWords
// the tokens of its group's other words.
func withSameWords(terms []queryTerm) []queryTerm {
	same := sameWordTokens()
	var out []queryTerm
	for i, t := range terms {
		toks := t.tokens()
		var alts []string // a copy of toks, once a group has them
		for _, tok := range toks {
			more, ok := same[tok]
			if !ok {
				continue
			}
			if alts == nil {
				alts = append(make([]string, 0, len(toks)+len(more)), toks...)
			}
			for _, m := range more {
				if !slices.Contains(alts, m) {
					alts = append(alts, m)
				}
			}
		}
		if len(alts) == len(toks) || alts == nil { // none, or none new
			continue
		}
		if out == nil {
			out = slices.Clone(terms)
		}
		out[i].Alts = alts
	}
	if out == nil {
		return terms
	}
	return out
}
