// Command gen writes fhir/search/definitions.json, the search parameters
// shcr knows for the resource types it serves, from the official FHIR R4
// SearchParameter Bundle in r4/ (CC0-1.0).
//
// For each served type and each parameter whose base includes it, it keeps
// the code, type, canonical URL, targets and comparators from the Bundle;
// the part of a multi-resource expression that applies to that type
// ("AllergyIntolerance.code | Condition.code" → "Condition.code" for
// Condition); the components of composite parameters with their types; and
// the modifiers R4 allows on the parameter's type (search.html §3.1.1.5),
// because the Bundle itself does not list them.
//
//	go run ./fhir/search/internal/gen -in fhir/search/internal/gen/r4/search-parameters.json.gz -out fhir/search/definitions.json
//
// The package test checks that the committed file is what the generator writes.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	in := flag.String("in", "r4/search-parameters.json.gz", "the R4 SearchParameter Bundle (JSON, optionally gzipped)")
	out := flag.String("out", "definitions.json", "the definitions file to write")
	flag.Parse()
	b, err := generateFile(*in)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
