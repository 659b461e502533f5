package search

import (
	_ "embed"
	"fmt"
	"slices"
	"sort"

	"github.com/go-json-experiment/json"

	"github.com/shcr/shcr/fhir/fhirpath"
)

//go:generate go run ./internal/gen -in internal/gen/r4/search-parameters.json.gz -out definitions.json

// definitionsJSON is generated from the official R4 SearchParameter Bundle
// (CC0-1.0) by internal/gen; see its doc comment.
//
//go:embed definitions.json
var definitionsJSON []byte

// Type is the type of a search parameter, which decides how its values are
// written and matched.
type Type string

// The R4 search parameter types.
const (
	TypeNumber    Type = "number"
	TypeDate      Type = "date"
	TypeString    Type = "string"
	TypeToken     Type = "token"
	TypeReference Type = "reference"
	TypeComposite Type = "composite"
	TypeQuantity  Type = "quantity"
	TypeURI       Type = "uri"
	TypeSpecial   Type = "special"
)

// Definition is one search parameter of one resource type. Definitions share
// their slices with the Registry: do not modify them.
type Definition struct {
	Code string
	Type Type
	// Expression is the FHIRPath expression for this resource type (the
	// part of a shared R4 expression that names it).
	Expression string
	// URL is the canonical URL of the R4 SearchParameter, for the
	// CapabilityStatement's searchParam.definition.
	URL string
	// Targets are the resource types a reference parameter may point to.
	Targets []string
	// Modifiers are the modifiers R4 allows on the parameter's type,
	// without the colon and without the :[type] modifiers of Targets.
	// Some of them are not supported (see the package documentation).
	Modifiers []string
	// Comparators are the prefixes allowed on values (eq, ne, gt...).
	Comparators []string
	// Components are the parts of a composite parameter, in value order.
	Components []Component
	// Unsupported says why the engine cannot evaluate this parameter on a
	// resource; it is empty when it can. Parse refuses (Strict) or ignores
	// an unsupported parameter rather than risk a wrong answer.
	Unsupported string

	expr *fhirpath.Expr
	// primitiveToken and booleanToken say that a token parameter's values
	// include codes or strings (which have no system in the resource), or
	// booleans.
	primitiveToken, booleanToken bool
}

// Component is one part of a composite search parameter, evaluated on each
// item that the composite's own expression yields.
type Component struct {
	Code       string // the code of the parameter that defines the part
	Type       Type
	Expression string
	expr       *fhirpath.Expr
}

// Registry holds the search parameters of the served resource types. It is
// immutable after NewRegistry and safe for concurrent use.
type Registry struct {
	types []string
	// defs holds each type's definitions sorted by code.
	defs map[string][]Definition
}

// NewRegistry builds the registry from the embedded R4 definitions,
// compiling every expression once. A parameter whose expression the
// FHIRPath subset cannot evaluate, or whose values the matcher cannot
// interpret, is kept with Unsupported set.
func NewRegistry() (*Registry, error) {
	var file struct {
		ResourceTypes []string `json:"resourceTypes"`
		Definitions   []struct {
			Base        string   `json:"base"`
			Code        string   `json:"code"`
			Type        Type     `json:"type"`
			Expression  string   `json:"expression"`
			URL         string   `json:"url"`
			Usage       string   `json:"usage"`
			Targets     []string `json:"targets"`
			Modifiers   []string `json:"modifiers"`
			Comparators []string `json:"comparators"`
			Components  []struct {
				Code       string `json:"code"`
				Type       Type   `json:"type"`
				Expression string `json:"expression"`
			} `json:"components"`
		} `json:"definitions"`
	}
	if err := json.Unmarshal(definitionsJSON, &file, json.RejectUnknownMembers(false)); err != nil {
		return nil, fmt.Errorf("reading the embedded search parameter definitions: %w", err)
	}
	r := &Registry{types: slices.Clone(file.ResourceTypes), defs: map[string][]Definition{}}
	sort.Strings(r.types)
	for _, t := range r.types {
		r.defs[t] = nil
	}
	for _, fd := range file.Definitions {
		d := Definition{
			Code:        fd.Code,
			Type:        fd.Type,
			Expression:  fd.Expression,
			URL:         fd.URL,
			Targets:     fd.Targets,
			Modifiers:   fd.Modifiers,
			Comparators: fd.Comparators,
		}
		for _, c := range fd.Components {
			d.Components = append(d.Components, Component{Code: c.Code, Type: c.Type, Expression: c.Expression})
		}
		bases := []string{fd.Base}
		if fd.Base == "Resource" {
			bases = r.types
		} else if _, ok := r.defs[fd.Base]; !ok {
			return nil, fmt.Errorf("reading the embedded search parameter definitions: %s is not a served type", fd.Base)
		}
		for _, base := range bases {
			bd := d
			bd.Components = slices.Clone(d.Components)
			prepare(&bd, base, fd.Usage)
			r.defs[base] = append(r.defs[base], bd)
		}
	}
	for t, defs := range r.defs {
		sort.Slice(defs, func(i, j int) bool { return defs[i].Code < defs[j].Code })
		for i := 1; i < len(defs); i++ {
			if defs[i].Code == defs[i-1].Code {
				return nil, fmt.Errorf("reading the embedded search parameter definitions: %s has two parameters %q", t, defs[i].Code)
			}
		}
	}
	return r, nil
}

