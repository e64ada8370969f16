package models

import (
	"cmp"
	"context"
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"gorm.io/gorm"
)

// The vocabulary of spelling suggestions ("Did you mean …?", suggest.go):
// the words a search can find a program by, as foldWord writes them, with
// the number of published programs that have each. It is derived data,
// like the in-memory search index: built the first time a search needs a
// suggestion, then kept at the search version through search_changes.
//
// Its words are those of the programs' names and summaries, their
// organizations' names and their cities, and the names the search
// understands besides the listings' text: the labels of themes,
// audiences, delivery and cost in the five languages and their synonyms,
// the cities' other names, and the countries' and languages' names.
// Descriptions are left out: ten times the text, and mostly the long tail
// of words no one searches for, whose misspellings (a listing's own) would
// become suggestions; their words still count when a suggestion is
// checked, since the check is a search.

// vocabWord is one word of the vocabulary (32 bytes).
type vocabWord struct {
	word  string // folded
	count int32  // published programs with the word; 0 for a name the search understands
	langs uint8  // the interface languages whose listings write it or whose names of a place or label it is (langBit)
	mask  uint64 // the word's letters, one bit each (letterMask)
}

// vocabulary is the store's: its words, and the build under way.
type vocabulary struct {
	mu sync.RWMutex
	vocabData
	// building is closed when the build under way ends; nil when none.
	bmu      sync.Mutex
	building chan struct{}
}

type vocabData struct {
	built   bool
	version int64 // the search version it reflects
	added   int   // changed programs added since it was built
	words   []vocabWord
	at      map[string]int32 // word → index in words
	shown   map[int32]string // a word as written (lower case, with accents), when not as folded
	// byLen lists the words by their length in runes (up to
	// maxVocabRunes), so a correction looks only at lengths within
	// reach.
	byLen [maxVocabRunes + 1][]int32
}

// defaultVocabWait is how long a search waits for the vocabulary's first
// build (about 2 s at 100,000 programs) before it answers without a
// suggestion; the build carries on, off the request path, for the next.
const defaultVocabWait = 250 * time.Millisecond

const (
	minVocabRunes = 3
	maxVocabRunes = 40
	// vocabRebuildAfter is how many changed programs are added to the
	// vocabulary before it is built again: an added program's words are
	// counted again when it changes, and an archived one's are not taken
	// away, so the counts drift (a suggestion is always checked by a
	// search, so drift never offers a word that finds nothing).
	vocabRebuildAfter = maxChangesToApply
)

// Dialect-neutral: plain SELECTs over the rows.
const (
	vocabProgramsSQL = `SELECT p.pk, p.name, p.summary, COALESCE(o.name, '') FROM programs p
		LEFT JOIN organizations o ON o.id = p.organization_id WHERE p.status = 'published'`
	vocabCitiesSQL = `SELECT DISTINCT l.program_pk, l.city FROM locations l
		JOIN programs p ON p.pk = l.program_pk WHERE p.status = 'published'`
)

// ready reports whether the vocabulary is built; if it is not, it
// starts its build and waits for it at most wait.
func (s *Store) vocabularyReady(ctx context.Context, tax *Taxonomies) bool {
	v := &s.vocab
	v.mu.RLock()
	built := v.built
	v.mu.RUnlock()
	if built {
		return true
	}
	wait := cmp.Or(s.vocabWait, defaultVocabWait)
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-s.buildVocabulary(tax):
	case <-t.C:
	case <-ctx.Done():
	}
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.built
}

// buildVocabulary starts building the vocabulary anew, off the request
// path, in a snapshot of its own, unless a build is under way; the
// vocabulary it replaces serves meanwhile. It returns a channel closed
// when the build ends.
func (s *Store) buildVocabulary(tax *Taxonomies) <-chan struct{} {
	v := &s.vocab
	v.bmu.Lock()
	defer v.bmu.Unlock()
	if v.building != nil {
		return v.building
	}
	done := make(chan struct{})
	v.building = done
	go func() {
		defer func() {
			v.bmu.Lock()
			v.building = nil
			v.bmu.Unlock()
			close(done)
		}()
		var fresh vocabData
		began := time.Now()
		err := s.readSnapshot(context.Background(), func(tx *gorm.DB) error {
			var version int64
			if err := tx.Raw("SELECT version FROM search_state WHERE id = 1").Scan(&version).Error; err != nil {
				return fmt.Errorf("read search version: %w", err)
			}
			return fresh.build(tx, version, tax)
		})
		if err != nil {
			s.log.Warn("models: build the vocabulary of suggestions", "error", err)
			return
		}
		v.mu.Lock()
		v.vocabData = fresh
		v.mu.Unlock()
		s.log.Info("vocabulary of spelling suggestions built", "words", len(fresh.words),
			"duration", time.Since(began).Round(time.Millisecond).String())
	}()
	return done
}

