package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"time"

	"github.com/shcr/shcr/loadtest"
	"github.com/shcr/shcr/policy"
	"github.com/shcr/shcr/policy/auth"
)

// onOff is a flag written on or off (true and false are accepted too).
type onOff bool

func (o *onOff) String() string {
	if o != nil && *o {
		return "on"
	}
	return "off"
}

func (o *onOff) Set(s string) error {
	switch strings.ToLower(s) {
	case "on", "true", "1", "yes":
		*o = true
	case "off", "false", "0", "no":
		*o = false
	default:
		return fmt.Errorf("%q must be on or off", s)
	}
	return nil
}

// benchFlags are shcr bench's command line, parsed.
type benchFlags struct {
	cfg        loadtest.Config
	json       bool
	sweep      *loadtest.Sweep
	out        string
	cpuprofile string
	memprofile string
}

// parseBenchFlags reads shcr bench's flags. env looks up environment
// variables (the PostgreSQL DSN may come from SHCR_BENCH_POSTGRES).
func parseBenchFlags(args []string, stderr io.Writer, env func(string) string) (*benchFlags, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		b                  benchFlags
		latency, patients  string
		sweep              string
		gzipOn             onOff
		policyOn           = onOff(true)
		duration, warmup   time.Duration
		ceiling, srcTimout time.Duration
	)
	c := &b.cfg
	fs.IntVar(&c.Sources, "sources", 3, "how many synthetic sources the facade federates")
	fs.IntVar(&c.Resources, "resources", 100, "clinical resources each source holds for every patient")
	fs.StringVar(&latency, "source-latency", "20ms±5ms", "each source call's latency: a duration, or mean±jitter (uniform; +- also works)")
	fs.Var(&gzipOn, "gzip", "on: the sources answer gzip-compressed bodies")
	fs.StringVar(&c.Audit, "audit", "sqlite", "the audit trail's store: sqlite (a temporary file) or postgres")
	fs.StringVar(&c.AuditDSN, "audit-dsn", "", "the PostgreSQL DSN for --audit postgres (default $SHCR_BENCH_POSTGRES)")
	fs.Var(&policyOn, "policy", "off: permit everything with no obligations (a bench-only switch, to show the policy's cost)")
	fs.StringVar(&c.Compartment, "compartment", "auto", "how the fhir sources read a compartment: auto, everything or searches")
	fs.DurationVar(&srcTimout, "source-timeout", 10*time.Second, "the facade's timeout for each source")
	fs.IntVar(&c.Concurrency, "concurrency", 8, "closed loop: clients each sending their next request when the last is answered")
	fs.Float64Var(&c.Rate, "rate", 0, "open loop: requests started per second, whatever the latency (0: closed loop)")
	fs.DurationVar(&duration, "duration", 10*time.Second, "how long the load is measured")
	fs.DurationVar(&warmup, "warmup", 2*time.Second, "how long the load runs unmeasured first")
	fs.DurationVar(&ceiling, "ceiling", time.Second, "how long the ceiling (parse, peek and write only) is measured; 0 skips it")
	fs.StringVar(&c.Target, "target", "", "drive an existing facade at this FHIR base URL instead of starting one")
	fs.StringVar(&c.Token, "token", "", "with --target: the bearer token to send")
	fs.StringVar(&patients, "patients", "", "with --target: comma-separated NHS numbers to ask for in turn")
	fs.IntVar(&c.Count, "count", 0, "the _count asked for (default: the whole view in one page; on a target, the target's default)")
	fs.BoolVar(&b.json, "json", false, "print one JSON object instead of a table")
	fs.StringVar(&sweep, "sweep", "", "run once per value: sources=1,2,4 | resources=10,100,1000 | concurrency=1,2,4")
	fs.StringVar(&b.out, "out", "", "with --sweep: the CSV and PNG file names without extension (default bench-<name>)")
	fs.StringVar(&b.cpuprofile, "cpuprofile", "", "write a CPU profile of the measured phase to this file")
	fs.StringVar(&b.memprofile, "memprofile", "", "write an allocation profile (since the process started) to this file at the end")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	l, err := loadtest.ParseLatency(latency)
	if err != nil {
		return nil, fmt.Errorf("--source-latency: %w", err)
	}
	c.SourceLatency, c.Gzip, c.Policy = l, bool(gzipOn), bool(policyOn)
	c.Duration, c.Warmup, c.CeilingDuration, c.SourceTimeout = duration, warmup, ceiling, srcTimout
	if ceiling == 0 {
		c.CeilingDuration = -1 // explicit: no ceiling
	}
	if c.Audit == "postgres" && c.AuditDSN == "" {
		c.AuditDSN = env("SHCR_BENCH_POSTGRES")
	}
	for p := range strings.SplitSeq(patients, ",") {
		if p = strings.TrimSpace(p); p != "" {
			c.Patients = append(c.Patients, p)
		}
	}
	if sweep != "" {
		sw, err := loadtest.ParseSweep(sweep)
		if err != nil {
			return nil, err
		}
		b.sweep = &sw
		if b.out == "" {
			b.out = "bench-" + sw.Var
		}
	}
	if err := c.WithDefaults().Validate(); err != nil {
		return nil, err
	}
	return &b, nil
}

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	b, err := parseBenchFlags(args, stderr, os.Getenv)
	if err != nil {
		if err != flag.ErrHelp {
			fmt.Fprintf(stderr, "shcr bench: %v\n", err)
		}
		return 2
	}
	cfg := b.cfg
	cfg.Log = stderr
	if b.cpuprofile != "" {
		f, err := os.Create(b.cpuprofile)
		if err != nil {
			fmt.Fprintf(stderr, "shcr bench: %v\n", err)
			return 1
		}
		defer f.Close()
		cfg.CPUProfile = f
	}
	if b.memprofile != "" {
		f, err := os.Create(b.memprofile)
		if err != nil {
			fmt.Fprintf(stderr, "shcr bench: %v\n", err)
			return 1
		}
		defer f.Close()
		cfg.MemProfile = f
	}
	if b.sweep != nil {
		return runSweep(ctx, cfg, *b, stdout, stderr)
	}
	r, err := loadtest.Run(ctx, cfg, startBenchFacade)
	if err != nil {
		fmt.Fprintf(stderr, "shcr bench: %v\n", err)
		return 1
	}
	if b.json {
		enc := json.NewEncoder(stdout)
		if err := enc.Encode(r); err != nil {
			fmt.Fprintf(stderr, "shcr bench: %v\n", err)
			return 1
		}
	} else if err := r.WriteTable(stdout); err != nil {
		fmt.Fprintf(stderr, "shcr bench: %v\n", err)
		return 1
	}
	if r.Errors > 0 {
		return 1
	}
	return 0
}

