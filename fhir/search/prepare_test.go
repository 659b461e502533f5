package search

import (
	"strings"
	"testing"
	"time"

	"github.com/shcr/shcr/fhir/fhirpath"
)

var allComparators = []string{"eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap"}

// TestPrepare checks that definitions the engine cannot evaluate exactly
// are marked unsupported, with a reason, when the registry is built.
func TestPrepare(t *testing.T) {
	tests := []struct {
		name  string
		def   Definition
		base  string
		usage string
		want  string // part of Unsupported; "" for supported
	}{
		{name: "supported token", def: Definition{Code: "c", Type: TypeToken, Expression: "Observation.code"}, base: "Observation"},
		{name: "phonetic", def: Definition{Code: "p", Type: TypeString, Expression: "Patient.name"}, base: "Patient", usage: "phonetic", want: "phonetic matching is not implemented"},
		{name: "nearby", def: Definition{Code: "n", Type: TypeSpecial, Expression: "Location.position"}, base: "Patient", usage: "nearby", want: "nearby matching is not implemented"},
		{name: "special", def: Definition{Code: "s", Type: TypeSpecial, Expression: "Patient.name"}, base: "Patient", want: "special parameters are not implemented"},
		{name: "outside the FHIRPath subset", def: Definition{Code: "f", Type: TypeString, Expression: "Patient.name.first()"}, base: "Patient", want: "its FHIRPath expression cannot be evaluated"},
		{name: "unknown element", def: Definition{Code: "u", Type: TypeString, Expression: "Patient.colour"}, base: "Patient", want: "the type of its values cannot be known"},
		{name: "token on an Attachment", def: Definition{Code: "a", Type: TypeToken, Expression: "Patient.photo"}, base: "Patient", want: "a token search cannot match its Attachment values"},
		{name: "string on a Reference", def: Definition{Code: "r", Type: TypeString, Expression: "Patient.managingOrganization"}, base: "Patient", want: "a string search cannot match its Reference values"},
		{name: "composite without components", def: Definition{Code: "k", Type: TypeComposite, Expression: "Observation"}, base: "Observation", want: "it has no components"},
		{name: "composite with an unknown component element", def: Definition{Code: "k", Type: TypeComposite, Expression: "Observation",
			Components: []Component{{Code: "x", Type: TypeToken, Expression: "colour"}}}, base: "Observation", want: "the type of the values of its component x cannot be known"},
		{name: "composite with a component outside the subset", def: Definition{Code: "k", Type: TypeComposite, Expression: "Observation",
			Components: []Component{{Code: "x", Type: TypeToken, Expression: "code.first()"}}}, base: "Observation", want: "the FHIRPath expression of its component x cannot be evaluated"},
		{name: "composite with an unmatchable component", def: Definition{Code: "k", Type: TypeComposite, Expression: "Observation",
			Components: []Component{{Code: "x", Type: TypeDate, Expression: "code"}}}, base: "Observation", want: "its date component x cannot match CodeableConcept values"},
		{name: "nested composite", def: Definition{Code: "k", Type: TypeComposite, Expression: "Observation",
			Components: []Component{{Code: "x", Type: TypeComposite, Expression: "code"}}}, base: "Observation", want: "its component x is a composite parameter"},
		{name: "known R4 defect", def: Definition{Code: "relationship", Type: TypeComposite, Expression: "DocumentReference.relatesTo"}, base: "DocumentReference", want: "pairs its components"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.def
			prepare(&d, tt.base, tt.usage)
			if tt.want == "" {
				if d.Unsupported != "" || d.expr == nil {
					t.Errorf("prepare() Unsupported = %q, want a supported definition", d.Unsupported)
				}
				return
			}
			if !strings.Contains(d.Unsupported, tt.want) {
				t.Errorf("prepare() Unsupported = %q, want it to contain %q", d.Unsupported, tt.want)
			}
		})
	}
}

// TestMatchNumber covers number parameters, which no served type has in
// R4, on a definition made for the test.
func TestMatchNumber(t *testing.T) {
	d := Definition{Code: "n", Type: TypeNumber, Expression: "Observation.value.as(integer) | Observation.value.as(Quantity).value", Comparators: allComparators}
	prepare(&d, "Observation", "")
	if d.Unsupported != "" {
		t.Fatal(d.Unsupported)
	}
	tests := []struct {
		name     string
		value    string
		resource string
		want     bool
	}{
		{name: "integer eq", value: "100", resource: `{"resourceType":"Observation","valueInteger":100}`, want: true},
		{name: "integer within precision", value: "1e2", resource: `{"resourceType":"Observation","valueInteger":120}`, want: true},
		{name: "decimal gt exact", value: "gt100", resource: `{"resourceType":"Observation","valueQuantity":{"value":100.0001}}`, want: true},
		{name: "decimal lt", value: "lt-1.5", resource: `{"resourceType":"Observation","valueQuantity":{"value":-1.6}}`, want: true},
		{name: "ge", value: "ge100.5", resource: `{"resourceType":"Observation","valueInteger":100}`, want: false},
		{name: "le", value: "le100", resource: `{"resourceType":"Observation","valueInteger":100}`, want: true},
		{name: "sa", value: "sa99", resource: `{"resourceType":"Observation","valueInteger":100}`, want: true},
		{name: "eb", value: "eb101", resource: `{"resourceType":"Observation","valueInteger":100}`, want: true},
		{name: "ap of zero uses the precision", value: "ap0.0", resource: `{"resourceType":"Observation","valueQuantity":{"value":0.04}}`, want: true},
		{name: "ne", value: "ne100", resource: `{"resourceType":"Observation","valueInteger":100}`, want: false},
		{name: "absent", value: "100", resource: `{"resourceType":"Observation"}`, want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := parseValue(d, "", tt.value, time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			res, err := fhirpath.Decode([]byte(tt.resource))
			if err != nil {
				t.Fatal(err)
			}
			p := Param{Code: d.Code, Values: []Value{v}, Def: d, now: testNow, loc: time.UTC}
			got, err := p.Match(res)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("n=%s on %s = %v, want %v", tt.value, tt.resource, got, tt.want)
			}
		})
	}
}

func TestParseSearchNumber(t *testing.T) {
	tests := []struct {
		in      string
		value   string // exact value as a fraction
		half    string
		wantErr bool
	}{
		{in: "100", value: "100/1", half: "1/2"},
		{in: "100.00", value: "100/1", half: "1/200"},
		{in: "1e2", value: "100/1", half: "50/1"},
		{in: "1.0e2", value: "100/1", half: "5/1"},
		{in: "-0.25", value: "-1/4", half: "1/200"},
		{in: "2.5E-3", value: "1/400", half: "1/20000"},
		{in: "+7", value: "7/1", half: "1/2"},
		{in: "1.", wantErr: true},
		{in: ".5", wantErr: true},
		{in: "1e", wantErr: true},
		{in: "1e99999", wantErr: true},
		{in: "0x10", wantErr: true},
		{in: "", wantErr: true},
	}
	for _, tt := range tests {
		got, err := parseSearchNumber(tt.in)
		if tt.wantErr {
			if err == nil {
				t.Errorf("parseSearchNumber(%q) = %v, want an error", tt.in, got.value)
			}
			continue
		}
		if err != nil || got.value.String() != tt.value || got.half.String() != tt.half {
			t.Errorf("parseSearchNumber(%q) = %v ± %v, %v; want %s ± %s", tt.in, got.value, got.half, err, tt.value, tt.half)
		}
	}
}
