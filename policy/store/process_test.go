package store

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Environment of TestAppendProcess, when run as a child.
const (
	envChildDSN        = "SHCR_STORE_CHILD_DSN"
	envChildName       = "SHCR_STORE_CHILD_NAME"
	envChildGoroutines = "SHCR_STORE_CHILD_GOROUTINES"
	envChildAppends    = "SHCR_STORE_CHILD_APPENDS"
)

// TestMultiProcessAppends runs real separate processes (this test binary,
// re-executed) appending to one database, and checks that they leave one
// unbroken chain.
func TestMultiProcessAppends(t *testing.T) {
	const processes, goroutines, perGoroutine = 3, 4, 25
	forEachDialect(t, func(t *testing.T, dsn string) {
		s := open(t, dsn) // migrate once up front; children then race on appends only
		var wg sync.WaitGroup
		outs := make([][]byte, processes)
		errs := make([]error, processes)
		for p := range processes {
			wg.Go(func() {
				ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
				defer cancel()
				cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestAppendProcess$", "-test.count=1")
				cmd.Env = append(os.Environ(), envChildDSN+"="+dsn, envChildName+"="+strconv.Itoa(p),
					envChildGoroutines+"="+strconv.Itoa(goroutines), envChildAppends+"="+strconv.Itoa(perGoroutine))
				outs[p], errs[p] = cmd.CombinedOutput()
			})
		}
		wg.Wait()
		for p := range processes {
			if errs[p] != nil {
				t.Errorf("child process %d: %v\n%s", p, errs[p], outs[p])
			}
		}
		const total = processes * goroutines * perGoroutine
		if r := verify(t, s); !r.OK || r.Events != total {
			t.Fatalf("Verify = %v, want OK with %d events", r, total)
		}
		var count, maxSeq int64
		if err := s.db.QueryRowContext(t.Context(), "SELECT COUNT(*), MAX(seq) FROM audit_events").Scan(&count, &maxSeq); err != nil {
			t.Fatal(err)
		}
		if count != total || maxSeq != total {
			t.Errorf("events: count %d, max seq %d; want %d and %d", count, maxSeq, total, total)
		}
	})
}

// TestAppendProcess is the child of TestMultiProcessAppends; run directly,
// it does nothing.
func TestAppendProcess(t *testing.T) {
	dsn := os.Getenv(envChildDSN)
	if dsn == "" {
		t.Skip("only runs as a child of TestMultiProcessAppends")
	}
	name := os.Getenv(envChildName)
	goroutines, _ := strconv.Atoi(os.Getenv(envChildGoroutines))
	appends, _ := strconv.Atoi(os.Getenv(envChildAppends))
	s, err := Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range appends {
				e := testEvent(i, "")
				e.ID = fmt.Sprintf("p%s-g%d-e%d", name, g, i)
				ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
				err := s.Record(ctx, e)
				cancel()
				if err != nil {
					t.Errorf("process %s, goroutine %d, append %d: %v", name, g, i, err)
					return
				}
			}
		})
	}
	wg.Wait()
}
