package fhirpath

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"sort"
	"strings"
)

// Node is one item of a FHIRPath result: a value of the decoded resource
// and its FHIR type.
type Node struct {
	// Value is a map[string]any (a complex value or a resource), a string,
	// a bool or a json.Number, as Decode produces them. Arrays never appear:
	// navigation flattens them.
	Value any
	// Type is the FHIR type name: "dateTime", "CodeableConcept",
	// "Observation", "BackboneElement". It comes from the R4 type model and,
	// for choice elements, from the member name (valueQuantity →
	// "Quantity"). It is "" when the value is not described by the model,
	// for example a member the model does not know.
	Type string
	// path is where the children of a backbone element are declared in the
	// model ("Observation.component"); empty when that is Type.
	path string
}

// ResourceNode returns the node of a decoded resource, typed by its
// resourceType member.
func ResourceNode(resource any) Node {
	return typedNode(resource, "", "")
}

func (n Node) modelPath() string {
	if n.path != "" {
		return n.path
	}
	return n.Type
}

// Eval evaluates the expression with the decoded resource (see Decode) as
// its context: a leading type name such as Observation selects the resource
// when it is of that type. Values must be the Go types Decode produces;
// float64 numbers are refused where they are compared, because they have
// already lost a FHIR decimal's precision.
func (e *Expr) Eval(resource any) ([]Node, error) {
	return e.EvalNode(ResourceNode(resource))
}

// EvalNode evaluates the expression with n, a resource or a node from an
// earlier result, as its context. Composite search parameters use it to
// evaluate their components on each Observation.component.
func (e *Expr) EvalNode(n Node) ([]Node, error) {
	if n.Value == nil {
		return nil, nil
	}
	c := &evalContext{root: n}
	out, err := e.root.eval(c, []Node{n})
	if err != nil {
		return nil, fmt.Errorf("evaluating FHIRPath %q: %w", e.src, err)
	}
	return out, nil
}

type evalContext struct {
	root Node // for resolving #contained references
}

// op is one node of a compiled expression. eval maps the input collection
// (the focus) to the output collection; it never modifies its input.
type op interface {
	eval(c *evalContext, focus []Node) ([]Node, error)
}

type chainOp struct{ steps []op }

func (o *chainOp) eval(c *evalContext, focus []Node) ([]Node, error) {
	cur := focus
	for _, s := range o.steps {
		var err error
		if cur, err = s.eval(c, cur); err != nil {
			return nil, err
		}
	}
	return cur, nil
}

type childOp struct{ name string }

func (o *childOp) eval(_ *evalContext, focus []Node) ([]Node, error) {
	var out []Node
	for _, n := range focus {
		out = children(n, o.name, out)
	}
	return out, nil
}

// children appends the values of member name of n, typed from the model.
func children(n Node, name string, out []Node) []Node {
	m, ok := n.Value.(map[string]any)
	if !ok {
		return out
	}
	if mp := n.modelPath(); mp != "" {
		if e, ok := lookupElement(mp, name); ok {
			if !e.choice {
				if v, ok := m[name]; ok {
					out = appendValues(out, v, e.types, e.path)
				}
				return out
			}
			return appendChoice(out, m, name, e.types)
		}
	}
	if v, ok := m[name]; ok {
		return appendValues(out, v, "", "")
	}
	// A type the model does not describe: still find a choice element by
	// a member whose suffix names a FHIR type.
	return appendChoice(out, m, name, "")
}

// appendChoice appends the value of choice element name, whose allowed
// types are types (any FHIR type when types is empty). A valid resource
// has at most one such member; if there are several, they come in member
// name order so that results do not depend on map iteration.
func appendChoice(out []Node, m map[string]any, name, types string) []Node {
	type hit struct {
		key, typ string
		v        any
	}
	var hits []hit
	for key, v := range m {
		if len(key) <= len(name) || !strings.HasPrefix(key, name) {
			continue
		}
		suffix := key[len(name):]
		var t string
		var ok bool
		if types != "" {
			t, ok = choiceType(suffix, types)
		} else {
			t, ok = anyChoiceType(suffix)
		}
		if ok {
			hits = append(hits, hit{key, t, v})
		}
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].key < hits[j].key })
	for _, h := range hits {
		out = appendValues(out, h.v, h.typ, "")
	}
	return out
}

