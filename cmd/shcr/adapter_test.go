package main

import (
	stdjson "encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/shcr/shcr/adapters/grpcsource/testpki"
)

func TestParseAdapterConfig(t *testing.T) {
	dir := t.TempDir()
	base := func(extra string) string {
		return fmt.Sprintf(`listen: 127.0.0.1:9443
health_listen: 127.0.0.1:9080
organisation: {ods: X2B02, name: City General Hospital, kind: acute}
tls: {cert_file: /etc/shcr/node.pem, key_file: /etc/shcr/node-key.pem, client_ca_file: /etc/shcr/facade-ca.pem}
source:
  type: dir
  path: %s
sharing:
  - clients: ["cn:shcr.example.nhs.uk"]
    types: ["*"]
%s`, dir, extra)
	}
	replace := func(old, new string) string { return strings.Replace(base(""), old, new, 1) }
	tests := []struct {
		name    string
		yaml    string
		wantErr string
	}{
		{name: "valid", yaml: base("")},
		{name: "a fhir source", yaml: replace("  type: dir\n  path: "+dir, "  type: fhir\n  url: https://epr.city-general.example.nhs.uk/fhir\n  auth: {type: bearer, token: abc}")},
		{name: "insecure on loopback", yaml: replace("tls: {cert_file: /etc/shcr/node.pem, key_file: /etc/shcr/node-key.pem, client_ca_file: /etc/shcr/facade-ca.pem}", "insecure: true")},
		{name: "unknown key", yaml: base("colour: blue\n"), wantErr: `unknown key "colour"`},
		{name: "unknown source key", yaml: replace("  type: dir", "  type: dir\n  pth: x"), wantErr: `unknown key "pth"`},
		{name: "unknown sharing key", yaml: replace(`    types: ["*"]`, `    types: ["*"]`+"\n    role: [clinician]"), wantErr: `unknown key "role"`},
		{name: "insecure off loopback", yaml: strings.Replace(replace("tls: {cert_file: /etc/shcr/node.pem, key_file: /etc/shcr/node-key.pem, client_ca_file: /etc/shcr/facade-ca.pem}", "insecure: true"), "listen: 127.0.0.1:9443", "listen: 0.0.0.0:9443", 1), wantErr: "only on a loopback"},
		{name: "no tls", yaml: replace("tls: {cert_file: /etc/shcr/node.pem, key_file: /etc/shcr/node-key.pem, client_ca_file: /etc/shcr/facade-ca.pem}\n", ""), wantErr: "tls: cert_file, key_file and client_ca_file are all required"},
		{name: "tls without a client CA", yaml: replace(", client_ca_file: /etc/shcr/facade-ca.pem", ""), wantErr: "client_ca_file"},
		{name: "a grpc source", yaml: replace("  type: dir\n  path: "+dir, "  type: grpc\n  address: other:9443"), wantErr: "not another node"},
		{name: "a sql source", yaml: replace("  type: dir\n  path: "+dir, "  type: sql\n  dsn: postgres://reader:pw@db.example.gov.uk:5432/socialcare\n  mapping: "+filepath.Join("..", "..", "adapters", "sqlsource", "socialcare", "mapping.yaml"))},
		{name: "a sql source without its dsn", yaml: replace("  type: dir\n  path: "+dir, "  type: sql"), wantErr: "dsn"},
		{name: "organisation in the source", yaml: replace("  type: dir", "  type: dir\n  organisation: {ods: X2B02, name: x, kind: acute}"), wantErr: "top level"},
		{name: "no sharing rules", yaml: replace("sharing:\n  - clients: [\"cn:shcr.example.nhs.uk\"]\n    types: [\"*\"]\n", ""), wantErr: "at least one rule"},
		{name: "a bare client name", yaml: replace(`"cn:shcr.example.nhs.uk"`, `"shcr.example.nhs.uk"`), wantErr: `client "shcr.example.nhs.uk"`},
		{name: "bad ODS code", yaml: replace("ods: X2B02", "ods: x"), wantErr: "organisation.ods"},
		{name: "missing folder", yaml: replace("  path: "+dir, "  path: "+filepath.Join(dir, "nope")), wantErr: "source.path"},
		{name: "same listen twice", yaml: replace("health_listen: 127.0.0.1:9080", "health_listen: 127.0.0.1:9443"), wantErr: "must differ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := ParseAdapterConfig([]byte(tt.yaml))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("ParseAdapterConfig: %v", err)
				}
				if cfg.Source.Timeout == 0 || cfg.ShutdownGrace == 0 {
					t.Fatalf("defaults not applied: %+v", cfg)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("ParseAdapterConfig error = %v, want it to mention %q", err, tt.wantErr)
			}
		})
	}
}

