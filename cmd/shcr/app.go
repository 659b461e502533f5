package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"time"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/dirsource"
	"github.com/shcr/shcr/adapters/fhirrest"
	"github.com/shcr/shcr/adapters/grpcsource"
	"github.com/shcr/shcr/adapters/sqlsource"
	"github.com/shcr/shcr/federation"
	"github.com/shcr/shcr/fhir/rest"
	"github.com/shcr/shcr/policy"
	"github.com/shcr/shcr/policy/auth"
	"github.com/shcr/shcr/policy/store"
)

// app is a wired shcr: everything `serve` and `demo` run.
type app struct {
	cfg       *Config
	log       *slog.Logger
	store     *store.Store
	engine    *federation.Engine
	server    *rest.Server
	telemetry *telemetry
	closers   []func(context.Context) error
}

// buildOptions carry what differs between serve and demo.
type buildOptions struct {
	// demo, when set, is the demo token issuer; its keys verify tokens.
	demo *auth.DemoIssuer
	// publicURL overrides cfg.PublicURL (demo: the real listening address).
	publicURL string
	version   string
	// unrestricted replaces the access policy's decisions with ones that
	// permit everything and apply no obligations. Only `shcr bench
	// --policy off` sets it, to measure what the policy costs.
	unrestricted bool
}

// newLogger builds the process logger from the configuration.
func newLogger(cfg LogConfig, w *os.File) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.Level))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// build wires the application from a validated configuration. It loads
// every source and asks each to describe itself; a source that cannot is
// logged and retried on the refresh interval rather than stopping start-up,
// because one organisation's outage must not take the record down.
func build(ctx context.Context, cfg *Config, log *slog.Logger, opt buildOptions) (*app, error) {
	a := &app{cfg: cfg, log: log}
	var err error
	if a.telemetry, err = newTelemetry(ctx, cfg.Telemetry); err != nil {
		return nil, err
	}
	a.closers = append(a.closers, a.telemetry.shutdown)

	// The governance store holds no clinical data; it must be open before
	// serving, because requests will not be answered without it.
	if a.store, err = store.Open(ctx, string(cfg.Store)); err != nil {
		a.close(ctx)
		return nil, fmt.Errorf("opening the governance store: %w", err)
	}
	a.closers = append(a.closers, func(context.Context) error { return a.store.Close() })

	var members []federation.Member
	for _, sc := range cfg.Sources {
		src, err := openSource(ctx, sc, log, a.telemetry)
		if err != nil {
			a.close(ctx)
			return nil, fmt.Errorf("source %s: %w", sc.ID, err)
		}
		if c, ok := src.(io.Closer); ok {
			a.closers = append(a.closers, func(context.Context) error { return c.Close() })
		}
		members = append(members, federation.Member{
			ID:           sc.ID,
			Organisation: federation.Organisation{ODS: sc.Organisation.ODS, Name: sc.Organisation.Name, Kind: sc.Organisation.Kind},
			Source:       src,
			Timeout:      time.Duration(sc.Timeout),
		})
	}
	searcher, err := rest.NewSearcher()
	if err != nil {
		a.close(ctx)
		return nil, err
	}
	a.engine, err = federation.New(members, federation.Options{
		TracerProvider: a.telemetry.tracerProvider,
		MeterProvider:  a.telemetry.meterProvider,
		Logger:         log,
		Decode:         searcher.Decode,
	})
	if err != nil {
		a.close(ctx)
		return nil, err
	}
	if err := a.engine.Refresh(ctx); err != nil {
		log.Warn("some sources could not describe themselves at start; they will be retried", "error", err)
	}

	verifier, err := newVerifier(cfg.Auth, opt.demo)
	if err != nil {
		a.close(ctx)
		return nil, err
	}
	var orgs []policy.SourceOrg
	for _, sc := range cfg.Sources {
		orgs = append(orgs, policy.SourceOrg{ID: sc.ID, ODS: sc.Organisation.ODS, Kind: sc.Organisation.Kind})
	}
	decider, err := policy.NewDecider(cfg.Policy, a.store, a.engine, orgs, searcher.Matcher(), nil)
	if err != nil {
		a.close(ctx)
		return nil, err
	}
	var pol rest.Policy = decider
	if opt.unrestricted {
		pol = unrestrictedPolicy{decider}
	}
	publicURL := cfg.PublicURL
	if opt.publicURL != "" {
		publicURL = opt.publicURL
	}
	var cursorKey []byte
	if cfg.Paging.CursorSecret != "" {
		cursorKey = []byte(cfg.Paging.CursorSecret)
	}
	instance := cfg.ShcrID
	if instance == "" {
		instance = "shcr"
		if u, err := url.Parse(publicURL); err == nil && validShcrID(u.Hostname()) {
			instance = u.Hostname()
		}
	}
	a.server, err = rest.New(rest.Config{
		InstanceID:     instance,
		Engine:         a.engine,
		Verifier:       verifier,
		Searcher:       searcher,
		Policy:         pol,
		Governance:     a.store,
		Audit:          a.store,
		AuditLog:       a.store,
		Demo:           opt.demo,
		PublicURL:      publicURL,
		Ready:          a.ready,
		Metrics:        a.telemetry.metricsHandler,
		RequestTimeout: time.Duration(cfg.RequestTimeout),
		DefaultCount:   cfg.Paging.DefaultCount,
		MaxCount:       cfg.Paging.MaxCount,
		CursorKey:      cursorKey,
		CursorTTL:      time.Duration(cfg.Paging.CursorTTL),
		Logger:         log,
		TracerProvider: a.telemetry.tracerProvider,
		Version:        opt.version,
	})
	if err != nil {
		a.close(ctx)
		return nil, err
	}
	return a, nil
}

