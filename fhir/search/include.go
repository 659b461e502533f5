package search

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shcr/shcr/fhir/fhirpath"
)

// IncludeParams returns the reference parameters an _include or
// _revinclude names: the one it names, or every supported reference
// parameter of its source type for "*".
func (r *Registry) IncludeParams(in Include) []Definition {
	if in.Param != "*" {
		d, ok := r.Lookup(in.Source, in.Param)
		if !ok || d.Type != TypeReference || d.expr == nil {
			return nil
		}
		return []Definition{d}
	}
	var out []Definition
	for _, d := range r.defs[in.Source] {
		if d.Type == TypeReference && d.expr != nil {
			out = append(out, d)
		}
	}
	return out
}

// IncludeRefs returns the literal references that an _include selects in
// one resource of type in.Source, decoded by fhirpath.Decode: the
// Reference.reference values (and canonical URLs) of the parameter's
// expression, those of type in.Target only when it is set, each once, in
// document order. References that are not relative ("Type/id") are
// returned too; the caller decides what it can follow.
func (r *Registry) IncludeRefs(in Include, resource any) ([]string, error) {
	if rt := fhirpath.ResourceNode(resource).Type; rt != in.Source {
		return nil, nil
	}
	var out []string
	for _, d := range r.IncludeParams(in) {
		nodes, err := d.expr.Eval(resource)
		if err != nil {
			return nil, fmt.Errorf("evaluating %s for _include: %w", in, err)
		}
		for _, n := range nodes {
			var ref string
			switch v := n.Value.(type) {
			case map[string]any:
				ref = str(v, "reference")
			case string:
				ref = v
			}
			if ref == "" || slices.Contains(out, ref) {
				continue
			}
			if in.Target != "" {
				typ, _, _ := strings.Cut(ref, "/")
				if typ != in.Target {
					continue
				}
			}
			out = append(out, ref)
		}
	}
	return out, nil
}
