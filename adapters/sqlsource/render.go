package sqlsource

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// row is one result row: its values by column position, and the names of
// the columns (shared by every row of a result).
type row struct {
	columns map[string]int
	values  []any
}

// scope is where placeholder names are looked up: the element of a $each
// (and the elements of the $each around it), then the row.
type scope struct {
	row    *row
	elem   any
	parent *scope // nil for the row's own scope
}

// errNoColumn is a template name the row does not have. Describe checks
// every name outside $each against the query's columns, so at run time it
// means the database changed underneath the adapter.
var errNoColumn = errors.New("the query returns no such column")

func (s *scope) lookup(name string) (any, error) {
	for sc := s; sc != nil; sc = sc.parent {
		if sc.parent == nil {
			i, ok := sc.row.columns[name]
			if !ok {
				if s.parent != nil {
					// Inside $each an element may simply lack the member.
					return nil, nil
				}
				return nil, fmt.Errorf("%w: %s", errNoColumn, name)
			}
			return sc.row.values[i], nil
		}
		if name == "." {
			return sc.elem, nil
		}
		if obj, ok := sc.elem.(*jsonObject); ok {
			if v, ok := obj.get(name); ok {
				return v, nil
			}
		}
	}
	return nil, nil
}

// elements returns the array a $each repeats over; NULL is no elements.
func (s *scope) elements(name string) ([]any, error) {
	v, err := s.lookup(name)
	if err != nil {
		return nil, err
	}
	switch v := v.(type) {
	case nil:
		return nil, nil
	case []any:
		return v, nil
	}
	return nil, fmt.Errorf("$each: %s is a %s, not an array (want a json or jsonb array, or a SQL array)", name, kindOf(v))
}

func (s *scope) allTruthy(names []string) (bool, error) {
	for _, n := range names {
		v, err := s.lookup(n)
		if err != nil {
			return false, err
		}
		if !truthy(v) {
			return false, nil
		}
	}
	return true, nil
}

// renderer writes resources. It is not safe for concurrent use; each
// search uses its own.
type renderer struct {
	buf bytes.Buffer
	enc *jsontext.Encoder
}

func newRenderer() *renderer {
	r := &renderer{}
	r.enc = jsontext.NewEncoder(&r.buf)
	return r
}

// render writes the resource of one row: resourceType and id first, then
// the template's elements. The returned bytes are the caller's.
func (r *renderer) render(resourceType, id string, tmpl *objectNode, rw *row) ([]byte, error) {
	r.buf.Reset()
	r.enc.Reset(&r.buf)
	sc := &scope{row: rw}
	enc := r.enc
	if err := enc.WriteToken(jsontext.BeginObject); err != nil {
		return nil, err
	}
	if err := writeTokens(enc, jsontext.String("resourceType"), jsontext.String(resourceType), jsontext.String("id"), jsontext.String(id)); err != nil {
		return nil, err
	}
	if err := r.members(tmpl, sc); err != nil {
		return nil, err
	}
	if err := enc.WriteToken(jsontext.EndObject); err != nil {
		return nil, err
	}
	out := bytes.TrimRight(r.buf.Bytes(), "\n")
	return bytes.Clone(out), nil
}

func writeTokens(enc *jsontext.Encoder, toks ...jsontext.Token) error {
	for _, t := range toks {
		if err := enc.WriteToken(t); err != nil {
			return err
		}
	}
	return nil
}

