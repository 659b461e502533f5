package adapters

import (
	"testing"

	"github.com/shcr/shcr/fhir"
)

func TestIdentifierMatches(t *testing.T) {
	ids := []fhir.Identifier{{System: fhir.NHSNumberSystem, Value: "9990000018"}, {Value: "local-1"}}
	tests := []struct {
		name, value string
		want        bool
	}{
		{name: "system and value", value: fhir.NHSNumberSystem + "|9990000018", want: true},
		{name: "wrong system", value: "https://other|9990000018", want: false},
		{name: "value in any system", value: "9990000018", want: true},
		{name: "no system", value: "|local-1", want: true},
		{name: "no system does not match a system", value: "|9990000018", want: false},
		{name: "system only", value: fhir.NHSNumberSystem + "|", want: true},
		{name: "alternatives", value: "x|y," + fhir.NHSNumberSystem + "|9990000018", want: true},
		{name: "none", value: "nope", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IdentifierMatches(ids, tt.value); got != tt.want {
				t.Fatalf("IdentifierMatches(%q) = %v, want %v", tt.value, got, tt.want)
			}
		})
	}
}
