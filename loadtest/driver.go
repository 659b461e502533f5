package loadtest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// sample is one request's outcome.
type sample struct {
	latency time.Duration
	// source is how long the slowest source was busy with the request; -1
	// when it is unknown (a target, or a source call outliving the answer).
	source  time.Duration
	ok      bool
	partial bool
	bytes   int
	entries int
	err     string
}

// driver sends the load.
type driver struct {
	cfg     Config
	client  *http.Client
	base    string
	token   string
	sources []*Source
	pool    chan string
	bufs    buffers
}

func newDriver(cfg Config, base, token string, sources []*Source, patients []string) *driver {
	conns := cfg.Concurrency
	if cfg.Rate > 0 {
		conns = max(conns, len(patients))
	}
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		IdleConnTimeout:     90 * time.Second,
	}
	d := &driver{
		cfg: cfg, base: strings.TrimSuffix(base, "/"), token: token, sources: sources,
		client: &http.Client{Transport: tr, Timeout: 2 * time.Minute},
		pool:   make(chan string, len(patients)),
		bufs:   newBuffers(len(patients)),
	}
	for _, p := range patients {
		d.pool <- p
	}
	return d
}

func (d *driver) close() { d.client.CloseIdleConnections() }

func (d *driver) inProcess() bool { return d.sources != nil }

// run sends the load for dur and returns every request's sample. Requests
// started within dur are waited for.
func (d *driver) run(ctx context.Context, dur time.Duration) []sample {
	var (
		mu      sync.Mutex
		samples []sample
		wg      sync.WaitGroup
	)
	record := func(s sample) {
		mu.Lock()
		samples = append(samples, s)
		mu.Unlock()
	}
	start := time.Now()
	deadline := start.Add(dur)
	if d.cfg.Rate <= 0 {
		for range d.cfg.Concurrency {
			wg.Go(func() {
				for ctx.Err() == nil && time.Now().Before(deadline) {
					record(d.one(ctx, time.Now()))
				}
			})
		}
		wg.Wait()
		return samples
	}
	interval := time.Duration(float64(time.Second) / d.cfg.Rate)
	timer := time.NewTimer(0)
	defer timer.Stop()
	for i := 0; ; i++ {
		due := start.Add(time.Duration(i) * interval)
		if !due.Before(deadline) {
			break
		}
		timer.Reset(time.Until(due))
		select {
		case <-ctx.Done():
		case <-timer.C:
		}
		if ctx.Err() != nil {
			break
		}
		wg.Go(func() { record(d.one(ctx, due)) })
	}
	wg.Wait()
	return samples
}

// one sends one request. Its latency counts from due, so an open-loop
// request that had to wait (for a patient, or for the scheduler) is not
// reported as faster than it was.
func (d *driver) one(ctx context.Context, due time.Time) sample {
	var nhs string
	select {
	case nhs = <-d.pool:
	case <-ctx.Done():
		return sample{source: -1, err: ctx.Err().Error()}
	}
	defer func() { d.pool <- nhs }()
	for _, s := range d.sources {
		s.forget(nhs)
	}
	out := sample{source: -1}
	u := d.base + "/Patient/" + nhs + "/$everything"
	if d.cfg.Count > 0 {
		u += "?_count=" + strconv.Itoa(d.cfg.Count)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		out.err = err.Error()
		return out
	}
	req.Header.Set("Authorization", "Bearer "+d.token)
	req.Header.Set("Accept", "application/fhir+json")
	resp, err := d.client.Do(req)
	if err != nil {
		out.latency = time.Since(due)
		out.err = "transport: " + trimErr(err)
		return out
	}
	buf := bytes.NewBuffer(d.bufs.get())
	_, err = io.Copy(buf, resp.Body)
	resp.Body.Close()
	out.latency = time.Since(due)
	out.bytes = buf.Len()
	switch {
	case err != nil:
		out.err = "reading: " + trimErr(err)
	case resp.StatusCode != http.StatusOK:
		out.err = fmt.Sprintf("status %d", resp.StatusCode)
	default:
		out.ok = true
		// A source that failed or timed out is an outcome entry in a 200.
		out.partial = bytes.Contains(buf.Bytes(), []byte(`"mode":"outcome"`))
		out.entries = bytes.Count(buf.Bytes(), []byte(`"fullUrl":`))
	}
	d.bufs.put(buf.Bytes())

	if d.sources != nil {
		var slowest time.Duration
		for _, s := range d.sources {
			calls, err := s.take(nhs, 2*time.Second)
			if err != nil {
				return out // unknown: out.source stays -1
			}
			slowest = max(slowest, busy(calls))
		}
		out.source = slowest
	}
	return out
}

// trimErr keeps an error short and free of the URL, which names a patient.
func trimErr(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 {
		s = s[i+2:]
	}
	return s
}
