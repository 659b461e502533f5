package grpcsource

import (
	"errors"
	"fmt"
	"slices"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/grpcsource/sourcepb"
	"github.com/shcr/shcr/fhir"
)

// Bounds on a query, so neither side accepts one no facade would send.
const (
	maxPatients   = 100
	maxTypes      = 200
	maxParams     = 100
	maxParamName  = 128
	maxParamValue = 4096
	maxCapParams  = 500
)

func queryToProto(q adapters.Query) *sourcepb.SearchRequest {
	req := &sourcepb.SearchRequest{
		Type:        q.Type,
		Patients:    q.Patients,
		Compartment: q.Compartment,
		Types:       q.Types,
	}
	for _, p := range q.Params {
		req.Params = append(req.Params, &sourcepb.Param{Name: p.Name, Value: p.Value})
	}
	return req
}

// queryFromProto checks and converts a request. Its errors quote nothing
// from the request.
func queryFromProto(req *sourcepb.SearchRequest) (adapters.Query, error) {
	q := adapters.Query{
		Type:        req.GetType(),
		Patients:    req.GetPatients(),
		Compartment: req.GetCompartment(),
		Types:       req.GetTypes(),
	}
	switch {
	case q.Compartment && q.Type != "":
		return q, errors.New("a compartment search has no type")
	case !q.Compartment && !validType(q.Type):
		return q, errors.New("type must be a resource type")
	case len(q.Patients) > maxPatients:
		return q, fmt.Errorf("at most %d patients", maxPatients)
	case len(q.Types) > maxTypes:
		return q, fmt.Errorf("at most %d types", maxTypes)
	case len(req.GetParams()) > maxParams:
		return q, fmt.Errorf("at most %d parameters", maxParams)
	}
	for _, p := range q.Patients {
		if !fhir.ValidID(p) {
			return q, errors.New("a patient is not a FHIR id")
		}
	}
	for _, t := range q.Types {
		if !validType(t) {
			return q, errors.New("types must be resource types")
		}
	}
	for _, p := range req.GetParams() {
		if p.GetName() == "" || len(p.GetName()) > maxParamName || len(p.GetValue()) > maxParamValue {
			return q, fmt.Errorf("a parameter name must be 1 to %d bytes and its value at most %d", maxParamName, maxParamValue)
		}
		q.Params = append(q.Params, adapters.Param{Name: p.GetName(), Value: p.GetValue()})
	}
	return q, nil
}

func paramsToProto(ps []adapters.Param) []*sourcepb.Param {
	out := make([]*sourcepb.Param, 0, len(ps))
	for _, p := range ps {
		out = append(out, &sourcepb.Param{Name: p.Name, Value: p.Value})
	}
	return out
}

func capsToProto(c adapters.Capabilities, g grant) map[string]*sourcepb.TypeCapabilities {
	out := map[string]*sourcepb.TypeCapabilities{}
	for typ, tc := range c.Types {
		if g.allows(typ) {
			out[typ] = &sourcepb.TypeCapabilities{SearchParams: slices.Clone(tc.SearchParams)}
		}
	}
	return out
}

// capsFromProto checks and converts a node's Describe answer, which is
// untrusted: every type must be a resource type name and every parameter a
// plausible search parameter code.
func capsFromProto(resp *sourcepb.DescribeResponse) (adapters.Capabilities, error) {
	caps := adapters.Capabilities{Types: map[string]adapters.TypeCapabilities{}}
	if len(resp.GetTypes()) > maxTypes {
		return caps, fmt.Errorf("%w: the node describes more than %d types", adapters.ErrBadResponse, maxTypes)
	}
	for typ, tc := range resp.GetTypes() {
		if !validType(typ) {
			return caps, fmt.Errorf("%w: the node describes a type that is not a resource type name", adapters.ErrBadResponse)
		}
		params := tc.GetSearchParams()
		if len(params) > maxCapParams {
			return caps, fmt.Errorf("%w: the node declares more than %d parameters for %s", adapters.ErrBadResponse, maxCapParams, typ)
		}
		for _, p := range params {
			if !validParamName(p) {
				return caps, fmt.Errorf("%w: the node declares a malformed search parameter for %s", adapters.ErrBadResponse, typ)
			}
		}
		caps.Types[typ] = adapters.TypeCapabilities{SearchParams: slices.Clone(params)}
	}
	return caps, nil
}

// validParamName reports whether s is a search parameter code with an
// optional modifier: letters, digits, '-', '_', '.', ':', at most
// maxParamName bytes.
func validParamName(s string) bool {
	if s == "" || len(s) > maxParamName {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == ':') {
			return false
		}
	}
	return true
}
