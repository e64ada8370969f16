package handlers

import (
	"fmt"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestSuggestAtScale measures spelling suggestions on the benchmark
// directory (PATHWAYS_BENCH_N=100000): the first search that needs one
// (which builds the vocabulary), the vocabulary's size, and the latency
// of searches that find nothing, through the router, each asked for
// the first time (the cache of whole results emptied before each).
func TestSuggestAtScale(t *testing.T) {
	a := newBenchApp(t)
	// Misspell the workload's words of one word: two letters swapped in
	// the middle; and words nothing is near.
	var qs []string
	seen := map[string]bool{}
	for _, q := range workload() {
		v, _ := url.ParseQuery(q.Params)
		w := v.Get("q")
		if len(v) != 1 || utf8.RuneCountInString(w) < 6 || strings.ContainsAny(w, " +") || seen[w] {
			continue
		}
		seen[w] = true
		r := []rune(w)
		i := len(r) / 2
		r[i], r[i+1] = r[i+1], r[i]
		qs = append(qs, "q="+url.QueryEscape(string(r)))
	}
	for i := range 20 {
		qs = append(qs, fmt.Sprintf("q=zqxj%dvbnm", i))
	}
	var before, after runtime.MemStats
	a.store.DropSearchCaches()
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	a.page(t, qs[0])
	t.Logf("first search needing a suggestion (starts the vocabulary's build): %s", time.Since(start).Round(time.Millisecond))
	for {
		if n, _ := a.store.SuggestionVocabulary(); n > 0 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("vocabulary built in %s", time.Since(start).Round(time.Millisecond))
	a.store.DropSearchCaches()
	runtime.GC()
	runtime.ReadMemStats(&after)
	words, size := a.store.SuggestionVocabulary()
	t.Logf("vocabulary: %d words, ~%.1f MiB estimated, live heap %+.1f MiB", words, float64(size)/(1<<20),
		float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20))

	runs := 3
	if s := os.Getenv("PATHWAYS_BENCH_RUNS"); s != "" {
		fmt.Sscan(s, &runs)
	}
	var ds []time.Duration
	suggested := 0
	for range runs {
		for _, q := range qs {
			a.store.DropSearchResults()
			start := time.Now()
			a.page(t, q)
			ds = append(ds, time.Since(start))
		}
	}
	for _, q := range qs {
		if a.search(t, q).Suggestion != "" {
			suggested++
		}
	}
	slices.Sort(ds)
	t.Logf("%d searches that find nothing, %d runs: p50 %s, p99 %s, max %s; %d of them with a suggestion",
		len(qs), runs, pct(ds, 50), pct(ds, 99), ds[len(ds)-1], suggested)
}
