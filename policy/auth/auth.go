// Package auth turns a bearer access token into a policy.Principal. It
// verifies JWTs strictly (signature with a key from the issuer's key set,
// an allow-list of algorithms so "none" and HMAC confusion are impossible,
// issuer, audience, expiry and not-before with a small leeway) and maps their
// claims to who is asking. In demo mode it also issues tokens.
package auth

import (
	"context"
	"crypto"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/shcr/shcr/policy"
)

// ErrNoToken is returned when the request carries no bearer token.
var ErrNoToken = errors.New("no bearer access token")

// ErrInvalidToken is wrapped by every verification failure; the wrapping
// message says what was wrong in words a client developer can act on.
var ErrInvalidToken = errors.New("invalid access token")

// KeySet finds the public key a token was signed with. Implementations are
// safe for concurrent use.
type KeySet interface {
	// Key returns the key with this key id, or an error when there is none.
	Key(ctx context.Context, kid string) (crypto.PublicKey, error)
}

// DefaultAlgorithms are the asymmetric JWS algorithms accepted. HMAC
// algorithms are excluded: a verifier holding only public keys must never
// treat one as a shared secret.
func DefaultAlgorithms() []string {
	return []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
}

// Config says which tokens are accepted.
type Config struct {
	Issuer   string
	Audience string
	// Leeway allows for clock skew on exp, nbf and iat. Zero means 60s.
	Leeway time.Duration
	// Algorithms is the allow-list; nil means DefaultAlgorithms.
	Algorithms []string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Mapping turns claims into a Principal; the zero value is shcr's own
	// claim names.
	Mapping Mapping
}

// Verifier checks access tokens. It is safe for concurrent use.
type Verifier struct {
	cfg  Config
	keys KeySet
}

// NewVerifier returns a Verifier for tokens from cfg.Issuer signed with keys.
func NewVerifier(cfg Config, keys KeySet) (*Verifier, error) {
	if cfg.Issuer == "" || cfg.Audience == "" {
		return nil, errors.New("token verification needs an issuer and an audience")
	}
	if keys == nil {
		return nil, errors.New("token verification needs a key set")
	}
	if cfg.Leeway == 0 {
		cfg.Leeway = 60 * time.Second
	}
	if cfg.Algorithms == nil {
		cfg.Algorithms = DefaultAlgorithms()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if err := cfg.Mapping.validate(); err != nil {
		return nil, err
	}
	for _, a := range cfg.Algorithms {
		if a == "none" || strings.HasPrefix(a, "HS") {
			return nil, fmt.Errorf("algorithm %q cannot be allowed: tokens must be signed with a private key", a)
		}
	}
	return &Verifier{cfg: cfg, keys: keys}, nil
}

// Claims are the claims of shcr's own token format, which demo tokens use
// and identity providers can be configured to issue (preset "shcr").
type Claims struct {
	jwt.RegisteredClaims
	Name          string `json:"name,omitempty"`
	Role          string `json:"role,omitempty"`
	Org           string `json:"org,omitempty"`
	Scope         string `json:"scope,omitempty"`
	Patient       string `json:"patient,omitempty"`
	Purpose       string `json:"purpose_of_use,omitempty"`
	ClientID      string `json:"client_id,omitempty"`
	IdentityLevel string `json:"identity_level,omitempty"`
}

// Verify checks a raw token and returns who it identifies.
func (v *Verifier) Verify(ctx context.Context, raw string) (policy.Principal, error) {
	if raw == "" {
		return policy.Principal{}, ErrNoToken
	}
	parser := jwt.NewParser(
		jwt.WithValidMethods(v.cfg.Algorithms),
		jwt.WithIssuer(v.cfg.Issuer),
		jwt.WithAudience(v.cfg.Audience),
		jwt.WithLeeway(v.cfg.Leeway),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(v.cfg.Now),
	)
	claims := jwt.MapClaims{}
	_, err := parser.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		if kid == "" {
			return nil, errors.New("the token header has no kid")
		}
		return v.keys.Key(ctx, kid)
	})
	if err != nil {
		return policy.Principal{}, fmt.Errorf("%w: %s", ErrInvalidToken, explain(err))
	}
	return v.cfg.Mapping.principal(claims)
}

// explain turns a jwt library error into a sentence for the client.
func explain(err error) string {
	switch {
	case errors.Is(err, jwt.ErrTokenMalformed):
		return "the token is not a well-formed JWT"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		if strings.Contains(err.Error(), "signing method") {
			return "the token's signing algorithm is not accepted (" + DefaultAlgorithmsText() + ")"
		}
		return "the token's signature does not verify"
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		if strings.Contains(err.Error(), "signing method") {
			return "the token's signing algorithm is not accepted (" + DefaultAlgorithmsText() + ")"
		}
		return "the token was signed with a key this server does not know"
	case errors.Is(err, jwt.ErrTokenExpired):
		return "the token has expired; get a new one"
	case errors.Is(err, jwt.ErrTokenNotValidYet), errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return "the token is not valid yet; check the issuer's clock"
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return "the token lacks a required claim (exp)"
	case errors.Is(err, jwt.ErrTokenInvalidIssuer):
		return "the token was issued by an issuer this server does not trust"
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		return "the token is for another audience"
	}
	return "the token could not be verified"
}

// DefaultAlgorithmsText lists the default algorithms for messages.
func DefaultAlgorithmsText() string { return strings.Join(DefaultAlgorithms(), ", ") }

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
