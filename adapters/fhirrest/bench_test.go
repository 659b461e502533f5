package fhirrest

import (
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/shcr/shcr/fhir"
)

// benchBundle is a searchset page of n resources of the shapes a record
// holds: observations with codings, quantities and references.
func benchBundle(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"resourceType":"Bundle","id":"page-1","meta":{"lastUpdated":"2026-01-01T00:00:00Z"},"type":"searchset","total":`)
	fmt.Fprintf(&b, "%d", n)
	b.WriteString(`,"link":[{"relation":"self","url":"https://epr.example.nhs.uk/fhir/Patient/p1/$everything"},{"relation":"next","url":"https://epr.example.nhs.uk/fhir/Patient/p1/$everything?_page=2"}],"entry":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"fullUrl":"https://epr.example.nhs.uk/fhir/Observation/obs-%d","resource":{"resourceType":"Observation","id":"obs-%d","meta":{"versionId":"1","lastUpdated":"2025-03-04T10:00:00Z"},"status":"final",`+
			`"category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs","display":"Vital Signs"}]}],`+
			`"code":{"coding":[{"system":"http://loinc.org","code":"8867-4","display":"Heart rate"}],"text":"Heart rate"},"subject":{"reference":"Patient/p1"},"encounter":{"reference":"Encounter/enc-%d"},`+
			`"effectiveDateTime":"2024-%02d-%02dT10:%02d:00Z","performer":[{"reference":"Practitioner/doc-1","display":"Dr Bench"}],"valueQuantity":{"value":%d,"unit":"beats/minute","system":"http://unitsofmeasure.org","code":"/min"}},"search":{"mode":"match"}}`,
			i, i, i/10, 1+i%12, 1+i%28, i%60, 50+i%97)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

// BenchmarkParseBundle measures reading one page of 100 resources from a
// server: the strict check of the whole Bundle, finding its entries, and
// parsing and peeking each resource.
func BenchmarkParseBundle(b *testing.B) {
	raw := benchBundle(100)
	base := mustURL(b, "https://epr.example.nhs.uk/fhir")
	lim := fhir.DefaultLimits()
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		p, err := parseBundle(raw, lim, base)
		if err != nil || len(p.resources) != 100 {
			b.Fatalf("parseBundle: %d resources, %v", len(p.resources), err)
		}
	}
	// CPU time moves much less than wall time with the load of a shared
	// machine; with -cpu 1 it is close to the benchmark's own.
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e3, "cpu-µs/op")
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