func runSweep(ctx context.Context, cfg loadtest.Config, b benchFlags, stdout, stderr io.Writer) int {
	if b.cpuprofile != "" || b.memprofile != "" {
		fmt.Fprintln(stderr, "shcr bench: --cpuprofile and --memprofile profile one run; they cannot be combined with --sweep")
		return 2
	}
	results, err := loadtest.RunSweep(ctx, cfg, *b.sweep, startBenchFacade)
	if err != nil {
		fmt.Fprintf(stderr, "shcr bench: %v\n", err)
		return 1
	}
	f, err := os.Create(b.out + ".csv")
	if err != nil {
		fmt.Fprintf(stderr, "shcr bench: %v\n", err)
		return 1
	}
	if err := loadtest.WriteCSV(f, *b.sweep, results); err != nil {
		f.Close()
		fmt.Fprintf(stderr, "shcr bench: %v\n", err)
		return 1
	}
	if err := f.Close(); err != nil {
		fmt.Fprintf(stderr, "shcr bench: %v\n", err)
		return 1
	}
	first := cfg.WithDefaults()
	title := fmt.Sprintf("shcr bench: cost against %s (%s)", b.sweep.Var, sweepTitle(first, b.sweep.Var))
	if err := loadtest.WritePlot(b.out+".png", *b.sweep, results, title); err != nil {
		fmt.Fprintf(stderr, "shcr bench: %v\n", err)
		return 1
	}
	if b.json {
		if err := json.NewEncoder(stdout).Encode(map[string]any{"sweep": b.sweep.Var, "values": b.sweep.Values, "results": results}); err != nil {
			fmt.Fprintf(stderr, "shcr bench: %v\n", err)
			return 1
		}
	} else {
		for i, r := range results {
			fmt.Fprintf(stdout, "%s=%d\n", b.sweep.Var, b.sweep.Values[i])
			if err := r.WriteTable(stdout); err != nil {
				fmt.Fprintf(stderr, "shcr bench: %v\n", err)
				return 1
			}
			fmt.Fprintln(stdout)
		}
		fmt.Fprintf(stdout, "wrote %s.csv and %s.png\n", b.out, b.out)
	}
	errs := 0
	for _, r := range results {
		errs += r.Errors
	}
	if errs > 0 {
		return 1
	}
	return 0
}

