package fhir

import (
	"slices"
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
		`{"resourceType":"Encounter","id":"e1","subject":{"reference":"Patient/p1"},"diagnosis":[{"condition":{"reference":"Condition/c12","identifier":{"assigner":{"reference":"Organization/o1"}}}},{"condition":{"reference":"Condition/c2"}}]}`,
		`{"resourceType":"Observation","meta":{"extension":[{"url":"u","valueReference":{"reference":"Device/d1"}}]},"subject":{"reference":"Patient/p2"}}`,
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
		checkLocated(t, "rewritten", w, out)
		// Masking works from the carried references exactly as from a
		// fresh parse, and its output carries its own.
		mask := func(ref string) bool { return len(ref)%2 == 0 }
		got, gotMasked, err := MaskReferences(w, mask)
		if err != nil {
			t.Fatalf("masking the rewritten resource: %v", err)
		}
		want, wantMasked, err := MaskReferences(out, mask)
		if err != nil {
			t.Fatalf("masking the parsed rewritten resource: %v", err)
		}
		if gotMasked != wantMasked || string(got.Raw) != string(want.Raw) {
			t.Fatalf("masking the rewritten resource gave\n%s\nmasking it parsed gave\n%s", got.Raw, want.Raw)
		}
		if gotMasked {
			again, err := Parse(got.Raw, Limits{MaxBytes: 1 << 18, MaxDepth: 32})
			if err != nil {
				t.Fatalf("masked resource does not parse: %v\n%s", err, got.Raw)
			}
			checkLocated(t, "masked", got, again)
		}
	})
}

// checkLocated checks that the references a changed resource carries are
// where a fresh parse of its bytes finds them.
func checkLocated(t *testing.T, what string, changed, parsed *Resource) {
	t.Helper()
	if !changed.spans.located {
		return // it lost track, and masking parses it again
	}
	if !slices.Equal(changed.spans.refs, parsed.spans.refs) {
		t.Fatalf("the %s resource carries references at %v, a parse finds them at %v\n%s", what, changed.spans.refs, parsed.spans.refs, changed.Raw)
	}
	if !slices.Equal(changed.References(), parsed.References()) {
		t.Fatalf("the %s resource's references are %q, a parse finds %q", what, changed.References(), parsed.References())
	}
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
