package models

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/go-playground/validator/v10"
)

// HSDSRecord is one service read from an HSDS file: the draft mapped from
// it, what could not be mapped (Notes: imported without it) and why it
// cannot be imported at all (Problems: skipped).
type HSDSRecord struct {
	N        int    // position in the file, from 1
	ID       string // the service's id, kept when it is a UUID
	Draft    ProgramDraft
	Notes    []string
	Problems []string

	org       HSDSOrganization // the organization's details, for a new organization
	locations []hsdsImportedLocation
}

// hsdsImportedLocation is what a location brings besides its draft: its
// id and position, kept when possible.
type hsdsImportedLocation struct {
	id                  string
	latitude, longitude *float64
}

// Label names the record in a report: its position and name.
func (r HSDSRecord) Label() string {
	if r.Draft.Name == "" {
		return fmt.Sprintf("record %d", r.N)
	}
	return fmt.Sprintf("record %d (%q)", r.N, r.Draft.Name)
}

// hsdsInService is a service as other publishers write it: the fields
// Pathways maps, and those it reports as not imported.
type hsdsInService struct {
	HSDSService
	AlternateName          string            `json:"alternate_name"`
	InterpretationServices string            `json:"interpretation_services"`
	WaitTime               string            `json:"wait_time"`
	Fees                   string            `json:"fees"`
	Accreditations         string            `json:"accreditations"`
	Licenses               string            `json:"licenses"`
	Alert                  string            `json:"alert"`
	ProgramID              string            `json:"program_id"`
	Program                json.RawMessage   `json:"program"`
	Schedules              []json.RawMessage `json:"schedules"`
	Funding                []json.RawMessage `json:"funding"`
	RequiredDocuments      []json.RawMessage `json:"required_documents"`
	Metadata               []json.RawMessage `json:"metadata"`
}

// ParseHSDS reads HSDS services in any of the forms HSDS publishers
// produce: a JSON array of services, an HSDS Page object (its contents),
// a single service, or NDJSON (one service per line; pages may be
// concatenated too). Each record is mapped to a draft and validated; the
// error is only for a file that is not JSON.
func ParseHSDS(r io.Reader, v *validator.Validate, tax *Taxonomies) ([]HSDSRecord, error) {
	var raws []json.RawMessage
	br := bufio.NewReader(r)
	dec := json.NewDecoder(br)
	for {
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("not HSDS JSON (after %d record(s)): %w", len(raws), err)
		}
		items, err := hsdsItems(raw)
		if err != nil {
			return nil, fmt.Errorf("not HSDS JSON (after %d record(s)): %w", len(raws), err)
		}
		raws = append(raws, items...)
		if len(raws) > maxImportRows {
			return nil, fmt.Errorf("more than %d services; split the file", maxImportRows)
		}
	}
	if len(raws) == 0 {
		return nil, errors.New("no services in the file")
	}
	records := make([]HSDSRecord, len(raws))
	seen := map[string]int{}
	for i, raw := range raws {
		rec := mapHSDSRecord(i+1, raw, v, tax)
		key := strings.ToLower(rec.Draft.Organization) + "\x00" + strings.ToLower(rec.Draft.Name)
		if first, dup := seen[key]; dup && len(rec.Problems) == 0 {
			rec.Problems = append(rec.Problems, fmt.Sprintf("the same program of the same organization is record %d", first))
		} else if len(rec.Problems) == 0 {
			seen[key] = rec.N
		}
		records[i] = rec
	}
	return records, nil
}

// hsdsItems returns the services of one JSON value: the elements of an
// array, the contents of a Page, or the value itself.
func hsdsItems(raw json.RawMessage) ([]json.RawMessage, error) {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		var items []json.RawMessage
		err := json.Unmarshal(trimmed, &items)
		return items, err
	}
	var page struct {
		Contents []json.RawMessage `json:"contents"`
	}
	if err := json.Unmarshal(trimmed, &page); err != nil {
		return nil, err
	}
	if page.Contents != nil {
		return page.Contents, nil
	}
	return []json.RawMessage{trimmed}, nil
}

// mapHSDSRecord maps one service to a draft, leniently: an optional value
// Pathways cannot accept (a malformed e-mail, an unknown language) is left
// out with a note; a record missing what Pathways requires is a problem.
func mapHSDSRecord(n int, raw json.RawMessage, v *validator.Validate, tax *Taxonomies) HSDSRecord {
	rec := HSDSRecord{N: n}
	var in hsdsInService
	if err := json.Unmarshal(raw, &in); err != nil {
		rec.Problems = append(rec.Problems, "not an HSDS service: "+err.Error())
		return rec
	}
	note := func(format string, args ...any) { rec.Notes = append(rec.Notes, fmt.Sprintf(format, args...)) }
	rec.ID, _ = canonicalUUID(in.ID)
	if in.Status != "" && in.Status != hsdsActive {
		rec.Problems = append(rec.Problems, fmt.Sprintf("status is %q: only active services are imported", in.Status))
	}
	d := &rec.Draft
	d.Name = in.Name
	if in.Organization != nil {
		rec.org = *in.Organization
		d.Organization = in.Organization.Name
	}
	var shortened bool
	d.Summary, d.Description, shortened = splitDescription(in.Description)
	if shortened {
		note("summary shortened from the description")
	}
	if d.Summary == "" {
		rec.Problems = append(rec.Problems, "description: empty, and Pathways needs a summary")
	}
	mapHSDSAttributes(&rec, in.Attributes, tax)
	mapHSDSLanguages(&rec, in.Languages)
	mapHSDSContact(&rec, in)
	mapHSDSLocations(&rec, in.ServiceAtLocations)
	d.FeesDescription = in.FeesDescription
	if d.FeesDescription == "" {
		d.FeesDescription = in.Fees
	}
	if d.Cost == "" {
		d.Cost = costFromOptions(in.CostOptions)
	}
	d.Eligibility = in.EligibilityDescription
	d.HowToRefer = in.ApplicationProcess
	d.AgeMin = wholeAge(in.MinimumAge, false, "minimum_age", note)
	d.AgeMax = wholeAge(in.MaximumAge, true, "maximum_age", note)
	d.LastVerified = strings.TrimSpace(in.AssuredDate)
	if len(d.LastVerified) > 10 && d.LastVerified[10] == 'T' {
		d.LastVerified = d.LastVerified[:10]
	}
	dropInvalid(&rec, v)
	noteUnmapped(&rec, in)
	for _, p := range d.Validate(v) {
		if text := problemText(p); text != "" {
			rec.Problems = append(rec.Problems, text)
		}
	}
	return rec
}

// splitDescription takes the summary from an HSDS description: the first
// paragraph when it fits in 300 characters (Pathways' own exports put the
// summary there), else the description's start, shortened at a word.
func splitDescription(desc string) (summary, rest string, shortened bool) {
	desc = strings.TrimSpace(strings.ReplaceAll(desc, "\r\n", "\n"))
	first, after, _ := strings.Cut(desc, "\n\n")
	if first = strings.TrimSpace(first); len([]rune(first)) <= 300 {
		return first, strings.TrimSpace(after), false
	}
	runes := []rune(first)[:299]
	cut := string(runes)
	if i := strings.LastIndexAny(cut, " \n"); i > 200 {
		cut = cut[:i]
	}
	return strings.TrimSpace(cut) + "…", desc, true
}
