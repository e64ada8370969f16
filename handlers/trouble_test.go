package handlers

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// TestReadOnlyDatabase: writes answer 503 with Retry-After and a plain
// page, nothing is half-written, reads go on, /readyz says not ready, and
// all recovers when the database accepts writes again.
func TestReadOnlyDatabase(t *testing.T) {
	a := newFixtureApp(t)
	ctx := context.Background()
	b := a.browser()
	b.get("/submit")
	before, _ := a.store.CountPrograms(ctx)
	if err := a.store.SetReadOnly(ctx, true); err != nil {
		t.Fatal(err)
	}
	if res, _ := a.get("/readyz"); res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Errorf("readyz on a read-only database: %d", res.StatusCode)
	}
	res, body := b.post("/submit", validSubmission("Harbour Mentors"))
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Fatalf("submit on a read-only database: %d", res.StatusCode)
	}
	if !strings.Contains(body, "Temporarily unavailable") || strings.Contains(body, "readonly") {
		t.Errorf("503 page: %s", body)
	}
	if res, _ := a.get("/programs?q=education"); res.StatusCode != 200 {
		t.Errorf("search while read-only: %d", res.StatusCode)
	}
	if err := a.store.SetReadOnly(ctx, false); err != nil {
		t.Fatal(err)
	}
	if res, _ := a.get("/readyz"); res.StatusCode != 200 {
		t.Errorf("readyz after recovery: %d", res.StatusCode)
	}
	if n, _ := a.store.CountPrograms(ctx); n != before {
		t.Errorf("programs changed: %d → %d", before, n)
	}
	items, _, _ := a.store.Queue(ctx, modelsQueueAll)
	if len(items) != 0 {
		t.Errorf("a half-written submission: %d", len(items))
	}
	b.get("/submit")
	if res, _ := b.post("/submit", validSubmission("Harbour Mentors")); res.StatusCode != http.StatusSeeOther {
		t.Errorf("submit after recovery: %d", res.StatusCode)
	}
}

func TestClosedDatabaseAnswers503(t *testing.T) {
	a := newFixtureApp(t)
	a.store.Close()
	for _, p := range []string{"/programs", "/programs/education-first", "/api/v1/programs"} {
		res, body := a.get(p)
		if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
		if strings.Contains(body, "sql:") || strings.Contains(body, "closed") {
			t.Errorf("%s leaks the error: %s", p, body)
		}
	}
}
