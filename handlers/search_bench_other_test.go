//go:build !linux

package handlers

import "time"

// Elsewhere than Linux a slow sample is named without an account of the
// machine (search_bench_linux_test.go).
type machineSnap struct{}

func readMachineSnap() machineSnap                          { return machineSnap{} }
func (machineSnap) since(machineSnap, time.Duration) string { return "(no account of the machine)" }

type sleeper struct{}

func startSleeper(<-chan struct{}) *sleeper { return &sleeper{} }
func (*sleeper) take() time.Duration        { return 0 }
