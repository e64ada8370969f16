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

func (postgresDialect) indexProgram(tx *gorm.DB, pk int64, doc *searchDoc) error {
	if err := tx.Exec("DELETE FROM program_search WHERE pk = ?", pk).Error; err != nil {
		return fmt.Errorf("models: unindex program %d: %w", pk, err)
	}
	if doc == nil {
		return nil
	}
	err := tx.Exec(`INSERT INTO program_search (pk, doc) VALUES (?,
		setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'B') ||
		setweight(to_tsvector('simple', ?), 'C') || setweight(to_tsvector('simple', ?), 'D'))`,
		pk, doc.Name, doc.Summary, doc.Extra, doc.Description).Error
	if err != nil {
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

		indexInsert: `INSERT INTO program_search (pk, doc) VALUES (?,
			setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'B') ||
			setweight(to_tsvector('simple', ?), 'C') || setweight(to_tsvector('simple', ?), 'D'))`,
		indexDelete: "DELETE FROM program_search WHERE pk = ?",
		indexClear:  "DELETE FROM program_search",
	}
}

// tsFieldQuery matches any of the terms with one weight: A is the name, B
// the summary.
func tsFieldQuery(terms []queryTerm, field int) string {
	w := "A"
	if field == fieldSummary {
		w = "B"
	}
	parts := make([]string, 0, len(terms))
	for _, t := range terms {
		stem := tsTokens(t, w)
		if t.Prefix {
			parts = append(parts, stem+" | "+tsLexeme(t.Word)+":*"+w)
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
