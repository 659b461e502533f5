package loadtest

import (
	"context"
	"encoding/csv"
	"fmt"
	"image/color"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Sweep varies one setting over a list of values, one run each.
type Sweep struct {
	// Var is sources, resources or concurrency.
	Var    string
	Values []int
}

// ParseSweep reads a sweep written as name=v1,v2,... such as
// "sources=1,2,4,8,16".
func ParseSweep(s string) (Sweep, error) {
	name, list, ok := strings.Cut(s, "=")
	name = strings.TrimSpace(name)
	if !ok || list == "" {
		return Sweep{}, fmt.Errorf("sweep %q: write name=v1,v2,... (e.g. sources=1,2,4,8,16)", s)
	}
	switch name {
	case "sources", "resources", "concurrency":
	default:
		return Sweep{}, fmt.Errorf("sweep %q: only sources, resources and concurrency can be swept", s)
	}
	sw := Sweep{Var: name}
	for _, f := range strings.Split(list, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || v < 0 || (v == 0 && name != "resources") {
			return Sweep{}, fmt.Errorf("sweep %q: %q is not a valid %s count", s, f, name)
		}
		sw.Values = append(sw.Values, v)
	}
	return sw, nil
}

// apply returns cfg with the swept setting at v.
func (sw Sweep) apply(cfg Config, v int) Config {
	switch sw.Var {
	case "sources":
		cfg.Sources = v
	case "resources":
		cfg.Resources = v
	case "concurrency":
		cfg.Concurrency = v
	}
	return cfg
}

// RunSweep runs the bench once per value, each with its own sources, facade
// and store, and returns the results in order.
func RunSweep(ctx context.Context, cfg Config, sw Sweep, start StartFacade) ([]*Result, error) {
	if cfg.Target != "" && sw.Var != "concurrency" {
		return nil, fmt.Errorf("a target's %s cannot be changed by the bench; only concurrency can be swept", sw.Var)
	}
	cfg = cfg.WithDefaults()
	var out []*Result
	for _, v := range sw.Values {
		c := sw.apply(cfg, v)
		fmt.Fprintf(c.Log, "sweep %s=%d: %s\n", sw.Var, v, c.describe())
		r, err := Run(ctx, c, start)
		if err != nil {
			return out, fmt.Errorf("sweep %s=%d: %w", sw.Var, v, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// csvHeader is the CSV's columns, after the swept setting's.
var csvHeader = []string{
	"rps", "p50_ms", "p95_ms", "p99_ms", "source_p50_ms", "source_p99_ms", "overhead_p50_ms", "overhead_p99_ms",
	"ceiling_rps", "ceiling_fraction", "ceiling_cpu_fraction", "cpu_ms_per_req", "cpu_utilisation", "alloc_bytes_per_req", "peak_rss_bytes",
	"bytes_per_view", "requests", "errors", "partial", "unattributed",
}

// WriteCSV writes one row per run: the swept value, then csvHeader.
func WriteCSV(w io.Writer, sw Sweep, results []*Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(append([]string{sw.Var}, csvHeader...)); err != nil {
		return fmt.Errorf("writing the CSV: %w", err)
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	opt := func(v *float64) string {
		if v == nil {
			return ""
		}
		return num(*v)
	}
	for i, r := range results {
		rss := ""
		if r.PeakRSSBytes != nil {
			rss = strconv.FormatInt(*r.PeakRSSBytes, 10)
		}
		row := []string{
			strconv.Itoa(sw.Values[i]), num(r.RPS), num(r.P50MS), num(r.P95MS), num(r.P99MS),
			opt(r.SourceP50MS), opt(r.SourceP99MS), opt(r.OverheadP50MS), opt(r.OverheadP99MS),
			opt(r.CeilingRPS), opt(r.CeilingFraction), opt(r.CeilingCPUFraction), opt(r.CPUMSPerReq), opt(r.CPUUtilisation), opt(r.AllocBytesPerReq), rss,
			num(r.BytesPerView), strconv.Itoa(r.Requests), strconv.Itoa(r.Errors), strconv.Itoa(r.Partial), strconv.Itoa(r.Unattributed),
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("writing the CSV: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("writing the CSV: %w", err)
	}
	return nil
}

// series is one line of a panel.
type series struct {
	name  string
	value func(*Result) *float64
}

// WritePlot draws how each cost grows with the swept setting, as a PNG of
// four panels: CPU per view, allocation per view, the facade's overhead
// (p50 and p99), and throughput against the ceiling.
func WritePlot(path string, sw Sweep, results []*Result, title string) error {
	panels := []struct {
		title, unit string
		lines       []series
	}{
		{"CPU per view (whole process)", "ms", []series{
			{"cpu", func(r *Result) *float64 { return r.CPUMSPerReq }},
			{"ceiling cpu", func(r *Result) *float64 { return r.CeilingCPUMSPerView }},
		}},
		{"Allocated per view", "MB", []series{
			{"alloc", func(r *Result) *float64 { return scale(r.AllocBytesPerReq, 1e-6) }},
		}},
		{"Facade overhead over the slowest source", "ms", []series{
			{"p50", func(r *Result) *float64 { return r.OverheadP50MS }},
			{"p99", func(r *Result) *float64 { return r.OverheadP99MS }},
		}},
		{"Throughput", "views/s", []series{
			{"rps", func(r *Result) *float64 { return &r.RPS }},
			{"ceiling", func(r *Result) *float64 { return r.CeilingRPS }},
		}},
	}
	// Sweeps over a wide range (resources 10 to 5,000, concurrency 1 to
	// 64) read better on a logarithmic axis.
	logX := slices.Min(sw.Values) > 0 && slices.Max(sw.Values) >= 20*slices.Min(sw.Values)
	colours := []color.Color{color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}, color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}}
	var plots [][]*plot.Plot
	row := []*plot.Plot{}
	for _, pn := range panels {
		p := plot.New()
		p.Title.Text = pn.title
		p.X.Label.Text = sw.Var
		if logX {
			p.X.Label.Text += " (log scale)"
			p.X.Scale = plot.LogScale{}
			p.X.Tick.Marker = plot.LogTicks{Prec: -1}
		}
		p.Y.Label.Text = pn.unit
		p.Y.Min = 0
		p.Legend.Top = true
		p.Legend.Left = true
		p.Add(plotter.NewGrid())
		for i, s := range pn.lines {
			var pts plotter.XYs
			for j, r := range results {
				if v := s.value(r); v != nil {
					pts = append(pts, plotter.XY{X: float64(sw.Values[j]), Y: *v})
				}
			}
			if len(pts) == 0 {
				continue
			}
			line, points, err := plotter.NewLinePoints(pts)
			if err != nil {
				return fmt.Errorf("plotting %s: %w", s.name, err)
			}
			line.Color, points.Color = colours[i%len(colours)], colours[i%len(colours)]
			points.Shape = draw.CircleGlyph{}
			p.Add(line, points)
			p.Legend.Add(s.name, line, points)
		}
		row = append(row, p)
		if len(row) == 2 {
			plots = append(plots, row)
			row = []*plot.Plot{}
		}
	}
	img := vgimg.New(12*vg.Inch, 9*vg.Inch)
	dc := draw.New(img)
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	header := vg.Length(0.4) * vg.Inch
	body := draw.Crop(dc, 0, 0, 0, -header)
	font := plot.DefaultFont
	font.Size = 14
	sty := draw.TextStyle{Color: color.Black, Font: font, XAlign: draw.XCenter, YAlign: draw.YCenter, Handler: plot.DefaultTextHandler}
	dc.FillText(sty, vg.Point{X: dc.Center().X, Y: dc.Max.Y - header/2}, title)
	tiles := draw.Tiles{Rows: 2, Cols: 2, PadX: vg.Inch / 4, PadY: vg.Inch / 4, PadTop: vg.Inch / 8, PadBottom: vg.Inch / 8, PadLeft: vg.Inch / 8, PadRight: vg.Inch / 4}
	canvases := plot.Align(plots, tiles, body)
	for i := range plots {
		for j := range plots[i] {
			plots[i][j].Draw(canvases[i][j])
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("writing the plot: %w", err)
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		return fmt.Errorf("writing the plot: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing the plot: %w", err)
	}
	return nil
}
