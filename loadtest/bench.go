package loadtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/shcr/shcr/fhir"
)

// Config is one bench run. Zero fields take the defaults in WithDefaults.
type Config struct {
	// Sources is how many synthetic sources the facade federates.
	Sources int
	// Resources is how many clinical resources each source holds for every
	// patient.
	Resources int
	// SourceLatency is each source call's response time.
	SourceLatency Latency
	// Gzip makes the sources answer gzip-compressed bodies.
	Gzip bool
	// Audit is the governance store holding the audit trail: "sqlite" (a
	// new file in a temporary directory) or "postgres" (AuditDSN).
	Audit    string
	AuditDSN string
	// Policy false runs the facade with no access policy at all (the
	// bench-only unrestricted decision), to show what the policy costs.
	Policy bool
	// Compartment is how the facade's fhir sources read a compartment:
	// auto, everything or searches (fhirrest.Config.Compartment).
	Compartment string
	// SourceTimeout bounds each source call at the facade.
	SourceTimeout time.Duration

	// Concurrency is the closed-loop load: this many clients, each sending
	// its next request when the last is answered. With Rate set it only
	// sizes the connection pool.
	Concurrency int
	// Rate, when above zero, is an open-loop load instead: requests start
	// at this many per second whatever the answers' latency, and each
	// request's latency counts from when it was due.
	Rate float64
	// Warmup runs the load unmeasured first; Duration is then measured.
	Warmup, Duration time.Duration
	// Count is the _count the load asks for. Zero asks for a whole view in
	// one page: the facade is started with a page size large enough (on a
	// target, no _count is sent and the target's default applies).
	Count int
	// CeilingDuration is how long the ceiling is measured; a negative
	// duration skips it.
	CeilingDuration time.Duration

	// Target, when set, is the FHIR base of an existing facade to drive
	// (with Token, asking for Patients in turn) instead of starting one.
	// Only the client's view is then measured: no source latency,
	// overhead, ceiling or process costs.
	Target   string
	Token    string
	Patients []string

	// CPUProfile, when set, receives a CPU profile of the measured phase.
	CPUProfile io.Writer
	// MemProfile, when set, receives an allocation profile taken at the
	// end of the measured phase. Go's allocation profile counts from the
	// start of the process, so it includes the warm-up and the ceiling;
	// compare two profiles with pprof -base to see one phase alone.
	MemProfile io.Writer
	// Log receives progress messages; nil discards them.
	Log io.Writer
}

// WithDefaults returns c with every zero setting replaced by its default.
func (c Config) WithDefaults() Config {
	if c.Sources == 0 {
		c.Sources = 3
	}
	if c.Resources == 0 {
		c.Resources = 100
	}
	if c.Audit == "" {
		c.Audit = "sqlite"
	}
	if c.Compartment == "" {
		c.Compartment = "auto"
	}
	if c.SourceTimeout == 0 {
		c.SourceTimeout = 10 * time.Second
	}
	if c.Concurrency == 0 {
		c.Concurrency = 8
	}
	if c.Duration == 0 {
		c.Duration = 10 * time.Second
	}
	if c.CeilingDuration == 0 {
		c.CeilingDuration = time.Second
	}
	if c.Log == nil {
		c.Log = io.Discard
	}
	return c
}

