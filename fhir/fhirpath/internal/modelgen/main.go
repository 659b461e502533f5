// Command modelgen writes the FHIR R4 type model that package fhirpath uses to
// give every node its FHIR type name: which elements each type declares, the
// type of each element (all the types, for a choice element), and which type
// each type is derived from.
//
// Its input is the two StructureDefinition bundles of the FHIR R4 (4.0.1)
// specification, Bundle-types.json and Bundle-resources.json (in the npm
// package hl7.fhir.r4.examples@4.0.1 and the spec download as
// profiles-types.json and profiles-resources.json; CC0-1.0), gzipped or not.
// They are committed, gzipped, in internal/modelgen/definitions, and
// go generate ./fhir/fhirpath runs:
//
//	go run ./internal/modelgen -out model_gen.go
//
// The test in this package checks that the committed model_gen.go is what
// the generator writes.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	defTypes, defResources := defaultInputs()
	typesPath := flag.String("types", defTypes, "path of the R4 profiles-types bundle (JSON, optionally gzipped)")
	resourcesPath := flag.String("resources", defResources, "path of the R4 profiles-resources bundle (JSON, optionally gzipped)")
	out := flag.String("out", "model_gen.go", "path of the Go file to write")
	flag.Parse()
	src, err := generateFiles(*typesPath, *resourcesPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "modelgen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "modelgen:", err)
		os.Exit(1)
	}
}

// defaultInputs are the committed definitions, found from the two places
// the generator runs: fhir/fhirpath (go generate) and this package's
// directory (its test).
func defaultInputs() (types, resources string) {
	dir := filepath.Join("internal", "modelgen", "definitions")
	if _, err := os.Stat(dir); err != nil {
		dir = "definitions"
	}
	return filepath.Join(dir, "profiles-types.json.gz"), filepath.Join(dir, "profiles-resources.json.gz")
}
