package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestModelIsCurrent regenerates the model and the summary table from the
// R4 StructureDefinitions and compares them with the committed files.
func TestModelIsCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("decoding 3.6 MB of StructureDefinitions is slow under -short")
	}
	types, resources := defaultInputs()
	model, summary, err := generateFiles(types, resources)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		path string
		got  []byte
	}{
		{filepath.Join("..", "..", "model_gen.go"), model},
		{filepath.Join("..", "..", "..", "summary_gen.go"), summary},
	} {
		want, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(f.got, want) {
			t.Errorf("%s is not what modelgen writes; run go generate ./fhir/fhirpath", f.path)
		}
	}
}