// Validate reports the first setting that cannot run.
func (c Config) Validate() error {
	switch {
	case c.Sources < 1 || c.Sources > 64:
		return fmt.Errorf("sources must be 1 to 64, not %d", c.Sources)
	case c.Resources < 0 || c.Resources > 100_000:
		return fmt.Errorf("resources must be 0 to 100000, not %d", c.Resources)
	case c.Concurrency < 1 || c.Concurrency > 4096:
		return fmt.Errorf("concurrency must be 1 to 4096, not %d", c.Concurrency)
	case c.Count < 0:
		return fmt.Errorf("count must not be negative, not %d", c.Count)
	case c.Rate < 0 || c.Rate > 100_000:
		return fmt.Errorf("rate must be 0 (closed loop) to 100000 per second, not %g", c.Rate)
	case c.Duration <= 0 || c.Warmup < 0:
		return errors.New("duration must be positive, and warmup not negative")
	case c.Audit != "sqlite" && c.Audit != "postgres":
		return fmt.Errorf("audit must be sqlite or postgres, not %q", c.Audit)
	case c.Audit == "postgres" && c.Target == "" && c.AuditDSN == "":
		return errors.New("audit postgres needs a DSN (postgres://user:pass@host:port/db)")
	case c.Compartment != "auto" && c.Compartment != "everything" && c.Compartment != "searches":
		return fmt.Errorf("compartment must be auto, everything or searches, not %q", c.Compartment)
	}
	if c.Target != "" {
		u, err := url.Parse(c.Target)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("target %q must be a facade's FHIR base URL, e.g. http://127.0.0.1:8080/fhir", c.Target)
		}
		if c.Token == "" {
			return errors.New("a target needs a token")
		}
		if len(c.Patients) == 0 {
			return errors.New("a target needs the NHS numbers of patients to ask for")
		}
		for _, p := range c.Patients {
			if _, err := fhir.ParseNHSNumber(p); err != nil {
				return fmt.Errorf("patient %q: %w", p, err)
			}
		}
	}
	return nil
}

// FacadeSpec is what the facade under test federates and how.
type FacadeSpec struct {
	Sources []FacadeSource
	// StoreDSN is the governance store, which holds the audit trail.
	StoreDSN string
	// Policy false asks for the bench-only unrestricted decision.
	Policy bool
	// MaxCount is the largest page the facade must allow (paging.max_count).
	MaxCount      int
	Compartment   string
	SourceTimeout time.Duration
}

// FacadeSource is one synthetic source as the facade configures it.
type FacadeSource struct {
	ID, ODS, Name, Kind string
	// URL is the source's FHIR base.
	URL string
}

// Facade is a running facade under test.
type Facade struct {
	// BaseURL is its FHIR base.
	BaseURL string
	// Token is a bearer token for a clinician of the first source's
	// organisation.
	Token string
	// Close stops it.
	Close func() error
}

// StartFacade starts a facade as `shcr serve` would, over the spec's
// sources, listening on loopback. cmd/shcr provides it.
type StartFacade func(ctx context.Context, spec FacadeSpec) (*Facade, error)

// orgKinds are given to the sources in turn.
var orgKinds = []string{"gp", "acute", "social-care", "community", "mental-health"}

// Run runs one bench: it starts the sources and the facade (unless
// cfg.Target names one), measures the ceiling, warms up, measures, and
// stops everything it started.
func Run(ctx context.Context, cfg Config, start StartFacade) (*Result, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Target != "" {
		d := newDriver(cfg, cfg.Target, cfg.Token, nil, cfg.Patients)
		defer d.close()
		return measure(ctx, cfg, d, nil)
	}
	if start == nil {
		return nil, errors.New("no facade to start")
	}

	patients := patientPool(poolSize(cfg))
	var sources []*Source
	defer func() {
		for _, s := range sources {
			_ = s.Close()
		}
	}()
	if cfg.Count == 0 {
		// The whole view in one page: every source's resources, its
		// Patient and the two resources they refer to.
		cfg.Count = max(1000, cfg.Sources*(cfg.Resources+3))
	}
	spec := FacadeSpec{Policy: cfg.Policy, Compartment: cfg.Compartment, SourceTimeout: cfg.SourceTimeout, MaxCount: cfg.Count}
	for i := range cfg.Sources {
		id := fmt.Sprintf("src-%d", i+1)
		name := fmt.Sprintf("Synthetic Organisation %d", i+1)
		s, err := StartSource(SourceOptions{ID: id, Name: name, Resources: cfg.Resources, Latency: cfg.SourceLatency, Gzip: cfg.Gzip, Patients: patients})
		if err != nil {
			return nil, err
		}
		sources = append(sources, s)
		spec.Sources = append(spec.Sources, FacadeSource{ID: id, ODS: fmt.Sprintf("B%04d", i+1), Name: name, Kind: orgKinds[i%len(orgKinds)], URL: s.URL()})
	}

	switch cfg.Audit {
	case "sqlite":
		dir, err := os.MkdirTemp("", "shcr-bench-")
		if err != nil {
			return nil, fmt.Errorf("making the store's directory: %w", err)
		}
		defer os.RemoveAll(dir)
		spec.StoreDSN = "sqlite://" + filepath.Join(dir, "governance.db")
	case "postgres":
		spec.StoreDSN = cfg.AuditDSN
	}
	facade, err := start(ctx, spec)
	if err != nil {
		return nil, fmt.Errorf("starting the facade: %w", err)
	}
	defer func() { _ = facade.Close() }()

	var answers [][][]byte
	for _, s := range sources {
		answers = append(answers, s.answers(patients[0]))
	}
	var ceiling *ceilingResult
	if cfg.CeilingDuration > 0 {
		fmt.Fprintf(cfg.Log, "measuring the ceiling for %s\n", cfg.CeilingDuration)
		c, err := measureCeiling(answers, cfg.CeilingDuration)
		if err != nil {
			return nil, err
		}
		ceiling = &c
	}
	d := newDriver(cfg, facade.BaseURL, facade.Token, sources, patients)
	defer d.close()
	return measure(ctx, cfg, d, ceiling)
}

