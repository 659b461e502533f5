package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	stdjson "encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"

	"github.com/shcr/shcr/policy/auth"
)

const (
	testIssuer   = "https://idp.test.nhs.uk"
	testAudience = "https://shcr.test.nhs.uk/fhir"
)

// idp is a test identity provider: a key whose public half shcr trusts
// through a JWKS file, so the tests can mint any token, good or bad.
type idp struct {
	key      *ecdsa.PrivateKey
	jwksPath string
	dir      string // a temporary directory the test owns
}

func newIDP(t *testing.T) *idp {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := stdjson.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "test-1", Use: "sig", Algorithm: "ES256"}}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "jwks.json")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	return &idp{key: key, jwksPath: path, dir: dir}
}

func (p *idp) token(t *testing.T, mod func(*auth.Claims, *jwt.Token)) string {
	t.Helper()
	now := time.Now()
	c := auth.Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer: testIssuer, Subject: "dr-test", Audience: jwt.ClaimStrings{testAudience},
			ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour)), IssuedAt: jwt.NewNumericDate(now), ID: "jti-1",
		},
		Role: "clinician", Org: "X1A01", Scope: "user/*.rs", Purpose: "TREAT",
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodES256, &c)
	tok.Header["kid"] = "test-1"
	key := any(p.key)
	if mod != nil {
		mod(&c, tok)
		if tok.Method == jwt.SigningMethodNone {
			key = jwt.UnsafeAllowNoneSignatureType
		}
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// configWith is a production-mode configuration trusting the test IdP,
// with the given sources (YAML list items).
func configWith(p *idp, sources string) string {
	return fmt.Sprintf(`listen: 127.0.0.1:0
store: sqlite://%s
auth:
  issuer: %s
  audience: %s
  jwks_file: %s
sources:
%s`, filepath.Join(p.dir, "governance.db"), testIssuer, testAudience, p.jwksPath, sources)
}

// dirSource is a source list item serving one demo organisation's folder.
func dirSource(id, ods, name, kind string) string {
	return fmt.Sprintf(`  - id: %s
    type: dir
    path: %s
    organisation: {ods: %s, name: %s, kind: %s}
`, id, filepath.Join(demoData, id), ods, name, kind)
}

// fhirSource is a source list item reaching an organisation's FHIR server.
func fhirSource(id, url, timeout, ods, name, kind string) string {
	return fmt.Sprintf(`  - id: %s
    type: fhir
    url: %s
    timeout: %s
    organisation: {ods: %s, name: %s, kind: %s}
`, id, url, timeout, ods, name, kind)
}

// serveConfig is a production-mode configuration over the demo folders.
func serveConfig(p *idp, extraSources string) string {
	return configWith(p, dirSource("gp-riverside", "X1A01", "Riverside Surgery", "gp")+
		dirSource("city-general", "X2B02", "City General Hospital", "acute")+
		dirSource("riverside-council", "X3C03", "Riverside Council Adult Social Care", "social-care")+
		extraSources)
}

// checkOutcome asserts an error response: status, FHIR content type and an
// OperationOutcome whose diagnostics mention want.
func checkOutcome(t *testing.T, r response, status int, want string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %.400s", r.status, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/fhir+json") {
		t.Fatalf("Content-Type %q, want application/fhir+json", ct)
	}
	oo := r.json(t)
	if oo["resourceType"] != "OperationOutcome" {
		t.Fatalf("body is a %v, want an OperationOutcome", oo["resourceType"])
	}
	issues, _ := oo["issue"].([]any)
	if len(issues) == 0 {
		t.Fatal("OperationOutcome has no issue")
	}
	diag, _ := issues[0].(map[string]any)["diagnostics"].(string)
	if !strings.Contains(diag, want) {
		t.Fatalf("diagnostics %q, want it to mention %q", diag, want)
	}
}

