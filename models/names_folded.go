package models

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"gorm.io/gorm"
)

// The moderators' panel finds a program by any part of its name or its
// organization's, whatever the case and accents: "ecole" finds "École de
// la paix", "MUNCHEN" "München", "strasse" "Straße". Folding is Go's
// (foldName), as the analyser's is, so that SQLite and PostgreSQL agree:
// SQLite's LIKE folds ASCII only and neither database removes accents
// without an extension. Each program and organization keeps its name
// folded (name_folded), written with the name by every write, so the
// panel's search stays one LIKE over a column.

// foldName is a name as the panel compares it: case folded in every
// script, marks removed (accents, Arabic vowel signs and hamza above or
// below), the letters foldWord spells out spelt out, typographic
// apostrophes and the Arabic tatweel made plain, and runs of spaces of
// any kind one space.
func foldName(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		s = strings.ToLower(s)
	} else {
		// Folded before the marks go: a letter's folding may carry one
		// ("İ" is "i" and a dot above).
		s = foldReplacer.Replace(nameReplacer.Replace(withoutMarks(cases.Fold().String(s))))
	}
	return strings.Join(strings.Fields(s), " ")
}

// nameReplacer makes plain what a name may be written with and a
// moderator types without.
var nameReplacer = strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u02bc", "'", "\u0640", "")

// refoldNamesIfAsked writes every folded name again when a migration
// asked for it (search_state.refold): a new column, or a new foldName.
// The folding is Go's, which a migration's SQL cannot do.
func (s *Store) refoldNamesIfAsked(ctx context.Context) error {
	var refold int
	if err := s.db.WithContext(ctx).Raw("SELECT refold FROM search_state WHERE id = 1").Scan(&refold).Error; err != nil {
		return fmt.Errorf("models: read search state: %w", err)
	}
	if refold == 0 {
		return nil
	}
	n, err := s.refoldNames(ctx)
	if err != nil {
		return err
	}
	s.log.Info("names folded again", "names", n)
	return nil
}

// refoldNames writes name_folded of every organization and program, a
// thousand rows a statement, in one transaction that also clears the
// request, and returns how many names changed.
func (s *Store) refoldNames(ctx context.Context) (int, error) {
	changed := 0
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		n, err := refoldTable[string](tx, "organizations", "id", "?")
		if err != nil {
			return err
		}
		// PostgreSQL reads a parameter in VALUES as text.
		m, err := refoldTable[int64](tx, "programs", "pk", "CAST(? AS BIGINT)")
		if err != nil {
			return err
		}
		changed = n + m
		return tx.Exec("UPDATE search_state SET refold = 0 WHERE id = 1").Error
	})
	if err != nil {
		return 0, fmt.Errorf("models: fold names: %w", err)
	}
	return changed, nil
}

// refoldTable writes the folded names of table that are not foldName's,
// in key order, and returns how many it wrote.
func refoldTable[K int64 | string](tx *gorm.DB, table, key, param string) (int, error) {
	changed := 0
	var last K
	for {
		var rows []struct {
			Key        K      `gorm:"column:k"`
			Name       string `gorm:"column:name"`
			NameFolded string `gorm:"column:name_folded"`
		}
		q := "SELECT " + key + " AS k, name, name_folded FROM " + table + " WHERE " + key + " > ? ORDER BY " + key + " LIMIT 1000"
		if err := tx.Raw(q, last).Scan(&rows).Error; err != nil {
			return 0, fmt.Errorf("read %s: %w", table, err)
		}
		if len(rows) == 0 {
			return changed, nil
		}
		last = rows[len(rows)-1].Key
		var values []string
		var args []any
		for _, r := range rows {
			if f := foldName(r.Name); f != r.NameFolded {
				values = append(values, "("+param+", ?)")
				args = append(args, r.Key, f)
			}
		}
		if len(values) == 0 {
			continue
		}
		err := tx.Exec("UPDATE "+table+" SET name_folded = v.column2 FROM (VALUES "+strings.Join(values, ", ")+") AS v WHERE "+
			table+"."+key+" = v.column1", args...).Error
		if err != nil {
			return 0, fmt.Errorf("fold the names of %s: %w", table, err)
		}
		changed += len(values)
	}
}
