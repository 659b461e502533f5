package fhir

import "testing"

func TestValidator(t *testing.T) {
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		in    string
		valid bool
	}{
		{name: "minimal patient", in: `{"resourceType":"Patient","id":"p1","gender":"female"}`, valid: true},
		{name: "unknown element", in: `{"resourceType":"Patient","id":"p1","colour":"blue"}`, valid: false},
		{name: "bad gender code", in: `{"resourceType":"Patient","gender":"purple"}`, valid: false},
		{name: "unknown resource type", in: `{"resourceType":"Spaceship"}`, valid: false},
		{name: "bad date", in: `{"resourceType":"Patient","birthDate":"1990-13-45"}`, valid: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := v.Validate([]byte(tt.in))
			if (err == nil) != tt.valid {
				t.Fatalf("Validate(%s) error = %v, want valid=%v", tt.in, err, tt.valid)
			}
		})
	}
}

func TestCapabilityStatementIsValidFHIR(t *testing.T) {
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	cs, err := CapabilityStatement(CapabilityOptions{
		Software: "shcr", Version: "test", URL: "https://shcr.test/fhir", TokenURL: "https://shcr.test/demo/token",
		Documentation: "Result parameters: _sort, _count.",
		Types: map[string]TypeSupport{
			"Patient": {Read: true, Search: true, Params: []SearchParamSupport{{Name: "identifier", Type: "token"}}, Operations: []string{"everything"}},
			"Observation": {Read: true, Search: true, Params: []SearchParamSupport{{Name: "patient", Type: "reference"},
				{Name: "code", Type: "token", Definition: "http://hl7.org/fhir/SearchParameter/clinical-code"}},
				SearchInclude: []string{"Observation:performer", "Observation:*"}, SearchRevInclude: []string{"Observation:has-member"},
				Documentation: "Searched by patient."},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Validate(cs); err != nil {
		t.Fatalf("the CapabilityStatement is not valid FHIR R4: %v\n%s", err, cs)
	}
}