// TestParseConfigGRPCSource: shcr serve's type grpc, whose settings sit
// next to the fhir ones without sharing a key.
func TestParseConfigGRPCSource(t *testing.T) {
	dir := t.TempDir()
	withSource := func(src string) string {
		return fmt.Sprintf(`store: sqlite:///var/lib/shcr/governance.db
auth: {issuer: https://idp.example.nhs.uk, audience: https://shcr.example.nhs.uk/fhir, jwks_url: https://idp.example.nhs.uk/jwks.json}
sources:
%s`, src)
	}
	grpcSrc := `  - id: city-general
    type: grpc
    address: adapter.city-general.example.nhs.uk:9443
    mtls: {ca_file: /etc/shcr/node-ca.pem, cert_file: /etc/shcr/facade.pem, key_file: /etc/shcr/facade-key.pem}
    keepalive: {time: 1m, timeout: 5s}
    max_message_bytes: 1048576
    max_stream_bytes: 33554432
    organisation: {ods: X2B02, name: City General Hospital, kind: acute}
`
	tests := []struct {
		name    string
		yaml    string
		wantErr string
	}{
		{name: "valid", yaml: withSource(grpcSrc)},
		{name: "no address", yaml: withSource(strings.Replace(grpcSrc, "    address: adapter.city-general.example.nhs.uk:9443\n", "", 1)), wantErr: "address is required"},
		{name: "no mtls", yaml: withSource(strings.Replace(grpcSrc, "    mtls: {ca_file: /etc/shcr/node-ca.pem, cert_file: /etc/shcr/facade.pem, key_file: /etc/shcr/facade-key.pem}\n", "", 1)), wantErr: "mutual TLS"},
		{name: "insecure off loopback", yaml: withSource(strings.Replace(grpcSrc, "    mtls: {ca_file: /etc/shcr/node-ca.pem, cert_file: /etc/shcr/facade.pem, key_file: /etc/shcr/facade-key.pem}\n", "    insecure: true\n", 1)), wantErr: "loopback"},
		{name: "fhir settings on a grpc source", yaml: withSource(grpcSrc + "    url: https://x.example/fhir\n"), wantErr: "only for type fhir"},
		{name: "grpc settings on a dir source", yaml: withSource(fmt.Sprintf("  - {id: gp, type: dir, path: %s, address: 'x:1', organisation: {ods: X1A01, name: GP, kind: gp}}\n", dir)), wantErr: "only for type grpc"},
		{name: "grpc settings on a fhir source", yaml: withSource("  - {id: gp, type: fhir, url: 'https://gp.example/fhir', mtls: {ca_file: x}, organisation: {ods: X1A01, name: GP, kind: gp}}\n"), wantErr: "only for type grpc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := ParseConfig([]byte(tt.yaml))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("ParseConfig: %v", err)
				}
				g := cfg.Sources[0].GRPC
				if g.Address != "adapter.city-general.example.nhs.uk:9443" || g.MTLS.KeyFile != "/etc/shcr/facade-key.pem" || g.MaxStreamBytes != 32<<20 || g.Keepalive.Timeout.Seconds() != 5 {
					t.Fatalf("grpc settings not read: %+v", g)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("ParseConfig error = %v, want it to mention %q", err, tt.wantErr)
			}
		})
	}
}

var (
	adapterBanner = regexp.MustCompile(`shcr adapter serving gRPC at (\S+)`)
	healthBanner  = regexp.MustCompile(`shcr adapter health at (http://\S+)/healthz`)
)

// nodePKI is the certificates of one black-box test: a CA for the node's
// certificate and the facade's client certificate.
type nodePKI struct {
	ca     *testpki.CA
	server testpki.Leaf
	client testpki.Leaf
}

