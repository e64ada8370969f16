package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"pathways/models"
	"pathways/models/hsdstest"
	"pathways/models/testdb"
)

// The edge cases added to the demo directory: a confidential address
// that must never be exported, and cells a spreadsheet would run as
// formulas.
const (
	secretStreet = "7 Nowhere Mews"
	secretPostal = "ZZ9 9ZZ"
	edgeRows     = `Hidden Harbour,Edge Cases Trust,Exit support at an address we keep private.,,exit-work,people-leaving-extremism,tertiary,en,in-person,free,GB,England,Leeds,` + secretPostal + `,` + secretStreet + `,true,,harbour@edge.example,+44 113 555 0000,Call first.,Adults,18,,peer_reviewed,2026-05-01
"=HYPERLINK(""http://evil.example"") Club",Edge Cases Trust,@SUM(1+1) is what they type,-2 days a week,youth-mentoring,young-people,,en;fr;nl;de;ar;tr;fa;es;it;pl,,,,,,,,,,,,,=cmd|' /C calc'!A0,,,,
`
)

// demoStore is a database with the demo directory and the edge cases.
func demoStore(t *testing.T) (string, *models.Store) {
	t.Helper()
	ctx := context.Background()
	dsn, store := demoDirectory(t)
	header := strings.SplitN(string(demoPrograms), "\n", 2)[0]
	if _, err := importCSV(ctx, store, strings.NewReader(header+"\n"+edgeRows)); err != nil {
		t.Fatal(err)
	}
	return dsn, store
}

// publicDrafts returns every published program as a draft, as the public
// sees it (confidential locations without street or postal code), by
// organization and name, with the ids of the program, its organization
// and its locations.
func publicDrafts(t *testing.T, store *models.Store) (map[string]models.ProgramDraft, map[string][]string) {
	t.Helper()
	drafts, ids := map[string]models.ProgramDraft{}, map[string][]string{}
	err := store.EachHSDSService(context.Background(), models.HSDSFilter{}, func(p *models.Program) error {
		key := p.Organization.Name + " / " + p.Name
		ids[key] = []string{p.ID, p.OrganizationID}
		for i, l := range p.Locations {
			p.Locations[i] = l.Public()
			ids[key] = append(ids[key], l.ID)
		}
		d := models.DraftFromProgram(p)
		sort.Strings(d.Themes)
		sort.Strings(d.Audiences)
		sort.Strings(d.Languages)
		drafts[key] = d
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return drafts, ids
}

// TestExportImportRoundTrip exports the demo directory and imports it
// into an empty database: the same programs come back, field by field
// (HSDS JSON keeps the ids too).
func TestExportImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	src, store := demoStore(t)
	want, wantIDs := publicDrafts(t, store)
	if len(want) != 50 {
		t.Fatalf("%d programs in the demo with edge cases", len(want))
	}
	for _, format := range []string{formatHSDSJSON, formatCSV} {
		t.Run(format, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "directory."+map[string]string{formatHSDSJSON: "ndjson", formatCSV: "csv"}[format])
			var out bytes.Buffer
			if err := run(ctx, []string{"export", "--db", src, "--format", format, "--out", file}, nil, &out, quiet); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), "exported 50 published program(s)") {
				t.Errorf("export said %q", out.String())
			}
			dst := testdb.DSN(t)
			out.Reset()
			if err := run(ctx, []string{"import", "--publish", "--db", dst, file}, nil, &out, quiet); err != nil {
				t.Fatalf("import: %v\n%s", err, out.String())
			}
			if !strings.Contains(out.String(), "50 new, 0 updated") {
				t.Errorf("import said %q", out.String())
			}
			imported, err := openStore(ctx, dst, quiet)
			if err != nil {
				t.Fatal(err)
			}
			defer imported.Close()
			got, gotIDs := publicDrafts(t, imported)
			for key, w := range want {
				g, ok := got[key]
				if !ok {
					t.Errorf("%s: missing after the round trip", key)
					continue
				}
				if format == formatCSV {
					w.FeesDescription, w.ContactName, w.EvaluationURL = "", "", "" // not CSV columns
				}
				if !reflect.DeepEqual(g, w) {
					t.Errorf("%s changed:\n got %+v\nwant %+v", key, g, w)
				}
				if format == formatHSDSJSON && !reflect.DeepEqual(gotIDs[key], wantIDs[key]) {
					t.Errorf("%s: ids %v, want %v", key, gotIDs[key], wantIDs[key])
				}
			}
			if len(got) != len(want) {
				t.Errorf("%d programs after the round trip, want %d", len(got), len(want))
			}
			// Importing the same export again changes nothing: the export
			// carries everything an import writes.
			out.Reset()
			if err := run(ctx, []string{"import", "--publish", "--db", dst, file}, nil, &out, quiet); err != nil || !strings.Contains(out.String(), "0 new, 0 updated, 50 unchanged") {
				t.Errorf("second import: %v %s", err, out.String())
			}
		})
	}
}

