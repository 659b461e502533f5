package fhirrest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/fhir"
)

// serverCaps is what a server's CapabilityStatement says, read once and
// shared by every search until it is refreshed. It is immutable.
type serverCaps struct {
	fetched time.Time
	types   map[string]typeCaps
	// everything: the server declares Patient/$everything.
	everything bool
	// public is what Describe reports to the engine.
	public adapters.Capabilities
}

// typeCaps is what the server declares for one resource type.
type typeCaps struct {
	search, read bool
	params       map[string]bool // declared search parameter names
	// link is the parameter that scopes a search of a compartment type to
	// a patient: "patient", else "subject"; "" when the type has neither.
	link string
}

// pushable reports whether a declared parameter may be sent on the engine's
// behalf. Result parameters (_count, _sort, _include, _elements, _summary,
// ...) change the shape of the answer rather than filter it, so only the
// filtering common parameters are.
func pushable(name string) bool {
	if !strings.HasPrefix(name, "_") {
		return true
	}
	switch name {
	case "_id", "_lastUpdated", "_tag", "_profile", "_security", "_source", "_text", "_content":
		return true
	}
	return false
}

// validParamName reports whether s can be a search parameter's name.
func validParamName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// validType reports whether s can be a resource type name.
func validType(s string) bool {
	_, _, ok := fhir.SplitReference(s + "/x")
	return ok
}

// everythingDefinition is the canonical URL of Patient/$everything.
const everythingDefinition = "http://hl7.org/fhir/OperationDefinition/Patient-everything"

// parseCapabilityStatement reads a CapabilityStatement strictly (no
// duplicate members, valid UTF-8, FHIR R4) and learns from it the types the
// server searches, the parameters it declares for each, and whether it has
// Patient/$everything.
func parseCapabilityStatement(raw []byte, lim fhir.Limits) (*serverCaps, error) {
	lim.MaxBytes = 0 // the response size cap already applied
	r, err := fhir.Parse(raw, lim)
	if err != nil {
		return nil, err
	}
	if r.Type != "CapabilityStatement" {
		return nil, fmt.Errorf("the metadata endpoint answered with a %s, not a CapabilityStatement", r.Type)
	}
	type operation struct {
		Name       string `json:"name"`
		Definition string `json:"definition"`
	}
	var cs struct {
		FHIRVersion string `json:"fhirVersion"`
		Rest        []struct {
			Mode     string `json:"mode"`
			Resource []struct {
				Type        string `json:"type"`
				Interaction []struct {
					Code string `json:"code"`
				} `json:"interaction"`
				SearchParam []struct {
					Name string `json:"name"`
				} `json:"searchParam"`
				Operation []operation `json:"operation"`
			} `json:"resource"`
			Operation []operation `json:"operation"`
		} `json:"rest"`
	}
	if err := json.Unmarshal(raw, &cs); err != nil {
		return nil, fmt.Errorf("reading the CapabilityStatement: %w", err)
	}
	if !strings.HasPrefix(cs.FHIRVersion, "4.0.") {
		return nil, fmt.Errorf("the server speaks FHIR %q, not R4 (4.0.x)", truncate(cs.FHIRVersion, 16))
	}
	// On the Patient resource an operation named everything is
	// $everything, whatever OperationDefinition the server points to (HAPI
	// points to its own); at system level only the canonical definition is.
	isEverything := func(op operation) bool {
		return op.Definition == everythingDefinition || strings.HasPrefix(op.Definition, everythingDefinition+"|")
	}
	c := &serverCaps{types: map[string]typeCaps{}}
	for _, rest := range cs.Rest {
		if rest.Mode != "server" {
			continue
		}
		for _, op := range rest.Operation {
			c.everything = c.everything || isEverything(op)
		}
		for _, res := range rest.Resource {
			if !validType(res.Type) {
				return nil, fmt.Errorf("the CapabilityStatement lists a resource type %q", truncate(res.Type, 64))
			}
			tc := c.types[res.Type]
			if tc.params == nil {
				tc.params = map[string]bool{}
			}
			for _, in := range res.Interaction {
				tc.search = tc.search || in.Code == "search-type"
				tc.read = tc.read || in.Code == "read"
			}
			for _, p := range res.SearchParam {
				if !validParamName(p.Name) {
					return nil, fmt.Errorf("the CapabilityStatement declares a %s search parameter %q", res.Type, truncate(p.Name, 64))
				}
				tc.params[p.Name] = true
			}
			if res.Type == "Patient" {
				for _, op := range res.Operation {
					c.everything = c.everything || op.Name == "everything" || isEverything(op)
				}
			}
			c.types[res.Type] = tc
		}
	}
	c.public = adapters.Capabilities{Types: map[string]adapters.TypeCapabilities{}}
	for typ, tc := range c.types {
		compartment := fhir.InPatientCompartment(typ)
		switch {
		case !compartment:
		case tc.params["patient"]:
			tc.link = "patient"
		case tc.params["subject"]:
			tc.link = "subject"
		}
		c.types[typ] = tc
		if !tc.search || (compartment && tc.link == "") {
			// A compartment type the server cannot search by patient is
			// one shcr cannot ask about.
			continue
		}
		// _id is always applied (by the server when it declares it, here
		// otherwise), and so is identifier for Patient, which resolution
		// needs.
		params := []string{"_id"}
		if typ == "Patient" {
			params = append(params, "identifier")
		}
		for p := range tc.params {
			if pushable(p) && !(compartment && (p == "patient" || p == "subject")) && !slices.Contains(params, p) {
				params = append(params, p)
			}
		}
		slices.Sort(params)
		c.public.Types[typ] = adapters.TypeCapabilities{SearchParams: params}
	}
	return c, nil
}

