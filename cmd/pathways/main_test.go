package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pathways/models"
	"pathways/models/testdb"
)

var quiet = slog.New(slog.DiscardHandler)

// demoDirectory is a new test database (its DSN) with the demo directory
// loaded.
func demoDirectory(t *testing.T) (string, *models.Store) {
	t.Helper()
	dsn := testdb.DSN(t)
	store, err := openStore(context.Background(), dsn, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if err := loadDemo(context.Background(), store, quiet); err != nil {
		t.Fatal(err)
	}
	return dsn, store
}

func TestDemoDataIsRichAndOnlyLoadedIntoAnEmptyDatabase(t *testing.T) {
	ctx := context.Background()
	_, store := demoDirectory(t)
	tax, _ := store.Taxonomies(ctx)
	res, err := store.SearchPrograms(ctx, models.ParseSearchParams(nil, tax))
	if err != nil {
		t.Fatal(err)
	}
	if res.Total < 40 {
		t.Errorf("demo has %d programs, want at least 40", res.Total)
	}
	if n := len(res.Facets["country"]); n < 8 {
		t.Errorf("demo covers %d countries, want at least 8", n)
	}
	if n := len(res.Facets["language"]); n < 5 {
		t.Errorf("demo covers %d languages", n)
	}
	for _, group := range []string{models.TaxTheme, models.TaxAudience} {
		counts := map[string]int{}
		for _, fc := range res.Facets[group] {
			counts[fc.Value] = fc.Count
		}
		for _, term := range tax.Terms(group) {
			if counts[term.Slug] == 0 {
				t.Errorf("no demo program for %s %s", group, term.Slug)
			}
		}
	}
	if !bytes.Contains(demoPrograms, []byte(",true,")) {
		t.Errorf("demo has no confidential address")
	}
	// A second start never loads it again, and never over real data.
	if err := loadDemo(ctx, store, quiet); err != nil {
		t.Fatal(err)
	}
	if n, _ := store.CountPrograms(ctx); n != int64(res.Total) {
		t.Errorf("demo loaded twice: %d programs", n)
	}
}

func TestImportCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := testdb.DSN(t)
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, demoPrograms, 0o600)
	var out bytes.Buffer
	if err := run(ctx, []string{"import", "--db", db, good}, nil, &out, quiet); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "48 new, 0 updated") {
		t.Errorf("output: %s", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"import", "--db", db, good}, nil, &out, quiet); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "0 new, 0 updated, 48 unchanged") {
		t.Errorf("re-import output: %s", out.String())
	}

	bad := filepath.Join(dir, "bad.csv")
	header := strings.SplitN(string(demoPrograms), "\n", 2)[0]
	os.WriteFile(bad, []byte(header+"\nClub,Org,Summary,,education,children,everyone,en,,,BE,,Gent,,,false,,,,,,,,,\n"), 0o600)
	err := run(ctx, []string{"import", "--db", testdb.DSN(t), bad}, nil, io.Discard, quiet)
	if err == nil || !strings.Contains(err.Error(), `row 2, column level: unknown level "everyone"`) || !strings.Contains(err.Error(), "nothing was imported") {
		t.Errorf("bad file: %v", err)
	}
	if err := run(ctx, []string{"import"}, nil, io.Discard, quiet); exitCode(err) != 2 {
		t.Errorf("import without a file: %v", err)
	}
	if err := run(ctx, []string{"nonsense"}, nil, io.Discard, quiet); exitCode(err) != 2 {
		t.Errorf("unknown command: %v", err)
	}
}

