package grpcsource_test

import (
	"context"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/circuit"
	"github.com/shcr/shcr/adapters/grpcsource"
	"github.com/shcr/shcr/adapters/grpcsource/sourcepb"
)

// clock is a settable clock for the client's breaker.
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

// restartableNode is a real node on a fixed loopback address that a test
// stops and starts again, as an organisation's node goes down and comes
// back.
type restartableNode struct {
	t    *testing.T
	src  adapters.Source
	p    pki
	addr string

	srv  *grpcsource.Server
	done chan struct{}
}

func newRestartableNode(t *testing.T, src adapters.Source, p pki) *restartableNode {
	t.Helper()
	n := &restartableNode{t: t, src: src, p: p, addr: "127.0.0.1:0"}
	n.start()
	t.Cleanup(n.stop)
	return n
}

// start serves on n.addr (a new port the first time, the same one after).
func (n *restartableNode) start() {
	n.t.Helper()
	ln, err := net.Listen("tcp", n.addr)
	if err != nil {
		n.t.Fatalf("listening on %s again: %v", n.addr, err)
	}
	n.addr = ln.Addr().String()
	srv, err := grpcsource.NewServer(n.src, grpcsource.ServerOptions{TLS: n.p.serverTLS(), Sharing: shareAll})
	if err != nil {
		n.t.Fatal(err)
	}
	n.srv, n.done = srv, make(chan struct{})
	go func(done chan struct{}) {
		defer close(done)
		_ = srv.Serve(ln)
	}(n.done)
}

// stop closes the listener and every connection, like a node going down.
func (n *restartableNode) stop() {
	if n.srv == nil {
		return
	}
	n.srv.Stop()
	<-n.done
	n.srv = nil
}

// countingSource counts the searches that reach the node's source.
type countingSource struct {
	adapters.Source
	searches atomic.Int64
}

func (c *countingSource) Search(ctx context.Context, q adapters.Query) (*adapters.Result, error) {
	c.searches.Add(1)
	return c.Source.Search(ctx, q)
}

func obsQuery() adapters.Query {
	return adapters.Query{Type: "Observation", Patients: []string{"pat-a"}}
}

// TestBreakerOpensWhenTheNodeGoesAway stops a real node: after the
// configured failures the breaker opens and calls fail fast without
// reaching the node, even once it is back; after open_for one probe goes
// through, and its success closes the breaker.
func TestBreakerOpensWhenTheNodeGoesAway(t *testing.T) {
	p := newPKI(t)
	src := &countingSource{Source: fixtureSource(t)}
	node := newRestartableNode(t, src, p)
	clk := newClock()
	cfg := p.config(node.addr, p.client)
	cfg.Breaker = circuit.Config{Failures: 2, OpenFor: 30 * time.Second}
	client := newClient(t, cfg, grpcsource.WithClock(clk.Now))
	ctx := context.Background()

	if _, err := client.Search(ctx, obsQuery()); err != nil {
		t.Fatalf("with the node up: %v", err)
	}
	node.stop()
	for i := range 2 {
		_, err := client.Search(ctx, obsQuery())
		if client.Code(err) != adapters.Unavailable || errors.Is(err, circuit.ErrOpen) {
			t.Fatalf("failure %d with the node down: %v, want Unavailable from the connection", i+1, err)
		}
	}
	_, err := client.Search(ctx, obsQuery())
	if !errors.Is(err, circuit.ErrOpen) || client.Code(err) != adapters.Unavailable {
		t.Fatalf("after 2 failures: %v (code %v), want circuit.ErrOpen (Unavailable)", err, client.Code(err))
	}

	node.start()
	before := src.searches.Load()
	clk.Advance(29 * time.Second)
	if _, err := client.Search(ctx, obsQuery()); !errors.Is(err, circuit.ErrOpen) {
		t.Fatalf("with the node back but open_for not over: %v, want circuit.ErrOpen", err)
	}
	if _, err := client.Describe(ctx); !errors.Is(err, circuit.ErrOpen) {
		t.Fatalf("Describe while open: %v, want circuit.ErrOpen", err)
	}
	if got := src.searches.Load(); got != before {
		t.Fatalf("%d searches reached the node while the breaker was open", got-before)
	}

	// The client's connection comes back on gRPC's own reconnect
	// schedule; the probe, under a deadline as the engine's calls are,
	// waits for it rather than failing on the outage's stale state.
	clk.Advance(time.Second)
	probeCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := client.Search(probeCtx, obsQuery()); err != nil {
		t.Fatalf("the probe after open_for: %v", err)
	}
	if _, err := client.Search(ctx, obsQuery()); err != nil {
		t.Fatalf("after the probe closed the breaker: %v", err)
	}
	if got := src.searches.Load() - before; got != 2 {
		t.Errorf("%d searches reached the node after it came back, want 2", got)
	}
}

