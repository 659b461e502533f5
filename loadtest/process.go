package loadtest

import (
	"bytes"
	"os"
	"runtime/metrics"
	"syscall"
	"time"
)

// processCPU is the CPU time, user and system, the process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// allocatedBytes is the total the process has allocated on the heap.
func allocatedBytes() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// resetPeakRSS starts a new peak resident set size measurement where Linux
// allows it (writing 5 to /proc/self/clear_refs); elsewhere the peak stays
// the process's lifetime peak.
func resetPeakRSS() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakRSS is the largest resident set size since resetPeakRSS, in bytes.
func peakRSS() int64 {
	var ru syscall.Rusage
	if raw, err := os.ReadFile("/proc/self/status"); err == nil {
		if v, ok := statusKB(raw, "VmHWM:"); ok {
			return v * 1024
		}
	}
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Maxrss * 1024 // kilobytes on Linux
}

// currentRSS is the resident set size now, in bytes (0 where unknown).
func currentRSS() int64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	v, _ := statusKB(raw, "VmRSS:")
	return v * 1024
}

// statusKB reads a "Name:   123 kB" line of /proc/self/status.
func statusKB(raw []byte, name string) (int64, bool) {
	for len(raw) > 0 {
		line := raw
		if i := bytes.IndexByte(raw, '\n'); i >= 0 {
			line, raw = raw[:i], raw[i+1:]
		} else {
			raw = nil
		}
		if len(line) < len(name) || string(line[:len(name)]) != name {
			continue
		}
		var v int64
		seen := false
		for _, c := range line[len(name):] {
			if c >= '0' && c <= '9' {
				v = v*10 + int64(c-'0')
				seen = true
			} else if seen {
				break
			}
		}
		return v, seen
	}
	return 0, false
}