// anyChoiceType finds the FHIR type named by a choice member's suffix.
func anyChoiceType(suffix string) (string, bool) {
	if suffix == "" || suffix[0] < 'A' || suffix[0] > 'Z' {
		return "", false
	}
	if isType(suffix) {
		return suffix, true
	}
	lower := string(suffix[0]-'A'+'a') + suffix[1:]
	if isType(lower) {
		return lower, true
	}
	return "", false
}

// appendValues appends v, flattening an array and skipping JSON nulls (the
// placeholders of primitive arrays whose items only have extensions).
func appendValues(out []Node, v any, typ, path string) []Node {
	if a, ok := v.([]any); ok {
		for _, item := range a {
			if item != nil {
				out = append(out, typedNode(item, typ, path))
			}
		}
		return out
	}
	if v != nil {
		out = append(out, typedNode(v, typ, path))
	}
	return out
}

// typedNode makes a node of a value whose declared type is typ. Resources
// (contained, Bundle entries, and any untyped object with a resourceType)
// take the type their resourceType names.
func typedNode(v any, typ, path string) Node {
	if typ == "" || typ == "Resource" || typ == "DomainResource" {
		if m, ok := v.(map[string]any); ok {
			if rt, ok := m["resourceType"].(string); ok {
				return Node{Value: v, Type: rt}
			}
		}
	}
	return Node{Value: v, Type: typ, path: path}
}

// typeFilterOp is a leading type name: it keeps the input items of that type.
type typeFilterOp struct{ typ string }

func (o *typeFilterOp) eval(_ *evalContext, focus []Node) ([]Node, error) {
	var out []Node
	for _, n := range focus {
		if derivesFrom(n.Type, o.typ) {
			out = append(out, n)
		}
	}
	return out, nil
}

// errUnknownType is returned when a type test meets a value of unknown type:
// answering false could silently drop a match.
var errUnknownType = errors.New("cannot tell the FHIR type of a value that the R4 model does not describe")

// ofTypeOp is ofType(T), as(T) and the as operator: it keeps the items that
// are of type T or derived from it.
type ofTypeOp struct{ typ string }

func (o *ofTypeOp) eval(_ *evalContext, focus []Node) ([]Node, error) {
	var out []Node
	for _, n := range focus {
		if n.Type == "" {
			return nil, fmt.Errorf("as/ofType(%s): %w", o.typ, errUnknownType)
		}
		if derivesFrom(n.Type, o.typ) {
			out = append(out, n)
		}
	}
	return out, nil
}

// isFuncOp is the is(T) function on a single item.
type isFuncOp struct{ typ string }

func (o *isFuncOp) eval(_ *evalContext, focus []Node) ([]Node, error) {
	return isType1(focus, o.typ)
}

// isOp is the is operator: operand is T.
type isOp struct {
	operand op
	typ     string
}

func (o *isOp) eval(c *evalContext, focus []Node) ([]Node, error) {
	in, err := o.operand.eval(c, focus)
	if err != nil {
		return nil, err
	}
	return isType1(in, o.typ)
}

func isType1(in []Node, typ string) ([]Node, error) {
	switch len(in) {
	case 0:
		return nil, nil
	case 1:
		if in[0].Type == "" {
			return nil, fmt.Errorf("is %s: %w", typ, errUnknownType)
		}
		return boolNodes(derivesFrom(in[0].Type, typ)), nil
	}
	return nil, fmt.Errorf("is %s: needs a single item, got %d", typ, len(in))
}

// resolveOp is resolve() before it is folded into resolveIsOp; Compile
// rejects any that remain.
type resolveOp struct{ pos int }

func (o *resolveOp) eval(*evalContext, []Node) ([]Node, error) {
	return nil, errors.New("resolve() cannot be evaluated")
}

// resolveIsOp is resolve() is T: whether a reference points at a resource
// of type T, decided from the reference itself rather than by fetching it.
type resolveIsOp struct {
	typ    string
	single bool
}

func (o *resolveIsOp) eval(c *evalContext, focus []Node) ([]Node, error) {
	if o.single && len(focus) > 1 {
		return nil, fmt.Errorf("resolve() is %s: needs a single reference, got %d", o.typ, len(focus))
	}
	var out []Node
	for _, n := range focus {
		if rt, ok := referenceType(c, n); ok {
			out = append(out, boolNodes(derivesFrom(rt, o.typ))...)
		}
	}
	return out, nil
}

