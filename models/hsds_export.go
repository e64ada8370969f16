package models

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ExportHSDSJSON writes every published program as an HSDS service, one
// full document per line (NDJSON), and returns how many it wrote.
func (s *Store) ExportHSDSJSON(ctx context.Context, w io.Writer) (int, error) {
	tax, err := s.Taxonomies(ctx)
	if err != nil {
		return 0, err
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	n := 0
	err = s.eachExported(ctx, func(p *Program) error {
		n++
		if err := enc.Encode(HSDSServiceOf(p, tax, HSDSFull)); err != nil {
			return fmt.Errorf("models: write service %s: %w", p.ID, err)
		}
		return nil
	})
	return n, err
}

// ExportCSV writes every published program in the import format (the
// columns of CSVColumns), each cell neutralised against spreadsheet
// formulas. A row holds one location: the notes name what the format
// could not carry (further locations, fees, contact name, evaluation
// link), per program.
func (s *Store) ExportCSV(ctx context.Context, w io.Writer) (n int, notes []string, err error) {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVColumns); err != nil {
		return 0, nil, fmt.Errorf("models: write csv header: %w", err)
	}
	err = s.eachExported(ctx, func(p *Program) error {
		n++
		rec, lost := csvRecord(p)
		if len(lost) > 0 {
			notes = append(notes, fmt.Sprintf("%q (%s): not in the CSV format: %s", p.Name, p.Organization.Name, strings.Join(lost, ", ")))
		}
		for i := range rec {
			rec[i] = NeutraliseCell(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("models: write csv row of %s: %w", p.ID, err)
		}
		return nil
	})
	if err != nil {
		return n, notes, err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return n, notes, fmt.Errorf("models: write csv: %w", err)
	}
	return n, notes, nil
}

// csvRecord is a program as an import row (public view: a confidential
// location has no street address or postal code), and what did not fit.
func csvRecord(p *Program) (rec []string, lost []string) {
	var loc Location
	if len(p.Locations) > 0 {
		loc = p.Locations[0].Public()
	}
	if len(p.Locations) > 1 {
		lost = append(lost, fmt.Sprintf("%d more location(s)", len(p.Locations)-1))
	}
	for _, f := range []struct{ name, value string }{
		{"fees description", p.FeesDescription}, {"contact name", p.ContactName}, {"evaluation link", p.EvaluationURL},
	} {
		if f.value != "" {
			lost = append(lost, f.name)
		}
	}
	age := func(a *int) string {
		if a == nil {
			return ""
		}
		return strconv.Itoa(*a)
	}
	verified := ""
	if p.LastVerified != nil {
		verified = *p.LastVerified
	}
	confidential := ""
	if len(p.Locations) > 0 {
		confidential = strconv.FormatBool(loc.Confidential)
	}
	values := map[string]string{
		"name": p.Name, "organization": p.Organization.Name, "summary": p.Summary, "description": p.Description,
		"themes": strings.Join(p.Themes, ";"), "audiences": strings.Join(p.Audiences, ";"), "level": p.Level,
		"languages": strings.Join(p.Languages, ";"), "delivery": p.Delivery, "cost": p.Cost,
		"country": loc.Country, "region": loc.Region, "city": loc.City, "postal_code": loc.PostalCode,
		"address": loc.Address, "confidential": confidential, "website": p.Website, "email": p.ContactEmail,
		"phone": p.ContactPhone, "how_to_refer": p.HowToRefer, "eligibility": p.Eligibility,
		"age_min": age(p.AgeMin), "age_max": age(p.AgeMax), "evidence": p.Evidence, "last_verified": verified,
	}
	rec = make([]string, len(CSVColumns))
	for i, c := range CSVColumns {
		rec[i] = values[c]
	}
	return rec, lost
}

// formulaStart reports whether a spreadsheet would read a cell starting
// with c as a formula (tab and carriage return because some spreadsheets
// skip them first).
func formulaStart(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// NeutraliseCell protects a CSV cell against formula injection: a cell a
// spreadsheet would run as a formula gets a leading apostrophe, which
// spreadsheets show as text. A cell that already starts with apostrophes
// before such a character gets one more, so UnneutraliseCell always gives
// back the original.
func NeutraliseCell(s string) string {
	if t := strings.TrimLeft(s, "'"); t != "" && formulaStart(t[0]) && !plainNumber(s) {
		return "'" + s
	}
	return s
}

// plainNumber reports whether s is a number or a phone number: digits,
// spaces, ( ) . / and -, and + first. A spreadsheet reads "+32 2 555 01
// 23" or "-2.24" as arithmetic at worst, never as a call, a reference or
// a link, so they are left as they are: with an apostrophe, every phone
// number and negative coordinate was wrong for the systems that read the
// files (an HSDS package's longitude is a number).
func plainNumber(s string) bool {
	digit := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
			digit = true
		case c == '+' && i == 0, c == '-', c == ' ', c == '(', c == ')', c == '.', c == '/':
		default:
			return false
		}
	}
	return digit
}

// UnneutraliseCell reverses NeutraliseCell; the importer reads every cell
// through it, so an export imports back unchanged.
func UnneutraliseCell(s string) string {
	if strings.HasPrefix(s, "'") {
		if t := strings.TrimLeft(s, "'"); t != "" && formulaStart(t[0]) {
			return s[1:]
		}
	}
	return s
}
