package models

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-playground/validator/v10"
	"gorm.io/gorm"
)

// CSVColumns are the columns of the import format (PRODUCT.md §6).
var CSVColumns = []string{"name", "organization", "summary", "description", "themes", "audiences", "level",
	"languages", "delivery", "cost", "country", "region", "city", "postal_code", "address", "confidential",
	"website", "email", "phone", "how_to_refer", "eligibility", "age_min", "age_max", "evidence", "last_verified"}

// ImportProblem is one thing wrong in an import file.
type ImportProblem struct {
	Row    int    // as a spreadsheet numbers it: the header is row 1
	Column string // empty for a problem with the whole row or file
	Msg    string
}

func (p ImportProblem) String() string {
	switch {
	case p.Row == 0:
		return p.Msg
	case p.Column == "":
		return fmt.Sprintf("row %d: %s", p.Row, p.Msg)
	default:
		return fmt.Sprintf("row %d, column %s: %s", p.Row, p.Column, p.Msg)
	}
}

// ImportError carries every problem of a rejected file.
type ImportError struct{ Problems []ImportProblem }

func (e *ImportError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// ImportRow is a valid row: its draft and where it came from.
type ImportRow struct {
	Row   int
	Draft ProgramDraft
}

// maxImportRows bounds one file; bigger directories are imported in parts.
const maxImportRows = 2_000_000

// ParseProgramsCSV reads and validates a whole CSV file. It returns every
// problem it finds, not just the first, so an operator fixes a file in one
// pass.
func ParseProgramsCSV(r io.Reader, v *validator.Validate) ([]ImportRow, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		return nil, &ImportError{[]ImportProblem{{Msg: "cannot read the header row: " + err.Error()}}}
	}
	col := map[string]int{}
	headerCells := len(header) // without empty cells at its end
	for headerCells > 0 && strings.TrimSpace(strings.TrimPrefix(header[headerCells-1], "\ufeff")) == "" {
		headerCells--
	}
	var problems []ImportProblem
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if h == "" {
			continue // a spreadsheet's trailing commas, in the header too
		}
		if _, dup := col[h]; dup {
			problems = append(problems, ImportProblem{Row: 1, Column: h, Msg: "appears twice in the header"})
		}
		col[h] = i
	}
	for _, c := range CSVColumns {
		if _, ok := col[c]; !ok {
			problems = append(problems, ImportProblem{Row: 1, Column: c, Msg: "missing from the header"})
		}
	}
	if len(problems) > 0 {
		return nil, &ImportError{problems}
	}
	// The rows are read in order and checked on every core, a batch at
	// a time; their problems and the duplicates are gathered in order.
	var rows []ImportRow
	seen := map[string]int{}
	var readProblem *ImportProblem
	batches := make(chan chan parsedBatch, 4*runtime.GOMAXPROCS(0))
	go func() {
		defer close(batches)
		sem := make(chan struct{}, runtime.GOMAXPROCS(0))
		rowNum, records := 2, 0
		for done := false; !done; {
			recs := make([][]string, 0, parseBatch)
			first := rowNum
			for len(recs) < parseBatch {
				rec, err := cr.Read()
				if errors.Is(err, io.EOF) {
					done = true
					break
				}
				if err != nil {
					var pe *csv.ParseError
					if errors.As(err, &pe) {
						// The record's number, as every other problem gives it, and
						// the line of the file where it broke (a quoted cell can
						// span lines, so the two differ).
						readProblem = &ImportProblem{Row: rowNum, Msg: fmt.Sprintf("malformed CSV at line %d of the file: %v", pe.Line, pe.Err)}
					} else {
						readProblem = &ImportProblem{Row: rowNum, Msg: "cannot read: " + err.Error()}
					}
					done = true
					break
				}
				if records >= maxImportRows {
					readProblem = &ImportProblem{Row: rowNum, Msg: fmt.Sprintf("the file has more than %d rows; split it", maxImportRows)}
					done = true
					break
				}
				recs = append(recs, rec)
				rowNum++
				records++
			}
			out := make(chan parsedBatch, 1)
			batches <- out
			sem <- struct{}{}
			go func() {
				defer func() { <-sem }()
				// A panic goes to the caller's goroutine, where a server
				// recovers it, rather than ending the process here.
				defer func() {
					if r := recover(); r != nil {
						out <- parsedBatch{panicked: r}
					}
				}()
				out <- parsedBatch{rows: parseRecords(recs, first, headerCells, col, v)}
			}()
		}
	}()
	var panicked any
	for out := range batches {
		batch := <-out
		if batch.panicked != nil && panicked == nil {
			panicked = batch.panicked
		}
		for _, p := range batch.rows {
			rowProblems := p.problems
			if p.complete {
				key := strings.ToLower(p.draft.Organization) + "\x00" + strings.ToLower(p.draft.Name)
				if first, dup := seen[key]; dup && p.draft.Name != "" {
					rowProblems = append(rowProblems, ImportProblem{Row: p.row, Column: "name", Msg: fmt.Sprintf("the same program of the same organization is already on row %d", first)})
				} else {
					seen[key] = p.row
				}
			}
			problems = append(problems, rowProblems...)
			if len(rowProblems) == 0 {
				rows = append(rows, ImportRow{Row: p.row, Draft: p.draft})
			}
		}
	}
	if panicked != nil { // every batch was read: the reader has stopped
		panic(panicked)
	}
	if readProblem != nil {
		problems = append(problems, *readProblem)
	}
	if len(problems) > 0 {
		return nil, &ImportError{problems}
	}
	return rows, nil
}

