package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"reflect"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/grpcsource"
)

// AdapterConfig is the YAML configuration of `shcr adapter`: one
// organisation's source served over gRPC to the facade, from inside the
// organisation's network. Decoding is strict, like `shcr serve`'s, and
// everything is validated before any listener opens.
type AdapterConfig struct {
	// Listen is the gRPC address.
	Listen string `yaml:"listen"`
	// HealthListen serves plain HTTP /healthz, /readyz and /metrics, for
	// orchestrators and container tests.
	HealthListen string `yaml:"health_listen"`
	// Organisation is the data controller the node serves; Describe names
	// it and the facade checks it.
	Organisation OrgConfig `yaml:"organisation"`
	// TLS is the node's certificate and the CA of the facade's client
	// certificates. Required unless Insecure.
	TLS grpcsource.ServerTLSConfig `yaml:"tls"`
	// Insecure serves plaintext, only on a loopback Listen.
	Insecure bool `yaml:"insecure"`
	// Source is the system the node serves, in the same shape as a source
	// of `shcr serve` (type dir or fhir; id optional, organisation at the
	// top level instead). Its timeout bounds each call to it.
	Source SourceConfig `yaml:"source"`
	// Sharing are the organisation's own data-sharing rules
	// (grpcsource.Sharing): which clients and callers may receive which
	// resource types. At least one rule is required.
	Sharing   grpcsource.Sharing `yaml:"sharing"`
	Telemetry TelemetryConfig    `yaml:"telemetry"`
	Log       LogConfig          `yaml:"log"`
	// ShutdownGrace is how long calls in flight may run after SIGTERM.
	ShutdownGrace Duration `yaml:"shutdown_grace"`
}

// LoadAdapterConfig reads and validates an adapter configuration file.
func LoadAdapterConfig(path string) (*AdapterConfig, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the configuration: %w", err)
	}
	return ParseAdapterConfig(raw)
}

// ParseAdapterConfig decodes strictly, applies defaults and validates.
func ParseAdapterConfig(raw []byte) (*AdapterConfig, error) {
	var c AdapterConfig
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

// applyDefaults is the one place the adapter's defaults are set.
func (c *AdapterConfig) applyDefaults() {
	if c.Listen == "" {
		c.Listen = "127.0.0.1:9443"
	}
	if c.HealthListen == "" {
		c.HealthListen = "127.0.0.1:9080"
	}
	if c.Source.Timeout == 0 {
		c.Source.Timeout = Duration(30 * time.Second)
	}
	if c.ShutdownGrace == 0 {
		c.ShutdownGrace = Duration(20 * time.Second)
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
}

// validate reports every problem at once, each naming its key.
func (c *AdapterConfig) validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
	}
	host, _, err := net.SplitHostPort(c.Listen)
	if err != nil {
		bad("listen", "%q is not host:port", c.Listen)
	}
	if _, _, err := net.SplitHostPort(c.HealthListen); err != nil {
		bad("health_listen", "%q is not host:port", c.HealthListen)
	} else if c.HealthListen == c.Listen && !strings.HasSuffix(c.Listen, ":0") {
		bad("health_listen", "must differ from listen")
	}
	o := c.Organisation
	if !odsPattern.MatchString(o.ODS) {
		bad("organisation.ods", "%q is not an ODS code", o.ODS)
	}
	if o.Name == "" {
		bad("organisation.name", "is required")
	}
	switch o.Kind {
	case "", "gp", "acute", "social-care", "community", "mental-health", "shcr":
	default:
		bad("organisation.kind", "%q must be one of gp, acute, social-care, community, mental-health, shcr", o.Kind)
	}
	switch {
	case c.Insecure && c.TLS != (grpcsource.ServerTLSConfig{}):
		bad("insecure", "cannot go with tls")
	case c.Insecure && err == nil && !isLoopback(host):
		bad("insecure", "plaintext is allowed only on a loopback listen address; %s needs tls", c.Listen)
	case !c.Insecure:
		if err := c.TLS.Validate(); err != nil {
			bad("tls", "%v (the node serves mutual TLS; insecure: true only on loopback)", err)
		}
	}
	s := c.Source
	if s.ID != "" && !sourceIDPattern.MatchString(s.ID) {
		bad("source.id", "%q must be 1 to 40 of a-z, 0-9 and -", s.ID)
	}
	if !reflect.ValueOf(s.Organisation).IsZero() {
		bad("source.organisation", "set the organisation at the top level of an adapter configuration")
	}
	if s.Type == "grpc" {
		bad("source.type", "a node serves a dir, fhir or sql source, not another node")
	} else {
		s.validateType("source", bad)
	}
	if len(c.Sharing) == 0 {
		bad("sharing", "at least one rule is required: without one the node shares nothing")
	} else if err := c.Sharing.Validate(); err != nil {
		bad("sharing", "%v", err)
	}
	validateOps(c.Telemetry, c.Log, bad)
	if len(errs) > 0 {
		return fmt.Errorf("invalid configuration:\n  %w", joinLines(errs))
	}
	return nil
}

