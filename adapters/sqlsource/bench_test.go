package sqlsource_test

import (
	"context"
	"testing"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/sqlsource"
	"github.com/shcr/shcr/adapters/sqlsource/socialcare"
)

// BenchmarkCompartment measures one Patient/$everything at the council for
// the carer-proxy scenario person (LAS-456840) over the demo database: the
// batch of per-type queries, the query for the staff and organisation they
// reference, and building, parsing and validating each resource. Run it
// with
//
//	SHCR_TEST_POSTGRES=... go test -run '^$' -bench Compartment -benchmem ./adapters/sqlsource
//
// Most of the time is google/fhir/go's validation of each resource built
// (see BENCHMARKS in the package documentation).
func BenchmarkCompartment(b *testing.B) {
	dsn := demoDB(b)
	src := newSource(b, dsn, socialcare.MappingYAML(), sqlsource.Config{})
	ctx := context.Background()
	q := adapters.Query{Compartment: true, Patients: []string{"LAS-456840"}}
	res, err := src.Search(ctx, q)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := src.Search(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(res.Resources)), "resources/op")
}

// BenchmarkTypeSearch measures one search of one type with a date
// parameter pushed down.
func BenchmarkTypeSearch(b *testing.B) {
	dsn := demoDB(b)
	src := newSource(b, dsn, socialcare.MappingYAML(), sqlsource.Config{})
	ctx := context.Background()
	q := adapters.Query{Type: "Encounter", Patients: []string{"LAS-456840"}, Params: []adapters.Param{{Name: "date", Value: "ge2022-01-01"}}}
	if _, err := src.Search(ctx, q); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := src.Search(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
}
