package fhirrest

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/otel/metric"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/circuit"
	"github.com/shcr/shcr/fhir"
)

// The headers that carry the caller (adapters.Caller) to the server, so its
// own audit trail and access rules see who asked and why rather than only
// shcr. Each is sent only when the caller has a value for it. Values outside
// printable ASCII, and "%", are percent-encoded as UTF-8 (%XX), so any name
// travels intact and no value can break the header block.
const (
	// HeaderUserID carries Caller.UserID.
	HeaderUserID = "X-Request-User-Id"
	// HeaderUserName carries Caller.Name.
	HeaderUserName = "X-Request-User-Name"
	// HeaderUserRole carries Caller.Role.
	HeaderUserRole = "X-Request-User-Role"
	// HeaderUserOrg carries Caller.Org, an ODS code.
	HeaderUserOrg = "X-Request-User-Org"
	// HeaderPurpose carries Caller.Purpose, e.g. TREAT.
	HeaderPurpose = "X-Request-Purpose"
	// HeaderCorrelationID carries Caller.RequestID.
	HeaderCorrelationID = "X-Correlation-Id"
	// HeaderHops carries Caller.Hops, comma-separated: the shared care
	// records a request has passed through. shcr refuses a request that
	// names itself with 508 Loop Detected.
	HeaderHops = "X-Shcr-Hops"
)

// CallerHeaders lists the caller headers.
func CallerHeaders() []string {
	return []string{HeaderUserID, HeaderUserName, HeaderUserRole, HeaderUserOrg, HeaderPurpose, HeaderCorrelationID, HeaderHops}
}

// Option changes how a Source works, for tests and wiring.
type Option func(*options)

type options struct {
	now           func() time.Time
	sleep         func(ctx context.Context, d time.Duration) error
	logger        *slog.Logger
	meterProvider metric.MeterProvider
	sourceID      string
}

// WithClock sets the clock the circuit breaker, the retry budget, the
// capability cache and token expiry read, so tests can move time without
// sleeping.
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithSleep sets how the source waits before a retry; it must return early
// with ctx's error when ctx ends.
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(o *options) { o.sleep = sleep }
}

// WithLogger sets where the source logs breaker state changes and dropped
// entries. Log records never carry patient identifiers or search values.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithMeterProvider sets where the circuit breaker's metrics go (see
// circuit.Options). The default records nothing.
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(o *options) { o.meterProvider = mp }
}

// WithSourceID names the source in the circuit breaker's metrics.
func WithSourceID(id string) Option { return func(o *options) { o.sourceID = id } }

// Source is one FHIR R4 server as an adapters.Source. It is safe for
// concurrent use. Close releases its idle connections.
type Source struct {
	cfg     Config
	base    *url.URL
	http    *http.Client
	auth    authorizer
	sem     chan struct{}
	breaker *circuit.Breaker
	budget  *circuit.Budget
	now     func() time.Time
	sleep   func(ctx context.Context, d time.Duration) error
	logger  *slog.Logger
	limits  fhir.Limits

	capsLock chan struct{} // a one-slot lock around CapabilityStatement reads that honours contexts
	capsMu   sync.Mutex
	caps     *serverCaps
}

var (
	_ adapters.Source = (*Source)(nil)
	_ adapters.Reader = (*Source)(nil)
)

// New builds a Source from cfg (zero settings take their defaults). It reads
// the key and certificate files but makes no request: the
// CapabilityStatement is read by the first Describe or Search.
func New(cfg Config, opts ...Option) (*Source, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("configuring the FHIR source: %w", err)
	}
	o := options{now: time.Now, sleep: sleep, logger: slog.New(slog.DiscardHandler)}
	for _, opt := range opts {
		opt(&o)
	}
	base, err := parseBase(cfg.URL, cfg.AllowHTTP)
	if err != nil {
		return nil, err
	}
	tc, err := tlsConfig(cfg.TLS)
	if err != nil {
		return nil, err
	}
	logger := o.logger.With("fhir_base", base.String())
	breaker, err := circuit.New(cfg.Breaker, circuit.Options{Source: o.sourceID, Now: o.now, Logger: logger, MeterProvider: o.meterProvider})
	if err != nil {
		return nil, err
	}
	s := &Source{
		cfg:      cfg,
		base:     base,
		http:     newHTTPClient(cfg, tc),
		auth:     noAuth{},
		sem:      make(chan struct{}, cfg.MaxConcurrent),
		breaker:  breaker,
		budget:   circuit.NewBudget(cfg.Retry.BudgetRatio, cfg.Retry.BudgetMin, cfg.Retry.BudgetWindow, o.now),
		now:      o.now,
		sleep:    o.sleep,
		logger:   logger,
		limits:   fhir.DefaultLimits(),
		capsLock: make(chan struct{}, 1),
	}
	switch cfg.Auth.Type {
	case AuthBearer:
		s.auth = bearerAuth{token: cfg.Auth.Token}
	case AuthClientCredentials:
		cc, err := newClientCredentials(cfg.Auth, newHTTPClient(cfg, tc.Clone()), o.now)
		if err != nil {
			return nil, err
		}
		s.auth = cc
	}
	return s, nil
}

