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

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

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
	faults := fs.Bool("fault-control", false, "serve /_fault, with which a test makes the server misbehave (never in production)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *dir == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: shcr fhirserver --data DIR [--addr HOST:PORT] [--org ODS] [--prefix /fhir] [--everything=false] [--fault-control]")
		return 2
	}
	if *org != "" && !odsPattern.MatchString(*org) {
		fmt.Fprintf(stderr, "shcr: --org %q is not an ODS code\n", *org)
		return 2
	}
	if *prefix != "" && (!strings.HasPrefix(*prefix, "/") || *prefix == "/healthz" || *prefix == "/_fault") {
		fmt.Fprintf(stderr, "shcr: --prefix %q must start with / and must not be /healthz or /_fault\n", *prefix)
		return 2
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil)).With("command", "fhirserver")
	if *org != "" {
		log = log.With("organisation", *org)
	}
	if *faults {
		log.Warn("fault control is on: anyone who can reach /_fault can make this server misbehave")
	}
	if err := serveFHIRServer(ctx, *dir, *addr, *prefix, *everything, *faults, log, stdout); err != nil {
		fmt.Fprintf(stderr, "shcr: %v\n", err)
		return 1
	}
	return 0
}

// serveFHIRServer loads dir, then serves it until ctx ends and shuts down
// gracefully. The folder is loaded before the listener opens, so /healthz
// answering means the records are being served.
func serveFHIRServer(ctx context.Context, dir, addr, prefix string, everything, faults bool, log *slog.Logger, stdout io.Writer) error {
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
	if faults {
		mux.Handle("/_fault", faultControl(fhirSrv))
	}
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

// faultSpec is the JSON a test PUTs to /_fault: a fhirserver.Fault in
// wire form. Every field is optional; PUT replaces the fault in force.
type faultSpec struct {
	// PathContains limits the fault to requests whose path contains it
	// (e.g. "$everything", so /metadata keeps working).
	PathContains string `json:"path_contains,omitempty"`
	Times        int    `json:"times,omitempty"`
	Latency      string `json:"latency,omitempty"` // a Go duration, e.g. "2s"
	Hang         bool   `json:"hang,omitempty"`
	Status       int    `json:"status,omitempty"`
	RetryAfter   string `json:"retry_after,omitempty"`
	Garbage      bool   `json:"garbage,omitempty"`
	Truncate     bool   `json:"truncate,omitempty"`
	Pad          int64  `json:"pad,omitempty"`
	ContentType  string `json:"content_type,omitempty"`
	// Inject is a resource added to every searchset Bundle, e.g. another
	// patient's.
	Inject jsontext.Value `json:"inject,omitempty"`
}

// faultStats is what GET /_fault answers.
type faultStats struct {
	Requests      int `json:"requests"`
	Cancellations int `json:"cancellations"`
}

// faultControl serves /_fault: PUT sets a fault (faultSpec), DELETE clears
// it, GET counts the requests served and those the client gave up on. It is
// only mounted with --fault-control, for multi-host tests that cannot
// reach into the process.
func faultControl(srv *fhirserver.Server) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			w.Header().Set("Content-Type", "application/json")
			_ = json.MarshalWrite(w, faultStats{Requests: srv.Requests(), Cancellations: srv.Cancellations()})
		case http.MethodDelete:
			srv.SetFault(fhirserver.Fault{})
			w.WriteHeader(http.StatusNoContent)
		case http.MethodPut:
			var spec faultSpec
			if err := json.UnmarshalRead(io.LimitReader(r.Body, 1<<20), &spec, json.RejectUnknownMembers(true)); err != nil {
				http.Error(w, "bad fault: "+err.Error(), http.StatusBadRequest)
				return
			}
			f, err := spec.fault()
			if err != nil {
				http.Error(w, "bad fault: "+err.Error(), http.StatusBadRequest)
				return
			}
			srv.SetFault(f)
			w.WriteHeader(http.StatusNoContent)
		default:
			w.Header().Set("Allow", "GET, PUT, DELETE")
			http.Error(w, "GET, PUT or DELETE", http.StatusMethodNotAllowed)
		}
	})
}

func (s faultSpec) fault() (fhirserver.Fault, error) {
	f := fhirserver.Fault{
		Times: s.Times, Hang: s.Hang, Status: s.Status, RetryAfter: s.RetryAfter,
		Garbage: s.Garbage, Truncate: s.Truncate, Pad: s.Pad, ContentType: s.ContentType,
	}
	if s.Latency != "" {
		d, err := time.ParseDuration(s.Latency)
		if err != nil || d < 0 {
			return f, fmt.Errorf("latency %q is not a duration", s.Latency)
		}
		f.Latency = d
	}
	if s.Status != 0 && (s.Status < 100 || s.Status > 599) {
		return f, fmt.Errorf("status %d is not an HTTP status", s.Status)
	}
	if len(s.Inject) > 0 {
		f.Inject = []byte(s.Inject)
	}
	if s.PathContains != "" {
		sub := s.PathContains
		f.Match = func(r *http.Request) bool { return strings.Contains(r.URL.Path, sub) }
	}
	return f, nil
}
