package main

import (
	"net/url"

	"github.com/go-json-experiment/json"

	"github.com/shcr/shcr/federation"
	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/fhir/rest"
)

// TODO(search): replace with the fhir/search registry once it lands.
type searcher struct{}

var _ rest.Searcher = searcher{}

func newSearcher() (searcher, error) { return searcher{}, nil }

func (searcher) decode(raw []byte) (any, error) {
	var v any
	return v, json.Unmarshal(raw, &v)
}

func (searcher) Parse(resourceType string, params url.Values, strict bool) ([]federation.Criterion, url.Values, []string, error) {
	var ignored []string
	for k := range params {
		ignored = append(ignored, k)
	}
	return nil, url.Values{}, ignored, nil
}

func (searcher) Supported(string) []fhir.SearchParamSupport { return nil }
