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

const fieldSQLite = "SELECT COALESCE(group_concat(rowid), '') FROM program_search WHERE program_search MATCH ?"

func (sqliteDialect) searchSQL() searchSQL {
	return searchSQL{
		matchPKs:  "SELECT rowid FROM program_search WHERE program_search MATCH ?",
		rankFrom:  "program_search JOIN programs p ON p.pk = program_search.rowid",
		rankWhere: "program_search MATCH ?",
		rankScore: "bm25(program_search, 10.0, 4.0, 1.0, 2.0)",
		matchArg:  fts5Query,
		// group_concat builds the list inside SQLite: 90,000 matches
		// cost 10 ms this way and 55 ms as rows.
		matchList: "SELECT COALESCE(group_concat(rowid), '') FROM program_search WHERE program_search MATCH ?",
		rankList:  "SELECT rowid, bm25(program_search, 10.0, 4.0, 1.0, 2.0) FROM program_search WHERE program_search MATCH ?",
		fieldArg:  fts5FieldQuery,
		// The column filter is in fieldArg's argument.
		fieldList: [2]string{fieldSQLite, fieldSQLite},

		indexInsert: "INSERT INTO program_search (rowid, name, summary, extra, description) VALUES (?, ?, ?, ?, ?)",
		indexDelete: "DELETE FROM program_search WHERE rowid = ?",
		indexClear:  "INSERT INTO program_search (program_search) VALUES ('delete-all')",
		// One b-tree segment instead of dozens: ranking reads each match
		// once (bm25 of 90,000 matches: 160 ms before, 70 ms after).
		optimize: "INSERT INTO program_search (program_search) VALUES ('optimize')",
		// FTS5 flushes its pending terms as a new segment every hashsize
		// bytes and merges segments as it goes; with 1 MiB and SQLite's
		// 2 MiB page cache, 100,000 programs took 150 s to index, with
		// 64 MiB and 256 MiB 25 s.
		bulkBegin: []string{"PRAGMA cache_size = -262144",
			"INSERT INTO program_search (program_search, rank) VALUES ('hashsize', 67108864)"},
		bulkEnd: []string{"INSERT INTO program_search (program_search, rank) VALUES ('hashsize', 1048576)",
			"PRAGMA cache_size = -2000"},
	}
}

// fts5FieldQuery matches any of the terms in one column: the documents of
// a relevance tier.
func fts5FieldQuery(terms []queryTerm, field int) string {
	col := "name"
	if field == fieldSummary {
		col = "summary"
	}
	parts := make([]string, 0, len(terms))
	for _, t := range terms {
		stem := fts5Tokens(t)
		if t.Prefix {
			parts = append(parts, stem+" OR "+fts5String(t.Word)+"*")
		} else {
			parts = append(parts, stem)
		}
	}
	return "{" + col + "} : (" + strings.Join(parts, " OR ") + ")"
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

// nameKey is how SQLite orders names here: COLLATE NOCASE, which folds
// ASCII letters only.
func (sqliteDialect) nameKey(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
