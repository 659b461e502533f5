package rest

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/shcr/shcr/federation"
	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/fhir/fhirpath"
	"github.com/shcr/shcr/fhir/search"
)

// Search is a type search read from a request: what the engine applies
// and how the searchset Bundle is shaped.
type Search struct {
	Criteria []federation.Criterion
	// Sort is the _sort order; empty means the engine's default.
	Sort federation.Order
	// Applied are the parameters applied, in canonical order, for the
	// self link and the binding of page cursors.
	Applied url.Values
	// Ignored names the parameters left out (lenient mode only).
	Ignored []string
	Shape   Shape
}

// Shape is what a search asks of the Bundle rather than of the sources.
type Shape struct {
	// Summary is _summary (true, text, data, count or false); Elements is
	// _elements. At most one of them selects elements.
	Summary  string
	Elements []string
	// Total is _total: none leaves Bundle.total out.
	Total string
	// Include and RevInclude are _include and _revinclude.
	Include, RevInclude []search.Include
}

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

// Decode is the engine's decoder for resources evaluated against criteria
// and sort keys. The engine decodes only resources that fhir.Parse has
// checked strictly (and rewritten), so the duplicate-name check is not
// repeated.
func (s *RegistrySearcher) Decode(raw []byte) (any, error) { return fhirpath.DecodeValid(raw) }

// Parse implements Searcher. Result parameters that shcr does not apply
// (_contained, _containedType, _pretty, and _revinclude from a type that
// is not searched by patient) are treated like unsupported parameters.
func (s *RegistrySearcher) Parse(resourceType string, params url.Values, strict bool) (*Search, error) {
	q, err := s.reg.Parse(resourceType, params, search.ParseOptions{Strict: strict})
	if err != nil {
		var se *search.Error
		if errors.As(err, &se) && errors.Is(se, search.ErrUnknownResourceType) {
			return nil, notFound(se.Error())
		}
		return nil, &Error{Status: 400, Issue: badRequest(err.Error()).Issue, Err: err}
	}
	out := &Search{}
	for _, e := range q.Ignored {
		out.Ignored = append(out.Ignored, e.Param)
	}
	unapplied := func(name, reason string) error {
		if strict {
			return notSupported(fmt.Sprintf("%s is not supported: %s", name, reason))
		}
		out.Ignored = append(out.Ignored, name)
		return nil
	}
	c := &q.Control
	for _, p := range []struct {
		value *string
		name  string
	}{{&c.Contained, "_contained"}, {&c.ContainedType, "_containedType"}, {&c.Pretty, "_pretty"}} {
		if *p.value != "" {
			if err := unapplied(p.name, "resources are returned as their organisations hold them"); err != nil {
				return nil, err
			}
			*p.value = ""
		}
	}
	if len(c.Elements) > 0 && c.Summary != "" && c.Summary != "false" {
		return nil, badRequest("_summary=" + c.Summary + " and _elements both choose elements; give one of them")
	}
	var revs []search.Include
	for _, in := range c.RevInclude {
		if !isCompartmentType(in.Source) {
			if err := unapplied("_revinclude="+in.String(), in.Source+" is not searched here"); err != nil {
				return nil, err
			}
			continue
		}
		revs = append(revs, in)
	}
	c.RevInclude = revs

	for _, p := range q.Params {
		raws := make([]string, len(p.Values))
		for i, v := range p.Values {
			raws[i] = v.Raw
		}
		cr := federation.NewCriterion(paramKey(p), strings.Join(raws, ","), p.Match)
		cr.EngineOnly = engineOnly(p.Def)
		out.Criteria = append(out.Criteria, cr)
	}
	if len(c.Sort) > maxSortKeys {
		return nil, badRequest(fmt.Sprintf("_sort has %d keys; at most %d are supported", len(c.Sort), maxSortKeys))
	}
	for _, k := range c.Sort {
		out.Sort = append(out.Sort, federation.SortKey{Name: k.Code, Descending: k.Descending, Value: k.Value})
	}
	out.Shape = Shape{Summary: c.Summary, Elements: c.Elements, Total: c.Total, Include: c.Include, RevInclude: c.RevInclude}
	if out.Applied, err = url.ParseQuery(q.Encode()); err != nil {
		return nil, fmt.Errorf("re-reading the canonical query: %w", err)
	}
	return out, nil
}