func newNodePKI(t *testing.T) nodePKI {
	ca := testpki.New(t, "shcr-test-ca")
	return nodePKI{ca: ca, server: ca.Server("adapter.city-general.test"), client: ca.Client("shcr-facade")}
}

// startAdapter runs `shcr adapter` serving City General's demo folder over
// mutual TLS with the given sharing rules (YAML list items), and returns
// it with its health base URL.
func startAdapter(t *testing.T, p nodePKI, sharing string, extra ...string) (*instance, string) {
	t.Helper()
	return startAdapterSource(t, p, "  type: dir\n  path: "+filepath.Join(demoData, "city-general")+"\n", sharing, extra...)
}

// startAdapterSource runs a node for City General serving the given source
// block (indented under source:).
func startAdapterSource(t *testing.T, p nodePKI, source, sharing string, extra ...string) (*instance, string) {
	t.Helper()
	return startAdapterAt(t, "127.0.0.1:0", p, source, sharing, extra...)
}

// startAdapterAt is startAdapterSource listening for gRPC on listen, so a
// test can stop a node and start it again at the same address.
func startAdapterAt(t *testing.T, listen string, p nodePKI, source, sharing string, extra ...string) (*instance, string) {
	t.Helper()
	cfg := fmt.Sprintf(`listen: %s
health_listen: 127.0.0.1:0
organisation: {ods: X2B02, name: City General Hospital, kind: acute}
tls:
  cert_file: %s
  key_file: %s
  client_ca_file: %s
source:
%ssharing:
%s%s`, listen, p.server.CertFile, p.server.KeyFile, p.ca.CertFile, source, sharing, strings.Join(extra, ""))
	path := filepath.Join(t.TempDir(), "adapter.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	inst := start(t, adapterBanner, "adapter", "--config", path)
	m := healthBanner.FindStringSubmatch(inst.stdout.String())
	if m == nil {
		t.Fatalf("no health address in the output:\n%s", inst.stdout)
	}
	return inst, m[1]
}

// grpcSource is a source list item reaching City General through its node.
func grpcSource(addr string, p nodePKI, client testpki.Leaf) string {
	return fmt.Sprintf(`  - id: city-general
    type: grpc
    address: %s
    mtls: {ca_file: %s, cert_file: %s, key_file: %s}
    organisation: {ods: X2B02, name: City General Hospital, kind: acute}
    timeout: 10s
`, addr, p.ca.CertFile, client.CertFile, client.KeyFile)
}

// grpcConfig is the facade over the demo GP and council folders and City
// General's node.
func grpcConfig(id *idp, addr string, p nodePKI, client testpki.Leaf) string {
	return configWith(id, dirSource("gp-riverside", "X1A01", "Riverside Surgery", "gp")+
		grpcSource(addr, p, client)+
		dirSource("riverside-council", "X3C03", "Riverside Council Adult Social Care", "social-care"))
}

// entriesByID indexes a Bundle's entries by resource type and id.
func entriesByID(t *testing.T, b bundle) map[string]bundleEntry {
	t.Helper()
	out := map[string]bundleEntry{}
	for _, e := range b.Entry {
		key := fmt.Sprintf("%s %v/%v", e.Search.Mode, e.Resource["resourceType"], e.Resource["id"])
		if _, dup := out[key]; dup {
			t.Fatalf("%s is in the Bundle twice", key)
		}
		out[key] = e
	}
	return out
}

// TestAdapterBehindTheFacade runs `shcr adapter` serving City General and
// `shcr serve` reaching it over gRPC with mutual TLS: a patient's whole
// record must be the same, resource for resource, as when the facade reads
// City General's folder itself.
func TestAdapterBehindTheFacade(t *testing.T) {
	d := loadDemo(t)
	shared := d.scenario(t, "shared-all").NHSNumber
	p := newNodePKI(t)
	node, health := startAdapter(t, p, "  - clients: [\"cn:shcr-facade\"]\n    types: [\"*\"]\n")

	for _, path := range []string{"/healthz", "/readyz"} {
		if r := get(t, health+path, ""); r.status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, r.status, r.body)
		}
	}

	viaNode := newIDP(t)
	facade := startServe(t, grpcConfig(viaNode, node.root, p, p.client))
	direct := newIDP(t)
	reference := startServe(t, serveConfig(direct, ""))
	everything := "/Patient/" + shared + "/$everything?_count=1000"

	t.Run("$everything equals the facade reading the folder", func(t *testing.T) {
		got := decodeBundle(t, get(t, facade.fhir()+everything, viaNode.token(t, nil)))
		want := decodeBundle(t, get(t, reference.fhir()+everything, direct.token(t, nil)))
		if texts := outcomeTexts(got); len(texts) > 0 {
			t.Fatalf("outcomes through the node: %q", texts)
		}
		if *got.Total != *want.Total {
			t.Errorf("total %d through the node, %d reading the folder", *got.Total, *want.Total)
		}
		gotByID, wantByID := entriesByID(t, got), entriesByID(t, want)
		cityGeneral := 0
		for key, w := range wantByID {
			g, ok := gotByID[key]
			if !ok {
				t.Errorf("%s is missing through the node", key)
				continue
			}
			if !reflect.DeepEqual(g.Resource, w.Resource) {
				t.Errorf("%s differs through the node", key)
			}
			if slices.Contains(controllers(w.Resource), "X2B02") {
				cityGeneral++
			}
		}
		for key := range gotByID {
			if _, ok := wantByID[key]; !ok {
				t.Errorf("%s is only in the answer through the node", key)
			}
		}
		t.Logf("compared %d entries, %d of them City General's", len(wantByID), cityGeneral)
		if cityGeneral == 0 {
			t.Fatal("no City General resources in the reference answer")
		}
	})

	t.Run("a facade with a certificate from another CA is refused", func(t *testing.T) {
		stranger := testpki.New(t, "other-ca").Client("shcr-facade")
		id := newIDP(t)
		inst := startServe(t, grpcConfig(id, node.root, p, stranger))
		b := decodeBundle(t, get(t, inst.fhir()+everything, id.token(t, nil)))
		if got := bundleControllers(b); slices.Contains(got, "X2B02") {
			t.Fatalf("City General's records arrived: controllers %v", got)
		}
		t.Logf("outcomes: %q", outcomeTexts(b))
		if texts := strings.Join(outcomeTexts(b), "\n"); !strings.Contains(texts, "City General Hospital (ODS X2B02, source city-general)") {
			t.Fatalf("outcomes %q do not name City General", texts)
		}
	})
}

