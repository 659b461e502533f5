package rest

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/shcr/shcr/federation"
	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/fhir/fhirpath"
	"github.com/shcr/shcr/fhir/search"
)

// RegistrySearcher is the Searcher over the official R4 search parameter
// definitions: each parameter is pushed down to the sources that declare
// it and evaluated by the engine (through the FHIRPath subset) for the
// rest. It is safe for concurrent use.
type RegistrySearcher struct {
	reg *search.Registry
}

var _ Searcher = (*RegistrySearcher)(nil)

// NewSearcher builds the registry of R4 search parameters.
func NewSearcher() (*RegistrySearcher, error) {
	reg, err := search.NewRegistry()
	if err != nil {
		return nil, fmt.Errorf("loading the search parameter definitions: %w", err)
	}
	return &RegistrySearcher{reg: reg}, nil
}

// Decode is the engine's decoder for resources evaluated against criteria.
func (s *RegistrySearcher) Decode(raw []byte) (any, error) { return fhirpath.Decode(raw) }

// Parse implements Searcher.
func (s *RegistrySearcher) Parse(resourceType string, params url.Values, strict bool) ([]federation.Criterion, url.Values, []string, error) {
	q, err := s.reg.Parse(resourceType, params, search.ParseOptions{Strict: strict})
	if err != nil {
		var se *search.Error
		if errors.As(err, &se) && errors.Is(se, search.ErrUnknownResourceType) {
			return nil, nil, nil, notFound(se.Error())
		}
		return nil, nil, nil, &Error{Status: 400, Issue: badRequest(err.Error()).Issue, Err: err}
	}
	criteria := make([]federation.Criterion, 0, len(q.Params))
	for _, p := range q.Params {
		name := p.Code
		if p.Modifier != "" {
			name += ":" + p.Modifier
		}
		raws := make([]string, len(p.Values))
		for i, v := range p.Values {
			raws[i] = v.Raw
		}
		criteria = append(criteria, federation.NewCriterion(name, strings.Join(raws, ","), p.Match))
	}
	applied, err := url.ParseQuery(q.Encode())
	if err != nil {
		return nil, nil, nil, fmt.Errorf("re-reading the canonical query: %w", err)
	}
	var ignored []string
	for _, e := range q.Ignored {
		ignored = append(ignored, e.Param)
	}
	return criteria, applied, ignored, nil
}

// Supported implements Searcher: every parameter of the type the engine can
// evaluate exactly, except the patient links, which scope the search.
func (s *RegistrySearcher) Supported(resourceType string) []fhir.SearchParamSupport {
	var out []fhir.SearchParamSupport
	for _, d := range s.reg.Definitions(resourceType) {
		if d.Unsupported != "" || d.Code == "patient" || d.Code == "subject" {
			continue
		}
		out = append(out, fhir.SearchParamSupport{Name: d.Code, Type: string(d.Type)})
	}
	return out
}

// Matcher compiles a SMART scope's query (e.g. category=laboratory) into a
// test on a resource, for the access policy. Its parameters are read
// strictly: a scope the server cannot evaluate grants nothing rather than
// everything.
func (s *RegistrySearcher) Matcher() func(resourceType string, q url.Values) (func(raw []byte) (bool, error), error) {
	return func(resourceType string, q url.Values) (func(raw []byte) (bool, error), error) {
		query, err := s.reg.Parse(resourceType, q, search.ParseOptions{Strict: true})
		if err != nil {
			return nil, fmt.Errorf("reading a scope's query: %w", err)
		}
		return func(raw []byte) (bool, error) {
			v, err := fhirpath.Decode(raw)
			if err != nil {
				return false, err
			}
			return query.Match(v)
		}, nil
	}
}
