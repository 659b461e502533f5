package sqlsource

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
	"go.yaml.in/yaml/v3"
)

// A template is the shape of the resource one row becomes, written in the
// mapping as YAML. It is parsed once into this tree of nodes; rendering
// walks the tree with a row's values and writes JSON through a jsontext
// encoder, so every value is escaped by the encoder and no JSON is ever
// assembled by joining strings.
//
// Rules (MAPPING.md has the full text):
//   - a string may hold placeholders: ${column} or ${column:type}; a string
//     that is exactly one placeholder becomes a value of that type, a
//     string mixing text and placeholders becomes a JSON string; $$ is a
//     literal $;
//   - a placeholder whose value is NULL (or an empty string) omits its
//     element, and a string with a NULL placeholder is omitted whole;
//   - an object left with no members, and an array left with no items,
//     are omitted too, up to the resource itself;
//   - $if: name (or a list of names) on an object keeps it only when every
//     value named is truthy (not NULL, not false, not empty);
//   - {$each: name, $item: template} repeats the item template for every
//     element of an array value (a json/jsonb array or a SQL array); in an
//     array it adds its items in place, elsewhere it makes an array. Inside,
//     ${name} reads the element's member, ${.} the element itself, and
//     names the element lacks are looked up outside it, out to the row.
type node interface{ isNode() }

type objectNode struct {
	members []member
	cond    []string // $if: all must be truthy
}

type member struct {
	name  string
	value node
}

type arrayNode struct{ items []node }

type eachNode struct {
	source string
	item   node
	cond   []string
}

// literalNode is a constant JSON value (string, number or boolean),
// encoded once at parse time.
type literalNode struct{ value jsontext.Value }

// placeholderNode is a whole value read from a column or element.
type placeholderNode struct {
	name string
	typ  valueType
}

// stringNode is a string with placeholders inside literal text.
type stringNode struct{ parts []part }

// part is a literal piece of text (name == "") or a placeholder.
type part struct {
	text string
	name string
	typ  valueType
}

func (*objectNode) isNode()      {}
func (*arrayNode) isNode()       {}
func (*eachNode) isNode()        {}
func (*literalNode) isNode()     {}
func (*placeholderNode) isNode() {}
func (*stringNode) isNode()      {}

// Parser limits, so that a hostile or broken mapping file cannot exhaust
// memory or the stack.
const (
	maxTemplateDepth = 40
	maxTemplateNodes = 20000
)

// templateParser builds nodes from YAML, tracking where it is for error
// messages ("resource.identifier[0].value").
type templateParser struct {
	nodes int
	each  int // how many $each the parser is inside
}

// parseTemplate reads the template of one resource type. The top level
// must be a mapping and may not set resourceType or id, which the adapter
// writes itself from the mapping's type and id column.
func parseTemplate(n *yaml.Node) (*objectNode, error) {
	p := &templateParser{}
	if n.Kind != yaml.MappingNode {
		return nil, errors.New("resource must be a mapping of FHIR elements")
	}
	root, err := p.node(n, "resource", 0)
	if err != nil {
		return nil, err
	}
	obj, ok := root.(*objectNode)
	if !ok {
		return nil, errors.New("resource must be a mapping of FHIR elements, not $each")
	}
	if len(obj.cond) > 0 {
		return nil, errors.New("resource: $if cannot apply to the whole resource")
	}
	for _, m := range obj.members {
		if m.name == "resourceType" || m.name == "id" {
			return nil, fmt.Errorf("resource.%s: leave it out; the adapter writes resourceType from the mapping's type and id from its id column", m.name)
		}
	}
	return obj, nil
}

func (p *templateParser) node(n *yaml.Node, path string, depth int) (node, error) {
	p.nodes++
	if p.nodes > maxTemplateNodes {
		return nil, fmt.Errorf("%s: the template has more than %d nodes", path, maxTemplateNodes)
	}
	if depth > maxTemplateDepth {
		return nil, fmt.Errorf("%s: the template nests deeper than %d", path, maxTemplateDepth)
	}
	if n.Anchor != "" || n.Kind == yaml.AliasNode {
		return nil, fmt.Errorf("%s: YAML anchors and aliases are not supported in templates", path)
	}
	switch n.Kind {
	case yaml.MappingNode:
		return p.mapping(n, path, depth)
	case yaml.SequenceNode:
		arr := &arrayNode{}
		for i, item := range n.Content {
			child, err := p.node(item, fmt.Sprintf("%s[%d]", path, i), depth+1)
			if err != nil {
				return nil, err
			}
			arr.items = append(arr.items, child)
		}
		if len(arr.items) == 0 {
			return nil, fmt.Errorf("%s: an empty array is not valid FHIR; leave the element out", path)
		}
		return arr, nil
	case yaml.ScalarNode:
		child, err := scalar(n, path)
		if err != nil {
			return nil, err
		}
		if p.each == 0 && usesElement(child) {
			return nil, fmt.Errorf("%s: ${.} names the current element and is only meaningful inside $each", path)
		}
		return child, nil
	}
	return nil, fmt.Errorf("%s: unexpected YAML", path)
}

