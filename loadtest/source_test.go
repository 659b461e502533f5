package loadtest

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/shcr/shcr/fhir"
)

// get fetches path from the source, with gzip handled by hand so the test
// sees what the source sent.
func get(t *testing.T, s *Source, path string, gz bool) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL()+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if gz {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, body
}

// entries parses a searchset Bundle strictly and returns its resources.
func entries(t *testing.T, raw []byte) []*fhir.Resource {
	t.Helper()
	if _, err := fhir.Parse(raw, fhir.Limits{MaxDepth: 128}); err != nil {
		t.Fatalf("the answer is not strict FHIR JSON: %v", err)
	}
	var b struct {
		Type  string `json:"type"`
		Entry []struct {
			Resource jsontext.Value `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(raw, &b); err != nil {
		t.Fatal(err)
	}
	if b.Type != "searchset" {
		t.Fatalf("Bundle type %q, want searchset", b.Type)
	}
	var out []*fhir.Resource
	for _, e := range b.Entry {
		r, err := fhir.Parse(e.Resource, fhir.DefaultLimits())
		if err != nil {
			t.Fatalf("entry: %v", err)
		}
		out = append(out, r)
	}
	return out
}

func TestSourceAnswers(t *testing.T) {
	const nhs = "9990000018"
	s, err := StartSource(SourceOptions{ID: "src-1", Name: "Synthetic Organisation 1", Resources: 20})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	tests := []struct {
		name      string
		path      string
		status    int
		wantTypes map[string]int
	}{
		{name: "resolution by NHS number", path: "/Patient?identifier=" + nhsSystem + "%7C" + nhs + "&_count=100", status: 200, wantTypes: map[string]int{"Patient": 1}},
		{name: "patient by id", path: "/Patient?_id=p" + nhs, status: 200, wantTypes: map[string]int{"Patient": 1}},
		{name: "everything", path: "/Patient/p" + nhs + "/$everything?_count=100", status: 200, wantTypes: map[string]int{
			"Patient": 1, "Observation": 8, "Encounter": 3, "Condition": 2, "MedicationStatement": 2, "Procedure": 2, "Immunization": 2, "AllergyIntolerance": 1,
			"Practitioner": 1, "Organization": 1}},
		{name: "one type by patient", path: "/Observation?patient=p" + nhs, status: 200, wantTypes: map[string]int{"Observation": 8}},
		{name: "supporting by id", path: "/Practitioner?_id=prac-" + nhs, status: 200, wantTypes: map[string]int{"Practitioner": 1}},
		{name: "unknown type", path: "/Flag?patient=p" + nhs, status: 404},
		{name: "no patient", path: "/Observation?code=x", status: 404},
		{name: "not an NHS number", path: "/Observation?patient=pABCDEFGHIJ", status: 404},
		{name: "outside the base", path: "/../metadata", status: 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, h, body := get(t, s, tt.path, false)
			if status != tt.status {
				t.Fatalf("status %d, want %d: %s", status, tt.status, body)
			}
			if ct := h.Get("Content-Type"); ct != "application/fhir+json" {
				t.Errorf("Content-Type %q", ct)
			}
			if tt.status != 200 {
				return
			}
			got := map[string]int{}
			for _, r := range entries(t, body) {
				got[r.Type]++
				if r.Type == "Patient" {
					if len(r.Identifiers) != 1 || r.Identifiers[0].Value != nhs || r.ID != "p"+nhs {
						t.Errorf("Patient %s has identifiers %v, want the NHS number %s", r.ID, r.Identifiers, nhs)
					}
				}
				for _, ref := range r.PatientRefs {
					if ref != "Patient/p"+nhs {
						t.Errorf("%s/%s refers to %s, want Patient/p%s", r.Type, r.ID, ref, nhs)
					}
				}
			}
			if len(got) != len(tt.wantTypes) {
				t.Errorf("types %v, want %v", got, tt.wantTypes)
			}
			for typ, n := range tt.wantTypes {
				if got[typ] != n {
					t.Errorf("%d %s, want %d (all: %v)", got[typ], typ, n, got)
				}
			}
		})
	}

	t.Run("metadata is a CapabilityStatement with $everything", func(t *testing.T) {
		status, _, body := get(t, s, "/metadata", false)
		r, err := fhir.Parse(body, fhir.DefaultLimits())
		if status != 200 || err != nil || r.Type != "CapabilityStatement" {
			t.Fatalf("status %d, %v, type %v", status, err, r)
		}
		if !bytes.Contains(body, []byte(`"everything"`)) {
			t.Errorf("the CapabilityStatement does not declare $everything")
		}
	})

	t.Run("calls are recorded per patient and taken once", func(t *testing.T) {
		s.forget(nhs)
		before := time.Now()
		get(t, s, "/Patient?identifier="+nhsSystem+"%7C"+nhs, false)
		get(t, s, "/Observation?patient=p"+nhs, false)
		get(t, s, "/Observation?patient=p9990000026", false)
		calls, err := s.take(nhs, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if len(calls) != 2 {
			t.Fatalf("%d calls recorded, want 2", len(calls))
		}
		for _, c := range calls {
			if c.start.Before(before) || c.end.Before(c.start) {
				t.Errorf("call interval %v–%v is not after %v and ordered", c.start, c.end, before)
			}
		}
		if again, _ := s.take(nhs, time.Second); len(again) != 0 {
			t.Errorf("take returned %d calls a second time, want none", len(again))
		}
	})
}

func TestSourceLatency(t *testing.T) {
	const nhs = "9990000018"
	s, err := StartSource(SourceOptions{ID: "src-1", Name: "Slow", Resources: 1, Latency: Latency{Mean: 30 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	get(t, s, "/Observation?patient=p"+nhs, false)
	calls, err := s.take(nhs, time.Second)
	if err != nil || len(calls) != 1 {
		t.Fatalf("take() = %v, %v; want one call", calls, err)
	}
	if d := calls[0].end.Sub(calls[0].start); d < 30*time.Millisecond {
		t.Errorf("the call took %s, want at least the 30ms latency", d)
	}
}

func TestSourceGzip(t *testing.T) {
	const nhs = "9990000018"
	s, err := StartSource(SourceOptions{ID: "src-1", Name: "Zipped", Resources: 30, Gzip: true, Patients: []string{nhs}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tests := []struct {
		name     string
		nhs      string
		acceptGz bool
		wantGz   bool
	}{
		{name: "a patient of the load, gzip accepted", nhs: nhs, acceptGz: true, wantGz: true},
		{name: "gzip not accepted", nhs: nhs, acceptGz: false, wantGz: false},
		{name: "a patient outside the load", nhs: "9990000026", acceptGz: true, wantGz: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, h, body := get(t, s, "/Patient/p"+tt.nhs+"/$everything", tt.acceptGz)
			if status != 200 {
				t.Fatalf("status %d", status)
			}
			if gz := h.Get("Content-Encoding") == "gzip"; gz != tt.wantGz {
				t.Fatalf("Content-Encoding %q, want gzip %v", h.Get("Content-Encoding"), tt.wantGz)
			}
			if tt.wantGz {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				if body, err = io.ReadAll(zr); err != nil {
					t.Fatal(err)
				}
			}
			if n := len(entries(t, body)); n != 33 {
				t.Errorf("%d entries, want 33", n)
			}
			if !strings.Contains(string(body), tt.nhs) {
				t.Errorf("the answer does not name the patient's NHS number")
			}
		})
	}
}

func TestCeilingView(t *testing.T) {
	const nhs = "9990000018"
	var answers [][][]byte
	for _, name := range []string{"One", "Two"} {
		s, err := StartSource(SourceOptions{ID: name, Name: name, Resources: 10})
		if err != nil {
			t.Fatal(err)
		}
		answers = append(answers, s.answers(nhs))
		s.Close()
	}
	n, buf, err := ceilingView(answers, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(buf) || n == 0 {
		t.Fatalf("ceilingView wrote %d bytes, buffer holds %d", n, len(buf))
	}
	// Two sources, each: the Patient twice (resolution and $everything),
	// ten resources and two supporting ones.
	if got := len(entries(t, buf)); got != 2*(2+10+2) {
		t.Errorf("the ceiling's Bundle has %d entries, want %d", got, 2*(2+10+2))
	}
	c, err := measureCeiling(answers, 20*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if c.rps <= 0 || c.cpuMsPerOp < 0 {
		t.Errorf("measureCeiling = %+v, want a positive rate", c)
	}
}

func TestPatientPoolIsValidNHSNumbers(t *testing.T) {
	pool := patientPool(50)
	seen := map[string]bool{}
	for _, p := range pool {
		if _, err := fhir.ParseNHSNumber(p); err != nil || !strings.HasPrefix(p, "999") {
			t.Errorf("%s: %v (want a valid NHS number in the 999 test range)", p, err)
		}
		if seen[p] {
			t.Errorf("%s twice", p)
		}
		seen[p] = true
	}
	if len(pool) != 50 {
		t.Errorf("%d numbers, want 50", len(pool))
	}
}
