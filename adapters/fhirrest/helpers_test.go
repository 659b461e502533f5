package fhirrest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/adaptertest/fhirserver"
	"github.com/shcr/shcr/adapters/fhirrest"
	"github.com/shcr/shcr/fhir"
)

// clock is a settable clock for the breaker, the budget and caches.
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

// sleeps records the waits before retries instead of waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return ctx.Err()
}

func (s *sleeps) got() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// env is a fhirrest Source over a test server holding the fixture.
type env struct {
	srv    *fhirserver.Server
	hs     *httptest.Server
	src    *fhirrest.Source
	clock  *clock
	sleeps *sleeps
}

// setup starts a server with sopts and a source for it with cfg (its URL
// filled in), a fake clock and recorded sleeps.
func setup(t *testing.T, sopts fhirserver.Options, cfg fhirrest.Config, opts ...fhirrest.Option) *env {
	t.Helper()
	e := &env{clock: newClock(), sleeps: &sleeps{}}
	e.srv = fhirserver.New(fixtureSource(t), sopts)
	e.hs = httptest.NewServer(e.srv)
	t.Cleanup(e.hs.Close)
	cfg.URL = e.hs.URL + sopts.Prefix
	e.src = newSource(t, cfg, append([]fhirrest.Option{fhirrest.WithClock(e.clock.Now), fhirrest.WithSleep(e.sleeps.sleep)}, opts...)...)
	return e
}

func newSource(t *testing.T, cfg fhirrest.Config, opts ...fhirrest.Option) *fhirrest.Source {
	t.Helper()
	src, err := fhirrest.New(cfg, opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { src.Close() })
	return src
}

// prime reads the CapabilityStatement, so later faults hit searches only.
func (e *env) prime(t *testing.T) {
	t.Helper()
	if _, err := e.src.Describe(context.Background()); err != nil {
		t.Fatalf("Describe: %v", err)
	}
}

// searches counts the requests that were not for the CapabilityStatement.
func (e *env) searches() int {
	n := 0
	for _, r := range e.srv.Recorded() {
		if !strings.HasSuffix(r.Path, "/metadata") {
			n++
		}
	}
	return n
}

func notMetadata(r *http.Request) bool { return !strings.HasSuffix(r.URL.Path, "/metadata") }

func onlyMetadata(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/metadata") }

// The queries the tests ask, as functions so no test can change another's.
func obsA() adapters.Query { return adapters.Query{Type: "Observation", Patients: []string{"pat-a"}} }

func resolve() adapters.Query {
	return adapters.Query{Type: "Patient", Params: []adapters.Param{{Name: "identifier", Value: fhir.NHSNumberSystem + "|9990000018"}}}
}

func compA() adapters.Query { return adapters.Query{Compartment: true, Patients: []string{"pat-a"}} }

func refs(rs []*fhir.Resource) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Type + "/" + r.ID
	}
	return out
}
