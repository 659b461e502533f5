package main

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/circuit"
	"github.com/shcr/shcr/adapters/fhirrest"
	"github.com/shcr/shcr/adapters/grpcsource"
	"github.com/shcr/shcr/adapters/sqlsource"
	"github.com/shcr/shcr/policy"
	"github.com/shcr/shcr/policy/auth"
)

// Config is the YAML configuration of `shcr serve` (DESIGN §4). Decoding
// is strict: an unknown key is an error, so a typo never silently leaves a
// setting at its default. Defaults live in applyDefaults; validate checks
// everything before any listener opens.
type Config struct {
	Listen string `yaml:"listen"`
	// ShcrID names this shared care record to others it exchanges
	// requests with (the hops that prevent loops). Every replica must
	// share it; the default is public_url's host.
	ShcrID string `yaml:"shcr_id"`
	// PublicURL is the FHIR base URL clients use, for fullUrls and links.
	PublicURL string     `yaml:"public_url"`
	Auth      AuthConfig `yaml:"auth"`
	// Store is the governance store DSN. It may hold a password, so it
	// is a Secret.
	Store   Secret         `yaml:"store"`
	Sources []SourceConfig `yaml:"sources"`
	Paging  PagingConfig   `yaml:"paging"`
	// Audit sets the audit trail's retention.
	Audit AuditConfig `yaml:"audit"`
	// Policy is the access policy: sensitive data, data-sharing
	// agreements, system clients, break-glass and identity levels.
	Policy         policy.Config   `yaml:"policy"`
	Telemetry      TelemetryConfig `yaml:"telemetry"`
	Log            LogConfig       `yaml:"log"`
	RequestTimeout Duration        `yaml:"request_timeout"`
	// RefreshInterval is how often sources are asked to describe
	// themselves again.
	RefreshInterval Duration `yaml:"refresh_interval"`
}

// AuthConfig says which access tokens are accepted.
type AuthConfig struct {
	// Demo signs tokens with a key made at start and serves /demo/token.
	// Never in production.
	Demo     bool   `yaml:"demo"`
	Issuer   string `yaml:"issuer"`
	Audience string `yaml:"audience"`
	JWKSURL  string `yaml:"jwks_url"`
	JWKSFile string `yaml:"jwks_file"`
	// Leeway allows for clock skew; default 60s, at most 5m.
	Leeway     Duration `yaml:"leeway"`
	Algorithms []string `yaml:"algorithms"`
	// Claims says how token claims map to who is asking (preset shcr,
	// nhs-cis2 or nhs-login, role_map, default_scopes).
	Claims auth.Mapping `yaml:"claims"`
}

// SourceConfig is one organisation's source.
type SourceConfig struct {
	ID           string    `yaml:"id"`
	Type         string    `yaml:"type"`
	Organisation OrgConfig `yaml:"organisation"`
	// Timeout bounds each request to the source, patient resolution
	// included.
	Timeout Duration `yaml:"timeout"`
	// Path is the folder of a dir source.
	Path string `yaml:"path"`
	// FHIR holds a fhir source's settings (url, auth, tls, retry, ...),
	// written at the source's top level.
	FHIR fhirrest.Config `yaml:",inline"`
	// SQL holds a sql source's settings (dsn, mapping, ...), written at the
	// source's top level.
	SQL sqlsource.Config `yaml:",inline"`
	// GRPC holds a grpc source's settings (address, mtls, keepalive, ...),
	// also at the top level; their keys differ from the fhir ones.
	GRPC grpcsource.Config `yaml:",inline"`
	// Breaker is the circuit breaker of a fhir or grpc source: the same
	// keys and defaults for both (see circuit.Config).
	Breaker circuit.Config `yaml:"breaker"`
}

// fhirConfig is a fhir source's settings with its breaker.
func (s SourceConfig) fhirConfig() fhirrest.Config {
	c := s.FHIR
	c.Breaker = s.Breaker
	return c
}

