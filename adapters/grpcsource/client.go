package grpcsource

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"slices"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/otel/metric"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"
	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/keepalive"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/circuit"
	"github.com/shcr/shcr/adapters/grpcsource/sourcepb"
	"github.com/shcr/shcr/fhir"
)

// Option changes how a Source works, for wiring and tests.
type Option func(*options)

type options struct {
	tracerProvider trace.TracerProvider
	meterProvider  metric.MeterProvider
	propagator     propagation.TextMapPropagator
	logger         *slog.Logger
	sourceID       string
	now            func() time.Time
}

// WithTracerProvider sets where the gRPC spans go. The default records
// nothing; the global provider is never used.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(o *options) { o.tracerProvider = tp }
}

// WithMeterProvider sets where the gRPC and circuit breaker metrics go.
// The default records nothing.
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(o *options) { o.meterProvider = mp }
}

// WithPropagator sets how trace context travels in metadata. The default
// is W3C Trace Context (traceparent, tracestate); the global propagator is
// never used.
func WithPropagator(p propagation.TextMapPropagator) Option {
	return func(o *options) { o.propagator = p }
}

// WithLogger sets where the circuit breaker's state changes are logged;
// the logger should say which source it is for. The default discards.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithSourceID names the source in the circuit breaker's metrics.
func WithSourceID(id string) Option { return func(o *options) { o.sourceID = id } }

// WithClock sets the clock the circuit breaker reads, so tests can move
// time without sleeping.
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

func newOptions(opts []Option) options {
	o := options{
		tracerProvider: tracenoop.NewTracerProvider(),
		meterProvider:  metricnoop.NewMeterProvider(),
		propagator:     propagation.TraceContext{},
		logger:         slog.New(slog.DiscardHandler),
		now:            time.Now,
	}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// otelOptions configure otelgrpc with the providers given rather than the
// globals. otelgrpc records the method, the status code and the peer
// address; it records no message content, and message events (sizes only)
// are left off.
func (o options) otelOptions() []otelgrpc.Option {
	return []otelgrpc.Option{
		otelgrpc.WithTracerProvider(o.tracerProvider),
		otelgrpc.WithMeterProvider(o.meterProvider),
		otelgrpc.WithPropagators(o.propagator),
	}
}

// Source is an adapter node as an adapters.Source: the facade's client. It
// is safe for concurrent use; one connection (multiplexing every request)
// is kept to the node and re-established after failures. Every call goes
// through a circuit breaker (Config.Breaker). Close releases the
// connection.
type Source struct {
	cfg     Config
	conn    *grpc.ClientConn
	client  sourcepb.SourceClient
	limits  fhir.Limits
	breaker *circuit.Breaker
}

var (
	_ adapters.Source = (*Source)(nil)
	_ adapters.Reader = (*Source)(nil)
)

// New builds a Source from cfg (zero settings take their defaults). It
// reads the certificate files but does not connect: the connection is made
// by the first call, so a node that is down at start-up does not stop the
// facade.
func New(cfg Config, opts ...Option) (*Source, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("configuring the grpc source: %w", err)
	}
	o := newOptions(opts)
	creds := insecure.NewCredentials()
	if !cfg.Insecure {
		tc, err := cfg.MTLS.clientTLS()
		if err != nil {
			return nil, fmt.Errorf("configuring the grpc source: %w", err)
		}
		if tc.ServerName == "" {
			tc.ServerName, _, _ = net.SplitHostPort(cfg.Address)
		}
		creds = credentials.NewTLS(tc)
	}
	conn, err := grpc.NewClient(cfg.Address,
		grpc.WithTransportCredentials(creds),
		grpc.WithStatsHandler(otelgrpc.NewClientHandler(o.otelOptions()...)),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(cfg.MaxMessageBytes)),
		grpc.WithKeepaliveParams(keepalive.ClientParameters{
			Time:                cfg.Keepalive.Time,
			Timeout:             cfg.Keepalive.Timeout,
			PermitWithoutStream: true,
		}),
		// Reconnect quickly once a node is back: the default backoff
		// grows to two minutes, during which every request would fail.
		grpc.WithConnectParams(grpc.ConnectParams{
			Backoff:           backoff.Config{BaseDelay: 200 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: 5 * time.Second},
			MinConnectTimeout: 5 * time.Second,
		}),
		// Behaviour comes from this configuration only, never from a
		// service config published in DNS.
		grpc.WithDisableServiceConfig(),
	)
	if err != nil {
		return nil, fmt.Errorf("configuring the grpc source: %w", err)
	}
	breaker, err := circuit.New(cfg.Breaker, circuit.Options{
		Source: o.sourceID, Now: o.now, MeterProvider: o.meterProvider,
		Logger: o.logger.With("node", cfg.Address),
	})
	if err != nil {
		conn.Close()
		return nil, err
	}
	limits := fhir.DefaultLimits()
	limits.MaxBytes = min(limits.MaxBytes, cfg.MaxMessageBytes)
	return &Source{cfg: cfg, conn: conn, client: sourcepb.NewSourceClient(conn), limits: limits, breaker: breaker}, nil
}

