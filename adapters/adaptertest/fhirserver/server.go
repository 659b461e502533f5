// Package fhirserver is a small but real FHIR R4 REST server over any
// adapters.Source. It stands in for a remote organisation's EPR in tests: the
// fhirrest adapter's own tests, and black-box tests of the engine and the
// HTTP layer that want a source reached over real HTTP. Run it with
// httptest.NewServer (or NewTLSServer).
//
// It serves GET [base]/metadata (a CapabilityStatement that tells the truth
// about which search parameters it applies), type searches with paging, reads
// and, optionally, Patient/$everything. It applies the R4 search parameters
// with package search — the matcher shcr's engine uses for what sources do
// not apply — so a test can serve the same records once as a folder
// (evaluated by the engine) and once through this server (pushed down) and
// require the same answers. It is strict in what it accepts: a
// search parameter it does not declare is a 400, as a server in
// "Prefer: handling=strict" mode would answer, so a client that sends
// parameters the server never declared is caught rather than silently
// ignored.
//
// Fault knobs (SetFault, SetGzip) let tests make it slow, hang, fail, lie or
// misbehave; counters, hooks and the request record let tests observe what a
// client did. Everything is safe for concurrent use.
//
// It lives outside _test.go files so that other packages' tests can import
// it; it is not meant for production.
package fhirserver

import (
	"compress/gzip"
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/fhir/search"
)

// Options configure a Server. The zero value declares every search
// parameter the server implements, serves at the root and has no
// $everything.
type Options struct {
	// Prefix is the path the FHIR base is served under ("/fhir"); "" serves
	// at the root. Requests outside it are 404s.
	Prefix string

	// Declare chooses, per resource type, which of the search parameters
	// the server implements it declares in its CapabilityStatement and
	// accepts. Nil declares them all. The parameters are _id, _lastUpdated
	// and identifier for every type, and patient, subject, code, date and
	// status for types in the patient compartment, each where R4 defines
	// it for the type (see AllParameters for more). The server applies
	// them with package search, exactly as shcr's engine does.
	Declare func(resourceType, param string) bool

	// AllParameters declares every R4 search parameter of the type that
	// package search evaluates, rather than the classic few, for types
	// that package search serves: a full FHIR server, to which shcr pushes
	// down as much as it can.
	AllParameters bool

	// Everything declares and serves Patient/{id}/$everything.
	Everything bool

	// DefaultCount is the page size of a search without _count; zero means
	// 50. MaxCount caps _count; zero means 500.
	DefaultCount int
	MaxCount     int

	// Gzip compresses responses for clients that accept gzip. SetGzip
	// changes it later.
	Gzip bool

	// AbsoluteReferences serves every relative reference as an absolute
	// URL under the server's base ("https://host/fhir/Patient/p1"), as some
	// servers do, so tests can check that clients turn them back into
	// relative ones.
	AbsoluteReferences bool

	// Authorize, when set, is asked about every request; false answers 401
	// with an OperationOutcome.
	Authorize func(r *http.Request) bool

	// OnRequest, when set, is called as each request arrives, before any
	// fault applies. OnCancel is called when the server sees a request's
	// context end before it has answered: the client gave up or cancelled.
	// Tests use them to wait for events without sleeping.
	OnRequest func(r *http.Request)
	OnCancel  func(r *http.Request)
}

// Fault makes the server misbehave. The zero Fault does nothing. Fields
// combine: the waits (Latency, Hang, Block) come first, then Status, then the
// body faults on an otherwise normal answer.
type Fault struct {
	// Match, when set, limits the fault to the requests it accepts; nil
	// matches every request.
	Match func(r *http.Request) bool
	// Times limits the fault to the next Times matching requests; zero
	// applies it until it is replaced or cleared.
	Times int

	// Latency delays the answer (the server gives up early if the client
	// does).
	Latency time.Duration
	// Hang never answers: the handler waits until the client gives up.
	Hang bool
	// Block, when set, holds the answer until the channel is closed or the
	// client gives up.
	Block <-chan struct{}

	// Status answers with this status and an OperationOutcome instead of
	// the real answer.
	Status int
	// RetryAfter is sent as the Retry-After header (with any answer).
	RetryAfter string

	// Body replaces the body of the answer (status 200, FHIR JSON content
	// type unless ContentType says otherwise).
	Body []byte
	// Garbage replaces the body with bytes that are not JSON.
	Garbage bool
	// Truncate cuts the body in half, as a proxy cutting a response short
	// would; no Content-Length is sent, so the client sees a complete HTTP
	// response holding incomplete JSON.
	Truncate bool
	// Pad appends whitespace after the JSON until the body is at least Pad
	// bytes, which keeps it valid JSON but oversized.
	Pad int64
	// ContentType replaces the Content-Type header.
	ContentType string

	// Inject adds this resource (JSON) as one more entry of every searchset
	// Bundle, e.g. a resource about another patient.
	Inject []byte
	// NextBase replaces the server's base in next links, e.g. with another
	// host's, to test that clients refuse to follow them.
	NextBase string
}

