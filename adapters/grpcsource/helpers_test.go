package grpcsource_test

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"sync"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/adaptertest"
	"github.com/shcr/shcr/adapters/dirsource"
	"github.com/shcr/shcr/adapters/grpcsource"
	"github.com/shcr/shcr/adapters/grpcsource/sourcepb"
	"github.com/shcr/shcr/adapters/grpcsource/testpki"
	"github.com/shcr/shcr/fhir"
)

// facadeCN is the common name of the facade's client certificate in these
// tests.
const facadeCN = "shcr-facade"

// shareAll grants the test facade everything.
var shareAll = grpcsource.Sharing{{Clients: []string{"cn:" + facadeCN}, Types: []string{"*"}}}

// pki is one test's certificates: a CA, the node's server certificate and
// the facade's client certificate.
type pki struct {
	ca     *testpki.CA
	server testpki.Leaf
	client testpki.Leaf
}

func newPKI(t *testing.T) pki {
	t.Helper()
	ca := testpki.New(t, "node-ca")
	return pki{ca: ca, server: ca.Server("node.test"), client: ca.Client(facadeCN)}
}

// serverTLS is the node's mutual TLS configuration.
func (p pki) serverTLS() *tls.Config {
	return &tls.Config{
		Certificates: []tls.Certificate{p.server.Cert},
		ClientAuth:   tls.RequireAndVerifyClientCert,
		ClientCAs:    p.ca.Pool(),
		MinVersion:   tls.VersionTLS13,
	}
}

// config reaches addr as the facade with the given client certificate.
func (p pki) config(addr string, client testpki.Leaf) grpcsource.Config {
	return grpcsource.Config{
		Address: addr,
		MTLS:    grpcsource.TLSConfig{CAFile: p.ca.CertFile, CertFile: client.CertFile, KeyFile: client.KeyFile},
	}
}

// startNode serves src over mutual TLS on loopback and returns its
// address. Cleanup stops it and waits for Serve to return.
func startNode(t *testing.T, src adapters.Source, p pki, opts grpcsource.ServerOptions) string {
	t.Helper()
	if opts.TLS == nil && !opts.Insecure {
		opts.TLS = p.serverTLS()
	}
	if opts.Sharing == nil {
		opts.Sharing = shareAll
	}
	srv, err := grpcsource.NewServer(src, opts)
	if err != nil {
		t.Fatal(err)
	}
	return serve(t, srv.Serve, srv.Stop)
}

// serve runs a gRPC server's Serve on a loopback listener until cleanup.
func serve(t *testing.T, run func(net.Listener) error, stop func()) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := run(ln); err != nil && !errors.Is(err, grpc.ErrServerStopped) {
			t.Errorf("serving: %v", err)
		}
	})
	t.Cleanup(func() {
		stop()
		wg.Wait()
	})
	return ln.Addr().String()
}

// newClient connects to a node; cleanup closes the connection.
func newClient(t *testing.T, cfg grpcsource.Config, opts ...grpcsource.Option) *grpcsource.Source {
	t.Helper()
	src, err := grpcsource.New(cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	return src
}

// fixtureSource is the conformance fixture in a dirsource.
func fixtureSource(t *testing.T) *dirsource.Source {
	t.Helper()
	dir := t.TempDir()
	if err := adaptertest.WriteFixture(dir); err != nil {
		t.Fatal(err)
	}
	src, err := dirsource.New(context.Background(), dir, dirsource.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// recordingSource wraps a Source and records what each call saw in its
// context.
type recordingSource struct {
	*dirsource.Source
	mu    sync.Mutex
	calls []context.Context
}

func (r *recordingSource) record(ctx context.Context) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, ctx)
}

func (r *recordingSource) contexts() []context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]context.Context(nil), r.calls...)
}

func (r *recordingSource) Describe(ctx context.Context) (adapters.Capabilities, error) {
	r.record(ctx)
	return r.Source.Describe(ctx)
}

func (r *recordingSource) Search(ctx context.Context, q adapters.Query) (*adapters.Result, error) {
	r.record(ctx)
	return r.Source.Search(ctx, q)
}

func (r *recordingSource) Read(ctx context.Context, typ, id string) (*fhir.Resource, error) {
	r.record(ctx)
	return r.Source.Read(ctx, typ, id)
}

// blockingSource blocks every call until its context ends, and reports
// what the context was when it arrived and how it ended.
type blockingSource struct {
	adapters.Source
	arrived chan context.Context
	ended   chan error
}

func newBlockingSource(t *testing.T) *blockingSource {
	return &blockingSource{Source: fixtureSource(t), arrived: make(chan context.Context, 4), ended: make(chan error, 4)}
}

func (b *blockingSource) block(ctx context.Context) error {
	b.arrived <- ctx
	<-ctx.Done()
	b.ended <- ctx.Err()
	return ctx.Err()
}

func (b *blockingSource) Search(ctx context.Context, q adapters.Query) (*adapters.Result, error) {
	return nil, b.block(ctx)
}

func (b *blockingSource) Read(ctx context.Context, typ, id string) (*fhir.Resource, error) {
	return nil, b.block(ctx)
}

// hostileNode is a real gRPC server speaking the protocol badly, as a
// broken or hostile node would. Each method does what its field says; a
// nil field answers Unimplemented.
type hostileNode struct {
	sourcepb.UnimplementedSourceServer
	describe func() (*sourcepb.DescribeResponse, error)
	search   func(send func(*sourcepb.SearchResponse) error) error
	read     func() (*sourcepb.ReadResponse, error)
	resolve  func() (*sourcepb.ResolvePatientResponse, error)
}

func (h *hostileNode) Describe(context.Context, *sourcepb.DescribeRequest) (*sourcepb.DescribeResponse, error) {
	if h.describe == nil {
		return h.UnimplementedSourceServer.Describe(context.Background(), nil)
	}
	return h.describe()
}

func (h *hostileNode) Search(_ *sourcepb.SearchRequest, stream grpc.ServerStreamingServer[sourcepb.SearchResponse]) error {
	if h.search == nil {
		return h.UnimplementedSourceServer.Search(nil, stream)
	}
	return h.search(stream.Send)
}

func (h *hostileNode) Read(context.Context, *sourcepb.ReadRequest) (*sourcepb.ReadResponse, error) {
	if h.read == nil {
		return h.UnimplementedSourceServer.Read(context.Background(), nil)
	}
	return h.read()
}

func (h *hostileNode) ResolvePatient(context.Context, *sourcepb.ResolvePatientRequest) (*sourcepb.ResolvePatientResponse, error) {
	if h.resolve == nil {
		return h.UnimplementedSourceServer.ResolvePatient(context.Background(), nil)
	}
	return h.resolve()
}

// startHostile serves h over mutual TLS with the test PKI.
func startHostile(t *testing.T, p pki, h *hostileNode) string {
	t.Helper()
	gs := grpc.NewServer(grpc.Creds(credentials.NewTLS(p.serverTLS())))
	sourcepb.RegisterSourceServer(gs, h)
	return serve(t, gs.Serve, gs.Stop)
}

func resourceMsg(raw string) *sourcepb.SearchResponse {
	return &sourcepb.SearchResponse{Item: &sourcepb.SearchResponse_Resource{Resource: []byte(raw)}}
}

func summaryMsg(s *sourcepb.SearchSummary) *sourcepb.SearchResponse {
	return &sourcepb.SearchResponse{Item: &sourcepb.SearchResponse_Summary{Summary: s}}
}
