package handlers

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"pathways/internal/benchdb"
	"pathways/internal/synth"
	"pathways/models"
)

// Search at scale (docs/search.md). These need a directory of synthetic
// programs, asked for with PATHWAYS_BENCH_N; without it they skip, so the
// normal test run stays fast:
//
//	PATHWAYS_BENCH_N=100000 go test -tags sqlite_fts5 ./handlers -run 'AtScale' -v
//	PATHWAYS_BENCH_N=100000 go test -tags sqlite_fts5 ./handlers -run '^$' -bench 'Search|Render' -benchmem
//
// The database is built once (internal/benchdb) and kept in the
// temporary directory for the next run.

// workload is the benchmarks' searches: 600 distinct ones, by kind.
func workload() []synth.Query { return synth.Workload(600, benchdb.Seed) }

type benchApp struct {
	store *models.Store
	e     *echo.Echo
	h     *Handler
}

func newBenchApp(tb testing.TB) *benchApp {
	tb.Helper()
	store := benchdb.Open(tb, benchdb.N(tb))
	ctx := context.Background()
	log := slog.New(slog.DiscardHandler)
	// As serve does at start-up: build the search index before the first
	// request, which would otherwise pay for it (seconds at 1,000,000).
	start := time.Now()
	if _, err := store.SearchPrograms(ctx, models.SearchParams{Page: 1}); err != nil {
		tb.Fatal(err)
	}
	tb.Logf("search index built in %s", time.Since(start).Round(time.Millisecond))
	many := Limit{Burst: 1 << 30, Per: time.Second}
	e, err := New(ctx, store, log, Config{PublicWriteLimit: many, LoginLimit: many})
	if err != nil {
		tb.Fatal(err)
	}
	// The same handlers as the router's, for the render benchmark's page data.
	h, err := newHandler(ctx, store, log, Config{})
	if err != nil {
		tb.Fatal(err)
	}
	return &benchApp{store: store, e: e, h: h}
}

// page requests the search page and fails on anything but 200.
func (a *benchApp) page(tb testing.TB, params string) {
	req := httptest.NewRequest(http.MethodGet, "/programs?"+params, nil)
	rec := httptest.NewRecorder()
	a.e.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		tb.Fatalf("%s: status %d", params, rec.Code)
	}
}

func (a *benchApp) search(tb testing.TB, params string) *models.SearchResult {
	tax, _ := a.store.Taxonomies(context.Background())
	v, _ := url.ParseQuery(params)
	res, err := a.store.SearchPrograms(context.Background(), models.ParseSearchParams(v, tax))
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

func byKind(w []synth.Query) map[string][]synth.Query {
	out := map[string][]synth.Query{}
	for _, q := range w {
		out[q.Kind] = append(out[q.Kind], q)
	}
	return out
}

// loop runs fn over the searches, each one as if asked for the first
// time: the cache of whole results is emptied before each (a benchmark
// goes round the same searches, and a cached result would hide their
// cost), while the text matches of single words other searches used
// stay, as in a running server. One pass first builds the in-memory
// index and reads the pages, outside the timing.
func (a *benchApp) loop(b *testing.B, qs []synth.Query, fn func(params string)) {
	for _, q := range qs {
		fn(q.Params)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		a.store.DropSearchResults()
		fn(qs[i%len(qs)].Params)
	}
}

// BenchmarkSearchStore is the search path: text match, filters, total,
// every facet count, the page's programs with their highlights.
func BenchmarkSearchStore(b *testing.B) {
	a := newBenchApp(b)
	w := workload()
	kinds := byKind(w)
	for _, kind := range append([]string{"mixed"}, synth.Kinds...) {
		qs := kinds[kind]
		if kind == "mixed" {
			qs = w
		}
		b.Run(kind, func(b *testing.B) {
			a.loop(b, qs, func(params string) { a.search(b, params) })
		})
	}
}

// BenchmarkSearchPage is the whole page through the router: search, view
// and HTML.
func BenchmarkSearchPage(b *testing.B) {
	a := newBenchApp(b)
	w := workload()
	kinds := byKind(w)
	for _, kind := range append([]string{"mixed"}, synth.Kinds...) {
		qs := kinds[kind]
		if kind == "mixed" {
			qs = w
		}
		b.Run(kind, func(b *testing.B) {
			a.loop(b, qs, func(params string) { a.page(b, params) })
		})
	}
}

// BenchmarkRenderSearchPage is the template alone, on the data of a busy
// page: 20 results with highlights, every facet group, pagination.
func BenchmarkRenderSearchPage(b *testing.B) {
	a := newBenchApp(b)
	for _, params := range []string{"q=community", "theme=education&country=BE&language=nl"} {
		b.Run(params, func(b *testing.B) {
			data := a.pageData(b, params)
			t := a.h.render.byLang[data.Lang]["programs"]
			var buf bytes.Buffer
			b.ReportAllocs()
			for b.Loop() {
				buf.Reset()
				if err := t.ExecuteTemplate(&buf, "base", data); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len()), "bytes/page")
		})
	}
}

