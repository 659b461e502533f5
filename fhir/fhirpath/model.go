package fhirpath

import (
	"sort"
	"strings"
)

//go:generate go run ./internal/modelgen -out model_gen.go -summary ../summary_gen.go

// modelElement is one element a FHIR R4 type (or backbone element) declares.
// The tables in model_gen.go are generated from the R4 StructureDefinitions
// and are never written to.
type modelElement struct {
	parent, name string
	// types is the space-separated list of type codes; a choice element
	// ("value[x]") has several and choice set.
	types  string
	choice bool
	// path is where the children of a BackboneElement or Element typed
	// element are declared: its own path, or the target of a
	// contentReference (Questionnaire.item.item → Questionnaire.item).
	path string
}

// modelBase records the type that a type or backbone path is derived from.
type modelBase struct{ name, base string }

// lookupElement finds the element name declared by the type or backbone
// path parent, or by one of the types parent derives from.
func lookupElement(parent, name string) (modelElement, bool) {
	for parent != "" {
		i := sort.Search(len(modelElements), func(i int) bool {
			e := &modelElements[i]
			if e.parent != parent {
				return e.parent > parent
			}
			return e.name >= name
		})
		if i < len(modelElements) && modelElements[i].parent == parent && modelElements[i].name == name {
			return modelElements[i], true
		}
		b, ok := baseOf(parent)
		if !ok {
			return modelElement{}, false
		}
		parent = b
	}
	return modelElement{}, false
}

// baseOf reports the type that t is derived from ("" for a root type), and
// whether t is known at all.
func baseOf(t string) (string, bool) {
	i := sort.Search(len(modelBases), func(i int) bool { return modelBases[i].name >= t })
	if i < len(modelBases) && modelBases[i].name == t {
		return modelBases[i].base, true
	}
	return "", false
}

// isType reports whether t is a FHIR R4 type name (not a backbone path).
func isType(t string) bool {
	_, ok := baseOf(t)
	return ok && !strings.Contains(t, ".")
}

// derivesFrom reports whether type t is ancestor or derived from it:
// Age derives from Quantity, code from string, Patient from DomainResource.
func derivesFrom(t, ancestor string) bool {
	for t != "" {
		if t == ancestor {
			return true
		}
		b, ok := baseOf(t)
		if !ok {
			return false
		}
		t = b
	}
	return false
}

// choiceType finds the type whose name is the suffix of a choice element's
// JSON member name: "DateTime" → "dateTime", "Quantity" → "Quantity". FHIR
// writes the suffix with its first letter upper-cased.
func choiceType(suffix string, types string) (string, bool) {
	if suffix == "" || suffix[0] < 'A' || suffix[0] > 'Z' {
		return "", false
	}
	for t := range strings.FieldsSeq(types) {
		if len(t) == len(suffix) && t[1:] == suffix[1:] && (t[0] == suffix[0] || t[0]-'a'+'A' == suffix[0]) {
			return t, true
		}
	}
	return "", false
}
