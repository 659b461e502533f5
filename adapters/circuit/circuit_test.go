package circuit_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/circuit"
)

// clock is a settable clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newBreaker(t *testing.T, cfg circuit.Config, opt circuit.Options) *circuit.Breaker {
	t.Helper()
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	b, err := circuit.New(cfg, opt)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// call makes one call through b with the given outcome, reporting whether
// the breaker let it through.
func call(t *testing.T, b *circuit.Breaker, o circuit.Outcome) bool {
	t.Helper()
	probe, err := b.Allow()
	if errors.Is(err, circuit.ErrOpen) {
		return false
	}
	if err != nil {
		t.Fatalf("Allow: %v", err)
	}
	b.Done(probe, o)
	return true
}

func TestBreaker(t *testing.T) {
	const (
		S = circuit.Success
		F = circuit.Failure
		I = circuit.Ignored
	)
	// step is one call (or a wait, when advance is set), with whether the
	// breaker should let it through and the state it should then be in.
	type step struct {
		advance time.Duration
		o       circuit.Outcome
		allowed bool
		state   circuit.State
	}
	cfg := circuit.Config{Failures: 3, MinRequests: 100, Window: time.Minute, OpenFor: 30 * time.Second}
	tests := []struct {
		name  string
		cfg   circuit.Config
		steps []step
	}{
		{name: "opens after consecutive failures and fails fast", cfg: cfg, steps: []step{
			{o: F, allowed: true, state: circuit.Closed},
			{o: F, allowed: true, state: circuit.Closed},
			{o: F, allowed: true, state: circuit.Open},
			{o: S, allowed: false, state: circuit.Open},
			{advance: 29 * time.Second, state: circuit.Open},
			{o: S, allowed: false, state: circuit.Open},
		}},
		{name: "a success resets the consecutive count", cfg: cfg, steps: []step{
			{o: F, allowed: true, state: circuit.Closed},
			{o: F, allowed: true, state: circuit.Closed},
			{o: S, allowed: true, state: circuit.Closed},
			{o: F, allowed: true, state: circuit.Closed},
			{o: F, allowed: true, state: circuit.Closed},
		}},
		{name: "cancelled calls do not count", cfg: cfg, steps: []step{
			{o: F, allowed: true, state: circuit.Closed},
			{o: F, allowed: true, state: circuit.Closed},
			{o: I, allowed: true, state: circuit.Closed},
			{o: I, allowed: true, state: circuit.Closed},
		}},
		{name: "a successful probe after open_for closes it", cfg: cfg, steps: []step{
			{o: F, allowed: true}, {o: F, allowed: true}, {o: F, allowed: true, state: circuit.Open},
			{advance: 30 * time.Second, state: circuit.HalfOpen},
			{o: S, allowed: true, state: circuit.Closed},
			{o: S, allowed: true, state: circuit.Closed},
		}},
		{name: "a failed probe opens it for another open_for", cfg: cfg, steps: []step{
			{o: F, allowed: true}, {o: F, allowed: true}, {o: F, allowed: true, state: circuit.Open},
			{advance: 30 * time.Second, state: circuit.HalfOpen},
			{o: F, allowed: true, state: circuit.Open},
			{advance: 29 * time.Second, state: circuit.Open},
			{o: S, allowed: false, state: circuit.Open},
			{advance: time.Second, state: circuit.HalfOpen},
			{o: S, allowed: true, state: circuit.Closed},
		}},
		{name: "an ignored probe leaves it half-open for the next call", cfg: cfg, steps: []step{
			{o: F, allowed: true}, {o: F, allowed: true}, {o: F, allowed: true, state: circuit.Open},
			{advance: 30 * time.Second, state: circuit.HalfOpen},
			{o: I, allowed: true, state: circuit.HalfOpen},
			{o: S, allowed: true, state: circuit.Closed},
		}},
		{name: "opens on the failure ratio", cfg: circuit.Config{Failures: 100, MinRequests: 4, FailureRatio: 0.5, Window: time.Minute}, steps: []step{
			{o: S, allowed: true}, {o: F, allowed: true}, {o: S, allowed: true, state: circuit.Closed},
			{o: F, allowed: true, state: circuit.Open},
			{o: S, allowed: false, state: circuit.Open},
		}},
		{name: "old failures fall out of the window", cfg: circuit.Config{Failures: 100, MinRequests: 4, FailureRatio: 0.5, Window: 10 * time.Second}, steps: []step{
			{o: F, allowed: true}, {o: F, allowed: true}, {o: F, allowed: true, state: circuit.Closed},
			{advance: 11 * time.Second},
			{o: F, allowed: true, state: circuit.Closed},
			{o: S, allowed: true, state: circuit.Closed},
		}},
		{name: "disabled never opens", cfg: circuit.Config{Disabled: true, Failures: 1}, steps: []step{
			{o: F, allowed: true}, {o: F, allowed: true}, {o: F, allowed: true},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newClock()
			b := newBreaker(t, tt.cfg, circuit.Options{Now: clk.Now})
			for i, st := range tt.steps {
				if st.advance > 0 {
					clk.Advance(st.advance)
				} else if got := call(t, b, st.o); got != st.allowed {
					t.Fatalf("step %d: allowed %v, want %v", i, got, st.allowed)
				}
				if got := b.State(); got != st.state {
					t.Fatalf("step %d: state %v, want %v", i, got, st.state)
				}
			}
		})
	}
}

