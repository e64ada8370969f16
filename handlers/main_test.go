package handlers

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"pathways/models"
	"pathways/models/testdb"
)

// testApp is the real router on a real database with the real migrations.
type testApp struct {
	t     testing.TB
	store *models.Store
	e     *echo.Echo
	logs  *syncBuilder
	srv   *httptest.Server
}

// testNow is the test application's clock.
var testNow = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

func newTestApp(t testing.TB) *testApp {
	t.Helper()
	ctx := context.Background()
	logs := &syncBuilder{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	store, err := models.Open(testdb.DSN(t), log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if err := store.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return testNow }
	many := Limit{Burst: 1000, Per: time.Minute}
	e, err := New(ctx, store, log, Config{Now: now, PublicWriteLimit: many, LoginLimit: many})
	if err != nil {
		t.Fatal(err)
	}
	return &testApp{t: t, store: store, e: e, logs: logs}
}

const csvHeader = "name,organization,summary,description,themes,audiences,level,languages,delivery,cost,country,region,city,postal_code,address,confidential,website,email,phone,how_to_refer,eligibility,age_min,age_max,evidence,last_verified\n"

func (a *testApp) importCSV(rows string) {
	a.t.Helper()
	tax, err := a.store.Taxonomies(context.Background())
	if err != nil {
		a.t.Fatal(err)
	}
	parsed, err := models.ParseProgramsCSV(strings.NewReader(csvHeader+rows), models.NewValidator(tax))
	if err != nil {
		a.t.Fatalf("parse: %v", err)
	}
	if _, err := a.store.ImportPrograms(context.Background(), parsed); err != nil {
		a.t.Fatalf("import: %v", err)
	}
}

// get requests target and returns the response and its body.
func (a *testApp) get(target string, headers ...string) (*http.Response, string) {
	a.t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	a.e.ServeHTTP(rec, req)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

// syncBuilder collects log lines from concurrent requests.
type syncBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuilder) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuilder) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (a *testApp) log() *slog.Logger { return slog.New(slog.NewTextHandler(a.logs, nil)) }

func strconvFormat(n int64) string { return strconv.FormatInt(n, 10) }

var modelsQueueAll = models.QueueFilter{}

var modelsAuditAll = models.AuditFilter{}
