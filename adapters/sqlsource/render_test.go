package sqlsource

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/shcr/shcr/fhir/search"
)

// renderYAML parses a template and renders it with one row.
func renderYAML(t *testing.T, tmpl string, cols map[string]any) (string, error) {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(tmpl), &doc); err != nil {
		t.Fatal(err)
	}
	obj, err := parseTemplate(doc.Content[0])
	if err != nil {
		t.Fatalf("parseTemplate: %v", err)
	}
	rw := &row{columns: map[string]int{}}
	for name, v := range cols {
		rw.columns[name] = len(rw.values)
		rw.values = append(rw.values, v)
	}
	b, err := newRenderer().render("Basic", "b1", obj, rw)
	if err != nil {
		return "", err
	}
	var check any
	if err := json.Unmarshal(b, &check); err != nil {
		t.Fatalf("the output is not JSON: %v\n%s", err, b)
	}
	return strings.TrimPrefix(string(b), `{"resourceType":"Basic","id":"b1"`), nil
}

func mustJSON(t *testing.T, s string) any {
	t.Helper()
	v, err := decodeJSON([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestRender(t *testing.T) {
	at := time.Date(2021, 12, 22, 16, 40, 0, 0, time.UTC)
	tests := []struct {
		name string
		tmpl string
		cols map[string]any
		want string
	}{
		{name: "NULL and empty strings omit their element",
			tmpl: "a: ${x}\nb: ${y}\nc: ${z}", cols: map[string]any{"x": nil, "y": "", "z": "kept"},
			want: `,"c":"kept"}`},
		{name: "an object left empty is omitted, up to the top",
			tmpl: "code: {coding: [{system: \"${s}\", code: \"${c}\"}], text: \"${t}\"}", cols: map[string]any{"s": nil, "c": nil, "t": nil},
			want: `}`},
		{name: "literal members keep an object; $if removes it",
			tmpl: "identifier:\n  - {system: https://a, value: \"${a}\"}\n  - {$if: b, system: https://b, value: \"${b}\"}", cols: map[string]any{"a": nil, "b": nil},
			want: `,"identifier":[{"system":"https://a"}]}`},
		{name: "array items that are NULL are dropped",
			tmpl: "given: [\"${a}\", \"${b}\", \"${c}\"]", cols: map[string]any{"a": "Ann", "b": nil, "c": "Lee"},
			want: `,"given":["Ann","Lee"]}`},
		{name: "a string with a NULL placeholder is omitted whole",
			tmpl: "subject: {reference: \"Patient/${p:id}\", display: x}", cols: map[string]any{"p": nil},
			want: `,"subject":{"display":"x"}}`},
		{name: "$if is truthiness: false, empty and NULL are out; zero is in",
			tmpl: "a: {$if: f, text: x}\nb: {$if: e, text: x}\nc: {$if: n, text: x}\nd: {$if: z, text: x}\ne: {$if: [t, z], text: x}\nf: {$if: ea, text: x}",
			cols: map[string]any{"f": false, "e": "", "n": nil, "z": int64(0), "t": true, "ea": []any{}},
			want: `,"d":{"text":"x"},"e":{"text":"x"}}`},
		{name: "typed values",
			tmpl: "i: ${i:integer}\np: ${p:positiveInt}\nu: ${u:unsignedInt}\nd: ${d:decimal}\nf: ${f:decimal}\nb: ${b:boolean}\ns: ${n:string}\nc: ${c:code}",
			cols: map[string]any{"i": int64(-3), "p": int64(45), "u": int64(0), "d": decimalText("12.50"), "f": 0.1, "b": true, "n": int64(7), "c": "final"},
			want: `,"i":-3,"p":45,"u":0,"d":12.50,"f":0.1,"b":true,"s":"7","c":"final"}`},
		{name: "dates and times",
			tmpl: "a: ${ts:date}\nb: ${ts:dateTime}\nc: ${ts:instant}\nd: ${day:dateTime}\ne: ${frac:instant}\nf: ${local:dateTime}\ng: ${pgjson:dateTime}\nh: ${naive:dateTime}\ni: ${month:date}",
			cols: map[string]any{"ts": at, "day": dateValue{at}, "frac": at.Add(123456 * time.Microsecond), "local": at.In(time.FixedZone("", 3600)),
				"pgjson": "2021-12-22T17:40:00+01:00", "naive": "2021-12-22T16:40:00.5", "month": "2021-12"},
			want: `,"a":"2021-12-22","b":"2021-12-22T16:40:00Z","c":"2021-12-22T16:40:00Z","d":"2021-12-22","e":"2021-12-22T16:40:00.123456Z","f":"2021-12-22T16:40:00Z","g":"2021-12-22T16:40:00Z","h":"2021-12-22T16:40:00.5Z","i":"2021-12"}`},
		{name: "escaping is the encoder's",
			tmpl: "a: ${a}\nb: ${b}\nc: \"x ${a} $$5\"",
			cols: map[string]any{"a": "\"quoted\" \\ back</script>\n\ttab\u2028é😀", "b": "\x01\x1f"},
			want: `,"a":"\"quoted\" \\ back</script>\n\ttab` + "\u2028" + `é😀","b":"\u0001\u001f","c":"x \"quoted\" \\ back</script>\n\ttab` + "\u2028" + `é😀 $5"}`},
		{name: "base64",
			tmpl: "data: ${t:base64Binary}\nraw: ${b:base64Binary}", cols: map[string]any{"t": "Ünï", "b": []byte{0, 1, 2}},
			want: `,"data":"w5xuw68=","raw":"AAEC"}`},
		{name: "$each over a SQL array, with ${.}",
			tmpl: "given:\n  $each: names\n  $item: ${.}", cols: map[string]any{"names": []any{"Ann", nil, "Lee"}},
			want: `,"given":["Ann","Lee"]}`},
		{name: "$each spliced into an array, nested, with names from the row",
			tmpl: "activity:\n  - {detail: {description: fixed}}\n  - $each: services\n    $item:\n      detail:\n        description: ${description}\n        performer:\n          $each: providers\n          $item: {reference: \"Organization/${.:id}\", display: \"${org_name}\"}\n",
			cols: map[string]any{"org_name": "Council", "services": mustJSON(t, `[{"description":"Meals","providers":["o1","o2"]},{"description":null,"providers":[]},{"description":"Calls"}]`)},
			want: `,"activity":[{"detail":{"description":"fixed"}},{"detail":{"description":"Meals","performer":[{"reference":"Organization/o1","display":"Council"},{"reference":"Organization/o2","display":"Council"}]}},{"detail":{"description":"Calls"}}]}`},
		{name: "$each over NULL, an empty array and a $if",
			tmpl: "a: {$each: n, $item: {text: x}}\nb: {$each: e, $item: {text: x}}\nc: {$each: full, $if: no, $item: {text: \"${.}\"}}", cols: map[string]any{"n": nil, "e": []any{}, "full": []any{"x"}, "no": false},
			want: `}`},
		{name: "json embeds a tree; empty ones are omitted",
			tmpl: "extension: ${ext:json}\nother: ${empty:json}", cols: map[string]any{"ext": mustJSON(t, `[{"url":"https://x","valueDecimal":1.10}]`), "empty": mustJSON(t, `[]`)},
			want: `,"extension":[{"url":"https://x","valueDecimal":1.10}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := renderYAML(t, tt.tmpl, tt.cols)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestRenderErrors checks values that cannot be written as their type fail
// the row, with a message that names the placeholder but not the value.
func TestRenderErrors(t *testing.T) {
	tests := []struct {
		name string
		tmpl string
		cols map[string]any
		want string
	}{
		{name: "not an id", tmpl: "ref: \"Patient/${p:id}\"", cols: map[string]any{"p": "secret value"}, want: "${p:id}: the value is not a FHIR id"},
		{name: "integer out of range", tmpl: "n: ${n:integer}", cols: map[string]any{"n": int64(1) << 40}, want: "32-bit"},
		{name: "positiveInt zero", tmpl: "n: ${n:positiveInt}", cols: map[string]any{"n": int64(0)}, want: "at least 1"},
		{name: "text as an integer", tmpl: "n: ${n:integer}", cols: map[string]any{"n": "secret value"}, want: "not a whole number"},
		{name: "a timestamp as text", tmpl: "s: ${t}", cols: map[string]any{"t": time.Now()}, want: ":dateTime"},
		{name: "a date as an instant", tmpl: "s: ${t:instant}", cols: map[string]any{"t": dateValue{}}, want: "an instant needs a time"},
		{name: "text that is not a date", tmpl: "s: ${t:date}", cols: map[string]any{"t": "secret value"}, want: "not a FHIR date"},
		{name: "a number that is not finite", tmpl: "s: ${t:decimal}", cols: map[string]any{"t": decimalText(`"NaN"`)}, want: "not finite"},
		{name: "$each over text", tmpl: "a: {$each: t, $item: {text: x}}", cols: map[string]any{"t": "secret value"}, want: "not an array"},
		{name: "a name the row lacks", tmpl: "a: ${missing}", cols: map[string]any{}, want: "no such column: missing"},
		{name: "bytes as text", tmpl: "a: ${b}", cols: map[string]any{"b": []byte("x")}, want: "bytea value cannot be written as text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := renderYAML(t, tt.tmpl, tt.cols)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("render: %v, want an error mentioning %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("the error shows the value: %v", err)
			}
		})
	}
}

// TestParseSearchDate checks the adapter reads date search values into the
// same ranges as the engine (fhir/search), and refuses only what it leaves
// to the engine.
func TestParseSearchDate(t *testing.T) {
	reg, err := search.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{
		"2024", "2024-02", "2024-02-29", "2023-12-31", "2024-03-15T10:00", "2024-03-15T10:00:30", "2024-03-15T10:00:30Z",
		"2024-03-15T10:00Z", "2024-03-15T10:00:30+01:00", "2024-03-15T23:30:00-05:30", "2024-03-15T10:00:30 01:00",
		"0001", "9999-12-31T23:59:59Z", "2024-03-15T10:00:30+14:00",
	} {
		q, err := reg.Parse("Observation", url.Values{"date": {v}}, search.ParseOptions{Strict: true})
		if err != nil {
			t.Fatalf("the engine refuses %s: %v", v, err)
		}
		want := q.Params[0].Values[0]
		lo, hi, ok := parseSearchDate(v)
		if !ok || !lo.Equal(want.Start) || !hi.Equal(want.End) {
			t.Errorf("%s: got [%v, %v) %v, want [%v, %v)", v, lo, hi, ok, want.Start, want.End)
		}
	}
	// Forms the adapter leaves to the engine, and forms nobody reads.
	for _, v := range []string{"2024-03-15T10:00:30.5Z", "2024-03-15T10:00:60Z", "2024-13", "2023-02-29", "0000", "24", "2024-3-1",
		"2024-03-15T25:00", "2024-03-15T10:00:30+15:00", "2024-03-15 10:00", "2024-03-15T10", "' OR 1=1", "2024-03-15T10:00:30ZZ"} {
		if _, _, ok := parseSearchDate(v); ok {
			t.Errorf("parseSearchDate(%q) read it", v)
		}
	}
}

func TestSplitValues(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{in: "a", want: []string{"a"}},
		{in: "a,b", want: []string{"a", "b"}},
		{in: `a\,b,c`, want: []string{"a,b", "c"}},
		{in: `s\|x|c`, want: []string{`s\|x|c`}},
		{in: `a\\,b`, want: []string{`a\`, "b"}},
		{in: `a\$`, want: []string{"a$"}},
		{in: ",", want: []string{"", ""}},
	}
	for _, tt := range tests {
		got, err := splitValues(tt.in)
		if err != nil || strings.Join(got, "\x00") != strings.Join(tt.want, "\x00") {
			t.Errorf("splitValues(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{`\`, `a\b`, `a\`} {
		if _, err := splitValues(bad); err == nil {
			t.Errorf("splitValues(%q) accepted it", bad)
		}
	}
	if s, c, ok := splitToken(`sy\|s|co\|de`); s != "sy|s" || c != "co|de" || !ok {
		t.Errorf("splitToken = %q %q %v", s, c, ok)
	}
}
