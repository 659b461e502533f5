package grpcsource

import (
	"context"
	"errors"
	"fmt"
	"io"
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
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/keepalive"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/grpcsource/sourcepb"
	"github.com/shcr/shcr/fhir"
)

// Option changes how a Source works, for wiring and tests.
type Option func(*options)

type options struct {
	tracerProvider trace.TracerProvider
	meterProvider  metric.MeterProvider
	propagator     propagation.TextMapPropagator
}

// WithTracerProvider sets where the gRPC spans go. The default records
// nothing; the global provider is never used.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(o *options) { o.tracerProvider = tp }
}

// WithMeterProvider sets where the gRPC metrics go. The default records
// nothing.
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(o *options) { o.meterProvider = mp }
}

// WithPropagator sets how trace context travels in metadata. The default
// is W3C Trace Context (traceparent, tracestate); the global propagator is
// never used.
func WithPropagator(p propagation.TextMapPropagator) Option {
	return func(o *options) { o.propagator = p }
}

func newOptions(opts []Option) options {
	o := options{
		tracerProvider: tracenoop.NewTracerProvider(),
		meterProvider:  metricnoop.NewMeterProvider(),
		propagator:     propagation.TraceContext{},
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
// is kept to the node and re-established after failures. Close releases it.
type Source struct {
	cfg    Config
	conn   *grpc.ClientConn
	client sourcepb.SourceClient
	limits fhir.Limits
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
	limits := fhir.DefaultLimits()
	limits.MaxBytes = min(limits.MaxBytes, cfg.MaxMessageBytes)
	return &Source{cfg: cfg, conn: conn, client: sourcepb.NewSourceClient(conn), limits: limits}, nil
}

// Close closes the connection to the node. Calls made afterwards fail.
func (s *Source) Close() error {
	return s.conn.Close()
}

// Describe asks the node what it serves to this facade. When the
// configuration names an organisation (Config.ODS), the node must serve
// that one.
func (s *Source) Describe(ctx context.Context) (adapters.Capabilities, error) {
	resp, err := s.client.Describe(outgoingCaller(ctx), &sourcepb.DescribeRequest{})
	if err != nil {
		return adapters.Capabilities{}, rpcError("Describe", err)
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
	// Cancelling on return ends the stream on every path, so an early
	// failure never leaves the node sending to nobody.
	ctx, cancel := context.WithCancel(outgoingCaller(ctx))
	defer cancel()
	stream, err := s.client.Search(ctx, queryToProto(q))
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
	resp, err := s.client.Read(outgoingCaller(ctx), &sourcepb.ReadRequest{Type: resourceType, Id: id})
	if err != nil {
		return nil, rpcError("Read", err)
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
	resp, err := s.client.ResolvePatient(outgoingCaller(ctx), &sourcepb.ResolvePatientRequest{NhsNumber: nhsNumber})
	if err != nil {
		return nil, rpcError("ResolvePatient", err)
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
