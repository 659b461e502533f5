package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestDefinitionsAreCurrent regenerates definitions.json from the committed
// R4 bundle and compares it with the committed file.
func TestDefinitionsAreCurrent(t *testing.T) {
	got, err := generateFile(filepath.Join("r4", "search-parameters.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "definitions.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("fhir/search/definitions.json is not what the generator writes; run go generate ./fhir/search")
	}
}

func TestExpressionFor(t *testing.T) {
	tests := []struct {
		name   string
		expr   string
		base   string
		shared bool
		want   string
	}{
		{name: "single base unchanged", expr: "Patient.deceased.exists() and Patient.deceased != false", base: "Patient", want: "Patient.deceased.exists() and Patient.deceased != false"},
		{name: "shared: own branch", expr: "AllergyIntolerance.code | Condition.code | Observation.code", base: "Condition", shared: true, want: "Condition.code"},
		{name: "shared: several own branches", expr: "AllergyIntolerance.code | AllergyIntolerance.reaction.substance | Condition.code", base: "AllergyIntolerance", shared: true, want: "AllergyIntolerance.code | AllergyIntolerance.reaction.substance"},
		{name: "shared: parenthesised branch", expr: "(MedicationAdministration.medication as Reference) | (MedicationRequest.medication as Reference)", base: "MedicationRequest", shared: true, want: "(MedicationRequest.medication as Reference)"},
		{name: "shared: | inside a string", expr: "Patient.telecom.where(system='a|b') | Person.telecom", base: "Patient", shared: true, want: "Patient.telecom.where(system='a|b')"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := expressionFor(tt.expr, tt.base, tt.shared)
			if err != nil || got != tt.want {
				t.Errorf("expressionFor(%q, %s) = %q, %v; want %q", tt.expr, tt.base, got, err, tt.want)
			}
		})
	}
}
