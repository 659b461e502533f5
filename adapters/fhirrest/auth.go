package fhirrest

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/golang-jwt/jwt/v5"

	"github.com/shcr/shcr/adapters"
)

// authorizer provides shcr's credentials for requests to the server.
type authorizer interface {
	// authorization returns the Authorization header value, "" for none.
	// It may make a request of its own (for a token), so it is called
	// before the request takes one of the source's concurrency slots.
	authorization(ctx context.Context) (string, error)
	// invalidate forgets a cached credential the server has just refused.
	invalidate()
}

type noAuth struct{}

func (noAuth) authorization(context.Context) (string, error) { return "", nil }
func (noAuth) invalidate()                                   {}

// bearerAuth sends a static token.
type bearerAuth struct{ token Secret }

func (b bearerAuth) authorization(context.Context) (string, error) {
	return "Bearer " + string(b.token), nil
}
func (bearerAuth) invalidate() {}

// tlsConfig builds the TLS client configuration: the CA file as the only
// roots when given, and the client certificate for mutual TLS.
func tlsConfig(c TLSConfig) (*tls.Config, error) {
	tc := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: c.ServerName}
	if c.CAFile != "" {
		b, err := os.ReadFile(c.CAFile)
		if err != nil {
			return nil, fmt.Errorf("reading tls.ca_file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(b) {
			return nil, fmt.Errorf("tls.ca_file %s holds no PEM certificates", c.CAFile)
		}
		tc.RootCAs = pool
	}
	if c.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(c.CertFile, c.KeyFile)
		if err != nil {
			// The error names the files and the problem, never key
			// material.
			return nil, fmt.Errorf("loading the client certificate: %w", err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	return tc, nil
}

// assertionLifetime is how long a client assertion is valid. NHS England's
// and most authorisation servers' limit is five minutes.
const assertionLifetime = 5 * time.Minute

// clientCredentials gets access tokens with the OAuth2 client credentials
// grant, authenticating with a JWT client assertion signed by shcr's key
// (private_key_jwt, RFC 7523), and caches each token until shortly before
// it expires. It is safe for concurrent use; concurrent callers share one
// token request.
type clientCredentials struct {
	cfg    AuthConfig
	key    crypto.Signer
	method jwt.SigningMethod
	client *http.Client
	now    func() time.Time

	fetch chan struct{} // a one-slot lock around token requests that honours contexts

	mu     sync.Mutex
	token  string
	expiry time.Time
}

func newClientCredentials(c AuthConfig, client *http.Client, now func() time.Time) (*clientCredentials, error) {
	key, method, err := loadSigningKey(c.KeyFile, c.SigningAlg)
	if err != nil {
		return nil, err
	}
	return &clientCredentials{cfg: c, key: key, method: method, client: client, now: now, fetch: make(chan struct{}, 1)}, nil
}

// loadSigningKey reads a PEM private key and picks the JWS algorithm.
func loadSigningKey(path, alg string) (crypto.Signer, jwt.SigningMethod, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("reading auth.key_file: %w", err)
	}
	block, _ := pem.Decode(b)
	if block == nil {
		return nil, nil, fmt.Errorf("auth.key_file %s holds no PEM block", path)
	}
	var key any
	switch block.Type {
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	default:
		return nil, nil, fmt.Errorf("auth.key_file %s holds a %q PEM block, not a private key", path, block.Type)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("parsing auth.key_file %s: %w", path, err)
	}
	switch k := key.(type) {
	case *rsa.PrivateKey:
		if alg == "" {
			alg = "RS512"
		}
		m := jwt.GetSigningMethod(alg)
		if _, ok := m.(*jwt.SigningMethodRSA); !ok {
			if _, ok := m.(*jwt.SigningMethodRSAPSS); !ok {
				return nil, nil, fmt.Errorf("auth.signing_alg %q cannot be used with an RSA key", alg)
			}
		}
		return k, m, nil
	case *ecdsa.PrivateKey:
		want := map[elliptic.Curve]string{elliptic.P256(): "ES256", elliptic.P384(): "ES384", elliptic.P521(): "ES512"}[k.Curve]
		if want == "" {
			return nil, nil, errors.New("auth.key_file holds an EC key on an unsupported curve")
		}
		if alg == "" {
			alg = want
		}
		if alg != want {
			return nil, nil, fmt.Errorf("auth.signing_alg %q does not match the key's curve (%s)", alg, want)
		}
		return k, jwt.GetSigningMethod(alg), nil
	}
	return nil, nil, fmt.Errorf("auth.key_file %s holds a %T, not an RSA or EC key", path, key)
}

func (c *clientCredentials) authorization(ctx context.Context) (string, error) {
	tok, err := c.get(ctx)
	if err != nil {
		return "", err
	}
	return "Bearer " + tok, nil
}

func (c *clientCredentials) invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.token = ""
}

