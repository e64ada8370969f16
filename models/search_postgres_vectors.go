package models

import (
	"slices"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5/pgtype"
)

// A bulk import on PostgreSQL sends each program's text index row
// ready-made instead of asking the server for it: pgIndexRows has the
// server run to_tsvector over four texts a program, which took half of
// a 100,000-program import on one core (docs/search.md), while building
// the same vectors here runs on every core beside the import. The
// vectors must be exactly the server's — a search asks to_tsquery for
// the same words — so only a document whose every term the server's
// parser keeps whole is built here (pgPlainToken; nearly all, as the
// analyser folds accents away); any other goes through pgIndexRows.
// TestPGVectorsAsTheServerMakesThem compares the two.

// pgVectors is the row pgIndexRows makes of a document: doc (name A ||
// summary B || extra C || description D), name_v (A) and summary_v (B).
type pgVectors struct {
	doc, name, summary pgtype.TSVector
}

// Limits of a tsvector (PostgreSQL's tsearch/ts_type.h).
const (
	pgLastPos   = 1<<14 - 1 // MAXENTRYPOS - 1: a later position is stored as this
	pgMaxNumPos = 256       // MAXNUMPOS: positions kept for a lexeme by ||
	pgMaxStrLen = 2047      // MAXSTRLEN: the server skips a longer word
	pgMaxStrPos = 1<<20 - 1 // MAXSTRPOS: the server refuses a bigger vector
)

// pgPlainToken reports whether the default parser reads tok as one word
// and the simple dictionary keeps it as it is: digits, then lower-case
// ASCII letters ("youth", "0educ", "1themefamily", "2024"). It reads
// "x86" and "1e5x" otherwise (a letter then digits; a number "1e5" then
// "x").
func pgPlainToken(tok string) bool {
	if len(tok) == 0 || len(tok) >= pgMaxStrLen {
		return false
	}
	i := 0
	for i < len(tok) && tok[i] >= '0' && tok[i] <= '9' {
		i++
	}
	for ; i < len(tok); i++ {
		if tok[i] < 'a' || tok[i] > 'z' {
			return false
		}
	}
	return true
}

// buildPGVectors returns the document's row, or false when a term of it
// is not plain and the server must make it.
func buildPGVectors(doc *searchDoc) (*pgVectors, bool) {
	var fields [4][]pgtype.TSVectorLexeme // name A, summary B, extra C, description D
	for i, text := range [4]string{doc.Name, doc.Summary, doc.Extra, doc.Description} {
		var ok bool
		if fields[i], ok = pgFieldVector(text, pgtype.TSVectorWeight('A'+i)); !ok {
			return nil, false
		}
	}
	a, b, c, d := fields[0], fields[1], fields[2], fields[3]
	all := pgConcat(pgConcat(pgConcat(a, b), c), d)
	for _, v := range [][]pgtype.TSVectorLexeme{a, b, c, d, all} {
		if pgVectorSize(v) > pgMaxStrPos {
			return nil, false // the server refuses it, and says so
		}
	}
	v := func(l []pgtype.TSVectorLexeme) pgtype.TSVector { return pgtype.TSVector{Lexemes: l, Valid: true} }
	return &pgVectors{doc: v(all), name: v(a), summary: v(b)}, true
}

// pgVectorSize is, at most, the room a vector's lexemes and positions
// take in PostgreSQL (make_tsvector's lenstr, which may not pass
// pgMaxStrPos): each word, aligned, then its count and positions.
func pgVectorSize(v []pgtype.TSVectorLexeme) int {
	size := 0
	for _, l := range v {
		size += len(l.Word) + 1 + 2 + 2*len(l.Positions)
	}
	return size
}

