package grpcsource

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"slices"
	"sort"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/status"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/grpcsource/sourcepb"
	"github.com/shcr/shcr/fhir"
)

// ServerOptions configure a node.
type ServerOptions struct {
	// TLS is the node's TLS configuration. It must require and verify
	// client certificates (ClientAuth tls.RequireAndVerifyClientCert with
	// ClientCAs set); ServerTLSConfig.Load makes one. It is nil only when
	// Insecure is set.
	TLS *tls.Config
	// Insecure serves plaintext. Serve then accepts only a loopback
	// listener: it is for tests and for a facade in the same pod.
	Insecure bool

	// Sharing are the node organisation's own data-sharing rules. Empty
	// shares nothing.
	Sharing Sharing
	// Organisation is the data controller the node serves; Describe names
	// it so the facade can check it reached the organisation it meant to.
	Organisation Organisation

	// SourceTimeout, when set, bounds each call to the source below the
	// deadline the facade sent.
	SourceTimeout time.Duration

	// TracerProvider, MeterProvider and Propagator instrument the node
	// (otelgrpc): a facade's trace continues in the node's spans and on
	// into the source's calls. Nil means no spans, no metrics and W3C
	// Trace Context; the globals are never used. Besides otelgrpc's, the
	// node counts its calls by method and outcome (shcr.node.calls, where
	// a call its caller cancelled is "cancelled") and the calls in flight
	// (shcr.node.calls.in_flight).
	TracerProvider trace.TracerProvider
	MeterProvider  metric.MeterProvider
	Propagator     propagation.TextMapPropagator
	// Logger receives failures of the source, without patient
	// identifiers. Nil discards them.
	Logger *slog.Logger
}

// Organisation names a data controller.
type Organisation struct {
	ODS  string
	Name string
}

// Server is an adapter node: it serves one adapters.Source over gRPC to the
// facade, under the node's own data-sharing rules. It is safe for
// concurrent use.
type Server struct {
	grpc     *grpc.Server
	insecure bool
}

// maxRequestBytes caps a request message; queries are small.
const maxRequestBytes = 1 << 20

// NewServer builds a node serving src. It refuses a TLS configuration that
// does not require client certificates: a node holds one organisation's
// records, and only a facade it can identify may ask for them.
func NewServer(src adapters.Source, opts ServerOptions) (*Server, error) {
	if src == nil {
		return nil, errors.New("building the node: no source")
	}
	if err := opts.Sharing.Validate(); err != nil {
		return nil, fmt.Errorf("building the node: %w", err)
	}
	var creds credentials.TransportCredentials
	switch {
	case opts.Insecure && opts.TLS != nil:
		return nil, errors.New("building the node: TLS and Insecure cannot go together")
	case opts.Insecure:
		creds = insecure.NewCredentials()
	case opts.TLS == nil:
		return nil, errors.New("building the node: TLS is required (Insecure only on loopback)")
	case opts.TLS.ClientAuth != tls.RequireAndVerifyClientCert || opts.TLS.ClientCAs == nil:
		return nil, errors.New("building the node: TLS must require and verify client certificates (mutual TLS)")
	default:
		creds = credentials.NewTLS(opts.TLS)
	}
	o := newOptions(nil)
	if opts.TracerProvider != nil {
		o.tracerProvider = opts.TracerProvider
	}
	if opts.MeterProvider != nil {
		o.meterProvider = opts.MeterProvider
	}
	if opts.Propagator != nil {
		o.propagator = opts.Propagator
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	nm, err := newNodeMetrics(o.meterProvider)
	if err != nil {
		return nil, err
	}
	gs := grpc.NewServer(
		grpc.Creds(creds),
		grpc.StatsHandler(otelgrpc.NewServerHandler(o.otelOptions()...)),
		grpc.ChainUnaryInterceptor(nm.unary),
		grpc.ChainStreamInterceptor(nm.stream),
		grpc.MaxRecvMsgSize(maxRequestBytes),
		// Accept the facade's keepalive pings (at most every 10s) and
		// ping idle facades in turn, so dead connections are dropped.
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: minKeepaliveTime, PermitWithoutStream: true}),
		grpc.KeepaliveParams(keepalive.ServerParameters{Time: 2 * time.Minute, Timeout: 20 * time.Second}),
	)
	sourcepb.RegisterSourceServer(gs, &service{src: src, opts: opts, log: logger})
	return &Server{grpc: gs, insecure: opts.Insecure}, nil
}