// present reports whether a node writes anything for this scope: a
// placeholder with a value, a string whose placeholders all have one, an
// object whose $if holds and which has a present member, an array with a
// present item.
func present(n node, sc *scope) (bool, error) {
	switch n := n.(type) {
	case *literalNode:
		return true, nil
	case *placeholderNode:
		v, err := sc.lookup(n.name)
		if err != nil {
			return false, err
		}
		return hasValue(v, n.typ), nil
	case *stringNode:
		for _, p := range n.parts {
			if p.name == "" {
				continue
			}
			v, err := sc.lookup(p.name)
			if err != nil {
				return false, err
			}
			if !hasValue(v, p.typ) {
				return false, nil
			}
		}
		return true, nil
	case *objectNode:
		if ok, err := sc.allTruthy(n.cond); err != nil || !ok {
			return false, err
		}
		for _, m := range n.members {
			if ok, err := present(m.value, sc); err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case *arrayNode:
		for _, it := range n.items {
			if ok, err := present(it, sc); err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case *eachNode:
		if ok, err := sc.allTruthy(n.cond); err != nil || !ok {
			return false, err
		}
		elems, err := sc.elements(n.source)
		if err != nil {
			return false, err
		}
		for _, e := range elems {
			if ok, err := present(n.item, &scope{row: sc.row, elem: e, parent: sc}); err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	}
	return false, fmt.Errorf("unknown template node %T", n)
}

// members writes the present members of an object node.
func (r *renderer) members(n *objectNode, sc *scope) error {
	for _, m := range n.members {
		ok, err := present(m.value, sc)
		if err != nil {
			return fmt.Errorf("%s: %w", m.name, err)
		}
		if !ok {
			continue
		}
		if err := r.enc.WriteToken(jsontext.String(m.name)); err != nil {
			return err
		}
		if err := r.value(m.value, sc); err != nil {
			return fmt.Errorf("%s: %w", m.name, err)
		}
	}
	return nil
}

// value writes a node that present reported present.
func (r *renderer) value(n node, sc *scope) error {
	enc := r.enc
	switch n := n.(type) {
	case *literalNode:
		return enc.WriteValue(n.value)
	case *placeholderNode:
		v, err := sc.lookup(n.name)
		if err != nil {
			return err
		}
		out, err := convert(v, n.typ, n.name)
		if err != nil {
			return err
		}
		return writeOutput(enc, out)
	case *stringNode:
		var b strings.Builder
		for _, p := range n.parts {
			if p.name == "" {
				b.WriteString(p.text)
				continue
			}
			v, err := sc.lookup(p.name)
			if err != nil {
				return err
			}
			out, err := convert(v, p.typ, p.name)
			if err != nil {
				return err
			}
			switch out.kind {
			case 'b':
				if out.b {
					b.WriteString("true")
				} else {
					b.WriteString("false")
				}
			default:
				b.WriteString(out.text)
			}
		}
		return enc.WriteToken(jsontext.String(b.String()))
	case *objectNode:
		if err := enc.WriteToken(jsontext.BeginObject); err != nil {
			return err
		}
		if err := r.members(n, sc); err != nil {
			return err
		}
		return enc.WriteToken(jsontext.EndObject)
	case *arrayNode:
		if err := enc.WriteToken(jsontext.BeginArray); err != nil {
			return err
		}
		for i, it := range n.items {
			if each, ok := it.(*eachNode); ok {
				if err := r.eachItems(each, sc); err != nil {
					return fmt.Errorf("[%d]: %w", i, err)
				}
				continue
			}
			ok, err := present(it, sc)
			if err != nil {
				return fmt.Errorf("[%d]: %w", i, err)
			}
			if !ok {
				continue
			}
			if err := r.value(it, sc); err != nil {
				return fmt.Errorf("[%d]: %w", i, err)
			}
		}
		return enc.WriteToken(jsontext.EndArray)
	case *eachNode:
		if err := enc.WriteToken(jsontext.BeginArray); err != nil {
			return err
		}
		if err := r.eachItems(n, sc); err != nil {
			return err
		}
		return enc.WriteToken(jsontext.EndArray)
	}
	return fmt.Errorf("unknown template node %T", n)
}

// eachItems writes the present items of a $each, without brackets.
func (r *renderer) eachItems(n *eachNode, sc *scope) error {
	if ok, err := sc.allTruthy(n.cond); err != nil || !ok {
		return err
	}
	elems, err := sc.elements(n.source)
	if err != nil {
		return err
	}
	for i, e := range elems {
		inner := &scope{row: sc.row, elem: e, parent: sc}
		ok, err := present(n.item, inner)
		if err != nil {
			return fmt.Errorf("$each %s[%d]: %w", n.source, i, err)
		}
		if !ok {
			continue
		}
		if err := r.value(n.item, inner); err != nil {
			return fmt.Errorf("$each %s[%d]: %w", n.source, i, err)
		}
	}
	return nil
}

func writeOutput(enc *jsontext.Encoder, out output) error {
	switch out.kind {
	case 's':
		return enc.WriteToken(jsontext.String(out.text))
	case 'n':
		return enc.WriteValue(jsontext.Value(out.text))
	case 'b':
		return enc.WriteToken(jsontext.Bool(out.b))
	case 'j':
		return writeTree(enc, out.tree, 0)
	}
	return errors.New("unknown output kind")
}

// writeTree writes a decoded JSON value back through the encoder.
func writeTree(enc *jsontext.Encoder, v any, depth int) error {
	if depth > maxJSONDepth {
		return errBadJSON
	}
	switch v := v.(type) {
	case nil:
		return enc.WriteToken(jsontext.Null)
	case bool:
		return enc.WriteToken(jsontext.Bool(v))
	case string:
		return enc.WriteToken(jsontext.String(v))
	case decimalText:
		return enc.WriteValue(jsontext.Value(v))
	case int64:
		return enc.WriteToken(jsontext.Int(v))
	case []any:
		if err := enc.WriteToken(jsontext.BeginArray); err != nil {
			return err
		}
		for _, e := range v {
			if err := writeTree(enc, e, depth+1); err != nil {
				return err
			}
		}
		return enc.WriteToken(jsontext.EndArray)
	case *jsonObject:
		if err := enc.WriteToken(jsontext.BeginObject); err != nil {
			return err
		}
		for i, n := range v.names {
			if err := enc.WriteToken(jsontext.String(n)); err != nil {
				return err
			}
			if err := writeTree(enc, v.values[i], depth+1); err != nil {
				return err
			}
		}
		return enc.WriteToken(jsontext.EndObject)
	}
	return fmt.Errorf("a %s cannot be written as JSON", kindOf(v))
}