func runAdapter(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("adapter", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", "", "path to the YAML configuration")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *configPath == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: shcr adapter --config FILE")
		return 2
	}
	cfg, err := LoadAdapterConfig(*configPath)
	if err != nil {
		fmt.Fprintf(stderr, "shcr: %v\n", err)
		return 1
	}
	if err := serveAdapter(ctx, cfg, stdout); err != nil {
		fmt.Fprintf(stderr, "shcr: %v\n", err)
		return 1
	}
	return 0
}

// serveAdapter runs the node until ctx ends, then stops gracefully: no new
// calls, calls in flight get the shutdown grace, then are cancelled.
func serveAdapter(ctx context.Context, cfg *AdapterConfig, stdout io.Writer) (err error) {
	log := newLogger(cfg.Log, os.Stderr)
	tel, err := newTelemetry(ctx, cfg.Telemetry)
	if err != nil {
		return err
	}
	// Cleanup runs in reverse order of setup, whatever fails.
	var closers []func(context.Context) error
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		for i := len(closers) - 1; i >= 0; i-- {
			if cerr := closers[i](cctx); cerr != nil {
				log.Warn("shutting down", "error", cerr)
			}
		}
	}()
	closers = append(closers, tel.shutdown)

	sc := cfg.Source
	if sc.ID == "" {
		// The id names the source in the breaker's metrics and in logs; a
		// node serves one organisation, whose ODS code names it well.
		sc.ID = strings.ToLower(cfg.Organisation.ODS)
	}
	src, err := openSource(ctx, sc, log, tel)
	if err != nil {
		return fmt.Errorf("opening the source: %w", err)
	}
	if c, ok := src.(io.Closer); ok {
		closers = append(closers, func(context.Context) error { return c.Close() })
	}
	var tc *tls.Config
	if !cfg.Insecure {
		if tc, err = cfg.TLS.Load(); err != nil {
			return fmt.Errorf("tls: %w", err)
		}
	}
	node, err := grpcsource.NewServer(src, grpcsource.ServerOptions{
		TLS:            tc,
		Insecure:       cfg.Insecure,
		Sharing:        cfg.Sharing,
		Organisation:   grpcsource.Organisation{ODS: cfg.Organisation.ODS, Name: cfg.Organisation.Name},
		SourceTimeout:  time.Duration(cfg.Source.Timeout),
		TracerProvider: tel.tracerProvider,
		MeterProvider:  tel.meterProvider,
		Logger:         log,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", cfg.Listen, err)
	}
	hln, err := net.Listen("tcp", cfg.HealthListen)
	if err != nil {
		ln.Close()
		return fmt.Errorf("listening on %s: %w", cfg.HealthListen, err)
	}
	health := &http.Server{
		Handler:           healthHandler(src, tel.metricsHandler),
		ReadHeaderTimeout: 5 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}

	errc := make(chan error, 2)
	go func() { errc <- node.Serve(ln) }()
	go func() { errc <- health.Serve(hln) }()
	log.Info("adapter node started", "organisation", cfg.Organisation.ODS, "source_type", cfg.Source.Type, "insecure", cfg.Insecure)
	fmt.Fprintf(stdout, "shcr adapter health at http://%s/healthz\n", hln.Addr())
	fmt.Fprintf(stdout, "shcr adapter serving gRPC at %s\n", ln.Addr())

	running := 2
	select {
	case err = <-errc:
		running--
	case <-ctx.Done():
		log.Info("shutting down")
	}
	sctx, cancel := context.WithTimeout(context.Background(), time.Duration(cfg.ShutdownGrace))
	defer cancel()
	if serr := node.Shutdown(sctx); serr != nil {
		log.Warn("calls still running at the end of the shutdown grace were cancelled")
	}
	_ = health.Shutdown(sctx)
	for ; running > 0; running-- {
		if serr := <-errc; err == nil && !errors.Is(serr, http.ErrServerClosed) {
			err = serr
		}
	}
	return err
}

// healthHandler serves liveness, readiness (the source can describe
// itself) and the metrics.
func healthHandler(src adapters.Source, metrics http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		if _, err := src.Describe(ctx); err != nil {
			// The code only: the error could quote the source.
			http.Error(w, "not ready: the source is "+src.Code(err).String(), http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, "ready\n")
	})
	mux.Handle("GET /metrics", metrics)
	return mux
}