// TestAdapterSharingRules: the node's own rules hold whatever the facade
// allows, and the facade says the organisation's answer is partial.
func TestAdapterSharingRules(t *testing.T) {
	d := loadDemo(t)
	shared := d.scenario(t, "shared-all").NHSNumber
	p := newNodePKI(t)
	granted := []string{"Patient", "Encounter", "Organization", "Practitioner", "Location"}
	node, _ := startAdapter(t, p, fmt.Sprintf("  - clients: [\"cn:shcr-facade\"]\n    types: [%s]\n", strings.Join(granted, ", ")))
	id := newIDP(t)
	facade := startServe(t, grpcConfig(id, node.root, p, p.client))

	b := decodeBundle(t, get(t, facade.fhir()+"/Patient/"+shared+"/$everything?_count=1000", id.token(t, nil)))
	seen := 0
	for _, e := range b.Entry {
		if e.Search.Mode == "outcome" || !slices.Contains(controllers(e.Resource), "X2B02") {
			continue
		}
		seen++
		if typ := e.Resource["resourceType"].(string); !slices.Contains(granted, typ) {
			t.Errorf("City General's node let a %s through", typ)
		}
	}
	if seen == 0 {
		t.Fatal("nothing of City General's arrived")
	}
	// The node describes only the types it shares with this facade, so the
	// facade asks for no others, and says so when one is searched for.
	b = decodeBundle(t, get(t, facade.fhir()+"/Observation?patient="+shared, id.token(t, nil)))
	if got := bundleControllers(b); slices.Contains(got, "X2B02") {
		t.Fatalf("City General's Observations arrived: %v", got)
	}
	if texts := strings.Join(outcomeTexts(b), "\n"); !strings.Contains(texts, "City General Hospital (ODS X2B02, source city-general) was not asked: it does not offer Observation records") {
		t.Fatalf("outcomes %q do not say City General does not offer Observations", texts)
	}
}

