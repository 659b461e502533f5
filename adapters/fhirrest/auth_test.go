package fhirrest_test

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	stdjson "encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/adaptertest/fhirserver"
	"github.com/shcr/shcr/adapters/fhirrest"
)

func TestBearer(t *testing.T) {
	const token = "tok-SECRET-bearer"
	authorize := func(r *http.Request) bool { return r.Header.Get("Authorization") == "Bearer "+token }
	tests := []struct {
		name  string
		token fhirrest.Secret
		want  adapters.Code
	}{
		{"the right token", token, adapters.Unknown},
		{"a wrong token", "tok-SECRET-wrong", adapters.PermissionDenied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := setup(t, fhirserver.Options{Authorize: authorize}, fhirrest.Config{Auth: fhirrest.AuthConfig{Type: fhirrest.AuthBearer, Token: tt.token}})
			_, err := e.src.Search(context.Background(), obsA())
			if tt.want == adapters.Unknown {
				if err != nil {
					t.Fatalf("Search: %v", err)
				}
				return
			}
			if code := e.src.Code(err); code != tt.want {
				t.Fatalf("Search: error %v with code %v, want %v", err, code, tt.want)
			}
			if strings.Contains(err.Error(), "SECRET") {
				t.Errorf("the error carries the token: %v", err)
			}
		})
	}
}

// tokenEndpoint is an OAuth2 token endpoint for the client credentials
// grant with private_key_jwt. It verifies each client assertion as an
// authorisation server must, and issues numbered tokens that the FHIR
// server accepts until revoked.
type tokenEndpoint struct {
	t        *testing.T
	url      string
	clientID string
	alg      string
	pub      crypto.PublicKey
	now      func() time.Time

	mu       sync.Mutex
	jtis     map[string]bool
	valid    map[string]bool
	issued   int
	failures []string
}

func (te *tokenEndpoint) refuse(w http.ResponseWriter, reason string) {
	te.failures = append(te.failures, reason)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	fmt.Fprintf(w, `{"error":"invalid_client","error_description":%q}`, reason)
}