// grpcConfig is a grpc source's settings with its breaker.
func (s SourceConfig) grpcConfig() grpcsource.Config {
	c := s.GRPC
	c.Breaker = s.Breaker
	return c
}

// OrgConfig is the data controller behind a source.
type OrgConfig struct {
	ODS  string `yaml:"ods"`
	Name string `yaml:"name"`
	Kind string `yaml:"kind"`
}

// PagingConfig bounds search pages.
type PagingConfig struct {
	DefaultCount int `yaml:"default_count"`
	MaxCount     int `yaml:"max_count"`
	// CursorSecret signs page links; every replica must share it. At least
	// 32 bytes. Unset: a random key per process (one replica only).
	CursorSecret Secret   `yaml:"cursor_secret"`
	CursorTTL    Duration `yaml:"cursor_ttl"`
}

// TelemetryConfig chooses where traces go. Metrics are always served at
// /metrics in the Prometheus format.
type TelemetryConfig struct {
	// Traces is none (default), stdout or otlp.
	Traces string `yaml:"traces"`
	// OTLPEndpoint is the OTLP/HTTP collector, e.g. localhost:4318.
	OTLPEndpoint string `yaml:"otlp_endpoint"`
	OTLPInsecure bool   `yaml:"otlp_insecure"`
}

// LogConfig sets the log level and format.
type LogConfig struct {
	Level  string `yaml:"level"`  // debug, info (default), warn, error
	Format string `yaml:"format"` // json (default) or text
}

// Duration is a time.Duration written as in Go ("2s", "500ms").
type Duration time.Duration

// UnmarshalYAML reads a duration string.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	var s string
	if err := n.Decode(&s); err != nil {
		return fmt.Errorf("line %d: a duration must be a string such as 2s", n.Line)
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return fmt.Errorf("line %d: %q is not a duration (use e.g. 500ms, 2s, 1m)", n.Line, s)
	}
	*d = Duration(v)
	return nil
}

// Secret is a configuration value that must never be printed or logged.
type Secret = adapters.Secret

// LoadConfig reads and validates a configuration file.
func LoadConfig(path string) (*Config, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the configuration: %w", err)
	}
	return ParseConfig(raw)
}

var unknownField = regexp.MustCompile(`field (\S+) not found in type \S+`)

// ParseConfig decodes strictly, applies defaults and validates.
func ParseConfig(raw []byte) (*Config, error) {
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		msg := unknownField.ReplaceAllString(err.Error(), `unknown key "$1"`)
		return nil, fmt.Errorf("reading the configuration: %s", strings.TrimPrefix(msg, "yaml: "))
	}
	c.applyDefaults()
	if err := c.validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// applyDefaults is the one place defaults are set.
func (c *Config) applyDefaults() {
	if c.Listen == "" {
		c.Listen = "127.0.0.1:8080"
	}
	if c.Auth.Leeway == 0 {
		c.Auth.Leeway = Duration(60 * time.Second)
	}
	if c.Paging.DefaultCount == 0 {
		c.Paging.DefaultCount = 100
	}
	if c.Paging.MaxCount == 0 {
		c.Paging.MaxCount = 1000
	}
	if c.Paging.CursorTTL == 0 {
		c.Paging.CursorTTL = Duration(30 * time.Minute)
	}
	if c.Telemetry.Traces == "" {
		c.Telemetry.Traces = "none"
	}
	if c.Log.Level == "" {
		c.Log.Level = "info"
	}
	if c.Log.Format == "" {
		c.Log.Format = "json"
	}
	if c.RequestTimeout == 0 {
		c.RequestTimeout = Duration(30 * time.Second)
	}
	if c.Audit.PruneInterval == 0 {
		c.Audit.PruneInterval = Duration(24 * time.Hour)
	}
	if c.RefreshInterval == 0 {
		c.RefreshInterval = Duration(5 * time.Minute)
	}
	for i := range c.Sources {
		if c.Sources[i].Timeout == 0 {
			c.Sources[i].Timeout = Duration(2 * time.Second)
		}
	}
}

