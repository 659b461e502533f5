package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/shcr/shcr/internal/pgtest"
	"github.com/shcr/shcr/loadtest"
)

func TestBenchFlags(t *testing.T) {
	env := func(vars map[string]string) func(string) string {
		return func(k string) string { return vars[k] }
	}
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		check   func(t *testing.T, b *benchFlags)
		wantErr string
	}{
		{name: "defaults", args: nil, check: func(t *testing.T, b *benchFlags) {
			c := b.cfg
			want := loadtest.Latency{Mean: 20 * time.Millisecond, Jitter: 5 * time.Millisecond}
			if c.Sources != 3 || c.Resources != 100 || c.SourceLatency != want || c.Concurrency != 8 || c.Rate != 0 ||
				c.Duration != 10*time.Second || c.Warmup != 2*time.Second || c.Gzip || !c.Policy || c.Audit != "sqlite" ||
				c.Compartment != "auto" || c.CeilingDuration != time.Second || b.json || b.sweep != nil {
				t.Errorf("defaults = %+v", c)
			}
		}},
		{name: "every setting", args: []string{"--sources", "5", "--resources", "300", "--source-latency", "40ms+-10ms",
			"--concurrency", "16", "--rate", "150", "--duration", "30s", "--warmup", "5s", "--gzip", "on", "--policy", "off",
			"--compartment", "everything", "--count", "500", "--ceiling", "0", "--json"}, check: func(t *testing.T, b *benchFlags) {
			c := b.cfg
			if c.Sources != 5 || c.Resources != 300 || c.SourceLatency.Mean != 40*time.Millisecond || c.SourceLatency.Jitter != 10*time.Millisecond ||
				c.Concurrency != 16 || c.Rate != 150 || c.Duration != 30*time.Second || c.Warmup != 5*time.Second || !c.Gzip || c.Policy ||
				c.Compartment != "everything" || c.Count != 500 || c.CeilingDuration >= 0 || !b.json {
				t.Errorf("parsed %+v", c)
			}
		}},
		{name: "gzip on", args: []string{"--gzip", "on"}, check: func(t *testing.T, b *benchFlags) {
			if !b.cfg.Gzip {
				t.Error("--gzip on did not turn gzip on")
			}
		}},
		{name: "gzip needs a value", args: []string{"--gzip"}, wantErr: "needs an argument"},
		{name: "postgres DSN from the environment", args: []string{"--audit", "postgres"}, env: map[string]string{"SHCR_BENCH_POSTGRES": "postgres://u:p@localhost/db"},
			check: func(t *testing.T, b *benchFlags) {
				if b.cfg.AuditDSN != "postgres://u:p@localhost/db" {
					t.Errorf("DSN %q", b.cfg.AuditDSN)
				}
			}},
		{name: "postgres DSN flag wins", args: []string{"--audit", "postgres", "--audit-dsn", "postgres://flag/db"}, env: map[string]string{"SHCR_BENCH_POSTGRES": "postgres://env/db"},
			check: func(t *testing.T, b *benchFlags) {
				if b.cfg.AuditDSN != "postgres://flag/db" {
					t.Errorf("DSN %q", b.cfg.AuditDSN)
				}
			}},
		{name: "sweep with its default file names", args: []string{"--sweep", "resources=10,100"}, check: func(t *testing.T, b *benchFlags) {
			if b.sweep == nil || b.sweep.Var != "resources" || len(b.sweep.Values) != 2 || b.out != "bench-resources" {
				t.Errorf("sweep %+v, out %q", b.sweep, b.out)
			}
		}},
		{name: "target", args: []string{"--target", "http://127.0.0.1:8080/fhir", "--token", "t", "--patients", "9990000018, 9990000026"}, check: func(t *testing.T, b *benchFlags) {
			if b.cfg.Target != "http://127.0.0.1:8080/fhir" || len(b.cfg.Patients) != 2 || b.cfg.Patients[1] != "9990000026" {
				t.Errorf("target %+v", b.cfg)
			}
		}},
		{name: "bad latency", args: []string{"--source-latency", "soon"}, wantErr: "--source-latency"},
		{name: "bad on-off", args: []string{"--policy", "maybe"}, wantErr: "must be on or off"},
		{name: "postgres without a DSN", args: []string{"--audit", "postgres"}, wantErr: "needs a DSN"},
		{name: "unknown audit store", args: []string{"--audit", "oracle"}, wantErr: "sqlite or postgres"},
		{name: "bad sweep", args: []string{"--sweep", "latency=1,2"}, wantErr: "only sources, resources and concurrency"},
		{name: "target without a token", args: []string{"--target", "http://127.0.0.1:8080/fhir", "--patients", "9990000018"}, wantErr: "token"},
		{name: "zero concurrency", args: []string{"--concurrency", "0"}, check: func(t *testing.T, b *benchFlags) {
			if b.cfg.WithDefaults().Concurrency != 8 {
				t.Errorf("zero concurrency did not take the default")
			}
		}},
		{name: "stray argument", args: []string{"now"}, wantErr: "unexpected argument"},
		{name: "unknown flag", args: []string{"--threads", "4"}, wantErr: "not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			b, err := parseBenchFlags(tt.args, &stderr, env(tt.env))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error()+stderr.String(), tt.wantErr) {
					t.Fatalf("error %v (stderr %q), want one mentioning %q", err, stderr.String(), tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseBenchFlags: %v (%s)", err, stderr.String())
			}
			tt.check(t, b)
		})
	}
}

