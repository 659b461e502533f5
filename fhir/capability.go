package fhir

import (
	"fmt"
	"sort"
	"time"

	"github.com/go-json-experiment/json"
)

// CapabilityOptions describe what a server really supports, so the
// CapabilityStatement built from them tells the truth.
type CapabilityOptions struct {
	Software    string
	Version     string
	ReleaseDate time.Time
	// URL is the FHIR base URL of this server.
	URL string
	// Types maps each served resource type to what it supports.
	Types map[string]TypeSupport
	// OAuth endpoints for the SMART security extension; "" leaves it out.
	AuthorizeURL, TokenURL string
	// Documentation is rest.documentation (markdown): what the server
	// does that the structure cannot say, such as the result parameters
	// and modifiers it supports.
	Documentation string
	Now           time.Time
}

// TypeSupport is what one resource type supports.
type TypeSupport struct {
	Read   bool
	Search bool
	// Params are the search parameters, name and FHIR type.
	Params []SearchParamSupport
	// Operations are type or instance operations, e.g. "everything".
	Operations []string
	// Profile is the profile the server's resources of this type claim.
	Profile string
	// SearchInclude and SearchRevInclude are the _include and _revinclude
	// values supported.
	SearchInclude, SearchRevInclude []string
	// Documentation says, in markdown, what else the type's searches do.
	Documentation string
}

// SearchParamSupport is one declared search parameter.
type SearchParamSupport struct {
	Name, Type, Documentation string
	// Definition is the canonical URL of its SearchParameter, if any.
	Definition string
}

// CapabilityStatement returns the JSON of the server's CapabilityStatement.
func CapabilityStatement(o CapabilityOptions) ([]byte, error) {
	type param struct {
		Name          string `json:"name"`
		Definition    string `json:"definition,omitempty"`
		Type          string `json:"type"`
		Documentation string `json:"documentation,omitempty"`
	}
	type operation struct {
		Name       string `json:"name"`
		Definition string `json:"definition"`
	}
	type interaction struct {
		Code string `json:"code"`
	}
	type resource struct {
		Type             string        `json:"type"`
		Profile          string        `json:"profile,omitempty"`
		Documentation    string        `json:"documentation,omitempty"`
		Interaction      []interaction `json:"interaction,omitempty"`
		ReadHistory      bool          `json:"readHistory"`
		SearchInclude    []string      `json:"searchInclude,omitempty"`
		SearchRevInclude []string      `json:"searchRevInclude,omitempty"`
		SearchParam      []param       `json:"searchParam,omitempty"`
		Operation        []operation   `json:"operation,omitempty"`
	}
	types := make([]string, 0, len(o.Types))
	for t := range o.Types {
		types = append(types, t)
	}
	sort.Strings(types)
	var resources []resource
	for _, t := range types {
		ts := o.Types[t]
		r := resource{Type: t, Profile: ts.Profile, Documentation: ts.Documentation,
			SearchInclude: ts.SearchInclude, SearchRevInclude: ts.SearchRevInclude}
		if ts.Read {
			r.Interaction = append(r.Interaction, interaction{"read"})
		}
		if ts.Search {
			r.Interaction = append(r.Interaction, interaction{"search-type"})
		}
		ps := append([]SearchParamSupport(nil), ts.Params...)
		sort.Slice(ps, func(i, j int) bool { return ps[i].Name < ps[j].Name })
		for _, p := range ps {
			r.SearchParam = append(r.SearchParam, param{Name: p.Name, Definition: p.Definition, Type: p.Type, Documentation: p.Documentation})
		}
		for _, op := range ts.Operations {
			r.Operation = append(r.Operation, operation{Name: op, Definition: "http://hl7.org/fhir/OperationDefinition/" + t + "-" + op})
		}
		resources = append(resources, r)
	}
	type ext struct {
		URL      string `json:"url"`
		ValueURI string `json:"valueUri,omitempty"`
		Ext      []ext  `json:"extension,omitempty"`
	}
	var security any
	if o.TokenURL != "" {
		oauth := ext{URL: "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris"}
		if o.AuthorizeURL != "" {
			oauth.Ext = append(oauth.Ext, ext{URL: "authorize", ValueURI: o.AuthorizeURL})
		}
		oauth.Ext = append(oauth.Ext, ext{URL: "token", ValueURI: o.TokenURL})
		security = map[string]any{
			"cors":      false,
			"extension": []ext{oauth},
			"service": []Concept{{
				Coding: []Coding{{System: "http://terminology.hl7.org/CodeSystem/restful-security-service", Code: "SMART-on-FHIR"}},
				Text:   "OAuth2 bearer tokens (SMART on FHIR v2 scopes)",
			}},
		}
	}
	type restT struct {
		Mode          string     `json:"mode"`
		Documentation string     `json:"documentation,omitempty"`
		Security      any        `json:"security,omitempty"`
		Resource      []resource `json:"resource"`
	}
	type software struct {
		Name    string `json:"name"`
		Version string `json:"version,omitempty"`
	}
	type implementation struct {
		Description string `json:"description"`
		URL         string `json:"url,omitempty"`
	}
	doc := struct {
		ResourceType   string         `json:"resourceType"`
		Status         string         `json:"status"`
		Date           string         `json:"date"`
		Kind           string         `json:"kind"`
		Software       software       `json:"software"`
		Implementation implementation `json:"implementation"`
		FHIRVersion    string         `json:"fhirVersion"`
		Format         []string       `json:"format"`
		Rest           []restT        `json:"rest"`
	}{
		ResourceType:   "CapabilityStatement",
		Status:         "active",
		Date:           o.Now.UTC().Format(time.RFC3339),
		Kind:           "instance",
		Software:       software{Name: o.Software, Version: o.Version},
		Implementation: implementation{Description: "shcr: a federated FHIR R4 facade for a Shared Care Record", URL: o.URL},
		FHIRVersion:    "4.0.1",
		Format:         []string{"application/fhir+json", "json"},
		Rest:           []restT{{Mode: "server", Documentation: o.Documentation, Security: security, Resource: resources}},
	}
	b, err := json.Marshal(doc, json.Deterministic(true))
	if err != nil {
		return nil, fmt.Errorf("encoding the CapabilityStatement: %w", err)
	}
	return b, nil
}
