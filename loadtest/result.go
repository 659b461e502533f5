package loadtest

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Result is one bench run: its configuration and what was measured. Times
// are milliseconds. Fields that cannot be measured (all of the source,
// overhead, ceiling and process fields when driving a target) are null in
// JSON.
type Result struct {
	Target        string  `json:"target"`
	Sources       int     `json:"sources"`
	Resources     int     `json:"resources"`
	SourceLatency string  `json:"source_latency"`
	Concurrency   int     `json:"concurrency"`
	Rate          float64 `json:"rate"`
	Gzip          bool    `json:"gzip"`
	Audit         string  `json:"audit"`
	Policy        bool    `json:"policy"`
	Compartment   string  `json:"compartment"`
	GOMAXPROCS    int     `json:"gomaxprocs"`
	DurationS     float64 `json:"duration_s"`

	Requests int `json:"requests"`
	// Errors are requests without a 200 answer; Partial are 200 answers
	// in which some source is reported missing (failed or timed out).
	Errors     int            `json:"errors"`
	ErrorKinds map[string]int `json:"error_kinds,omitempty"`
	Partial    int            `json:"partial"`
	// Unattributed are answered requests whose source calls could not all
	// be matched to them (a call still running two seconds after the
	// answer); they are left out of the source and overhead percentiles.
	Unattributed int `json:"unattributed"`

	RPS   float64 `json:"rps"`
	P50MS float64 `json:"p50_ms"`
	P95MS float64 `json:"p95_ms"`
	P99MS float64 `json:"p99_ms"`
	MaxMS float64 `json:"max_ms"`

	// SourceP50MS and SourceP99MS are percentiles of, per request, the
	// longest time any one source was busy with it.
	SourceP50MS *float64 `json:"source_p50_ms"`
	SourceP99MS *float64 `json:"source_p99_ms"`
	// Overhead is, per request, the facade's latency minus that slowest
	// source's time, then percentiles.
	OverheadP50MS *float64 `json:"overhead_p50_ms"`
	OverheadP95MS *float64 `json:"overhead_p95_ms"`
	OverheadP99MS *float64 `json:"overhead_p99_ms"`

	// CeilingRPS is how many views a second the process can parse, peek
	// and write with no HTTP, policy or audit; CeilingFraction is RPS as a
	// fraction of it.
	CeilingRPS          *float64 `json:"ceiling_rps"`
	CeilingFraction     *float64 `json:"ceiling_fraction"`
	CeilingCPUMSPerView *float64 `json:"ceiling_cpu_ms_per_view"`
	// CeilingCPUFraction is the ceiling's CPU per view as a fraction of the
	// process's: the same comparison as CeilingFraction, but by CPU time,
	// so it holds on a machine other work shares.
	CeilingCPUFraction *float64 `json:"ceiling_cpu_fraction"`

	// The process's costs during the measured phase, per successful
	// request: the facade, the synthetic sources and the load generator
	// share the process, so these are upper bounds on the facade's own.
	CPUMSPerReq      *float64 `json:"cpu_ms_per_req"`
	CPUUtilisation   *float64 `json:"cpu_utilisation"`
	AllocBytesPerReq *float64 `json:"alloc_bytes_per_req"`
	PeakRSSBytes     *int64   `json:"peak_rss_bytes"`
	// RSSStartBytes and RSSEndBytes are the resident set size when the
	// measured phase started and when it ended, each after a garbage
	// collection: over a long run (a soak) they show whether memory stays
	// flat.
	RSSStartBytes *int64 `json:"rss_start_bytes"`
	RSSEndBytes   *int64 `json:"rss_end_bytes"`

	BytesPerView float64 `json:"bytes_per_view"`
	// EntriesPerView is the mean number of Bundle entries a view holds.
	EntriesPerView float64 `json:"entries_per_view"`
}

func ptr[T any](v T) *T { return &v }

// processCosts are the process's measurements of the measured phase.
type processCosts struct {
	cpu                 time.Duration
	alloc               uint64
	peakRSS, rss0, rss1 int64
}

