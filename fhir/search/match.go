package search

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/shcr/shcr/fhir/fhirpath"
)

// Match reports whether every parameter of q matches the decoded resource
// (see fhirpath.Decode). A resource of another type than q.ResourceType is
// an error: its parameters would silently find nothing, or everything.
func (q *Query) Match(resource any) (bool, error) {
	if rt := fhirpath.ResourceNode(resource).Type; rt != q.ResourceType {
		return false, fmt.Errorf("matching a %s search: the resource is a %q", q.ResourceType, rt)
	}
	for _, p := range q.Params {
		ok, err := p.Match(resource)
		if err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

// Match reports whether the decoded resource (see fhirpath.Decode) matches
// any of p's values. An error means the answer is not known — the
// resource holds a value that cannot be read, such as an invalid date —
// and the resource must not be silently kept or dropped.
func (p Param) Match(resource any) (bool, error) {
	if p.Def.expr == nil {
		return false, newError(ErrUnsupported, p.key(), "", "search parameter %q is not supported: %s", p.Code, p.Def.Unsupported)
	}
	nodes, err := p.Def.expr.Eval(resource)
	if err != nil {
		return false, fmt.Errorf("matching %s: %w", p.key(), err)
	}
	if p.Modifier == "missing" {
		present := len(nodes) > 0
		if p.Def.Type == TypeComposite {
			if present, err = p.compositePresent(nodes); err != nil {
				return false, err
			}
		}
		for _, v := range p.Values {
			if v.Missing != present {
				return true, nil
			}
		}
		return false, nil
	}
	found := false
	for _, v := range p.Values {
		for _, n := range nodes {
			ok, err := p.matchNode(n, v)
			if err != nil {
				return false, fmt.Errorf("matching %s: %w", p.key(), err)
			}
			if ok {
				found = true
				break
			}
		}
		if found {
			break
		}
	}
	if p.Modifier == "not" {
		return !found, nil
	}
	return found, nil
}

// key is the parameter as written in a query: code[:modifier].
func (p Param) key() string {
	if p.Modifier == "" {
		return p.Code
	}
	return p.Code + ":" + p.Modifier
}

func (p Param) matchNode(n fhirpath.Node, v Value) (bool, error) {
	if p.Def.Type != TypeComposite {
		return p.matchTyped(p.Def.Type, p.Modifier, n, v)
	}
	for i, c := range p.Def.Components {
		cnodes, err := c.expr.EvalNode(n)
		if err != nil {
			return false, err
		}
		ok := false
		for _, cn := range cnodes {
			if ok, err = p.matchTyped(c.Type, "", cn, v.Components[i]); err != nil {
				return false, err
			} else if ok {
				break
			}
		}
		if !ok {
			return false, nil
		}
	}
	return true, nil
}

// compositePresent reports whether some item has a value for every component.
func (p Param) compositePresent(nodes []fhirpath.Node) (bool, error) {
next:
	for _, n := range nodes {
		for _, c := range p.Def.Components {
			cnodes, err := c.expr.EvalNode(n)
			if err != nil {
				return false, fmt.Errorf("matching %s: %w", p.key(), err)
			}
			if len(cnodes) == 0 {
				continue next
			}
		}
		return true, nil
	}
	return false, nil
}

func (p Param) matchTyped(t Type, modifier string, n fhirpath.Node, v Value) (bool, error) {
	switch t {
	case TypeToken:
		return matchToken(n, v, modifier)
	case TypeString:
		return matchString(n, v, modifier)
	case TypeDate:
		target, ok, err := dateTarget(n, p.loc)
		if err != nil || !ok {
			return false, err
		}
		return matchDate(v.Prefix, v.date, target, p.now), nil
	case TypeNumber:
		x, ok, err := decimalValue(n.Value)
		if err != nil || !ok {
			return false, err
		}
		return matchNumber(v.Prefix, v.number, point(x)), nil
	case TypeQuantity:
		return matchQuantity(n, v)
	case TypeReference:
		return matchReference(n, v, modifier)
	case TypeURI:
		return matchURI(n, v, modifier)
	}
	return false, fmt.Errorf("%s parameters cannot be matched", t)
}

// unmatchable returns the first of types (an expression's possible result
// types) that a search of type t cannot interpret, or "". Types a search
// deliberately passes over, because they hold no value of the search's
// kind, are not reported: in a date search a string (free-text schedule,
// CarePlan.activity.detail.scheduledString) or an Age or Range (an age at
// the time, Procedure.performedAge), which give no date without the
// patient's birth date; in a quantity search SampledData, which R4 gives no
// quantity semantics; in a reference search an Attachment
// (Consent.sourceAttachment), which is a document, not a reference.
func unmatchable(t Type, types []string) string {
	for _, typ := range types {
		ok := false
		switch t {
		case TypeToken:
			switch typ {
			case "Coding", "CodeableConcept", "Identifier", "ContactPoint", "boolean":
				ok = true
			default:
				ok = isStringLike(typ)
			}
		case TypeString:
			switch typ {
			case "string", "code", "id", "markdown", "HumanName", "Address":
				ok = true
			}
		case TypeDate:
			switch typ {
			case "date", "dateTime", "instant", "Period", "Timing", "string", "Age", "Range":
				ok = true
			}
		case TypeNumber:
			ok = isDecimalType(typ)
		case TypeQuantity:
			switch typ {
			case "Quantity", "Age", "Distance", "Duration", "Count", "Money", "Range", "SampledData":
				ok = true
			}
		case TypeReference:
			switch typ {
			case "Reference", "canonical", "uri", "url", "Attachment":
				ok = true
			}
		case TypeURI:
			ok = isURIType(typ)
		}
		if !ok {
			return typ
		}
	}
	return ""
}

// isStringLike reports whether a FHIR primitive type is held as a string
// that a token search compares as a code.
func isStringLike(t string) bool {
	switch t {
	case "string", "code", "id", "markdown":
		return true
	}
	return isURIType(t)
}

func isURIType(t string) bool {
	switch t {
	case "uri", "url", "canonical", "oid", "uuid":
		return true
	}
	return false
}

func isDecimalType(t string) bool {
	switch t {
	case "decimal", "integer", "positiveInt", "unsignedInt":
		return true
	}
	return false
}

// errValue reports a resource value of the wrong JSON kind.
func errValue(n fhirpath.Node, want string) error {
	return fmt.Errorf("the resource has a %s that is not %s (%T)", n.Type, want, n.Value)
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

func strs(m map[string]any, key string) []string {
	switch v := m[key].(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func maps(m map[string]any, key string) []map[string]any {
	switch v := m[key].(type) {
	case map[string]any:
		return []map[string]any{v}
	case []any:
		out := make([]map[string]any, 0, len(v))
		for _, x := range v {
			if xm, ok := x.(map[string]any); ok {
				out = append(out, xm)
			}
		}
		return out
	}
	return nil
}

// matchToken matches a token value against Coding, CodeableConcept,
// Identifier, ContactPoint, boolean and code-like primitives (R4 §3.1.1.4.6).
func matchToken(n fhirpath.Node, v Value, modifier string) (bool, error) {
	switch n.Type {
	case "Coding", "CodeableConcept", "Identifier", "ContactPoint":
		m, ok := n.Value.(map[string]any)
		if !ok {
			return false, errValue(n, "an object")
		}
		switch n.Type {
		case "Coding":
			return matchCoding(m, v, modifier), nil
		case "CodeableConcept":
			if modifier == "text" && strings.HasPrefix(fold(str(m, "text")), v.folded) {
				return true, nil
			}
			for _, c := range maps(m, "coding") {
				if matchCoding(c, v, modifier) {
					return true, nil
				}
			}
			return false, nil
		case "Identifier":
			switch modifier {
			case "text":
				t, _ := m["type"].(map[string]any)
				return t != nil && strings.HasPrefix(fold(str(t, "text")), v.folded), nil
			case "of-type":
				if str(m, "value") != v.Text {
					return false, nil
				}
				t, _ := m["type"].(map[string]any)
				for _, c := range maps(t, "coding") {
					if str(c, "system") == v.System && str(c, "code") == v.Code {
						return true, nil
					}
				}
				return false, nil
			}
			return matchSystemCode(str(m, "system"), str(m, "value"), v), nil
		default: // ContactPoint: the value, with its system (phone, email...) if one is given
			if modifier == "text" || modifier == "of-type" {
				return false, nil
			}
			return matchSystemCode(str(m, "system"), str(m, "value"), v), nil
		}
	case "boolean":
		b, ok := n.Value.(bool)
		if !ok {
			return false, errValue(n, "a boolean")
		}
		if modifier == "text" || modifier == "of-type" {
			return false, nil
		}
		return v.Code == fmt.Sprint(b), nil
	}
	if !isStringLike(n.Type) {
		return false, fmt.Errorf("a token search cannot match a %q value", n.Type)
	}
	s, ok := n.Value.(string)
	if !ok {
		return false, errValue(n, "a string")
	}
	if modifier == "text" || modifier == "of-type" {
		return false, nil
	}
	// Parse refuses a system for these: only "code" and "|code" reach here.
	return s == v.Code, nil
}

func matchCoding(c map[string]any, v Value, modifier string) bool {
	switch modifier {
	case "text":
		return strings.HasPrefix(fold(str(c, "display")), v.folded)
	case "of-type":
		return false
	}
	return matchSystemCode(str(c, "system"), str(c, "code"), v)
}

// matchSystemCode applies code, system|code, |code and system| to a
// target's system and code (or value).
func matchSystemCode(system, code string, v Value) bool {
	if v.Code != "" && code != v.Code {
		return false
	}
	if v.Code == "" && code == "" {
		return false
	}
	if v.HasSystem && system != v.System {
		return false
	}
	return true
}

// matchString matches HumanName and Address on any of their parts.
func matchString(n fhirpath.Node, v Value, modifier string) (bool, error) {
	var parts []string
	switch n.Type {
	case "HumanName", "Address":
		m, ok := n.Value.(map[string]any)
		if !ok {
			return false, errValue(n, "an object")
		}
		keys := []string{"text", "family", "given", "prefix", "suffix"}
		if n.Type == "Address" {
			keys = []string{"text", "line", "city", "district", "state", "postalCode", "country"}
		}
		for _, k := range keys {
			parts = append(parts, strs(m, k)...)
		}
	default:
		s, ok := n.Value.(string)
		if !ok {
			return false, errValue(n, "a string")
		}
		parts = []string{s}
	}
	for _, s := range parts {
		switch modifier {
		case "exact":
			if s == v.Text {
				return true, nil
			}
		case "contains":
			if strings.Contains(fold(s), v.folded) {
				return true, nil
			}
		default:
			if strings.HasPrefix(fold(s), v.folded) {
				return true, nil
			}
		}
	}
	return false, nil
}

// dateTarget reads the range a date, dateTime, instant, Period or Timing
// covers. ok is false for a value with no date to compare (a free-text
// schedule, an empty Period, a Timing without events or bounds).
func dateTarget(n fhirpath.Node, loc *time.Location) (dateRange, bool, error) {
	switch n.Type {
	case "date", "dateTime", "instant":
		s, ok := n.Value.(string)
		if !ok {
			return dateRange{}, false, errValue(n, "a string")
		}
		r, err := parseDate(s, loc)
		if err != nil {
			return dateRange{}, false, fmt.Errorf("the resource has an invalid %s %q: %w", n.Type, s, err)
		}
		return r, true, nil
	case "Period":
		m, ok := n.Value.(map[string]any)
		if !ok {
			return dateRange{}, false, errValue(n, "an object")
		}
		return periodRange(m, loc)
	case "Timing":
		m, ok := n.Value.(map[string]any)
		if !ok {
			return dateRange{}, false, errValue(n, "an object")
		}
		// R4: only the outer limits of a schedule count.
		var r dateRange
		found := false
		widen := func(x dateRange) {
			if !found {
				r, found = x, true
				return
			}
			if x.loInf || !r.loInf && x.lo.Before(r.lo) {
				r.lo, r.loInf = x.lo, x.loInf
			}
			if x.hiInf || !r.hiInf && x.hi.After(r.hi) {
				r.hi, r.hiInf = x.hi, x.hiInf
			}
		}
		for _, e := range strs(m, "event") {
			x, err := parseDate(e, loc)
			if err != nil {
				return dateRange{}, false, fmt.Errorf("the resource has an invalid Timing.event %q: %w", e, err)
			}
			widen(x)
		}
		if rep, ok := m["repeat"].(map[string]any); ok {
			if bp, ok := rep["boundsPeriod"].(map[string]any); ok {
				x, ok, err := periodRange(bp, loc)
				if err != nil {
					return dateRange{}, false, err
				}
				if ok {
					widen(x)
				}
			}
		}
		return r, found, nil
	case "string", "Age", "Range":
		return dateRange{}, false, nil
	}
	return dateRange{}, false, fmt.Errorf("a date search cannot match a %q value", n.Type)
}

func periodRange(m map[string]any, loc *time.Location) (dateRange, bool, error) {
	start, end := str(m, "start"), str(m, "end")
	if start == "" && end == "" {
		return dateRange{}, false, nil
	}
	r := dateRange{loInf: start == "", hiInf: end == ""}
	if start != "" {
		s, err := parseDate(start, loc)
		if err != nil {
			return dateRange{}, false, fmt.Errorf("the resource has an invalid Period.start %q: %w", start, err)
		}
		r.lo = s.lo
	}
	if end != "" {
		e, err := parseDate(end, loc)
		if err != nil {
			return dateRange{}, false, fmt.Errorf("the resource has an invalid Period.end %q: %w", end, err)
		}
		r.hi = e.hi
	}
	return r, true, nil
}

// decimalValue reads a JSON number exactly. ok is false when v is absent.
func decimalValue(v any) (*big.Rat, bool, error) {
	switch x := v.(type) {
	case nil:
		return nil, false, nil
	case json.Number:
		r, ok := new(big.Rat).SetString(string(x))
		if !ok {
			return nil, false, fmt.Errorf("the resource has an invalid number %q", x)
		}
		return r, true, nil
	}
	return nil, false, fmt.Errorf("the resource has a number of Go type %T, which may have lost precision: decode it with fhirpath.Decode", v)
}

// matchQuantity matches a Quantity (or Age, Duration...), Money or Range.
func matchQuantity(n fhirpath.Node, v Value) (bool, error) {
	if n.Type == "SampledData" {
		return false, nil
	}
	m, ok := n.Value.(map[string]any)
	if !ok {
		return false, errValue(n, "an object")
	}
	if n.Type == "Range" {
		var t interval
		for _, b := range []struct {
			key   string
			bound **big.Rat
		}{{"low", &t.lo}, {"high", &t.hi}} {
			q, ok := m[b.key].(map[string]any)
			if !ok {
				continue
			}
			x, ok, err := decimalValue(q["value"])
			if err != nil {
				return false, err
			}
			if !ok {
				continue
			}
			if !unitMatches(q, v) {
				return false, nil
			}
			*b.bound = x
		}
		if t.lo == nil && t.hi == nil {
			return false, nil
		}
		return matchNumber(v.Prefix, v.number, t), nil
	}
	x, ok, err := decimalValue(m["value"])
	if err != nil || !ok {
		return false, err
	}
	if n.Type == "Money" {
		m = map[string]any{"system": "urn:iso:std:iso:4217", "code": m["currency"]}
	}
	if !unitMatches(m, v) {
		return false, nil
	}
	t := point(x)
	switch str(m, "comparator") {
	case "<":
		t = interval{hi: x, hiOpen: true}
	case "<=":
		t = interval{hi: x}
	case ">":
		t = interval{lo: x, loOpen: true}
	case ">=":
		t = interval{lo: x}
	}
	return matchNumber(v.Prefix, v.number, t), nil
}

// unitMatches applies a quantity value's |system|code (or ||code, which
// also matches the human-readable unit) to a Quantity.
func unitMatches(q map[string]any, v Value) bool {
	switch {
	case v.HasSystem:
		return str(q, "system") == v.System && str(q, "code") == v.Code
	case v.Code != "":
		return str(q, "code") == v.Code || str(q, "unit") == v.Code
	}
	return true
}

// matchReference matches a Reference, or a canonical or uri that refers to
// a resource.
func matchReference(n fhirpath.Node, v Value, modifier string) (bool, error) {
	switch n.Type {
	case "Reference":
		m, ok := n.Value.(map[string]any)
		if !ok {
			return false, errValue(n, "an object")
		}
		if modifier == "identifier" {
			id, _ := m["identifier"].(map[string]any)
			return id != nil && matchSystemCode(str(id, "system"), str(id, "value"), v), nil
		}
		return matchReferenceString(str(m, "reference"), v), nil
	case "canonical", "uri", "url":
		s, ok := n.Value.(string)
		if !ok {
			return false, errValue(n, "a string")
		}
		if modifier == "identifier" {
			return false, nil
		}
		if v.URL != "" {
			base, _, _ := strings.Cut(s, "|") // canonical|version
			return s == v.URL || base == v.URL, nil
		}
		return matchReferenceString(s, v), nil
	case "Attachment":
		return false, nil
	}
	return false, fmt.Errorf("a reference search cannot match a %q value", n.Type)
}

// matchReferenceString compares a literal reference with a value. An
// absolute value matches the same absolute reference (with or without a
// version); a relative value (id, Type/id, Type/id/_history/v) matches only
// relative references, because shcr cannot know which absolute bases are
// its own.
func matchReferenceString(ref string, v Value) bool {
	if ref == "" {
		return false
	}
	if v.URL != "" {
		if ref == v.URL {
			return true
		}
		i := strings.Index(ref, "/_history/")
		return i >= 0 && !strings.Contains(v.URL, "/_history/") && ref[:i] == v.URL
	}
	if strings.Contains(ref, "://") || strings.HasPrefix(ref, "urn:") || strings.HasPrefix(ref, "#") {
		return false
	}
	parts := strings.Split(ref, "/")
	var typ, id, version string
	switch {
	case len(parts) == 2:
		typ, id = parts[0], parts[1]
	case len(parts) == 4 && parts[2] == "_history":
		typ, id, version = parts[0], parts[1], parts[3]
	default:
		return false
	}
	if id != v.ID || v.ResourceType != "" && typ != v.ResourceType {
		return false
	}
	return v.Version == "" || version == v.Version
}

// matchURI applies exact, :below (the value is a prefix of the target) and
// :above (the target is a prefix of the value) matching.
func matchURI(n fhirpath.Node, v Value, modifier string) (bool, error) {
	s, ok := n.Value.(string)
	if !ok {
		return false, errValue(n, "a string")
	}
	switch modifier {
	case "below":
		return strings.HasPrefix(s, v.Text), nil
	case "above":
		return strings.HasPrefix(v.Text, s), nil
	}
	return s == v.Text, nil
}