// maxSortKeys bounds _sort: page cursors carry one value per key (each at
// most 128 bytes, 256 once JSON escapes it), and must stay within
// maxCursor.
const maxSortKeys = 8

// paramKey is a parameter as written: code[:modifier].
func paramKey(p search.Param) string {
	if p.Modifier == "" {
		return p.Code
	}
	return p.Code + ":" + p.Modifier
}

// engineOnly reports whether a parameter's values name what only the
// federated view holds (federation.Criterion.EngineOnly): federated ids
// and the controller's meta.
func engineOnly(d search.Definition) bool {
	switch d.Code {
	case "_id", "_tag", "_source":
		return true
	}
	if d.Type == search.TypeReference {
		return true
	}
	for _, c := range d.Components {
		if c.Type == search.TypeReference {
			return true
		}
	}
	return false
}

// IncludeRefs implements Searcher.
func (s *RegistrySearcher) IncludeRefs(in search.Include, raw []byte) ([]string, error) {
	v, err := fhirpath.DecodeValid(raw)
	if err != nil {
		return nil, err
	}
	return s.reg.IncludeRefs(in, v)
}

// RevIncludeCriterion implements Searcher. For "*" the criterion holds
// when any reference parameter of in.Source refers to a target. Targets of
// a type the parameter cannot refer to are passed over.
func (s *RegistrySearcher) RevIncludeCriterion(in search.Include, targets []string) (federation.Criterion, error) {
	var params []search.Param
	for _, d := range s.reg.IncludeParams(in) {
		var vals []string
		for _, t := range targets {
			typ, _, _ := strings.Cut(t, "/")
			if slices.Contains(d.Targets, typ) {
				vals = append(vals, t)
			}
		}
		if len(vals) == 0 {
			continue
		}
		q, err := s.reg.Parse(in.Source, url.Values{d.Code: {strings.Join(vals, ",")}}, search.ParseOptions{Strict: true})
		if err != nil {
			return federation.Criterion{}, fmt.Errorf("building _revinclude=%s: %w", in, err)
		}
		params = append(params, q.Params...)
	}
	cr := federation.NewCriterion("_revinclude", in.String(), func(resource any) (bool, error) {
		for _, p := range params {
			if ok, err := p.Match(resource); err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	})
	cr.EngineOnly = true
	return cr, nil
}

// Supported implements Searcher: every parameter of the type the engine can
// evaluate exactly, except the patient links, which scope the search.
func (s *RegistrySearcher) Supported(resourceType string) []fhir.SearchParamSupport {
	var out []fhir.SearchParamSupport
	for _, d := range s.reg.Definitions(resourceType) {
		if d.Unsupported != "" || d.Code == "patient" || d.Code == "subject" {
			continue
		}
		out = append(out, fhir.SearchParamSupport{Name: d.Code, Type: string(d.Type), Definition: d.URL})
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

// Includes implements Searcher: Type:param for every reference parameter
// of the type, and Type:*; for _revinclude, Source:param for every
// reference parameter of a type searched here that can refer to it.
func (s *RegistrySearcher) Includes(resourceType string) (include, revinclude []string) {
	for _, d := range s.reg.IncludeParams(search.Include{Source: resourceType, Param: "*"}) {
		include = append(include, resourceType+":"+d.Code)
	}
	if len(include) > 0 {
		include = append(include, resourceType+":*")
	}
	for _, src := range compartmentTypes() {
		for _, d := range s.reg.IncludeParams(search.Include{Source: src, Param: "*"}) {
			if slices.Contains(d.Targets, resourceType) {
				revinclude = append(revinclude, src+":"+d.Code)
			}
		}
	}
	slices.Sort(include)
	slices.Sort(revinclude)
	return include, revinclude
}
