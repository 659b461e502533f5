package fhirrest

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/circuit"
)

// Config says how to reach one FHIR R4 server. It is filled from the source's
// entry in shcr's YAML config (type: fhir), whose keys are the yaml tags
// below, next to the engine's own keys (id, type, organisation, timeout), so
// no key here repeats those. Zero values take the defaults of WithDefaults.
type Config struct {
	// URL is the server's FHIR base, e.g. https://epr.example.nhs.uk/fhir.
	// It must be https unless the host is a loopback address or AllowHTTP
	// is set.
	URL string `yaml:"url"`
	// AllowHTTP permits a plain-http URL to a host that is not loopback,
	// for networks where TLS ends at a proxy next to shcr.
	AllowHTTP bool `yaml:"allow_http"`

	// ConnectTimeout bounds dialling and the TLS handshake.
	ConnectTimeout time.Duration `yaml:"connect_timeout"`
	// RequestTimeout bounds one HTTP exchange, body included. It is a
	// backstop: the engine's per-source timeout (the context deadline) is
	// normally shorter.
	RequestTimeout time.Duration `yaml:"request_timeout"`

	// MaxResponseBytes caps one response body (after decompression).
	// Bigger answers fail as bad responses.
	MaxResponseBytes int64 `yaml:"max_response_bytes"`
	// MaxSearchBytes caps everything one Search reads, over all its pages
	// and requests; past it the search stops and reports Truncated. The
	// default is 64 MiB, or twice MaxResponseBytes if that is more.
	MaxSearchBytes int64 `yaml:"max_search_bytes"`
	// MaxPages caps the pages one search reads, the first included; a
	// search with more pages stops and reports Truncated.
	MaxPages int `yaml:"max_pages"`
	// PageSize is sent as _count.
	PageSize int `yaml:"page_size"`
	// MaxConcurrent caps the requests in flight to this server; more wait
	// (until their context ends).
	MaxConcurrent int `yaml:"max_concurrent"`
	// CapabilityRefresh is how long a CapabilityStatement is trusted
	// before Describe reads it again.
	CapabilityRefresh time.Duration `yaml:"capability_refresh"`
	// Compartment chooses how Patient compartments are read: "auto" uses
	// Patient/$everything when the server declares it and one search per
	// type otherwise; "everything" requires $everything; "searches" never
	// uses it.
	Compartment string `yaml:"compartment"`

	// Headers are sent with every request, e.g. an API gateway key. Their
	// values are secrets. They cannot replace the headers the adapter sets
	// itself (Authorization, Accept, the caller headers).
	Headers map[string]Secret `yaml:"headers"`

	Auth  AuthConfig  `yaml:"auth"`
	TLS   TLSConfig   `yaml:"tls"`
	Retry RetryConfig `yaml:"retry"`
	// Breaker is the circuit breaker. Its YAML block, breaker, belongs to
	// the source entry rather than to these settings, because grpc sources
	// share it (same keys, same defaults); shcr copies it here.
	Breaker BreakerConfig `yaml:"-"`
}

// Auth types.
const (
	AuthNone              = "none"
	AuthBearer            = "bearer"
	AuthClientCredentials = "client-credentials"
)

// AuthConfig says how shcr authenticates to the server. Mutual TLS is set up
// in TLSConfig and combines with any of these.
type AuthConfig struct {
	// Type is none, bearer or client-credentials.
	Type string `yaml:"type"`

	// Token is the static bearer token (type bearer).
	Token Secret `yaml:"token"`

	// TokenURL is the OAuth2 token endpoint (type client-credentials).
	// shcr authenticates to it with a signed JWT client assertion
	// (private_key_jwt, RFC 7523) and caches the access token until shortly
	// before it expires.
	TokenURL string `yaml:"token_url"`
	// ClientID is the assertion's iss and sub, and the client_id.
	ClientID string `yaml:"client_id"`
	// KeyFile is a PEM file holding the RSA or EC private key that signs
	// the assertion (PKCS#8, PKCS#1 or SEC 1).
	KeyFile string `yaml:"key_file"`
	// KeyID is the assertion's kid header, naming the key in the client's
	// registered JWKS.
	KeyID string `yaml:"key_id"`
	// SigningAlg is RS256, RS384, RS512, PS256, PS384, PS512, ES256,
	// ES384 or ES512; the default is RS512 for RSA keys and the curve's
	// ES algorithm for EC keys.
	SigningAlg string `yaml:"signing_alg"`
	// Audience is the assertion's aud; the default is TokenURL.
	Audience string `yaml:"audience"`
	// Scopes are requested with the token.
	Scopes []string `yaml:"scopes"`
}