// TestAdapterRejectsBadConfig runs the binary: it must refuse to start,
// name the bad key and never open its listener.
func TestAdapterRejectsBadConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(path, []byte("listen: 127.0.0.1:0\nsorce: {type: dir}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(shcrBinary, "adapter", "--config", path).CombinedOutput()
	if code := exitCode(err); code != 1 {
		t.Fatalf("exit code %d, want 1: %s", code, out)
	}
	if !strings.Contains(string(out), `unknown key "sorce"`) {
		t.Fatalf("output does not name the bad key: %s", out)
	}
	if strings.Contains(string(out), "serving") {
		t.Fatalf("it started serving: %s", out)
	}
}

// exportedSpan is the part of a span stdouttrace writes that the trace
// test reads.
type exportedSpan struct {
	Name        string
	SpanContext struct{ TraceID, SpanID string }
	Parent      struct{ TraceID, SpanID string }
	SpanKind    int
}

// spansIn decodes the spans in a process's stdout, skipping the banner
// lines.
func spansIn(t *testing.T, out string) []exportedSpan {
	t.Helper()
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if !strings.HasPrefix(l, "shcr ") {
			lines = append(lines, l)
		}
	}
	dec := stdjson.NewDecoder(strings.NewReader(strings.Join(lines, "\n")))
	var spans []exportedSpan
	for {
		var s exportedSpan
		err := dec.Decode(&s)
		if errors.Is(err, io.EOF) {
			return spans
		}
		if err != nil {
			t.Fatalf("reading spans: %v", err)
		}
		spans = append(spans, s)
	}
}

// TestAdapterTraces: the node's spans continue the facade's traces, and
// neither the node's spans nor its log carry the patient's NHS number or
// name.
func TestAdapterTraces(t *testing.T) {
	d := loadDemo(t)
	shared := d.scenario(t, "shared-all").NHSNumber
	p := newNodePKI(t)
	node, _ := startAdapter(t, p, "  - clients: [\"cn:shcr-facade\"]\n    types: [\"*\"]\n", "telemetry: {traces: stdout}\nlog: {level: debug}\n")
	id := newIDP(t)
	facade := startServe(t, grpcConfig(id, node.root, p, p.client)+"telemetry: {traces: stdout}\n")
	token := id.token(t, nil)
	merged := get(t, facade.fhir()+"/Patient/"+shared, token).json(t)
	family := merged["name"].([]any)[0].(map[string]any)["family"].(string)
	get(t, facade.fhir()+"/Patient/"+shared+"/$everything", token)
	get(t, facade.fhir()+"/Observation?patient="+shared+"&code=http://loinc.org|8867-4", token)
	facade.stop(t)
	node.stop(t)

	const search = "shcr.source.v1.Source/Search"
	clientSpans := map[string]bool{}
	for _, s := range spansIn(t, facade.stdout.String()) {
		if s.Name == search && s.SpanKind == 3 { // client
			clientSpans[s.SpanContext.TraceID+"/"+s.SpanContext.SpanID] = true
		}
	}
	nodeSpans := 0
	for _, s := range spansIn(t, node.stdout.String()) {
		if s.Name != search || s.SpanKind != 2 { // server
			continue
		}
		nodeSpans++
		if !clientSpans[s.Parent.TraceID+"/"+s.Parent.SpanID] {
			t.Errorf("the node's span %s/%s has parent %s/%s, which is no facade client span", s.SpanContext.TraceID, s.SpanContext.SpanID, s.Parent.TraceID, s.Parent.SpanID)
		}
	}
	t.Logf("%d node spans continue the facade's %d client spans", nodeSpans, len(clientSpans))
	if nodeSpans == 0 || len(clientSpans) == 0 {
		t.Fatalf("%d node spans, %d facade client spans", nodeSpans, len(clientSpans))
	}
	for _, secret := range []string{shared, family, "8867-4"} {
		if strings.Contains(node.stdout.String(), secret) {
			t.Errorf("a span of the node holds %q", secret)
		}
		if strings.Contains(node.stderr.String(), secret) {
			t.Errorf("the node's log holds %q", secret)
		}
	}
}
