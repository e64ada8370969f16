package models

import (
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// The SQLite side of search: an FTS5 table whose rowid is programs.pk,
// holding the analyser's terms, ranked by bm25 with name ≫ summary ≫
// extra ≫ description.

func (sqliteDialect) indexProgram(tx *gorm.DB, pk int64, doc *searchDoc) error {
	if err := tx.Exec("DELETE FROM program_search WHERE rowid = ?", pk).Error; err != nil {
		return fmt.Errorf("models: unindex program %d: %w", pk, err)
	}
	if doc == nil {
		return nil
	}
	err := tx.Exec("INSERT INTO program_search (rowid, name, summary, description, extra) VALUES (?, ?, ?, ?, ?)",
		pk, doc.Name, doc.Summary, doc.Description, doc.Extra).Error
	if err != nil {
		return fmt.Errorf("models: index program %d: %w", pk, err)
	}
	return nil
}

func (sqliteDialect) searchSQL() searchSQL {
	return searchSQL{
		matchPKs:  "SELECT rowid FROM program_search WHERE program_search MATCH ?",
		rankFrom:  "program_search JOIN programs p ON p.pk = program_search.rowid",
		rankWhere: "program_search MATCH ?",
		rankScore: "bm25(program_search, 10.0, 4.0, 1.0, 2.0)",
		matchArg:  fts5Query,
	}
}

// fts5Query writes the terms as an FTS5 query. Every term is a quoted
// FTS5 string built from analyser output (letters and digits only), so
// nothing the user typed can be read as FTS5 syntax.
func fts5Query(terms []queryTerm) string {
	parts := make([]string, 0, len(terms))
	for _, t := range terms {
		stem := fts5Tokens(t)
		if t.Prefix {
			parts = append(parts, "("+stem+" OR "+fts5String(t.Word)+"*)")
		} else {
			parts = append(parts, stem)
		}
	}
	return strings.Join(parts, " AND ")
}

func fts5String(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
