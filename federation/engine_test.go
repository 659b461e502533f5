package federation

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/dirsource"
	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/policy"
)

var update = flag.Bool("update", false, "rewrite golden files")

const (
	shared  = "9990000018" // known to gp, acute and social
	gpOnly  = "9990000026" // known to gp only
	unknown = "9990000034" // known to nobody
)

// testEngine federates the three small organisations in testdata/orgs.
func testEngine(t *testing.T) *Engine {
	t.Helper()
	orgs := []struct {
		id  string
		org Organisation
	}{
		{"gp", Organisation{ODS: "X1A01", Name: "Test Surgery", Kind: "gp"}},
		{"acute", Organisation{ODS: "X2B02", Name: "Test Hospital", Kind: "acute"}},
		{"social", Organisation{ODS: "X3C03", Name: "Test Council", Kind: "social-care"}},
	}
	var members []Member
	for _, o := range orgs {
		src, err := dirsource.New(context.Background(), filepath.Join("testdata", "orgs", o.id), dirsource.Options{})
		if err != nil {
			t.Fatal(err)
		}
		members = append(members, Member{ID: o.id, Organisation: o.org, Source: src})
	}
	e, err := New(members, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	return e
}

func entryIDs(v *View) []string {
	var out []string
	for _, en := range v.Entries {
		mode := ""
		if en.Include {
			mode = " (include)"
		}
		out = append(out, en.Resource.Type+"/"+en.Resource.ID+mode)
	}
	return out
}

func TestSearch(t *testing.T) {
	e := testEngine(t)
	statusActive := Criterion{
		Param: adapters.Param{Name: "status", Value: "active"},
		Match: func(v any) (bool, error) { return v.(map[string]any)["status"] == "active", nil },
	}
	tests := []struct {
		name      string
		req       Request
		wantIDs   []string
		wantKnown []string // sources that know the patient
		wantSkip  []string
	}{
		{
			name: "everything for a patient known everywhere",
			req:  Request{NHSNumber: shared, Everything: true},
			wantIDs: []string{
				"Patient/9990000018",
				"CarePlan/social.cp-1",
				"Encounter/acute.enc-1",
				"Condition/acute.cond-1",
				"MedicationStatement/acute.ms-1",
				"Observation/gp.gp-o1",
				"Flag/social.flag-1",
				"MedicationStatement/gp.gp-m1",
				"Observation/gp.gp-o2",
				"Organization/gp.gp-org (include)",
				"Practitioner/gp.doc1 (include)",
			},
			wantKnown: []string{"gp", "acute", "social"},
		},
		{
			name:      "everything for a patient only the GP knows",
			req:       Request{NHSNumber: gpOnly, Everything: true},
			wantIDs:   []string{"Patient/9990000026", "Observation/gp.gp-o3"},
			wantKnown: []string{"gp"},
		},
		{
			name:    "everything for an unknown patient",
			req:     Request{NHSNumber: unknown, Everything: true},
			wantIDs: nil,
		},
		{
			name:      "type search across sources",
			req:       Request{NHSNumber: shared, Type: "MedicationStatement"},
			wantIDs:   []string{"MedicationStatement/acute.ms-1", "MedicationStatement/gp.gp-m1"},
			wantKnown: []string{"gp", "acute"},
			wantSkip:  []string{"social"},
		},
		{
			name:      "everything narrowed by _type",
			req:       Request{NHSNumber: shared, Everything: true, Types: []string{"Flag", "Encounter"}},
			wantIDs:   []string{"Patient/9990000018", "Encounter/acute.enc-1", "Flag/social.flag-1"},
			wantKnown: []string{"gp", "acute", "social"},
		},
		{
			name:      "residual criterion evaluated by the engine",
			req:       Request{NHSNumber: shared, Type: "Observation", Criteria: []Criterion{statusActive}},
			wantIDs:   nil,
			wantKnown: []string{"gp"},
			wantSkip:  []string{"acute", "social"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := e.Search(context.Background(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if got := entryIDs(v); !slices.Equal(got, tt.wantIDs) {
				t.Errorf("entries =\n%q\nwant\n%q", got, tt.wantIDs)
			}
			var known, skipped []string
			for _, s := range v.Sources {
				if s.PatientKnown {
					known = append(known, s.SourceID)
				}
				if s.Status == StatusSkipped {
					skipped = append(skipped, s.SourceID)
				}
				if s.Status == StatusFailed || s.Status == StatusTimedOut || s.Dropped != 0 {
					t.Errorf("source %s: %+v", s.SourceID, s)
				}
			}
			if !slices.Equal(known, tt.wantKnown) {
				t.Errorf("known to %q, want %q", known, tt.wantKnown)
			}
			if !slices.Equal(skipped, tt.wantSkip) {
				t.Errorf("skipped %q, want %q", skipped, tt.wantSkip)
			}
			checkFederated(t, v)
		})
	}
}

// localPatientRef matches a reference to a patient by a source's local id.
var localPatientRef = regexp.MustCompile(`"Patient/(gp-p1|gp-p2|mrn-1|LAS-1)"`)

// checkFederated asserts what DESIGN §3 promises of every resource in a view.
func checkFederated(t *testing.T, v *View) {
	t.Helper()
	for _, en := range v.Entries {
		r := en.Resource
		again, err := fhir.Parse(r.Raw, fhir.DefaultLimits())
		if err != nil {
			t.Errorf("%s/%s is not valid JSON after the merge: %v", r.Type, r.ID, err)
			continue
		}
		if again.ID != r.ID {
			t.Errorf("%s/%s: bytes say id %s", r.Type, r.ID, again.ID)
		}
		var odsTags int
		for _, tag := range again.Meta.Tag {
			if tag.System == fhir.ODSSystem {
				odsTags++
			}
		}
		if r.Type == "Patient" && r.ID == v.NHSNumber {
			if r.ID != v.NHSNumber || odsTags != len(en.SourceIDs) {
				t.Errorf("merged Patient %s has %d controller tags for %d sources", r.ID, odsTags, len(en.SourceIDs))
			}
		} else {
			if odsTags != 1 {
				t.Errorf("%s/%s has %d controller tags, want 1", r.Type, r.ID, odsTags)
			}
			if want := SourceURI(en.SourceIDs[0]); again.Meta.Source != want {
				t.Errorf("%s/%s meta.source = %q, want %q", r.Type, r.ID, again.Meta.Source, want)
			}
			if !strings.HasPrefix(r.ID, en.SourceIDs[0]+".") {
				t.Errorf("%s/%s is not a federated id of source %s", r.Type, r.ID, en.SourceIDs[0])
			}
		}
		if fhir.InPatientCompartment(r.Type) {
			if !slices.Contains(again.PatientRefs, "Patient/"+v.NHSNumber) {
				t.Errorf("%s/%s refers to its patient as %q", r.Type, r.ID, again.PatientRefs)
			}
		}
		if m := localPatientRef.Find(r.Raw); m != nil {
			t.Errorf("%s/%s leaks a local patient reference %s", r.Type, r.ID, m)
		}
	}
}

func TestMergedPatientGolden(t *testing.T) {
	e := testEngine(t)
	v, err := e.Patient(context.Background(), Request{NHSNumber: shared})
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Entries) != 1 {
		t.Fatalf("got %d entries, want the one merged Patient", len(v.Entries))
	}
	golden(t, filepath.Join("testdata", "golden", "merged-patient.json"), v.Entries[0].Resource.Raw)

	v, err = e.Patient(context.Background(), Request{NHSNumber: unknown})
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Entries) != 0 || v.Known() {
		t.Fatalf("an unknown patient gave %d entries, known=%v", len(v.Entries), v.Known())
	}
}

func TestEverythingGolden(t *testing.T) {
	e := testEngine(t)
	v, err := e.Search(context.Background(), Request{NHSNumber: shared, Everything: true})
	if err != nil {
		t.Fatal(err)
	}
	var all []jsontext.Value
	for _, en := range v.Entries {
		all = append(all, en.Resource.Raw)
	}
	b, err := json.Marshal(all)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, filepath.Join("testdata", "golden", "everything-shared.json"), b)
}