// prepare compiles d's expressions for resource type base and sets
// d.Unsupported when the engine cannot evaluate d exactly.
func prepare(d *Definition, base, usage string) {
	switch {
	case usage == "phonetic":
		d.Unsupported = "phonetic matching is not implemented"
		return
	case usage != "":
		d.Unsupported = usage + " matching is not implemented"
		return
	case d.Type == TypeSpecial:
		d.Unsupported = "special parameters are not implemented"
		return
	}
	if reason := knownDefect(base, d.Code); reason != "" {
		d.Unsupported = reason
		return
	}
	expr, err := fhirpath.Compile(d.Expression)
	if err != nil {
		d.Unsupported = "its FHIRPath expression cannot be evaluated: " + err.Error()
		return
	}
	types, ok := expr.ResultTypes(base)
	if !ok {
		d.Unsupported = "the type of its values cannot be known"
		return
	}
	if d.Type != TypeComposite {
		if bad := unmatchable(d.Type, types); bad != "" {
			d.Unsupported = fmt.Sprintf("a %s search cannot match its %s values", d.Type, bad)
			return
		}
		d.expr = expr
		if d.Type == TypeToken {
			for _, t := range types {
				d.booleanToken = d.booleanToken || t == "boolean"
				d.primitiveToken = d.primitiveToken || isStringLike(t)
			}
		}
		return
	}
	// A composite's components are evaluated on each item of its own
	// expression: Observation, or Observation.component.
	itemTypes := map[string]bool{}
	for _, t := range types {
		itemTypes[t] = true
	}
	if len(d.Components) == 0 {
		d.Unsupported = "it has no components"
		return
	}
	for i, c := range d.Components {
		cexpr, err := fhirpath.Compile(c.Expression)
		if err != nil {
			d.Unsupported = fmt.Sprintf("the FHIRPath expression of its component %s cannot be evaluated: %v", c.Code, err)
			return
		}
		if c.Type == TypeComposite || c.Type == TypeSpecial {
			d.Unsupported = fmt.Sprintf("its component %s is a %s parameter", c.Code, c.Type)
			return
		}
		for t := range itemTypes {
			ctypes, ok := cexpr.ResultTypes(t)
			if !ok {
				d.Unsupported = fmt.Sprintf("the type of the values of its component %s cannot be known", c.Code)
				return
			}
			if bad := unmatchable(c.Type, ctypes); bad != "" {
				d.Unsupported = fmt.Sprintf("its %s component %s cannot match %s values", c.Type, c.Code, bad)
				return
			}
		}
		d.Components[i].expr = cexpr
	}
	d.expr = expr
}

// knownDefect names R4 definitions that are wrong as published, so that
// evaluating them as written would give wrong answers.
func knownDefect(base, code string) string {
	if base == "DocumentReference" && code == "relationship" {
		return "the R4 definition pairs its components with each other's expressions (relatesto with code, relation with target)"
	}
	return ""
}

// Lookup returns the definition of parameter code for resourceType.
func (r *Registry) Lookup(resourceType, code string) (Definition, bool) {
	defs := r.defs[resourceType]
	i := sort.Search(len(defs), func(i int) bool { return defs[i].Code >= code })
	if i < len(defs) && defs[i].Code == code {
		return defs[i], true
	}
	return Definition{}, false
}

// Definitions returns every parameter of resourceType, supported or not,
// sorted by code, for the CapabilityStatement. It is nil for a type that
// is not served.
func (r *Registry) Definitions(resourceType string) []Definition {
	return slices.Clone(r.defs[resourceType])
}

// ResourceTypes returns the served resource types, sorted.
func (r *Registry) ResourceTypes() []string {
	return slices.Clone(r.types)
}

// allowsModifier reports whether R4 allows modifier on d.
func (d Definition) allowsModifier(modifier string) bool {
	if d.Type == TypeReference && slices.Contains(d.Targets, modifier) {
		return true
	}
	return slices.Contains(d.Modifiers, modifier)
}

// describe names the parameter in messages: token parameter "code".
func (d Definition) describe() string {
	return fmt.Sprintf("%s parameter %q", d.Type, d.Code)
}
