package loadtest

import (
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	one := func(n int) []float64 {
		s := make([]float64, n)
		for i := range s {
			s[i] = float64(i + 1)
		}
		return s
	}
	tests := []struct {
		name   string
		sorted []float64
		p      float64
		want   float64
	}{
		{name: "no values", sorted: nil, p: 50, want: 0},
		{name: "one value p50", sorted: []float64{7}, p: 50, want: 7},
		{name: "one value p99", sorted: []float64{7}, p: 99, want: 7},
		{name: "ten values p50", sorted: one(10), p: 50, want: 5},
		{name: "ten values p90", sorted: one(10), p: 90, want: 9},
		{name: "ten values p95 rounds up", sorted: one(10), p: 95, want: 10},
		{name: "ten values p99", sorted: one(10), p: 99, want: 10},
		{name: "hundred values p99", sorted: one(100), p: 99, want: 99},
		{name: "hundred values p100", sorted: one(100), p: 100, want: 100},
		{name: "tiny p is the minimum", sorted: one(100), p: 0.001, want: 1},
		{name: "even count p50 is the lower middle", sorted: []float64{1, 2, 3, 4}, p: 50, want: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := percentile(tt.sorted, tt.p); got != tt.want {
				t.Errorf("percentile(%v, %g) = %g, want %g", tt.sorted, tt.p, got, tt.want)
			}
		})
	}
}

func TestSummarizeSortsACopy(t *testing.T) {
	in := []float64{9, 1, 5, 3, 7}
	got := summarize(in)
	want := summary{P50: 5, P95: 9, P99: 9, Max: 9}
	if got != want {
		t.Errorf("summarize(%v) = %+v, want %+v", in, got, want)
	}
	if in[0] != 9 || in[1] != 1 {
		t.Errorf("summarize sorted its argument in place: %v", in)
	}
}

func TestBusy(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(startMS, endMS int) interval {
		return interval{t0.Add(time.Duration(startMS) * time.Millisecond), t0.Add(time.Duration(endMS) * time.Millisecond)}
	}
	tests := []struct {
		name string
		ivs  []interval
		want time.Duration
	}{
		{name: "no calls", ivs: nil, want: 0},
		{name: "one call", ivs: []interval{at(0, 20)}, want: 20 * time.Millisecond},
		{name: "sequential calls with a gap", ivs: []interval{at(0, 20), at(30, 50)}, want: 40 * time.Millisecond},
		{name: "parallel calls count once", ivs: []interval{at(0, 20), at(5, 25), at(10, 22)}, want: 25 * time.Millisecond},
		{name: "nested call", ivs: []interval{at(0, 50), at(10, 20)}, want: 50 * time.Millisecond},
		{name: "touching calls", ivs: []interval{at(0, 10), at(10, 20)}, want: 20 * time.Millisecond},
		{name: "out of order", ivs: []interval{at(30, 50), at(0, 20), at(15, 35)}, want: 50 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := busy(tt.ivs); got != tt.want {
				t.Errorf("busy() = %s, want %s", got, tt.want)
			}
		})
	}
}
