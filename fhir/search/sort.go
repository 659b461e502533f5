package search

import (
	"cmp"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shcr/shcr/fhir/fhirpath"
)

// SortValue is one resource's value for one _sort key. It is a date (the
// start of the value's range), a text (a folded string, or a token's code
// or a reference as written), a number, or missing. Missing values sort
// last whichever the direction, so that "-date" still puts undated
// resources at the end (R4 leaves this to the server).
//
// A SortValue is a small immutable value: page cursors carry it as its
// String form and ParseSortValue reads it back, so keyset paging compares
// exactly what the sort compared.
type SortValue struct {
	kind byte   // 0 missing, 't' time, 's' text, 'n' number
	text string // a text, or a number's exact rational
	t    time.Time
	n    *big.Rat
}

// maxSortText caps a text sort value: strings sort by their first 128
// bytes (folded), so that a page cursor stays small whatever a resource
// holds. Resources that agree on those bytes are ordered by the tie-break.
const maxSortText = 128

// MissingSortValue is the value of a resource that has none for the key.
func MissingSortValue() SortValue { return SortValue{} }

// TimeSortValue is a date value at t.
func TimeSortValue(t time.Time) SortValue {
	return SortValue{kind: 't', t: t.UTC()}
}

// textSortValue is a text value, cut to maxSortText bytes on a rune
// boundary. Control characters become spaces first: they mean nothing to
// an order, and JSON would write each as six bytes in a page cursor.
func textSortValue(s string) SortValue {
	if strings.ContainsFunc(s, isControlChar) {
		s = strings.Map(func(r rune) rune {
			if isControlChar(r) {
				return ' '
			}
			return r
		}, s)
	}
	if len(s) > maxSortText {
		cut := maxSortText
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	return SortValue{kind: 's', text: s}
}

func isControlChar(r rune) bool { return r < 0x20 }

func numberSortValue(r *big.Rat) SortValue {
	return SortValue{kind: 'n', n: r, text: r.RatString()}
}

// Missing reports whether the resource had no value for the key.
func (v SortValue) Missing() bool { return v.kind == 0 }

// String encodes v for a page cursor: "" for missing, "t" and an RFC 3339
// instant, "s" and the text, or "n" and an exact rational ("3/2").
func (v SortValue) String() string {
	switch v.kind {
	case 0:
		return ""
	case 't':
		// Formatted only here: sorting a view never needs the text.
		return "t" + v.t.Format(time.RFC3339Nano)
	}
	return string(v.kind) + v.text
}

var errSortValue = errors.New("not an encoded sort value")

// ParseSortValue reads the String form of a SortValue.
func ParseSortValue(s string) (SortValue, error) {
	if s == "" {
		return SortValue{}, nil
	}
	rest := s[1:]
	switch s[0] {
	case 't':
		t, err := time.Parse(time.RFC3339Nano, rest)
		if err != nil {
			return SortValue{}, errSortValue
		}
		return TimeSortValue(t), nil
	case 's':
		if len(rest) > maxSortText || !utf8.ValidString(rest) || strings.ContainsFunc(rest, isControlChar) {
			return SortValue{}, errSortValue
		}
		return SortValue{kind: 's', text: rest}, nil
	case 'n':
		if len(rest) > 200 {
			return SortValue{}, errSortValue
		}
		r, ok := new(big.Rat).SetString(rest)
		if !ok || strings.ContainsAny(rest, "eE.") {
			return SortValue{}, errSortValue
		}
		return numberSortValue(r), nil
	}
	return SortValue{}, errSortValue
}

// CompareSortValues orders two values of one key: ascending, or descending
// when asked, with missing values last either way. Values of different
// kinds (which one key never yields) are ordered by kind, so the order
// stays total.
func CompareSortValues(a, b SortValue, descending bool) int {
	switch {
	case a.kind == 0 && b.kind == 0:
		return 0
	case a.kind == 0:
		return 1
	case b.kind == 0:
		return -1
	case a.kind != b.kind:
		return cmp.Compare(a.kind, b.kind)
	}
	var c int
	switch a.kind {
	case 't':
		c = a.t.Compare(b.t)
	case 'n':
		c = a.n.Cmp(b.n)
	default:
		c = strings.Compare(a.text, b.text)
	}
	if descending {
		return -c
	}
	return c
}

// Value reads the key's value from a resource decoded by fhirpath.Decode.
// When the parameter yields several values, the one that comes first in
// the requested direction counts (the lowest ascending, the highest
// descending), as R4 asks (search.html, "_sort"). How each type reads:
//
//   - date: the start of the range (a partial date's first instant,
//     Period.start, a Timing's first event or bound); a Period with no
//     start sorts by its end.
//   - string: case- and accent-folded, as string search compares; a
//     HumanName by family name then given names, an Address by its text or
//     first line.
//   - token: the code (Coding.code, each coding of a CodeableConcept,
//     Identifier.value, ContactPoint.value, true/false, or the string),
//     compared exactly.
//   - number and quantity: the exact value (a Range by its low end);
//     quantities are compared by number, whatever their units.
//   - reference and uri: the reference or URI as written (after
//     federation's rewrite, a federated id).
//
// Strings sort by their first 128 bytes.
func (k SortKey) Value(resource any) (SortValue, error) {
	if k.Def.expr == nil {
		return SortValue{}, newError(ErrUnsupported, "_sort", k.Code, "sorting by %q is not supported: %s", k.Code, k.Def.Unsupported)
	}
	nodes, err := k.Def.expr.Eval(resource)
	if err != nil {
		return SortValue{}, fmt.Errorf("sorting by %s: %w", k.Code, err)
	}
	loc := k.loc
	if loc == nil {
		loc = time.UTC
	}
	best := SortValue{}
	for _, n := range nodes {
		v, err := sortValueOf(k.Def.Type, n, loc)
		if err != nil {
			return SortValue{}, fmt.Errorf("sorting by %s: %w", k.Code, err)
		}
		for _, c := range v {
			if CompareSortValues(c, best, k.Descending) < 0 {
				best = c
			}
		}
	}
	return best, nil
}

// sortValueOf returns the sort values one node holds (a CodeableConcept
// holds one per coding).
func sortValueOf(t Type, n fhirpath.Node, loc *time.Location) ([]SortValue, error) {
	switch t {
	case TypeDate:
		r, ok, err := dateTarget(n, loc)
		if err != nil || !ok {
			return nil, err
		}
		switch {
		case !r.loInf:
			return []SortValue{TimeSortValue(r.lo)}, nil
		case !r.hiInf:
			return []SortValue{TimeSortValue(r.hi)}, nil
		}
		return nil, nil
	case TypeString:
		return stringSortValue(n)
	case TypeToken:
		return tokenSortValues(n)
	case TypeNumber:
		x, ok, err := decimalValue(n.Value)
		if err != nil || !ok {
			return nil, err
		}
		return []SortValue{numberSortValue(x)}, nil
	case TypeQuantity:
		m, ok := n.Value.(map[string]any)
		if !ok {
			return nil, nil // SampledData and the like hold no one number
		}
		if n.Type == "Range" {
			m, _ = m["low"].(map[string]any)
		}
		x, ok, err := decimalValue(m["value"])
		if err != nil || !ok {
			return nil, err
		}
		return []SortValue{numberSortValue(x)}, nil
	case TypeReference:
		switch v := n.Value.(type) {
		case map[string]any:
			if ref := str(v, "reference"); ref != "" {
				return []SortValue{textSortValue(ref)}, nil
			}
		case string:
			return []SortValue{textSortValue(v)}, nil
		}
		return nil, nil
	case TypeURI:
		if s, ok := n.Value.(string); ok {
			return []SortValue{textSortValue(s)}, nil
		}
		return nil, errValue(n, "a string")
	}
	return nil, fmt.Errorf("%s parameters cannot be sorted by", t)
}

func stringSortValue(n fhirpath.Node) ([]SortValue, error) {
	var s string
	switch n.Type {
	case "HumanName":
		m, ok := n.Value.(map[string]any)
		if !ok {
			return nil, errValue(n, "an object")
		}
		parts := append([]string{str(m, "family")}, strs(m, "given")...)
		s = strings.TrimSpace(strings.Join(parts, " "))
		if s == "" {
			s = str(m, "text")
		}
	case "Address":
		m, ok := n.Value.(map[string]any)
		if !ok {
			return nil, errValue(n, "an object")
		}
		s = str(m, "text")
		if s == "" {
			if lines := strs(m, "line"); len(lines) > 0 {
				s = lines[0]
			}
		}
	default:
		v, ok := n.Value.(string)
		if !ok {
			return nil, errValue(n, "a string")
		}
		s = v
	}
	if s == "" {
		return nil, nil
	}
	return []SortValue{textSortValue(fold(s))}, nil
}

func tokenSortValues(n fhirpath.Node) ([]SortValue, error) {
	switch n.Type {
	case "Coding":
		m, _ := n.Value.(map[string]any)
		if c := str(m, "code"); c != "" {
			return []SortValue{textSortValue(c)}, nil
		}
		return nil, nil
	case "CodeableConcept":
		m, _ := n.Value.(map[string]any)
		var out []SortValue
		for _, c := range maps(m, "coding") {
			if code := str(c, "code"); code != "" {
				out = append(out, textSortValue(code))
			}
		}
		return out, nil
	case "Identifier", "ContactPoint":
		m, _ := n.Value.(map[string]any)
		if v := str(m, "value"); v != "" {
			return []SortValue{textSortValue(v)}, nil
		}
		return nil, nil
	case "boolean":
		b, ok := n.Value.(bool)
		if !ok {
			return nil, errValue(n, "a boolean")
		}
		return []SortValue{textSortValue(fmt.Sprint(b))}, nil
	}
	s, ok := n.Value.(string)
	if !ok {
		return nil, errValue(n, "a string")
	}
	return []SortValue{textSortValue(s)}, nil
}
