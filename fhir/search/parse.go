package search

import (
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"
)

// Prefix is the comparison prefix of a number, date or quantity value.
type Prefix string

// The R4 prefixes. PrefixNone (no prefix written) means eq.
const (
	PrefixNone Prefix = ""
	PrefixEq   Prefix = "eq"
	PrefixNe   Prefix = "ne"
	PrefixGt   Prefix = "gt"
	PrefixLt   Prefix = "lt"
	PrefixGe   Prefix = "ge"
	PrefixLe   Prefix = "le"
	PrefixSa   Prefix = "sa"
	PrefixEb   Prefix = "eb"
	PrefixAp   Prefix = "ap"
)

// ParseOptions are the choices of one request.
type ParseOptions struct {
	// Strict makes unknown and unsupported parameters errors, as
	// "Prefer: handling=strict" asks. Otherwise they are dropped and listed
	// in Query.Ignored.
	Strict bool
	// Supported, when set, narrows the parameters shcr accepts: a parameter
	// whose code it rejects is treated as unsupported.
	Supported func(code string) bool
	// Now is the time "ap" dates are approximate to; zero means time.Now().
	Now time.Time
	// Location is the time zone of dates and times written without one
	// (birthDate=1974-12-25) in search values and resources; nil means UTC.
	Location *time.Location
}

// Query is one search request for one resource type, parsed and checked.
type Query struct {
	ResourceType string
	// Params are the search parameters to apply, all of which must match
	// (AND): one per occurrence in the query, each with its OR values.
	// They are in canonical order: by code, modifier, then values.
	Params  []Param
	Control Control
	// Ignored are the parameters dropped in lenient mode, with why, for
	// the OperationOutcome; Encode leaves them out.
	Ignored []*Error
}

// Param is one occurrence of a search parameter: it matches when any of its
// Values does (OR).
type Param struct {
	Code string
	// Modifier is the modifier without its colon: "exact", "missing", a
	// resource type for reference parameters ("Patient"), or "".
	Modifier string
	Values   []Value
	Def      Definition

	now time.Time
	loc *time.Location
}

// Value is one value of a parameter, read according to the parameter type.
// The fields that do not apply to the type are empty.
type Value struct {
	// Raw is the value as written in the query, prefix and escapes included.
	Raw string
	// Prefix is the comparison prefix of a number, date or quantity
	// (composite components carry their own).
	Prefix Prefix
	// Text is the unescaped value of a string, uri or :text search, and the
	// identifier value of :of-type.
	Text string
	// System and Code are a token's system|code (for :of-type, the
	// identifier type's), a quantity's unit system and code, and for
	// :identifier the identifier's system and value. HasSystem tells
	// "|code" (no system) from "code" (any system).
	System    string
	HasSystem bool
	Code      string
	// Number is a number's or quantity's decimal literal.
	Number string
	// Start and End bound a date value's range, [Start, End), at its
	// precision: date=2013-01 is [2013-01-01T00:00, 2013-02-01T00:00).
	Start, End time.Time
	// ResourceType, ID and Version are a reference's parts; URL is set for
	// an absolute reference.
	ResourceType, ID, Version, URL string
	// Missing is the value of a :missing search.
	Missing bool
	// Components are the parts of a composite value, in definition order.
	Components []Value

	number searchNumber
	date   dateRange
	folded string // Text, case- and accent-folded, for string searches
}

// controlParams are the R4 result parameters that shape the response rather
// than select resources.
func isControl(name string) bool {
	switch name {
	case "_count", "_sort", "_include", "_revinclude", "_summary", "_elements",
		"_total", "_format", "_contained", "_containedType", "_pretty":
		return true
	}
	return false
}

// unsupportedSpecial are R4 search features shcr knows but does not offer.
func unsupportedSpecial(name string) string {
	switch name {
	case "_text", "_content":
		return "full-text search is not implemented"
	case "_query":
		return "named queries are not implemented"
	case "_filter":
		return "_filter is not implemented"
	case "_has":
		return "reverse chaining (_has) is not implemented"
	case "_list":
		return "_list is not implemented"
	case "_type":
		return "_type applies to searches across all resource types, which are not implemented"
	case "_score":
		return "_score is not implemented"
	}
	return ""
}