func (p *templateParser) mapping(n *yaml.Node, path string, depth int) (node, error) {
	obj := &objectNode{}
	var each *eachNode
	var item *yaml.Node
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Tag != "!!str" {
			return nil, fmt.Errorf("%s: keys must be strings", path)
		}
		name := k.Value
		if seen[name] {
			return nil, fmt.Errorf("%s: %s appears twice", path, truncateName(name))
		}
		seen[name] = true
		switch {
		case name == "$if":
			cond, err := condNames(v, path)
			if err != nil {
				return nil, err
			}
			if p.each == 0 && slices.Contains(cond, ".") {
				return nil, fmt.Errorf("%s.$if: . names the current element and is only meaningful inside $each", path)
			}
			obj.cond = cond
		case name == "$each":
			if v.Kind != yaml.ScalarNode || v.Tag != "!!str" || !validRefName(v.Value) {
				return nil, fmt.Errorf("%s.$each: want the name of an array column or element", path)
			}
			if p.each == 0 && v.Value == "." {
				return nil, fmt.Errorf("%s.$each: . names the current element and is only meaningful inside $each", path)
			}
			each = &eachNode{source: v.Value}
		case name == "$item":
			item = v
		case strings.HasPrefix(name, "$"):
			return nil, fmt.Errorf("%s: unknown directive %s (want $if, $each or $item)", path, truncateName(name))
		default:
			if !validElementName(name) {
				return nil, fmt.Errorf("%s: %q is not a FHIR element name", path, truncateName(name))
			}
			child, err := p.node(v, path+"."+name, depth+1)
			if err != nil {
				return nil, err
			}
			obj.members = append(obj.members, member{name: name, value: child})
		}
	}
	switch {
	case each != nil:
		if item == nil {
			return nil, fmt.Errorf("%s: $each needs $item, the template of each element", path)
		}
		if len(obj.members) > 0 {
			return nil, fmt.Errorf("%s: an object with $each holds only $each, $item and $if; put the element's members under $item", path)
		}
		p.each++
		child, err := p.node(item, path+".$item", depth+1)
		p.each--
		if err != nil {
			return nil, err
		}
		if _, nested := child.(*eachNode); nested {
			return nil, fmt.Errorf("%s.$item: $each directly inside $each is not supported; wrap it in an element", path)
		}
		each.item = child
		each.cond = obj.cond
		return each, nil
	case item != nil:
		return nil, fmt.Errorf("%s: $item needs $each", path)
	case len(obj.members) == 0:
		return nil, fmt.Errorf("%s: an empty object is not valid FHIR; leave the element out", path)
	}
	return obj, nil
}

// condNames reads $if: a name, or a list of names.
func condNames(v *yaml.Node, path string) ([]string, error) {
	var names []string
	switch v.Kind {
	case yaml.ScalarNode:
		names = []string{v.Value}
	case yaml.SequenceNode:
		for _, c := range v.Content {
			if c.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("%s.$if: want a name or a list of names", path)
			}
			names = append(names, c.Value)
		}
	default:
		return nil, fmt.Errorf("%s.$if: want a name or a list of names", path)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s.$if: want a name or a list of names", path)
	}
	for _, n := range names {
		if !validRefName(n) {
			return nil, fmt.Errorf("%s.$if: %q is not a column or element name", path, truncateName(n))
		}
	}
	return names, nil
}

// scalar reads a YAML scalar: a string (with any placeholders), a number or
// a boolean. null is refused: FHIR JSON has no nulls, and an element that
// may be missing is written as a placeholder, which omits it when NULL.
func scalar(n *yaml.Node, path string) (node, error) {
	switch n.Tag {
	case "!!str":
		return parseString(n.Value, path)
	case "!!int", "!!float":
		v := jsontext.Value(n.Value)
		if !v.IsValid() || (n.Value[0] != '-' && (n.Value[0] < '0' || n.Value[0] > '9')) {
			return nil, fmt.Errorf("%s: %q is not a JSON number; quote it if it is a string", path, truncateName(n.Value))
		}
		return &literalNode{value: v}, nil
	case "!!bool":
		switch n.Value {
		case "true":
			return &literalNode{value: jsontext.Value("true")}, nil
		case "false":
			return &literalNode{value: jsontext.Value("false")}, nil
		}
		return nil, fmt.Errorf("%s: write booleans as true or false", path)
	case "!!null":
		return nil, fmt.Errorf("%s: null is not allowed; leave the element out, or use a placeholder, which omits it when NULL", path)
	}
	return nil, fmt.Errorf("%s: unsupported YAML value (tag %s)", path, truncateName(n.Tag))
}

