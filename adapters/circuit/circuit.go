// Package circuit protects the facade and an organisation's system from
// each other when the system struggles: a circuit breaker, which stops
// calling a source that keeps failing and probes it again later, and a
// retry budget, which caps retries to a share of calls so retrying never
// multiplies the load on a source that is already overloaded. Every source
// kind that calls a remote system (fhirrest, grpcsource) uses the same
// ones, configured with the same YAML keys.
package circuit

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	metricnoop "go.opentelemetry.io/otel/metric/noop"

	"github.com/shcr/shcr/adapters"
)

// ErrOpen is returned, without any call being made, while a breaker is
// open or its one half-open probe is in flight. It wraps
// adapters.ErrUnavailable, so sources classify it as Unavailable.
var ErrOpen = fmt.Errorf("circuit breaker open: %w", adapters.ErrUnavailable)

// Config configures a circuit breaker: the `breaker:` block of a fhir or
// grpc source. It opens after Failures consecutive failures, or when at
// least MinRequests calls in Window failed at FailureRatio or more; while
// open, calls fail at once with ErrOpen; after OpenFor one probe call is
// let through, whose outcome closes or reopens it. What counts as a
// failure is the source's business (connection failures, timeouts, 429
// and 5xx answers for fhir; Unavailable, Aborted and DeadlineExceeded
// for grpc); a cancellation by the caller never counts.
// Zero values take the defaults of WithDefaults.
type Config struct {
	Disabled     bool          `yaml:"disabled"`
	Failures     int           `yaml:"failures"`
	FailureRatio float64       `yaml:"failure_ratio"`
	MinRequests  int           `yaml:"min_requests"`
	Window       time.Duration `yaml:"window"`
	OpenFor      time.Duration `yaml:"open_for"`
}

// Breaker defaults.
const (
	DefaultFailures     = 5
	DefaultFailureRatio = 0.5
	DefaultMinRequests  = 20
	DefaultWindow       = 30 * time.Second
	DefaultOpenFor      = 30 * time.Second
)

// WithDefaults returns c with every zero setting replaced by its default.
// It is the one place the breaker's defaults live.
func (c Config) WithDefaults() Config {
	if c.Failures == 0 {
		c.Failures = DefaultFailures
	}
	if c.FailureRatio == 0 {
		c.FailureRatio = DefaultFailureRatio
	}
	if c.MinRequests == 0 {
		c.MinRequests = DefaultMinRequests
	}
	if c.Window == 0 {
		c.Window = DefaultWindow
	}
	if c.OpenFor == 0 {
		c.OpenFor = DefaultOpenFor
	}
	return c
}

// Validate reports everything wrong with c (after defaults), joined, each
// error naming its key under breaker.
func (c Config) Validate() error {
	var errs []error
	if c.Failures < 1 {
		errs = append(errs, errors.New("breaker.failures must be at least 1"))
	}
	if c.FailureRatio <= 0 || c.FailureRatio > 1 {
		errs = append(errs, errors.New("breaker.failure_ratio must be above 0 and at most 1"))
	}
	if c.MinRequests < 0 {
		errs = append(errs, errors.New("breaker.min_requests must not be negative"))
	}
	if c.Window < 0 {
		errs = append(errs, errors.New("breaker.window must not be negative"))
	}
	if c.OpenFor < 0 {
		errs = append(errs, errors.New("breaker.open_for must not be negative"))
	}
	return errors.Join(errs...)
}

// IsZero reports whether no breaker setting was written, so a caller can
// tell a `breaker:` block given where it does not apply.
func (c Config) IsZero() bool { return c == Config{} }

// Outcome is what one call said about the remote system's health.
type Outcome int

const (
	// Ignored: the call says nothing (the caller cancelled it, or it never
	// reached the system).
	Ignored Outcome = iota
	// Success: the system answered, whatever the answer.
	Success
	// Failure: the system failed (unreachable, timed out, overloaded).
	Failure
)

