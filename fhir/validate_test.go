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