// TestBreakerCountsOnlyFailures: a node that answers, even with a refusal
// or an error of its own system's that is not about availability, is
// working; only Unavailable, Aborted and DeadlineExceeded count, and a
// caller's cancellation never does.
func TestBreakerCountsOnlyFailures(t *testing.T) {
	p := newPKI(t)
	tests := []struct {
		code     codes.Code
		wantOpen bool
	}{
		{codes.Unavailable, true},
		{codes.Aborted, true},
		{codes.DeadlineExceeded, true},
		{codes.NotFound, false},
		{codes.PermissionDenied, false},
		{codes.InvalidArgument, false},
		{codes.Internal, false},
		{codes.Canceled, false},
	}
	for _, tt := range tests {
		t.Run(tt.code.String(), func(t *testing.T) {
			var calls atomic.Int64
			node := &hostileNode{search: func(func(*sourcepb.SearchResponse) error) error {
				calls.Add(1)
				return status.Error(tt.code, "fault")
			}}
			cfg := p.config(startHostile(t, p, node), p.client)
			cfg.Breaker = circuit.Config{Failures: 1}
			client := newClient(t, cfg)
			_, _ = client.Search(context.Background(), obsQuery())
			_, err := client.Search(context.Background(), obsQuery())
			if got := errors.Is(err, circuit.ErrOpen); got != tt.wantOpen {
				t.Fatalf("second call: %v; open %v, want %v", err, got, tt.wantOpen)
			}
			if want := map[bool]int64{true: 1, false: 2}[tt.wantOpen]; calls.Load() != want {
				t.Errorf("%d calls reached the node, want %d", calls.Load(), want)
			}
		})
	}

	t.Run("a caller's cancellation", func(t *testing.T) {
		blocking := newBlockingSource(t)
		cfg := p.config(startNode(t, blocking, p, grpcsource.ServerOptions{}), p.client)
		cfg.Breaker = circuit.Config{Failures: 1}
		client := newClient(t, cfg)
		for i := range 2 {
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { _, err := client.Search(ctx, obsQuery()); done <- err }()
			select {
			case <-blocking.arrived:
			case err := <-done:
				t.Fatalf("call %d never reached the node: %v", i+1, err)
			}
			cancel()
			if err := <-done; client.Code(err) != adapters.Canceled {
				t.Fatalf("call %d: %v, want Canceled", i+1, err)
			}
			<-blocking.ended
		}
	})

	t.Run("disabled", func(t *testing.T) {
		var calls atomic.Int64
		node := &hostileNode{search: func(func(*sourcepb.SearchResponse) error) error {
			calls.Add(1)
			return status.Error(codes.Unavailable, "down")
		}}
		cfg := p.config(startHostile(t, p, node), p.client)
		cfg.Breaker = circuit.Config{Disabled: true, Failures: 1}
		client := newClient(t, cfg)
		for range 5 {
			_, _ = client.Search(context.Background(), obsQuery())
		}
		if calls.Load() != 5 {
			t.Fatalf("%d of 5 calls reached the node with the breaker disabled", calls.Load())
		}
	})
}

func TestBreakerConfigIsValidated(t *testing.T) {
	cfg := grpcsource.Config{Address: "127.0.0.1:9443", Insecure: true, Breaker: circuit.Config{FailureRatio: 2}}
	if _, err := grpcsource.New(cfg); err == nil {
		t.Fatal("a failure_ratio of 2 was accepted")
	}
	if got := (grpcsource.Config{}).WithDefaults().Breaker; got != (circuit.Config{}).WithDefaults() {
		t.Errorf("default breaker %+v, want the fhir source's defaults %+v", got, (circuit.Config{}).WithDefaults())
	}
}

// TestBreakerProbeWhileStillDown: a probe to a node that is still down
// fails (within its deadline) and opens the breaker for another open_for.
func TestBreakerProbeWhileStillDown(t *testing.T) {
	p := newPKI(t)
	node := newRestartableNode(t, fixtureSource(t), p)
	clk := newClock()
	cfg := p.config(node.addr, p.client)
	cfg.Breaker = circuit.Config{Failures: 1, OpenFor: 30 * time.Second}
	client := newClient(t, cfg, grpcsource.WithClock(clk.Now))
	node.stop()
	if _, err := client.Search(context.Background(), obsQuery()); client.Code(err) != adapters.Unavailable {
		t.Fatalf("with the node down: %v, want Unavailable", err)
	}
	clk.Advance(30 * time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := client.Search(ctx, obsQuery())
	if code := client.Code(err); errors.Is(err, circuit.ErrOpen) || (code != adapters.Unavailable && code != adapters.DeadlineExceeded) {
		t.Fatalf("the probe: %v (code %v), want it to have tried and failed", err, code)
	}
	clk.Advance(29 * time.Second)
	if _, err := client.Search(context.Background(), obsQuery()); !errors.Is(err, circuit.ErrOpen) {
		t.Fatalf("after the failed probe: %v, want circuit.ErrOpen", err)
	}
}