// parseBatch is how many rows one worker of ParseProgramsCSV checks at a
// time.
const parseBatch = 256

// parsedBatch is what a worker of ParseProgramsCSV made of a batch.
type parsedBatch struct {
	rows     []parsedRow
	panicked any
}

// parsedRow is one CSV row made a draft and checked, but for duplicates.
type parsedRow struct {
	row      int
	draft    ProgramDraft
	problems []ImportProblem // with their row
	complete bool            // it has as many cells as the header
}

func parseRecords(recs [][]string, first, cells int, col map[string]int, v *validator.Validate) []parsedRow {
	out := make([]parsedRow, len(recs))
	for i, rec := range recs {
		p := &out[i]
		p.row = first + i
		// Empty cells past the header's (a spreadsheet's trailing commas)
		// are no content.
		for len(rec) > cells && strings.TrimSpace(rec[len(rec)-1]) == "" {
			rec = rec[:len(rec)-1]
		}
		if len(rec) != cells {
			p.problems = []ImportProblem{{Row: p.row, Msg: fmt.Sprintf("has %d cells, the header has %d", len(rec), cells)}}
			continue
		}
		var encoding []ImportProblem
		for _, name := range CSVColumns {
			if !utf8.ValidString(rec[col[name]]) {
				encoding = append(encoding, ImportProblem{Row: p.row, Column: name,
					Msg: "is not UTF-8 text: save the file as UTF-8 (\"CSV UTF-8\" in a spreadsheet)"})
			}
		}
		if len(encoding) > 0 { // its letters would be dropped: "Café" stored as "Caf"
			p.problems = encoding
			continue
		}
		p.complete = true
		get := func(name string) string { return UnneutraliseCell(rec[col[name]]) } // exports neutralise formulas
		d, rowProblems := draftFromRecord(get)
		for _, vp := range d.Validate(v) {
			rowProblems = append(rowProblems, ImportProblem{Column: csvColumn(vp.Field), Msg: vp.Message})
		}
		for j := range rowProblems {
			rowProblems[j].Row = p.row
		}
		p.draft, p.problems = d, rowProblems
	}
	return out
}

// csvColumn maps a draft field path to its CSV column: "themes[2]" →
// "themes", "locations[0].city" → "city".
func csvColumn(field string) string {
	if i := strings.LastIndexByte(field, '.'); i >= 0 {
		field = field[i+1:]
	}
	if i := strings.IndexByte(field, '['); i >= 0 {
		field = field[:i]
	}
	return field
}

