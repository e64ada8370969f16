package models

import (
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// The PostgreSQL side of search: a weighted tsvector per published
// program (name A, summary B, extra C, description D) built with the
// 'simple' configuration from the analyser's terms — the same terms SQLite
// indexes, so both engines match alike — in a GIN index, ranked by
// ts_rank.

func (d postgresDialect) indexProgram(tx *gorm.DB, pk int64, doc *searchDoc) error {
	ss := d.searchSQL()
	if err := tx.Exec(ss.indexDelete, pk).Error; err != nil {
		return fmt.Errorf("models: unindex program %d: %w", pk, err)
	}
	if doc == nil {
		return nil
	}
	if err := tx.Exec(ss.indexInsert, pk, doc.Name, doc.Summary, doc.Extra, doc.Description).Error; err != nil {
		return fmt.Errorf("models: index program %d: %w", pk, err)
	}
	return nil
}

func (postgresDialect) searchSQL() searchSQL {
	return searchSQL{
		matchPKs:  "SELECT pk FROM program_search WHERE doc @@ to_tsquery('simple', ?)",
		rankFrom:  "program_search ps CROSS JOIN to_tsquery('simple', ?) q JOIN programs p ON p.pk = ps.pk",
		rankWhere: "ps.doc @@ q", // the text argument sits in rankFrom
		// Weights D, C, B, A: name ≫ summary ≫ extra ≫ description, as
		// SQLite's bm25 weights. Negated: lower is better.
		rankScore: "-ts_rank('{0.1, 0.3, 0.5, 1.0}', ps.doc, q)",
		matchArg:  tsQuery,
		matchList: "SELECT COALESCE(string_agg(pk::text, ','), '') FROM program_search WHERE doc @@ to_tsquery('simple', ?)",
		rankList: "SELECT ps.pk, -ts_rank('{0.1, 0.3, 0.5, 1.0}', ps.doc, q) FROM program_search ps, " +
			"to_tsquery('simple', ?) q WHERE ps.doc @@ q",
		fieldArg: tsFieldQuery,

		// The tiers of a large result read the name and the summary
		// alone, each its own tsvector with its own GIN index, asked
		// without a weight: a weight in a tsquery makes PostgreSQL
		// recheck each candidate in its row. The name tier of
		// "community" took 720 ms on doc with weights, 40 ms on one
		// weighted head vector of name and summary (migration 00021),
		// and needs no recheck now (00022).
		fieldList: [2]string{
			fieldName:    "SELECT COALESCE(string_agg(pk::text, ','), '') FROM program_search WHERE name_v @@ to_tsquery('simple', ?)",
			fieldSummary: "SELECT COALESCE(string_agg(pk::text, ','), '') FROM program_search WHERE summary_v @@ to_tsquery('simple', ?)",
		},
		// The planner reckons a sequential scan of program_search cheap
		// (its rows are small, their tsvectors stored out of line) and
		// takes it for a common word: 820 ms at 100,000 programs, against
		// 47 ms through the GIN index, which needs no recheck without
		// weights.
		//
		// A common word's bitmap must also stay exact: past work_mem (4 MB
		// by default, ~50,000 heap pages) it keeps whole pages instead of
		// rows, and each row of those is checked again — its vector read
		// and decompressed. "people" at 1,000,000 programs (834,000
		// matches, 77,000 pages): 2.3 s with 33,000 pages lossy, 0.5 s
		// exact (a larger work_mem set by the administrator is kept). And
		// the planner's costs of a query over a million rows call for JIT
		// compilation, 3–4 ms a query for nothing here.
		textSetup: `SELECT set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true),
			CASE WHEN pg_size_bytes(current_setting('work_mem')) < 64 * 1024 * 1024
			THEN set_config('work_mem', '64MB', true) END`,

		indexInsert:     strings.Join(pgIndexRows[:], ""),
		indexInsertRows: pgIndexRows,
		indexDelete:     "DELETE FROM program_search WHERE pk = ?",
		indexClear:      "DELETE FROM program_search",
		// Room for building the indexes a bulk import makes at its end
		// (deferIndexes), GIN above all; for this transaction only.
		bulkBegin: []string{"SET LOCAL maintenance_work_mem = '256MB'",
			// lz4 compresses the text index's vectors (and long
			// descriptions) in half pglz's time: 4.1 → 2.4 s for
			// 100,000 vectors. Where the server was built with it.
			`SELECT set_config('default_toast_compression', 'lz4', true) WHERE EXISTS (SELECT 1 FROM pg_settings
				WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals))`},
	}
}

// pgIndexRows inserts documents into the text index: a head, a row for
// each document (pk, name, summary, extra, description), a tail. One row
// is the statement of a single document.
var pgIndexRows = [3]string{`INSERT INTO program_search (pk, doc, name_v, summary_v) SELECT pk, a || b || c || d, a, b
	FROM (SELECT v.pk, setweight(to_tsvector('simple', v.n), 'A') AS a, setweight(to_tsvector('simple', v.s), 'B') AS b,
	setweight(to_tsvector('simple', v.e), 'C') AS c, setweight(to_tsvector('simple', v.d), 'D') AS d FROM (VALUES `,
	"(?::bigint, ?::text, ?::text, ?::text, ?::text)", ") AS v(pk, n, s, e, d)) t"}

// tsFieldQuery matches any of the terms; fieldList says in which field.
func tsFieldQuery(terms []queryTerm, field int) string {
	parts := make([]string, 0, len(terms))
	for _, t := range terms {
		stem := tsTokens(t, "")
		if t.Prefix {
			parts = append(parts, stem+" | "+tsLexeme(t.Word)+":*")
		} else {
			parts = append(parts, stem)
		}
	}
	return strings.Join(parts, " | ")
}

// nameKey is how PostgreSQL orders names here: lower(name).
func (postgresDialect) nameKey(s string) string { return strings.ToLower(s) }

// tsQuery writes the terms as a PostgreSQL tsquery: each term a quoted
// lexeme (analyser output, letters and digits only), the word being typed
// also as a prefix.
func tsQuery(terms []queryTerm) string {
	parts := make([]string, 0, len(terms))
	for _, t := range terms {
		stem := tsTokens(t, "")
		if t.Prefix {
			parts = append(parts, "("+stem+" | "+tsLexeme(t.Word)+":*)")
		} else {
			parts = append(parts, stem)
		}
	}
	return strings.Join(parts, " & ")
}

func tsLexeme(s string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", "''") + "'"
}