// newHTTPClient builds the source's own transport: its own connection
// pool, so one slow organisation cannot starve connections to another, with
// timeouts on every phase, HTTP/2 when the server offers it, and gzip
// accepted (and decompressed before the size cap applies). Redirects are
// not followed: a redirect could send shcr's credentials anywhere.
func newHTTPClient(cfg Config, tc *tls.Config) *http.Client {
	tr := &http.Transport{
		Proxy:                  http.ProxyFromEnvironment,
		DialContext:            (&net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second}).DialContext,
		TLSClientConfig:        tc,
		TLSHandshakeTimeout:    cfg.ConnectTimeout,
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           cfg.MaxConcurrent,
		MaxIdleConnsPerHost:    cfg.MaxConcurrent,
		IdleConnTimeout:        90 * time.Second,
		ResponseHeaderTimeout:  cfg.RequestTimeout,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: 1 << 20,
	}
	return &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Close closes the source's idle connections. The Source stays usable.
func (s *Source) Close() error {
	s.http.CloseIdleConnections()
	if cc, ok := s.auth.(*clientCredentials); ok {
		cc.client.CloseIdleConnections()
	}
	return nil
}

// endpoint returns base/segments...?query. Segments are resource types, ids
// and operation names, all checked before they get here.
func (s *Source) endpoint(query []adapters.Param, segments ...string) *url.URL {
	u := *s.base
	for _, seg := range segments {
		u.Path += "/" + seg
	}
	u.RawPath = ""
	u.RawQuery = encodeQuery(query)
	return &u
}

// get fetches u with everything a request to the server needs: the circuit
// breaker, the concurrency limit, credentials, the caller's headers, at
// most one retry within the budget, and the response checks (status,
// content type, size). It returns the body of a 2xx answer.
func (s *Source) get(ctx context.Context, u *url.URL) ([]byte, error) {
	s.budget.Request()
	for attempt := 0; ; attempt++ {
		body, retryAfter, err := s.attempt(ctx, u)
		if err == nil || attempt > 0 || s.cfg.Retry.Disabled || !retryable(err) {
			return body, err
		}
		delay := s.cfg.Retry.Backoff
		if retryAfter >= 0 {
			delay = retryAfter
		}
		if delay > s.cfg.Retry.MaxRetryAfter {
			return nil, fmt.Errorf("%w (not retried: the server asked for a wait over %s)", err, s.cfg.Retry.MaxRetryAfter)
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) <= delay {
			return nil, fmt.Errorf("%w (not retried: the wait would pass the deadline)", err)
		}
		if !s.budget.TryRetry() {
			return nil, fmt.Errorf("%w (not retried: retry budget exhausted)", err)
		}
		if err := s.sleep(ctx, delay); err != nil {
			return nil, err
		}
	}
}