func draftFromRecord(get func(string) string) (ProgramDraft, []ImportProblem) {
	var problems []ImportProblem
	list := func(s string) []string {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		return strings.Split(s, ";")
	}
	age := func(name string) *int {
		s := strings.TrimSpace(get(name))
		if s == "" {
			return nil
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			problems = append(problems, ImportProblem{Column: name, Msg: fmt.Sprintf("%q is not a whole number", TruncateBytes(s, 20))})
			return nil
		}
		return &n
	}
	d := ProgramDraft{
		Name: get("name"), Organization: get("organization"), Summary: get("summary"), Description: get("description"),
		Themes: list(get("themes")), Audiences: list(get("audiences")), Level: get("level"),
		Languages: list(get("languages")), Delivery: get("delivery"), Cost: get("cost"),
		Website: get("website"), Email: get("email"), Phone: get("phone"), HowToRefer: get("how_to_refer"),
		Eligibility: get("eligibility"), AgeMin: age("age_min"), AgeMax: age("age_max"),
		Evidence: get("evidence"), LastVerified: get("last_verified"),
	}
	loc := LocationDraft{Country: get("country"), Region: get("region"), City: get("city"),
		PostalCode: get("postal_code"), Address: get("address")}
	switch c := strings.ToLower(strings.TrimSpace(get("confidential"))); c {
	case "", "false", "no", "0":
	case "true", "yes", "1":
		loc.Confidential = true
	default:
		problems = append(problems, ImportProblem{Column: "confidential", Msg: fmt.Sprintf("%q is not true or false", TruncateBytes(c, 20))})
	}
	if strings.TrimSpace(loc.Country+loc.Region+loc.City+loc.PostalCode+loc.Address) != "" {
		d.Locations = []LocationDraft{loc}
	}
	return d, problems
}

// ImportSummary says what an import did.
type ImportSummary struct {
	Created, Updated int
	// Unchanged: rows that would have stored what their program already
	// holds, and wrote nothing.
	Unchanged int
}

// ImportPrograms stores validated rows as published programs, all or
// nothing. A row whose organization already has a program of that name
// updates it instead of adding a second one.
func (s *Store) ImportPrograms(ctx context.Context, rows []ImportRow) (ImportSummary, error) {
	if len(rows) >= bulkImportFrom {
		return s.BulkImportPrograms(ctx, rows)
	}
	var sum ImportSummary
	var run int64
	now := time.Now().UTC()
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for i := range rows {
			r, err := s.saveDraft(tx, &rows[i].Draft, StatusPublished, now)
			if err != nil {
				return fmt.Errorf("row %d: %w", rows[i].Row, err)
			}
			action := "program.import_update"
			switch {
			case r.Unchanged:
				sum.Unchanged++
				continue
			case r.Created:
				sum.Created++
				action = "program.import"
			default:
				sum.Updated++
			}
			if err := appendAudit(tx, ActorImporter, action, "program", r.Program.ID, r.Was, r.Program.Status, ""); err != nil {
				return err
			}
		}
		if sum.Created+sum.Updated == 0 {
			return nil
		}
		return recordImportRun(tx, now, &run)
	})
	if err != nil {
		return ImportSummary{}, fmt.Errorf("models: import: %w", err)
	}
	s.importRunCommitted(ctx, run)
	return sum, nil
}

// importRunKept is how long an import's run is remembered: longer than
// any consumer waits between two syncs.
const importRunKept = 400 * 24 * time.Hour

// recordImportRun notes, last in an import's transaction, that the
// programs it stamped with started are seen from about now, when it
// commits: HSDS modified_after reaches back to the start of any import
// done after its moment (hsdsConds), so a consumer that asked while the
// import ran gets its programs next time. The run's end is written
// again once the import has committed (importRunCommitted): a moment
// taken inside the transaction comes before the commit, and a consumer
// that asked in between would find no run done since. Runs older than
// importRunKept are forgotten.
func recordImportRun(tx *gorm.DB, started time.Time, run *int64) error {
	done := time.Now().UTC()
	if err := tx.Exec("DELETE FROM import_runs WHERE finished_at < ?", done.Add(-importRunKept)).Error; err != nil {
		return fmt.Errorf("models: forget old import runs: %w", err)
	}
	if err := tx.Raw("INSERT INTO import_runs (started_at, finished_at) VALUES (?, ?) RETURNING id", started.UTC(), done).
		Scan(run).Error; err != nil {
		return fmt.Errorf("models: record the import run: %w", err)
	}
	return nil
}

// importRunCommitted writes the end of the import run (recordImportRun)
// after its transaction committed. If it cannot, the end written inside
// the transaction stays, which is only the commit's time early.
func (s *Store) importRunCommitted(ctx context.Context, run int64) {
	if run == 0 {
		return
	}
	err := s.db.WithContext(context.WithoutCancel(ctx)).
		Exec("UPDATE import_runs SET finished_at = ? WHERE id = ?", time.Now().UTC(), run).Error
	if err != nil {
		s.log.Warn("models: write the end of an import run", "error", err)
	}
}
