package loadtest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/shcr/shcr/fhir"
)

// SourceOptions describe one synthetic source.
type SourceOptions struct {
	// ID names the source in the facade's configuration; Name is its
	// organisation's name.
	ID, Name string
	// Resources is how many clinical resources it holds for every patient.
	Resources int
	// Latency is added to every call before the answer is written.
	Latency Latency
	// Gzip makes the source answer gzip-compressed bodies to clients that
	// accept them, as many FHIR servers do. Bodies for Patients are
	// compressed when the source starts, so compressing costs the measured
	// run nothing.
	Gzip bool
	// Patients are the NHS numbers the load uses; with Gzip their answers
	// are compressed in advance.
	Patients []string
}

// Source is a synthetic FHIR R4 server on loopback answering what the
// facade's fhir source asks: the CapabilityStatement, patient resolution by
// NHS number, Patient/$everything, per-type searches by patient, and _id
// searches for the Practitioner and Organization the records refer to.
// Every patient has the same record (their NHS number spliced in), served
// from bytes rendered at start, so the source's own CPU cost is a copy.
//
// It records, per patient, when it started and finished each call, so the
// load can tell how long the source kept each facade request waiting. It is
// safe for concurrent use.
type Source struct {
	opts SourceOptions
	base string
	data *dataset
	caps []byte
	srv  *http.Server
	done chan struct{}

	gz map[string][]byte // "kind\x00nhs" → compressed answer

	mu   sync.Mutex
	logs map[string]*callLog
	bufs buffers
}

// callLog is what a source did for one patient since the last take.
type callLog struct {
	calls []interval
	open  int
	idle  chan struct{} // closed when open drops to zero, if someone waits
}

// StartSource starts a synthetic source on a loopback port.
func StartSource(opts SourceOptions) (*Source, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("starting synthetic source %s: %w", opts.ID, err)
	}
	s := &Source{opts: opts, base: "http://" + ln.Addr().String() + "/fhir", logs: map[string]*callLog{}, done: make(chan struct{}), bufs: newBuffers(64)}
	s.data = newDataset(s.base, opts.Name, opts.Resources)
	if s.caps, err = capabilities(s.base); err != nil {
		ln.Close()
		return nil, err
	}
	if opts.Gzip {
		s.precompress()
	}
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(s.done)
		_ = s.srv.Serve(ln)
	}()
	return s, nil
}

// URL is the source's FHIR base.
func (s *Source) URL() string { return s.base }

// Close stops the source.
func (s *Source) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	<-s.done
	return err
}

// capabilities is the source's CapabilityStatement: search by patient (and
// _id) for the clinical types, resolution by identifier, $everything, and
// _id search and read for the supporting types.
func capabilities(base string) ([]byte, error) {
	types := map[string]fhir.TypeSupport{
		"Patient": {Read: true, Search: true, Operations: []string{"everything"}, Params: []fhir.SearchParamSupport{
			{Name: "identifier", Type: "token"}, {Name: "_id", Type: "token"}}},
		"Practitioner": {Read: true, Search: true, Params: []fhir.SearchParamSupport{{Name: "_id", Type: "token"}}},
		"Organization": {Read: true, Search: true, Params: []fhir.SearchParamSupport{{Name: "_id", Type: "token"}}},
	}
	for _, ct := range clinicalTypes {
		types[ct.name] = fhir.TypeSupport{Read: true, Search: true, Params: []fhir.SearchParamSupport{
			{Name: ct.link, Type: "reference"}, {Name: "patient", Type: "reference"}, {Name: "_id", Type: "token"}}}
	}
	raw, err := fhir.CapabilityStatement(fhir.CapabilityOptions{
		Software: "shcr bench synthetic source", Version: "1", URL: base, Types: types,
		ReleaseDate: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		return nil, fmt.Errorf("building a synthetic CapabilityStatement: %w", err)
	}
	return raw, nil
}

// precompress gzips every answer for every patient of the load.
func (s *Source) precompress() {
	s.gz = map[string][]byte{}
	kinds := map[string]*template{"resolve": s.data.resolve, "everything": s.data.everything}
	for typ, t := range s.data.byType {
		kinds[typ] = t
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	for _, nhs := range s.opts.Patients {
		for kind, t := range kinds {
			buf.Reset()
			zw.Reset(&buf)
			_, _ = zw.Write(t.render(nil, nhs))
			_ = zw.Close()
			s.gz[kind+"\x00"+nhs] = bytes.Clone(buf.Bytes())
		}
	}
}

// ServeHTTP answers one call after the configured latency.
func (s *Source) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path, ok := strings.CutPrefix(r.URL.Path, "/fhir/")
	if !ok || r.Method != http.MethodGet {
		notFound(w)
		return
	}
	if path == "metadata" {
		w.Header().Set("Content-Type", "application/fhir+json")
		_, _ = w.Write(s.caps)
		return
	}
	kind, nhs, ok := route(path, r.URL.Query())
	if !ok {
		notFound(w)
		return
	}
	t := s.data.byType[kind]
	switch kind {
	case "resolve":
		t = s.data.resolve
	case "everything":
		t = s.data.everything
	}

	end := s.begin(nhs)
	defer end()
	if d := s.opts.Latency.Sample(); d > 0 {
		timer := time.NewTimer(d)
		select {
		case <-timer.C:
		case <-r.Context().Done():
			timer.Stop()
			return
		}
	}
	w.Header().Set("Content-Type", "application/fhir+json")
	if s.gz != nil && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		if body, ok := s.gz[kind+"\x00"+nhs]; ok {
			w.Header().Set("Content-Encoding", "gzip")
			_, _ = w.Write(body)
			return
		}
	}
	buf := t.render(s.bufs.get(), nhs)
	_, _ = w.Write(buf)
	s.bufs.put(buf)
}

