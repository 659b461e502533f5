package search

import (
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/shcr/shcr/fhir/fhirpath"
)

func TestSortKeyValue(t *testing.T) {
	r := newTestRegistry(t)
	tests := []struct {
		name     string
		typ      string
		sort     string
		resource string
		want     string // SortValue.String()
	}{
		{name: "date ascending takes the earliest start", typ: "Observation", sort: "date",
			resource: `{"resourceType":"Observation","effectivePeriod":{"start":"2020-03-01","end":"2020-04-01"}}`,
			want:     "t2020-03-01T00:00:00Z"},
		{name: "partial date sorts by its first instant", typ: "Condition", sort: "onset-date",
			resource: `{"resourceType":"Condition","onsetDateTime":"2019-06"}`, want: "t2019-06-01T00:00:00Z"},
		{name: "zoned dateTime is compared in UTC", typ: "Observation", sort: "date",
			resource: `{"resourceType":"Observation","effectiveDateTime":"2021-01-01T10:00:00+02:00"}`, want: "t2021-01-01T08:00:00Z"},
		{name: "period without a start sorts by its end", typ: "Encounter", sort: "date",
			resource: `{"resourceType":"Encounter","period":{"end":"2022-02-02"}}`, want: "t2022-02-03T00:00:00Z"},
		{name: "no value is missing", typ: "Observation", sort: "date",
			resource: `{"resourceType":"Observation"}`, want: ""},
		{name: "token: lowest code ascending", typ: "Observation", sort: "code",
			resource: `{"resourceType":"Observation","code":{"coding":[{"system":"s","code":"b"},{"system":"t","code":"a"}]}}`, want: "sa"},
		{name: "token: highest code descending", typ: "Observation", sort: "-code",
			resource: `{"resourceType":"Observation","code":{"coding":[{"system":"s","code":"b"},{"system":"t","code":"a"}]}}`, want: "sb"},
		{name: "token code primitive", typ: "Observation", sort: "status",
			resource: `{"resourceType":"Observation","status":"final"}`, want: "sfinal"},
		{name: "token compares codes exactly", typ: "Observation", sort: "status",
			resource: `{"resourceType":"Observation","status":"Final"}`, want: "sFinal"},
		{name: "string is folded", typ: "Practitioner", sort: "family",
			resource: `{"resourceType":"Practitioner","name":[{"family":"Ébène"}]}`, want: "sebene"},
		{name: "HumanName by family then given", typ: "Practitioner", sort: "name",
			resource: `{"resourceType":"Practitioner","name":[{"family":"Smith","given":["Ann"]}]}`, want: "ssmith ann"},
		{name: "string primitive", typ: "Immunization", sort: "series",
			resource: `{"resourceType":"Immunization","protocolApplied":[{"series":"x"}]}`, want: "sx"},
		{name: "quantity by value", typ: "Observation", sort: "value-quantity",
			resource: `{"resourceType":"Observation","valueQuantity":{"value":37.50,"unit":"C"}}`, want: "n75/2"},
		{name: "reference as written", typ: "Observation", sort: "performer",
			resource: `{"resourceType":"Observation","performer":[{"reference":"Practitioner/b"},{"reference":"Practitioner/a"}]}`, want: "sPractitioner/a"},
		{name: "id", typ: "Observation", sort: "_id",
			resource: `{"resourceType":"Observation","id":"gp.o1"}`, want: "sgp.o1"},
		{name: "lastUpdated", typ: "Observation", sort: "-_lastUpdated",
			resource: `{"resourceType":"Observation","meta":{"lastUpdated":"2024-05-05T05:05:05.123Z"}}`, want: "t2024-05-05T05:05:05.123Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := r.Parse(tt.typ, mustQuery(t, "_sort="+tt.sort), ParseOptions{Strict: true, Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			res, err := fhirpath.Decode([]byte(tt.resource))
			if err != nil {
				t.Fatal(err)
			}
			v, err := q.Control.Sort[0].Value(res)
			if err != nil {
				t.Fatal(err)
			}
			if got := v.String(); got != tt.want {
				t.Errorf("Value = %q, want %q", got, tt.want)
			}
			back, err := ParseSortValue(v.String())
			if err != nil {
				t.Fatalf("ParseSortValue(%q): %v", v.String(), err)
			}
			if CompareSortValues(back, v, false) != 0 || back.String() != v.String() {
				t.Errorf("ParseSortValue(%q) = %q, not the same value", v.String(), back.String())
			}
		})
	}
}