// PrepareSuggestions starts building the vocabulary of spelling
// suggestions, off the request path, so that the first search that needs
// one has it: a big directory's first build takes seconds, longer than a
// search waits for it (defaultVocabWait). serve calls it at start.
func (s *Store) PrepareSuggestions(ctx context.Context) error {
	tax, err := s.Taxonomies(ctx)
	if err != nil {
		return err
	}
	s.buildVocabulary(tax)
	return nil
}

// sync brings a built vocabulary to the search version, in tx's
// snapshot: the programs changed since are added. After a bulk import,
// when the log no longer reaches back or after too many additions it is
// built again, off the request path (buildVocabulary), and serves as it
// is meanwhile: a suggestion is checked by a search, so a word it lacks
// is only not offered yet.
func (s *Store) syncVocabulary(tx *gorm.DB, version int64, tax *Taxonomies) error {
	v := &s.vocab
	v.mu.RLock()
	current := !v.built || v.version >= version
	v.mu.RUnlock()
	if current {
		return nil
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.version >= version {
		return nil
	}
	pks, whole, err := changedSince(tx, v.version, version)
	if err != nil {
		return fmt.Errorf("models: vocabulary: %w", err)
	}
	if whole || v.added+len(pks) > vocabRebuildAfter {
		s.buildVocabulary(tax)
		return nil
	}
	if err := v.addPrograms(tx, pks); err != nil {
		return err
	}
	v.added += len(pks)
	v.version = version
	return nil
}

// build reads the vocabulary anew.
func (v *vocabData) build(tx *gorm.DB, version int64, tax *Taxonomies) error {
	v.at, v.shown = map[string]int32{}, map[int32]string{}
	if err := v.addPrograms(tx, nil); err != nil {
		return err
	}
	for _, n := range understoodNames(tax) {
		v.add(n.word, 0, langBit(n.lang))
	}
	v.words = slices.Clip(v.words)
	for l := range v.byLen {
		v.byLen[l] = slices.Clip(v.byLen[l])
	}
	v.built, v.version, v.added = true, version, 0
	return nil
}

// addPrograms counts the words of the published programs among pks (all
// of them when pks is nil): each word once a program.
func (v *vocabData) addPrograms(tx *gorm.DB, pks []int64) error {
	progSQL, citySQL, args := vocabProgramsSQL, vocabCitiesSQL, []any{}
	if pks != nil {
		progSQL += " AND p.pk IN ?"
		citySQL += " AND p.pk IN ?"
		args = append(args, pks)
	}
	seen := map[string]bool{}
	count := func(lang uint8, texts ...string) {
		clear(seen)
		for _, s := range texts {
			for _, w := range splitWords(s) {
				if f := foldWord(w); !seen[f] {
					seen[f] = true
					v.add(w, 1, lang)
				}
			}
		}
	}
	rs, err := tx.Raw(progSQL, args...).Rows()
	if err != nil {
		return fmt.Errorf("models: vocabulary: %w", err)
	}
	for rs.Next() {
		var pk int64
		var name, summary, org string
		if err := rs.Scan(&pk, &name, &summary, &org); err != nil {
			rs.Close()
			return fmt.Errorf("models: vocabulary: %w", err)
		}
		// The language its text is written in, whose searches its words
		// are offered to first (corrections).
		count(langBit(detectLanguage(name, summary)), name, summary, org)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return fmt.Errorf("models: vocabulary: %w", err)
	}
	rs, err = tx.Raw(citySQL, args...).Rows()
	if err != nil {
		return fmt.Errorf("models: vocabulary: %w", err)
	}
	defer rs.Close()
	for rs.Next() {
		var pk int64
		var city string
		if err := rs.Scan(&pk, &city); err != nil {
			return fmt.Errorf("models: vocabulary: %w", err)
		}
		count(0, city)
	}
	return rs.Err()
}

// add counts a word as written (n programs more), a word of the
// languages langs (langBit). Words a correction never offers are left
// out: shorter than minVocabRunes, with a digit, function words and the
// words every listing is.
func (v *vocabData) add(written string, n int32, langs uint8) {
	f := foldWord(written)
	runes := utf8.RuneCountInString(f)
	if runes < minVocabRunes || runes > maxVocabRunes || stopWords[f] || directoryWords()[f] ||
		strings.ContainsFunc(f, unicode.IsDigit) {
		return
	}
	if i, ok := v.at[f]; ok {
		v.words[i].count += n
		v.words[i].langs |= langs
		return
	}
	// f may be a slice of a whole summary: keep a copy, not the text.
	f = strings.Clone(f)
	w := vocabWord{word: f, count: n, langs: langs, mask: letterMask(f)}
	if low := strings.ToLower(written); low != f {
		v.shown[int32(len(v.words))] = strings.Clone(low)
	}
	v.at[f] = int32(len(v.words))
	v.byLen[runes] = append(v.byLen[runes], int32(len(v.words)))
	v.words = append(v.words, w)
}

// langBit is the bit of an interface language in vocabWord.langs; 0
// for another or none.
func langBit(lang string) uint8 {
	for i, l := range interfaceLanguages {
		if l.String() == lang {
			return 1 << i
		}
	}
	return 0
}

// understoodName is a word the search understands, and the language it
// is a name in ("" when several or unknown).
type understoodName struct{ word, lang string }

// understoodNames are the names the search finds programs by beyond
// their text (search_labels.go, search_places.go): labels in every
// language and their synonyms, the cities' names, the countries' and the
// languages' names in the interface's languages.
func understoodNames(tax *Taxonomies) []understoodName {
	var out []understoodName
	words := func(s, lang string) {
		for _, w := range splitWords(s) {
			out = append(out, understoodName{w, lang})
		}
	}
	for _, taxonomy := range []string{TaxTheme, TaxAudience, TaxDelivery, TaxCost} {
		for _, t := range tax.Terms(taxonomy) {
			words(t.Label, "en")
			for lang, l := range translatedLabels()[taxonomy+"/"+t.Slug] {
				words(l, lang)
			}
			for _, s := range termSynonyms(taxonomy + "/" + t.Slug) {
				words(s.word, "")
			}
		}
	}
	return append(out, understoodPlaceNames()...)
}

// understoodPlaceNames are the words of the cities', countries' and
// languages' names, as written; they do not depend on the directory.
var understoodPlaceNames = sync.OnceValue(func() []understoodName {
	var out []understoodName
	for _, names := range cityNames {
		for _, n := range names {
			for _, w := range splitWords(n) {
				out = append(out, understoodName{w, ""})
			}
		}
	}
	var regions []display.Namer
	for _, lang := range interfaceLanguages {
		regions = append(regions, display.Regions(lang))
	}
	for _, code := range CountryCodes() {
		r := language.MustParseRegion(code)
		for _, n := range countryOtherNames[code] {
			if ws := splitWords(n); len(ws) == 1 {
				out = append(out, understoodName{ws[0], ""})
			}
		}
		for _, lang := range interfaceLanguages {
			if ws := splitWords(countryNamesNow[code][lang.String()]); len(ws) == 1 {
				out = append(out, understoodName{ws[0], lang.String()})
			}
		}
		for i, n := range regions {
			if ws := splitWords(n.Name(r)); len(ws) == 1 && !notCountryNames[foldWord(ws[0])] {
				out = append(out, understoodName{ws[0], interfaceLanguages[i].String()})
			}
		}
	}
	eachLanguageName(func(_, name, in string) {
		if ws := splitWords(name); len(ws) == 1 && !notLanguageNames[foldWord(ws[0])] {
			out = append(out, understoodName{ws[0], in})
		}
	})
	return out
})

// letterMask has a bit for each letter of w (its code point modulo 64).
// An edit changes at most one letter of either word, so two words within
// k edits differ by at most k bits each way: a cheap test that passes
// over most of the vocabulary before the distance is computed.
func letterMask(w string) uint64 {
	var m uint64
	for _, r := range w {
		m |= 1 << (uint(r) % 64)
	}
	return m
}

// maxEdits is how far a word of n runes may be corrected: not at all
// under 4 runes (too many words are that close to each other), one edit
// up to 7, two from 8.
func maxEdits(n int) int {
	switch {
	case n < 4:
		return 0
	case n < 8:
		return 1
	}
	return 2
}

// correction is a word of the vocabulary close to a query word.
type correction struct {
	word, shown string
	dist        int
	count       int32
	inLang      bool // a name in the user's language
}

// corrections returns at most n words of the vocabulary within
// maxEdits of the folded word, the closest first, then a word of the
// user's language (a name in it: "Belgiqe" in French is "Belgique",
// not Dutch "België"; or a word its listings write: "mentorn" in Dutch
// is "mentoren", not English "mentors"), then the most common. The word
// itself is not among them.
func (v *vocabulary) corrections(word, lang string, n int) []correction {
	var wr [maxVocabRunes]rune
	runes := 0
	for _, r := range word {
		if runes == maxVocabRunes {
			return nil
		}
		wr[runes] = r
		runes++
	}
	k := maxEdits(runes)
	if k == 0 {
		return nil
	}
	// A word of four letters keeps its first: one edit there is a
	// quarter of it, and another word more often than a typo ("Cork", a
	// city no program is in, was corrected to "Work").
	keepFirst := runes < 5
	mask, bit := letterMask(word), langBit(lang)
	v.mu.RLock()
	defer v.mu.RUnlock()
	var out []correction
	var cr [maxVocabRunes]rune
	for l := max(minVocabRunes, runes-k); l <= min(maxVocabRunes, runes+k); l++ {
		for _, i := range v.byLen[l] {
			w := &v.words[i]
			if bits.OnesCount64(mask&^w.mask) > k || bits.OnesCount64(w.mask&^mask) > k || w.word == word {
				continue
			}
			m := 0
			for _, r := range w.word {
				cr[m] = r
				m++
			}
			if keepFirst && cr[0] != wr[0] {
				continue
			}
			d := editDistance(wr[:runes], cr[:m], k)
			if d > k {
				continue
			}
			out = append(out, correction{w.word, cmp.Or(v.shown[i], w.word), d, w.count, w.langs&bit != 0})
		}
	}
	out = append(out, v.splits(wr[:runes], k+1)...)
	slices.SortFunc(out, func(a, b correction) int {
		// A name in the user's language before a word more programs
		// have: one listing that writes "België" must not make French
		// users' "Belgiqe" Dutch.
		return cmp.Or(cmp.Compare(a.dist, b.dist), -compareBool(a.inLang, b.inLang), cmp.Compare(b.count, a.count),
			strings.Compare(a.word, b.word))
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// compoundLinks are what German and Dutch put between the words of a
// compound ("Präventionsarbeit", "opvoedingsondersteuning"), taken off the
// first word's end when it is not a word with them.
var compoundLinks = []string{"s", "es", "en", "n", "e"}

// splits are the corrections of a word written as one that the
// vocabulary has as two ("Präventionsarbeit": "prävention arbeit";
// "ouderbegeleiding": "ouder begeleiding"): German and Dutch write their
// compounds closed, and a compound the listings never write found
// nothing while its words each found programs. Both words have
// minVocabRunes+1 letters or more; dist is what they count as (after
// the corrections by edits). v.mu is held.
func (v *vocabulary) splits(w []rune, dist int) []correction {
	const least = minVocabRunes + 1
	var out []correction
	for i := least; i <= len(w)-least; i++ {
		right, ok := v.at[string(w[i:])]
		if !ok {
			continue
		}
		left := string(w[:i])
		l, ok := v.at[left]
		for _, link := range compoundLinks {
			if ok {
				break
			}
			if base, cut := strings.CutSuffix(left, link); cut && utf8.RuneCountInString(base) >= least {
				l, ok = v.at[base]
			}
		}
		if !ok {
			continue
		}
		lw, rw := &v.words[l], &v.words[right]
		shown := cmp.Or(v.shown[l], lw.word) + " " + cmp.Or(v.shown[right], rw.word)
		out = append(out, correction{lw.word + " " + rw.word, shown, dist, min(lw.count, rw.count), false})
	}
	return out
}

// editDistance is the Damerau–Levenshtein distance of a and b (optimal
// string alignment: an insertion, a deletion, a substitution or a
// transposition of two neighbours each count 1), or k+1 once it is
// sure to be more than k.
func editDistance(a, b []rune, k int) int {
	if d := len(a) - len(b); d > k || -d > k {
		return k + 1
	}
	var rows [3][maxVocabRunes + 1]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d = min(d, prev2[j-2]+1)
			}
			cur[j] = d
			best = min(best, d)
		}
		if best > k {
			return k + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// size estimates the vocabulary's memory in bytes: the words' strings
// and entries, the map and the lists by length.
func (v *vocabulary) size() int64 {
	v.mu.RLock()
	defer v.mu.RUnlock()
	n := int64(cap(v.words)) * int64(unsafe.Sizeof(vocabWord{}))
	for _, w := range v.words {
		n += int64(len(w.word))
	}
	n += int64(len(v.at)) * 40 // a map entry: key header, value, control byte, room to grow
	for _, w := range v.shown {
		n += int64(len(w) + 40)
	}
	for _, l := range v.byLen {
		n += int64(cap(l)) * 4
	}
	return n
}

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// SuggestionVocabulary returns the number of words of the spelling
// suggestions' vocabulary and an estimate of its memory in bytes (0, 0
// before a search has needed it). For measurements.
func (s *Store) SuggestionVocabulary() (words int, bytes int64) {
	s.vocab.mu.RLock()
	words = len(s.vocab.words)
	s.vocab.mu.RUnlock()
	return words, s.vocab.size()
}
