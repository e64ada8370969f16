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
	// A replication slot keeps the primary's WAL until the replica has it.
	// Without one, the other packages' tests, writing at the same time on
	// the same cluster, had the primary recycle a segment the replica had
	// not streamed yet ("requested WAL segment … has already been
	// removed"), and the replica never caught up: the test waited in vain
	// in two full runs of one day. The slot goes with the test, or it would
	// keep WAL for ever.
	slot := fmt.Sprintf("pathways_replica_%d_%d", os.Getpid(), time.Now().UnixNano())
	t.Cleanup(func() { dropSlot(t, primaryURL, slot) })
	asPostgres(t, filepath.Join(bin, "pg_basebackup"), "-h", pu.Hostname(), "-p", pu.Port(), "-U", "postgres", "-D", data, "-R", "-X", "stream", "-c", "fast",
		"-C", "-S", slot)
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
	if !waitUntil(time.Minute, func() bool { return c.total("q=family") > 0 }) {
		// Which side is late: the replica's replay, or the server?
		count := func(dsn string) string {
			db, err := sql.Open("pgx", dsn)
			if err != nil {
				return err.Error()
			}
			defer db.Close()
			var n, v int64
			err = db.QueryRow("SELECT (SELECT count(*) FROM programs), (SELECT version FROM search_state WHERE id = 1)").Scan(&n, &v)
			return fmt.Sprintf("%d programs, search version %d, %v", n, v, err)
		}
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		if len(log) > 4000 {
			log = log[len(log)-4000:]
		}
		t.Fatalf("waited a minute for the demo data through the server on the replica: the primary has %s; the replica %s; the server's search finds %d.\nreplica log:\n%s",
			count(primaryURL), count(replicaURL), c.total("q=family"), log)
	}

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
	if !waitUntil(d, ok) {
		t.Fatalf("waited %v for %s", d, what)
	}
}

// dropSlot removes a replication slot once its replica has let go of it.
func dropSlot(t *testing.T, dsn, slot string) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Errorf("drop slot %s: %v", slot, err)
		return
	}
	defer db.Close()
	var last error
	if !waitUntil(10*time.Second, func() bool {
		_, last = db.Exec("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active", slot)
		var left int
		if err := db.QueryRow("SELECT count(*) FROM pg_replication_slots WHERE slot_name = $1", slot).Scan(&left); err != nil {
			last = err
			return false
		}
		return left == 0
	}) {
		t.Errorf("replication slot %s left on the cluster: %v", slot, last)
	}
}

// waitUntil asks ok every 50 ms until it is true, or d has passed.
func waitUntil(d time.Duration, ok func() bool) bool {
	deadline := time.Now().Add(d)
	for {
		if ok() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
}