func TestCompareSortValues(t *testing.T) {
	day := func(d int) SortValue { return TimeSortValue(time.Date(2020, 1, d, 0, 0, 0, 0, time.UTC)) }
	values := []SortValue{day(3), MissingSortValue(), day(1), day(2)}
	asc := slices.Clone(values)
	sort.SliceStable(asc, func(i, j int) bool { return CompareSortValues(asc[i], asc[j], false) < 0 })
	desc := slices.Clone(values)
	sort.SliceStable(desc, func(i, j int) bool { return CompareSortValues(desc[i], desc[j], true) < 0 })
	str := func(vs []SortValue) []string {
		var out []string
		for _, v := range vs {
			out = append(out, v.String())
		}
		return out
	}
	if got, want := str(asc), []string{"t2020-01-01T00:00:00Z", "t2020-01-02T00:00:00Z", "t2020-01-03T00:00:00Z", ""}; !slices.Equal(got, want) {
		t.Errorf("ascending = %q, want %q (missing last)", got, want)
	}
	if got, want := str(desc), []string{"t2020-01-03T00:00:00Z", "t2020-01-02T00:00:00Z", "t2020-01-01T00:00:00Z", ""}; !slices.Equal(got, want) {
		t.Errorf("descending = %q, want %q (missing last)", got, want)
	}
	n := func(s string) SortValue {
		v, err := ParseSortValue(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if CompareSortValues(n("n10"), n("n9"), false) <= 0 {
		t.Error("numbers compare as text")
	}
}

func TestParseSortValueRejects(t *testing.T) {
	for _, s := range []string{"x", "t2020", "n1.5", "n1e3", "nabc", "s" + string(make([]byte, 200))} {
		if _, err := ParseSortValue(s); err == nil {
			t.Errorf("ParseSortValue(%q) accepted", s)
		}
	}
}

func TestIncludeRefs(t *testing.T) {
	r := newTestRegistry(t)
	res, err := fhirpath.Decode([]byte(`{"resourceType":"Observation","subject":{"reference":"Patient/p1"},
		"performer":[{"reference":"Practitioner/d1"},{"reference":"Organization/o1"},{"reference":"Practitioner/d1"}],
		"encounter":{"reference":"Encounter/e1"}}`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		in   Include
		want []string
	}{
		{name: "one parameter", in: Include{Source: "Observation", Param: "performer"}, want: []string{"Practitioner/d1", "Organization/o1"}},
		{name: "with a target type", in: Include{Source: "Observation", Param: "performer", Target: "Organization"}, want: []string{"Organization/o1"}},
		{name: "every reference parameter", in: Include{Source: "Observation", Param: "*"}, want: []string{"Encounter/e1", "Patient/p1", "Practitioner/d1", "Organization/o1"}},
		{name: "another source type", in: Include{Source: "Condition", Param: "subject"}, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := r.IncludeRefs(tt.in, res)
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("IncludeRefs = %q, want %q", got, want)
			}
		})
	}
}

func TestTextSortValueIsBounded(t *testing.T) {
	long := textSortValue(strings.Repeat("é", 100)) // 200 bytes
	if len(long.String()) > 1+maxSortText || !utf8.ValidString(long.String()) {
		t.Errorf("a long text sorts as %d bytes, valid UTF-8 %v", len(long.String()), utf8.ValidString(long.String()))
	}
	if got := textSortValue("a\x00b\nc").String(); got != "sa b c" {
		t.Errorf("control characters sort as %q, want spaces", got)
	}
	if _, err := ParseSortValue("sa\x01b"); err == nil {
		t.Error("a cursor sort value with a control character was accepted")
	}
}
