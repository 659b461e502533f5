package loadtest

import (
	"bytes"
	"encoding/csv"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestParseSweep(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    Sweep
		wantErr bool
	}{
		{name: "sources", in: "sources=1,2,4,8,16", want: Sweep{Var: "sources", Values: []int{1, 2, 4, 8, 16}}},
		{name: "resources with spaces", in: "resources= 10, 100 ,1000", want: Sweep{Var: "resources", Values: []int{10, 100, 1000}}},
		{name: "no resources is allowed", in: "resources=0,10", want: Sweep{Var: "resources", Values: []int{0, 10}}},
		{name: "concurrency", in: "concurrency=1,64", want: Sweep{Var: "concurrency", Values: []int{1, 64}}},
		{name: "unknown setting", in: "latency=1,2", wantErr: true},
		{name: "no values", in: "sources=", wantErr: true},
		{name: "no equals", in: "sources", wantErr: true},
		{name: "not a number", in: "sources=1,two", wantErr: true},
		{name: "zero sources", in: "sources=0,1", wantErr: true},
		{name: "negative", in: "concurrency=-1", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSweep(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseSweep(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			if got.Var != tt.want.Var || !slices.Equal(got.Values, tt.want.Values) {
				t.Errorf("ParseSweep(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestConfigValidate(t *testing.T) {
	ok := Config{}.WithDefaults()
	tests := []struct {
		name    string
		change  func(*Config)
		wantErr bool
	}{
		{name: "defaults", change: func(*Config) {}},
		{name: "open loop", change: func(c *Config) { c.Rate = 50 }},
		{name: "no ceiling", change: func(c *Config) { c.CeilingDuration = -1 }},
		{name: "postgres with a DSN", change: func(c *Config) { c.Audit, c.AuditDSN = "postgres", "postgres://u:p@localhost/db" }},
		{name: "postgres without a DSN", change: func(c *Config) { c.Audit = "postgres" }, wantErr: true},
		{name: "unknown audit store", change: func(c *Config) { c.Audit = "mysql" }, wantErr: true},
		{name: "no sources", change: func(c *Config) { c.Sources = -1 }, wantErr: true},
		{name: "too many sources", change: func(c *Config) { c.Sources = 65 }, wantErr: true},
		{name: "negative resources", change: func(c *Config) { c.Resources = -1 }, wantErr: true},
		{name: "negative rate", change: func(c *Config) { c.Rate = -1 }, wantErr: true},
		{name: "no duration", change: func(c *Config) { c.Duration = -time.Second }, wantErr: true},
		{name: "unknown compartment", change: func(c *Config) { c.Compartment = "all" }, wantErr: true},
		{name: "target", change: func(c *Config) {
			c.Target, c.Token, c.Patients = "http://127.0.0.1:8080/fhir", "t", []string{"9990000018"}
		}},
		{name: "target without a token", change: func(c *Config) { c.Target, c.Patients = "http://127.0.0.1:8080/fhir", []string{"9990000018"} }, wantErr: true},
		{name: "target without patients", change: func(c *Config) { c.Target, c.Token = "http://127.0.0.1:8080/fhir", "t" }, wantErr: true},
		{name: "target with a bad NHS number", change: func(c *Config) {
			c.Target, c.Token, c.Patients = "http://127.0.0.1:8080/fhir", "t", []string{"9990000019"}
		}, wantErr: true},
		{name: "target not a URL", change: func(c *Config) { c.Target, c.Token, c.Patients = "localhost:8080", "t", []string{"9990000018"} }, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.change(&c)
			if err := c.Validate(); (err != nil) != tt.wantErr {
				t.Errorf("Validate() = %v, want error %v", err, tt.wantErr)
			}
		})
	}
}

// fakeResults are results as a sweep over sources might produce them, one
// without process measurements, as from a target.
func fakeResults() []*Result {
	var out []*Result
	for i, n := range []int{1, 2, 4} {
		f := float64(n)
		r := &Result{Sources: n, RPS: 100 / f, P50MS: 10 * f, P95MS: 12 * f, P99MS: 15 * f, Requests: 100, BytesPerView: 1e5 * f,
			SourceP50MS: ptr(8.0), SourceP99MS: ptr(10.0), OverheadP50MS: ptr(2 * f), OverheadP99MS: ptr(5 * f),
			CeilingRPS: ptr(400 / f), CeilingFraction: ptr(0.25), CeilingCPUMSPerView: ptr(f),
			CPUMSPerReq: ptr(3 * f), CPUUtilisation: ptr(0.5), AllocBytesPerReq: ptr(1e6 * f), PeakRSSBytes: ptr(int64(1e8))}
		if i == 2 {
			r.CPUMSPerReq, r.AllocBytesPerReq, r.PeakRSSBytes, r.CeilingRPS = nil, nil, nil, nil
		}
		out = append(out, r)
	}
	return out
}

func TestWriteCSV(t *testing.T) {
	sw := Sweep{Var: "sources", Values: []int{1, 2, 4}}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, sw, fakeResults()); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not read back: %v", err)
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows, want a header and 3", len(rows))
	}
	header := rows[0]
	col := func(name string) int {
		i := slices.Index(header, name)
		if i < 0 {
			t.Fatalf("no %s column in %v", name, header)
		}
		return i
	}
	tests := []struct {
		name      string
		row       int
		column    string
		wantValue string
	}{
		{name: "swept value", row: 1, column: "sources", wantValue: "1"},
		{name: "cpu", row: 2, column: "cpu_ms_per_req", wantValue: "6"},
		{name: "alloc", row: 2, column: "alloc_bytes_per_req", wantValue: "2000000"},
		{name: "overhead p99", row: 3, column: "overhead_p99_ms", wantValue: "20"},
		{name: "unmeasured is empty", row: 3, column: "cpu_ms_per_req", wantValue: ""},
		{name: "rss", row: 1, column: "peak_rss_bytes", wantValue: "100000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rows[tt.row][col(tt.column)]; got != tt.wantValue {
				t.Errorf("row %d %s = %q, want %q", tt.row, tt.column, got, tt.wantValue)
			}
		})
	}
}

func TestWritePlot(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sweep.png")
	sw := Sweep{Var: "sources", Values: []int{1, 2, 4}}
	if err := WritePlot(path, sw, fakeResults(), "test sweep"); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("the plot is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 600 || b.Dy() < 400 {
		t.Errorf("the plot is %dx%d, want a readable size", b.Dx(), b.Dy())
	}
}