// benchJSON runs shcr bench in-process and decodes its --json output into
// a map, so the test sees exactly the fields a user's script would.
func benchJSON(t *testing.T, args ...string) map[string]any {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"bench", "--json"}, args...), &stdout, &stderr)
	if code != 0 {
		t.Fatalf("shcr bench exited %d\nstdout: %s\nstderr: %s", code, stdout.String(), stderr.String())
	}
	var out map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatalf("shcr bench --json printed %q: %v", stdout.String(), err)
	}
	return out
}

func TestBenchRun(t *testing.T) {
	tiny := []string{"--duration", "300ms", "--warmup", "50ms", "--ceiling", "50ms", "--resources", "20", "--source-latency", "2ms±1ms"}
	tests := []struct {
		name  string
		args  []string
		store func(t *testing.T) []string
		want  map[string]any
		// minEntries is the least a whole view holds: the merged Patient
		// and every source's clinical resources.
		minEntries float64
	}{
		{name: "target configuration, closed loop", args: []string{"--sources", "3", "--concurrency", "2"},
			want: map[string]any{"policy": true, "gzip": false, "audit": "sqlite"}, minEntries: 1 + 3*20},
		{name: "policy off, gzip, $everything", args: []string{"--sources", "2", "--concurrency", "2", "--policy", "off", "--gzip", "on", "--compartment", "everything"},
			want: map[string]any{"policy": false, "gzip": true, "compartment": "everything"}, minEntries: 1 + 2*20},
		{name: "open loop", args: []string{"--sources", "1", "--rate", "40"}, want: map[string]any{"rate": 40.0}, minEntries: 1 + 20},
		{name: "audit on PostgreSQL", args: []string{"--sources", "2", "--concurrency", "1"},
			store: func(t *testing.T) []string { return []string{"--audit", "postgres", "--audit-dsn", pgtest.DSN(t)} },
			want:  map[string]any{"audit": "postgres"}, minEntries: 1 + 2*20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append([]string{}, tiny...), tt.args...)
			if tt.store != nil {
				args = append(args, tt.store(t)...)
			}
			r := benchJSON(t, args...)
			for _, f := range []string{"rps", "p50_ms", "p95_ms", "p99_ms", "source_p50_ms", "source_p99_ms", "overhead_p50_ms", "overhead_p99_ms",
				"ceiling_rps", "ceiling_fraction", "ceiling_cpu_fraction", "cpu_ms_per_req", "alloc_bytes_per_req", "peak_rss_bytes",
				"rss_start_bytes", "rss_end_bytes", "errors"} {
				if _, ok := r[f].(float64); !ok {
					t.Errorf("field %s = %v (%T), want a number", f, r[f], r[f])
				}
			}
			num := func(f string) float64 { v, _ := r[f].(float64); return v }
			if num("errors") != 0 || num("partial") != 0 || num("unattributed") != 0 {
				t.Errorf("errors %v (%v), partial %v, unattributed %v; want none", r["errors"], r["error_kinds"], r["partial"], r["unattributed"])
			}
			if num("requests") < 1 || num("rps") <= 0 {
				t.Errorf("requests %v, rps %v; want some", r["requests"], r["rps"])
			}
			if !(num("p50_ms") > 0 && num("p50_ms") <= num("p95_ms") && num("p95_ms") <= num("p99_ms")) {
				t.Errorf("latency p50 %v, p95 %v, p99 %v are not ordered and positive", r["p50_ms"], r["p95_ms"], r["p99_ms"])
			}
			// Every source call waits at least 1ms, so the slowest source
			// was busy for some time, and never longer than the request.
			if !(num("source_p50_ms") >= 1 && num("source_p50_ms") <= num("source_p99_ms")) {
				t.Errorf("source p50 %v, p99 %v", r["source_p50_ms"], r["source_p99_ms"])
			}
			if !(num("overhead_p50_ms") >= 0 && num("overhead_p50_ms") <= num("overhead_p99_ms") && num("overhead_p99_ms") <= num("p99_ms")) {
				t.Errorf("overhead p50 %v, p99 %v (latency p99 %v)", r["overhead_p50_ms"], r["overhead_p99_ms"], r["p99_ms"])
			}
			if num("ceiling_rps") <= 0 || num("ceiling_fraction") <= 0 || num("cpu_ms_per_req") <= 0 || num("alloc_bytes_per_req") <= 0 || num("peak_rss_bytes") <= 0 {
				t.Errorf("ceiling %v (%v), cpu %v, alloc %v, rss %v; want positive", r["ceiling_rps"], r["ceiling_fraction"], r["cpu_ms_per_req"], r["alloc_bytes_per_req"], r["peak_rss_bytes"])
			}
			if num("entries_per_view") < tt.minEntries {
				t.Errorf("a view held %v entries, want at least %v", r["entries_per_view"], tt.minEntries)
			}
			for k, v := range tt.want {
				if r[k] != v {
					t.Errorf("%s = %v, want %v", k, r[k], v)
				}
			}
		})
	}
}

