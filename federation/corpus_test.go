package federation

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/shcr/shcr/adapters/dirsource"
	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/fhir/fhirpath"
)

// corpusPatient is a patient in real FHIR material written by others
// (testdata/corpus/README.md gives sources and licences).
type corpusPatient struct {
	file      string // the file holding the Patient
	patientID string
	nhs       string // added to the Patient, which carries none
}

// TestCorpusPassesThroughUnharmed serves the official R4 examples about
// Patient/example and two Synthea patients through dirsource and the engine,
// and checks every resource comes back with exactly its original content
// apart from the documented changes: the federated id, references rewritten
// to federated ids (urn:uuid ones resolved first) with the patient as
// Patient/<nhs>, meta.source, and the controller tag. Numbers keep their
// exact decimal text because comparison decodes with fhirpath.Decode.
func TestCorpusPassesThroughUnharmed(t *testing.T) {
	tests := []struct {
		name     string
		dir      string
		patients []corpusPatient
	}{
		{
			name:     "R4 examples",
			dir:      filepath.Join("testdata", "corpus", "r4-examples"),
			patients: []corpusPatient{{file: "Patient-example.json", patientID: "example", nhs: "9990000018"}},
		},
		{
			name: "Synthea",
			dir:  filepath.Join("testdata", "corpus", "synthea"),
			patients: []corpusPatient{
				{file: "Stephen_McLaughlin_7735ab79-6ac8-4b81-9936-f7ddabd18751.json", patientID: "d9427379-943a-42c1-b3d0-6b5056a12696", nhs: "9990005737"},
				{file: "Rufus_Kihn_6b950b05-7dbf-450f-bca9-f05acff7a452.json", patientID: "98ab6aa3-882b-4206-8a91-e9a8dfa69008", nhs: "9990003920"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			originals := copyCorpus(t, tt.dir, dir, tt.patients)
			src, err := dirsource.New(context.Background(), dir, dirsource.Options{})
			if err != nil {
				t.Fatal(err)
			}
			org := Organisation{ODS: "X9Z99", Name: "Corpus", Kind: "acute"}
			e, err := New([]Member{{ID: "corpus", Organisation: org, Source: src}}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range tt.patients {
				v, err := e.Search(context.Background(), Request{NHSNumber: p.nhs, Everything: true})
				if err != nil {
					t.Fatal(err)
				}
				if o := v.Sources[0]; o.Status != StatusOK || o.Dropped != 0 {
					t.Fatalf("source outcome %+v", o)
				}
				want := 0
				for _, o := range originals {
					if o.patient == p.patientID {
						want++
					}
				}
				got := 0
				for _, en := range v.Entries {
					r := en.Resource
					if r.Type == "Patient" {
						continue
					}
					local := strings.TrimPrefix(r.ID, "corpus.")
					orig, ok := originals[r.Type+"/"+local]
					if !ok {
						t.Errorf("%s/%s is not in the corpus", r.Type, r.ID)
						continue
					}
					if orig.patient == p.patientID {
						got++
					}
					expected := expectFederated(t, orig, p, org)
					actual, err := fhirpath.Decode(r.Raw)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(actual, expected) {
						a, _ := json.Marshal(actual, json.Deterministic(true))
						x, _ := json.Marshal(expected, json.Deterministic(true))
						t.Errorf("%s/%s changed beyond the documented rewrite:\n got %s\nwant %s", r.Type, local, a, x)
					}
				}
				if got != want || want == 0 {
					t.Errorf("patient %s: %d of %d compartment resources came back", p.patientID, got, want)
				}
			}
		})
	}
}

// original is one corpus resource as written, with what the loader knows
// about where its references point.
type original struct {
	raw     []byte
	urls    map[string]string // this Bundle's fullUrl → Type/id
	patient string            // the patient it is about, "" if none
}

// copyCorpus copies the corpus files into dir, adding an NHS number to each
// patient (the only change made to the input), and indexes the originals.
func copyCorpus(t *testing.T, from, dir string, patients []corpusPatient) map[string]original {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]original{}
	for _, de := range entries {
		if !strings.HasSuffix(de.Name(), ".json") {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(from, de.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range patients {
			if p.file == de.Name() {
				raw = addNHSNumber(t, raw, p)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, de.Name()), raw, 0o644); err != nil {
			t.Fatal(err)
		}
		top, err := fhir.Parse(raw, fhir.Limits{MaxBytes: 64 << 20, MaxDepth: 80})
		if err != nil {
			t.Fatalf("%s: %v", de.Name(), err)
		}
		if top.Type != "Bundle" {
			out[top.Type+"/"+top.ID] = original{raw: raw, patient: patientOf(top)}
			continue
		}
		var b struct {
			Entry []struct {
				FullURL  string         `json:"fullUrl"`
				Resource jsontext.Value `json:"resource"`
			} `json:"entry"`
		}
		if err := json.Unmarshal(raw, &b); err != nil {
			t.Fatal(err)
		}
		urls := map[string]string{}
		var rs []*fhir.Resource
		for _, e := range b.Entry {
			r, err := fhir.Parse(bytes.Clone(e.Resource), fhir.DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			urls[e.FullURL] = r.Type + "/" + r.ID
			rs = append(rs, r)
		}
		for _, r := range rs {
			p := patientOf(r)
			if strings.HasPrefix(p, "urn:uuid:") {
				p = strings.TrimPrefix(urls[p], "Patient/")
			}
			out[r.Type+"/"+r.ID] = original{raw: r.Raw, urls: urls, patient: p}
		}
	}
	return out
}

func patientOf(r *fhir.Resource) string {
	for _, ref := range r.PatientRefs {
		if id, ok := strings.CutPrefix(ref, "Patient/"); ok {
			return id
		}
		if strings.HasPrefix(ref, "urn:uuid:") {
			return ref
		}
	}
	return ""
}

// addNHSNumber inserts an NHS number identifier at the start of the
// patient's identifier list, editing the text so nothing else changes.
func addNHSNumber(t *testing.T, raw []byte, p corpusPatient) []byte {
	t.Helper()
	at := bytes.Index(raw, []byte(`"id": "`+p.patientID+`"`))
	if at < 0 {
		at = bytes.Index(raw, []byte(`"id":"`+p.patientID+`"`))
	}
	if at < 0 {
		t.Fatalf("patient %s not found in %s", p.patientID, p.file)
	}
	rel := bytes.Index(raw[at:], []byte(`"identifier": [`))
	if rel < 0 {
		t.Fatalf("no identifier list after patient %s", p.patientID)
	}
	ins := at + rel + len(`"identifier": [`)
	ident := `{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"` + p.nhs + `"},`
	return append(raw[:ins:ins], append([]byte(ident), raw[ins:]...)...)
}

// expectFederated applies the documented rewrite to an original resource,
// independently of the code under test.
func expectFederated(t *testing.T, o original, p corpusPatient, org Organisation) any {
	t.Helper()
	v, err := fhirpath.Decode(o.raw)
	if err != nil {
		t.Fatal(err)
	}
	m := v.(map[string]any)
	m["id"] = "corpus." + m["id"].(string)
	var walk func(any)
	walk = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			for k, val := range x {
				if s, ok := val.(string); ok && k == "reference" {
					if to, ok := o.urls[s]; ok {
						s = to
					}
					if typ, id, ok := fhir.SplitReference(s); ok {
						if typ == "Patient" && id == p.patientID {
							s = "Patient/" + p.nhs
						} else {
							s = typ + "/corpus." + strings.TrimPrefix(s, typ+"/")
						}
					}
					x[k] = s
				}
				walk(val)
			}
		case []any:
			for _, val := range x {
				walk(val)
			}
		}
	}
	for k, val := range m {
		if k != "meta" {
			walk(val)
		}
	}
	meta, _ := m["meta"].(map[string]any)
	if meta == nil {
		meta = map[string]any{}
		m["meta"] = meta
	}
	meta["source"] = "urn:shcr:source:corpus"
	tags, _ := meta["tag"].([]any)
	meta["tag"] = append(tags, map[string]any{"system": fhir.ODSSystem, "code": org.ODS, "display": org.Name})
	return m
}
