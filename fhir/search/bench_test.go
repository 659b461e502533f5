package search

import (
	"net/url"
	"sort"
	"testing"
)

func BenchmarkParse(b *testing.B) {
	r := newTestRegistry(b)
	q, err := url.ParseQuery("patient=Patient/example&date=ge2012-01-01&date=lt2013-01-01T00:00:00Z" +
		"&code=http://loinc.org|8480-6,http://loinc.org|29463-7&status:not=cancelled&_count=50&_sort=-date&_include=Observation:subject")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Parse("Observation", q, ParseOptions{Strict: true, Now: testNow}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMatch applies three parameters (reference, date range, token
// with OR values) to 1,024 decoded Observations: the 64 R4 examples, each
// 16 times.
func BenchmarkMatch(b *testing.B) {
	r := newTestRegistry(b)
	examples := loadR4(b, "Observation-")
	names := make([]string, 0, len(examples))
	for name := range examples {
		names = append(names, name)
	}
	sort.Strings(names)
	var resources []any
	for len(resources) < 1024 {
		for _, name := range names {
			resources = append(resources, examples[name])
		}
	}
	resources = resources[:1024]
	values, err := url.ParseQuery("patient=Patient/example&date=ge2012-01-01&code=http://loinc.org|8480-6,http://loinc.org|29463-7,http://loinc.org|85354-9")
	if err != nil {
		b.Fatal(err)
	}
	q, err := r.Parse("Observation", values, ParseOptions{Strict: true, Now: testNow})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	matched := 0
	for b.Loop() {
		matched = 0
		for _, res := range resources {
			ok, err := q.Match(res)
			if err != nil {
				b.Fatal(err)
			}
			if ok {
				matched++
			}
		}
	}
	b.ReportMetric(float64(matched), "matches")
}