// State is a breaker's state.
type State int

// The states of a breaker, whose numbers are also the value of the state
// metric.
const (
	Closed State = iota
	Open
	HalfOpen
)

func (s State) String() string {
	switch s {
	case Closed:
		return "closed"
	case Open:
		return "open"
	case HalfOpen:
		return "half-open"
	}
	return fmt.Sprintf("State(%d)", int(s))
}

// Options tell a breaker who it is and where to report.
type Options struct {
	// Source names what the breaker guards (the source id) in its
	// metrics. It must not identify a patient; a source id never does.
	Source string
	// Now is the clock; nil is time.Now. Tests move time with it.
	Now func() time.Time
	// Logger receives a warning on every state change; nil discards. It
	// should already say which source it logs for.
	Logger *slog.Logger
	// MeterProvider receives the breaker's metrics; nil records nothing:
	// shcr.source.breaker.state (0 closed, 1 open, 2 half-open) and
	// shcr.source.breaker.transitions (by the state entered), both
	// labelled by source only.
	MeterProvider metric.MeterProvider
}

// Breaker is a circuit breaker for one remote system. It is safe for
// concurrent use. Callers ask Allow before a call and report the call's
// outcome with Done.
type Breaker struct {
	cfg    Config
	now    func() time.Time
	logger *slog.Logger

	attrs       metric.MeasurementOption
	stateGauge  metric.Int64Gauge
	transitions metric.Int64Counter

	mu          sync.Mutex
	state       State
	consecutive int
	openedAt    time.Time
	probing     bool
	win         rolling // a: calls, b: failures
}

// New returns a closed breaker. cfg is used as given: callers apply
// WithDefaults and Validate first. The only error is from creating the
// metrics.
func New(cfg Config, opt Options) (*Breaker, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.MeterProvider == nil {
		opt.MeterProvider = metricnoop.NewMeterProvider()
	}
	b := &Breaker{cfg: cfg, now: opt.Now, logger: opt.Logger, win: newRolling(cfg.Window),
		attrs: metric.WithAttributes(attribute.String("source", opt.Source))}
	meter := opt.MeterProvider.Meter("github.com/shcr/shcr/adapters/circuit")
	var err error
	if b.stateGauge, err = meter.Int64Gauge("shcr.source.breaker.state",
		metric.WithDescription("Circuit breaker state of a source: 0 closed, 1 open, 2 half-open.")); err != nil {
		return nil, fmt.Errorf("creating the breaker metrics: %w", err)
	}
	if b.transitions, err = meter.Int64Counter("shcr.source.breaker.transitions",
		metric.WithDescription("Circuit breaker state changes of a source, by the state entered.")); err != nil {
		return nil, fmt.Errorf("creating the breaker metrics: %w", err)
	}
	if !cfg.Disabled {
		b.stateGauge.Record(context.Background(), int64(Closed), b.attrs)
	}
	return b, nil
}