func newResult(cfg Config, samples []sample, wall time.Duration, pc processCosts, ceiling *ceilingResult, inProcess bool) *Result {
	cpu, alloc := pc.cpu, pc.alloc
	r := &Result{
		Target: "in-process", Sources: cfg.Sources, Resources: cfg.Resources, SourceLatency: cfg.SourceLatency.String(),
		Concurrency: cfg.Concurrency, Rate: cfg.Rate, Gzip: cfg.Gzip, Audit: cfg.Audit, Policy: cfg.Policy,
		Compartment: cfg.Compartment, GOMAXPROCS: runtime.GOMAXPROCS(0), DurationS: wall.Seconds(),
		Requests: len(samples),
	}
	if !inProcess {
		r.Target = cfg.Target
		r.Sources, r.Resources, r.SourceLatency, r.Audit, r.Compartment = 0, 0, "", "", ""
	}
	var lat, src, over []float64
	var bytes, entries int
	for _, s := range samples {
		if !s.ok {
			r.Errors++
			if r.ErrorKinds == nil {
				r.ErrorKinds = map[string]int{}
			}
			r.ErrorKinds[s.err]++
			continue
		}
		if s.partial {
			r.Partial++
		}
		bytes += s.bytes
		entries += s.entries
		lat = append(lat, ms(s.latency))
		if s.source >= 0 {
			src = append(src, ms(s.source))
			over = append(over, ms(s.latency-s.source))
		} else if inProcess {
			r.Unattributed++
		}
	}
	okN := len(lat)
	if wall > 0 {
		r.RPS = float64(okN) / wall.Seconds()
	}
	l := summarize(lat)
	r.P50MS, r.P95MS, r.P99MS, r.MaxMS = l.P50, l.P95, l.P99, l.Max
	if okN > 0 {
		r.BytesPerView = float64(bytes) / float64(okN)
		r.EntriesPerView = float64(entries) / float64(okN)
	}
	if inProcess && len(src) > 0 {
		s, o := summarize(src), summarize(over)
		r.SourceP50MS, r.SourceP99MS = ptr(s.P50), ptr(s.P99)
		r.OverheadP50MS, r.OverheadP95MS, r.OverheadP99MS = ptr(o.P50), ptr(o.P95), ptr(o.P99)
	}
	if inProcess && ceiling != nil {
		r.CeilingRPS, r.CeilingCPUMSPerView = ptr(ceiling.rps), ptr(ceiling.cpuMsPerOp)
		r.CeilingFraction = ptr(r.RPS / ceiling.rps)
	}
	if inProcess && okN > 0 {
		r.CPUMSPerReq = ptr(ms(cpu) / float64(okN))
		r.AllocBytesPerReq = ptr(float64(alloc) / float64(okN))
		if ceiling != nil && cpu > 0 {
			r.CeilingCPUFraction = ptr(ceiling.cpuMsPerOp / *r.CPUMSPerReq)
		}
	}
	if inProcess && wall > 0 {
		r.CPUUtilisation = ptr(cpu.Seconds() / wall.Seconds() / float64(runtime.GOMAXPROCS(0)))
		r.PeakRSSBytes, r.RSSStartBytes, r.RSSEndBytes = ptr(pc.peakRSS), ptr(pc.rss0), ptr(pc.rss1)
	}
	return r
}

// WriteTable writes the result for a person to read.
func (r *Result) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(name, value string) { fmt.Fprintf(tw, "%s\t%s\n", name, value) }
	f := func(v *float64, format string) string {
		if v == nil {
			return "–"
		}
		return fmt.Sprintf(format, *v)
	}
	if r.Target == "in-process" {
		row("setup", fmt.Sprintf("%d sources × %d resources, source latency %s, audit %s, %s, %s, compartment %s, GOMAXPROCS %d",
			r.Sources, r.Resources, r.SourceLatency, r.Audit, onOff("policy", r.Policy), onOff("gzip", r.Gzip), r.Compartment, r.GOMAXPROCS))
	} else {
		row("target", r.Target)
	}
	load := fmt.Sprintf("closed loop, concurrency %d", r.Concurrency)
	if r.Rate > 0 {
		load = fmt.Sprintf("open loop, %g requests/s", r.Rate)
	}
	row("load", fmt.Sprintf("%s for %.1fs", load, r.DurationS))
	errs := fmt.Sprint(r.Errors)
	if len(r.ErrorKinds) > 0 {
		var kinds []string
		for k, n := range r.ErrorKinds {
			kinds = append(kinds, fmt.Sprintf("%s ×%d", k, n))
		}
		slices.Sort(kinds)
		errs += " (" + strings.Join(kinds, ", ") + ")"
	}
	row("requests", fmt.Sprintf("%d (errors %s, partial %d, unattributed %d)", r.Requests, errs, r.Partial, r.Unattributed))
	row("throughput", fmt.Sprintf("%.1f views/s", r.RPS))
	row("latency", fmt.Sprintf("p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms", r.P50MS, r.P95MS, r.P99MS, r.MaxMS))
	row("slowest source", fmt.Sprintf("p50 %s ms, p99 %s ms", f(r.SourceP50MS, "%.2f"), f(r.SourceP99MS, "%.2f")))
	row("facade overhead", fmt.Sprintf("p50 %s ms, p95 %s ms, p99 %s ms", f(r.OverheadP50MS, "%.2f"), f(r.OverheadP95MS, "%.2f"), f(r.OverheadP99MS, "%.2f")))
	row("ceiling", fmt.Sprintf("%s views/s (%s ms CPU a view); throughput is %s of it, CPU a view %s",
		f(r.CeilingRPS, "%.1f"), f(r.CeilingCPUMSPerView, "%.2f"), f(percent(r.CeilingFraction), "%.1f%%"), f(percent(r.CeilingCPUFraction), "%.1f%%")))
	row("CPU", fmt.Sprintf("%s ms a view, %s of %d CPUs", f(r.CPUMSPerReq, "%.2f"), f(percent(r.CPUUtilisation), "%.0f%%"), r.GOMAXPROCS))
	row("allocated", fmt.Sprintf("%s MB a view", f(scale(r.AllocBytesPerReq, 1e-6), "%.2f")))
	var rss *float64
	if r.PeakRSSBytes != nil {
		rss = ptr(float64(*r.PeakRSSBytes) / 1e6)
	}
	mb := func(v *int64) *float64 {
		if v == nil {
			return nil
		}
		return ptr(float64(*v) / 1e6)
	}
	row("RSS", fmt.Sprintf("peak %s MB; %s MB at the start, %s MB at the end", f(rss, "%.0f"), f(mb(r.RSSStartBytes), "%.0f"), f(mb(r.RSSEndBytes), "%.0f")))
	row("view size", fmt.Sprintf("%.0f kB, %.0f entries", r.BytesPerView/1e3, r.EntriesPerView))
	return tw.Flush()
}

func percent(v *float64) *float64 { return scale(v, 100) }

func scale(v *float64, k float64) *float64 {
	if v == nil {
		return nil
	}
	return ptr(*v * k)
}