// referenceType tells the type of the resource a Reference (or a
// reference string) points at, when the reference itself says so:
//   - a relative or absolute literal reference: [base/]Type/id[/_history/v];
//   - "#id": the type of the contained resource with that id;
//   - otherwise Reference.type, as a type name or its canonical URL.
//
// References that say nothing of the type (urn:uuid:, identifier-only)
// give ok false: resolve() would be empty, as it is for a reference that
// cannot be resolved.
func referenceType(c *evalContext, n Node) (string, bool) {
	var ref, typ string
	switch v := n.Value.(type) {
	case string:
		ref = v
	case map[string]any:
		ref, _ = v["reference"].(string)
		typ, _ = v["type"].(string)
	default:
		return "", false
	}
	if id, ok := strings.CutPrefix(ref, "#"); ok {
		if m, ok := c.root.Value.(map[string]any); ok {
			contained, _ := m["contained"].([]any)
			for _, r := range contained {
				if rm, ok := r.(map[string]any); ok && rm["id"] == id {
					rt, ok := rm["resourceType"].(string)
					return rt, ok
				}
			}
		}
		return "", false
	}
	if rt, ok := LiteralReferenceType(ref); ok {
		return rt, true
	}
	if typ != "" {
		typ = strings.TrimPrefix(typ, "http://hl7.org/fhir/StructureDefinition/")
		if isType(typ) && derivesFrom(typ, "Resource") {
			return typ, true
		}
	}
	return "", false
}

// IsResourceType reports whether name is an R4 resource type (Patient,
// Observation...), not a data type or an abstract base.
func IsResourceType(name string) bool {
	return isType(name) && derivesFrom(name, "Resource") && name != "Resource" && name != "DomainResource"
}

// LiteralReferenceType returns the resource type named by a literal
// reference — "Patient/123", "Patient/123/_history/2" or
// "https://example.org/fhir/Patient/123" — when that is an R4 resource type.
func LiteralReferenceType(ref string) (string, bool) {
	if i := strings.Index(ref, "/_history/"); i >= 0 {
		ref = ref[:i]
	}
	slash := strings.LastIndexByte(ref, '/')
	if slash <= 0 || slash == len(ref)-1 {
		return "", false
	}
	head := ref[:slash]
	rt := head[strings.LastIndexByte(head, '/')+1:]
	if !IsResourceType(rt) {
		return "", false
	}
	return rt, true
}

type whereOp struct{ cond op }

func (o *whereOp) eval(c *evalContext, focus []Node) ([]Node, error) {
	var out []Node
	for _, n := range focus {
		keep, err := o.test(c, n)
		if err != nil {
			return nil, err
		}
		if keep {
			out = append(out, n)
		}
	}
	return out, nil
}

func (o *whereOp) test(c *evalContext, n Node) (bool, error) {
	r, err := o.cond.eval(c, []Node{n})
	if err != nil {
		return false, err
	}
	b, known, err := singletonBool(r)
	return known && b, err
}

// existsOp is exists() and exists(criteria).
type existsOp struct{ cond op }

func (o *existsOp) eval(c *evalContext, focus []Node) ([]Node, error) {
	if o.cond == nil {
		return boolNodes(len(focus) > 0), nil
	}
	w := whereOp{cond: o.cond}
	for _, n := range focus {
		keep, err := w.test(c, n)
		if err != nil {
			return nil, err
		}
		if keep {
			return boolNodes(true), nil
		}
	}
	return boolNodes(false), nil
}

// extensionOp is extension(url): the extensions with that url.
type extensionOp struct{ url string }

func (o *extensionOp) eval(_ *evalContext, focus []Node) ([]Node, error) {
	var out []Node
	for _, n := range focus {
		for _, x := range children(n, "extension", nil) {
			if m, ok := x.Value.(map[string]any); ok && m["url"] == o.url {
				out = append(out, x)
			}
		}
	}
	return out, nil
}

type literalOp struct{ node Node }

func (o *literalOp) eval(*evalContext, []Node) ([]Node, error) {
	return []Node{o.node}, nil
}

// unionOp is a | b: both evaluated on the same focus, duplicates removed.
type unionOp struct{ left, right op }

