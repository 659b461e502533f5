// Command shcr is the shared care record facade. Subcommands:
//
//	shcr demo  [--addr 127.0.0.1:8080] [--store DSN] [--data testdata/demo]
//	shcr serve --config FILE
//	shcr adapter --config FILE
//	shcr bench [--sources 3 --resources 100 --source-latency 20ms±5ms ...]
//	shcr version
//
// This package only parses flags, loads configuration and wires the parts
// together; the behaviour lives in fhir, federation, adapters and policy.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	// The image has no CA bundle: these roots are used when the system has
	// none, so https sources and identity providers verify from scratch.
	_ "golang.org/x/crypto/x509roots/fallback"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `usage:
  shcr demo  [--addr 127.0.0.1:8080] [--store DSN] [--data testdata/demo]
             the facade over three demo organisations, with a demo token endpoint
  shcr serve --config FILE
             production mode from a YAML configuration
  shcr adapter --config FILE
             serve one organisation's source to the facade over gRPC (mutual TLS)
  shcr audit verify --store DSN
             check the audit trail's hash chain (exit 1 at the first broken link)
  shcr audit prune --store DSN --older-than 8y
  shcr bench [--sources 3] [--resources 100] [--source-latency 20ms±5ms]
             [--concurrency 8 | --rate R] [--duration 10s] [--gzip on|off]
             [--audit sqlite|postgres] [--policy on|off] [--json]
             [--sweep sources=1,2,4,8,16] [--target URL --token T --patients NHS,...]
             measure what the facade adds over its sources (see shcr bench --help)
  shcr version
`

// run is main without the process: testable, and it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "demo":
		return runDemo(ctx, args[1:], stdout, stderr)
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "audit":
		return runAudit(ctx, args[1:], stdout, stderr)
	case "adapter":
		return runAdapter(ctx, args[1:], stdout, stderr)
	case "fhirserver":
		// Hidden: a stand-in for an organisation's FHIR server in
		// multi-host tests (see fhirserver.go), so not in the usage.
		return runFHIRServer(ctx, args[1:], stdout, stderr)
	case "bench":
		return runBench(ctx, args[1:], stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "shcr", version)
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "shcr: unknown command %q\n%s", args[0], usage)
	return 2
}