// openSource builds the adapter a source's configuration names. shcr
// adapter uses it for the source a node serves.
func openSource(ctx context.Context, sc SourceConfig, log *slog.Logger, tel *telemetry) (adapters.Source, error) {
	switch sc.Type {
	case "dir":
		return dirsource.New(ctx, sc.Path, dirsource.Options{})
	case "fhir":
		return fhirrest.New(sc.fhirConfig(), fhirrest.WithLogger(log.With("source", sc.ID)),
			fhirrest.WithMeterProvider(tel.meterProvider), fhirrest.WithSourceID(sc.ID))
	case "grpc":
		cfg := sc.grpcConfig()
		// The node must serve the organisation this source stands for.
		cfg.ODS = sc.Organisation.ODS
		return grpcsource.New(cfg,
			grpcsource.WithTracerProvider(tel.tracerProvider),
			grpcsource.WithMeterProvider(tel.meterProvider),
			grpcsource.WithLogger(log.With("source", sc.ID)),
			grpcsource.WithSourceID(sc.ID))
	case "sql":
		return sqlsource.New(ctx, sc.SQL, sqlsource.WithLogger(log.With("source", sc.ID)))
	}
	return nil, fmt.Errorf("source type %q is not available", sc.Type)
}

func newVerifier(cfg AuthConfig, demo *auth.DemoIssuer) (*auth.Verifier, error) {
	ac := auth.Config{Issuer: cfg.Issuer, Audience: cfg.Audience, Leeway: time.Duration(cfg.Leeway), Algorithms: cfg.Algorithms, Mapping: cfg.Claims}
	var keys auth.KeySet
	switch {
	case demo != nil:
		keys = demo.Keys()
	case cfg.JWKSFile != "":
		k, err := auth.LoadJWKSFile(cfg.JWKSFile)
		if err != nil {
			return nil, err
		}
		keys = k
	default:
		keys = &auth.RemoteKeys{URL: cfg.JWKSURL, Client: &http.Client{Timeout: 10 * time.Second}}
	}
	return auth.NewVerifier(ac, keys)
}

// ready is the readiness check: the governance store answers and every
// source has described itself.
func (a *app) ready(ctx context.Context) error {
	if err := a.store.Ping(ctx); err != nil {
		// /readyz is public: the driver's error, which names the database
		// host and user, goes to the log only.
		a.log.Warn("readiness: the governance store is unavailable", "error", err)
		return errors.New("the governance store is unavailable")
	}
	if !a.engine.Ready() {
		return errors.New("some sources have not described themselves yet")
	}
	return nil
}

// pruneEvery applies the audit retention period until ctx is done.
func (a *app) pruneEvery(ctx context.Context) {
	if a.cfg.Audit.Retention == 0 {
		return
	}
	t := time.NewTicker(time.Duration(a.cfg.Audit.PruneInterval))
	defer t.Stop()
	for {
		res, err := a.store.Prune(ctx, time.Now().Add(-time.Duration(a.cfg.Audit.Retention)))
		switch {
		case err != nil && ctx.Err() == nil:
			a.log.Warn("pruning the audit trail", "error", err)
		case err == nil && res.Deleted > 0:
			a.log.Info("pruned the audit trail", "events", res.Deleted)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (a *app) close(ctx context.Context) {
	for i := len(a.closers) - 1; i >= 0; i-- {
		if err := a.closers[i](ctx); err != nil {
			a.log.Warn("shutting down", "error", err)
		}
	}
}

// serve runs the HTTP server on ln until ctx is done, then shuts down
// gracefully: new connections stop, requests in flight get up to grace to
// finish.
func (a *app) serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	srv := &http.Server{
		Handler:           a.server.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	refreshCtx, stopRefresh := context.WithCancel(context.Background())
	refreshDone := make(chan struct{}, 2)
	go func() {
		defer func() { refreshDone <- struct{}{} }()
		a.engine.RefreshEvery(refreshCtx, time.Duration(a.cfg.RefreshInterval))
	}()
	go func() {
		defer func() { refreshDone <- struct{}{} }()
		a.pruneEvery(refreshCtx)
	}()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	var err error
	select {
	case err = <-errc:
	case <-ctx.Done():
		a.log.Info("shutting down")
		sctx, cancel := context.WithTimeout(context.Background(), grace)
		err = srv.Shutdown(sctx)
		cancel()
		if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
			err = serr
		}
	}
	stopRefresh()
	<-refreshDone
	<-refreshDone
	cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	a.close(cctx)
	cancel()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}
