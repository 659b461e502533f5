package auth

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// DemoIssuer signs access tokens for demo mode with a key made at start and
// never written anywhere. Its tokens are verified by the same Verifier and
// claim mapping as real ones. It is safe for concurrent use.
type DemoIssuer struct {
	key      *ecdsa.PrivateKey
	kid      string
	issuer   string
	audience string
	ttl      time.Duration
	now      func() time.Time
}

// NewDemoIssuer makes a fresh ES256 signing key.
func NewDemoIssuer(issuer, audience string, ttl time.Duration, now func() time.Time) (*DemoIssuer, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("making the demo signing key: %w", err)
	}
	var id [8]byte
	if _, err := rand.Read(id[:]); err != nil {
		return nil, fmt.Errorf("making the demo key id: %w", err)
	}
	if now == nil {
		now = time.Now
	}
	if ttl <= 0 {
		ttl = time.Hour
	}
	return &DemoIssuer{key: key, kid: "demo-" + hex.EncodeToString(id[:]), issuer: issuer, audience: audience, ttl: ttl, now: now}, nil
}

// Keys returns the key set that verifies the issuer's tokens.
func (d *DemoIssuer) Keys() StaticKeys { return StaticKeys{d.kid: &d.key.PublicKey} }

// Issuer is the iss of the demo tokens.
func (d *DemoIssuer) Issuer() string { return d.issuer }

// DemoRequest is what a demo token says about its holder.
type DemoRequest struct {
	User, Name, Role, Org, Patient, Scope, Purpose, IdentityLevel string
}

// Issue signs a token and returns it with its lifetime in seconds.
func (d *DemoIssuer) Issue(r DemoRequest) (string, int, error) {
	now := d.now()
	var jti [12]byte
	if _, err := rand.Read(jti[:]); err != nil {
		return "", 0, fmt.Errorf("making a token id: %w", err)
	}
	c := Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    d.issuer,
			Subject:   r.User,
			Audience:  jwt.ClaimStrings{d.audience},
			ExpiresAt: jwt.NewNumericDate(now.Add(d.ttl)),
			NotBefore: jwt.NewNumericDate(now),
			IssuedAt:  jwt.NewNumericDate(now),
			ID:        hex.EncodeToString(jti[:]),
		},
		Name: r.Name, Role: r.Role, Org: r.Org, Scope: r.Scope, Patient: r.Patient, Purpose: r.Purpose,
		ClientID: "shcr-demo", IdentityLevel: r.IdentityLevel,
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodES256, c)
	tok.Header["kid"] = d.kid
	s, err := tok.SignedString(d.key)
	if err != nil {
		return "", 0, fmt.Errorf("signing the demo token: %w", err)
	}
	return s, int(d.ttl / time.Second), nil
}