// exportAll runs every format and returns each file's contents (the
// tabular package unzipped, by file name).
func exportAll(t *testing.T, db string) map[string]map[string][]byte {
	t.Helper()
	dir := t.TempDir()
	out := map[string]map[string][]byte{}
	for _, format := range []string{formatHSDSJSON, formatHSDSCSV, formatCSV} {
		file := filepath.Join(dir, format)
		if err := run(context.Background(), []string{"export", "--db", db, "--format", format, "--out", file}, nil, io.Discard, quiet); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		out[format] = map[string][]byte{"": b}
		if format == formatHSDSCSV {
			zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range zr.File {
				rc, _ := f.Open()
				content, _ := io.ReadAll(rc)
				rc.Close()
				out[format][f.Name] = content
			}
		}
	}
	return out
}

func TestExportsNeverLeakConfidentialAddresses(t *testing.T) {
	db, _ := demoStore(t)
	for format, files := range exportAll(t, db) {
		for name, content := range files {
			if bytes.Contains(content, []byte(secretStreet)) || bytes.Contains(content, []byte(secretPostal)) {
				t.Errorf("%s %s holds the confidential address", format, name)
			}
		}
	}
	// The demo's own confidential rows too.
	for _, line := range strings.Split(string(demoPrograms), "\n") {
		r, err := csv.NewReader(strings.NewReader(line)).Read()
		if err != nil || len(r) < 16 || r[15] != "true" || r[14] == "" {
			continue
		}
		for format, files := range exportAll(t, db) {
			for name, content := range files {
				if bytes.Contains(content, []byte(r[14])) {
					t.Errorf("%s %s holds the confidential address of %q", format, name, r[0])
				}
			}
		}
	}
}

func TestExportHSDSJSONValidates(t *testing.T) {
	db, _ := demoStore(t)
	b := exportAll(t, db)[formatHSDSJSON][""]
	schemas := hsdstest.Load(t)
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		n++
		schemas.Validate(t, hsdstest.Service, "line "+strconv.Itoa(n), sc.Bytes())
	}
	if n != 50 {
		t.Errorf("%d lines, want 50", n)
	}
}

// TestExportTabularPackage checks the zipped HSDS tabular data package:
// datapackage.json describes every CSV file, with its columns, a required
// column is never empty, and no cell would run as a spreadsheet formula.
func TestExportTabularPackage(t *testing.T) {
	db, _ := demoStore(t)
	files := exportAll(t, db)[formatHSDSCSV]
	var pkg struct {
		Profile   string `json:"profile"`
		Resources []struct {
			Name, Path string
			Schema     struct {
				Fields []struct {
					Name        string
					Constraints struct{ Required bool }
				}
			}
		}
	}
	if err := json.Unmarshal(files["datapackage.json"], &pkg); err != nil || pkg.Profile != "tabular-data-package" {
		t.Fatalf("datapackage.json: %v %s", err, pkg.Profile)
	}
	rows := map[string][][]string{}
	for _, r := range pkg.Resources {
		content, ok := files[r.Path]
		if !ok {
			t.Errorf("%s is described but not in the zip", r.Path)
			continue
		}
		records, err := csv.NewReader(bytes.NewReader(content)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", r.Path, err)
		}
		var header []string
		for _, f := range r.Schema.Fields {
			header = append(header, f.Name)
		}
		if !reflect.DeepEqual(records[0], header) {
			t.Errorf("%s header %v, described %v", r.Path, records[0], header)
		}
		rows[r.Name] = records
		for _, rec := range records[1:] {
			// A required column has a value in every row (Frictionless
			// reads an empty cell as missing).
			for i, f := range r.Schema.Fields {
				if f.Constraints.Required && i < len(rec) && rec[i] == "" {
					t.Errorf("%s: required %s empty in %q", r.Path, f.Name, rec)
				}
			}
			for _, cell := range rec {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) && models.NeutraliseCell(cell) != cell { // not a number
					t.Errorf("%s: cell %q would run as a formula", r.Path, cell)
				}
			}
		}
	}
	if len(files) != len(pkg.Resources)+2 { // the CSV files, datapackage.json and the zip itself
		t.Errorf("%d files in the zip for %d resources", len(files), len(pkg.Resources))
	}
	if n := len(rows["service"]) - 1; n != 50 {
		t.Errorf("services.csv has %d rows", n)
	}
	if n := len(rows["taxonomy"]) - 1; n != 7 {
		t.Errorf("taxonomies.csv has %d rows", n)
	}
	joined := string(files["services.csv"]) + string(files["phones.csv"])
	for _, want := range []string{`'=HYPERLINK(""http://evil.example"") Club`, "'@SUM(1+1)", ",+44 113 555 0000"} {
		if !strings.Contains(joined, want) {
			t.Errorf("tabular export lacks the neutralised %q (a phone number as it is)", want)
		}
	}
}