// Serve accepts connections on ln until Shutdown or Stop; it returns nil
// after either. A plaintext node refuses a listener that is not on
// loopback.
func (s *Server) Serve(ln net.Listener) error {
	if s.insecure {
		host, _, err := net.SplitHostPort(ln.Addr().String())
		if err != nil || !isLoopback(host) {
			return fmt.Errorf("serving plaintext gRPC on %s: only loopback may be insecure", ln.Addr())
		}
	}
	err := s.grpc.Serve(ln)
	if errors.Is(err, grpc.ErrServerStopped) {
		return nil
	}
	return err
}

// Shutdown stops accepting connections and waits for the calls in flight
// to finish; when ctx ends first, it cancels them and closes every
// connection, and returns ctx's error.
func (s *Server) Shutdown(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		s.grpc.GracefulStop()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		s.grpc.Stop()
		<-done
		return ctx.Err()
	}
}

// Stop closes every connection at once, cancelling the calls in flight.
func (s *Server) Stop() { s.grpc.Stop() }

// service implements the protocol over one Source.
type service struct {
	sourcepb.UnimplementedSourceServer
	src  adapters.Source
	opts ServerOptions
	log  *slog.Logger
}

var _ sourcepb.SourceServer = (*service)(nil)

// admit identifies the request: the client's certificate names and the
// caller the facade sent, which goes into the context for the source. It
// returns what the node's rules grant this request, and a context bounded by
// the source timeout, whose cancel the caller must call.
func (s *service) admit(ctx context.Context) (context.Context, context.CancelFunc, grant, error) {
	c, hasCaller, err := incomingCaller(ctx)
	if err != nil {
		return ctx, func() {}, grant{}, status.Error(codes.InvalidArgument, err.Error())
	}
	if hasCaller {
		ctx = adapters.WithCaller(ctx, c)
	}
	g := s.opts.Sharing.grantFor(clientIdentities(ctx), c, true)
	cancel := context.CancelFunc(func() {})
	if s.opts.SourceTimeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, s.opts.SourceTimeout)
	}
	return ctx, cancel, g, nil
}

// denied is the answer to a request for a type the rules do not grant.
func denied() error {
	return status.Error(codes.PermissionDenied, "this organisation's data-sharing rules do not allow this client or caller that resource type")
}

// failed logs a source failure that is the node's or its system's problem
// (not a caller's mistake or departure) and returns the status to answer.
func (s *service) failed(ctx context.Context, method string, err error) error {
	st := statusOf(ctx, s.src, err)
	switch status.Code(st) {
	case codes.NotFound, codes.InvalidArgument, codes.Canceled:
	default:
		s.log.WarnContext(ctx, "source failed", "method", method, "code", status.Code(st).String(), "error", err)
	}
	return st
}

// Describe lists the types this client could be granted, with their
// parameters.
func (s *service) Describe(ctx context.Context, _ *sourcepb.DescribeRequest) (*sourcepb.DescribeResponse, error) {
	g := s.opts.Sharing.grantFor(clientIdentities(ctx), adapters.Caller{}, false)
	if g.empty() {
		return nil, status.Error(codes.PermissionDenied, "this organisation's data-sharing rules grant this client nothing")
	}
	if c, ok, err := incomingCaller(ctx); err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	} else if ok {
		ctx = adapters.WithCaller(ctx, c)
	}
	if s.opts.SourceTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.opts.SourceTimeout)
		defer cancel()
	}
	caps, err := s.src.Describe(ctx)
	if err != nil {
		return nil, s.failed(ctx, "Describe", err)
	}
	return &sourcepb.DescribeResponse{
		Types:        capsToProto(caps, g),
		Organisation: &sourcepb.Organisation{Ods: s.opts.Organisation.ODS, Name: s.opts.Organisation.Name},
	}, nil
}

