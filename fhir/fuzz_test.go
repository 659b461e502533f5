package fhir

import (
	"strings"
	"testing"
)

// FuzzParse checks that no input crashes the strict parser, that whatever
// it accepts is a single JSON object whose peek agrees with a second parse,
// and that rewriting an accepted resource yields a resource that parses.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"resourceType":"Observation","id":"o1","subject":{"reference":"Patient/p1"},"effectiveDateTime":"2024-01-01","code":{"coding":[{"system":"s","code":"c"}]}}`,
		`{"resourceType":"Appointment","id":"a","participant":[{"actor":{"reference":"Patient/x"}}],"start":"2020-01-01T00:00:00Z"}`,
		`{"resourceType":"Patient","meta":{"tag":[]},"identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9000000009"}]}`,
		`{"resourceType":"Patient","id":"a","id":"b"}`,
		`{"resourceType":"Patient","name":"\ud800"}`,
		`[]`, `{`, ``, `{"resourceType":"X"} 1`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		r, err := Parse(raw, Limits{MaxBytes: 1 << 16, MaxDepth: 32})
		if err != nil {
			return
		}
		again, err := Parse(r.Raw, Limits{MaxBytes: 1 << 16, MaxDepth: 32})
		if err != nil || again.Type != r.Type || again.ID != r.ID {
			t.Fatalf("accepted input does not parse the same twice: %v", err)
		}
		w, err := r.Rewrite(Rewrite{
			ID:         "src.x",
			Reference:  func(ref string) (string, bool) { return "Patient/9000000009", strings.HasPrefix(ref, "Patient/") },
			Controller: &Coding{System: ODSSystem, Code: "X1A01"},
			Source:     "urn:shcr:source:src",
		})
		if err != nil {
			t.Fatalf("Rewrite of an accepted resource: %v", err)
		}
		out, err := Parse(w.Raw, Limits{MaxBytes: 1 << 18, MaxDepth: 32})
		if err != nil {
			t.Fatalf("rewritten resource does not parse: %v\n%s", err, w.Raw)
		}
		if out.ID != "src.x" || out.Meta.Source != "urn:shcr:source:src" {
			t.Fatalf("rewrite lost: id %q source %q", out.ID, out.Meta.Source)
		}
	})
}

// FuzzParseNHSNumber checks the NHS number parser never accepts anything
// but ten digits with a valid check digit.
func FuzzParseNHSNumber(f *testing.F) {
	for _, s := range []string{"9000000009", "9990000018", "0000000060", "900000000", "abcdefghij", "٩٠٠٠٠٠٠٠٠٩"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseNHSNumber(s)
		if err != nil {
			return
		}
		if got != s || len(s) != 10 {
			t.Fatalf("accepted %q as %q", s, got)
		}
		d, ok := NHSNumberCheckDigit(s[:9])
		if !ok || int(s[9]-'0') != d {
			t.Fatalf("accepted %q with a wrong check digit", s)
		}
	})
}

// FuzzSplitReference checks the reference splitter only accepts what it
// documents.
func FuzzSplitReference(f *testing.F) {
	for _, s := range []string{"Patient/1", "Observation/a/_history/2", "urn:uuid:x", "#c", "Patient?identifier=a|b", "a/b/c/d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		typ, id, ok := SplitReference(s)
		if !ok {
			return
		}
		if !validTypeName(typ) || !ValidID(id) || !strings.HasPrefix(s, typ+"/"+id) {
			t.Fatalf("SplitReference(%q) = %q, %q", s, typ, id)
		}
	})
}