// TestBreakerOneProbeAtATime: while the half-open probe is in flight,
// every other call fails fast.
func TestBreakerOneProbeAtATime(t *testing.T) {
	clk := newClock()
	b := newBreaker(t, circuit.Config{Failures: 1, OpenFor: time.Second}, circuit.Options{Now: clk.Now})
	call(t, b, circuit.Failure)
	clk.Advance(time.Second)
	probe, err := b.Allow()
	if err != nil || !probe {
		t.Fatalf("after open_for: Allow = %v, %v, want the probe", probe, err)
	}
	for range 3 {
		if _, err := b.Allow(); !errors.Is(err, circuit.ErrOpen) {
			t.Fatalf("during the probe: %v, want ErrOpen", err)
		}
	}
	b.Done(true, circuit.Success)
	if _, err := b.Allow(); err != nil {
		t.Fatalf("after the probe succeeded: %v", err)
	}
}

// TestBreakerOnRealTime runs the breaker on the default clock inside a
// synctest bubble, where time moves only when every goroutine waits.
func TestBreakerOnRealTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBreaker(t, circuit.Config{Failures: 2, FailureRatio: 1, MinRequests: 100, Window: time.Minute, OpenFor: 10 * time.Second}, circuit.Options{})
		call(t, b, circuit.Failure)
		call(t, b, circuit.Failure)
		if _, err := b.Allow(); !errors.Is(err, circuit.ErrOpen) {
			t.Fatalf("after 2 failures: %v, want ErrOpen", err)
		}
		<-time.After(10 * time.Second)
		if !call(t, b, circuit.Success) || b.State() != circuit.Closed {
			t.Fatalf("after open_for and a successful probe: %v, want closed", b.State())
		}
	})
}

func TestErrOpenIsUnavailable(t *testing.T) {
	if adapters.CommonCode(circuit.ErrOpen) != adapters.Unavailable {
		t.Fatalf("ErrOpen classifies as %v, want Unavailable", adapters.CommonCode(circuit.ErrOpen))
	}
}

