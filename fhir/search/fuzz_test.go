package search

import (
	"errors"
	"net/url"
	"testing"
)

// FuzzParse checks that any query string parses to a *Error or to a query
// whose canonical encoding parses back to the same encoding, and that the
// parsed query can be matched, sorted by and included from on real
// resources without panicking, each sort value surviving a page cursor.
// The seeds in testdata/fuzz/FuzzParse are realistic searches and the
// escaping and precision edge cases.
func FuzzParse(f *testing.F) {
	r := newTestRegistry(f)
	resources := loadR4(f, "Observation-blood")
	for name, res := range loadR4(f, "Patient-example") {
		resources[name] = res
	}
	f.Fuzz(func(t *testing.T, raw string) {
		values, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		for _, rt := range []string{"Observation", "Patient"} {
			for _, strict := range []bool{false, true} {
				q, err := r.Parse(rt, values, ParseOptions{Strict: strict, Now: testNow})
				if err != nil {
					var se *Error
					if !errors.As(err, &se) {
						t.Fatalf("Parse(%s?%s) error %T is not a *Error: %v", rt, raw, err, err)
					}
					continue
				}
				enc := q.Encode()
				again, err := url.ParseQuery(enc)
				if err != nil {
					t.Fatalf("Encode() = %q does not parse as a query: %v", enc, err)
				}
				q2, err := r.Parse(rt, again, ParseOptions{Strict: true, Now: testNow})
				if err != nil {
					t.Fatalf("Parse(Encode() = %q) error = %v (from %q)", enc, err, raw)
				}
				if enc2 := q2.Encode(); enc2 != enc {
					t.Fatalf("Encode is not stable: %q then %q (from %q)", enc, enc2, raw)
				}
				for _, res := range resources {
					_, _ = q.Match(res) // must not panic; errors are answers
					for _, k := range q.Control.Sort {
						v, err := k.Value(res)
						if err != nil {
							continue
						}
						back, err := ParseSortValue(v.String())
						if err != nil || CompareSortValues(back, v, k.Descending) != 0 {
							t.Fatalf("sort value %q of %s does not survive a cursor: %v", v.String(), k.Code, err)
						}
					}
					for _, in := range q.Control.Include {
						_, _ = r.IncludeRefs(in, res)
					}
				}
			}
		}
	})
}