func (te *tokenEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	te.mu.Lock()
	defer te.mu.Unlock()
	if r.Method != http.MethodPost || r.ParseForm() != nil {
		te.refuse(w, "not a form POST")
		return
	}
	f := r.PostForm
	switch {
	case f.Get("grant_type") != "client_credentials":
		te.refuse(w, "grant_type")
		return
	case f.Get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer":
		te.refuse(w, "client_assertion_type")
		return
	case f.Get("scope") != "system/*.read system/Patient.read":
		te.refuse(w, "scope "+f.Get("scope"))
		return
	}
	var claims jwt.RegisteredClaims
	tok, err := jwt.ParseWithClaims(f.Get("client_assertion"), &claims,
		func(*jwt.Token) (any, error) { return te.pub, nil },
		jwt.WithValidMethods([]string{te.alg}), jwt.WithAudience(te.url), jwt.WithIssuer(te.clientID),
		jwt.WithSubject(te.clientID), jwt.WithExpirationRequired(), jwt.WithIssuedAt(), jwt.WithTimeFunc(te.now))
	if err != nil {
		te.refuse(w, "assertion: "+err.Error())
		return
	}
	switch {
	case tok.Header["kid"] != "shcr-key-1":
		te.refuse(w, fmt.Sprintf("kid %v", tok.Header["kid"]))
		return
	case claims.ExpiresAt.Sub(te.now()) > 5*time.Minute:
		te.refuse(w, "the assertion lives longer than five minutes")
		return
	case claims.ID == "" || te.jtis[claims.ID]:
		te.refuse(w, "jti missing or replayed")
		return
	}
	te.jtis[claims.ID] = true
	te.issued++
	access := fmt.Sprintf("access-%d", te.issued)
	te.valid[access] = true
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"access_token":%q,"token_type":"Bearer","expires_in":300}`, access)
}

func (te *tokenEndpoint) authorize(r *http.Request) bool {
	te.mu.Lock()
	defer te.mu.Unlock()
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && te.valid[tok]
}

func (te *tokenEndpoint) revokeAll() {
	te.mu.Lock()
	defer te.mu.Unlock()
	clear(te.valid)
}

func (te *tokenEndpoint) stats() (issued int, failures []string) {
	te.mu.Lock()
	defer te.mu.Unlock()
	return te.issued, append([]string(nil), te.failures...)
}

// writeKey writes key as a PKCS#8 PEM file and returns its path.
func writeKey(t *testing.T, key crypto.Signer) string {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestClientCredentials(t *testing.T) {
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	otherKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		signer  crypto.Signer // the key shcr signs with
		verify  crypto.PublicKey
		alg     string // what the endpoint expects
		cfgAlg  string
		refused bool
	}{
		{name: "EC key, ES256 by default", signer: ecKey, verify: ecKey.Public(), alg: "ES256"},
		{name: "RSA key, RS512 by default", signer: rsaKey, verify: rsaKey.Public(), alg: "RS512"},
		{name: "RSA key, PS384 configured", signer: rsaKey, verify: rsaKey.Public(), alg: "PS384", cfgAlg: "PS384"},
		{name: "a key the endpoint does not know", signer: otherKey, verify: ecKey.Public(), alg: "ES256", refused: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newClock()
			te := &tokenEndpoint{t: t, clientID: "shcr-client", alg: tt.alg, pub: tt.verify, now: clk.Now, jtis: map[string]bool{}, valid: map[string]bool{}}
			ths := httptest.NewServer(te)
			t.Cleanup(ths.Close)
			te.url = ths.URL + "/token"

			srv := fhirserver.New(fixtureSource(t), fhirserver.Options{Authorize: te.authorize})
			hs := httptest.NewServer(srv)
			t.Cleanup(hs.Close)
			src := newSource(t, fhirrest.Config{
				URL: hs.URL,
				Auth: fhirrest.AuthConfig{
					Type: fhirrest.AuthClientCredentials, TokenURL: te.url, ClientID: "shcr-client",
					KeyFile: writeKey(t, tt.signer), KeyID: "shcr-key-1", SigningAlg: tt.cfgAlg,
					Scopes: []string{"system/*.read", "system/Patient.read"},
				},
			}, fhirrest.WithClock(clk.Now))
			ctx := context.Background()

			if tt.refused {
				_, err := src.Search(ctx, obsA())
				if code := src.Code(err); code != adapters.PermissionDenied {
					t.Fatalf("Search: error %v with code %v, want PermissionDenied", err, code)
				}
				if msg := err.Error(); strings.Contains(msg, "eyJ") || strings.Contains(msg, "assertion:") || !strings.Contains(msg, "invalid_client") {
					t.Errorf("the error should name the OAuth error and nothing the endpoint said about the assertion: %v", err)
				}
				if srv.Requests() != 0 {
					t.Error("a request reached the FHIR server without a token")
				}
				return
			}
			for i := range 3 {
				if _, err := src.Search(ctx, obsA()); err != nil {
					t.Fatalf("search %d: %v", i, err)
				}
			}
			if issued, failures := te.stats(); issued != 1 || len(failures) > 0 {
				t.Fatalf("tokens issued: %d (failures %q), want 1: the token is cached", issued, failures)
			}
			// Near expiry the token is renewed.
			clk.Advance(290 * time.Second)
			if _, err := src.Search(ctx, obsA()); err != nil {
				t.Fatal(err)
			}
			if issued, failures := te.stats(); issued != 2 || len(failures) > 0 {
				t.Fatalf("tokens issued: %d (failures %q), want 2 after expiry", issued, failures)
			}
			// A refused token is forgotten, so the next request gets a
			// new one.
			te.revokeAll()
			_, err := src.Search(ctx, obsA())
			if code := src.Code(err); code != adapters.PermissionDenied {
				t.Fatalf("with a revoked token: error %v with code %v, want PermissionDenied", err, code)
			}
			if _, err := src.Search(ctx, obsA()); err != nil {
				t.Fatalf("after a new token: %v", err)
			}
			if issued, failures := te.stats(); issued != 3 || len(failures) > 0 {
				t.Fatalf("tokens issued: %d (failures %q), want 3", issued, failures)
			}
			for _, r := range srv.Recorded() {
				if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer access-") {
					t.Errorf("a request to %s carried %q", r.Path, r.Header.Get("Authorization"))
				}
			}
		})
	}
}

func TestTokenEndpointFailures(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	keyFile := writeKey(t, key)
	tests := []struct {
		name   string
		status int
		ctype  string
		body   string
		want   adapters.Code
	}{
		{"unavailable", 503, "application/json", `{}`, adapters.Unavailable},
		{"refused", 401, "application/json", `{"error":"invalid_client","error_description":"secret stuff"}`, adapters.PermissionDenied},
		{"not JSON", 200, "text/html", `<html>`, adapters.BadResponse},
		{"no access token", 200, "application/json", `{"token_type":"Bearer"}`, adapters.BadResponse},
		{"not a bearer token", 200, "application/json", `{"access_token":"x","token_type":"mac"}`, adapters.BadResponse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ths := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.ctype)
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			}))
			t.Cleanup(ths.Close)
			srv := fhirserver.New(fixtureSource(t), fhirserver.Options{})
			hs := httptest.NewServer(srv)
			t.Cleanup(hs.Close)
			src := newSource(t, fhirrest.Config{URL: hs.URL, Auth: fhirrest.AuthConfig{
				Type: fhirrest.AuthClientCredentials, TokenURL: ths.URL, ClientID: "c", KeyFile: keyFile,
			}}, fhirrest.WithSleep((&sleeps{}).sleep))
			_, err := src.Describe(context.Background())
			if code := src.Code(err); code != tt.want {
				t.Errorf("error %v with code %v, want %v", err, code, tt.want)
			}
			if strings.Contains(err.Error(), "secret stuff") {
				t.Errorf("the error quotes the endpoint's description: %v", err)
			}
			if srv.Requests() != 0 {
				t.Error("a request reached the FHIR server without a token")
			}
		})
	}
}

// pki is a test certificate authority.
type pki struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

func newCA(t *testing.T, name string) *pki {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &pki{cert: cert, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// issue signs a leaf certificate for a server (with a 127.0.0.1 SAN) or a
// client, returning it as a tls.Certificate and as PEM files.
func (ca *pki) issue(t *testing.T, cn string, server bool) (tls.Certificate, string, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: cn},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	if server {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
		tmpl.IPAddresses = []net.IP{net.IPv4(127, 0, 0, 1)}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, key.Public(), ca.key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, keyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	return pair, certFile, keyFile
}

func TestMutualTLS(t *testing.T) {
	ca := newCA(t, "Test Trust CA")
	rogueCA := newCA(t, "Rogue CA")
	serverCert, _, _ := ca.issue(t, "epr.test", true)
	_, clientCertFile, clientKeyFile := ca.issue(t, "shcr-test-client", false)
	_, rogueCertFile, rogueKeyFile := rogueCA.issue(t, "rogue", false)
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, ca.pem, 0o600); err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca.cert)

	srv := fhirserver.New(fixtureSource(t), fhirserver.Options{})
	hs := httptest.NewUnstartedServer(srv)
	hs.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are the point
	hs.TLS = &tls.Config{Certificates: []tls.Certificate{serverCert}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool}
	hs.EnableHTTP2 = true
	hs.StartTLS()
	t.Cleanup(hs.Close)

	tests := []struct {
		name     string
		tls      fhirrest.TLSConfig
		wantCert string // "" when the connection must be refused
	}{
		{name: "the right client certificate", tls: fhirrest.TLSConfig{CAFile: caFile, CertFile: clientCertFile, KeyFile: clientKeyFile}, wantCert: "shcr-test-client"},
		{name: "a certificate from another CA", tls: fhirrest.TLSConfig{CAFile: caFile, CertFile: rogueCertFile, KeyFile: rogueKeyFile}},
		{name: "no client certificate", tls: fhirrest.TLSConfig{CAFile: caFile}},
		{name: "a server the system roots do not trust", tls: fhirrest.TLSConfig{CertFile: clientCertFile, KeyFile: clientKeyFile}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := srv.Requests()
			src := newSource(t, fhirrest.Config{URL: hs.URL, TLS: tt.tls}, fhirrest.WithSleep((&sleeps{}).sleep))
			_, err := src.Search(context.Background(), obsA())
			if tt.wantCert == "" {
				if code := src.Code(err); code != adapters.Unavailable {
					t.Fatalf("Search: error %v with code %v, want Unavailable", err, code)
				}
				if srv.Requests() != before {
					t.Error("a request reached the server over a refused connection")
				}
				return
			}
			if err != nil {
				t.Fatalf("Search: %v", err)
			}
			rec := srv.Recorded()
			if got := rec[len(rec)-1].ClientCert; got != tt.wantCert {
				t.Errorf("the server saw client certificate %q, want %q", got, tt.wantCert)
			}
			if got := rec[len(rec)-1].Proto; got != "HTTP/2.0" {
				t.Errorf("the request went over %s; the source's own transport should negotiate HTTP/2", got)
			}
		})
	}
}

func TestCallerHeaders(t *testing.T) {
	e := setup(t, fhirserver.Options{}, fhirrest.Config{Headers: map[string]fhirrest.Secret{"X-Api-Key": "key-1"}})
	e.prime(t)
	ctx := adapters.WithCaller(context.Background(), adapters.Caller{
		UserID: "u-123", Name: "Zoë O'Brien-Smith", Role: "clinician", Org: "X2B02", Purpose: "TREAT", RequestID: "req-9",
	})
	if _, err := e.src.Search(ctx, obsA()); err != nil {
		t.Fatal(err)
	}
	rec := e.srv.Recorded()
	h := rec[len(rec)-1].Header
	want := map[string]string{
		fhirrest.HeaderUserID:        "u-123",
		fhirrest.HeaderUserName:      "Zo%C3%AB O'Brien-Smith",
		fhirrest.HeaderUserRole:      "clinician",
		fhirrest.HeaderUserOrg:       "X2B02",
		fhirrest.HeaderPurpose:       "TREAT",
		fhirrest.HeaderCorrelationID: "req-9",
		"X-Api-Key":                  "key-1",
		"Accept":                     "application/fhir+json",
		"Prefer":                     "handling=strict",
		"Accept-Encoding":            "gzip",
	}
	for name, v := range want {
		if got := h.Get(name); got != v {
			t.Errorf("%s: %q, want %q", name, got, v)
		}
	}
	// Background calls carry no caller and no caller headers.
	for _, r := range rec[:len(rec)-1] {
		for _, name := range fhirrest.CallerHeaders() {
			if r.Header.Get(name) != "" {
				t.Errorf("%s %s carries %s without a caller", r.Method, r.Path, name)
			}
		}
	}
}

func TestSecretsStayHidden(t *testing.T) {
	cfg := fhirrest.Config{
		URL:     "https://epr.example.nhs.uk/fhir",
		Auth:    fhirrest.AuthConfig{Type: fhirrest.AuthBearer, Token: "tok-SECRET-1"},
		Headers: map[string]fhirrest.Secret{"X-Api-Key": "key-SECRET-2"},
	}
	var out []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		out = append(out, fmt.Sprintf(verb, cfg), fmt.Sprintf(verb, cfg.Auth.Token))
	}
	var logs strings.Builder
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("config", "cfg", cfg, "token", cfg.Auth.Token)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("config", "cfg", cfg, "token", cfg.Auth.Token)
	out = append(out, logs.String())
	b, err := stdjson.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, string(b))
	for _, s := range out {
		if strings.Contains(s, "SECRET") {
			t.Errorf("a secret shows: %s", s)
		}
	}
	if !strings.Contains(fmt.Sprint(cfg), "******") {
		t.Errorf("secrets should print as a mask: %v", cfg)
	}
	if string(cfg.Auth.Token) != "tok-SECRET-1" {
		t.Error("the adapter cannot read the secret back")
	}
}