// capabilities returns the server's capabilities, reading the
// CapabilityStatement when none is cached or, with refresh, when the cached
// one is older than CapabilityRefresh. Concurrent callers share one read. A
// failed refresh keeps the cached statement for searches and returns the
// error.
func (s *Source) capabilities(ctx context.Context, refresh bool) (*serverCaps, error) {
	fresh := func() *serverCaps {
		s.capsMu.Lock()
		defer s.capsMu.Unlock()
		if s.caps != nil && (!refresh || s.now().Sub(s.caps.fetched) < s.cfg.CapabilityRefresh) {
			return s.caps
		}
		return nil
	}
	if c := fresh(); c != nil {
		return c, nil
	}
	select {
	case s.capsLock <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-s.capsLock }()
	if c := fresh(); c != nil {
		return c, nil // read by another caller while this one waited
	}
	body, err := s.get(ctx, s.endpoint(nil, "metadata"))
	if err != nil {
		return nil, fmt.Errorf("reading the CapabilityStatement: %w", err)
	}
	c, err := parseCapabilityStatement(body, s.limits)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", adapters.ErrBadResponse, err)
	}
	c.fetched = s.now()
	s.capsMu.Lock()
	defer s.capsMu.Unlock()
	s.caps = c
	return c, nil
}

// Describe reports the resource types the server declares it can search
// (compartment types only when it can search them by patient) and, per
// type, the search parameters it declares, plus _id for every type and
// identifier for Patient, which the adapter applies itself when the server
// does not. Modifiers are never reported: a CapabilityStatement does not say
// which a server supports, so they stay with the engine. The statement is
// cached for CapabilityRefresh, so calling Describe often is cheap.
func (s *Source) Describe(ctx context.Context) (adapters.Capabilities, error) {
	if err := ctx.Err(); err != nil {
		return adapters.Capabilities{}, err
	}
	c, err := s.capabilities(ctx, true)
	if err != nil {
		return adapters.Capabilities{}, err
	}
	out := adapters.Capabilities{Types: maps.Clone(c.public.Types)}
	for t, tc := range out.Types {
		out.Types[t] = adapters.TypeCapabilities{SearchParams: slices.Clone(tc.SearchParams)}
	}
	return out, nil
}