func (c *clientCredentials) cached() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.token != "" && c.now().Before(c.expiry) {
		return c.token
	}
	return ""
}

// get returns a valid access token, requesting one if the cached one is
// missing or about to expire.
func (c *clientCredentials) get(ctx context.Context) (string, error) {
	if tok := c.cached(); tok != "" {
		return tok, nil
	}
	select {
	case c.fetch <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-c.fetch }()
	if tok := c.cached(); tok != "" {
		return tok, nil // another caller fetched it while this one waited
	}
	tok, lifetime, err := c.request(ctx)
	if err != nil {
		return "", fmt.Errorf("getting an access token: %w", err)
	}
	// Renew early: a token that expires in flight fails the request.
	early := min(30*time.Second, lifetime/4)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.token, c.expiry = tok, c.now().Add(lifetime-early)
	return tok, nil
}

// assertion signs a fresh client assertion.
func (c *clientCredentials) assertion() (string, error) {
	var jti [16]byte
	if _, err := rand.Read(jti[:]); err != nil {
		return "", err
	}
	now := c.now()
	claims := jwt.RegisteredClaims{
		Issuer:    c.cfg.ClientID,
		Subject:   c.cfg.ClientID,
		Audience:  jwt.ClaimStrings{c.cfg.Audience},
		ExpiresAt: jwt.NewNumericDate(now.Add(assertionLifetime)),
		IssuedAt:  jwt.NewNumericDate(now),
		ID:        hex.EncodeToString(jti[:]),
	}
	tok := jwt.NewWithClaims(c.method, claims)
	if c.cfg.KeyID != "" {
		tok.Header["kid"] = c.cfg.KeyID
	}
	return tok.SignedString(c.key)
}

// request asks the token endpoint for a token. Errors never carry the
// assertion, the token or the endpoint's error_description (which may echo
// either); they carry the OAuth error code.
func (c *clientCredentials) request(ctx context.Context) (string, time.Duration, error) {
	assertion, err := c.assertion()
	if err != nil {
		return "", 0, fmt.Errorf("signing the client assertion: %w", err)
	}
	form := url.Values{
		"grant_type":            {"client_credentials"},
		"client_id":             {c.cfg.ClientID},
		"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
		"client_assertion":      {assertion},
	}
	if len(c.cfg.Scopes) > 0 {
		form.Set("scope", strings.Join(c.cfg.Scopes, " "))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.cfg.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return "", 0, fmt.Errorf("%w: building the token request: %w", adapters.ErrDenied, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := c.client.Do(req)
	if err != nil {
		return "", 0, transportError(req.URL, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", 0, transportError(req.URL, req.URL, err)
	}
	var tr struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int64  `json:"expires_in"`
		Error       string `json:"error"`
	}
	decodeErr := json.Unmarshal(body, &tr)
	if resp.StatusCode != http.StatusOK {
		se := &StatusError{Status: resp.StatusCode}
		if resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests {
			return "", 0, fmt.Errorf("token endpoint: %w", se)
		}
		code := "no OAuth error code"
		if decodeErr == nil && tr.Error != "" && validOAuthCode(tr.Error) {
			code = tr.Error
		}
		// The token endpoint refusing shcr is a credentials problem,
		// whatever the status.
		return "", 0, fmt.Errorf("%w: token endpoint answered %d (%s)", adapters.ErrDenied, resp.StatusCode, code)
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "application/json" {
		return "", 0, fmt.Errorf("%w: the token endpoint answered with content type %q", adapters.ErrBadResponse, truncate(mt, 64))
	}
	switch {
	case decodeErr != nil:
		return "", 0, fmt.Errorf("%w: reading the token response: %w", adapters.ErrBadResponse, decodeErr)
	case tr.AccessToken == "" || !validHeaderValue(tr.AccessToken):
		return "", 0, fmt.Errorf("%w: the token response has no usable access_token", adapters.ErrBadResponse)
	case tr.TokenType != "" && !strings.EqualFold(tr.TokenType, "bearer"):
		return "", 0, fmt.Errorf("%w: the token is of type %q, not Bearer", adapters.ErrBadResponse, truncate(tr.TokenType, 32))
	}
	lifetime := time.Duration(tr.ExpiresIn) * time.Second
	if tr.ExpiresIn <= 0 || tr.ExpiresIn > 24*3600 {
		lifetime = 5 * time.Minute // unknown or implausible: renew soon
	}
	return tr.AccessToken, lifetime, nil
}

// validOAuthCode reports whether s looks like an OAuth error code
// (RFC 6749 §5.2: printable ASCII without quotes or backslash), so a server
// cannot put arbitrary text into shcr's errors through it.
func validOAuthCode(s string) bool {
	if len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
