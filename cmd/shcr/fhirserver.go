package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/shcr/shcr/adapters/adaptertest/fhirserver"
	"github.com/shcr/shcr/adapters/dirsource"
)

// runFHIRServer is the hidden `shcr fhirserver` subcommand: a stand-in for
// an organisation's own FHIR R4 server (an acute trust's EPR, say), serving
// a folder of FHIR JSON through package fhirserver. It exists so that
// multi-host tests can run "the hospital's FHIR server" from the same image
// as everything else, in its own container, behind an adapter node or a
// facade source of type fhir. It is deliberately left out of the usage
// text: it is test machinery, not a way to publish records.
func runFHIRServer(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fhirserver", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("data", "", "folder of FHIR R4 JSON files to serve")
	addr := fs.String("addr", "127.0.0.1:8090", "HOST:PORT to listen on")
	org := fs.String("org", "", "ODS code of the organisation the server stands in for (logs only)")
	prefix := fs.String("prefix", "", `path of the FHIR base, e.g. "/fhir" ("" serves at the root)`)
	everything := fs.Bool("everything", true, "declare and serve Patient/{id}/$everything")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *dir == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: shcr fhirserver --data DIR [--addr HOST:PORT] [--org ODS] [--prefix /fhir] [--everything=false]")
		return 2
	}
	if *org != "" && !odsPattern.MatchString(*org) {
		fmt.Fprintf(stderr, "shcr: --org %q is not an ODS code\n", *org)
		return 2
	}
	if *prefix != "" && (!strings.HasPrefix(*prefix, "/") || *prefix == "/healthz") {
		fmt.Fprintf(stderr, "shcr: --prefix %q must start with / and must not be /healthz\n", *prefix)
		return 2
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil)).With("command", "fhirserver")
	if *org != "" {
		log = log.With("organisation", *org)
	}
	if err := serveFHIRServer(ctx, *dir, *addr, *prefix, *everything, log, stdout); err != nil {
		fmt.Fprintf(stderr, "shcr: %v\n", err)
		return 1
	}
	return 0
}

// serveFHIRServer loads dir, then serves it until ctx ends and shuts down
// gracefully. The folder is loaded before the listener opens, so /healthz
// answering means the records are being served.
func serveFHIRServer(ctx context.Context, dir, addr, prefix string, everything bool, log *slog.Logger, stdout io.Writer) error {
	src, err := dirsource.New(ctx, dir, dirsource.Options{})
	if err != nil {
		return fmt.Errorf("loading %s: %w", dir, err)
	}
	fhirSrv := fhirserver.New(src, fhirserver.Options{Prefix: prefix, Everything: everything})
	mux := http.NewServeMux()
	// /healthz is for container readiness probes; everything else is the
	// FHIR API, whose type names never collide with it.
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "ok\n")
	})
	mux.Handle("/", fhirSrv)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("test FHIR server started")
	fmt.Fprintf(stdout, "shcr fhirserver serving FHIR R4 at http://%s%s\n", ln.Addr(), prefix)

	select {
	case err = <-errc:
	case <-ctx.Done():
		log.Info("shutting down")
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = srv.Shutdown(sctx)
		cancel()
		if serr := <-errc; err == nil && !errors.Is(serr, http.ErrServerClosed) {
			err = serr
		}
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}