var (
	sourceIDPattern = regexp.MustCompile(`^[a-z0-9-]{1,40}$`)
	odsPattern      = regexp.MustCompile(`^[A-Z0-9]{3,10}$`)
)

// validate reports every problem at once, each naming its key.
func (c *Config) validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
	}
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		bad("listen", "%q is not host:port", c.Listen)
	}
	if c.ShcrID != "" && !validShcrID(c.ShcrID) {
		bad("shcr_id", "%q must be 1 to 64 of A-Z, a-z, 0-9, - and .", c.ShcrID)
	}
	if c.PublicURL != "" {
		if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
			bad("public_url", "%q must be an absolute http(s) URL such as https://shcr.example.nhs.uk/fhir", c.PublicURL)
		}
	}
	a := c.Auth
	if !a.Demo {
		if a.Issuer == "" {
			bad("auth.issuer", "is required (the iss of accepted tokens)")
		}
		if a.Audience == "" {
			bad("auth.audience", "is required (the aud of accepted tokens)")
		}
		switch {
		case a.JWKSURL == "" && a.JWKSFile == "":
			bad("auth", "one of jwks_url or jwks_file is required")
		case a.JWKSURL != "" && a.JWKSFile != "":
			bad("auth", "give jwks_url or jwks_file, not both")
		case a.JWKSURL != "":
			if u, err := url.Parse(a.JWKSURL); err != nil || u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname())) {
				bad("auth.jwks_url", "%q must be an https URL (http only on loopback)", a.JWKSURL)
			}
		}
	}
	if time.Duration(a.Leeway) > 5*time.Minute {
		bad("auth.leeway", "%s is too long; clock skew beyond 5m means a broken clock", time.Duration(a.Leeway))
	}
	for _, alg := range a.Algorithms {
		if alg == "none" || strings.HasPrefix(alg, "HS") {
			bad("auth.algorithms", "%q is not allowed: tokens must be signed with a private key", alg)
		}
	}
	if c.Store == "" {
		bad("store", "is required: sqlite:///absolute/path.db or postgres://user:pass@host:port/db")
	} else if dsn := string(c.Store); !strings.HasPrefix(dsn, "sqlite:///") && !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		bad("store", "must be sqlite:///absolute/path.db or postgres://user:pass@host:port/db")
	}
	if len(c.Sources) == 0 {
		bad("sources", "at least one source is required")
	}
	seen := map[string]bool{}
	for i, s := range c.Sources {
		key := fmt.Sprintf("sources[%d]", i)
		if s.ID != "" {
			key = fmt.Sprintf("sources[%d] (%s)", i, s.ID)
		}
		if !sourceIDPattern.MatchString(s.ID) {
			bad(key+".id", "%q must be 1 to 40 of a-z, 0-9 and - (it becomes part of resource ids)", s.ID)
		}
		if seen[s.ID] {
			bad(key+".id", "%q is used by another source", s.ID)
		}
		seen[s.ID] = true
		if !odsPattern.MatchString(s.Organisation.ODS) {
			bad(key+".organisation.ods", "%q is not an ODS code", s.Organisation.ODS)
		}
		if s.Organisation.Name == "" {
			bad(key+".organisation.name", "is required")
		}
		switch s.Organisation.Kind {
		case "gp", "acute", "social-care", "community", "mental-health", "shcr":
		default:
			bad(key+".organisation.kind", "%q must be one of gp, acute, social-care, community, mental-health, shcr", s.Organisation.Kind)
		}
		if t := time.Duration(s.Timeout); t > time.Duration(c.RequestTimeout) {
			bad(key+".timeout", "%s is longer than request_timeout (%s)", t, time.Duration(c.RequestTimeout))
		}
		s.validateType(key, bad)
	}
	var ids []string
	for _, s := range c.Sources {
		ids = append(ids, s.ID)
	}
	if err := c.Policy.Validate(ids); err != nil {
		errs = append(errs, err)
	}
	if _, err := auth.NewVerifier(auth.Config{Issuer: "x", Audience: "x", Mapping: c.Auth.Claims}, auth.StaticKeys{}); err != nil {
		errs = append(errs, err)
	}
	if c.Paging.DefaultCount < 1 || c.Paging.MaxCount < c.Paging.DefaultCount {
		bad("paging", "need 1 <= default_count (%d) <= max_count (%d)", c.Paging.DefaultCount, c.Paging.MaxCount)
	}
	if c.Paging.CursorSecret != "" && len(c.Paging.CursorSecret) < 32 {
		bad("paging.cursor_secret", "must be at least 32 characters")
	}
	validateOps(c.Telemetry, c.Log, bad)
	if len(errs) > 0 {
		return fmt.Errorf("invalid configuration:\n  %w", joinLines(errs))
	}
	return nil
}

