package fhir

import (
	"reflect"
	"strings"
	"testing"

	"github.com/go-json-experiment/json"
)

func TestRewrite(t *testing.T) {
	controller := &Coding{System: ODSSystem, Code: "X1A01", Display: "Riverside Surgery"}
	refs := func(ref string) (string, bool) {
		switch {
		case ref == "Patient/p1":
			return "Patient/9990000018", true
		case strings.HasPrefix(ref, "Practitioner/"):
			return "Practitioner/gp." + strings.TrimPrefix(ref, "Practitioner/"), true
		}
		return "", false
	}
	tests := []struct {
		name string
		in   string
		rw   Rewrite
		want string
	}{
		{
			name: "id, references and a new meta",
			in:   `{"resourceType":"Observation","id":"o1","subject":{"reference":"Patient/p1"},"performer":[{"reference":"Practitioner/d1","display":"Dr A"}],"valueQuantity":{"value":1.50,"unit":"mmol/L"}}`,
			rw:   Rewrite{ID: "gp.o1", Reference: refs, Controller: controller, Source: "urn:shcr:source:gp"},
			want: `{"resourceType":"Observation","id":"gp.o1","meta":{"source":"urn:shcr:source:gp","tag":[{"system":"https://fhir.nhs.uk/Id/ods-organization-code","code":"X1A01","display":"Riverside Surgery"}]},"subject":{"reference":"Patient/9990000018"},"performer":[{"reference":"Practitioner/gp.d1","display":"Dr A"}],"valueQuantity":{"value":1.50,"unit":"mmol/L"}}`,
		},
		{
			name: "existing meta keeps its members and order",
			in:   `{"resourceType":"Condition","meta":{"versionId":"3","tag":[{"system":"t","code":"c"}],"source":"http://old","lastUpdated":"2020-01-01T00:00:00Z"},"id":"c1"}`,
			rw:   Rewrite{ID: "gp.c1", Controller: controller, Source: "urn:shcr:source:gp"},
			want: `{"resourceType":"Condition","meta":{"versionId":"3","tag":[{"system":"t","code":"c"},{"system":"https://fhir.nhs.uk/Id/ods-organization-code","code":"X1A01","display":"Riverside Surgery"}],"source":"urn:shcr:source:gp","lastUpdated":"2020-01-01T00:00:00Z"},"id":"gp.c1"}`,
		},
		{
			name: "an existing controller tag from another shared care record is kept",
			in:   `{"resourceType":"Condition","id":"c1","meta":{"tag":[{"system":"https://fhir.nhs.uk/Id/ods-organization-code","code":"Y9Z99"}]}}`,
			rw:   Rewrite{Controller: controller},
			want: `{"resourceType":"Condition","id":"c1","meta":{"tag":[{"system":"https://fhir.nhs.uk/Id/ods-organization-code","code":"Y9Z99"}]}}`,
		},
		{
			name: "no id: id then meta go after resourceType",
			in:   `{"resourceType":"Basic","code":{"text":"x"}}`,
			rw:   Rewrite{ID: "s.b", Source: "urn:s"},
			want: `{"resourceType":"Basic","id":"s.b","meta":{"source":"urn:s"},"code":{"text":"x"}}`,
		},
		{
			name: "escaped strings elsewhere are untouched",
			in:   `{"resourceType":"Observation","id":"o1","note":[{"text":"caf\u00e9 \"quoted\""}],"subject":{"reference":"Patient/p1"}}`,
			rw:   Rewrite{Reference: refs},
			want: `{"resourceType":"Observation","id":"o1","note":[{"text":"caf\u00e9 \"quoted\""}],"subject":{"reference":"Patient/9990000018"}}`,
		},
		{
			name: "empty tag array",
			in:   `{"resourceType":"Flag","id":"f","meta":{"tag":[ ]}}`,
			rw:   Rewrite{Controller: controller},
			want: `{"resourceType":"Flag","id":"f","meta":{"tag":[{"system":"https://fhir.nhs.uk/Id/ods-organization-code","code":"X1A01","display":"Riverside Surgery"}]}}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Parse([]byte(tt.in), DefaultLimits())
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			got, err := r.Rewrite(tt.rw)
			if err != nil {
				t.Fatalf("Rewrite: %v", err)
			}
			if string(got.Raw) != tt.want {
				t.Fatalf("Rewrite =\n%s\nwant\n%s", got.Raw, tt.want)
			}
			// The output is itself a strictly valid resource with the
			// peek Rewrite claims for it.
			again, err := Parse(got.Raw, DefaultLimits())
			if err != nil {
				t.Fatalf("rewritten resource does not parse: %v", err)
			}
			if again.ID != got.ID || !reflect.DeepEqual(again.Meta, got.Meta) || !reflect.DeepEqual(again.PatientRefs, got.PatientRefs) {
				t.Fatalf("peek after rewrite = %+v %+v %q, Rewrite said %+v %+v %q", again.ID, again.Meta, again.PatientRefs, got.ID, got.Meta, got.PatientRefs)
			}
			if string(r.Raw) != tt.in {
				t.Fatal("Rewrite changed its input")
			}
			if _, err := got.Rewrite(tt.rw); err == nil {
				t.Fatal("rewriting a rewritten resource succeeded, want an error")
			}
		})
	}
}

// jsonEqual reports whether a and b hold the same JSON value.
func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var va, vb any
	if err := json.Unmarshal(a, &va); err != nil {
		t.Fatalf("decoding %s: %v", a, err)
	}
	if err := json.Unmarshal(b, &vb); err != nil {
		t.Fatalf("decoding %s: %v", b, err)
	}
	return reflect.DeepEqual(va, vb)
}

// TestAppendCoding checks the hand-written Coding encoder against
// json.Marshal, which it replaced in the meta rebuild.
func TestAppendCoding(t *testing.T) {
	tests := []struct {
		name string
		c    Coding
	}{
		{"all three", Coding{System: ODSSystem, Code: "X1A01", Display: "Riverside Surgery"}},
		{"no display", Coding{System: ODSSystem, Code: "X1A01"}},
		{"code only", Coding{Code: "R"}},
		{"empty", Coding{}},
		{"characters to escape", Coding{System: `a"b\c`, Code: "tab\there", Display: "St Mary's <A&E> \u00e9\u2028\U0001F600\x01"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := appendCoding(nil, tt.c)
			if err != nil {
				t.Fatal(err)
			}
			want, err := json.Marshal(tt.c)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("appendCoding = %s, json.Marshal = %s", got, want)
			}
		})
	}
}
