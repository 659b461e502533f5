package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"time"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", "", "path to the YAML configuration")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *configPath == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: shcr serve --config FILE")
		return 2
	}
	cfg, err := LoadConfig(*configPath)
	if err != nil {
		fmt.Fprintf(stderr, "shcr: %v\n", err)
		return 1
	}
	log := newLogger(cfg.Log, os.Stderr)
	if cfg.Auth.Demo {
		log.Warn("DEMO AUTHENTICATION IS ON: anyone can mint tokens at /demo/token. Never use auth.demo in production.")
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		fmt.Fprintf(stderr, "shcr: listening on %s: %v\n", cfg.Listen, err)
		return 1
	}
	var opt buildOptions
	opt.version = version
	if cfg.Auth.Demo {
		publicURL := cfg.PublicURL
		if publicURL == "" {
			publicURL = "http://" + ln.Addr().String() + "/fhir"
		}
		if opt.demo, err = newDemoIssuer(publicURL); err != nil {
			fmt.Fprintf(stderr, "shcr: %v\n", err)
			return 1
		}
		cfg.Auth.Issuer, cfg.Auth.Audience = opt.demo.Issuer(), publicURL
	}
	a, err := build(ctx, cfg, log, opt)
	if err != nil {
		ln.Close()
		fmt.Fprintf(stderr, "shcr: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "shcr serving FHIR R4 at http://%s/fhir\n", ln.Addr())
	if err := a.serve(ctx, ln, 20*time.Second); err != nil {
		fmt.Fprintf(stderr, "shcr: %v\n", err)
		return 1
	}
	return 0
}