// parseString splits a template string into literal text and placeholders.
func parseString(s, path string) (node, error) {
	if !strings.Contains(s, "$") {
		v, err := jsontext.AppendQuote(nil, s)
		if err != nil {
			return nil, fmt.Errorf("%s: the text is not valid UTF-8", path)
		}
		return &literalNode{value: v}, nil
	}
	var parts []part
	var text strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		if c != '$' {
			text.WriteByte(c)
			i++
			continue
		}
		switch {
		case i+1 < len(s) && s[i+1] == '$':
			text.WriteByte('$')
			i += 2
			continue
		case i+1 < len(s) && s[i+1] == '{':
		default:
			return nil, fmt.Errorf("%s: a $ starts a placeholder ${name} or ${name:type}; write $$ for a dollar sign", path)
		}
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			return nil, fmt.Errorf("%s: placeholder has no closing }", path)
		}
		inner := s[i+2 : i+end]
		name, typName, hasType := strings.Cut(inner, ":")
		if !validRefName(name) {
			return nil, fmt.Errorf("%s: %q in ${...} is not a column or element name (letters, digits and _, or . for the element itself)", path, truncateName(name))
		}
		typ := typeString
		if hasType {
			var ok bool
			if typ, ok = parseValueType(typName); !ok {
				return nil, fmt.Errorf("%s: unknown type %q in ${%s:...}; want one of %s", path, truncateName(typName), name, valueTypeNames())
			}
		}
		if text.Len() > 0 {
			parts = append(parts, part{text: text.String()})
			text.Reset()
		}
		parts = append(parts, part{name: name, typ: typ})
		i += end + 1
	}
	if text.Len() > 0 {
		parts = append(parts, part{text: text.String()})
	}
	if len(parts) == 1 && parts[0].name != "" {
		return &placeholderNode{name: parts[0].name, typ: parts[0].typ}, nil
	}
	for _, pt := range parts {
		if pt.name != "" && !pt.typ.inText() {
			return nil, fmt.Errorf("%s: ${%s:%s} cannot be part of a longer string", path, pt.name, pt.typ)
		}
		if pt.name == "" && !validUTF8(pt.text) {
			return nil, fmt.Errorf("%s: the text is not valid UTF-8", path)
		}
	}
	if len(parts) == 1 {
		v, _ := jsontext.AppendQuote(nil, parts[0].text)
		return &literalNode{value: v}, nil
	}
	return &stringNode{parts: parts}, nil
}

func validUTF8(s string) bool {
	_, err := jsontext.AppendQuote(nil, s)
	return err == nil
}

// validRefName reports whether s can name a column or an element member:
// an ASCII identifier, or "." for the current element.
func validRefName(s string) bool {
	if s == "." {
		return true
	}
	if s == "" || len(s) > 63 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isIdentChar(s[i], i == 0) {
			return false
		}
	}
	return true
}

// validElementName reports whether s can be a FHIR JSON member name: an
// element name, or _name for a primitive's extensions.
func validElementName(s string) bool {
	s = strings.TrimPrefix(s, "_")
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && (c >= '0' && c <= '9' || c == '_')) {
			return false
		}
	}
	return true
}

// rowNames collects the names a template reads from the row itself, that
// is outside any $each, so they can be checked against the query's columns.
// Names inside $each may be the element's members and are not collected.
func rowNames(n node, out map[string]bool) {
	switch n := n.(type) {
	case *objectNode:
		for _, c := range n.cond {
			out[c] = true
		}
		for _, m := range n.members {
			rowNames(m.value, out)
		}
	case *arrayNode:
		for _, it := range n.items {
			rowNames(it, out)
		}
	case *eachNode:
		for _, c := range n.cond {
			out[c] = true
		}
		out[n.source] = true
	case *placeholderNode:
		out[n.name] = true
	case *stringNode:
		for _, p := range n.parts {
			if p.name != "" {
				out[p.name] = true
			}
		}
	}
}

// usesElement reports whether a scalar node reads ${.}.
func usesElement(n node) bool {
	switch n := n.(type) {
	case *placeholderNode:
		return n.name == "."
	case *stringNode:
		for _, p := range n.parts {
			if p.name == "." {
				return true
			}
		}
	}
	return false
}