// TLSConfig configures TLS to the server (and to the token endpoint).
type TLSConfig struct {
	// CAFile, when set, is a PEM bundle of the only CAs trusted for the
	// server's certificate; otherwise the system roots are.
	CAFile string `yaml:"ca_file"`
	// CertFile and KeyFile are shcr's client certificate and key for mutual
	// TLS; both or neither.
	CertFile string `yaml:"cert_file"`
	KeyFile  string `yaml:"key_file"`
	// ServerName overrides the name the server's certificate is checked
	// against.
	ServerName string `yaml:"server_name"`
}

// RetryConfig bounds retries. Only idempotent GETs are retried, at most
// once, after a failure to connect or a 429, 502, 503 or 504, and only while
// the per-source retry budget lasts.
type RetryConfig struct {
	// Disabled turns retries off.
	Disabled bool `yaml:"disabled"`
	// Backoff is the wait before a retry when the server gave no
	// Retry-After.
	Backoff time.Duration `yaml:"backoff"`
	// MaxRetryAfter is the longest Retry-After honoured; a server asking
	// for a longer wait is not retried. No wait ever runs past the
	// context's deadline.
	MaxRetryAfter time.Duration `yaml:"max_retry_after"`
	// BudgetRatio is the share of requests, over BudgetWindow, that may be
	// retries; BudgetMin retries per window are allowed on top, so a quiet
	// source can still retry.
	BudgetRatio  float64       `yaml:"budget_ratio"`
	BudgetMin    int           `yaml:"budget_min"`
	BudgetWindow time.Duration `yaml:"budget_window"`
}

// BreakerConfig configures the circuit breaker (see circuit.Config, shared
// with the grpc source). For a FHIR server, failures are connection
// failures, timeouts, 429 and 5xx answers.
type BreakerConfig = circuit.Config

// Compartment strategies.
const (
	CompartmentAuto       = "auto"
	CompartmentEverything = "everything"
	CompartmentSearches   = "searches"
)

// WithDefaults returns c with every zero setting replaced by its default.
// It is the one place the defaults live.
func (c Config) WithDefaults() Config {
	def := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	def(&c.ConnectTimeout, 5*time.Second)
	def(&c.RequestTimeout, 60*time.Second)
	def(&c.CapabilityRefresh, 10*time.Minute)
	if c.MaxResponseBytes == 0 {
		c.MaxResponseBytes = 32 << 20
	}
	if c.MaxSearchBytes == 0 {
		c.MaxSearchBytes = max(64<<20, 2*c.MaxResponseBytes)
	}
	if c.MaxPages == 0 {
		c.MaxPages = 20
	}
	if c.PageSize == 0 {
		c.PageSize = 100
	}
	if c.MaxConcurrent == 0 {
		c.MaxConcurrent = 16
	}
	if c.Compartment == "" {
		c.Compartment = CompartmentAuto
	}
	if c.Auth.Type == "" {
		c.Auth.Type = AuthNone
	}
	if c.Auth.Audience == "" {
		c.Auth.Audience = c.Auth.TokenURL
	}
	def(&c.Retry.Backoff, 100*time.Millisecond)
	def(&c.Retry.MaxRetryAfter, 2*time.Second)
	def(&c.Retry.BudgetWindow, 10*time.Second)
	if c.Retry.BudgetRatio == 0 {
		c.Retry.BudgetRatio = 0.1
	}
	if c.Retry.BudgetMin == 0 {
		c.Retry.BudgetMin = 3
	}
	c.Breaker = c.Breaker.WithDefaults()
	return c
}

// validHeaderName reports whether s is an HTTP header field name (an RFC
// 9110 token).
func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}

// reservedHeaders are set by the adapter and cannot be configured.
func reservedHeader(name string) bool {
	switch http.CanonicalHeaderKey(name) {
	case "Authorization", "Accept", "Accept-Encoding", "Host", "Content-Length", "Connection",
		"Prefer", "Transfer-Encoding", "Te", "Upgrade", "Cookie":
		return true
	}
	for _, h := range CallerHeaders() {
		if strings.EqualFold(name, h) {
			return true
		}
	}
	return false
}