// route finds which answer a call asks for and for which patient (every id
// and reference a source hands out ends with the patient's NHS number).
func route(path string, q url.Values) (kind, nhs string, ok bool) {
	parts := strings.Split(path, "/")
	switch {
	case len(parts) == 3 && parts[0] == "Patient" && parts[2] == "$everything":
		kind, nhs = "everything", parts[1]
	case len(parts) != 1:
		return "", "", false
	case parts[0] == "Patient" && q.Has("identifier"):
		_, nhs, _ = strings.Cut(q.Get("identifier"), "|")
		kind = "resolve"
	case parts[0] == "Patient" && q.Has("_id"):
		kind, nhs = "resolve", q.Get("_id")
	case q.Has("patient"):
		kind, nhs = parts[0], q.Get("patient")
	case q.Has("subject"):
		kind, nhs = parts[0], q.Get("subject")
	case q.Has("_id"):
		kind, nhs = parts[0], q.Get("_id")
	default:
		return "", "", false
	}
	if len(nhs) < 10 {
		return "", "", false
	}
	nhs = nhs[len(nhs)-10:]
	for i := range len(nhs) {
		if nhs[i] < '0' || nhs[i] > '9' {
			return "", "", false
		}
	}
	if kind != "resolve" && kind != "everything" && !knownType(kind) {
		return "", "", false
	}
	return kind, nhs, true
}

func knownType(t string) bool {
	if t == "Practitioner" || t == "Organization" {
		return true
	}
	for _, ct := range clinicalTypes {
		if ct.name == t {
			return true
		}
	}
	return false
}

func notFound(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/fhir+json")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write(fhir.OperationOutcome("", fhir.Issue{Severity: fhir.SeverityError, Code: fhir.IssueNotFound, Diagnostics: "the synthetic source does not answer this"}))
}

// begin records the start of a call for a patient and returns the function
// that records its end.
func (s *Source) begin(nhs string) func() {
	start := time.Now()
	s.mu.Lock()
	l := s.logs[nhs]
	if l == nil {
		l = &callLog{}
		s.logs[nhs] = l
	}
	l.open++
	s.mu.Unlock()
	return func() {
		end := time.Now()
		s.mu.Lock()
		l.calls = append(l.calls, interval{start, end})
		l.open--
		if l.open == 0 && l.idle != nil {
			close(l.idle)
			l.idle = nil
		}
		s.mu.Unlock()
	}
}

// forget drops what was recorded for a patient, before a request about
// them starts.
func (s *Source) forget(nhs string) {
	s.mu.Lock()
	delete(s.logs, nhs)
	s.mu.Unlock()
}

// errCallsOpen says a source was still answering a call about the patient
// after the facade had answered.
var errCallsOpen = errors.New("a source call outlived the facade's answer")

// take returns and forgets the calls made for a patient. A call the facade
// has finished reading may not have recorded its end yet; take waits up to
// wait for it.
func (s *Source) take(nhs string, wait time.Duration) ([]interval, error) {
	s.mu.Lock()
	l := s.logs[nhs]
	if l == nil {
		s.mu.Unlock()
		return nil, nil
	}
	if l.open > 0 {
		if l.idle == nil {
			l.idle = make(chan struct{})
		}
		idle := l.idle
		s.mu.Unlock()
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-idle:
		case <-t.C:
			return nil, errCallsOpen
		}
		s.mu.Lock()
	}
	calls := l.calls
	delete(s.logs, nhs)
	s.mu.Unlock()
	return calls, nil
}

// answers are the bodies one view fetches from this source (resolution and
// $everything) for a patient, uncompressed; the ceiling parses them.
func (s *Source) answers(nhs string) [][]byte {
	return [][]byte{s.data.resolve.render(nil, nhs), s.data.everything.render(nil, nhs)}
}