// Recorded is one request as the server received it.
type Recorded struct {
	// Proto is the protocol, e.g. HTTP/1.1 or HTTP/2.0.
	Proto    string
	Method   string
	Path     string
	RawQuery string
	Header   http.Header
	// ClientCert is the subject common name of the client's TLS
	// certificate, "" when there was none.
	ClientCert string
}

// maxRecorded bounds the request record.
const maxRecorded = 1000

// Server serves an adapters.Source as a FHIR R4 REST API. It is an
// http.Handler and safe for concurrent use.
type Server struct {
	src adapters.Source
	opt Options

	gzip          atomic.Bool
	requests      atomic.Int64
	cancellations atomic.Int64

	// gzips reuses gzip writers, whose compression tables are costly to
	// allocate per response.
	gzips sync.Pool

	// reg is the R4 search parameter registry, built by New so that no
	// request pays for it (regErr says why it could not be).
	reg    *search.Registry
	regErr error

	mu        sync.Mutex
	fault     *Fault
	faultLeft int
	recorded  []Recorded
}

var _ http.Handler = (*Server)(nil)

// New returns a server over src.
func New(src adapters.Source, opts Options) *Server {
	if opts.DefaultCount <= 0 {
		opts.DefaultCount = 50
	}
	if opts.MaxCount <= 0 {
		opts.MaxCount = 500
	}
	opts.Prefix = strings.TrimRight(opts.Prefix, "/")
	s := &Server{src: src, opt: opts}
	s.reg, s.regErr = search.NewRegistry()
	s.gzip.Store(opts.Gzip)
	return s
}

// SetFault makes the server misbehave as f says from now on, replacing any
// earlier fault. SetFault(Fault{}) clears it.
func (s *Server) SetFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault = &f
	s.faultLeft = f.Times
}

// SetGzip turns gzip compression of responses on or off.
func (s *Server) SetGzip(on bool) { s.gzip.Store(on) }

// Requests returns how many requests the server has received.
func (s *Server) Requests() int { return int(s.requests.Load()) }

// Cancellations returns how many requests ended, client-side, before the
// server answered them.
func (s *Server) Cancellations() int { return int(s.cancellations.Load()) }

// Recorded returns the most recent requests (up to 1000), oldest first.
func (s *Server) Recorded() []Recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Recorded, len(s.recorded))
	copy(out, s.recorded)
	return out
}

// takeFault returns the fault that applies to r, counting it down.
func (s *Server) takeFault(r *http.Request) Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fault == nil || (s.fault.Match != nil && !s.fault.Match(r)) {
		return Fault{}
	}
	f := *s.fault
	if f.Times > 0 {
		s.faultLeft--
		if s.faultLeft <= 0 {
			s.fault = nil
		}
	}
	return f
}

func (s *Server) record(r *http.Request) {
	rec := Recorded{Proto: r.Proto, Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Header: r.Header.Clone()}
	if r.TLS != nil && len(r.TLS.PeerCertificates) > 0 {
		rec.ClientCert = r.TLS.PeerCertificates[0].Subject.CommonName
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.recorded) >= maxRecorded {
		s.recorded = append(s.recorded[:0], s.recorded[1:]...)
	}
	s.recorded = append(s.recorded, rec)
}

// cancelled notes that the client gave up on r before it was answered.
func (s *Server) cancelled(r *http.Request) {
	s.cancellations.Add(1)
	if s.opt.OnCancel != nil {
		s.opt.OnCancel(r)
	}
}

// response is an answer before the body faults apply.
type response struct {
	status int
	body   []byte
	header http.Header
}

func outcome(status int, code, diagnostics string) response {
	severity := fhir.SeverityError
	if status >= 500 {
		severity = fhir.SeverityFatal
	}
	return response{status: status, body: fhir.OperationOutcome("", fhir.Issue{Severity: severity, Code: code, Diagnostics: diagnostics})}
}

// ServeHTTP answers one FHIR request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	s.record(r)
	if s.opt.OnRequest != nil {
		s.opt.OnRequest(r)
	}
	f := s.takeFault(r)
	if !s.wait(r.Context(), f) {
		s.cancelled(r)
		return
	}
	resp := s.answer(r, f)
	if r.Context().Err() != nil {
		s.cancelled(r)
		return
	}
	s.write(w, r, f, resp)
}

