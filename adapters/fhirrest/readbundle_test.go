package fhirrest

import (
	"slices"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// TestReadBundle checks the one-pass Bundle reader against json.Unmarshal
// into the struct it replaced: the same parts, and an error for the same
// inputs.
func TestReadBundle(t *testing.T) {
	tests := []struct{ name, in string }{
		{"a page", `{"resourceType":"Bundle","type":"searchset","link":[{"relation":"self","url":"u1"},{"relation":"next","url":"u2"}],"entry":[{"fullUrl":"f","resource":{"resourceType":"Patient","id":"p"},"search":{"mode":"match"}},{"resource":{"resourceType":"OperationOutcome"},"search":{"mode":"outcome","score":1}}]}`},
		{"nulls", `{"resourceType":"Bundle","type":null,"link":[null,{"relation":null,"url":null}],"entry":[null,{"resource":null,"search":null},{"search":{"mode":null}}]}`},
		{"null lists", `{"resourceType":"Bundle","type":"searchset","link":null,"entry":null}`},
		{"names written with escapes", `{"resourceType":"Bundle","t\u0079pe":"searchset","entry":[{"reso\u0075rce":{"resourceType":"Patient"},"search":{"m\u006fde":"include"}}]}`},
		{"names in another case are other members", `{"resourceType":"Bundle","Type":"searchset","entry":[{"Resource":{"resourceType":"Patient"}}]}`},
		{"unknown members of every kind", `{"resourceType":"Bundle","total":3,"meta":{"tag":[{"code":"x"}]},"type":"searchset","signature":[1,[2,{"a":null}]],"entry":[{"request":{"method":"GET"},"resource":[1,2],"response":true}]}`},
		{"resource of any kind", `{"resourceType":"Bundle","type":"searchset","entry":[{"resource":"text"},{"resource":12},{"resource":{}}]}`},
		{"type of the wrong kind", `{"resourceType":"Bundle","type":7}`},
		{"link not a list", `{"resourceType":"Bundle","type":"searchset","link":{"relation":"next"}}`},
		{"link element not an object", `{"resourceType":"Bundle","type":"searchset","link":["next"]}`},
		{"url of the wrong kind", `{"resourceType":"Bundle","type":"searchset","link":[{"relation":"next","url":false}]}`},
		{"entry not a list", `{"resourceType":"Bundle","type":"searchset","entry":{}}`},
		{"entry element not an object", `{"resourceType":"Bundle","type":"searchset","entry":[[]]}`},
		{"search not an object", `{"resourceType":"Bundle","type":"searchset","entry":[{"search":"match"}]}`},
		{"mode of the wrong kind", `{"resourceType":"Bundle","type":"searchset","entry":[{"search":{"mode":1}}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want struct {
				Type string `json:"type"`
				Link []struct {
					Relation string `json:"relation"`
					URL      string `json:"url"`
				} `json:"link"`
				Entry []struct {
					Resource jsontext.Value `json:"resource"`
					Search   struct {
						Mode string `json:"mode"`
					} `json:"search"`
				} `json:"entry"`
			}
			wantErr := json.Unmarshal([]byte(tt.in), &want)
			got, err := readBundle([]byte(tt.in))
			if (err != nil) != (wantErr != nil) {
				t.Fatalf("readBundle error %v, json.Unmarshal error %v", err, wantErr)
			}
			if err != nil {
				return
			}
			if got.typ != want.Type {
				t.Errorf("type %q, want %q", got.typ, want.Type)
			}
			var gotLinks, wantLinks []bundleLink
			gotLinks = got.links
			for _, l := range want.Link {
				wantLinks = append(wantLinks, bundleLink{l.Relation, l.URL})
			}
			if !slices.Equal(gotLinks, wantLinks) {
				t.Errorf("links %q, want %q", gotLinks, wantLinks)
			}
			if len(got.entries) != len(want.Entry) {
				t.Fatalf("%d entries, want %d", len(got.entries), len(want.Entry))
			}
			for i, e := range want.Entry {
				if string(got.entries[i].resource) != string(e.Resource) || got.entries[i].mode != e.Search.Mode {
					t.Errorf("entry %d: resource %s mode %q, want %s %q", i, got.entries[i].resource, got.entries[i].mode, e.Resource, e.Search.Mode)
				}
			}
		})
	}
}
