package sqlsource

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// FuzzParseMapping feeds arbitrary mapping files to the parser (its YAML
// walk, the SQL named-parameter compiler and the template parser), and
// renders every template it accepts with rows of every kind of value. Nothing
// may panic, and whatever renders must be one JSON object. The seeds in
// testdata/fuzz/FuzzParseMapping run with every go test.
func FuzzParseMapping(f *testing.F) {
	f.Add([]byte(validMapping))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseMapping(data)
		if err != nil {
			if m != nil {
				t.Fatal("ParseMapping returned a mapping and an error")
			}
			return
		}
		values := []any{nil, "", "x", "LAS-000001", int64(0), int64(-7), 3.5, true, false,
			time.Date(2024, 2, 29, 10, 0, 0, 0, time.UTC), dateValue{time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)},
			decimalText("1.50"), []any{"a", nil, int64(1)}, []byte{1}, mustDecode(`[{"a":"b","c":[1,2]},"s",null]`), mustDecode(`{"k":"v"}`)}
		r := newRenderer()
		for _, typ := range m.Types() {
			tm := m.types[typ]
			names := map[string]bool{}
			for n := range tm.columns() {
				names[n] = true
			}
			for shift := range values {
				rw := &row{columns: map[string]int{}}
				i := shift
				for n := range names {
					rw.columns[n] = len(rw.values)
					rw.values = append(rw.values, values[i%len(values)])
					i++
				}
				b, err := r.render(typ, "id1", tm.template, rw)
				if err != nil {
					continue
				}
				var v map[string]any
				if err := json.Unmarshal(b, &v); err != nil || v["resourceType"] != typ || v["id"] != "id1" {
					t.Fatalf("%s rendered %s: %v", typ, b, err)
				}
			}
			if strings.Count(tm.query.text, "$") < len(tm.query.names) {
				t.Fatalf("%s: the compiled query lost a parameter", typ)
			}
		}
	})
}

func mustDecode(s string) any {
	v, err := decodeJSON([]byte(s))
	if err != nil {
		panic(err)
	}
	return v
}
