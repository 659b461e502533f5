package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestModelIsCurrent regenerates the model from the R4 StructureDefinitions
// and compares it with the committed model_gen.go.
func TestModelIsCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("decoding 3.6 MB of StructureDefinitions is slow under -short")
	}
	types, resources := defaultInputs()
	got, err := generateFiles(types, resources)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "model_gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("fhir/fhirpath/model_gen.go is not what modelgen writes; run go generate ./fhir/fhirpath")
	}
}
