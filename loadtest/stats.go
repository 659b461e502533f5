package loadtest

import (
	"math"
	"slices"
	"time"
)

// percentile returns the p-th percentile (0 < p <= 100) of sorted by the
// nearest-rank method: the smallest value with at least p% of the values at
// or below it. It is 0 for no values.
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

// summary is the percentiles of a set of durations, in milliseconds.
type summary struct {
	P50, P95, P99, Max float64
}

func summarize(ms []float64) summary {
	s := slices.Clone(ms)
	slices.Sort(s)
	if len(s) == 0 {
		return summary{}
	}
	return summary{P50: percentile(s, 50), P95: percentile(s, 95), P99: percentile(s, 99), Max: s[len(s)-1]}
}

// interval is the time a source spent on one call.
type interval struct {
	start, end time.Time
}

// busy is how long a source was working on at least one of ivs: the length
// of their union. Calls one request makes to a source in parallel count
// once, and the gaps between its sequential calls (when the facade, not the
// source, was working) not at all.
func busy(ivs []interval) time.Duration {
	if len(ivs) == 0 {
		return 0
	}
	s := slices.Clone(ivs)
	slices.SortFunc(s, func(a, b interval) int { return a.start.Compare(b.start) })
	var total time.Duration
	cur := s[0]
	for _, iv := range s[1:] {
		if iv.start.After(cur.end) {
			total += cur.end.Sub(cur.start)
			cur = iv
			continue
		}
		if iv.end.After(cur.end) {
			cur.end = iv.end
		}
	}
	return total + cur.end.Sub(cur.start)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
