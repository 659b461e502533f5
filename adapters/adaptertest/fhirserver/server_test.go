package fhirserver_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/shcr/shcr/adapters/adaptertest"
	"github.com/shcr/shcr/adapters/adaptertest/fhirserver"
	"github.com/shcr/shcr/adapters/dirsource"
	"github.com/shcr/shcr/fhir"
)

func newServer(t *testing.T, opts fhirserver.Options) (*fhirserver.Server, *httptest.Server) {
	t.Helper()
	dir := t.TempDir()
	if err := adaptertest.WriteFixture(dir); err != nil {
		t.Fatal(err)
	}
	src, err := dirsource.New(context.Background(), dir, dirsource.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := fhirserver.New(src, opts)
	hs := httptest.NewServer(s)
	t.Cleanup(hs.Close)
	return s, hs
}

type bundle struct {
	Type  string `json:"type"`
	Total int    `json:"total"`
	Link  []struct {
		Relation string `json:"relation"`
		URL      string `json:"url"`
	} `json:"link"`
	Entry []struct {
		FullURL  string         `json:"fullUrl"`
		Resource jsontext.Value `json:"resource"`
	} `json:"entry"`
}

func (b bundle) next() string {
	for _, l := range b.Link {
		if l.Relation == "next" {
			return l.URL
		}
	}
	return ""
}

func (b bundle) ids(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, e := range b.Entry {
		r, err := fhir.Parse(e.Resource, fhir.DefaultLimits())
		if err != nil {
			t.Fatalf("entry does not parse: %v", err)
		}
		out = append(out, r.Type+"/"+r.ID)
	}
	return out
}

func get(t *testing.T, url string) (int, http.Header, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

func getBundle(t *testing.T, url string) bundle {
	t.Helper()
	status, _, body := get(t, url)
	if status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, status, body)
	}
	var b bundle
	if err := json.Unmarshal(body, &b); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return b
}

func TestCapabilityStatement(t *testing.T) {
	v, err := fhir.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name           string
		opts           fhirserver.Options
		wantObsParams  []string
		wantEverything bool
	}{
		{name: "everything declared", opts: fhirserver.Options{Everything: true},
			wantObsParams: []string{"_id", "_lastUpdated", "identifier", "patient", "subject", "code", "date", "status"}, wantEverything: true},
		{name: "declare filters parameters", opts: fhirserver.Options{Declare: func(typ, p string) bool { return p == "subject" }},
			wantObsParams: []string{"subject"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, hs := newServer(t, tt.opts)
			status, _, body := get(t, hs.URL+"/metadata")
			if status != http.StatusOK {
				t.Fatalf("status %d", status)
			}
			if err := v.Validate(body); err != nil {
				t.Fatalf("the CapabilityStatement is not valid R4: %v", err)
			}
			var cs struct {
				Rest []struct {
					Resource []struct {
						Type        string `json:"type"`
						SearchParam []struct {
							Name string `json:"name"`
						} `json:"searchParam"`
						Operation []struct {
							Name string `json:"name"`
						} `json:"operation"`
					} `json:"resource"`
				} `json:"rest"`
			}
			if err := json.Unmarshal(body, &cs); err != nil {
				t.Fatal(err)
			}
			everything := false
			for _, r := range cs.Rest[0].Resource {
				if r.Type == "Observation" {
					var got []string
					for _, p := range r.SearchParam {
						got = append(got, p.Name)
					}
					if !slices.Equal(got, tt.wantObsParams) {
						t.Errorf("Observation declares %q, want %q", got, tt.wantObsParams)
					}
				}
				if r.Type == "Patient" {
					everything = len(r.Operation) > 0
				}
			}
			if everything != tt.wantEverything {
				t.Errorf("$everything declared = %v, want %v", everything, tt.wantEverything)
			}
		})
	}
}