// TestExportCSVNeutralisesFormulas opens the CSV export as a spreadsheet
// would and imports it back.
func TestExportCSVNeutralisesFormulas(t *testing.T) {
	db, store := demoStore(t)
	b := exportAll(t, db)[formatCSV][""]
	records, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(records[0], models.CSVColumns) {
		t.Errorf("header %v", records[0])
	}
	for _, rec := range records[1:] {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) && models.NeutraliseCell(cell) != cell { // not a number
				t.Errorf("cell %q would run as a formula", cell)
			}
		}
	}
	want, _ := publicDrafts(t, store)
	tax, _ := store.Taxonomies(context.Background())
	parsed, err := models.ParseProgramsCSV(bytes.NewReader(b), models.NewValidator(tax))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range parsed {
		if strings.HasPrefix(r.Draft.Name, "=HYPERLINK") {
			if r.Draft.Summary != "@SUM(1+1) is what they type" || r.Draft.Description != "-2 days a week" || r.Draft.Eligibility != "=cmd|' /C calc'!A0" {
				t.Errorf("formula-like cells did not come back: %+v", r.Draft)
			}
			if _, ok := want["Edge Cases Trust / "+r.Draft.Name]; !ok {
				t.Errorf("name %q did not come back", r.Draft.Name)
			}
		}
	}
}

func TestImportHSDSReportsPerRecord(t *testing.T) {
	ctx := context.Background()
	db, _ := demoStore(t)
	lines := bytes.SplitN(exportAll(t, db)[formatHSDSJSON][""], []byte("\n"), 3)
	var svc map[string]any
	json.Unmarshal(lines[1], &svc)
	svc["id"] = "5e0e2a4f-0d9c-4a39-9d53-1f0a9b0b0c01"
	svc["name"] = "Second copy"
	svc["schedules"] = []any{map[string]any{"id": "48102e86-bb50-41c4-8f1e-e269368c41d1"}}
	second, _ := json.Marshal(svc)
	page := `{"total_items": 3, "contents": [` + string(lines[0]) + `, ` + string(second) + `, {"name": "Orphan", "description": "No organization."}]}`
	file := filepath.Join(t.TempDir(), "page.json")
	os.WriteFile(file, []byte(page), 0o600)
	var out bytes.Buffer
	err := run(ctx, []string{"import", "--publish", "--db", testdb.DSN(t), file}, nil, &out, quiet)
	if err == nil || !strings.Contains(err.Error(), "1 of 3 record(s) skipped") {
		t.Errorf("error %v", err)
	}
	for _, want := range []string{`record 3 ("Orphan"): skipped: organization: no name`, `record 2 ("Second copy"): imported without: not imported: schedules (1)`, "2 new, 0 updated, 0 unchanged, 1 skipped"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if err := run(ctx, []string{"import", "--db", testdb.DSN(t), file + ".missing.ndjson"}, nil, io.Discard, quiet); err == nil {
		t.Error("a missing file imported")
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte("name,organization\n"), 0o600)
	if err := run(ctx, []string{"import", "--db", testdb.DSN(t), bad}, nil, io.Discard, quiet); err == nil || !strings.Contains(err.Error(), "nothing was imported") {
		t.Errorf("a CSV named .json: %v", err)
	}
}

func TestExportUsage(t *testing.T) {
	ctx := context.Background()
	db, _ := demoStore(t)
	for _, args := range [][]string{{"export", "--db", db}, {"export", "--db", db, "--format", "xml", "--out", "x"}, {"export", "--db", db, "--out", "x", "extra"}} {
		if err := run(ctx, args, nil, io.Discard, quiet); exitCode(err) != 2 {
			t.Errorf("%v: %v", args, err)
		}
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"export", "--db", db, "--format", "csv", "--out", "-"}, nil, &out, quiet); err != nil || !strings.HasPrefix(out.String(), "name,organization,") {
		t.Errorf("export to standard output: %v %.80s", err, out.String())
	}
	// A failed export leaves no file behind.
	dir := t.TempDir()
	if err := run(ctx, []string{"export", "--db", db, "--out", filepath.Join(dir, "missing", "x.ndjson")}, nil, io.Discard, quiet); err == nil {
		t.Error("export into a missing folder")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
}

// TestImportsFromElsewhereGoToTheQueue: an HSDS file goes to the
// moderation queue unless --publish, and so does a CSV file with
// --pending; nothing is public until a moderator approves.
func TestImportsFromElsewhereGoToTheQueue(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := testdb.DSN(t)
	csvFile := filepath.Join(dir, "demo.csv")
	os.WriteFile(csvFile, demoPrograms, 0o600)
	if err := run(ctx, []string{"import", "--db", src, csvFile}, nil, io.Discard, quiet); err != nil {
		t.Fatal(err)
	}
	ndjson := filepath.Join(dir, "services.ndjson")
	if err := run(ctx, []string{"export", "--db", src, "--format", "hsds-json", "--out", ndjson}, nil, io.Discard, quiet); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"hsds", []string{"import", "--db", "DB", ndjson}, "48 new listings, 0 updates (0 unchanged, not queued)"},
		{"csv", []string{"import", "--pending", "--db", "DB", csvFile}, "48 new listings, 0 updates (0 unchanged, not queued)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := testdb.DSN(t)
			args := append([]string(nil), c.args...)
			args[slices.Index(args, "DB")] = db
			var out bytes.Buffer
			if err := run(ctx, args, nil, &out, quiet); err != nil || !strings.Contains(out.String(), c.want) {
				t.Fatalf("%v: %s", err, out.String())
			}
			store, err := openStore(ctx, db, quiet)
			if err != nil {
				t.Fatal(err)
			}
			defer store.Close()
			if n, _ := store.CountPrograms(ctx); n != 0 {
				t.Errorf("%d programs published before moderation", n)
			}
			items, _, _ := store.Queue(ctx, models.QueueFilter{State: models.StatePending})
			if len(items) != 48 || items[0].Kind != models.KindNew || items[0].Draft.Name == "" {
				t.Errorf("queue: %d items", len(items))
			}
			// Queued again, the same programs are updates once published;
			// one the same as the file has nothing to review.
			mod, _ := store.CreateUser(ctx, models.ActorImporter, "mod@example.org", "correct horse battery", models.RoleModerator)
			if _, err := store.Decide(ctx, mod, models.Decision{SubmissionID: items[0].ID, Version: 1, To: models.StateApproved}); err != nil {
				t.Fatal(err)
			}
			out.Reset()
			if err := run(ctx, args, nil, &out, quiet); err != nil || !strings.Contains(out.String(), "47 new listings, 0 updates (1 unchanged, not queued)") {
				t.Errorf("second queueing: %v %s", err, out.String())
			}
		})
	}
}

