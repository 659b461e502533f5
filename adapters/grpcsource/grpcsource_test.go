package grpcsource_test

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/adaptertest"
	"github.com/shcr/shcr/adapters/adaptertest/fhirserver"
	"github.com/shcr/shcr/adapters/fhirrest"
	"github.com/shcr/shcr/adapters/grpcsource"
	"github.com/shcr/shcr/adapters/grpcsource/sourcepb"
	"github.com/shcr/shcr/adapters/grpcsource/testpki"
	"github.com/shcr/shcr/fhir"
)

// TestConformance runs the adapter suite through the whole hop: a
// dirsource holding the fixture, served by a node, reached over mutual TLS
// on loopback by the client.
func TestConformance(t *testing.T) {
	p := newPKI(t)
	addr := startNode(t, fixtureSource(t), p, grpcsource.ServerOptions{})
	adaptertest.Run(t, adaptertest.Harness{
		New:     func(t *testing.T) adapters.Source { return newClient(t, p.config(addr, p.client)) },
		Fixture: adaptertest.StandardFixture(),
	})
}

// TestConformanceInsecureLoopback runs the suite over plaintext, which
// both ends allow on loopback only when told to.
func TestConformanceInsecureLoopback(t *testing.T) {
	addr := startNode(t, fixtureSource(t), pki{}, grpcsource.ServerOptions{Insecure: true, Sharing: grpcsource.Sharing{{Clients: []string{"*"}, Types: []string{"*"}}}})
	adaptertest.Run(t, adaptertest.Harness{
		New: func(t *testing.T) adapters.Source {
			return newClient(t, grpcsource.Config{Address: addr, Insecure: true})
		},
		Fixture: adaptertest.StandardFixture(),
	})
}

// TestResolvePatientAgreesWithSearch: the explicit RPC and the engine's
// Patient identifier search must find the same records.
func TestResolvePatientAgreesWithSearch(t *testing.T) {
	p := newPKI(t)
	addr := startNode(t, fixtureSource(t), p, grpcsource.ServerOptions{})
	src := newClient(t, p.config(addr, p.client))
	ctx := context.Background()
	f := adaptertest.StandardFixture()
	nhsNumbers := []string{f.UnknownNHS}
	for _, fp := range f.Patients {
		nhsNumbers = append(nhsNumbers, fp.NHSNumber)
	}
	for _, nhs := range nhsNumbers {
		res, err := src.Search(ctx, adapters.Query{Type: "Patient", Params: []adapters.Param{{Name: "identifier", Value: fhir.NHSNumberSystem + "|" + nhs}}})
		if err != nil {
			t.Fatal(err)
		}
		var bySearch []string
		for _, r := range res.Resources {
			bySearch = append(bySearch, r.ID)
		}
		byRPC, err := src.ResolvePatient(ctx, nhs)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(bySearch)
		slices.Sort(byRPC)
		if !slices.Equal(byRPC, bySearch) {
			t.Errorf("ResolvePatient gives %q, the identifier search %q", byRPC, bySearch)
		}
	}
	if _, err := src.ResolvePatient(ctx, "9990000019"); src.Code(err) != adapters.InvalidArgument {
		t.Errorf("ResolvePatient of an invalid NHS number: %v, want InvalidArgument", err)
	}
}