// sweepTitle describes the settings a sweep holds fixed.
func sweepTitle(c loadtest.Config, swept string) string {
	var parts []string
	if swept != "sources" {
		parts = append(parts, fmt.Sprintf("%d sources", c.Sources))
	}
	if swept != "resources" {
		parts = append(parts, fmt.Sprintf("%d resources", c.Resources))
	}
	if swept != "concurrency" {
		if c.Rate > 0 {
			parts = append(parts, fmt.Sprintf("%g/s", c.Rate))
		} else {
			parts = append(parts, fmt.Sprintf("concurrency %d", c.Concurrency))
		}
	}
	parts = append(parts, "latency "+c.SourceLatency.String(), "audit "+c.Audit)
	if !c.Policy {
		parts = append(parts, "policy off")
	}
	if c.Gzip {
		parts = append(parts, "gzip")
	}
	return strings.Join(parts, ", ")
}

// startBenchFacade starts a facade for shcr bench with the same wiring as
// shcr serve (build and serve), over the synthetic sources as fhir sources,
// on a loopback port, with demo authentication so the bench can mint its
// clinician's token. Its logs are formatted as in production but discarded,
// so their cost is measured without flooding the terminal.
func startBenchFacade(ctx context.Context, spec loadtest.FacadeSpec) (*loadtest.Facade, error) {
	if len(spec.Sources) == 0 {
		return nil, fmt.Errorf("the bench facade needs at least one source")
	}
	cfg := &Config{Listen: "127.0.0.1:0", ShcrID: "shcr-bench", Store: Secret(spec.StoreDSN), Log: LogConfig{Level: "info", Format: "json"}}
	cfg.Auth.Demo = true
	for _, s := range spec.Sources {
		sc := SourceConfig{ID: s.ID, Type: "fhir", Organisation: OrgConfig{ODS: s.ODS, Name: s.Name, Kind: s.Kind}, Timeout: Duration(spec.SourceTimeout)}
		sc.FHIR.URL = s.URL
		sc.FHIR.Compartment = spec.Compartment
		cfg.Sources = append(cfg.Sources, sc)
	}
	if spec.Policy {
		cfg.Policy = benchPolicy(spec.Sources)
	}
	cfg.RequestTimeout = Duration(max(30*time.Second, 2*spec.SourceTimeout))
	cfg.Paging.MaxCount = max(1000, spec.MaxCount)
	cfg.applyDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("listening: %w", err)
	}
	base := "http://" + ln.Addr().String() + "/fhir"
	demo, err := newDemoIssuer(base)
	if err != nil {
		ln.Close()
		return nil, err
	}
	cfg.Auth.Issuer, cfg.Auth.Audience = demo.Issuer(), base
	log := slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))
	a, err := build(ctx, cfg, log, buildOptions{demo: demo, publicURL: base, version: version, unrestricted: !spec.Policy})
	if err != nil {
		ln.Close()
		return nil, err
	}
	// A clinician of the first source's organisation: the policy finds
	// the legitimate relationship by asking that organisation's source
	// whether it knows the patient, as for a GP looking at their own
	// patient's shared record.
	token, _, err := demo.Issue(auth.DemoRequest{User: "bench-clinician", Name: "Bench Clinician", Role: string(policy.RoleClinician), Org: spec.Sources[0].ODS, Scope: "user/*.rs"})
	if err != nil {
		a.close(ctx)
		ln.Close()
		return nil, err
	}
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan error, 1)
	go func() { done <- a.serve(sctx, ln, 5*time.Second) }()
	return &loadtest.Facade{BaseURL: base, Token: token, Close: func() error {
		cancel()
		return <-done
	}}, nil
}

// benchPolicy is the access policy of `--policy on`: the first source is
// the clinician's own organisation; the others share everything with
// clinicians and a care worker's subset with social care users, and two
// sexual health codes are sensitive wherever they are recorded, so every
// resource is checked against agreements and sensitive codes.
func benchPolicy(sources []loadtest.FacadeSource) policy.Config {
	social := []string{"AllergyIntolerance", "MedicationStatement", "MedicationRequest", "Flag", "Appointment"}
	share := []policy.SharingRule{
		{Roles: []policy.Role{policy.RoleClinician}, Types: []string{"*"}},
		{Roles: []policy.Role{policy.RoleSocialCare}, Types: social},
	}
	var c policy.Config
	for _, s := range sources[1:] {
		c.Sharing = append(c.Sharing, policy.SharingAgreement{Source: s.ID, Share: share})
	}
	c.Sensitive.Codes = []policy.CodeRef{
		{System: "http://loinc.org", Code: "21613-5"},
		{System: "http://loinc.org", Code: "56888-1"},
	}
	return c
}

// unrestrictedPolicy is `shcr bench --policy off`: every action is
// permitted with no obligations, so comparing a run against one with the
// policy on shows what the policy costs. Nothing else uses it.
type unrestrictedPolicy struct{ d *policy.Decider }

func (u unrestrictedPolicy) Decide(_ context.Context, p policy.Principal, _ policy.Action) (policy.Decision, error) {
	return u.d.Unrestricted(p), nil
}