// guard runs one call to the node under the circuit breaker: while the
// breaker is open, call is not made and the error is circuit.ErrOpen
// (Unavailable). ctx is the caller's context, which tells a cancellation by
// the caller (no verdict on the node) from a failure.
//
// The half-open probe waits for the connection to be ready, within its
// deadline, rather than failing at once: after an outage gRPC reports the
// connection as failed until a reconnect succeeds, so a probe sent just as
// the node comes back would otherwise fail on the old state and keep the
// breaker open for another open_for. Other calls fail fast, so a node that
// refuses connections costs a request nothing even before the breaker
// opens. A probe with no deadline does not wait, since it could wait for
// ever.
func (s *Source) guard(ctx context.Context, method string, call func(opts ...grpc.CallOption) error) error {
	probe, err := s.breaker.Allow()
	if err != nil {
		return fmt.Errorf("calling %s on the node: %w", method, err)
	}
	_, hasDeadline := ctx.Deadline()
	err = call(grpc.WaitForReady(probe && hasDeadline))
	s.breaker.Done(probe, breakerOutcome(ctx, err))
	return err
}

// breakerOutcome says what a call's result tells about the node's health.
// Only a node that cannot be reached, drops the call or does not answer in
// time is failing; an answer of any kind, even a refusal or a bad one, is
// the node working.
func breakerOutcome(ctx context.Context, err error) circuit.Outcome {
	if err == nil {
		return circuit.Success
	}
	if errors.Is(ctx.Err(), context.Canceled) {
		return circuit.Ignored
	}
	var se *StatusError
	if !errors.As(err, &se) {
		return circuit.Success // the client rejected what the node sent
	}
	switch se.Code {
	case codes.Unavailable, codes.Aborted, codes.DeadlineExceeded:
		return circuit.Failure
	case codes.Canceled:
		return circuit.Ignored
	}
	return circuit.Success
}

// Close closes the connection to the node. Calls made afterwards fail.
func (s *Source) Close() error {
	return s.conn.Close()
}

// Describe asks the node what it serves to this facade. When the
// configuration names an organisation (Config.ODS), the node must serve
// that one.
func (s *Source) Describe(ctx context.Context) (adapters.Capabilities, error) {
	var resp *sourcepb.DescribeResponse
	err := s.guard(ctx, "Describe", func(opts ...grpc.CallOption) (err error) {
		if resp, err = s.client.Describe(outgoingCaller(ctx), &sourcepb.DescribeRequest{}, opts...); err != nil {
			return rpcError("Describe", err)
		}
		return nil
	})
	if err != nil {
		return adapters.Capabilities{}, err
	}
	if ods := resp.GetOrganisation().GetOds(); s.cfg.ODS != "" && ods != s.cfg.ODS {
		return adapters.Capabilities{}, fmt.Errorf("%w: the node serves organisation %q, not %q", adapters.ErrBadResponse, truncate(ods, 16), s.cfg.ODS)
	}
	return capsFromProto(resp)
}

