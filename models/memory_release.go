//go:build cgo

package models

/*
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
static void pathways_release_c_memory(void) {
	malloc_trim(0);
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	mallopt(M_TRIM_THRESHOLD, 128 * 1024);
}
#else
static void pathways_release_c_memory(void) {}
#endif
*/
import "C"

import "runtime/debug"

// releaseMemory hands memory freed after a bulk write back to the
// system: Go's heap, and the C heap where SQLite kept its 256 MiB page
// cache and FTS5 its 64 MiB of pending terms (bulkBegin). glibc keeps
// freed memory for reuse, so a server that refilled its text index at
// start (a migration asked) went on serving at ~490 MiB resident against
// ~130 MiB, its live Go heap 36 MiB. Only glibc can be asked
// (malloc_trim); elsewhere the C side is left as it is.
//
// The refill's large blocks also raised glibc's mmap and trim thresholds
// (they adapt to the largest block freed, up to 32 and 64 MiB), after
// which glibc keeps that much freed memory for the life of the process:
// under the search workload a refilled server stayed ~20 MiB above one
// that had not refilled (190 against 162 MiB, three servers side by side,
// the same searches). Setting the thresholds back to glibc's defaults also
// stops their adapting: 169 MiB.
func releaseMemory() {
	debug.FreeOSMemory()
	C.pathways_release_c_memory()
}
