package demogen

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The tests read the generated files back as plain JSON, the way a
// consumer would, rather than trusting the generator's internal model.

// res is one resource read back from the generated files.
type res struct {
	typ, id string
	fullURL string // bundles only
	file    string
	body    map[string]any
}

// orgFiles is one organisation's files, read back.
type orgFiles struct {
	source string
	shared []res
	// people maps the id of each Patient to every resource in that
	// person's record (bundle or folder), in file order.
	people map[string][]res
	// bundles maps each bundle file to its entries; empty for the council.
	bundles map[string][]res
}

// demoFiles is a whole population, read back.
type demoFiles struct {
	orgs      map[string]*orgFiles
	scenarios scenariosDoc
	raw       map[string][]byte
}

type scenariosDoc struct {
	ReferenceDate string `json:"referenceDate"`
	Organisations []struct {
		ODS, Name, Kind, SourceID, Path string
	} `json:"organisations"`
	Scenarios []map[string]any `json:"scenarios"`
}

func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

func generate(t testing.TB, cfg Config) *Population {
	t.Helper()
	pop, err := Generate(cfg)
	if err != nil {
		t.Fatalf("Generate(%+v): %v", cfg, err)
	}
	return pop
}

func filesOf(pop *Population) map[string][]byte {
	out := map[string][]byte{}
	for _, f := range pop.Files() {
		out[f.Path] = f.Data
	}
	return out
}

// readTree reads every file under dir, keyed by slash-separated path.
func readTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatalf("reading %s: %v", dir, err)
	}
	return out
}

func parseRes(t testing.TB, file string, v any) res {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s: resource is %T, not an object", file, v)
	}
	typ, _ := m["resourceType"].(string)
	id, _ := m["id"].(string)
	return res{typ: typ, id: id, file: file, body: m}
}

// load parses a population's files.
func load(t testing.TB, files map[string][]byte) *demoFiles {
	t.Helper()
	d := &demoFiles{orgs: map[string]*orgFiles{}, raw: files}
	for _, src := range []string{SourceGP, SourceAcute, SourceSocial} {
		d.orgs[src] = &orgFiles{source: src, people: map[string][]res{}, bundles: map[string][]res{}}
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		data := files[p]
		if p == "scenarios.json" {
			if err := json.Unmarshal(data, &d.scenarios); err != nil {
				t.Fatalf("scenarios.json: %v", err)
			}
			continue
		}
		if !strings.HasSuffix(p, ".json") {
			continue
		}
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatalf("%s: invalid JSON: %v", p, err)
		}
		src, rest, _ := strings.Cut(p, "/")
		org := d.orgs[src]
		if org == nil {
			t.Fatalf("%s: file outside the three organisation folders", p)
		}
		switch src {
		case SourceGP, SourceAcute:
			b := parseRes(t, p, v)
			if b.typ != "Bundle" {
				t.Fatalf("%s: resourceType %q, want Bundle", p, b.typ)
			}
			entries, _ := b.body["entry"].([]any)
			var list []res
			for _, e := range entries {
				em, _ := e.(map[string]any)
				r := parseRes(t, p, em["resource"])
				r.fullURL, _ = em["fullUrl"].(string)
				list = append(list, r)
			}
			d.orgs[src].bundles[p] = list
			if rest == "organisation.json" {
				org.shared = list
				continue
			}
			if len(list) == 0 || list[0].typ != "Patient" {
				t.Fatalf("%s: first entry is not the Patient", p)
			}
			org.people[list[0].id] = list
		case SourceSocial:
			r := parseRes(t, p, v)
			parts := strings.Split(rest, "/")
			switch {
			case len(parts) == 2 && parts[0] == "shared":
				org.shared = append(org.shared, r)
			case len(parts) == 3 && parts[0] == "people":
				org.people[parts[1]] = append(org.people[parts[1]], r)
			default:
				t.Fatalf("%s: unexpected council file", p)
			}
		}
	}
	return d
}

// patient returns the Patient of a person's record.
func patientOf(t testing.TB, record []res) res {
	t.Helper()
	for _, r := range record {
		if r.typ == "Patient" {
			return r
		}
	}
	t.Fatalf("record has no Patient")
	return res{}
}

// nhsNumberOf returns the NHS number identifier of a Patient, or "".
func nhsNumberOf(p res) string {
	ids, _ := p.body["identifier"].([]any)
	for _, id := range ids {
		m, _ := id.(map[string]any)
		if m["system"] == "https://fhir.nhs.uk/Id/nhs-number" {
			v, _ := m["value"].(string)
			return v
		}
	}
	return ""
}

// references returns every Reference.reference string in v.
func references(v any) []string {
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				if s, ok := val.(string); ok && k == "reference" {
					out = append(out, s)
					continue
				}
				walk(val)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	sort.Strings(out)
	return out
}

// str digs a string out of nested objects and arrays (first element of
// each array) by path, or returns "".
func str(v any, path ...string) string {
	for _, p := range path {
		if a, ok := v.([]any); ok {
			if len(a) == 0 {
				return ""
			}
			v = a[0]
		}
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = m[p]
	}
	if a, ok := v.([]any); ok && len(a) > 0 {
		v = a[0]
	}
	s, _ := v.(string)
	return s
}

// securityCodes returns meta.security codes as "system|code".
func securityCodes(r res) []string {
	meta, _ := r.body["meta"].(map[string]any)
	sec, _ := meta["security"].([]any)
	var out []string
	for _, s := range sec {
		m, _ := s.(map[string]any)
		out = append(out, fmt.Sprintf("%v|%v", m["system"], m["code"]))
	}
	return out
}

func find(record []res, typ, id string) (res, bool) {
	for _, r := range record {
		if r.typ == typ && r.id == id {
			return r, true
		}
	}
	return res{}, false
}