// TestMutualTLS: only a client with a current certificate from the node's
// client CA gets through, and only to a node whose certificate the client
// trusts for the name it dialled. A refused connection never reaches the
// source.
func TestMutualTLS(t *testing.T) {
	p := newPKI(t)
	rec := &recordingSource{Source: fixtureSource(t)}
	addr := startNode(t, rec, p, grpcsource.ServerOptions{})

	expiredServer := p.ca.Issue(testpki.Spec{CommonName: "node.test", IPs: []net.IP{net.IPv4(127, 0, 0, 1)}, Server: true, Expired: true})
	expiredTLS := p.serverTLS()
	expiredTLS.Certificates = []tls.Certificate{expiredServer.Cert}
	expiredAddr := startNode(t, rec, p, grpcsource.ServerOptions{TLS: expiredTLS})

	other := testpki.New(t, "other-ca")
	tests := []struct {
		name string
		cfg  grpcsource.Config
	}{
		{name: "client certificate from another CA", cfg: p.config(addr, other.Client(facadeCN))},
		{name: "expired client certificate", cfg: p.config(addr, p.ca.Issue(testpki.Spec{CommonName: facadeCN, Client: true, Expired: true}))},
		{name: "expired node certificate", cfg: p.config(expiredAddr, p.client)},
		{name: "node certificate from a CA the client does not trust", cfg: func() grpcsource.Config {
			c := p.config(addr, p.client)
			c.MTLS.CAFile = other.CertFile
			return c
		}()},
		{name: "node certificate for another name", cfg: func() grpcsource.Config {
			c := p.config(addr, p.client)
			c.MTLS.ServerName = "elsewhere.test"
			return c
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := newClient(t, tt.cfg)
			_, err := src.Describe(context.Background())
			t.Logf("Describe: %v", err)
			if code := src.Code(err); code != adapters.Unavailable {
				t.Fatalf("Describe: %v (code %v), want Unavailable", err, code)
			}
		})
	}

	t.Run("no client certificate", func(t *testing.T) {
		conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(credentials.NewTLS(&tls.Config{RootCAs: p.ca.Pool(), ServerName: "node.test", MinVersion: tls.VersionTLS13})))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		_, err = sourcepb.NewSourceClient(conn).Describe(context.Background(), &sourcepb.DescribeRequest{})
		if status.Code(err) != codes.Unavailable {
			t.Fatalf("Describe without a client certificate: %v, want Unavailable", err)
		}
	})

	if n := len(rec.contexts()); n != 0 {
		t.Fatalf("the source was called %d times through refused connections", n)
	}

	t.Run("the right certificates get through", func(t *testing.T) {
		src := newClient(t, p.config(addr, p.client))
		if _, err := src.Describe(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
}

// TestNewServerRequiresMutualTLS: a node never serves without client
// certificates unless told to serve plaintext, and then only on loopback.
func TestNewServerRequiresMutualTLS(t *testing.T) {
	p := newPKI(t)
	src := fixtureSource(t)
	noClientAuth := p.serverTLS()
	noClientAuth.ClientAuth = tls.VerifyClientCertIfGiven
	noCAs := p.serverTLS()
	noCAs.ClientCAs = nil
	tests := []struct {
		name string
		opts grpcsource.ServerOptions
	}{
		{name: "no TLS", opts: grpcsource.ServerOptions{Sharing: shareAll}},
		{name: "client certificates optional", opts: grpcsource.ServerOptions{TLS: noClientAuth, Sharing: shareAll}},
		{name: "no client CAs", opts: grpcsource.ServerOptions{TLS: noCAs, Sharing: shareAll}},
		{name: "TLS and insecure", opts: grpcsource.ServerOptions{TLS: p.serverTLS(), Insecure: true, Sharing: shareAll}},
		{name: "malformed sharing rule", opts: grpcsource.ServerOptions{TLS: p.serverTLS(), Sharing: grpcsource.Sharing{{Clients: []string{"facade"}, Types: []string{"*"}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := grpcsource.NewServer(src, tt.opts); err == nil {
				t.Fatal("NewServer accepted it")
			}
		})
	}
	t.Run("plaintext off loopback", func(t *testing.T) {
		srv, err := grpcsource.NewServer(src, grpcsource.ServerOptions{Insecure: true, Sharing: shareAll})
		if err != nil {
			t.Fatal(err)
		}
		ln, err := net.Listen("tcp", "0.0.0.0:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		if err := srv.Serve(ln); err == nil || !strings.Contains(err.Error(), "loopback") {
			t.Fatalf("Serve on %s: %v, want a refusal", ln.Addr(), err)
		}
	})
}

// TestDeadlineAndCancellationPropagate: the source behind the node runs
// under the facade's deadline and sees the facade's cancellation.
func TestDeadlineAndCancellationPropagate(t *testing.T) {
	p := newPKI(t)
	blocking := newBlockingSource(t)
	addr := startNode(t, blocking, p, grpcsource.ServerOptions{})
	src := newClient(t, p.config(addr, p.client))
	calls := []struct {
		name string
		call func(ctx context.Context) error
	}{
		{name: "Search", call: func(ctx context.Context) error {
			_, err := src.Search(ctx, adapters.Query{Compartment: true, Patients: []string{"pat-a"}})
			return err
		}},
		{name: "Read", call: func(ctx context.Context) error {
			_, err := src.Read(ctx, "Patient", "pat-a")
			return err
		}},
	}
	for _, c := range calls {
		t.Run(c.name+" cancelled", func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- c.call(ctx) }()
			<-blocking.arrived
			cancel()
			if err := <-blocking.ended; !errors.Is(err, context.Canceled) {
				t.Errorf("the source's context ended with %v, want Canceled", err)
			}
			if err := <-done; src.Code(err) != adapters.Canceled {
				t.Errorf("the call failed with %v (%v), want Canceled", err, src.Code(err))
			}
		})
		t.Run(c.name+" past its deadline", func(t *testing.T) {
			deadline := time.Now().Add(time.Second)
			ctx, cancel := context.WithDeadline(context.Background(), deadline)
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- c.call(ctx) }()
			sctx := <-blocking.arrived
			got, ok := sctx.Deadline()
			if !ok {
				t.Fatal("the source's context has no deadline")
			}
			// The deadline travels as a duration (grpc-timeout), so the
			// node's is the facade's give or take the time in transit.
			if d := got.Sub(deadline); d > time.Second || d < -time.Second {
				t.Errorf("the source's deadline is %s from the facade's", d)
			}
			// The node's timer or the client's cancellation, whichever
			// comes first, ends the source's call.
			if err := <-blocking.ended; err == nil {
				t.Error("the source's context did not end")
			}
			if err := <-done; src.Code(err) != adapters.DeadlineExceeded {
				t.Errorf("the call failed with %v (%v), want DeadlineExceeded", err, src.Code(err))
			}
		})
	}
}

// TestShutdownCancelsCallsInFlight: a graceful stop that runs out of time
// cancels the calls still running.
func TestShutdownCancelsCallsInFlight(t *testing.T) {
	p := newPKI(t)
	blocking := newBlockingSource(t)
	srv, err := grpcsource.NewServer(blocking, grpcsource.ServerOptions{TLS: p.serverTLS(), Sharing: shareAll})
	if err != nil {
		t.Fatal(err)
	}
	addr := serve(t, srv.Serve, srv.Stop)
	src := newClient(t, p.config(addr, p.client))
	done := make(chan error, 1)
	go func() {
		_, err := src.Search(context.Background(), adapters.Query{Compartment: true, Patients: []string{"pat-a"}})
		done <- err
	}()
	<-blocking.arrived
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := srv.Shutdown(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Shutdown = %v, want the context's error", err)
	}
	if err := <-blocking.ended; err == nil {
		t.Error("the source's call was not cancelled")
	}
	if err := <-done; err == nil {
		t.Error("the search succeeded")
	}
}

// TestCallerReachesTheSource: who is asking travels from the facade's
// context to the context of the source behind the node, and on to a FHIR
// server behind that as the X-Request-User-* headers.
func TestCallerReachesTheSource(t *testing.T) {
	p := newPKI(t)
	caller := adapters.Caller{UserID: "dr-jones", Name: "Dr Zoë Jones-O'Brien 100%", Role: "clinician", Org: "X1A01", Purpose: "TREAT", RequestID: "4bf92f3577b34da6a3ce929d0e0736"}

	t.Run("into the source's context", func(t *testing.T) {
		rec := &recordingSource{Source: fixtureSource(t)}
		src := newClient(t, p.config(startNode(t, rec, p, grpcsource.ServerOptions{}), p.client))
		if _, err := src.Search(adapters.WithCaller(context.Background(), caller), adapters.Query{Type: "Observation", Patients: []string{"pat-a"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := src.Search(context.Background(), adapters.Query{Type: "Observation", Patients: []string{"pat-a"}}); err != nil {
			t.Fatal(err)
		}
		ctxs := rec.contexts()
		if len(ctxs) != 2 {
			t.Fatalf("%d calls reached the source, want 2", len(ctxs))
		}
		if got, ok := adapters.CallerFromContext(ctxs[0]); !ok || !reflect.DeepEqual(got, caller) {
			t.Errorf("the source saw caller %+v (%v), want %+v", got, ok, caller)
		}
		if got, ok := adapters.CallerFromContext(ctxs[1]); ok {
			t.Errorf("a call without a caller arrived with %+v", got)
		}
	})

	t.Run("on to a FHIR server behind the node", func(t *testing.T) {
		headers := make(chan http.Header, 64)
		fs := fhirserver.New(fixtureSource(t), fhirserver.Options{OnRequest: func(r *http.Request) {
			if !strings.HasSuffix(r.URL.Path, "/metadata") {
				headers <- r.Header.Clone()
			}
		}})
		hs := httptest.NewServer(fs)
		t.Cleanup(hs.Close)
		fr, err := fhirrest.New(fhirrest.Config{URL: hs.URL})
		if err != nil {
			t.Fatal(err)
		}
		src := newClient(t, p.config(startNode(t, fr, p, grpcsource.ServerOptions{}), p.client))
		if _, err := src.Search(adapters.WithCaller(context.Background(), caller), adapters.Query{Type: "Observation", Patients: []string{"pat-a"}}); err != nil {
			t.Fatal(err)
		}
		h := <-headers
		for name, want := range map[string]string{fhirrest.HeaderUserID: caller.UserID, fhirrest.HeaderUserRole: caller.Role, fhirrest.HeaderUserOrg: caller.Org, fhirrest.HeaderPurpose: caller.Purpose, fhirrest.HeaderCorrelationID: caller.RequestID} {
			if got := h.Get(name); got != want {
				t.Errorf("%s = %q, want %q", name, got, want)
			}
		}
		if h.Get(fhirrest.HeaderUserName) == "" {
			t.Errorf("%s is missing", fhirrest.HeaderUserName)
		}
	})
}

// endedSpans is a span processor that hands every ended span to the test,
// so it can wait for the node's span without sleeping.
type endedSpans struct {
	*tracetest.SpanRecorder
	ended chan sdktrace.ReadOnlySpan
}

func newEndedSpans() *endedSpans {
	return &endedSpans{SpanRecorder: tracetest.NewSpanRecorder(), ended: make(chan sdktrace.ReadOnlySpan, 64)}
}

func (e *endedSpans) OnEnd(s sdktrace.ReadOnlySpan) {
	e.SpanRecorder.OnEnd(s)
	e.ended <- s
}

// waitFor returns the first ended span of the kind and name.
func (e *endedSpans) waitFor(t *testing.T, kind trace.SpanKind, name string) sdktrace.ReadOnlySpan {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case s := <-e.ended:
			if s.SpanKind() == kind && s.Name() == name {
				return s
			}
		case <-timeout:
			t.Fatalf("no %s span %s ended", kind, name)
			return nil
		}
	}
}

// TestTraceContextPropagates: the node's span is a child of the facade's
// client span, the source behind the node runs inside the node's span, and
// no span on either side carries a patient identifier or a search value.
func TestTraceContextPropagates(t *testing.T) {
	p := newPKI(t)
	facadeSpans, nodeSpans := newEndedSpans(), newEndedSpans()
	facadeTP := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(facadeSpans))
	nodeTP := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(nodeSpans))
	rec := &recordingSource{Source: fixtureSource(t)}
	addr := startNode(t, rec, p, grpcsource.ServerOptions{TracerProvider: nodeTP})
	src := newClient(t, p.config(addr, p.client), grpcsource.WithTracerProvider(facadeTP))

	ctx, parent := facadeTP.Tracer("test").Start(context.Background(), "federation.source")
	nhs := adaptertest.StandardFixture().Patients[0].NHSNumber
	if _, err := src.Search(ctx, adapters.Query{Type: "Observation", Patients: []string{"pat-a"}, Params: []adapters.Param{{Name: "code", Value: "http://snomed.info/sct|27113001"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := src.ResolvePatient(ctx, nhs); err != nil {
		t.Fatal(err)
	}
	parent.End()

	const method = "shcr.source.v1.Source/Search"
	client := facadeSpans.waitFor(t, trace.SpanKindClient, method)
	server := nodeSpans.waitFor(t, trace.SpanKindServer, method)
	if client.Parent().SpanID() != parent.SpanContext().SpanID() {
		t.Errorf("the client span's parent is %s, want the facade's span %s", client.Parent().SpanID(), parent.SpanContext().SpanID())
	}
	if server.SpanContext().TraceID() != parent.SpanContext().TraceID() {
		t.Errorf("the node's span is in trace %s, want %s", server.SpanContext().TraceID(), parent.SpanContext().TraceID())
	}
	if server.Parent().SpanID() != client.SpanContext().SpanID() || !server.Parent().IsRemote() {
		t.Errorf("the node's span's parent is %s, want the facade's client span %s", server.Parent().SpanID(), client.SpanContext().SpanID())
	}
	if got := trace.SpanContextFromContext(rec.contexts()[0]).SpanID(); got != server.SpanContext().SpanID() {
		t.Errorf("the source ran in span %s, want the node's span %s", got, server.SpanContext().SpanID())
	}
	nodeSpans.waitFor(t, trace.SpanKindServer, "shcr.source.v1.Source/ResolvePatient")

	for _, s := range append(facadeSpans.Ended(), nodeSpans.Ended()...) {
		var text []string
		for _, kv := range s.Attributes() {
			text = append(text, string(kv.Key)+"="+kv.Value.Emit())
		}
		for _, ev := range s.Events() {
			text = append(text, ev.Name)
			for _, kv := range ev.Attributes {
				text = append(text, attribute.KeyValue(kv).Value.Emit())
			}
		}
		text = append(text, s.Name(), s.Status().Description)
		joined := strings.Join(text, " ")
		for _, secret := range []string{nhs, "pat-a", "27113001"} {
			if strings.Contains(joined, secret) {
				t.Errorf("span %s carries %q: %s", s.Name(), secret, joined)
			}
		}
	}
}

// TestSharingRules: the node's own rules decide what each client and
// caller may receive, whatever the facade asks.
func TestSharingRules(t *testing.T) {
	p := newPKI(t)
	const spiffe = "spiffe://shcr.test/facade"
	rules := grpcsource.Sharing{
		// Every request from the facade may have demographics and
		// observations, and what they refer to.
		{Clients: []string{"cn:" + facadeCN, "uri:" + spiffe}, Types: []string{"Patient", "Observation", "Organization", "Practitioner"}},
		// Clinicians treating the patient may have everything.
		{Clients: []string{"cn:" + facadeCN, "uri:" + spiffe}, Roles: []string{"clinician"}, Purposes: []string{"TREAT"}, Types: []string{"*"}},
	}
	addr := startNode(t, fixtureSource(t), p, grpcsource.ServerOptions{Sharing: rules})
	facade := newClient(t, p.config(addr, p.client))
	bySAN := newClient(t, p.config(addr, p.ca.Issue(testpki.Spec{CommonName: "some-other-name", URIs: []string{spiffe}, Client: true})))
	stranger := newClient(t, p.config(addr, p.ca.Client("another-facade")))

	clinician := adapters.Caller{UserID: "u1", Role: "clinician", Org: "X1A01", Purpose: "TREAT"}
	social := adapters.Caller{UserID: "u2", Role: "social-care", Org: "X3C03", Purpose: "TREAT"}
	compartment := adapters.Query{Compartment: true, Patients: []string{"pat-a"}}

	types := func(res *adapters.Result) []string {
		var out []string
		for _, r := range res.Resources {
			if !slices.Contains(out, r.Type) {
				out = append(out, r.Type)
			}
		}
		slices.Sort(out)
		return out
	}
	tests := []struct {
		name          string
		src           *grpcsource.Source
		caller        adapters.Caller
		q             adapters.Query
		wantCode      adapters.Code // for an error
		wantTypes     []string
		wantTruncated bool
	}{
		{name: "clinician gets the whole compartment", src: facade, caller: clinician, q: compartment,
			wantTypes: []string{"Condition", "MedicationStatement", "Observation", "Organization", "Patient", "Practitioner"}},
		{name: "social care gets the granted types, marked incomplete", src: facade, caller: social, q: compartment,
			wantTypes: []string{"Observation", "Organization", "Patient", "Practitioner"}, wantTruncated: true},
		{name: "no caller gets the unconditional types", src: facade, q: compartment,
			wantTypes: []string{"Observation", "Organization", "Patient", "Practitioner"}, wantTruncated: true},
		{name: "social care searching a withheld type is refused", src: facade, caller: social,
			q: adapters.Query{Type: "Condition", Patients: []string{"pat-a"}}, wantCode: adapters.PermissionDenied},
		{name: "social care searching a granted type", src: facade, caller: social,
			q: adapters.Query{Type: "Observation", Patients: []string{"pat-a"}}, wantTypes: []string{"Observation"}},
		{name: "a clinician without purpose TREAT is refused a withheld type", src: facade, caller: adapters.Caller{Role: "clinician", Purpose: "RESEARCH"},
			q: adapters.Query{Type: "Condition", Patients: []string{"pat-a"}}, wantCode: adapters.PermissionDenied},
		{name: "a client named by its URI SAN", src: bySAN, caller: clinician, q: compartment,
			wantTypes: []string{"Condition", "MedicationStatement", "Observation", "Organization", "Patient", "Practitioner"}},
		{name: "a client no rule names gets nothing", src: stranger, caller: clinician, q: compartment,
			wantTypes: nil, wantTruncated: true},
		{name: "a client no rule names is refused a type search", src: stranger, caller: clinician,
			q: adapters.Query{Type: "Observation", Patients: []string{"pat-a"}}, wantCode: adapters.PermissionDenied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := tt.src.Search(adapters.WithCaller(context.Background(), tt.caller), tt.q)
			if tt.wantCode != adapters.Unknown {
				if got := tt.src.Code(err); got != tt.wantCode {
					t.Fatalf("Search: %v (code %v), want %v", err, got, tt.wantCode)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := types(res); !slices.Equal(got, tt.wantTypes) {
				t.Errorf("types %q, want %q", got, tt.wantTypes)
			}
			if res.Truncated != tt.wantTruncated {
				t.Errorf("truncated = %v, want %v", res.Truncated, tt.wantTruncated)
			}
		})
	}

	t.Run("read and resolve follow the rules", func(t *testing.T) {
		ctx := adapters.WithCaller(context.Background(), social)
		if _, err := facade.Read(ctx, "Condition", "cond-a1"); facade.Code(err) != adapters.PermissionDenied {
			t.Errorf("Read of a withheld type: %v, want PermissionDenied", err)
		}
		if _, err := facade.Read(ctx, "Observation", "obs-a1"); err != nil {
			t.Errorf("Read of a granted type: %v", err)
		}
		nhs := adaptertest.StandardFixture().Patients[0].NHSNumber
		if ids, err := facade.ResolvePatient(ctx, nhs); err != nil || !slices.Equal(ids, []string{"pat-a"}) {
			t.Errorf("ResolvePatient = %q, %v", ids, err)
		}
		if _, err := stranger.ResolvePatient(ctx, nhs); stranger.Code(err) != adapters.PermissionDenied {
			t.Errorf("ResolvePatient by a stranger: %v, want PermissionDenied", err)
		}
	})

	t.Run("describe lists what the client could be granted", func(t *testing.T) {
		caps, err := facade.Describe(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !caps.Serves("Condition") {
			t.Error("Describe hides a type a rule with caller conditions grants")
		}
		if _, err := stranger.Describe(context.Background()); stranger.Code(err) != adapters.PermissionDenied {
			t.Errorf("Describe by a stranger: %v, want PermissionDenied", err)
		}
	})

	t.Run("describe leaves out types no rule grants the client", func(t *testing.T) {
		narrow := startNode(t, fixtureSource(t), p, grpcsource.ServerOptions{Sharing: grpcsource.Sharing{{Clients: []string{"cn:" + facadeCN}, Types: []string{"Patient", "Observation"}}}})
		caps, err := newClient(t, p.config(narrow, p.client)).Describe(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for typ := range caps.Types {
			got = append(got, typ)
		}
		slices.Sort(got)
		if !slices.Equal(got, []string{"Observation", "Patient"}) {
			t.Errorf("Describe lists %q", got)
		}
	})
}

// TestOrganisationMismatch: a facade configured for one organisation
// refuses a node serving another.
func TestOrganisationMismatch(t *testing.T) {
	p := newPKI(t)
	addr := startNode(t, fixtureSource(t), p, grpcsource.ServerOptions{Organisation: grpcsource.Organisation{ODS: "X2B02", Name: "City General Hospital"}})
	tests := []struct {
		name     string
		ods      string
		wantCode adapters.Code
	}{
		{name: "the expected organisation", ods: "X2B02", wantCode: adapters.Unknown},
		{name: "no expectation", ods: "", wantCode: adapters.Unknown},
		{name: "another organisation", ods: "X3C03", wantCode: adapters.BadResponse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := p.config(addr, p.client)
			cfg.ODS = tt.ods
			src := newClient(t, cfg)
			_, err := src.Describe(context.Background())
			if got := src.Code(err); got != tt.wantCode || (tt.wantCode == adapters.Unknown) != (err == nil) {
				t.Fatalf("Describe: %v (code %v), want %v", err, got, tt.wantCode)
			}
		})
	}
}

// TestHostileNode: a node that sends too much, sends garbage or breaks the
// protocol is a bad response, never a partial answer taken as whole.
func TestHostileNode(t *testing.T) {
	p := newPKI(t)
	obs := `{"resourceType":"Observation","id":"o1","status":"final","code":{"text":"x"},"subject":{"reference":"Patient/pat-a"}}`
	mid := `{"resourceType":"Observation","id":"o3","status":"final","code":{"text":"` + strings.Repeat("x", 500) + `"}}`
	big := `{"resourceType":"Observation","id":"o2","status":"final","code":{"text":"` + strings.Repeat("x", 3000) + `"}}`
	done := summaryMsg(&sourcepb.SearchSummary{})
	sends := func(msgs ...*sourcepb.SearchResponse) func(func(*sourcepb.SearchResponse) error) error {
		return func(send func(*sourcepb.SearchResponse) error) error {
			for _, m := range msgs {
				if err := send(m); err != nil {
					return err
				}
			}
			return nil
		}
	}
	query := adapters.Query{Type: "Observation", Patients: []string{"pat-a"}, Params: []adapters.Param{{Name: "code", Value: "x"}}}
	tests := []struct {
		name   string
		search func(func(*sourcepb.SearchResponse) error) error
		cfg    func(*grpcsource.Config)
		want   adapters.Code
	}{
		{name: "a well-behaved answer", search: sends(resourceMsg(obs), summaryMsg(&sourcepb.SearchSummary{Residual: []*sourcepb.Param{{Name: "code", Value: "x"}}})), want: adapters.Unknown},
		{name: "garbage JSON", search: sends(resourceMsg(`{"resourceType":"Observation",`), done), want: adapters.BadResponse},
		{name: "not JSON at all", search: sends(resourceMsg("\x00\xff garbage"), done), want: adapters.BadResponse},
		{name: "duplicate member names", search: sends(resourceMsg(`{"resourceType":"Observation","id":"a","id":"b"}`), done), want: adapters.BadResponse},
		{name: "a message over max_message_bytes", search: sends(resourceMsg(big), done), cfg: func(c *grpcsource.Config) { c.MaxMessageBytes = 2048 }, want: adapters.BadResponse},
		{name: "a stream over max_stream_bytes", search: sends(resourceMsg(mid), resourceMsg(mid), resourceMsg(mid), done), cfg: func(c *grpcsource.Config) {
			c.MaxMessageBytes, c.MaxStreamBytes = 1024, int64(2*len(mid)+10)
		}, want: adapters.BadResponse},
		{name: "no summary", search: sends(resourceMsg(obs)), want: adapters.BadResponse},
		{name: "a resource after the summary", search: sends(done, resourceMsg(obs)), want: adapters.BadResponse},
		{name: "two summaries", search: sends(done, done), want: adapters.BadResponse},
		{name: "an empty message", search: sends(&sourcepb.SearchResponse{}, done), want: adapters.BadResponse},
		{name: "a residual the query did not have", search: sends(summaryMsg(&sourcepb.SearchSummary{Residual: []*sourcepb.Param{{Name: "_id", Value: "x"}}})), want: adapters.BadResponse},
		{name: "a withheld type that is not a type", search: sends(summaryMsg(&sourcepb.SearchSummary{WithheldTypes: []string{"no such type"}})), want: adapters.BadResponse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr := startHostile(t, p, &hostileNode{search: tt.search})
			cfg := p.config(addr, p.client)
			if tt.cfg != nil {
				tt.cfg(&cfg)
			}
			src := newClient(t, cfg)
			_, err := src.Search(context.Background(), query)
			t.Logf("Search: %v", err)
			if got := src.Code(err); got != tt.want || (tt.want == adapters.Unknown) != (err == nil) {
				t.Fatalf("Search: %v (code %v), want %v", err, got, tt.want)
			}
		})
	}

	unary := []struct {
		name string
		node *hostileNode
		call func(*grpcsource.Source) error
	}{
		{name: "read answers with another resource", node: &hostileNode{read: func() (*sourcepb.ReadResponse, error) {
			return &sourcepb.ReadResponse{Resource: []byte(obs)}, nil
		}}, call: func(s *grpcsource.Source) error {
			_, err := s.Read(context.Background(), "Observation", "other")
			return err
		}},
		{name: "read answers with garbage", node: &hostileNode{read: func() (*sourcepb.ReadResponse, error) {
			return &sourcepb.ReadResponse{Resource: []byte("[]")}, nil
		}}, call: func(s *grpcsource.Source) error {
			_, err := s.Read(context.Background(), "Observation", "o1")
			return err
		}},
		{name: "describe names something that is not a type", node: &hostileNode{describe: func() (*sourcepb.DescribeResponse, error) {
			return &sourcepb.DescribeResponse{Types: map[string]*sourcepb.TypeCapabilities{"<script>": {}}}, nil
		}}, call: func(s *grpcsource.Source) error { _, err := s.Describe(context.Background()); return err }},
		{name: "describe declares a malformed parameter", node: &hostileNode{describe: func() (*sourcepb.DescribeResponse, error) {
			return &sourcepb.DescribeResponse{Types: map[string]*sourcepb.TypeCapabilities{"Observation": {SearchParams: []string{"code\nx"}}}}, nil
		}}, call: func(s *grpcsource.Source) error { _, err := s.Describe(context.Background()); return err }},
		{name: "resolve answers an id that is not a FHIR id", node: &hostileNode{resolve: func() (*sourcepb.ResolvePatientResponse, error) {
			return &sourcepb.ResolvePatientResponse{PatientIds: []string{"../etc/passwd"}}, nil
		}}, call: func(s *grpcsource.Source) error {
			_, err := s.ResolvePatient(context.Background(), "9990000018")
			return err
		}},
	}
	for _, tt := range unary {
		t.Run(tt.name, func(t *testing.T) {
			src := newClient(t, p.config(startHostile(t, p, tt.node), p.client))
			if err := tt.call(src); src.Code(err) != adapters.BadResponse {
				t.Fatalf("%v (code %v), want BadResponse", err, src.Code(err))
			}
		})
	}
}

// TestStatusCodes: every gRPC code a node may answer with is classified,
// and the node's status message, which could quote a query, is dropped.
func TestStatusCodes(t *testing.T) {
	p := newPKI(t)
	const leak = "patient 9990000018 not found"
	tests := []struct {
		code codes.Code
		want adapters.Code
	}{
		{codes.Unavailable, adapters.Unavailable},
		{codes.Aborted, adapters.Unavailable},
		{codes.DeadlineExceeded, adapters.DeadlineExceeded},
		{codes.Canceled, adapters.Canceled},
		{codes.NotFound, adapters.NotFound},
		{codes.InvalidArgument, adapters.InvalidArgument},
		{codes.FailedPrecondition, adapters.InvalidArgument},
		{codes.OutOfRange, adapters.InvalidArgument},
		{codes.PermissionDenied, adapters.PermissionDenied},
		{codes.Unauthenticated, adapters.PermissionDenied},
		{codes.ResourceExhausted, adapters.BadResponse},
		{codes.Internal, adapters.BadResponse},
		{codes.DataLoss, adapters.BadResponse},
		{codes.Unimplemented, adapters.Unimplemented},
		{codes.Unknown, adapters.Unknown},
		{codes.AlreadyExists, adapters.Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.code.String(), func(t *testing.T) {
			node := &hostileNode{search: func(func(*sourcepb.SearchResponse) error) error { return status.Error(tt.code, leak) }}
			src := newClient(t, p.config(startHostile(t, p, node), p.client))
			_, err := src.Search(context.Background(), adapters.Query{Type: "Observation", Patients: []string{"pat-a"}})
			if got := src.Code(err); got != tt.want {
				t.Errorf("code %v, want %v (%v)", got, tt.want, err)
			}
			if strings.Contains(err.Error(), "9990000018") {
				t.Errorf("the error quotes the node's message: %v", err)
			}
		})
	}
	t.Run("unreachable node", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		src := newClient(t, p.config(addr, p.client))
		_, err = src.Describe(context.Background())
		if src.Code(err) != adapters.Unavailable {
			t.Fatalf("%v, want Unavailable", err)
		}
	})
}

// TestNodeHidesSourceErrors: the node answers a source's failure with its
// code and a fixed message, never the source's own text.
func TestNodeHidesSourceErrors(t *testing.T) {
	p := newPKI(t)
	failing := &failingSource{Source: fixtureSource(t), err: errors.New("patient 9990000018 exploded: " + adapters.ErrUnavailable.Error())}
	failing.err = errors.Join(failing.err, adapters.ErrUnavailable)
	src := newClient(t, p.config(startNode(t, failing, p, grpcsource.ServerOptions{}), p.client))
	_, err := src.Search(context.Background(), adapters.Query{Type: "Observation", Patients: []string{"pat-a"}})
	if src.Code(err) != adapters.Unavailable {
		t.Fatalf("%v, want Unavailable", err)
	}
	var se *grpcsource.StatusError
	if !errors.As(err, &se) || strings.Contains(err.Error(), "9990000018") {
		t.Fatalf("error %v leaks the source's text or is not a StatusError", err)
	}
}

type failingSource struct {
	adapters.Source
	err error
}

func (f *failingSource) Search(context.Context, adapters.Query) (*adapters.Result, error) {
	return nil, f.err
}

// TestConcurrentCallsShareOneConnection exercises the client and node
// under the race detector with many streams at once.
func TestConcurrentCallsShareOneConnection(t *testing.T) {
	p := newPKI(t)
	src := newClient(t, p.config(startNode(t, fixtureSource(t), p, grpcsource.ServerOptions{}), p.client))
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 64 {
		wg.Go(func() {
			ctx := adapters.WithCaller(context.Background(), adapters.Caller{UserID: "u", RequestID: string(rune('a' + i%26))})
			if _, err := src.Search(ctx, adapters.Query{Compartment: true, Patients: []string{"pat-b"}}); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestMalformedCallerMetadata: caller metadata the node cannot read is
// refused before it reaches the source.
func TestMalformedCallerMetadata(t *testing.T) {
	p := newPKI(t)
	rec := &recordingSource{Source: fixtureSource(t)}
	addr := startNode(t, rec, p, grpcsource.ServerOptions{})
	tc := &tls.Config{RootCAs: p.ca.Pool(), Certificates: []tls.Certificate{p.client.Cert}, ServerName: "localhost", MinVersion: tls.VersionTLS13}
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(credentials.NewTLS(tc)))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	client := sourcepb.NewSourceClient(conn)
	tests := []struct {
		name string
		kv   []string
	}{
		{name: "not percent-encoded", kv: []string{grpcsource.MetadataUserName, "%zz"}},
		{name: "too long", kv: []string{grpcsource.MetadataUserID, strings.Repeat("a", 600)}},
		{name: "repeated", kv: []string{grpcsource.MetadataUserRole, "clinician", grpcsource.MetadataUserRole, "admin"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := metadata.AppendToOutgoingContext(context.Background(), tt.kv...)
			_, err := client.Read(ctx, &sourcepb.ReadRequest{Type: "Patient", Id: "pat-a"})
			if status.Code(err) != codes.InvalidArgument {
				t.Fatalf("Read: %v, want InvalidArgument", err)
			}
		})
	}
	if n := len(rec.contexts()); n != 0 {
		t.Fatalf("the source was called %d times", n)
	}
}
