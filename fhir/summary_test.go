package fhir

import (
	"bytes"
	"slices"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
)

func TestSummarizeAndSelectElements(t *testing.T) {
	const obs = `{"resourceType":"Observation","id":"gp.o1","meta":{"source":"urn:shcr:source:gp","tag":[{"system":"https://fhir.nhs.uk/Id/ods-organization-code","code":"X1A01"}]},` +
		`"text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>"},"status":"final","_status":{"id":"s"},` +
		`"category":[{"text":"vital"}],"code":{"text":"weight"},"subject":{"reference":"Patient/9990000018"},"effectiveDateTime":"2024-01-01","valueQuantity":{"value":70.10},"note":[{"text":"n"}]}`
	const noMeta = `{"resourceType":"Observation","id":"o2","status":"final","code":{"text":"c"},"note":[{"text":"n"}]}`
	tests := []struct {
		name       string
		raw        string
		summary    string
		elements   []string
		wantKeys   []string
		wantSubset bool
	}{
		{name: "summary true keeps the summary elements", raw: obs, summary: "true",
			wantKeys: []string{"resourceType", "id", "meta", "status", "_status", "code", "subject", "effectiveDateTime", "valueQuantity"}, wantSubset: true},
		{name: "summary text keeps text, id, meta and the mandatory elements", raw: obs, summary: "text",
			wantKeys: []string{"resourceType", "id", "meta", "text", "status", "_status", "code"}, wantSubset: true},
		{name: "summary data drops text", raw: obs, summary: "data",
			wantKeys: []string{"resourceType", "id", "meta", "status", "_status", "category", "code", "subject", "effectiveDateTime", "valueQuantity", "note"}, wantSubset: true},
		{name: "summary data without text changes nothing", raw: noMeta, summary: "data",
			wantKeys: []string{"resourceType", "id", "status", "code", "note"}},
		{name: "summary false changes nothing", raw: obs, summary: "false",
			wantKeys: []string{"resourceType", "id", "meta", "text", "status", "_status", "category", "code", "subject", "effectiveDateTime", "valueQuantity", "note"}},
		{name: "elements by name and choice name, with the mandatory ones", raw: obs, elements: []string{"effective", "note"},
			wantKeys: []string{"resourceType", "id", "meta", "status", "_status", "code", "effectiveDateTime", "note"}, wantSubset: true},
		{name: "elements on a resource without meta adds one", raw: noMeta, elements: []string{"status"},
			wantKeys: []string{"resourceType", "id", "meta", "status", "code"}, wantSubset: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []byte
			var err error
			if tt.elements != nil {
				got, err = SelectElements([]byte(tt.raw), "Observation", tt.elements)
			} else {
				got, err = Summarize([]byte(tt.raw), "Observation", tt.summary)
			}
			if err != nil {
				t.Fatal(err)
			}
			r, err := Parse(got, DefaultLimits())
			if err != nil {
				t.Fatalf("the result is not a valid resource: %v\n%s", err, got)
			}
			members, err := topLevelNames(got)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(members, tt.wantKeys) {
				t.Errorf("members = %q, want %q", members, tt.wantKeys)
			}
			subsetted := slices.Contains(r.Meta.Tag, SubsettedTag())
			if subsetted != tt.wantSubset {
				t.Errorf("SUBSETTED tag = %v, want %v", subsetted, tt.wantSubset)
			}
			if tt.raw == obs && !slices.ContainsFunc(r.Meta.Tag, func(c Coding) bool { return c.System == ODSSystem }) {
				t.Error("the controller tag was lost")
			}
			if tt.raw == obs && r.Meta.Source != "urn:shcr:source:gp" {
				t.Error("meta.source was lost")
			}
			// Subsetting twice tags once.
			again, err := Summarize(got, "Observation", "data")
			if err != nil {
				t.Fatal(err)
			}
			r2, err := Parse(again, DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, tag := range r2.Meta.Tag {
				if tag == SubsettedTag() {
					n++
				}
			}
			if tt.wantSubset && n != 1 {
				t.Errorf("%d SUBSETTED tags after a second subset", n)
			}
		})
	}
	if _, err := Summarize([]byte(obs), "Observation", "count"); err == nil {
		t.Error("_summary=count accepted as a resource shape")
	}
	if _, err := Summarize([]byte(obs), "NotAType", "true"); err == nil {
		t.Error("an unknown type accepted")
	}
}

// topLevelNames lists an object's member names in document order.
func topLevelNames(raw []byte) ([]string, error) {
	dec := jsontext.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.ReadToken(); err != nil {
		return nil, err
	}
	var out []string
	for dec.PeekKind() == '"' {
		tok, err := dec.ReadToken()
		if err != nil {
			return nil, err
		}
		out = append(out, tok.String())
		if err := dec.SkipValue(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
