package loadtest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Latency is a synthetic source's response time for one call: uniformly
// distributed in [Mean-Jitter, Mean+Jitter] (never below zero).
type Latency struct {
	Mean   time.Duration
	Jitter time.Duration
}

// ParseLatency reads a latency written as a duration ("20ms"), or a
// duration and a jitter ("20ms±5ms", or "20ms+-5ms" where ± is awkward to
// type). The jitter may not exceed the mean, so no call is given a
// negative time.
func ParseLatency(s string) (Latency, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Latency{}, fmt.Errorf("the latency is empty (write e.g. 20ms or 20ms±5ms)")
	}
	mean, jitter, hasJitter := strings.Cut(s, "±")
	if !hasJitter {
		mean, jitter, hasJitter = strings.Cut(s, "+-")
	}
	var l Latency
	var err error
	if l.Mean, err = parseNonNegative(mean); err != nil {
		return Latency{}, fmt.Errorf("latency %q: %w", s, err)
	}
	if hasJitter {
		if l.Jitter, err = parseNonNegative(jitter); err != nil {
			return Latency{}, fmt.Errorf("latency %q: jitter: %w", s, err)
		}
		if l.Jitter > l.Mean {
			return Latency{}, fmt.Errorf("latency %q: the jitter is larger than the mean", s)
		}
	}
	return l, nil
}

func parseNonNegative(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "0" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration (write e.g. 20ms)", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("%q is negative", s)
	}
	return d, nil
}

// String writes the latency as ParseLatency reads it.
func (l Latency) String() string {
	if l.Jitter == 0 {
		return l.Mean.String()
	}
	return l.Mean.String() + "±" + l.Jitter.String()
}

// Sample draws one call's latency.
func (l Latency) Sample() time.Duration {
	if l.Jitter == 0 {
		return l.Mean
	}
	return l.Mean - l.Jitter + time.Duration(rand.Int64N(int64(2*l.Jitter)+1))
}