// validateType checks the settings that depend on the source's type, and
// that no other type's settings are present. shcr adapter uses it for the
// source it serves too.
func (s SourceConfig) validateType(key string, bad func(key, format string, args ...any)) {
	// Each type's own settings; another type's settings on a source are a
	// mistake worth naming rather than ignoring.
	settings := []struct {
		typ, keys string
		set       bool
	}{
		{"dir", "path", s.Path != ""},
		{"fhir", "url, auth, tls and the other fhir settings", !reflect.ValueOf(s.FHIR).IsZero()},
		{"grpc", "address, mtls and the other grpc settings", !reflect.ValueOf(s.GRPC).IsZero()},
		{"sql", "dsn, mapping and the other sql settings", !reflect.ValueOf(s.SQL).IsZero()},
	}
	known := false
	for _, st := range settings {
		if st.typ == s.Type {
			known = true
		} else if st.set {
			bad(key, "%s are only for type %s", st.keys, st.typ)
		}
	}
	if !known {
		bad(key+".type", "%q must be one of dir, fhir, grpc, sql", s.Type)
		return
	}
	if !s.Breaker.IsZero() && s.Type != "fhir" && s.Type != "grpc" {
		bad(key, "breaker is only for types fhir and grpc (a %s source calls no remote system)", s.Type)
	}
	switch s.Type {
	case "dir":
		if s.Path == "" {
			bad(key+".path", "is required for a dir source")
		} else if st, err := os.Stat(s.Path); err != nil || !st.IsDir() {
			bad(key+".path", "%q is not a readable directory", s.Path)
		}
	case "fhir":
		if s.FHIR.URL == "" {
			bad(key+".url", "is required: the source's FHIR base URL")
		} else if err := s.fhirConfig().WithDefaults().Validate(); err != nil {
			bad(key, "%v", err)
		}
	case "grpc":
		if err := s.grpcConfig().WithDefaults().Validate(); err != nil {
			bad(key, "%v", err)
		}
	case "sql":
		if err := s.SQL.WithDefaults().Validate(); err != nil {
			bad(key, "%v", err)
		}
	}
}

func isLoopback(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || (ip != nil && ip.IsLoopback())
}

// joinLines joins errors one per indented line.
func joinLines(errs []error) error {
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = e.Error()
	}
	return errors.New(strings.Join(msgs, "\n  "))
}

// validShcrID reports whether s can name a shared care record to others.
func validShcrID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// validateOps checks the telemetry and log settings serve and adapter share.
func validateOps(tel TelemetryConfig, log LogConfig, bad func(key, format string, args ...any)) {
	switch tel.Traces {
	case "none", "stdout":
	case "otlp":
		if tel.OTLPEndpoint == "" {
			bad("telemetry.otlp_endpoint", "is required when traces is otlp")
		}
	default:
		bad("telemetry.traces", "%q must be none, stdout or otlp", tel.Traces)
	}
	switch log.Level {
	case "debug", "info", "warn", "error":
	default:
		bad("log.level", "%q must be debug, info, warn or error", log.Level)
	}
	switch log.Format {
	case "json", "text":
	default:
		bad("log.format", "%q must be json or text", log.Format)
	}
}
