//go:build !cgo

package models

import "runtime/debug"

// releaseMemory hands Go's freed heap back to the system; without cgo
// there is no C heap to trim (memory_release.go).
func releaseMemory() { debug.FreeOSMemory() }
