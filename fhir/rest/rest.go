// Package rest is shcr's FHIR R4 REST API: the gin router, content
// negotiation, authentication, the handlers for reads, searches and
// $everything, and the one renderer that turns every error into an
// OperationOutcome with the right status (DESIGN §2, §4).
//
// Handlers never log or trace a URL path or query: both carry NHS numbers.
// Logs and spans name the route template instead.
package rest

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/shcr/shcr/federation"
	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/fhir/search"
	"github.com/shcr/shcr/policy"
	"github.com/shcr/shcr/policy/audit"
	"github.com/shcr/shcr/policy/auth"
)

// Searcher reads the search parameters of a type search and answers what
// paging, includes and the CapabilityStatement ask about them. It is the
// seam between the HTTP layer and the search-parameter definitions;
// implementations are safe for concurrent use.
type Searcher interface {
	// Parse reads the parameters (the patient, _count and _cursor already
	// removed) into a Search. Unknown or unsupported parameters are errors
	// when strict, and listed in Search.Ignored otherwise.
	Parse(resourceType string, params url.Values, strict bool) (*Search, error)
	// IncludeRefs returns the references that an _include selects in one
	// resource, given as the client sees it.
	IncludeRefs(in search.Include, raw []byte) ([]string, error)
	// RevIncludeCriterion returns the criterion that selects the resources
	// of in.Source that refer to any of targets ("Type/id").
	RevIncludeCriterion(in search.Include, targets []string) (federation.Criterion, error)
	// Supported lists the search parameters of a type, and Includes its
	// _include and _revinclude values, for the CapabilityStatement.
	Supported(resourceType string) []fhir.SearchParamSupport
	Includes(resourceType string) (include, revinclude []string)
}

// TokenVerifier checks bearer tokens; *auth.Verifier implements it.
type TokenVerifier interface {
	Verify(ctx context.Context, token string) (policy.Principal, error)
}

// Config is what a Server needs.
type Config struct {
	Engine   *federation.Engine
	Verifier TokenVerifier
	Searcher Searcher
	// Policy decides every request; Governance holds objections,
	// withheld items and break-glass alerts.
	Policy     Policy
	Governance Governance
	// Audit records one event per request, durably, before it is answered;
	// AuditLog reads the trail back.
	Audit    audit.Sink
	AuditLog AuditLog
	// Demo, when set, enables GET /demo/token. Never set in production.
	Demo *auth.DemoIssuer
	// InstanceID names this shared care record to others (in the hops of
	// requests between them); every replica shares it.
	InstanceID string
	// PublicURL is the FHIR base URL clients see (e.g.
	// https://shcr.example.nhs.uk/fhir); "" derives it from each request's
	// Host, which is right for local use only.
	PublicURL string
	// Ready reports whether the server can serve (stores open, sources
	// described); nil means always.
	Ready func(ctx context.Context) error
	// Metrics serves /metrics; nil answers 404.
	Metrics http.Handler
	// RequestTimeout bounds each request. Zero means 30s.
	RequestTimeout time.Duration
	// DefaultCount and MaxCount bound page sizes. Zero means 100 and 1000.
	DefaultCount, MaxCount int
	// CursorKey signs page links; every replica behind one load balancer
	// must share it. Nil means a random key (single process only).
	CursorKey []byte
	// CursorTTL is how long a page link stays valid. Zero means 30 minutes.
	CursorTTL      time.Duration
	Logger         *slog.Logger
	TracerProvider trace.TracerProvider
	Version        string
	Now            func() time.Time
}

// Server is the HTTP API. It is safe for concurrent use.
type Server struct {
	cfg       Config
	validator *fhir.Validator
	orgNames  map[string]string // ODS code → organisation name, for audit events
	log       *slog.Logger
	tracer    trace.Tracer
	cursors   cursorCodec
	router    *gin.Engine
}

