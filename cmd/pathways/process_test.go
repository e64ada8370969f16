package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"pathways/models/testdb"
)

// These tests run the real binary: built once, started on a free loopback
// port, killed and restarted.

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// pathwaysBinary builds cmd/pathways (with FTS5) once per test run.
func pathwaysBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "pathways-bin")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "pathways")
		out, err := exec.Command("go", "build", "-tags", "sqlite_fts5", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// server is a running pathways process.
type server struct {
	t    *testing.T
	cmd  *exec.Cmd
	base string
	db   string
	done chan error
	logs *strings.Builder
	lw   *lockedWriter // writes logs
}

// logText is what the server logged so far.
func (s *server) logText() string {
	s.lw.mu.Lock()
	defer s.lw.mu.Unlock()
	return s.logs.String()
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startServer starts `pathways serve` on db and waits until it answers.
func startServer(t *testing.T, db string, extra ...string) *server {
	t.Helper()
	port := freePort(t)
	args := append([]string{"serve", "--addr", fmt.Sprintf("127.0.0.1:%d", port), "--db", db}, extra...)
	cmd := exec.Command(pathwaysBinary(t), args...)
	logs := &strings.Builder{}
	lw := &lockedWriter{w: logs}
	cmd.Stderr = lw
	cmd.Env = append(os.Environ(), "PATHWAYS_PUBLIC_WRITE_LIMIT=100000")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{t: t, cmd: cmd, base: fmt.Sprintf("http://127.0.0.1:%d", port), db: db, done: make(chan error, 1), logs: logs, lw: lw}
	go func() { s.done <- cmd.Wait() }()
	t.Cleanup(func() { cmd.Process.Kill() })
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if res, err := http.Get(s.base + "/healthz"); err == nil {
			res.Body.Close()
			return s
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server did not start:\n%s", logs.String())
	return nil
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// submit sends one submission as a browser would and returns its tracking
// path, or an error when it was not acknowledged.
func submit(base, name string) (string, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(base + "/submit")
	if err != nil {
		return "", err
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfRe.FindSubmatch(body)
	if m == nil {
		return "", fmt.Errorf("no csrf token (%d)", res.StatusCode)
	}
	form := url.Values{"csrf": {string(m[1])}, "name": {name}, "organization": {"Durable Org"},
		"summary": {"A program that must not be lost."}, "themes": {"education"}, "audiences": {"children"},
		"submitter_name": {"Sam"}, "submitter_email": {"sam@example.org"}, "loc0_city": {"Gent"}, "loc0_country": {"BE"}}
	res, err = c.PostForm(base+"/submit", form)
	if err != nil {
		return "", err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return "", fmt.Errorf("status %d", res.StatusCode)
	}
	return strings.TrimSuffix(res.Header.Get("Location"), "?created=1"), nil
}

func TestAcknowledgedSubmissionSurvivesKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("process test skipped with -short")
	}
	db := testdb.DSN(t)
	s := startServer(t, db)
	track, err := submit(s.base, "Survivor")
	if err != nil {
		t.Fatal(err)
	}
	s.cmd.Process.Signal(syscall.SIGKILL) // no chance to flush anything
	<-s.done
	s2 := startServer(t, db)
	res, err := http.Get(s2.base + track)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "Survivor") {
		t.Fatalf("acknowledged submission lost after kill -9: %d", res.StatusCode)
	}
}

func TestSIGTERMDrainsAndKeepsEveryAcknowledgedSubmission(t *testing.T) {
	if testing.Short() {
		t.Skip("process test skipped with -short")
	}
	db := testdb.DSN(t)
	s := startServer(t, db, "--shutdown-timeout", "5s")
	var mu sync.Mutex
	var acked []string
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				track, err := submit(s.base, fmt.Sprintf("Load %d-%d", w, i))
				if err == nil {
					mu.Lock()
					acked = append(acked, track)
					mu.Unlock()
				} else if strings.Contains(err.Error(), "connection refused") {
					return
				}
			}
		}(w)
	}
	time.Sleep(700 * time.Millisecond)
	start := time.Now()
	s.cmd.Process.Signal(syscall.SIGTERM)
	var exitErr error
	select {
	case exitErr = <-s.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not stop within 10 s of SIGTERM")
	}
	close(stop)
	wg.Wait()
	if exitErr != nil {
		t.Fatalf("exit after SIGTERM: %v\n%s", exitErr, s.logs.String())
	}
	t.Logf("stopped %v after SIGTERM; %d submissions acknowledged", time.Since(start).Round(time.Millisecond), len(acked))
	if len(acked) == 0 {
		t.Fatal("no submission acknowledged under load")
	}
	s2 := startServer(t, db)
	for _, track := range acked {
		res, err := http.Get(s2.base + track)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("acknowledged %s lost: %d", track, res.StatusCode)
		}
	}
}

func TestBackupUnderWriteLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("process test skipped with -short")
	}
	testdb.SkipOnPostgres(t, "PostgreSQL is backed up with pg_dump")
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	s := startServer(t, db, "--demo")
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				submit(s.base, fmt.Sprintf("Backup load %d-%d", w, i))
			}
		}(w)
	}
	time.Sleep(300 * time.Millisecond)
	copyPath := filepath.Join(dir, "copy.db")
	out, err := exec.Command(pathwaysBinary(t), "backup", "--db", db, copyPath).CombinedOutput()
	time.Sleep(200 * time.Millisecond)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	ctx := context.Background()
	copyStore, err := openStore(ctx, copyPath, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer copyStore.Close()
	if v, err := copyStore.IntegrityCheck(ctx); err != nil || v != "ok" {
		t.Fatalf("integrity of the copy: %q %v", v, err)
	}
	counts, err := copyStore.TableCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts["programs"] != 48 || counts["submissions"] == 0 || counts["audit_events"] < counts["programs"]+counts["submissions"] {
		t.Errorf("copy counts: %v", counts)
	}
	// The copy is a snapshot: every submission in it has its audit event.
	s.cmd.Process.Signal(syscall.SIGTERM)
	<-s.done
	live, err := openStore(ctx, db, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	liveCounts, _ := live.TableCounts(ctx)
	if liveCounts["submissions"] < counts["submissions"] {
		t.Errorf("the copy has more than the original: %v vs %v", counts, liveCounts)
	}
	if err := run(ctx, []string{"backup", "--db", db, copyPath}, nil, io.Discard, quiet); err == nil {
		t.Error("backup overwrote an existing file")
	}
}

// TestSlowClientCannotHoldTheServer: a client that never finishes its
// headers is cut off after the read-header timeout, and others are served
// meanwhile.
func TestSlowClientCannotHoldTheServer(t *testing.T) {
	if testing.Short() {
		t.Skip("process test skipped with -short")
	}
	s := startServer(t, testdb.DSN(t))
	addr := strings.TrimPrefix(s.base, "http://")
	var conns []net.Conn
	for i := 0; i < 20; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: "))
		conns = append(conns, c)
	}
	if res, err := http.Get(s.base + "/healthz"); err != nil || res.StatusCode != 200 {
		t.Fatalf("server held by slow clients: %v", err)
	}
	start := time.Now()
	conns[0].SetReadDeadline(time.Now().Add(15 * time.Second))
	io.ReadAll(conns[0]) // returns when the server closes the connection
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("slow client held its connection for %v", d)
	}
}

// TestServePreparesSuggestions: the vocabulary of spelling suggestions is
// built at start, off the request path. Built at the first search that
// needed one, a big directory's build took longer than that search waits,
// so the first misspelt search after each start had no suggestion.
func TestServePreparesSuggestions(t *testing.T) {
	if testing.Short() {
		t.Skip("process test skipped with -short")
	}
	s := startServer(t, testdb.DSN(t), "--demo")
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(s.logText(), "vocabulary of spelling suggestions built") {
		if time.Now().After(deadline) {
			t.Fatalf("no vocabulary built without a search:\n%s", s.logText())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestImportInterrupted: SIGTERM during an import rolls it back, and the
// command says so (it ended without a word, exit 143).
func TestImportInterrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("process test skipped with -short")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "programs.csv")
	if out, err := exec.Command(pathwaysBinary(t), "generate", "--n", "50000", "--out", file).CombinedOutput(); err != nil {
		t.Fatalf("generate: %v\n%s", err, out)
	}
	db := testdb.DSN(t)
	cmd := exec.Command(pathwaysBinary(t), "import", "--db", db, file)
	var stderr strings.Builder
	cmd.Stderr = &lockedWriter{w: &stderr}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	cmd.Process.Signal(syscall.SIGTERM)
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(stderr.String(), "interrupted; nothing was imported") {
		t.Fatalf("import after SIGTERM: %v\n%s", err, stderr.String())
	}
	store, err := openStore(context.Background(), db, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if n, _ := store.CountPrograms(context.Background()); n != 0 {
		t.Errorf("%d programs after an interrupted import", n)
	}
}