// Search streams the answer from the node and parses every resource
// strictly. An answer over max_stream_bytes, a resource that is not valid
// FHIR or a stream not ended by its summary fails the whole search
// (BadResponse): a node is one organisation's system, and a fault in its
// stream says the rest cannot be trusted either.
func (s *Source) Search(ctx context.Context, q adapters.Query) (*adapters.Result, error) {
	var res *adapters.Result
	err := s.guard(ctx, "Search", func(opts ...grpc.CallOption) (err error) {
		res, err = s.search(ctx, q, opts)
		return err
	})
	return res, err
}

func (s *Source) search(ctx context.Context, q adapters.Query, opts []grpc.CallOption) (*adapters.Result, error) {
	// Cancelling on return ends the stream on every path, so an early
	// failure never leaves the node sending to nobody.
	ctx, cancel := context.WithCancel(outgoingCaller(ctx))
	defer cancel()
	stream, err := s.client.Search(ctx, queryToProto(q), opts...)
	if err != nil {
		return nil, rpcError("Search", err)
	}
	c := newCollector(q, s.limits, s.cfg.MaxStreamBytes)
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, rpcError("Search", err)
		}
		if err := c.add(msg); err != nil {
			return nil, fmt.Errorf("searching the node: %w", err)
		}
	}
	res, err := c.result()
	if err != nil {
		return nil, fmt.Errorf("searching the node: %w", err)
	}
	return res, nil
}

// Read fetches one resource by type and local id. The node must answer
// with exactly that resource.
func (s *Source) Read(ctx context.Context, resourceType, id string) (*fhir.Resource, error) {
	var resp *sourcepb.ReadResponse
	err := s.guard(ctx, "Read", func(opts ...grpc.CallOption) (err error) {
		if resp, err = s.client.Read(outgoingCaller(ctx), &sourcepb.ReadRequest{Type: resourceType, Id: id}, opts...); err != nil {
			return rpcError("Read", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	r, err := fhir.Parse(resp.GetResource(), s.limits)
	if err != nil {
		return nil, fmt.Errorf("reading from the node: %w: %w", adapters.ErrBadResponse, err)
	}
	if r.Type != resourceType || r.ID != id {
		return nil, fmt.Errorf("reading from the node: %w: it answered with another resource", adapters.ErrBadResponse)
	}
	return r, nil
}

// ResolvePatient asks the node for the local ids of the Patient records
// carrying an NHS number. It gives the same ids as the engine's own
// resolution, a Search of Patient by identifier keeping the records that
// carry the number, in one small message instead of whole Patient
// resources; the engine does not call it yet (it needs the Patient records
// for the merged Patient), so it is there for callers that only need ids.
func (s *Source) ResolvePatient(ctx context.Context, nhsNumber string) ([]string, error) {
	if _, err := fhir.ParseNHSNumber(nhsNumber); err != nil {
		// The error would quote the number.
		return nil, fmt.Errorf("resolving a patient: %w: not a valid NHS number", adapters.ErrInvalidQuery)
	}
	var resp *sourcepb.ResolvePatientResponse
	err := s.guard(ctx, "ResolvePatient", func(opts ...grpc.CallOption) (err error) {
		if resp, err = s.client.ResolvePatient(outgoingCaller(ctx), &sourcepb.ResolvePatientRequest{NhsNumber: nhsNumber}, opts...); err != nil {
			return rpcError("ResolvePatient", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	ids := resp.GetPatientIds()
	if len(ids) > maxPatients {
		return nil, fmt.Errorf("resolving a patient: %w: more than %d records", adapters.ErrBadResponse, maxPatients)
	}
	var out []string
	for _, id := range ids {
		if !fhir.ValidID(id) {
			return nil, fmt.Errorf("resolving a patient: %w: an id that is not a FHIR id", adapters.ErrBadResponse)
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}
