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
// It also writes fhir/summary_gen.go (-summary), the top-level summary and
// mandatory elements of every resource type from the same definitions
// (ElementDefinition.isSummary and min), which package fhir needs for
// _summary and _elements and which would otherwise mean a second copy of
// the 3.6 MB of definitions.
//
// The test in this package checks that the committed model_gen.go and
// summary_gen.go are what the generator writes.
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
	out := flag.String("out", "model_gen.go", "path of the fhirpath model Go file to write")
	summaryOut := flag.String("summary", filepath.Join("..", "summary_gen.go"), "path of package fhir's summary table Go file to write")
	flag.Parse()
	model, summary, err := generateFiles(*typesPath, *resourcesPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "modelgen:", err)
		os.Exit(1)
	}
	for path, src := range map[string][]byte{*out: model, *summaryOut: summary} {
		if err := os.WriteFile(path, src, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "modelgen:", err)
			os.Exit(1)
		}
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
