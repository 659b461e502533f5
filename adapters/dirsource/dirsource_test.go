package dirsource

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-json-experiment/json"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/adaptertest"
)

func TestConformance(t *testing.T) {
	dir := t.TempDir()
	if err := adaptertest.WriteFixture(dir); err != nil {
		t.Fatal(err)
	}
	src, err := New(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	adaptertest.Run(t, adaptertest.Harness{
		New:     func(t *testing.T) adapters.Source { return src },
		Fixture: adaptertest.StandardFixture(),
	})
}

// TestConformanceAsTransactionBundle loads the same fixture packed into one
// transaction Bundle with urn:uuid references and no ids, as Synthea writes
// them, and expects the same answers.
func TestConformanceAsTransactionBundle(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bundle.json"), []byte(transactionFixture(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := New(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	adaptertest.Run(t, adaptertest.Harness{
		New:     func(t *testing.T) adapters.Source { return src },
		Fixture: adaptertest.StandardFixture(),
	})
}

func TestLoadRejects(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string
		wantErr string
	}{
		{name: "malformed JSON names the file", files: map[string]string{"a/bad.json": `{"resourceType":"Patient",`}, wantErr: "bad.json"},
		{name: "duplicate member", files: map[string]string{"dup.json": `{"resourceType":"Patient","id":"a","id":"b"}`}, wantErr: "dup.json"},
		{name: "bad bundle entry names the entry", files: map[string]string{"b.json": `{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"ok"}},{"resource":{"resourceType":"Patient","id":"no/pe"}}]}`}, wantErr: "entry 1"},
		{name: "same resource twice", files: map[string]string{"x.json": `{"resourceType":"Patient","id":"a"}`, "y.json": `{"resourceType":"Patient","id":"a"}`}, wantErr: "Patient/a is also in x.json"},
		{name: "no id", files: map[string]string{"x.json": `{"resourceType":"Patient"}`}, wantErr: "has no id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, body := range tt.files {
				p := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := New(context.Background(), dir, Options{})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("New error = %v, want one mentioning %q", err, tt.wantErr)
			}
		})
	}
}

// transactionFixture packs the standard fixture into a transaction Bundle
// whose entries have urn:uuid fullUrls and whose references use them.
func transactionFixture(t *testing.T) string {
	t.Helper()
	fsys := adaptertest.FixtureFS()
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		t.Fatal(err)
	}
	uuid := func(i int) string { return fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", i) }
	urls := map[string]string{}
	var resources []map[string]any
	for i, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		urls[m["resourceType"].(string)+"/"+m["id"].(string)] = uuid(i)
		resources = append(resources, m)
	}
	var rewrite func(v any)
	rewrite = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if s, ok := x.(string); ok && k == "reference" {
					if u, ok := urls[s]; ok {
						v[k] = u
					} else {
						t.Fatalf("fixture reference %s does not resolve", s)
					}
				}
				rewrite(x)
			}
		case []any:
			for _, x := range v {
				rewrite(x)
			}
		}
	}
	var entries []any
	for i, m := range resources {
		rewrite(m)
		entries = append(entries, map[string]any{
			"fullUrl":  uuid(i),
			"resource": m,
			"request":  map[string]any{"method": "POST", "url": m["resourceType"]},
		})
	}
	b, err := json.Marshal(map[string]any{"resourceType": "Bundle", "type": "transaction", "entry": entries})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), `"reference":"Patient/`) {
		t.Fatal("the transaction fixture still has relative references")
	}
	return string(b)
}

func TestIDsFromFullURL(t *testing.T) {
	dir := t.TempDir()
	bundle := `{"resourceType":"Bundle","type":"transaction","entry":[
	 {"fullUrl":"urn:uuid:4f1c2d3e-0000-4000-8000-000000000001","resource":{"resourceType":"Patient","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9990000018"}]},"request":{"method":"POST","url":"Patient"}},
	 {"fullUrl":"urn:uuid:4f1c2d3e-0000-4000-8000-000000000002","resource":{"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"urn:uuid:4f1c2d3e-0000-4000-8000-000000000001"},"performer":[{"reference":"Organization?identifier=https://example.org/org|o-1"}]},"request":{"method":"POST","url":"Observation"}}]}`
	org := `{"resourceType":"Organization","id":"org-1","identifier":[{"system":"https://example.org/org","value":"o-1"}]}`
	for name, body := range map[string]string{"b.json": bundle, "org.json": org} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src, err := New(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := src.Search(context.Background(), adapters.Query{Compartment: true, Patients: []string{"4f1c2d3e-0000-4000-8000-000000000001"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range res.Resources {
		got = append(got, r.Type+"/"+r.ID+" "+strings.Join(r.References(), " "))
	}
	want := []string{
		"Patient/4f1c2d3e-0000-4000-8000-000000000001 ",
		"Observation/4f1c2d3e-0000-4000-8000-000000000002 Patient/4f1c2d3e-0000-4000-8000-000000000001 Organization/org-1",
		"Organization/org-1 ",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got\n%q\nwant\n%q", got, want)
	}
}

func TestURNUUIDAcrossFiles(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"org.json": `{"resourceType":"Bundle","type":"transaction","entry":[{"fullUrl":"urn:uuid:aaaaaaaa-0000-4000-8000-000000000001","resource":{"resourceType":"Practitioner","id":"aaaaaaaa-0000-4000-8000-000000000001"}}]}`,
		"p.json": `{"resourceType":"Bundle","type":"transaction","entry":[
		 {"fullUrl":"urn:uuid:bbbbbbbb-0000-4000-8000-000000000001","resource":{"resourceType":"Patient","id":"bbbbbbbb-0000-4000-8000-000000000001"}},
		 {"fullUrl":"urn:uuid:bbbbbbbb-0000-4000-8000-000000000002","resource":{"resourceType":"Flag","id":"bbbbbbbb-0000-4000-8000-000000000002","status":"active","code":{"text":"x"},"subject":{"reference":"urn:uuid:bbbbbbbb-0000-4000-8000-000000000001"},"author":{"reference":"urn:uuid:aaaaaaaa-0000-4000-8000-000000000001"}}}]}`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src, err := New(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := src.Read(context.Background(), "Flag", "bbbbbbbb-0000-4000-8000-000000000002")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Patient/bbbbbbbb-0000-4000-8000-000000000001", "Practitioner/aaaaaaaa-0000-4000-8000-000000000001"}
	if got := r.References(); !slices.Equal(got, want) {
		t.Fatalf("references = %q, want %q", got, want)
	}
}
