package demogen

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// obj is a JSON object whose members keep the order they were added in.
// FHIR resources are built as obj values rather than Go maps so that the
// output never depends on map iteration order, and rather than one Go struct
// per resource type because the generator writes a dozen resource types with
// many optional elements, which a small ordered builder expresses far more
// compactly.
type obj []member

// member is one name/value pair of an obj.
type member struct {
	name  string
	value any
}

// o builds an obj from alternating names and values. Members whose value is
// empty (nil, "", a nil or empty obj, or an empty slice) are left out,
// because FHIR forbids empty strings, objects and arrays and this lets
// callers pass optional elements unconditionally. An odd number of arguments
// or a non-string name is a programming error, so it panics.
func o(pairs ...any) obj {
	if len(pairs)%2 != 0 {
		panic("demogen: o needs name/value pairs")
	}
	out := make(obj, 0, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		name, ok := pairs[i].(string)
		if !ok {
			panic(fmt.Sprintf("demogen: member name %v is not a string", pairs[i]))
		}
		if isEmpty(pairs[i+1]) {
			continue
		}
		out = append(out, member{name, pairs[i+1]})
	}
	return out
}

// set returns a copy of o with the named member replaced, or appended when
// it is absent. Copying keeps shared templates (codings, references) safe
// to reuse.
func (ob obj) set(name string, value any) obj {
	out := make(obj, 0, len(ob)+1)
	done := false
	for _, m := range ob {
		if m.name == name {
			if !isEmpty(value) {
				out = append(out, member{name, value})
			}
			done = true
			continue
		}
		out = append(out, m)
	}
	if !done && !isEmpty(value) {
		out = append(out, member{name, value})
	}
	return out
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case obj:
		return len(x) == 0
	case []obj:
		return len(x) == 0
	case []string:
		return len(x) == 0
	}
	return false
}

// encoder writes obj trees as JSON. Containers nested less than levels
// deep are expanded, one member per line indented by one space; deeper
// ones are compact. levels = 2 on a Bundle gives one entry per line, which
// keeps the files small and their diffs readable.
type encoder struct {
	buf    bytes.Buffer
	levels int
}

// marshal encodes v, expanding the first levels of nesting, with a
// trailing newline.
func marshal(v any, levels int) []byte {
	e := &encoder{levels: levels}
	e.value(v, 0)
	e.buf.WriteByte('\n')
	return e.buf.Bytes()
}

// newline starts a new line at the given depth, if a container at
// depth-1 is expanded.
func (e *encoder) newline(depth int, expanded bool) {
	if !expanded {
		return
	}
	e.buf.WriteByte('\n')
	for i := 0; i < depth; i++ {
		e.buf.WriteByte(' ')
	}
}

func (e *encoder) value(v any, depth int) {
	expanded := depth < e.levels
	switch x := v.(type) {
	case obj:
		e.buf.WriteByte('{')
		for i, m := range x {
			if i > 0 {
				e.buf.WriteByte(',')
			}
			e.newline(depth+1, expanded)
			e.str(m.name)
			e.buf.WriteByte(':')
			if expanded {
				e.buf.WriteByte(' ')
			}
			e.value(m.value, depth+1)
		}
		if len(x) > 0 {
			e.newline(depth, expanded)
		}
		e.buf.WriteByte('}')
	case []obj:
		e.list(len(x), func(i int) any { return x[i] }, depth)
	case []string:
		e.list(len(x), func(i int) any { return x[i] }, depth)
	case string:
		e.str(x)
	case bool:
		e.buf.WriteString(strconv.FormatBool(x))
	case int:
		e.buf.WriteString(strconv.Itoa(x))
	case float64:
		// FHIR decimals keep their written precision; 'f' with -1 gives the
		// shortest exact representation and never an exponent.
		e.buf.WriteString(strconv.FormatFloat(x, 'f', -1, 64))
	default:
		panic(fmt.Sprintf("demogen: cannot encode %T", v))
	}
}

func (e *encoder) list(n int, at func(int) any, depth int) {
	expanded := depth < e.levels
	e.buf.WriteByte('[')
	for i := 0; i < n; i++ {
		if i > 0 {
			e.buf.WriteByte(',')
		}
		e.newline(depth+1, expanded)
		e.value(at(i), depth+1)
	}
	if n > 0 {
		e.newline(depth, expanded)
	}
	e.buf.WriteByte(']')
}

// one is a one-element list, or nil when x is empty, for optional
// elements that FHIR makes arrays.
func one(x obj) []obj {
	if len(x) == 0 {
		return nil
	}
	return []obj{x}
}

// str writes s as a JSON string. Only the characters JSON requires are
// escaped, so the files stay readable; the generator only ever produces
// valid UTF-8, and anything else is a programming error.
func (e *encoder) str(s string) {
	if !utf8.ValidString(s) {
		panic(fmt.Sprintf("demogen: invalid UTF-8 in %q", s))
	}
	e.buf.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			e.buf.WriteString(`\"`)
		case c == '\\':
			e.buf.WriteString(`\\`)
		case c == '\n':
			e.buf.WriteString(`\n`)
		case c < 0x20:
			fmt.Fprintf(&e.buf, `\u%04x`, c)
		default:
			e.buf.WriteByte(c)
		}
	}
	e.buf.WriteByte('"')
}