// Validate reports everything wrong with c (after defaults), joined.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if _, err := parseBase(c.URL, c.AllowHTTP); err != nil {
		errs = append(errs, err)
	}
	for name, v := range map[string]time.Duration{
		"connect_timeout": c.ConnectTimeout, "request_timeout": c.RequestTimeout,
		"capability_refresh": c.CapabilityRefresh, "retry.backoff": c.Retry.Backoff,
		"retry.max_retry_after": c.Retry.MaxRetryAfter, "retry.budget_window": c.Retry.BudgetWindow,
	} {
		if v < 0 {
			bad("%s must not be negative", name)
		}
	}
	if c.MaxResponseBytes < 1024 {
		bad("max_response_bytes must be at least 1024")
	}
	if c.MaxSearchBytes < c.MaxResponseBytes {
		bad("max_search_bytes must be at least max_response_bytes")
	}
	if c.MaxPages < 1 {
		bad("max_pages must be at least 1")
	}
	if c.PageSize < 1 {
		bad("page_size must be at least 1")
	}
	if c.MaxConcurrent < 1 {
		bad("max_concurrent must be at least 1")
	}
	switch c.Compartment {
	case CompartmentAuto, CompartmentEverything, CompartmentSearches:
	default:
		bad("compartment must be auto, everything or searches")
	}
	for name, v := range c.Headers {
		switch {
		case !validHeaderName(name):
			bad("headers: %q is not a header name", name)
		case reservedHeader(name):
			bad("headers: %s is set by the adapter and cannot be configured", name)
		case !validHeaderValue(string(v)):
			bad("headers: the value of %s has characters a header cannot carry", name)
		}
	}
	if c.Retry.BudgetRatio < 0 || c.Retry.BudgetRatio > 1 {
		bad("retry.budget_ratio must be between 0 and 1")
	}
	if c.Retry.BudgetMin < 0 {
		bad("retry.budget_min must not be negative")
	}
	if err := c.Breaker.Validate(); err != nil {
		errs = append(errs, err)
	}
	switch c.Auth.Type {
	case AuthNone:
	case AuthBearer:
		if c.Auth.Token == "" {
			bad("auth.token is required for bearer auth")
		} else if !validHeaderValue(string(c.Auth.Token)) {
			bad("auth.token has characters a header cannot carry")
		}
	case AuthClientCredentials:
		if u, err := url.Parse(c.Auth.TokenURL); err != nil || (u.Scheme != "https" && !(u.Scheme == "http" && (c.AllowHTTP || isLoopback(u.Hostname())))) || u.Host == "" {
			bad("auth.token_url must be an https URL")
		}
		if c.Auth.ClientID == "" {
			bad("auth.client_id is required for client-credentials auth")
		}
		if c.Auth.KeyFile == "" {
			bad("auth.key_file is required for client-credentials auth")
		}
	default:
		bad("auth.type must be none, bearer or client-credentials")
	}
	if (c.TLS.CertFile == "") != (c.TLS.KeyFile == "") {
		bad("tls.cert_file and tls.key_file go together")
	}
	return errors.Join(errs...)
}

// parseBase checks a FHIR base URL and returns it without a trailing slash.
func parseBase(raw string, allowHTTP bool) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("url is not a URL")
	}
	switch {
	case u.Scheme != "https" && u.Scheme != "http", u.Host == "":
		return nil, errors.New("url must be an absolute http(s) URL")
	case u.Scheme == "http" && !allowHTTP && !isLoopback(u.Hostname()):
		return nil, errors.New("url must be https (set allow_http for a plain-http URL off this host)")
	case u.User != nil:
		return nil, errors.New("url must not carry credentials; use auth")
	case u.RawQuery != "" || u.Fragment != "" || u.Opaque != "":
		return nil, errors.New("url must not have a query or fragment")
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	u.Host = strings.ToLower(u.Host)
	return u, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// validHeaderValue reports whether s can be sent as a header value as is.
func validHeaderValue(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// Secret is a configuration value that must not be seen (a token, an API
// key); see adapters.Secret.
type Secret = adapters.Secret
