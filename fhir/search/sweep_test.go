package search

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shcr/shcr/fhir/fhirpath"
)

// loadR4 decodes the R4 example resources in testdata/r4 whose file names
// start with prefix (all of them for "").
func loadR4(t testing.TB, prefix string) map[string]any {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "r4", prefix+"*.json"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]any{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		v, err := fhirpath.Decode(b)
		if err != nil {
			t.Fatalf("decoding %s: %v", f, err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".json")] = v
	}
	return out
}

// sampleValue is a valid value of each parameter type, for the sweep.
func sampleValue(t Type) string {
	switch t {
	case TypeDate:
		return "ge2000-01-01"
	case TypeNumber, TypeQuantity:
		return "gt1"
	case TypeReference:
		return "x"
	}
	return "x"
}

// TestEverySupportedParameterEvaluatesOnR4Examples evaluates every
// supported parameter of every served type on every R4 example of that
// type: no expression may fail or yield a value the matcher cannot read.
func TestEverySupportedParameterEvaluatesOnR4Examples(t *testing.T) {
	r, err := NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	evaluated := 0
	for name, res := range loadR4(t, "") {
		rt := strings.SplitN(name, "-", 2)[0]
		for _, d := range r.Definitions(rt) {
			if d.Unsupported != "" {
				continue
			}
			raw := sampleValue(d.Type)
			if d.Type == TypeComposite {
				parts := make([]string, len(d.Components))
				for i, c := range d.Components {
					parts[i] = sampleValue(c.Type)
				}
				raw = strings.Join(parts, "$")
			}
			for _, modifier := range []string{"", "missing"} {
				v := raw
				if modifier == "missing" {
					v = "true"
				}
				val, err := parseValue(d, modifier, v, time.UTC)
				if err != nil {
					t.Fatalf("%s %s: parseValue(%q): %v", rt, d.Code, v, err)
				}
				p := Param{Code: d.Code, Modifier: modifier, Values: []Value{val}, Def: d, now: now, loc: time.UTC}
				if _, err := p.Match(res); err != nil {
					t.Errorf("%s on %s: %v", p.key(), name, err)
				}
				evaluated++
			}
		}
	}
	if evaluated < 5000 {
		t.Errorf("only %d evaluations; are the examples in testdata/r4?", evaluated)
	}
}
