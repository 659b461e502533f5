package loadtest

import (
	"testing"
	"time"
)

func TestParseLatency(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    Latency
		wantErr bool
	}{
		{name: "duration alone", in: "20ms", want: Latency{Mean: 20 * time.Millisecond}},
		{name: "plus-minus sign", in: "20ms±5ms", want: Latency{Mean: 20 * time.Millisecond, Jitter: 5 * time.Millisecond}},
		{name: "ascii plus-minus", in: "20ms+-5ms", want: Latency{Mean: 20 * time.Millisecond, Jitter: 5 * time.Millisecond}},
		{name: "spaces", in: " 1s ± 250ms ", want: Latency{Mean: time.Second, Jitter: 250 * time.Millisecond}},
		{name: "zero", in: "0", want: Latency{}},
		{name: "jitter equal to mean", in: "5ms±5ms", want: Latency{Mean: 5 * time.Millisecond, Jitter: 5 * time.Millisecond}},
		{name: "empty", in: "", wantErr: true},
		{name: "not a duration", in: "fast", wantErr: true},
		{name: "no unit", in: "20", wantErr: true},
		{name: "negative", in: "-5ms", wantErr: true},
		{name: "jitter over mean", in: "5ms±10ms", wantErr: true},
		{name: "missing jitter", in: "20ms±", wantErr: true},
		{name: "missing mean", in: "±5ms", wantErr: true},
		{name: "bad jitter", in: "20ms±soon", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseLatency(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseLatency(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("ParseLatency(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
			if err == nil {
				back, err := ParseLatency(got.String())
				if err != nil || back != got {
					t.Errorf("ParseLatency(%q.String() = %q) = %+v, %v; want it back", tt.in, got.String(), back, err)
				}
			}
		})
	}
}

func TestLatencySampleStaysInRange(t *testing.T) {
	tests := []struct {
		name string
		l    Latency
	}{
		{name: "constant", l: Latency{Mean: 3 * time.Millisecond}},
		{name: "jitter", l: Latency{Mean: 20 * time.Millisecond, Jitter: 5 * time.Millisecond}},
		{name: "jitter as large as the mean", l: Latency{Mean: time.Millisecond, Jitter: time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi := tt.l.Mean-tt.l.Jitter, tt.l.Mean+tt.l.Jitter
			seenLow, seenHigh := false, false
			for range 2000 {
				d := tt.l.Sample()
				if d < lo || d > hi {
					t.Fatalf("Sample() = %s, want within [%s, %s]", d, lo, hi)
				}
				seenLow = seenLow || d < tt.l.Mean
				seenHigh = seenHigh || d > tt.l.Mean
			}
			if tt.l.Jitter > 0 && !(seenLow && seenHigh) {
				t.Errorf("2000 samples never fell on both sides of the mean (low %v, high %v)", seenLow, seenHigh)
			}
		})
	}
}