// poolSize is how many patients the load cycles through: enough that no two
// requests in flight ask about the same patient, which is how the sources'
// calls are matched to the facade's requests.
func poolSize(cfg Config) int {
	if cfg.Rate > 0 {
		return min(max(64, int(cfg.Rate)), 1024)
	}
	return max(16, 2*cfg.Concurrency)
}

// patientPool makes n synthetic NHS numbers in the 999 range reserved for
// testing, each with a valid check digit.
func patientPool(n int) []string {
	out := make([]string, 0, n)
	for p := 999_100_000; len(out) < n; p++ {
		prefix := fmt.Sprint(p)
		if d, ok := fhir.NHSNumberCheckDigit(prefix); ok {
			out = append(out, prefix+fmt.Sprint(d))
		}
	}
	return out
}

// measure warms up, then runs the measured load and builds the result.
func measure(ctx context.Context, cfg Config, d *driver, ceiling *ceilingResult) (*Result, error) {
	if cfg.Warmup > 0 {
		fmt.Fprintf(cfg.Log, "warming up for %s\n", cfg.Warmup)
		d.run(ctx, cfg.Warmup)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	fmt.Fprintf(cfg.Log, "measuring for %s\n", cfg.Duration)
	runtime.GC()
	rss0 := currentRSS()
	resetPeakRSS()
	if cfg.CPUProfile != nil {
		if err := pprof.StartCPUProfile(cfg.CPUProfile); err != nil {
			return nil, fmt.Errorf("starting the CPU profile: %w", err)
		}
	}
	cpu0, alloc0 := processCPU(), allocatedBytes()
	started := time.Now()
	samples := d.run(ctx, cfg.Duration)
	wall := time.Since(started)
	pc := processCosts{cpu: processCPU() - cpu0, alloc: allocatedBytes() - alloc0, peakRSS: peakRSS(), rss0: rss0}
	if cfg.CPUProfile != nil {
		pprof.StopCPUProfile()
	}
	runtime.GC()
	pc.rss1 = currentRSS()
	if cfg.MemProfile != nil {
		if err := pprof.Lookup("allocs").WriteTo(cfg.MemProfile, 0); err != nil {
			return nil, fmt.Errorf("writing the allocation profile: %w", err)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return newResult(cfg, samples, wall, pc, ceiling, d.inProcess()), nil
}

// describe is a one-line description of the configuration, for logs.
func (c Config) describe() string {
	load := fmt.Sprintf("concurrency %d", c.Concurrency)
	if c.Rate > 0 {
		load = fmt.Sprintf("%g/s open loop", c.Rate)
	}
	if c.Target != "" {
		return fmt.Sprintf("target %s, %s", c.Target, load)
	}
	return strings.Join([]string{
		fmt.Sprintf("%d sources × %d resources, latency %s", c.Sources, c.Resources, c.SourceLatency),
		load, "audit " + c.Audit, onOff("policy", c.Policy), onOff("gzip", c.Gzip),
	}, ", ")
}

func onOff(name string, on bool) string {
	if on {
		return name + " on"
	}
	return name + " off"
}