// wait applies the fault's delays; it returns false if the client gave up
// first.
func (s *Server) wait(ctx context.Context, f Fault) bool {
	if f.Latency > 0 {
		t := time.NewTimer(f.Latency)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return false
		}
	}
	if f.Hang {
		<-ctx.Done()
		return false
	}
	if f.Block != nil {
		select {
		case <-f.Block:
		case <-ctx.Done():
			return false
		}
	}
	return true
}

// answer routes the request and builds the answer.
func (s *Server) answer(r *http.Request, f Fault) response {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		resp := outcome(http.StatusMethodNotAllowed, fhir.IssueNotSupported, "this server only reads")
		resp.header = http.Header{"Allow": {"GET, HEAD"}}
		return resp
	}
	if s.opt.Authorize != nil && !s.opt.Authorize(r) {
		resp := outcome(http.StatusUnauthorized, fhir.IssueLogin, "missing or invalid credentials")
		resp.header = http.Header{"Www-Authenticate": {`Bearer realm="fhirserver"`}}
		return resp
	}
	if f.Status != 0 {
		code := fhir.IssueTransient
		if f.Status < 500 && f.Status != http.StatusTooManyRequests {
			code = fhir.IssueProcessing
		}
		return outcome(f.Status, code, "fault injected by the test")
	}
	rest, ok := strings.CutPrefix(r.URL.Path, s.opt.Prefix+"/")
	if !ok {
		return outcome(http.StatusNotFound, fhir.IssueNotFound, "not under the FHIR base")
	}
	base := s.base(r)
	parts := strings.Split(rest, "/")
	switch {
	case len(parts) == 1 && parts[0] == "metadata":
		return s.metadata(r.Context(), base)
	case len(parts) == 1 && validType(parts[0]):
		return s.search(r, base, parts[0], f)
	case len(parts) == 2 && validType(parts[0]) && fhir.ValidID(parts[1]):
		return s.read(r.Context(), base, parts[0], parts[1])
	case len(parts) == 3 && parts[0] == "Patient" && fhir.ValidID(parts[1]) && parts[2] == "$everything" && s.opt.Everything:
		return s.everything(r, base, parts[1], f)
	}
	return outcome(http.StatusNotFound, fhir.IssueNotFound, "no such endpoint")
}

// base is the server's FHIR base URL as the client reached it.
func (s *Server) base(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + s.opt.Prefix
}

// write sends resp with the body faults applied.
func (s *Server) write(w http.ResponseWriter, r *http.Request, f Fault, resp response) {
	body := resp.body
	switch {
	case f.Garbage:
		resp.status, body = http.StatusOK, []byte("<html><body>502 Bad Gateway, or so</body></html>\n")
	case f.Body != nil:
		resp.status, body = http.StatusOK, f.Body
	}
	if f.Truncate {
		body = body[:len(body)/2]
	}
	h := w.Header()
	for k, v := range resp.header {
		h[k] = v
	}
	h.Set("Content-Type", "application/fhir+json; charset=utf-8")
	if f.ContentType != "" {
		h.Set("Content-Type", f.ContentType)
	}
	if f.RetryAfter != "" {
		h.Set("Retry-After", f.RetryAfter)
	}
	pad := f.Pad - int64(len(body))
	var out interface {
		Write([]byte) (int, error)
	} = w
	if s.gzip.Load() && acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		h.Add("Vary", "Accept-Encoding")
		gz, _ := s.gzips.Get().(*gzip.Writer)
		if gz == nil {
			gz, _ = gzip.NewWriterLevel(w, gzip.BestSpeed)
		} else {
			gz.Reset(w)
		}
		defer func() {
			if gz.Close() == nil {
				s.gzips.Put(gz)
			}
		}()
		out = gz
	} else if !f.Truncate && pad <= 0 {
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.WriteHeader(resp.status)
	if r.Method == http.MethodHead {
		return
	}
	if _, err := out.Write(body); err != nil {
		return
	}
	if pad > 0 {
		chunk := []byte(strings.Repeat(" ", 32<<10))
		for pad > 0 && r.Context().Err() == nil {
			n := min(pad, int64(len(chunk)))
			if _, err := out.Write(chunk[:n]); err != nil {
				return
			}
			pad -= n
		}
	}
}

func acceptsGzip(r *http.Request) bool {
	for _, v := range r.Header.Values("Accept-Encoding") {
		for _, enc := range strings.Split(v, ",") {
			if name, _, _ := strings.Cut(strings.TrimSpace(enc), ";"); strings.EqualFold(name, "gzip") {
				return true
			}
		}
	}
	return false
}

// validType reports whether s can be a resource type name.
func validType(s string) bool {
	if len(s) < 2 || len(s) > 64 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}
