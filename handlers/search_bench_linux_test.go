package handlers

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"
)

// machineSnap is what the process and the machine had done by a moment,
// read around each sample of TestSearchLatencyAtScale when it is asked
// to name slow samples: a slow one then says whether the process was
// working (its CPU time), waiting for a core (its threads' run-queue
// delay), waiting for the disk (major faults, iowait), or not running
// at all while the hypervisor ran something else (steal).
type machineSnap struct {
	cpu      time.Duration // the process's user + system time
	runDelay time.Duration // its threads' time runnable but not running
	majflt   int64
	nivcsw   int64 // times its threads were made to give up a core
	steal    int64 // the machine's, all cores, in ticks of 10 ms
	iowait   int64
	ok       bool
}

func readMachineSnap() machineSnap {
	var s machineSnap
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return s
	}
	s.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	s.majflt, s.nivcsw = ru.Majflt, ru.Nivcsw
	tasks, _ := filepath.Glob("/proc/self/task/*/schedstat")
	for _, p := range tasks {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		f := bytes.Fields(b)
		if len(f) >= 2 {
			n, _ := strconv.ParseInt(string(f[1]), 10, 64)
			s.runDelay += time.Duration(n)
		}
	}
	f, err := os.Open("/proc/stat")
	if err != nil {
		return s
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if sc.Scan() { // cpu  user nice system idle iowait irq softirq steal
		var name string
		var v [8]int64
		fmt.Sscan(sc.Text(), &name, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7])
		s.iowait, s.steal = v[4], v[7]
		s.ok = name == "cpu"
	}
	return s
}

func (b machineSnap) since(a machineSnap, wall time.Duration) string {
	if !a.ok || !b.ok {
		return "(no account of the machine)"
	}
	return fmt.Sprintf("process CPU %v of %v; run-queue wait %v; involuntary switches %d; major faults %d; machine steal %d ms, iowait %d ms",
		(b.cpu - a.cpu).Round(100*time.Microsecond), wall.Round(100*time.Microsecond),
		(b.runDelay - a.runDelay).Round(100*time.Microsecond), b.nivcsw-a.nivcsw, b.majflt-a.majflt,
		(b.steal-a.steal)*10, (b.iowait-a.iowait)*10)
}

// sleeper is a thread of its own that sleeps 1 ms at a time and keeps
// the longest it overslept since it was last asked: a stall it shares
// with the sample is the machine's, not the search's.
type sleeper struct{ worst atomic.Int64 }

func startSleeper(stop <-chan struct{}) *sleeper {
	s := &sleeper{}
	go func() {
		runtime.LockOSThread()
		for {
			select {
			case <-stop:
				return
			default:
			}
			t := time.Now()
			time.Sleep(time.Millisecond)
			over := int64(time.Since(t) - time.Millisecond)
			for {
				w := s.worst.Load()
				if over <= w || s.worst.CompareAndSwap(w, over) {
					break
				}
			}
		}
	}()
	return s
}

func (s *sleeper) take() time.Duration { return time.Duration(s.worst.Swap(0)) }