func (o *unionOp) eval(c *evalContext, focus []Node) ([]Node, error) {
	l, err := o.left.eval(c, focus)
	if err != nil {
		return nil, err
	}
	r, err := o.right.eval(c, focus)
	if err != nil {
		return nil, err
	}
	out := make([]Node, 0, len(l)+len(r))
	for _, src := range [][]Node{l, r} {
	next:
		for _, n := range src {
			for _, seen := range out {
				eq, err := equalValues(seen.Value, n.Value)
				if err != nil {
					return nil, err
				}
				if eq {
					continue next
				}
			}
			out = append(out, n)
		}
	}
	return out, nil
}

// equalOp is = and != with FHIRPath semantics: empty if either side is
// empty, otherwise equal when both collections have equal items in order.
type equalOp struct {
	left, right op
	negate      bool
}

func (o *equalOp) eval(c *evalContext, focus []Node) ([]Node, error) {
	l, err := o.left.eval(c, focus)
	if err != nil {
		return nil, err
	}
	r, err := o.right.eval(c, focus)
	if err != nil {
		return nil, err
	}
	if len(l) == 0 || len(r) == 0 {
		return nil, nil
	}
	eq := len(l) == len(r)
	for i := 0; eq && i < len(l); i++ {
		if eq, err = equalValues(l[i].Value, r[i].Value); err != nil {
			return nil, err
		}
	}
	return boolNodes(eq != o.negate), nil
}

// andOp is and, with FHIRPath's three-valued logic.
type andOp struct{ left, right op }

func (o *andOp) eval(c *evalContext, focus []Node) ([]Node, error) {
	l, err := o.left.eval(c, focus)
	if err != nil {
		return nil, err
	}
	lb, lknown, err := singletonBool(l)
	if err != nil {
		return nil, err
	}
	if lknown && !lb {
		return boolNodes(false), nil
	}
	r, err := o.right.eval(c, focus)
	if err != nil {
		return nil, err
	}
	rb, rknown, err := singletonBool(r)
	if err != nil {
		return nil, err
	}
	switch {
	case rknown && !rb:
		return boolNodes(false), nil
	case lknown && rknown:
		return boolNodes(true), nil
	}
	return nil, nil
}

func boolNodes(b bool) []Node { return []Node{{Value: b, Type: "boolean"}} }

// singletonBool applies FHIRPath singleton evaluation where a Boolean is
// expected: empty is unknown, one Boolean is itself, any other single item
// is true, and more than one item is an error.
func singletonBool(in []Node) (b, known bool, err error) {
	switch len(in) {
	case 0:
		return false, false, nil
	case 1:
		if v, ok := in[0].Value.(bool); ok {
			return v, true, nil
		}
		return true, true, nil
	}
	return false, false, fmt.Errorf("expected a single boolean, got %d items", len(in))
}

// equalValues compares two decoded JSON values with FHIRPath equality:
// strings and booleans exactly, numbers by value (1.0 = 1), objects and
// arrays member by member. Values of different kinds are not equal.
func equalValues(a, b any) (bool, error) {
	switch a := a.(type) {
	case string:
		bs, ok := b.(string)
		return ok && a == bs, checkKind(b)
	case bool:
		bb, ok := b.(bool)
		return ok && a == bb, checkKind(b)
	case json.Number:
		bn, ok := b.(json.Number)
		if !ok {
			return false, checkKind(b)
		}
		if a == bn {
			return true, nil
		}
		x, okx := new(big.Rat).SetString(string(a))
		y, oky := new(big.Rat).SetString(string(bn))
		return okx && oky && x.Cmp(y) == 0, nil
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok {
			return false, checkKind(b)
		}
		if len(a) != len(bm) {
			return false, nil
		}
		for k, av := range a {
			bv, ok := bm[k]
			if !ok {
				return false, nil
			}
			if eq, err := equalValues(av, bv); err != nil || !eq {
				return false, err
			}
		}
		return true, nil
	case []any:
		ba, ok := b.([]any)
		if !ok {
			return false, checkKind(b)
		}
		if len(a) != len(ba) {
			return false, nil
		}
		for i := range a {
			if eq, err := equalValues(a[i], ba[i]); err != nil || !eq {
				return false, err
			}
		}
		return true, nil
	case nil:
		return b == nil, checkKind(b)
	}
	return false, fmt.Errorf("value of Go type %T: decode resources with fhirpath.Decode", a)
}

func checkKind(v any) error {
	switch v.(type) {
	case string, bool, json.Number, map[string]any, []any, nil:
		return nil
	}
	return fmt.Errorf("value of Go type %T: decode resources with fhirpath.Decode", v)
}