// TestBreakerReports: every state change is logged (with no more than the
// states) and shows in the state gauge and the transitions counter,
// labelled by source only.
func TestBreakerReports(t *testing.T) {
	clk := newClock()
	var logs bytes.Buffer
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	b := newBreaker(t, circuit.Config{Failures: 1, OpenFor: time.Second}, circuit.Options{
		Source: "city-general", Now: clk.Now, MeterProvider: mp,
		Logger: slog.New(slog.NewTextHandler(&logs, nil)).With("source", "city-general"),
	})
	state := func() int64 {
		t.Helper()
		var rm metricdata.ResourceMetrics
		if err := reader.Collect(context.Background(), &rm); err != nil {
			t.Fatal(err)
		}
		for _, sm := range rm.ScopeMetrics {
			for _, m := range sm.Metrics {
				if m.Name != "shcr.source.breaker.state" {
					continue
				}
				points := m.Data.(metricdata.Gauge[int64]).DataPoints
				if len(points) != 1 {
					t.Fatalf("%d state points, want 1", len(points))
				}
				if v, ok := points[0].Attributes.Value("source"); !ok || v.AsString() != "city-general" || points[0].Attributes.Len() != 1 {
					t.Fatalf("state labels %v, want the source only", points[0].Attributes.ToSlice())
				}
				return points[0].Value
			}
		}
		t.Fatal("no state metric")
		return -1
	}
	if got := state(); got != 0 {
		t.Fatalf("new breaker: state %d, want 0", got)
	}
	call(t, b, circuit.Failure)
	if got := state(); got != 1 {
		t.Fatalf("after a failure: state %d, want 1 (open)", got)
	}
	clk.Advance(time.Second)
	probe, _ := b.Allow()
	if got := state(); got != 2 {
		t.Fatalf("during the probe: state %d, want 2 (half-open)", got)
	}
	b.Done(probe, circuit.Success)
	if got := state(); got != 0 {
		t.Fatalf("after the probe: state %d, want 0 (closed)", got)
	}

	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	transitions := map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name == "shcr.source.breaker.transitions" {
				for _, p := range m.Data.(metricdata.Sum[int64]).DataPoints {
					to, _ := p.Attributes.Value("to")
					transitions[to.AsString()] += p.Value
				}
			}
		}
	}
	if transitions["open"] != 1 || transitions["half-open"] != 1 || transitions["closed"] != 1 {
		t.Errorf("transitions %v, want one into each state", transitions)
	}
	for _, want := range []string{"from=closed to=open", "from=open to=half-open", "from=half-open to=closed"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the log does not record %q:\n%s", want, logs.String())
		}
	}
}

func TestConfig(t *testing.T) {
	def := circuit.Config{}.WithDefaults()
	want := circuit.Config{Failures: 5, FailureRatio: 0.5, MinRequests: 20, Window: 30 * time.Second, OpenFor: 30 * time.Second}
	if def != want {
		t.Errorf("defaults %+v, want %+v", def, want)
	}
	tests := []struct {
		name    string
		cfg     circuit.Config
		wantErr string
	}{
		{name: "defaults", cfg: circuit.Config{}},
		{name: "negative failures", cfg: circuit.Config{Failures: -1}, wantErr: "breaker.failures"},
		{name: "ratio over 1", cfg: circuit.Config{FailureRatio: 1.5}, wantErr: "breaker.failure_ratio"},
		{name: "negative window", cfg: circuit.Config{Window: -time.Second}, wantErr: "breaker.window"},
		{name: "negative open_for", cfg: circuit.Config{OpenFor: -time.Second}, wantErr: "breaker.open_for"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.WithDefaults().Validate()
			if (err == nil) != (tt.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("Validate = %v, want an error mentioning %q", err, tt.wantErr)
			}
		})
	}
}

func TestBudget(t *testing.T) {
	clk := newClock()
	b := circuit.NewBudget(0.1, 1, 10*time.Second, clk.Now)
	steps := []struct {
		name     string
		advance  time.Duration
		requests int
		want     bool
	}{
		{name: "the minimum allows one retry", requests: 1, want: true},
		{name: "then none", requests: 1, want: false},
		{name: "ten more calls earn one", requests: 10, want: true},
		{name: "and only one", want: false},
		{name: "a window later the minimum is back", advance: 11 * time.Second, want: true},
	}
	for _, st := range steps {
		clk.Advance(st.advance)
		for range st.requests {
			b.Request()
		}
		if got := b.TryRetry(); got != st.want {
			t.Errorf("%s: TryRetry = %v, want %v", st.name, got, st.want)
		}
	}
}