func TestServeTokens(t *testing.T) {
	d := loadDemo(t)
	p := newIDP(t)
	inst := startServe(t, serveConfig(p, ""))
	target := inst.fhir() + "/Patient/" + d.scenario(t, "shared-all").NHSNumber

	if r := get(t, target, p.token(t, nil)); r.status != http.StatusOK {
		t.Fatalf("a good token: %d %.300s", r.status, r.body)
	}
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tests := []struct {
		name  string
		token string
		want  string
	}{
		{name: "missing", token: "", want: "needs an access token"},
		{name: "expired", token: p.token(t, func(c *auth.Claims, _ *jwt.Token) {
			c.ExpiresAt = jwt.NewNumericDate(time.Now().Add(-10 * time.Minute))
		}), want: "expired"},
		{name: "wrongly signed", token: func() string {
			tok := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.RegisteredClaims{Issuer: testIssuer, Subject: "x", Audience: jwt.ClaimStrings{testAudience}, ExpiresAt: jwt.NewNumericDate(time.Now().Add(time.Hour))})
			tok.Header["kid"] = "test-1"
			s, _ := tok.SignedString(other)
			return s
		}(), want: "signature"},
		{name: "alg none", token: p.token(t, func(_ *auth.Claims, tok *jwt.Token) {
			tok.Method = jwt.SigningMethodNone
			tok.Header["alg"] = "none"
		}), want: "algorithm"},
		{name: "unknown kid", token: p.token(t, func(_ *auth.Claims, tok *jwt.Token) { tok.Header["kid"] = "nope" }), want: "key this server does not know"},
		{name: "wrong audience", token: p.token(t, func(c *auth.Claims, _ *jwt.Token) { c.Audience = jwt.ClaimStrings{"https://elsewhere"} }), want: "audience"},
		{name: "wrong issuer", token: p.token(t, func(c *auth.Claims, _ *jwt.Token) { c.Issuer = "https://evil" }), want: "issuer"},
		{name: "not yet valid", token: p.token(t, func(c *auth.Claims, _ *jwt.Token) {
			c.NotBefore = jwt.NewNumericDate(time.Now().Add(time.Hour))
		}), want: "not valid yet"},
		{name: "garbage", token: "abc.def.ghi", want: "well-formed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := get(t, target, tt.token)
			checkOutcome(t, r, http.StatusUnauthorized, tt.want)
			if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("WWW-Authenticate = %q", r.header.Get("WWW-Authenticate"))
			}
		})
	}
	// Demo tokens do not exist outside demo mode.
	if r := get(t, inst.root+"/demo/token?role=clinician&user=x&org=X1A01", ""); r.status != http.StatusNotFound {
		t.Fatalf("/demo/token in serve mode: %d", r.status)
	}
}

func TestDemoErrors(t *testing.T) {
	d := loadDemo(t)
	inst := startDemo(t)
	token := demoToken(t, inst, query("role", "clinician", "user", "dr-jones", "org", "X1A01"))
	nhs := d.scenario(t, "shared-all").NHSNumber
	tests := []struct {
		name    string
		method  string
		path    string
		headers []string
		status  int
		want    string
	}{
		{name: "malformed NHS number in a read", path: "/Patient/123", status: 400, want: "10 digits"},
		{name: "NHS number failing the check digit", path: "/Patient/9990000019/$everything", status: 400, want: "modulus 11"},
		{name: "malformed NHS number in a search", path: "/Observation?patient=99900000x8", status: 400, want: "digits"},
		{name: "search without a patient", path: "/Observation?code=1234", status: 400, want: "patient-scoped"},
		{name: "unknown resource type", path: "/Spaceship?patient=" + nhs, status: 404, want: "not served"},
		{name: "unknown id", path: "/Observation/gp-riverside.nope", status: 404, want: "not known"},
		{name: "unknown source in an id", path: "/Observation/elsewhere.1", status: 404, want: "not known"},
		{name: "not a federated id", path: "/Observation/1", status: 404, want: "not known"},
		{name: "bad parameter value", path: "/Observation?patient=" + nhs + "&date=2024-13", status: 400, want: "month"},
		{name: "unknown parameter, strict", path: "/Observation?patient=" + nhs + "&colour=blue", headers: []string{"Prefer: handling=strict"}, status: 400, want: "colour"},
		{name: "XML asked for by _format", path: "/Patient/" + nhs + "?_format=xml", status: 406, want: "JSON"},
		{name: "XML asked for by Accept", path: "/Patient/" + nhs, headers: []string{"Accept: application/fhir+xml"}, status: 406, want: "Accept"},
		{name: "XML posted", method: "POST", path: "/Observation/_search", headers: []string{"Content-Type: application/fhir+xml"}, status: 415, want: "application/fhir+json"},
		{name: "write to a read-only type", method: "DELETE", path: "/Observation/gp-riverside.1", status: 405, want: "not supported"},
		{name: "unknown operation", path: "/Patient/" + nhs + "/$lastn", status: 400, want: "$everything"},
		{name: "nothing here", path: "/Patient/a/b/c/d", status: 404, want: "nothing at this URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := tt.method
			if method == "" {
				method = http.MethodGet
			}
			checkOutcome(t, call(t, method, inst.fhir()+tt.path, token, tt.headers...), tt.status, tt.want)
		})
	}
}
