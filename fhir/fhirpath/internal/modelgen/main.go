// Command modelgen writes the FHIR R4 type model that package fhirpath uses to
// give every node its FHIR type name: which elements each type declares, the
// type of each element (all the types, for a choice element), and which type
// each type is derived from.
//
// Its input is the two StructureDefinition bundles of the FHIR R4 (4.0.1)
// specification, Bundle-types.json and Bundle-resources.json (in the npm
// package hl7.fhir.r4.examples@4.0.1 and the spec download as
// profiles-types.json and profiles-resources.json; CC0-1.0), gzipped or not.
// They are 3.6 MB compressed, so they are not copied into the repository;
// by default they are read from the team's shared corpora ($SHCR_CORPORA,
// or /work/shared/corpora), and go generate ./fhir/fhirpath runs:
//
//	go run ./internal/modelgen -out model_gen.go
//
// The test in this package checks that the committed model_gen.go is what
// the generator writes, whenever the inputs are available.
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

// defaultInputs locates the StructureDefinition bundles in the shared
// corpora: $SHCR_CORPORA, or /work/shared/corpora.
func defaultInputs() (types, resources string) {
	root := os.Getenv("SHCR_CORPORA")
	if root == "" {
		root = "/work/shared/corpora"
	}
	dir := filepath.Join(root, "fhir-r4-examples", "definitions")
	return filepath.Join(dir, "profiles-types.json.gz"), filepath.Join(dir, "profiles-resources.json.gz")
}
