package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"

	"pathways/models"
)

// Memory. Go's collector lets the heap grow to twice what is live
// before it collects; under a burst of searches that, with SQLite's page
// caches and the binary, put a 100,000-program server at 200–220 MiB
// resident while 45 MiB were live. A soft limit a little above the live
// heap keeps it near 140 MiB at no measured cost in throughput
// (docs/search.md). The limit follows the directory: it is worked out
// once the search index is built, and again every minute, so a directory
// that grows is never squeezed into a limit made for a small one.

const mib = 1 << 20

// memoryLimitFor is the soft limit for a live heap: the live heap plus
// half of it again, and never less than 64 MiB of room for requests,
// caches and the runtime's own memory.
func memoryLimitFor(live uint64) int64 {
	room := max(live/2, 64*mib)
	return int64(live + room)
}

// parseMemoryLimit reads --memory-limit: "auto", "off", or a size in MiB.
// auto is the default unless Go's own GOMEMLIMIT is set.
func parseMemoryLimit(v string) (auto bool, fixed int64, err error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "auto":
		return os.Getenv("GOMEMLIMIT") == "", 0, nil
	case "off":
		return false, 0, nil
	}
	n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), "MiB"), 10, 64)
	if err != nil || n < 32 || n > 1<<30 {
		return false, 0, fmt.Errorf("--memory-limit must be auto, off, or a size in MiB of at least 32, not %q", v)
	}
	return false, n * mib, nil
}

// liveHeap is the heap the last collection found live.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// followMemory builds the search index (one search over the whole
// directory), then sets the soft limit from the live heap, and again
// every minute until ctx ends.
func followMemory(ctx context.Context, store *models.Store, log *slog.Logger) {
	if _, err := store.SearchPrograms(ctx, models.SearchParams{Page: 1}); err != nil && ctx.Err() == nil {
		log.Warn("memory limit: building the search index failed", "err", err.Error())
	}
	runtime.GC() // so that the live heap counts the index
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	logged := int64(-1)
	for {
		live := liveHeap()
		limit := memoryLimitFor(live)
		debug.SetMemoryLimit(limit)
		if logged < 0 || limit > logged+logged/4 || limit < logged-logged/4 {
			log.Info("memory limit", "soft_limit_mib", limit/mib, "live_heap_mib", live/mib)
			logged = limit
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
