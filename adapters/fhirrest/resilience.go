package fhirrest

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

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

// retryBudget limits retries to a share of requests over a window, so that
// when a source struggles the adapter does not double its load: retries
// allowed = BudgetMin + BudgetRatio × requests, both over BudgetWindow. It
// is safe for concurrent use.
type retryBudget struct {
	ratio float64
	min   int
	now   func() time.Time

	mu  sync.Mutex
	win rolling // a: requests, b: retries
}

func newRetryBudget(c RetryConfig, now func() time.Time) *retryBudget {
	return &retryBudget{ratio: c.BudgetRatio, min: c.BudgetMin, now: now, win: newRolling(c.BudgetWindow)}
}

// request counts one request (not a retry).
func (b *retryBudget) request() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.win.add(b.now(), 1, 0)
}

// tryRetry takes a retry from the budget, reporting whether there was one.
func (b *retryBudget) tryRetry() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	requests, retries := b.win.sum(now)
	if float64(retries+1) > float64(b.min)+b.ratio*float64(requests) {
		return false
	}
	b.win.add(now, 0, 1)
	return true
}

// outcome is what one request said about the server's health.
type outcome int

const (
	// ignored: the request says nothing (the caller cancelled it, or it
	// never reached the server).
	ignored outcome = iota
	success
	failure
)

type breakerState int

const (
	closed breakerState = iota
	open
	halfOpen
)

func (s breakerState) String() string {
	return [...]string{"closed", "open", "half-open"}[s]
}

// breaker is a circuit breaker for one source. Closed, it counts outcomes
// and opens after Failures consecutive failures or, with at least
// MinRequests in Window, a failure ratio of FailureRatio. Open, it refuses
// every request for OpenFor, so a source that is down costs its callers
// nothing and gets room to recover. Then it lets exactly one probe through
// (half-open): success closes it, failure opens it again. It is safe for
// concurrent use.
type breaker struct {
	cfg    BreakerConfig
	now    func() time.Time
	logger *slog.Logger

	mu          sync.Mutex
	state       breakerState
	consecutive int
	openedAt    time.Time
	probing     bool
	win         rolling // a: requests, b: failures
}

func newBreaker(c BreakerConfig, now func() time.Time, logger *slog.Logger) *breaker {
	return &breaker{cfg: c, now: now, logger: logger, win: newRolling(c.Window)}
}

// allow asks to make a request. It returns ErrCircuitOpen when the request
// must not be made; probe says the request is the half-open probe, whose
// outcome decides the state.
func (b *breaker) allow() (probe bool, err error) {
	if b.cfg.Disabled {
		return false, nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	switch b.state {
	case open:
		if b.now().Sub(b.openedAt) < b.cfg.OpenFor {
			return false, ErrCircuitOpen
		}
		b.state = halfOpen
		fallthrough
	case halfOpen:
		if b.probing {
			return false, ErrCircuitOpen
		}
		b.probing = true
		return true, nil
	}
	return false, nil
}

// done reports a request's outcome.
func (b *breaker) done(probe bool, o outcome) {
	if b.cfg.Disabled {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	if probe {
		b.probing = false
		switch o {
		case success:
			b.setState(closed, now)
		case failure:
			b.setState(open, now)
		}
		// An ignored probe leaves the breaker half-open: the next request
		// probes.
		return
	}
	if b.state != closed || o == ignored {
		return // a request that started before the breaker opened
	}
	if o == success {
		b.consecutive = 0
		b.win.add(now, 1, 0)
		return
	}
	b.consecutive++
	b.win.add(now, 1, 1)
	requests, failures := b.win.sum(now)
	if b.consecutive >= b.cfg.Failures ||
		(requests >= b.cfg.MinRequests && float64(failures) >= b.cfg.FailureRatio*float64(requests)) {
		b.setState(open, now)
	}
}

func (b *breaker) setState(s breakerState, now time.Time) {
	if s == b.state {
		if s == open {
			b.openedAt = now
		}
		return
	}
	b.logger.Warn("circuit breaker changed state", "from", b.state.String(), "to", s.String())
	b.state = s
	b.consecutive = 0
	b.win.reset()
	if s == open {
		b.openedAt = now
	}
}

// currentState returns the breaker's state as a request would find it.
func (b *breaker) currentState() breakerState {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state == open && b.now().Sub(b.openedAt) >= b.cfg.OpenFor {
		return halfOpen
	}
	return b.state
}

// sleep waits for d or until ctx ends, the default for waits before a retry.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
