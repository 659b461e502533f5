package auth

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"

	"github.com/shcr/shcr/policy"
)

const (
	testIssuer   = "https://idp.test"
	testAudience = "https://shcr.test/fhir"
)

func TestVerify(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	good, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	other, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	v, err := NewVerifier(Config{Issuer: testIssuer, Audience: testAudience, Now: clock}, StaticKeys{"k1": &good.PublicKey})
	if err != nil {
		t.Fatal(err)
	}
	claims := func(mod func(*Claims)) Claims {
		c := Claims{
			RegisteredClaims: jwt.RegisteredClaims{
				Issuer: testIssuer, Subject: "u1", Audience: jwt.ClaimStrings{testAudience},
				ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour)), IssuedAt: jwt.NewNumericDate(now), ID: "j1",
			},
			Name: "Dr A", Role: "clinician", Org: "X1A01", Scope: "user/*.rs openid", Purpose: "TREAT",
		}
		if mod != nil {
			mod(&c)
		}
		return c
	}
	sign := func(c Claims, key any, method jwt.SigningMethod, kid string) string {
		tok := jwt.NewWithClaims(method, c)
		if kid != "" {
			tok.Header["kid"] = kid
		}
		s, err := tok.SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	// An HS256 token keyed with the public key's bytes: the classic
	// algorithm-confusion attack.
	pubBytes := elliptic.MarshalCompressed(elliptic.P256(), good.PublicKey.X, good.PublicKey.Y)
	noneTok := func() string {
		tok := jwt.NewWithClaims(jwt.SigningMethodNone, claims(nil))
		tok.Header["kid"] = "k1"
		s, err := tok.SignedString(jwt.UnsafeAllowNoneSignatureType)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}()

	tests := []struct {
		name    string
		token   string
		wantErr string // "" means valid
	}{
		{name: "valid", token: sign(claims(nil), good, jwt.SigningMethodES256, "k1")},
		{name: "expired within leeway is accepted", token: sign(claims(func(c *Claims) { c.ExpiresAt = jwt.NewNumericDate(now.Add(-30 * time.Second)) }), good, jwt.SigningMethodES256, "k1")},
		{name: "missing", token: "", wantErr: "no bearer"},
		{name: "expired", token: sign(claims(func(c *Claims) { c.ExpiresAt = jwt.NewNumericDate(now.Add(-2 * time.Minute)) }), good, jwt.SigningMethodES256, "k1"), wantErr: "expired"},
		{name: "not yet valid", token: sign(claims(func(c *Claims) { c.NotBefore = jwt.NewNumericDate(now.Add(10 * time.Minute)) }), good, jwt.SigningMethodES256, "k1"), wantErr: "not valid yet"},
		{name: "no exp", token: sign(claims(func(c *Claims) { c.ExpiresAt = nil }), good, jwt.SigningMethodES256, "k1"), wantErr: "exp"},
		{name: "wrong issuer", token: sign(claims(func(c *Claims) { c.Issuer = "https://evil" }), good, jwt.SigningMethodES256, "k1"), wantErr: "issuer"},
		{name: "wrong audience", token: sign(claims(func(c *Claims) { c.Audience = jwt.ClaimStrings{"https://other"} }), good, jwt.SigningMethodES256, "k1"), wantErr: "audience"},
		{name: "signed by another key", token: sign(claims(nil), other, jwt.SigningMethodES256, "k1"), wantErr: "signature"},
		{name: "unknown kid", token: sign(claims(nil), other, jwt.SigningMethodES256, "k2"), wantErr: "key this server does not know"},
		{name: "no kid", token: sign(claims(nil), good, jwt.SigningMethodES256, ""), wantErr: "key this server does not know"},
		{name: "alg none", token: noneTok, wantErr: "algorithm is not accepted"},
		{name: "HS256 keyed with the public key", token: sign(claims(nil), pubBytes, jwt.SigningMethodHS256, "k1"), wantErr: "algorithm is not accepted"},
		{name: "malformed", token: "not.a.jwt", wantErr: "well-formed"},
		{name: "no subject", token: sign(claims(func(c *Claims) { c.Subject = "" }), good, jwt.SigningMethodES256, "k1"), wantErr: "subject"},
		{name: "unknown role", token: sign(claims(func(c *Claims) { c.Role = "superuser" }), good, jwt.SigningMethodES256, "k1"), wantErr: "role"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := v.Verify(context.Background(), tt.token)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				want := policy.Principal{UserID: "u1", Name: "Dr A", Role: policy.RoleClinician, Organisation: "X1A01",
					Scopes: []string{"user/*.rs", "openid"}, Purpose: "TREAT", TokenID: "j1", Issuer: testIssuer}
				if got, _ := json.Marshal(p); string(got) != mustJSON(t, want) {
					t.Fatalf("Verify = %s, want %s", got, mustJSON(t, want))
				}
				return
			}
			if err == nil {
				t.Fatalf("Verify accepted the token, want an error mentioning %q", tt.wantErr)
			}
			if tt.token != "" && !errors.Is(err, ErrInvalidToken) {
				t.Fatalf("Verify error = %v, want ErrInvalidToken", err)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Verify error = %q, want it to mention %q", err, tt.wantErr)
			}
		})
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestNewVerifierRefusesSymmetricAlgorithms(t *testing.T) {
	for _, alg := range []string{"none", "HS256"} {
		if _, err := NewVerifier(Config{Issuer: "i", Audience: "a", Algorithms: []string{"ES256", alg}}, StaticKeys{}); err == nil {
			t.Errorf("NewVerifier allowed %s", alg)
		}
	}
}