// New builds a Server.
func New(cfg Config) (*Server, error) {
	if cfg.Engine == nil || cfg.Verifier == nil || cfg.Searcher == nil || cfg.Policy == nil || cfg.Governance == nil || cfg.Audit == nil || cfg.AuditLog == nil {
		return nil, errors.New("the REST server needs an engine, a token verifier, a searcher, a policy, a governance store and an audit sink")
	}
	if cfg.PublicURL != "" {
		u, err := url.Parse(cfg.PublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, errors.New("public_url must be an absolute http(s) URL")
		}
		cfg.PublicURL = strings.TrimSuffix(cfg.PublicURL, "/")
	}
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = 30 * time.Second
	}
	if cfg.InstanceID == "" {
		cfg.InstanceID = "shcr"
	}
	if !validInstanceID(cfg.InstanceID) {
		return nil, errors.New("the shared care record's id must be 1 to 64 of A-Z, a-z, 0-9, - and .")
	}
	if cfg.DefaultCount == 0 {
		cfg.DefaultCount = 100
	}
	if cfg.MaxCount == 0 {
		cfg.MaxCount = 1000
	}
	if cfg.CursorTTL == 0 {
		cfg.CursorTTL = 30 * time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.TracerProvider == nil {
		cfg.TracerProvider = tracenoop.NewTracerProvider()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.CursorKey == nil {
		cfg.CursorKey = make([]byte, 32)
		if _, err := rand.Read(cfg.CursorKey); err != nil {
			return nil, err
		}
	}
	validator, err := fhir.NewValidator()
	if err != nil {
		return nil, err
	}
	s := &Server{
		validator: validator,
		cfg:       cfg,
		log:       cfg.Logger,
		tracer:    cfg.TracerProvider.Tracer("github.com/shcr/shcr/fhir/rest"),
		cursors:   cursorCodec{key: cfg.CursorKey, ttl: cfg.CursorTTL, now: cfg.Now},
	}
	s.orgNames = map[string]string{}
	for _, m := range cfg.Engine.Members() {
		s.orgNames[m.Organisation.ODS] = m.Organisation.Name
	}
	s.router = s.routes()
	return s, nil
}

// Handler returns the http.Handler serving every route.
func (s *Server) Handler() http.Handler { return s.router }

func (s *Server) routes() *gin.Engine {
	// gin's mode is process-wide; release mode only silences its debug
	// route listing, it changes no behaviour.
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.RedirectTrailingSlash = false
	r.RedirectFixedPath = false
	r.UseRawPath = true
	r.Use(s.recoverer(), s.observe())

	r.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	r.GET("/readyz", s.handle(s.readyz))
	r.GET("/metrics", func(c *gin.Context) {
		if s.cfg.Metrics == nil {
			c.Status(http.StatusNotFound)
			return
		}
		s.cfg.Metrics.ServeHTTP(c.Writer, c.Request)
	})
	if s.cfg.Demo != nil {
		r.GET("/demo/token", s.handle(s.demoToken))
	}

	// Discovery needs no token, as SMART requires.
	open := r.Group("/fhir", s.timeout(), s.negotiate())
	open.GET("/metadata", s.handle(s.metadata))
	open.GET("/.well-known/smart-configuration", s.handle(s.smartConfiguration))

	api := r.Group("/fhir", s.timeout(), s.audit(), s.negotiate(), s.authenticate())
	api.GET("/:type", s.handle(s.search))
	api.POST("/:type/_search", s.handle(s.search))
	api.GET("/:type/:id", s.handle(s.read))
	api.GET("/:type/:id/:operation", s.handle(s.instanceOperation))
	api.POST("/:type", s.handle(s.create))
	api.PUT("/:type/:id", s.handle(s.update))
	api.POST("/:type/:id/:operation", s.handle(s.instanceOperationPost))

	r.NoRoute(s.handle(func(c *gin.Context) error {
		return notFound("there is nothing at this URL; the FHIR API is under /fhir")
	}))
	r.NoMethod(s.handle(func(c *gin.Context) error {
		return newError(http.StatusMethodNotAllowed, fhir.IssueNotSupported,
			"this server is read-only for this resource; method "+c.Request.Method+" is not supported here")
	}))
	return r
}

// baseURL is the FHIR base for fullUrls and links.
func (s *Server) baseURL(c *gin.Context) string {
	if s.cfg.PublicURL != "" {
		return s.cfg.PublicURL
	}
	scheme := "http"
	if c.Request.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host + "/fhir"
}