// pageData builds what ProgramIndex hands the template.
func (a *benchApp) pageData(tb testing.TB, params string) *Page {
	req := httptest.NewRequest(http.MethodGet, "/programs?"+params, nil)
	c := a.e.NewContext(req, httptest.NewRecorder())
	p := a.h.page(c, "")
	sp := models.ParseSearchParams(c.QueryParams(), a.h.tax)
	res, err := a.store.SearchPrograms(context.Background(), sp)
	if err != nil {
		tb.Fatal(err)
	}
	view := a.h.newSearchView(p, sp, res, time.Now())
	p.Title = "Search"
	p.Data = view
	p.AssetVersion = a.h.render.AssetVersion
	return p
}

// TestSearchLatencyAtScale runs every query of the workload several
// times through the router, one client, with the caches of derived
// results emptied before each run, and reports latencies by kind:
// the median, the 99th percentile of all runs, and the slowest query's
// 99th percentile. It reports; it asserts nothing about time (the
// machine decides that), only that every page answers.
func TestSearchLatencyAtScale(t *testing.T) {
	a := newBenchApp(t)
	w := workload()
	runs := 5
	if s := os.Getenv("PATHWAYS_BENCH_RUNS"); s != "" {
		fmt.Sscan(s, &runs)
	}
	cold := os.Getenv("PATHWAYS_BENCH_COLD") != ""
	// PATHWAYS_BENCH_SLOW=50ms names each sample slower than that, with
	// the time it started, to match against other records of the machine.
	slow, _ := time.ParseDuration(os.Getenv("PATHWAYS_BENCH_SLOW"))
	t.Logf("%d runs of each search, cold: %v", runs, cold)
	for _, q := range w { // warm: caches as in a running server
		a.page(t, q.Params)
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	if path := os.Getenv("PATHWAYS_BENCH_HEAPPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		pprof.WriteHeapProfile(f)
		f.Close()
	}
	t.Logf("Go heap in use after one pass and a collection: %d MiB (runtime total %d MiB)", ms.HeapInuse>>20, ms.Sys>>20)
	per := make([][]time.Duration, len(w))
	var snooze *sleeper
	if slow > 0 {
		stop := make(chan struct{})
		defer close(stop)
		snooze = startSleeper(stop)
	}
	for r := 0; r < runs; r++ {
		for i, q := range w {
			// The first time this search is asked: no cached result. In
			// "cold" mode no cached text match either (the server keeps
			// those across searches until the next write).
			if cold {
				a.store.DropSearchCaches()
			} else {
				a.store.DropSearchResults()
			}
			var before machineSnap
			if slow > 0 {
				before = readMachineSnap()
				snooze.take()
			}
			start := time.Now()
			a.page(t, q.Params)
			d := time.Since(start)
			per[i] = append(per[i], d)
			if slow > 0 && d > slow {
				t.Logf("slow: %s run %d took %v (at %s): %s; a 1 ms sleep overslept by %v",
					q.Params, r+1, d.Round(10*time.Microsecond), start.Format("15:04:05.000"),
					readMachineSnap().since(before, d), snooze.take().Round(100*time.Microsecond))
			}
		}
	}
	report := func(name string, idx []int) {
		var all []time.Duration
		worst, worstAt := time.Duration(0), -1
		for _, i := range idx {
			all = append(all, per[i]...)
			if p := pct(per[i], 99); p > worst {
				worst, worstAt = p, i
			}
		}
		t.Logf("%-12s %4d queries  p50 %7s  p99 %7s  worst query p99 %7s  (%s)", name, len(idx),
			pct(all, 50).Round(10*time.Microsecond), pct(all, 99).Round(10*time.Microsecond),
			worst.Round(10*time.Microsecond), w[worstAt].Params)
	}
	var everything []int
	for _, kind := range synth.Kinds {
		var idx []int
		for i, q := range w {
			if q.Kind == kind {
				idx = append(idx, i)
			}
		}
		report(kind, idx)
		everything = append(everything, idx...)
	}
	report("all", everything)
}

func pct(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (len(s)*p + 99) / 100
	return s[max(0, min(len(s)-1, i-1))]
}

// At scale, a name match still outranks a description match: a word
// found in the names of a few percent of the programs and the
// descriptions of many more brings the name matches first.
func TestRelevanceAtScale(t *testing.T) {
	a := newBenchApp(t)
	for _, params := range []string{"q=" + synth.NameWord, "q=" + synth.NameWord + "&country=FR", "q=community", "q=youth+mentoring"} {
		res := a.search(t, params)
		if res.Total < 100 {
			t.Fatalf("%s: only %d results: is the directory too small?", params, res.Total)
		}
		words := strings.Fields(strings.TrimPrefix(params, "q="))
		words = strings.Split(strings.Split(words[0], "&")[0], "+")
		seenOther := false
		for i, h := range res.Hits {
			inName := false
			for _, w := range words {
				if strings.Contains(strings.ToLower(h.Program.Name), w[:min(len(w), 5)]) {
					inName = true
				}
			}
			if inName && seenOther {
				t.Errorf("%s: hit %d (%q) has the word in its name but comes after one that does not", params, i+1, h.Program.Name)
			}
			if !inName {
				seenOther = true
			}
		}
		if !seenOther && len(res.Hits) == 0 {
			t.Errorf("%s: no hits", params)
		}
		t.Logf("%s: %d results; first %q", params, res.Total, res.Hits[0].Program.Name)
	}
}