// pgFieldVector is setweight(to_tsvector('simple', text), weight) for a
// text of plain terms separated by spaces: each word at its position
// (from 1, the last one repeated past pgLastPos), sorted, each lexeme's
// positions in order, at most 255 of them.
func pgFieldVector(text string, weight pgtype.TSVectorWeight) ([]pgtype.TSVectorLexeme, bool) {
	sc := pgScratchPool.Get().(*pgScratch)
	defer pgScratchPool.Put(sc)
	clear(sc.id)
	sc.words, sc.toks, sc.keep = sc.words[:0], sc.toks[:0], sc.keep[:0]
	for tok := range strings.SplitSeq(text, " ") {
		if tok == "" {
			continue
		}
		if !pgPlainToken(tok) {
			return nil, false
		}
		id, ok := sc.id[tok]
		if !ok {
			id = int32(len(sc.words))
			sc.id[tok] = id
			sc.words = append(sc.words, tok)
		}
		sc.toks = append(sc.toks, id)
	}
	n := len(sc.words)
	sc.count, sc.last, sc.at = resize(sc.count, n), resize(sc.last, n), resize(sc.at, n)
	clear(sc.count)
	kept := 0
	for i, id := range sc.toks {
		p := uint16(min(i+1, pgLastPos))
		// uniqueWORD in PostgreSQL's to_tsvector.c (positions only grow,
		// so none follows one at pgLastPos but itself).
		c := sc.count[id]
		keep := c == 0 || (c < pgMaxNumPos-1 && sc.last[id] != p)
		if keep {
			sc.count[id]++
			sc.last[id] = p
			kept++
		}
		sc.keep = append(sc.keep, keep)
	}
	sc.order = resize(sc.order, n)
	for i := range sc.order {
		sc.order[i] = int32(i)
	}
	slices.SortFunc(sc.order, func(a, b int32) int { return strings.Compare(sc.words[a], sc.words[b]) })
	lex := make([]pgtype.TSVectorLexeme, n)
	positions := make([]pgtype.TSVectorPosition, kept) // one array for all
	at := int32(0)
	for i, id := range sc.order {
		sc.at[id] = at
		end := at + sc.count[id]
		lex[i] = pgtype.TSVectorLexeme{Word: sc.words[id], Positions: positions[at:end:end]}
		at = end
	}
	for i, id := range sc.toks {
		if sc.keep[i] {
			positions[sc.at[id]] = pgtype.TSVectorPosition{Position: uint16(min(i+1, pgLastPos)), Weight: weight}
			sc.at[id]++
		}
	}
	return lex, true
}

// pgScratch is pgFieldVector's memory, kept between calls.
type pgScratch struct {
	id               map[string]int32 // a word's number
	words            []string         // by number
	toks             []int32          // the text's words by number
	keep             []bool           // the token's position is kept
	count, at, order []int32
	last             []uint16
}

var pgScratchPool = sync.Pool{New: func() any { return &pgScratch{id: map[string]int32{}} }}

// resize returns s with n elements, reusing its array if it can.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// pgConcat is PostgreSQL's tsvector || tsvector: the lexemes of both,
// those of b placed after the last position of a.
func pgConcat(a, b []pgtype.TSVectorLexeme) []pgtype.TSVectorLexeme {
	var shift uint16
	for _, l := range a {
		for _, p := range l.Positions {
			shift = max(shift, p.Position)
		}
	}
	total := 0
	for _, l := range b {
		total += len(l.Positions)
	}
	for _, l := range a {
		total += len(l.Positions)
	}
	buf := make([]pgtype.TSVectorPosition, 0, total) // every new lexeme's positions
	// add_pos in PostgreSQL's tsvector_op.c: up to 256 positions, none
	// after one at the last position.
	add := func(first []pgtype.TSVectorPosition, src []pgtype.TSVectorPosition) []pgtype.TSVectorPosition {
		start := len(buf)
		buf = append(buf, first...)
		for _, p := range src {
			if n := len(buf) - start; n >= pgMaxNumPos || (n > 0 && buf[len(buf)-1].Position == pgLastPos) {
				break
			}
			buf = append(buf, pgtype.TSVectorPosition{Position: uint16(min(int(p.Position)+int(shift), pgLastPos)), Weight: p.Weight})
		}
		return buf[start:len(buf):len(buf)]
	}
	out := make([]pgtype.TSVectorLexeme, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || (i < len(a) && a[i].Word < b[j].Word):
			out = append(out, a[i])
			i++
		case i == len(a) || b[j].Word < a[i].Word:
			out = append(out, pgtype.TSVectorLexeme{Word: b[j].Word, Positions: add(nil, b[j].Positions)})
			j++
		default:
			out = append(out, pgtype.TSVectorLexeme{Word: a[i].Word, Positions: add(a[i].Positions, b[j].Positions)})
			i++
			j++
		}
	}
	return out
}
