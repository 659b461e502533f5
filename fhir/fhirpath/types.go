package fhirpath

import (
	"slices"
	"strings"
)

// ResultTypes infers, without evaluating, the FHIR types that the
// expression can yield on a context of type contextType (a resource type,
// a data type, or a backbone path such as "Observation.component"). It lets
// a caller check before any request that it can interpret every value an
// expression may produce. ok is false when a step names an element the R4
// model does not declare, so the result cannot be known. The types are
// sorted and distinct. A backbone element is reported by its model path
// ("Observation.component"), which is also a valid contextType, so that the
// types of an expression evaluated on its items can be inferred in turn.
func (e *Expr) ResultTypes(contextType string) (types []string, ok bool) {
	if _, known := baseOf(contextType); !known {
		return nil, false
	}
	out, ok := staticTypes(e.root, []staticNode{{typ: contextType, path: contextType}})
	if !ok {
		return nil, false
	}
	for _, n := range out {
		if n.typ == "BackboneElement" || n.typ == "Element" {
			types = append(types, n.path)
		} else {
			types = append(types, n.typ)
		}
	}
	slices.Sort(types)
	return slices.Compact(types), true
}

// staticNode is a possible item of a result: its type and model path.
type staticNode struct{ typ, path string }

func staticTypes(o op, in []staticNode) ([]staticNode, bool) {
	switch o := o.(type) {
	case *chainOp:
		cur := in
		for _, s := range o.steps {
			var ok bool
			if cur, ok = staticTypes(s, cur); !ok {
				return nil, false
			}
		}
		return cur, true
	case *childOp:
		var out []staticNode
		for _, n := range in {
			e, ok := lookupElement(n.path, o.name)
			if !ok {
				return nil, false
			}
			for t := range strings.FieldsSeq(e.types) {
				path := t
				if !e.choice && e.path != "" {
					path = e.path
				}
				out = append(out, staticNode{typ: t, path: path})
			}
		}
		return out, true
	case *typeFilterOp:
		return ofTypeStatic(in, o.typ), true
	case *ofTypeOp:
		return ofTypeStatic(in, o.typ), true
	case *whereOp:
		if _, ok := staticTypes(o.cond, in); !ok {
			return nil, false
		}
		return in, true
	case *extensionOp:
		return []staticNode{{typ: "Extension", path: "Extension"}}, true
	case *literalOp:
		return []staticNode{{typ: o.node.Type, path: o.node.Type}}, true
	case *unionOp:
		l, ok := staticTypes(o.left, in)
		if !ok {
			return nil, false
		}
		r, ok := staticTypes(o.right, in)
		if !ok {
			return nil, false
		}
		return append(slices.Clip(l), r...), true
	case *existsOp, *isOp, *isFuncOp, *resolveIsOp, *equalOp, *andOp:
		return []staticNode{{typ: "boolean", path: "boolean"}}, true
	}
	return nil, false
}

// ofTypeStatic keeps the possible items of type t: those of a type derived
// from t, and, narrowed to t, those of a type t derives from (a Resource
// may be a Patient).
func ofTypeStatic(in []staticNode, t string) []staticNode {
	var out []staticNode
	for _, n := range in {
		switch {
		case derivesFrom(n.typ, t):
			out = append(out, n)
		case derivesFrom(t, n.typ):
			out = append(out, staticNode{typ: t, path: t})
		}
	}
	return out
}