func TestUserAddReadsPasswordFromStdin(t *testing.T) {
	ctx := context.Background()
	db := testdb.DSN(t)
	var out bytes.Buffer
	err := run(ctx, []string{"user", "add", "--db", db, "--email", "admin@example.org", "--role", "admin"},
		strings.NewReader("a long enough password\n"), &out, quiet)
	if err != nil || !strings.Contains(out.String(), "added admin admin@example.org") {
		t.Fatalf("user add: %v %s", err, out.String())
	}
	store, err := openStore(ctx, db, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if _, err := store.Authenticate(ctx, "admin@example.org", "a long enough password"); err != nil {
		t.Errorf("cannot log in with the password given: %v", err)
	}
	err = run(ctx, []string{"user", "add", "--db", db, "--email", "m@example.org"}, strings.NewReader("short\n"), io.Discard, quiet)
	if err == nil || !strings.Contains(err.Error(), "at least 12 characters") {
		t.Errorf("short password: %v", err)
	}
	err = run(ctx, []string{"user", "add", "--db", db, "--email", "admin@example.org"}, strings.NewReader("another long password\n"), io.Discard, quiet)
	if err == nil {
		t.Error("the same e-mail twice")
	}
	// A new password, for an account that exists.
	out.Reset()
	err = run(ctx, []string{"user", "password", "--db", db, "--email", "Admin@example.org"}, strings.NewReader("a new long password\n"), &out, quiet)
	if err != nil || !strings.Contains(out.String(), "its sessions are ended") {
		t.Errorf("user password: %v %s", err, out.String())
	}
	if _, err := store.Authenticate(ctx, "admin@example.org", "a new long password"); err != nil {
		t.Errorf("cannot log in with the new password: %v", err)
	}
	err = run(ctx, []string{"user", "password", "--db", db, "--email", "nobody@example.org"}, strings.NewReader("a new long password\n"), io.Discard, quiet)
	if err == nil || !strings.Contains(err.Error(), "no account") {
		t.Errorf("user password of an unknown e-mail: %v", err)
	}
	// There is no default account: a fresh database has no users.
	fresh, err := openStore(ctx, testdb.DSN(t), quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if us, _ := fresh.Users(ctx); len(us) != 0 {
		t.Errorf("a fresh database has %d users", len(us))
	}
}

// TestFlagsAndVariablesAreChecked: a variable with a value its flag could
// not take is a usage error, as the flag is; "on" and "off" are booleans;
// flags before the command are refused rather than starting the server.
func TestFlagsAndVariablesAreChecked(t *testing.T) {
	ctx := context.Background()
	log := slog.New(slog.DiscardHandler)
	db := filepath.Join(t.TempDir(), "p.db")
	for _, c := range []struct{ env, val string }{
		{"PATHWAYS_LOGIN_LIMIT", "abc"}, {"PATHWAYS_SHUTDOWN_TIMEOUT", "banana"}, {"PATHWAYS_HTTPS", "maybe"},
	} {
		t.Run(c.env, func(t *testing.T) {
			t.Setenv(c.env, c.val)
			err := run(ctx, []string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, strings.NewReader(""), io.Discard, log)
			if exitCode(err) != 2 || !strings.Contains(fmt.Sprint(err), c.env) {
				t.Errorf("%s=%s: %v (exit %d)", c.env, c.val, err, exitCode(err))
			}
		})
	}
	// The flag wins over its variable, a bad one too.
	t.Setenv("PATHWAYS_LOGIN_LIMIT", "abc")
	fs := newFlagSet("x")
	limit := fs.Int("login-limit", 10, "")
	if err := fs.Parse([]string{"--login-limit", "5"}); err != nil || *limit != 5 {
		t.Errorf("--login-limit 5 over PATHWAYS_LOGIN_LIMIT=abc: %d %v", *limit, err)
	}
	t.Setenv("PATHWAYS_LOGIN_LIMIT", "")
	t.Setenv("PATHWAYS_HTTPS", "on")
	fs = newFlagSet("x")
	https := fs.Bool("https", false, "")
	if err := fs.Parse(nil); err != nil || !*https {
		t.Errorf("PATHWAYS_HTTPS=on: %v %v", *https, err)
	}
	t.Setenv("PATHWAYS_HTTPS", "")
	err := run(ctx, []string{"--db", db, "migrate"}, strings.NewReader(""), io.Discard, log)
	if exitCode(err) != 2 || !strings.Contains(fmt.Sprint(err), "a command comes first") {
		t.Errorf("flags before the command: %v", err)
	}
	if err := run(ctx, []string{"serve", "--login-limit", "abc"}, strings.NewReader(""), io.Discard, log); exitCode(err) != 2 {
		t.Errorf("a bad flag value: %v (exit %d)", err, exitCode(err))
	}
	if err := run(ctx, []string{"serve", "--db", db, "--shutdown-timeout", "-5s"}, strings.NewReader(""), io.Discard, log); exitCode(err) != 2 {
		t.Errorf("a negative shutdown timeout: %v (exit %d)", err, exitCode(err))
	}
}

// TestReadingCommandsNeedAnExistingDatabase: backup and export of a
// SQLite file that is not there are usage errors, and create nothing.
func TestReadingCommandsNeedAnExistingDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	missing := filepath.Join(dir, "nosuch.db")
	for _, args := range [][]string{
		{"backup", "--db", missing, filepath.Join(dir, "copy.db")},
		{"export", "--db", missing, "--format", "csv", "--out", filepath.Join(dir, "out.csv")},
	} {
		err := run(ctx, args, strings.NewReader(""), io.Discard, quiet)
		if exitCode(err) != 2 || !strings.Contains(fmt.Sprint(err), "no such database") {
			t.Errorf("%v: %v", args, err)
		}
		if _, err := os.Stat(missing); err == nil {
			t.Fatalf("%v created %s", args, missing)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
		t.Errorf("files made: %v", left)
	}
}

// TestImportRecognisesHSDSByContent: an HSDS file is read as one whatever
// its name ends with (an export named x.hsds-json was read as CSV), and
// with a byte order mark (which the JSON decoder refused).
func TestImportRecognisesHSDSByContent(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, demoPrograms, 0o600)
	if err := run(ctx, []string{"import", "--db", src, good}, nil, io.Discard, quiet); err != nil {
		t.Fatal(err)
	}
	export := filepath.Join(dir, "x.hsds-json")
	if err := run(ctx, []string{"export", "--db", src, "--format", "hsds-json", "--out", export}, nil, io.Discard, quiet); err != nil {
		t.Fatal(err)
	}
	// A .csv file whose first column's name begins as JSON does is CSV.
	bracket := filepath.Join(dir, "bracket.csv")
	lines := strings.SplitN(string(demoPrograms), "\n", 3)
	os.WriteFile(bracket, []byte("[id],"+lines[0]+"\nx,"+lines[1]+"\n"), 0o600)
	if err := run(ctx, []string{"import", "--db", filepath.Join(dir, "bracket.db"), bracket}, nil, io.Discard, quiet); err != nil {
		t.Errorf("a .csv with [id] first: %v", err)
	}
	data, _ := os.ReadFile(export)
	bom := filepath.Join(dir, "bom.json")
	os.WriteFile(bom, append([]byte("\ufeff"), data...), 0o600)
	for _, f := range []string{export, bom} {
		db := filepath.Join(dir, filepath.Base(f)+".db")
		if err := run(ctx, []string{"import", "--db", db, "--publish", f}, nil, io.Discard, quiet); err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		store, err := openStore(ctx, db, quiet)
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := store.CountPrograms(ctx); n != 48 {
			t.Errorf("%s: %d programs imported, want 48", filepath.Base(f), n)
		}
		store.Close()
	}
}

// TestServeLogsNoDatabasePassword: serve logged the database address as
// given, password and all, in the system journal.
func TestServeLogsNoDatabasePassword(t *testing.T) {
	for dsn, want := range map[string]string{
		"postgres://app:S3cret@db.example:5432/pathways?sslmode=require": "postgres://app:xxxxx@db.example:5432/pathways?sslmode=require",
		"postgresql://app@db.example/pathways?password=S3cret":           "postgresql://app@db.example/pathways?password=xxxxx",
		"postgres://db.example/pathways?sslcert=c&sslpassword=S3cret":    "postgres://db.example/pathways?sslcert=c&sslpassword=xxxxx",
		"pathways.db": "pathways.db",
	} {
		if got := redactedDSN(dsn); got != want {
			t.Errorf("redactedDSN(%q) = %q, want %q", dsn, got, want)
		}
	}
	// "listening" comes once the port is bound: with the port taken,
	// serve logged it and then failed.
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	var logs bytes.Buffer
	err = run(context.Background(), []string{"serve", "--db", filepath.Join(t.TempDir(), "p.db"), "--addr", taken.Addr().String()},
		strings.NewReader(""), io.Discard, slog.New(slog.NewTextHandler(&logs, nil)))
	if err == nil || strings.Contains(logs.String(), "listening") {
		t.Errorf("serve on a port in use: %v\n%s", err, logs.String())
	}
	// And serve logs the address so (on PostgreSQL, whose server here
	// takes any password).
	dsn := testdb.DSN(t)
	if !models.IsPostgresURL(dsn) {
		return
	}
	u, _ := url.Parse(dsn)
	u.User = url.UserPassword(u.User.Username(), "S3cretPass")
	s := startServer(t, u.String())
	if logs := s.logText(); strings.Contains(logs, "S3cretPass") || !strings.Contains(logs, "listening") {
		t.Errorf("serve's log:\n%s", logs)
	}
}