// Parse reads the query parameters of one search on resourceType. Values
// that cannot be read are always errors; unknown and unsupported
// parameters are errors when opt.Strict is set and are otherwise dropped
// into Query.Ignored. Modifiers that R4 does not allow, or that shcr does
// not support (:in, :above and :below on tokens...), are always errors: R4
// requires a server to reject a modifier it does not support. Empty values
// (code=) are ignored, as R4 asks.
func (r *Registry) Parse(resourceType string, q url.Values, opt ParseOptions) (*Query, error) {
	if _, ok := r.defs[resourceType]; !ok {
		return nil, newError(ErrUnknownResourceType, "", resourceType, "unknown resource type %q", resourceType)
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.Location == nil {
		opt.Location = time.UTC
	}
	query := &Query{ResourceType: resourceType}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	// drop records a parameter that lenient mode ignores, or fails in
	// strict mode.
	drop := func(e *Error) error {
		if opt.Strict {
			return e
		}
		query.Ignored = append(query.Ignored, e)
		return nil
	}
	for _, key := range keys {
		name, modifier, hasModifier := strings.Cut(key, ":")
		if isControl(name) {
			if err := r.parseControl(query, key, name, modifier, hasModifier, q[key], opt, drop); err != nil {
				return nil, err
			}
			continue
		}
		if reason := unsupportedSpecial(name); reason != "" {
			if err := drop(newError(ErrUnsupported, key, "", "search parameter %q is not supported: %s", key, reason)); err != nil {
				return nil, err
			}
			continue
		}
		if strings.Contains(name, ".") || strings.Contains(modifier, ".") {
			if err := drop(newError(ErrUnsupported, key, "", "chained search parameter %q is not supported", key)); err != nil {
				return nil, err
			}
			continue
		}
		def, ok := r.Lookup(resourceType, name)
		if !ok {
			if err := drop(newError(ErrUnknownParameter, key, "", "unknown search parameter %q for %s", name, resourceType)); err != nil {
				return nil, err
			}
			continue
		}
		if hasModifier {
			if err := checkModifier(def, key, modifier); err != nil {
				return nil, err
			}
		}
		reason := def.Unsupported
		if reason == "" && opt.Supported != nil && !opt.Supported(def.Code) {
			reason = "this server does not offer it"
		}
		if reason != "" {
			if err := drop(newError(ErrUnsupported, key, "", "search parameter %q for %s is not supported: %s", name, resourceType, reason)); err != nil {
				return nil, err
			}
			continue
		}
		for _, raw := range q[key] {
			if raw == "" {
				query.Ignored = append(query.Ignored, newError(ErrInvalidValue, key, "", "search parameter %q has no value and is ignored", key))
				continue
			}
			p := Param{Code: def.Code, Modifier: modifier, Def: def, now: opt.Now, loc: opt.Location}
			parts, err := splitUnescaped(raw, ',')
			if err != nil {
				return nil, newError(ErrInvalidValue, key, raw, "invalid value %q for parameter %q: %v", raw, key, err)
			}
			for _, part := range parts {
				v, err := parseValue(def, modifier, part, opt.Location)
				if err != nil {
					return nil, newError(ErrInvalidValue, key, part, "invalid %s %q for parameter %q: %v", valueNoun(def, modifier), part, key, err)
				}
				p.Values = append(p.Values, v)
			}
			slices.SortStableFunc(p.Values, func(a, b Value) int { return strings.Compare(a.Raw, b.Raw) })
			query.Params = append(query.Params, p)
		}
	}
	slices.SortStableFunc(query.Params, func(a, b Param) int {
		if c := strings.Compare(a.Code, b.Code); c != 0 {
			return c
		}
		if c := strings.Compare(a.Modifier, b.Modifier); c != 0 {
			return c
		}
		return strings.Compare(a.encodeValues(), b.encodeValues())
	})
	return query, nil
}

// checkModifier refuses a modifier that R4 does not allow on def, or that
// shcr does not evaluate.
func checkModifier(def Definition, key, modifier string) error {
	if !def.allowsModifier(modifier) {
		if def.Type == TypeReference && isResourceTypeName(modifier) {
			return newError(ErrInvalidModifier, key, "", "modifier \":%s\" is not allowed on %s: it refers to %s", modifier, def.describe(), strings.Join(def.Targets, ", "))
		}
		return newError(ErrInvalidModifier, key, "", "modifier \":%s\" is not allowed on %s", modifier, def.describe())
	}
	switch {
	case def.Type == TypeToken && (modifier == "in" || modifier == "not-in" || modifier == "above" || modifier == "below"):
		return newError(ErrUnsupported, key, "", "modifier \":%s\" on %s is not supported: it needs a terminology service", modifier, def.describe())
	case def.Type == TypeReference && (modifier == "above" || modifier == "below"):
		return newError(ErrUnsupported, key, "", "modifier \":%s\" on %s is not supported: it needs the resources' hierarchy", modifier, def.describe())
	}
	return nil
}

func isResourceTypeName(s string) bool {
	return s != "" && s[0] >= 'A' && s[0] <= 'Z'
}

// valueNoun names what a value should have been, for messages.
func valueNoun(def Definition, modifier string) string {
	switch {
	case modifier == "missing":
		return "value (true or false)"
	case modifier == "identifier":
		return "identifier"
	case def.Type == TypeURI:
		return "uri"
	}
	return string(def.Type)
}

// splitUnescaped splits s at each sep not preceded by a backslash escape,
// keeping the escapes (they are undone per part, after the finer splits).
// An empty part is an error.
func splitUnescaped(s string, sep byte) ([]string, error) {
	var parts []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case sep:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	parts = append(parts, s[start:])
	if sep == ',' {
		for _, p := range parts {
			if p == "" {
				return nil, errEmptyInList
			}
		}
	}
	return parts, nil
}

// unescape undoes the R4 escapes \, \$ \| and \\.
func unescape(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i+1 == len(s) {
			return "", errTrailingBackslash
		}
		i++
		switch s[i] {
		case ',', '$', '|', '\\':
			b.WriteByte(s[i])
		default:
			return "", &escapeError{s[i]}
		}
	}
	return b.String(), nil
}
