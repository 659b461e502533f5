package fhir

import "testing"

func TestSplitReference(t *testing.T) {
	tests := []struct {
		name, in, wantType, wantID string
		ok                         bool
	}{
		{name: "relative", in: "Patient/123", wantType: "Patient", wantID: "123", ok: true},
		{name: "versioned", in: "Observation/a.b-c/_history/2", wantType: "Observation", wantID: "a.b-c", ok: true},
		{name: "absolute", in: "https://x/fhir/Patient/1", ok: false},
		{name: "urn", in: "urn:uuid:1234", ok: false},
		{name: "contained", in: "#med1", ok: false},
		{name: "conditional", in: "Organization?identifier=x|y", ok: false},
		{name: "lowercase type", in: "patient/1", ok: false},
		{name: "bad history", in: "Patient/1/_history", ok: false},
		{name: "extra segment", in: "Patient/1/2", ok: false},
		{name: "empty id", in: "Patient/", ok: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			typ, id, ok := SplitReference(tt.in)
			if typ != tt.wantType || id != tt.wantID || ok != tt.ok {
				t.Fatalf("SplitReference(%q) = %q, %q, %v; want %q, %q, %v", tt.in, typ, id, ok, tt.wantType, tt.wantID, tt.ok)
			}
		})
	}
}
