package rest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-json-experiment/json"

	"github.com/shcr/shcr/adapters/dirsource"
	"github.com/shcr/shcr/federation"
	"github.com/shcr/shcr/policy"
	"github.com/shcr/shcr/policy/store"
	"github.com/shcr/shcr/policy/store/storetest"
)

// benchNHS is the synthetic patient of the search benchmark.
const benchNHS = "9990000018"

// anyToken accepts every token as one clinician.
type anyToken struct{}

func (anyToken) Verify(context.Context, string) (policy.Principal, error) {
	// The launch context names the patient: a legitimate relationship
	// whatever the organisations in a test are.
	return policy.Principal{UserID: "dr-bench", Role: policy.RoleClinician, Organisation: "X1A01", Issuer: "bench",
		Scopes: []string{"user/*.rs"}, Patient: benchNHS}, nil
}

// writeBenchPatient writes one organisation's folder: the patient and n
// Observations of realistic shape (a coded vital sign or lab result, a
// quantity, a performer), varied in code, category, status and date.
func writeBenchPatient(b testing.TB, dir, local string, first, n int) {
	b.Helper()
	codes := [][2]string{{"8867-4", "Heart rate"}, {"8310-5", "Body temperature"}, {"29463-7", "Body weight"}, {"2708-6", "Oxygen saturation"},
		{"718-7", "Haemoglobin"}, {"777-3", "Platelets"}, {"2823-3", "Potassium"}, {"2951-2", "Sodium"}}
	statuses := []string{"final", "final", "final", "amended", "preliminary"}
	entries := []any{map[string]any{"resource": map[string]any{
		"resourceType": "Patient", "id": local,
		"identifier": []any{map[string]any{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": benchNHS}},
		"name":       []any{map[string]any{"family": "Bench", "given": []any{"Pat"}}},
	}}}
	for i := first; i < first+n; i++ {
		code := codes[i%len(codes)]
		category := "vital-signs"
		if i%len(codes) >= 4 {
			category = "laboratory"
		}
		entries = append(entries, map[string]any{"resource": map[string]any{
			"resourceType": "Observation", "id": fmt.Sprintf("obs-%d", i),
			"meta":     map[string]any{"lastUpdated": fmt.Sprintf("2025-%02d-%02dT10:00:00Z", 1+i%12, 1+i%28)},
			"status":   statuses[i%len(statuses)],
			"category": []any{map[string]any{"coding": []any{map[string]any{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": category}}}},
			"code": map[string]any{"coding": []any{map[string]any{"system": "http://loinc.org", "code": code[0], "display": code[1]}},
				"text": code[1]},
			"subject":           map[string]any{"reference": "Patient/" + local},
			"effectiveDateTime": fmt.Sprintf("%d-%02d-%02dT%02d:%02d:00Z", 2016+i%10, 1+i%12, 1+i%28, i%24, i%60),
			"performer":         []any{map[string]any{"reference": "Practitioner/doc-1", "display": "Dr Bench"}},
			"valueQuantity":     map[string]any{"value": 50 + i%97, "unit": "1", "system": "http://unitsofmeasure.org", "code": "1"},
		}})
	}
	raw, err := json.Marshal(map[string]any{"resourceType": "Bundle", "type": "collection", "entry": entries})
	if err != nil {
		b.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "patient.json"), raw, 0o644); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkSearchSort measures one search page of a patient with 1,000
// Observations held by three organisations (334, 333 and 333): three
// search parameters evaluated by shcr on every resource, a two-key _sort,
// and the first page of 100 written as a searchset Bundle, through the
// HTTP handler. The sources are in-memory folders, so the time is shcr's
// own: parsing, fan-out, admission and rewrite, decoding each resource for
// the criteria and the sort keys, sorting, paging and the Bundle.
func BenchmarkSearchSort(b *testing.B) {
	dir := b.TempDir()
	var members []federation.Member
	first := 0
	for i, n := range []int{334, 333, 333} {
		id := fmt.Sprintf("org-%d", i)
		writeBenchPatient(b, filepath.Join(dir, id), fmt.Sprintf("p%d", i), first, n)
		first += n
		src, err := dirsource.New(context.Background(), filepath.Join(dir, id), dirsource.Options{})
		if err != nil {
			b.Fatal(err)
		}
		members = append(members, federation.Member{ID: id, Organisation: federation.Organisation{ODS: fmt.Sprintf("X%dA01", i), Name: id, Kind: "gp"}, Source: src})
	}
	searcher, err := NewSearcher()
	if err != nil {
		b.Fatal(err)
	}
	e, err := federation.New(members, federation.Options{Decode: searcher.Decode})
	if err != nil {
		b.Fatal(err)
	}
	if err := e.Refresh(context.Background()); err != nil {
		b.Fatal(err)
	}
	s := newTestServer(b, e, anyToken{}, searcher)
	h := s.Handler()
	target := "/fhir/Observation?patient=" + benchNHS + "&category=vital-signs&status=final,amended&date=ge2018-01-01&_sort=code,-date&_count=100"
	do := func() *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		req.Header.Set("Authorization", "Bearer x")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	rec := do()
	var bundle struct {
		Total int `json:"total"`
		Entry []struct {
			Search struct {
				Mode string `json:"mode"`
			} `json:"search"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &bundle); err != nil || rec.Code != http.StatusOK {
		b.Fatalf("status %d: %v %.300s", rec.Code, err, rec.Body)
	}
	if bundle.Total < 200 || len(bundle.Entry) != 100 || strings.Contains(rec.Body.String(), `"outcome"`) {
		b.Fatalf("total %d, %d entries: the benchmark does not search what it says", bundle.Total, len(bundle.Entry))
	}
	b.ReportAllocs()
	for b.Loop() {
		if rec := do(); rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
	b.ReportMetric(1000, "resources/patient")
	b.ReportMetric(float64(bundle.Total), "matches")
}

// newTestServer is a Server over e with the access policy, governance store
// and audit trail of a fresh SQLite store.
func newTestServer(t testing.TB, e *federation.Engine, v TokenVerifier, searcher *RegistrySearcher) *Server {
	t.Helper()
	st, err := store.Open(context.Background(), storetest.SQLiteDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var orgs []policy.SourceOrg
	for _, m := range e.Members() {
		orgs = append(orgs, policy.SourceOrg{ID: m.ID, ODS: m.Organisation.ODS, Kind: m.Organisation.Kind})
	}
	decider, err := policy.NewDecider(policy.Config{}, st, e, orgs, searcher.Matcher(), nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Engine: e, Verifier: v, Searcher: searcher, Policy: decider, Governance: st, Audit: st, AuditLog: st})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