func TestBenchTableOutput(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"bench", "--duration", "200ms", "--warmup", "0", "--ceiling", "0",
		"--sources", "1", "--resources", "5", "--source-latency", "1ms", "--concurrency", "1"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{"throughput", "facade overhead", "slowest source", "ceiling", "allocated", "RSS"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("the table has no %q row:\n%s", want, stdout.String())
		}
	}
}

func TestBenchSweep(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sweep")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"bench", "--sweep", "sources=1,2", "--out", out, "--duration", "200ms", "--warmup", "0",
		"--ceiling", "20ms", "--resources", "10", "--source-latency", "1ms", "--concurrency", "1"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout.String(), stderr.String())
	}
	f, err := os.Open(out + ".csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatalf("the CSV does not read: %v", err)
	}
	if len(rows) != 3 || rows[0][0] != "sources" || rows[1][0] != "1" || rows[2][0] != "2" {
		t.Fatalf("CSV rows %v, want a header and sources 1 and 2", rows)
	}
	p, err := os.Open(out + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if _, err := png.Decode(p); err != nil {
		t.Errorf("the plot is not a valid PNG: %v", err)
	}
	if _, err := io.Copy(io.Discard, p); err != nil {
		t.Error(err)
	}
}

func TestBenchTarget(t *testing.T) {
	ctx := context.Background()
	var sources []loadtest.FacadeSource
	for i := range 2 {
		s, err := loadtest.StartSource(loadtest.SourceOptions{ID: "org", Name: "Organisation", Resources: 10})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		sources = append(sources, loadtest.FacadeSource{ID: []string{"gp", "acute"}[i], ODS: []string{"B0001", "B0002"}[i], Name: "Organisation", Kind: []string{"gp", "acute"}[i], URL: s.URL()})
	}
	f, err := startBenchFacade(ctx, loadtest.FacadeSpec{Sources: sources, StoreDSN: "sqlite://" + filepath.Join(t.TempDir(), "governance.db"),
		Policy: true, Compartment: "auto", SourceTimeout: 5 * time.Second, MaxCount: 1000})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := f.Close(); err != nil {
			t.Errorf("stopping the facade: %v", err)
		}
	})

	r := benchJSON(t, "--target", f.BaseURL, "--token", f.Token, "--patients", "9990000018,9990000026",
		"--duration", "300ms", "--warmup", "0", "--concurrency", "2")
	if r["target"] != f.BaseURL {
		t.Errorf("target %v, want %s", r["target"], f.BaseURL)
	}
	if rps, _ := r["rps"].(float64); rps <= 0 || r["errors"] != 0.0 {
		t.Errorf("rps %v, errors %v (%v); want some views and no errors", r["rps"], r["errors"], r["error_kinds"])
	}
	if n, _ := r["entries_per_view"].(float64); n < 1+2*10 {
		t.Errorf("a view held %v entries, want at least %d", r["entries_per_view"], 1+2*10)
	}
	// A target's sources and process are not the bench's to measure.
	for _, field := range []string{"source_p50_ms", "overhead_p99_ms", "ceiling_rps", "ceiling_cpu_fraction", "cpu_ms_per_req", "alloc_bytes_per_req", "peak_rss_bytes", "rss_end_bytes"} {
		if v, ok := r[field]; !ok || v != nil {
			t.Errorf("%s = %v (present %v), want null", field, v, ok)
		}
	}

	t.Run("a wrong token is counted as errors", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		code := run(ctx, []string{"bench", "--json", "--target", f.BaseURL, "--token", "not-a-token", "--patients", "9990000018",
			"--duration", "100ms", "--warmup", "0", "--concurrency", "1"}, &stdout, &stderr)
		var out map[string]any
		if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
			t.Fatalf("output %q: %v", stdout.String(), err)
		}
		kinds, _ := out["error_kinds"].(map[string]any)
		if code != 1 || out["errors"] == 0.0 || kinds["status 401"] == nil {
			t.Errorf("exit %d, errors %v, kinds %v; want exit 1 and 401s counted", code, out["errors"], out["error_kinds"])
		}
	})
}