// Search asks the source and streams its answer, leaving out what the
// rules withhold.
func (s *service) Search(req *sourcepb.SearchRequest, stream grpc.ServerStreamingServer[sourcepb.SearchResponse]) error {
	ctx, cancel, g, err := s.admit(stream.Context())
	defer cancel()
	if err != nil {
		return err
	}
	q, err := queryFromProto(req)
	if err != nil {
		return status.Error(codes.InvalidArgument, err.Error())
	}
	if !q.Compartment && !g.allows(q.Type) {
		return denied()
	}
	res, err := s.src.Search(ctx, q)
	if err != nil {
		return s.failed(ctx, "Search", err)
	}
	withheld := map[string]bool{}
	for _, r := range res.Resources {
		if !g.allows(r.Type) {
			withheld[r.Type] = true
			continue
		}
		if err := stream.Send(&sourcepb.SearchResponse{Item: &sourcepb.SearchResponse_Resource{Resource: r.Raw}}); err != nil {
			return err // the stream is broken or the client left; its status says which
		}
	}
	summary := &sourcepb.SearchSummary{
		Residual:  paramsToProto(res.Residual),
		Truncated: res.Truncated || len(withheld) > 0,
	}
	for t := range withheld {
		summary.WithheldTypes = append(summary.WithheldTypes, t)
	}
	sort.Strings(summary.WithheldTypes)
	return stream.Send(&sourcepb.SearchResponse{Item: &sourcepb.SearchResponse_Summary{Summary: summary}})
}

// Read fetches one resource, if the rules grant its type.
func (s *service) Read(ctx context.Context, req *sourcepb.ReadRequest) (*sourcepb.ReadResponse, error) {
	ctx, cancel, g, err := s.admit(ctx)
	defer cancel()
	if err != nil {
		return nil, err
	}
	if !validType(req.GetType()) || !fhir.ValidID(req.GetId()) {
		return nil, status.Error(codes.InvalidArgument, "a read needs a resource type and a FHIR id")
	}
	if !g.allows(req.GetType()) {
		return nil, denied()
	}
	rd, ok := s.src.(adapters.Reader)
	if !ok {
		return nil, status.Error(codes.Unimplemented, "the organisation's system cannot read by id")
	}
	r, err := rd.Read(ctx, req.GetType(), req.GetId())
	if err != nil {
		return nil, s.failed(ctx, "Read", err)
	}
	return &sourcepb.ReadResponse{Resource: r.Raw}, nil
}

// ResolvePatient finds the patient's local ids the way the engine does:
// a Patient search by NHS number, keeping only the records that carry it.
func (s *service) ResolvePatient(ctx context.Context, req *sourcepb.ResolvePatientRequest) (*sourcepb.ResolvePatientResponse, error) {
	ctx, cancel, g, err := s.admit(ctx)
	defer cancel()
	if err != nil {
		return nil, err
	}
	nhs := req.GetNhsNumber()
	if _, err := fhir.ParseNHSNumber(nhs); err != nil {
		return nil, status.Error(codes.InvalidArgument, "not a valid NHS number")
	}
	if !g.allows("Patient") {
		return nil, denied()
	}
	res, err := s.src.Search(ctx, adapters.Query{
		Type:   "Patient",
		Params: []adapters.Param{{Name: "identifier", Value: fhir.NHSNumberSystem + "|" + nhs}},
	})
	if err != nil {
		return nil, s.failed(ctx, "ResolvePatient", err)
	}
	out := &sourcepb.ResolvePatientResponse{}
	for _, r := range res.Resources {
		if r.Type == "Patient" && r.ID != "" && carriesNHSNumber(r, nhs) && !slices.Contains(out.PatientIds, r.ID) {
			out.PatientIds = append(out.PatientIds, r.ID)
		}
	}
	return out, nil
}

func carriesNHSNumber(r *fhir.Resource, nhs string) bool {
	return slices.Contains(r.Identifiers, fhir.Identifier{System: fhir.NHSNumberSystem, Value: nhs})
}