// attempt makes one request. retryAfter is the server's Retry-After, or -1.
func (s *Source) attempt(ctx context.Context, u *url.URL) (body []byte, retryAfter time.Duration, err error) {
	retryAfter = -1
	if err := ctx.Err(); err != nil {
		return nil, retryAfter, err
	}
	probe, err := s.breaker.Allow()
	if err != nil {
		return nil, retryAfter, err
	}
	o := circuit.Ignored
	defer func() { s.breaker.Done(probe, o) }()
	authorization, err := s.auth.authorization(ctx)
	if err != nil {
		return nil, retryAfter, err
	}

	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, retryAfter, ctx.Err()
	}
	defer func() { <-s.sem }()

	actx, cancel := context.WithTimeout(ctx, s.cfg.RequestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, retryAfter, fmt.Errorf("%w: building a request to %s: %w", adapters.ErrInvalidQuery, redact(s.base, u), err)
	}
	s.setHeaders(ctx, req)
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	resp, err := s.http.Do(req)
	if err != nil {
		if !errors.Is(ctx.Err(), context.Canceled) {
			o = circuit.Failure
		}
		return nil, retryAfter, transportError(s.base, u, err)
	}
	defer resp.Body.Close()

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		// Drain a little so the connection can be reused; the body itself
		// is not kept (see StatusError).
		_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
		if resp.StatusCode == http.StatusUnauthorized {
			s.auth.invalidate()
		}
		o = circuit.Success
		if breakerFailure(resp.StatusCode) {
			o = circuit.Failure
		}
		return nil, parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()), &StatusError{Status: resp.StatusCode}
	}
	o = circuit.Success // the server answered; whether the answer is usable is another matter
	if !fhirJSON(resp.Header.Get("Content-Type")) {
		mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
		return nil, retryAfter, fmt.Errorf("%w: content type %q is not FHIR JSON", adapters.ErrBadResponse, truncate(mt, 64))
	}
	limit := s.cfg.MaxResponseBytes
	if resp.ContentLength > limit {
		return nil, retryAfter, fmt.Errorf("%w: %d bytes is over the %d byte limit", ErrTooLarge, resp.ContentLength, limit)
	}
	// A page of hundreds of resources grown from 512 bytes by doubling is
	// copied a dozen times; when the server says how long it is (not when
	// the transport decompresses it), read it into one buffer of its size.
	var buf bytes.Buffer
	if resp.ContentLength > 0 {
		buf.Grow(int(resp.ContentLength) + bytes.MinRead)
	}
	_, err = buf.ReadFrom(io.LimitReader(resp.Body, limit+1))
	body = buf.Bytes()
	if err != nil {
		if !errors.Is(ctx.Err(), context.Canceled) {
			o = circuit.Failure
		}
		return nil, retryAfter, transportError(s.base, u, err)
	}
	if int64(len(body)) > limit {
		return nil, retryAfter, fmt.Errorf("%w: over the %d byte limit", ErrTooLarge, limit)
	}
	return body, retryAfter, nil
}

// setHeaders sets the headers every request carries.
func (s *Source) setHeaders(ctx context.Context, req *http.Request) {
	h := req.Header
	for name, v := range s.cfg.Headers {
		h.Set(name, string(v))
	}
	h.Set("Accept", "application/fhir+json")
	h.Set("User-Agent", "shcr-fhirrest")
	// A server that would ignore a parameter it does not know must refuse
	// it instead (DESIGN §5: a filter is never silently ignored).
	h.Set("Prefer", "handling=strict")
	if c, ok := adapters.CallerFromContext(ctx); ok {
		for name, v := range map[string]string{
			HeaderUserID: c.UserID, HeaderUserName: c.Name, HeaderUserRole: c.Role,
			HeaderUserOrg: c.Org, HeaderPurpose: c.Purpose, HeaderCorrelationID: c.RequestID,
		} {
			if v != "" {
				h.Set(name, headerEncode(v))
			}
		}
		if len(c.Hops) > 0 {
			h.Set(HeaderHops, headerEncode(strings.Join(c.Hops, ",")))
		}
	}
}

// headerEncode percent-encodes the bytes of s outside printable ASCII, and
// "%", so any value is a valid header value and decodes back exactly.
func headerEncode(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '%' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '%' {
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// fhirJSON reports whether a Content-Type is FHIR JSON in UTF-8:
// application/fhir+json, or application/json which many servers send (and
// the pre-R4 application/json+fhir).
func fhirJSON(ct string) bool {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	switch mt {
	case "application/fhir+json", "application/json", "application/json+fhir":
	default:
		return false
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return false
	}
	return true
}

// encodeQuery encodes parameters in the order given (url.Values.Encode
// sorts them). ",", ":" and "/" stay literal, as FHIR writes them in
// alternatives, modifiers and references; everything else that needs it is
// escaped, "|" included, which some servers refuse raw.
func encodeQuery(q []adapters.Param) string {
	esc := func(s string) string {
		s = url.QueryEscape(s)
		if !strings.Contains(s, "%") {
			return s
		}
		return strings.NewReplacer("%2C", ",", "%3A", ":", "%2F", "/").Replace(s)
	}
	var b strings.Builder
	for i, p := range q {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(esc(p.Name))
		b.WriteByte('=')
		b.WriteString(esc(p.Value))
	}
	return b.String()
}