func TestRead(t *testing.T) {
	e := testEngine(t)
	tests := []struct {
		name, typ, id string
		wantNHS       string
		wantErr       error
	}{
		{name: "compartment resource names its patient", typ: "Condition", id: "acute.cond-1", wantNHS: shared},
		{name: "a source's own patient record", typ: "Patient", id: "social.LAS-1", wantNHS: shared},
		{name: "supporting resource", typ: "Practitioner", id: "gp.doc1"},
		{name: "unknown source", typ: "Condition", id: "nowhere.cond-1", wantErr: ErrNotFound},
		{name: "unknown local id", typ: "Condition", id: "acute.nope", wantErr: ErrNotFound},
		{name: "type does not match", typ: "Observation", id: "acute.cond-1", wantErr: ErrNotFound},
		{name: "not a federated id", typ: "Condition", id: "cond-1", wantErr: ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.Read(context.Background(), policy.Principal{}, tt.typ, tt.id)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Read error = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Resource.ID != tt.id || got.NHSNumber != tt.wantNHS {
				t.Fatalf("Read = %s (patient %q), want %s (patient %q)", got.Resource.ID, got.NHSNumber, tt.id, tt.wantNHS)
			}
			checkFederated(t, &View{NHSNumber: tt.wantNHS, Entries: []Entry{{Resource: got.Resource, SourceIDs: []string{strings.Split(tt.id, ".")[0]}}}})
		})
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	var pretty bytes.Buffer
	if err := json.MarshalWrite(&pretty, jsontext.Value(got), jsontext.Multiline(true), jsontext.WithIndent("  ")); err != nil {
		t.Fatal(err)
	}
	pretty.WriteByte('\n')
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./federation -update to create it)", err)
	}
	if !bytes.Equal(pretty.Bytes(), want) {
		t.Fatalf("%s differs from the golden file (go test ./federation -update rewrites it after review):\n%s", path, pretty.Bytes())
	}
}
