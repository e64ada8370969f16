package main

import (
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pathways/models/testdb"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// pgBin finds PostgreSQL's server programs.
func pgBin(t *testing.T) string {
	if d := os.Getenv("PATHWAYS_PG_BIN"); d != "" {
		return d
	}
	m, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	if len(m) == 0 {
		t.Skip("PostgreSQL server programs not found")
	}
	return m[len(m)-1]
}

// asPostgres runs a PostgreSQL program as the postgres user when we are
// root (the server refuses to run as root).
func asPostgres(t *testing.T, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	if os.Geteuid() == 0 {
		quoted := make([]string, len(args))
		for i, a := range args {
			quoted[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		cmd = exec.Command("su", "postgres", "-s", "/bin/sh", "-c", name+" "+strings.Join(quoted, " "))
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
}

// TestReadReplica starts a real streaming replica of the test cluster
// (pg_basebackup -R) and serves public reads from it.
func TestReadReplica(t *testing.T) {
	if !testdb.Postgres() {
		t.Skip("needs PostgreSQL: set " + testdb.EnvPostgres + " (see .ci/postgres)")
	}
	bin := pgBin(t)
	primaryURL := testdb.DSN(t)
	pu, _ := url.Parse(primaryURL)
	dbName := strings.TrimPrefix(pu.Path, "/")

	dir, err := os.MkdirTemp("", "pathways-replica")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if os.Geteuid() == 0 {
		exec.Command("chown", "postgres", dir).Run()
	}
	data := filepath.Join(dir, "data")
	asPostgres(t, filepath.Join(bin, "pg_basebackup"), "-h", pu.Hostname(), "-p", pu.Port(), "-U", "postgres", "-D", data, "-R", "-X", "stream", "-c", "fast")
	port := freePort(t)
	asPostgres(t, filepath.Join(bin, "pg_ctl"), "-D", data, "-l", filepath.Join(dir, "log"), "-w",
		"-o", fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c hot_standby=on", port, dir), "start")
	stopped := false
	stopReplica := func() {
		if !stopped {
			stopped = true
			asPostgres(t, filepath.Join(bin, "pg_ctl"), "-D", data, "-m", "immediate", "stop")
		}
	}
	defer stopReplica()
	ru := *pu
	ru.Host = fmt.Sprintf("127.0.0.1:%d", port)
	replicaURL := ru.String()

	// The test database exists on the replica once replayed. The replica
	// replays the whole cluster, the databases the other packages' tests
	// create at the same time included: under a full suite on two cores it
	// fell more than 10 s behind (twice in one day), hence the minute.
	waitFor(t, time.Minute, "the replica to have the database", func() bool {
		db, err := sql.Open("pgx", replicaURL)
		if err != nil {
			return false
		}
		defer db.Close()
		return db.Ping() == nil
	})

	if err := run(t.Context(), []string{"user", "add", "--db", primaryURL, "--email", "mod@example.org"},
		strings.NewReader("correct horse battery\n"), io.Discard, quiet); err != nil {
		t.Fatal(err)
	}
	s := startServer(t, primaryURL, "--db-replica", replicaURL, "--demo")
	c := newClient(t, s.base)
	waitFor(t, time.Minute, "the demo data on the replica", func() bool { return c.total("q=family") > 0 })

	// Public reads come from the replica.
	for i := 0; i < 5; i++ {
		c.total("q=youth")
		c.get("/programs?q=education")
	}
	rdb, err := sql.Open("pgx", replicaURL)
	if err != nil {
		t.Fatal(err)
	}
	var readers int
	rdb.QueryRow("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pathways-public-reads' AND datname = $1", dbName).Scan(&readers)
	rdb.Close()
	if readers == 0 {
		t.Error("no connection of the app on the replica: public reads do not go there")
	}
	if _, body := c.get("/readyz"); !strings.Contains(body, "replica: ok") {
		t.Errorf("readyz: %s", body)
	}

	// Writes land on the primary (the replica would refuse them), and an
	// approval reaches public search within two seconds.
	if _, err := submit(s.base, "Replica Harbour"); err != nil {
		t.Fatalf("submit with a replica: %v", err)
	}
	mod := newClient(t, s.base)
	mod.login("mod@example.org")
	_, body := mod.get("/admin")
	id := miQueueIDRe.FindStringSubmatch(body)[1]
	_, body = mod.get("/admin/submissions/" + id)
	if res, _ := mod.post("/admin/submissions/"+id+"/approve", url.Values{"version": {miVersionRe.FindStringSubmatch(body)[1]}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.StatusCode)
	}
	start := time.Now()
	waitFor(t, 2*time.Second, "the approval in public search", func() bool { return c.total("q=replica+harbour") == 1 })
	t.Logf("approval visible in public search after %v", time.Since(start).Round(time.Millisecond))

	// With the replica stopped, search goes on from the primary.
	stopReplica()
	waitFor(t, 5*time.Second, "search without the replica", func() bool {
		res, _ := c.get("/api/v1/programs?q=youth")
		return res.StatusCode == 200
	})
	for i := 0; i < 10; i++ {
		if res, _ := c.get("/programs?q=education"); res.StatusCode != 200 {
			t.Fatalf("search with the replica down: %d", res.StatusCode)
		}
	}
	if _, body := c.get("/readyz"); !strings.Contains(body, "replica: down") {
		t.Errorf("readyz with the replica down: %s", body)
	}
}

func waitFor(t *testing.T, d time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		if ok() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", d, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