// Allow asks to make a call. It returns ErrOpen when the call must not be
// made; probe says the call is the half-open probe, whose outcome decides
// the state, and must be passed to Done.
func (b *Breaker) Allow() (probe bool, err error) {
	if b.cfg.Disabled {
		return false, nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	switch b.state {
	case Open:
		if b.now().Sub(b.openedAt) < b.cfg.OpenFor {
			return false, ErrOpen
		}
		b.setState(HalfOpen, b.now())
		fallthrough
	case HalfOpen:
		if b.probing {
			return false, ErrOpen
		}
		b.probing = true
		return true, nil
	}
	return false, nil
}

// Done reports the outcome of a call Allow let through.
func (b *Breaker) Done(probe bool, o Outcome) {
	if b.cfg.Disabled {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	if probe {
		b.probing = false
		switch o {
		case Success:
			b.setState(Closed, now)
		case Failure:
			b.setState(Open, now)
		}
		// An ignored probe leaves the breaker half-open: the next call
		// probes.
		return
	}
	if b.state != Closed || o == Ignored {
		return // a call that started before the breaker opened
	}
	if o == Success {
		b.consecutive = 0
		b.win.add(now, 1, 0)
		return
	}
	b.consecutive++
	b.win.add(now, 1, 1)
	calls, failures := b.win.sum(now)
	if b.consecutive >= b.cfg.Failures ||
		(calls >= b.cfg.MinRequests && float64(failures) >= b.cfg.FailureRatio*float64(calls)) {
		b.setState(Open, now)
	}
}

// setState moves to s, logging and counting the change. The caller holds
// mu.
func (b *Breaker) setState(s State, now time.Time) {
	if s == b.state {
		if s == Open {
			b.openedAt = now
		}
		return
	}
	b.logger.Warn("circuit breaker changed state", "from", b.state.String(), "to", s.String())
	b.stateGauge.Record(context.Background(), int64(s), b.attrs)
	b.transitions.Add(context.Background(), 1, metric.WithAttributes(attribute.String("to", s.String())), b.attrs)
	b.state = s
	b.consecutive = 0
	b.win.reset()
	if s == Open {
		b.openedAt = now
	}
}

// State returns the breaker's state as a call would find it: an open
// breaker whose OpenFor has passed is half-open.
func (b *Breaker) State() State {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state == Open && b.now().Sub(b.openedAt) >= b.cfg.OpenFor {
		return HalfOpen
	}
	return b.state
}

// Budget limits retries to a share of calls over a window, so that when a
// source struggles its callers do not double its load: retries allowed =
// min + ratio × calls, both over the window. It is safe for concurrent
// use.
type Budget struct {
	ratio float64
	min   int
	now   func() time.Time

	mu  sync.Mutex
	win rolling // a: calls, b: retries
}

// NewBudget returns a budget allowing min + ratio × calls retries per
// window. now is the clock; nil is time.Now.
func NewBudget(ratio float64, min int, window time.Duration, now func() time.Time) *Budget {
	if now == nil {
		now = time.Now
	}
	return &Budget{ratio: ratio, min: min, now: now, win: newRolling(window)}
}

// Request counts one call (not a retry).
func (b *Budget) Request() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.win.add(b.now(), 1, 0)
}

// TryRetry takes a retry from the budget, reporting whether there was one.
func (b *Budget) TryRetry() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	calls, retries := b.win.sum(now)
	if float64(retries+1) > float64(b.min)+b.ratio*float64(calls) {
		return false
	}
	b.win.add(now, 0, 1)
	return true
}

// rollingBuckets is the number of buckets a rolling window is cut into.
const rollingBuckets = 10

// rolling counts two things over a sliding window of time, in buckets, so
// old events fall out without being stored one by one. It is not safe for
// concurrent use; its owner locks.
type rolling struct {
	width   time.Duration // of one bucket
	buckets [rollingBuckets]bucket
}

// bucket counts what happened in one slice of time, numbered by epoch.
type bucket struct {
	epoch int64
	a, b  int
}

func newRolling(window time.Duration) rolling {
	return rolling{width: max(window/rollingBuckets, time.Nanosecond)}
}

func (r *rolling) add(now time.Time, a, b int) {
	epoch := now.UnixNano() / int64(r.width)
	bk := &r.buckets[uint64(epoch)%rollingBuckets]
	if bk.epoch != epoch {
		bk.epoch, bk.a, bk.b = epoch, 0, 0
	}
	bk.a += a
	bk.b += b
}

func (r *rolling) sum(now time.Time) (a, b int) {
	epoch := now.UnixNano() / int64(r.width)
	for _, bk := range r.buckets {
		if bk.epoch > epoch-rollingBuckets && bk.epoch <= epoch {
			a += bk.a
			b += bk.b
		}
	}
	return a, b
}

func (r *rolling) reset() { r.buckets = [rollingBuckets]bucket{} }