func TestParseJWKS(t *testing.T) {
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	set := func(keys ...jose.JSONWebKey) []byte {
		b, err := json.Marshal(jose.JSONWebKeySet{Keys: keys})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name    string
		raw     []byte
		wantErr string
		wantIDs int
	}{
		{name: "public EC and RSA keys", raw: set(jose.JSONWebKey{Key: &ec.PublicKey, KeyID: "a", Use: "sig"}, jose.JSONWebKey{Key: &rsaKey.PublicKey, KeyID: "b"}), wantIDs: 2},
		{name: "encryption keys are skipped", raw: set(jose.JSONWebKey{Key: &ec.PublicKey, KeyID: "a", Use: "sig"}, jose.JSONWebKey{Key: &rsaKey.PublicKey, KeyID: "b", Use: "enc"}), wantIDs: 1},
		{name: "private key refused", raw: set(jose.JSONWebKey{Key: ec, KeyID: "a"}), wantErr: "not a public key"},
		{name: "symmetric key refused", raw: set(jose.JSONWebKey{Key: []byte("secret"), KeyID: "a"}), wantErr: "not a public key"},
		{name: "no kid", raw: set(jose.JSONWebKey{Key: &ec.PublicKey}), wantErr: "no kid"},
		{name: "empty", raw: set(), wantErr: "no signature keys"},
		{name: "not JSON", raw: []byte("{"), wantErr: "reading the JSON Web Key Set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys, err := ParseJWKS(tt.raw)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseJWKS error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || len(keys) != tt.wantIDs {
				t.Fatalf("ParseJWKS = %d keys, %v; want %d keys", len(keys), err, tt.wantIDs)
			}
		})
	}
}

func TestRemoteKeysRotationAndRateLimit(t *testing.T) {
	k1, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	k2, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	var served atomic.Value
	served.Store(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &k1.PublicKey, KeyID: "k1"}}})
	var fetches atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fetches.Add(1)
		_ = json.NewEncoder(w).Encode(served.Load())
	}))
	defer srv.Close()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rk := &RemoteKeys{URL: srv.URL, Client: srv.Client(), MinRefresh: time.Minute, Now: func() time.Time { return now }}
	ctx := context.Background()
	if _, err := rk.Key(ctx, "k1"); err != nil {
		t.Fatal(err)
	}
	if _, err := rk.Key(ctx, "k1"); err != nil || fetches.Load() != 1 {
		t.Fatalf("a known kid fetched again: %d fetches, err %v", fetches.Load(), err)
	}
	// The issuer rotates to k2; within MinRefresh an unknown kid does not
	// trigger a fetch, after it one fetch finds the new key.
	served.Store(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &k2.PublicKey, KeyID: "k2"}}})
	for range 5 {
		if _, err := rk.Key(ctx, "k2"); err == nil {
			t.Fatal("found k2 before any refetch")
		}
	}
	if fetches.Load() != 1 {
		t.Fatalf("unknown kids caused %d fetches within MinRefresh, want 1 in total", fetches.Load())
	}
	now = now.Add(2 * time.Minute)
	if _, err := rk.Key(ctx, "k2"); err != nil {
		t.Fatalf("after rotation: %v", err)
	}
	if fetches.Load() != 2 {
		t.Fatalf("fetches = %d, want 2", fetches.Load())
	}
}

func TestDemoIssuerTokensVerify(t *testing.T) {
	d, err := NewDemoIssuer("https://shcr.demo", "https://shcr.demo/fhir", time.Hour, nil)
	if err != nil {
		t.Fatal(err)
	}
	v, err := NewVerifier(Config{Issuer: "https://shcr.demo", Audience: "https://shcr.demo/fhir"}, d.Keys())
	if err != nil {
		t.Fatal(err)
	}
	tok, exp, err := d.Issue(DemoRequest{User: "dr-a", Role: "clinician", Org: "X1A01", Scope: "user/*.rs"})
	if err != nil {
		t.Fatal(err)
	}
	if exp != 3600 {
		t.Errorf("expires_in = %d, want 3600", exp)
	}
	p, err := v.Verify(context.Background(), tok)
	if err != nil {
		t.Fatal(err)
	}
	if p.UserID != "dr-a" || p.Role != policy.RoleClinician || p.Organisation != "X1A01" {
		t.Fatalf("principal = %+v", p)
	}
	// Another demo process's key is a different key.
	d2, _ := NewDemoIssuer("https://shcr.demo", "https://shcr.demo/fhir", time.Hour, nil)
	tok2, _, _ := d2.Issue(DemoRequest{User: "x", Role: "clinician"})
	if _, err := v.Verify(context.Background(), tok2); err == nil {
		t.Fatal("a token from another demo key verified")
	}
}