func TestSearch(t *testing.T) {
	_, hs := newServer(t, fhirserver.Options{Everything: true})
	tests := []struct {
		name string
		path string
		want []string
	}{
		{"by patient", "/Observation?patient=pat-a", []string{"Observation/obs-a1", "Observation/obs-a2"}},
		{"by subject", "/Observation?subject=Patient/pat-b", []string{"Observation/obs-b1"}},
		{"patient and subject intersect", "/Observation?subject=Patient/pat-b&patient=pat-a", nil},
		{"identifier", "/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number%7C9990000018", []string{"Patient/pat-a"}},
		{"_id", "/Observation?patient=pat-a&_id=obs-a2", []string{"Observation/obs-a2"}},
		{"code with system", "/Observation?patient=pat-a&code=http://snomed.info/sct%7C27113001", []string{"Observation/obs-a1", "Observation/obs-a2"}},
		{"code without a match", "/Observation?patient=pat-a&code=http://snomed.info/sct%7C1", nil},
		{"date prefix", "/Observation?patient=pat-a&date=ge2025-01-01", []string{"Observation/obs-a2"}},
		{"date precision", "/Observation?patient=pat-a&date=2024-03", []string{"Observation/obs-a1"}},
		{"status", "/Observation?patient=pat-a&status=final", []string{"Observation/obs-a1", "Observation/obs-a2"}},
		{"status:not", "/Observation?patient=pat-a&status:not=final", nil},
		{"medication code", "/MedicationStatement?patient=pat-a&code=319283006", []string{"MedicationStatement/meds-a1"}},
		{"supporting types need no patient", "/Organization", []string{"Organization/org1"}},
		{"$everything", "/Patient/pat-b/$everything", []string{"Patient/pat-b", "AllergyIntolerance/allergy-b1", "Appointment/appt-b1", "Observation/obs-b1", "Organization/org1", "Practitioner/doc1"}},
		{"$everything _type", "/Patient/pat-b/$everything?_type=Observation", []string{"Observation/obs-b1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := getBundle(t, hs.URL+tt.path).ids(t)
			if !slices.Equal(got, tt.want) {
				t.Errorf("GET %s = %q, want %q", tt.path, got, tt.want)
			}
		})
	}
}

func TestSearchErrors(t *testing.T) {
	_, hs := newServer(t, fhirserver.Options{Declare: func(typ, p string) bool { return p != "code" }})
	tests := []struct {
		name string
		path string
		want int
	}{
		{"undeclared parameter", "/Observation?patient=pat-a&code=x", http.StatusBadRequest},
		{"unknown parameter", "/Observation?patient=pat-a&color=red", http.StatusBadRequest},
		{"unknown modifier", "/Observation?patient=pat-a&status:exact=final", http.StatusBadRequest},
		{"compartment type without patient", "/Observation", http.StatusBadRequest},
		{"patient without criteria", "/Patient", http.StatusBadRequest},
		{"bad cursor", "/Observation?patient=pat-a&_cursor=nope", http.StatusBadRequest},
		{"bad _count", "/Observation?patient=pat-a&_count=-1", http.StatusBadRequest},
		{"unknown type", "/Widget", http.StatusNotFound},
		{"missing resource", "/Patient/nobody", http.StatusNotFound},
		{"$everything not offered", "/Patient/pat-a/$everything", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, h, body := get(t, hs.URL+tt.path)
			if status != tt.want {
				t.Fatalf("GET %s: %d, want %d", tt.path, status, tt.want)
			}
			r, err := fhir.Parse(body, fhir.DefaultLimits())
			if err != nil || r.Type != "OperationOutcome" || !strings.HasPrefix(h.Get("Content-Type"), "application/fhir+json") {
				t.Errorf("GET %s: the error is not an OperationOutcome: %s", tt.path, body)
			}
		})
	}
}

func TestPaging(t *testing.T) {
	_, hs := newServer(t, fhirserver.Options{Everything: true, DefaultCount: 2})
	var got []string
	pages := 0
	for u := hs.URL + "/Patient/pat-a/$everything"; u != ""; pages++ {
		b := getBundle(t, u)
		if b.Total != 7 {
			t.Errorf("total = %d, want 7", b.Total)
		}
		got = append(got, b.ids(t)...)
		u = b.next()
		if strings.Contains(u, "offset") {
			t.Errorf("the next link %s shows its offset; it should be opaque", u)
		}
	}
	if pages != 4 || len(got) != 7 {
		t.Errorf("%d pages with %d resources, want 4 pages with 7", pages, len(got))
	}
	if first := getBundle(t, hs.URL+"/Observation?patient=pat-a&_count=1"); first.next() == "" || len(first.Entry) != 1 {
		t.Errorf("_count=1 gave %d entries and next %q", len(first.Entry), first.next())
	}
}

