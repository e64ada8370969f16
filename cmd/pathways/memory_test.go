package main

import (
	"context"
	"math"
	"runtime/debug"
	"testing"
	"time"

	"pathways/models/testdb"
)

func TestMemoryLimitLeavesRoomAboveTheLiveHeap(t *testing.T) {
	for _, c := range []struct{ live, want uint64 }{
		{0, 64 * mib},
		{10 * mib, 74 * mib},
		{128 * mib, 192 * mib},
		{400 * mib, 600 * mib},
	} {
		if got := memoryLimitFor(c.live); got != int64(c.want) {
			t.Errorf("memoryLimitFor(%d MiB) = %d MiB, want %d MiB", c.live/mib, got/mib, c.want/mib)
		}
	}
}

func TestParseMemoryLimit(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	for _, c := range []struct {
		in    string
		auto  bool
		fixed int64
		bad   bool
	}{
		{"auto", true, 0, false},
		{"", true, 0, false},
		{"off", false, 0, false},
		{"200", false, 200 * mib, false},
		{"200MiB", false, 200 * mib, false},
		{"10", false, 0, true},
		{"lots", false, 0, true},
		{"-5", false, 0, true},
		{"99999999999999", false, 0, true},
	} {
		auto, fixed, err := parseMemoryLimit(c.in)
		if (err != nil) != c.bad || auto != c.auto || fixed != c.fixed {
			t.Errorf("parseMemoryLimit(%q) = %v, %d, %v", c.in, auto, fixed, err)
		}
	}
	t.Setenv("GOMEMLIMIT", "1GiB")
	if auto, _, _ := parseMemoryLimit("auto"); auto {
		t.Error("auto must leave a GOMEMLIMIT set by the operator alone")
	}
}

// On an empty directory: what a new server starts with.
func TestFollowMemorySetsASoftLimitOnceTheIndexIsBuilt(t *testing.T) {
	before := debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetMemoryLimit(before)
	ctx, cancel := context.WithCancel(context.Background())
	store, err := openStore(ctx, testdb.DSN(t), quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	done := make(chan struct{})
	go func() { followMemory(ctx, store, quiet); close(done) }()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(30 * time.Second)
	for debug.SetMemoryLimit(-1) == math.MaxInt64 {
		if time.Now().After(deadline) {
			t.Fatal("no memory limit set")
		}
		time.Sleep(10 * time.Millisecond)
	}
	limit := debug.SetMemoryLimit(-1)
	if live := liveHeap(); live == 0 || limit < int64(live)+64*mib || limit > 2*int64(live)+64*mib {
		t.Errorf("soft limit %d MiB for a live heap of %d MiB", limit/mib, live/mib)
	}
}