// TestExportToANamedPipe: a path that is there and not a regular file
// (a named pipe here, /dev/null or /dev/stdout for an operator) is written
// to, not renamed over: run as root, "export --out /dev/null" replaced the
// machine's /dev/null with a file.
func TestExportToANamedPipe(t *testing.T) {
	dsn, _ := demoStore(t)
	pipe := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(pipe, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	got := make(chan int)
	go func() {
		f, err := os.Open(pipe)
		if err != nil {
			got <- -1
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- len(b)
	}()
	if err := run(context.Background(), []string{"export", "--db", dsn, "--format", "csv", "--out", pipe}, strings.NewReader(""), io.Discard, quiet); err != nil {
		t.Fatal(err)
	}
	select {
	case n := <-got:
		if n < 1000 {
			t.Errorf("the pipe's reader got %d bytes", n)
		}
	case <-time.After(10 * time.Second):
		t.Error("nothing was written to the pipe")
		if f, err := os.OpenFile(pipe, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close() // let the reader go, if the pipe is still one
		}
	}
	if fi, err := os.Lstat(pipe); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the named pipe was replaced: %v %v", fi.Mode(), err)
	}
}

// TestExportThroughALink: a link (as /dev/stdout is to a redirected file)
// is written through, not renamed over.
func TestExportThroughALink(t *testing.T) {
	dsn, _ := demoStore(t)
	dir := t.TempDir()
	target, link := filepath.Join(dir, "target.csv"), filepath.Join(dir, "link")
	os.WriteFile(target, []byte("old content that is longer than nothing"), 0o600)
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := run(context.Background(), []string{"export", "--db", dsn, "--format", "csv", "--out", link}, strings.NewReader(""), io.Discard, quiet); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v", err)
	}
	if b, _ := os.ReadFile(target); !bytes.HasPrefix(b, []byte("name,organization")) {
		t.Errorf("the link's target: %.60q", b)
	}
}