func TestRead(t *testing.T) {
	_, hs := newServer(t, fhirserver.Options{AbsoluteReferences: true, Prefix: "/fhir"})
	status, _, body := get(t, hs.URL+"/fhir/Observation/obs-a1")
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	r, err := fhir.Parse(body, fhir.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if want := hs.URL + "/fhir/Patient/pat-a"; !slices.Equal(r.PatientRefs, []string{want}) {
		t.Errorf("references %q, want absolute %s", r.PatientRefs, want)
	}
	if status, _, _ := get(t, hs.URL+"/Observation/obs-a1"); status != http.StatusNotFound {
		t.Errorf("outside the prefix: %d, want 404", status)
	}
}

func TestFaults(t *testing.T) {
	other := []byte(`{"resourceType":"Observation","id":"intruder","status":"final","code":{"text":"x"},"subject":{"reference":"Patient/someone-else"}}`)
	tests := []struct {
		name  string
		fault fhirserver.Fault
		check func(t *testing.T, status int, h http.Header, body []byte)
	}{
		{"status and Retry-After", fhirserver.Fault{Status: 429, RetryAfter: "7"}, func(t *testing.T, status int, h http.Header, body []byte) {
			if status != 429 || h.Get("Retry-After") != "7" {
				t.Errorf("got %d Retry-After %q", status, h.Get("Retry-After"))
			}
		}},
		{"garbage", fhirserver.Fault{Garbage: true}, func(t *testing.T, status int, h http.Header, body []byte) {
			if status != 200 || jsontext.Value(body).IsValid() {
				t.Errorf("got %d %s", status, body)
			}
		}},
		{"body", fhirserver.Fault{Body: []byte(`{"a":1,"a":2}`)}, func(t *testing.T, status int, h http.Header, body []byte) {
			if string(body) != `{"a":1,"a":2}` {
				t.Errorf("got %s", body)
			}
		}},
		{"truncate", fhirserver.Fault{Truncate: true}, func(t *testing.T, status int, h http.Header, body []byte) {
			if status != 200 || jsontext.Value(body).IsValid() || len(body) == 0 {
				t.Errorf("got %d, %d bytes, valid JSON %v", status, len(body), jsontext.Value(body).IsValid())
			}
		}},
		{"pad", fhirserver.Fault{Pad: 100 << 10}, func(t *testing.T, status int, h http.Header, body []byte) {
			if len(body) < 100<<10 || !jsontext.Value(body).IsValid() {
				t.Errorf("got %d bytes, valid JSON %v", len(body), jsontext.Value(body).IsValid())
			}
		}},
		{"content type", fhirserver.Fault{ContentType: "text/html"}, func(t *testing.T, status int, h http.Header, body []byte) {
			if h.Get("Content-Type") != "text/html" {
				t.Errorf("got %q", h.Get("Content-Type"))
			}
		}},
		{"inject", fhirserver.Fault{Inject: other}, func(t *testing.T, status int, h http.Header, body []byte) {
			if !bytes.Contains(body, []byte("someone-else")) {
				t.Errorf("the injected resource is missing: %s", body)
			}
		}},
		{"next base", fhirserver.Fault{NextBase: "http://elsewhere.example/fhir"}, func(t *testing.T, status int, h http.Header, body []byte) {
			var b bundle
			if err := json.Unmarshal(body, &b); err != nil || !strings.HasPrefix(b.next(), "http://elsewhere.example/fhir/Observation?") {
				t.Errorf("next = %q (%v)", b.next(), err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, hs := newServer(t, fhirserver.Options{})
			s.SetFault(tt.fault)
			status, h, body := get(t, hs.URL+"/Observation?patient=pat-a&_count=1")
			tt.check(t, status, h, body)
		})
	}
}

func TestFaultTimesAndMatch(t *testing.T) {
	s, hs := newServer(t, fhirserver.Options{})
	s.SetFault(fhirserver.Fault{Status: 503, Times: 2, Match: func(r *http.Request) bool { return r.URL.Path == "/Observation" }})
	var got []int
	for _, p := range []string{"/metadata", "/Observation?patient=pat-a", "/Observation?patient=pat-a", "/Observation?patient=pat-a"} {
		status, _, _ := get(t, hs.URL+p)
		got = append(got, status)
	}
	if want := []int{200, 503, 503, 200}; !slices.Equal(got, want) {
		t.Errorf("statuses %v, want %v", got, want)
	}
	if s.Requests() != 4 || len(s.Recorded()) != 4 {
		t.Errorf("counted %d requests, recorded %d, want 4", s.Requests(), len(s.Recorded()))
	}
}

func TestHangObservesCancellation(t *testing.T) {
	arrived := make(chan struct{}, 1)
	cancelled := make(chan struct{}, 1)
	s, hs := newServer(t, fhirserver.Options{
		OnRequest: func(*http.Request) { arrived <- struct{}{} },
		OnCancel:  func(*http.Request) { cancelled <- struct{}{} },
	})
	s.SetFault(fhirserver.Fault{Hang: true})
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, hs.URL+"/metadata", nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	<-arrived
	cancel()
	<-cancelled
	if err := <-errc; err == nil {
		t.Error("the hung request succeeded")
	}
	if s.Cancellations() != 1 {
		t.Errorf("Cancellations() = %d, want 1", s.Cancellations())
	}
}

func TestGzipAndAuthorize(t *testing.T) {
	s, hs := newServer(t, fhirserver.Options{Gzip: true, Authorize: func(r *http.Request) bool {
		return r.Header.Get("Authorization") == "Bearer ok"
	}})
	req, _ := http.NewRequest(http.MethodGet, hs.URL+"/metadata", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	req.Header.Set("Authorization", "Bearer ok")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip", resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := io.ReadAll(zr); err != nil || !jsontext.Value(b).IsValid() {
		t.Errorf("the gzipped body is not JSON: %v", err)
	}
	s.SetGzip(false)
	if status, h, _ := get(t, hs.URL+"/metadata"); status != http.StatusUnauthorized || h.Get("Www-Authenticate") == "" {
		t.Errorf("without credentials: %d %v, want 401 with a challenge", status, h)
	}
}

// TestSearchAllParameters checks that with AllParameters the server
// declares and applies R4's own parameters, modifiers included, with
// package search.
func TestSearchAllParameters(t *testing.T) {
	_, hs := newServer(t, fhirserver.Options{AllParameters: true})
	tests := []struct {
		name   string
		path   string
		want   []string
		status int
	}{
		{name: "quantity", path: "/Observation?patient=pat-a&value-quantity=gt72", want: []string{"Observation/obs-a1"}},
		{name: "token :text", path: "/Observation?patient=pat-a&code:text=body", want: []string{"Observation/obs-a1", "Observation/obs-a2"}},
		{name: "token system|code", path: "/Observation?patient=pat-a&category=http://terminology.hl7.org/CodeSystem/observation-category%7Cvital-signs", want: []string{"Observation/obs-a1", "Observation/obs-a2"}},
		{name: "reference", path: "/Observation?patient=pat-a&performer=Practitioner/doc1&date=lt2025", want: []string{"Observation/obs-a1"}},
		{name: "missing", path: "/Observation?patient=pat-a&encounter:missing=true", want: []string{"Observation/obs-a1", "Observation/obs-a2"}},
		{name: "AND by repetition", path: "/Observation?patient=pat-a&date=ge2024&date=lt2025-06", want: []string{"Observation/obs-a1", "Observation/obs-a2"}},
		{name: "invalid value", path: "/Observation?patient=pat-a&date=2024-13", status: http.StatusBadRequest},
		{name: "a modifier R4 does not allow", path: "/Observation?patient=pat-a&date:exact=2024", status: http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.status != 0 {
				if status, _, body := get(t, hs.URL+tt.path); status != tt.status {
					t.Fatalf("GET %s: status %d, want %d: %s", tt.path, status, tt.status, body)
				}
				return
			}
			got := getBundle(t, hs.URL+tt.path).ids(t)
			if !slices.Equal(got, tt.want) {
				t.Errorf("GET %s = %q, want %q", tt.path, got, tt.want)
			}
		})
	}
}
