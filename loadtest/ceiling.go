package loadtest

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/shcr/shcr/fhir"
)

// ceilingView does the least any facade must do for one view: parse each
// source's answers strictly, peek every resource, and write them all as one
// searchset Bundle, with no HTTP, no policy, no audit and no rewriting. It
// returns the bytes written, and buf for reuse.
func ceilingView(answers [][][]byte, buf []byte) (int, []byte, error) {
	var entries []fhir.Entry
	for _, source := range answers {
		for _, raw := range source {
			// The whole Bundle is checked as JSON first, as the fhir source
			// does with an untrusted server's answer.
			if _, err := fhir.Parse(raw, fhir.Limits{MaxDepth: 2 * fhir.DefaultLimits().MaxDepth}); err != nil {
				return 0, buf, fmt.Errorf("ceiling: %w", err)
			}
			var b struct {
				Entry []struct {
					Resource jsontext.Value `json:"resource"`
				} `json:"entry"`
			}
			if err := json.Unmarshal(raw, &b); err != nil {
				return 0, buf, fmt.Errorf("ceiling: %w", err)
			}
			for _, e := range b.Entry {
				r, err := fhir.Parse(e.Resource, fhir.DefaultLimits())
				if err != nil {
					return 0, buf, fmt.Errorf("ceiling: %w", err)
				}
				entries = append(entries, fhir.Entry{FullURL: r.Type + "/" + r.ID, Resource: r.Raw, Mode: fhir.ModeMatch})
			}
		}
	}
	b := fhir.Bundle{Type: "searchset", Entries: entries}
	buf = b.AppendJSON(buf[:0])
	return len(buf), buf, nil
}

// ceilingResult is the ceiling's throughput and cost.
type ceilingResult struct {
	rps        float64
	cpuMsPerOp float64
}

// measureCeiling runs ceilingView on every CPU for about d and reports views
// per second.
func measureCeiling(answers [][][]byte, d time.Duration) (ceilingResult, error) {
	if _, _, err := ceilingView(answers, nil); err != nil {
		return ceilingResult{}, err
	}
	workers := runtime.GOMAXPROCS(0)
	var (
		views    atomic.Int64
		wg       sync.WaitGroup
		firstErr atomic.Value
	)
	cpu0 := processCPU()
	start := time.Now()
	deadline := start.Add(d)
	for range workers {
		wg.Go(func() {
			var buf []byte
			for time.Now().Before(deadline) {
				var err error
				if _, buf, err = ceilingView(answers, buf); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
				views.Add(1)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err, ok := firstErr.Load().(error); ok {
		return ceilingResult{}, err
	}
	n := views.Load()
	if n == 0 {
		return ceilingResult{}, fmt.Errorf("ceiling: no view finished in %s", d)
	}
	return ceilingResult{
		rps:        float64(n) / elapsed.Seconds(),
		cpuMsPerOp: ms(processCPU()-cpu0) / float64(n),
	}, nil
}
