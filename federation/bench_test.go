package federation

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-json-experiment/json"

	"github.com/shcr/shcr/adapters/dirsource"
	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/testdata/demogen"
)

// benchEngine federates a generated population's three organisations, with
// the scale set so the shared-all patient's view holds about 300 resources
// (the realistic size issue 2 asks to measure).
func benchEngine(b *testing.B) (*Engine, string) {
	b.Helper()
	pop, err := demogen.Generate(demogen.Config{People: 240, Scale: 1.25})
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if err := pop.WriteDir(dir); err != nil {
		b.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "scenarios.json"))
	if err != nil {
		b.Fatal(err)
	}
	var sf struct {
		Organisations []struct{ ODS, Name, Kind, SourceID string } `json:"organisations"`
		Scenarios     []struct {
			Name      string `json:"name"`
			NHSNumber string `json:"nhsNumber"`
		} `json:"scenarios"`
	}
	if err := json.Unmarshal(raw, &sf, json.MatchCaseInsensitiveNames(true)); err != nil {
		b.Fatal(err)
	}
	var members []Member
	for _, o := range sf.Organisations {
		src, err := dirsource.New(context.Background(), filepath.Join(dir, o.SourceID), dirsource.Options{})
		if err != nil {
			b.Fatal(err)
		}
		members = append(members, Member{ID: o.SourceID, Organisation: Organisation{ODS: o.ODS, Name: o.Name, Kind: o.Kind}, Source: src})
	}
	e, err := New(members, Options{})
	if err != nil {
		b.Fatal(err)
	}
	if err := e.Refresh(context.Background()); err != nil {
		b.Fatal(err)
	}
	for _, s := range sf.Scenarios {
		if s.Name == "shared-all" {
			return e, s.NHSNumber
		}
	}
	b.Fatal("no shared-all scenario")
	return nil, ""
}

// BenchmarkEverything measures the merge path for one patient view: patient
// resolution at three sources, fan-out, admission checks, id and reference
// rewriting, controller tags, the merged Patient and the sort. The sources
// are in memory, so the time is shcr's own.
func BenchmarkEverything(b *testing.B) {
	e, nhs := benchEngine(b)
	v, err := e.Search(context.Background(), Request{NHSNumber: nhs, Everything: true})
	if err != nil {
		b.Fatal(err)
	}
	bytes := 0
	for _, en := range v.Entries {
		bytes += len(en.Resource.Raw)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Search(context.Background(), Request{NHSNumber: nhs, Everything: true}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(v.Entries)), "resources/view")
	b.ReportMetric(float64(bytes), "bytes/view")
}

// BenchmarkEverythingBundle adds writing the searchset Bundle to the merge
// path: what one $everything response costs apart from HTTP and policy.
func BenchmarkEverythingBundle(b *testing.B) {
	e, nhs := benchEngine(b)
	b.ReportAllocs()
	var buf []byte
	for b.Loop() {
		v, err := e.Search(context.Background(), Request{NHSNumber: nhs, Everything: true})
		if err != nil {
			b.Fatal(err)
		}
		total := len(v.Entries)
		bundle := fhir.Bundle{Type: "searchset", Total: &total}
		for _, en := range v.Entries {
			bundle.Entries = append(bundle.Entries, fhir.Entry{FullURL: "https://shcr.example/fhir/" + en.Resource.Type + "/" + en.Resource.ID, Resource: en.Resource.Raw, Mode: fhir.ModeMatch})
		}
		buf = bundle.AppendJSON(buf[:0])
	}
	b.ReportMetric(float64(len(buf)), "bundle-bytes")
}
