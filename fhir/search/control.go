package search

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Control holds the R4 result parameters of a search: how to sort, page,
// include and summarise, rather than which resources match. Parse checks
// what it can without knowing the server's limits (a _count cap is the
// caller's to apply).
type Control struct {
	Count    int  // _count
	CountSet bool // whether _count was given (0 is a valid count)
	Sort     []SortKey
	// Include and RevInclude are _include and _revinclude, in query order.
	Include, RevInclude []Include
	Summary             string   // _summary: true, false, text, data or count
	Elements            []string // _elements
	Total               string   // _total: none, estimate or accurate
	Contained           string   // _contained: true, false or both
	ContainedType       string   // _containedType: container or contained
	Format              string   // _format, as written: the HTTP layer negotiates it
	Pretty              string   // _pretty: true or false
}

// SortKey is one _sort key: a search parameter of the searched type (or
// _id, _lastUpdated) and a direction. Value reads it from a resource.
type SortKey struct {
	Code       string
	Descending bool
	Def        Definition

	loc *time.Location // the zone of dates written without one
}

// Include is one _include or _revinclude: Source:Param[:Target]. Param
// "*" means every reference parameter of Source.
type Include struct {
	Source, Param, Target string
	Iterate               bool // the :iterate modifier
}

// String returns the include as written in a query.
func (in Include) String() string {
	s := in.Source + ":" + in.Param
	if in.Target != "" {
		s += ":" + in.Target
	}
	return s
}

func (in Include) key(name string) string {
	if in.Iterate {
		return name + ":iterate"
	}
	return name
}

// parseControl reads one result parameter into query.Control.
func (r *Registry) parseControl(query *Query, key, name, modifier string, hasModifier bool, values []string, opt ParseOptions, drop func(*Error) error) error {
	include := name == "_include" || name == "_revinclude"
	if hasModifier && !(include && modifier == "iterate") {
		return newError(ErrInvalidModifier, key, "", "modifier \":%s\" is not allowed on %s", modifier, name)
	}
	if !include && len(values) > 1 {
		return newError(ErrInvalidValue, key, "", "parameter %q is given %d times; give it once", key, len(values))
	}
	c := &query.Control
	for _, raw := range values {
		if raw == "" {
			query.Ignored = append(query.Ignored, newError(ErrInvalidValue, key, "", "parameter %q has no value and is ignored", key))
			continue
		}
		invalid := func(format string, args ...any) error {
			return newError(ErrInvalidValue, key, raw, "invalid value %q for %s: %s", raw, key, fmt.Sprintf(format, args...))
		}
		oneOf := func(dst *string, allowed ...string) error {
			if !slices.Contains(allowed, raw) {
				return invalid("expected %s", strings.Join(allowed, ", "))
			}
			*dst = raw
			return nil
		}
		var err error
		switch name {
		case "_count":
			n, convErr := strconv.Atoi(raw)
			if convErr != nil || n < 0 {
				return invalid("expected a whole number, 0 or more")
			}
			c.Count, c.CountSet = n, true
		case "_sort":
			err = r.parseSort(query, key, raw, opt, drop)
		case "_include", "_revinclude":
			err = r.parseInclude(query, key, name, raw, modifier == "iterate", drop)
		case "_summary":
			err = oneOf(&c.Summary, "true", "false", "text", "data", "count")
		case "_total":
			err = oneOf(&c.Total, "none", "estimate", "accurate")
		case "_contained":
			err = oneOf(&c.Contained, "true", "false", "both")
		case "_containedType":
			err = oneOf(&c.ContainedType, "container", "contained")
		case "_pretty":
			err = oneOf(&c.Pretty, "true", "false")
		case "_format":
			c.Format = raw
		case "_elements":
			for _, e := range strings.Split(raw, ",") {
				if !validElementName(e) {
					return invalid("%q is not an element name", e)
				}
				c.Elements = append(c.Elements, e)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func validElementName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !(letter || i > 0 && (c >= '0' && c <= '9' || c == '_' || c == '.')) {
			return false
		}
	}
	return true
}

func (r *Registry) parseSort(query *Query, key, raw string, opt ParseOptions, drop func(*Error) error) error {
	supported := opt.Supported
	for _, k := range strings.Split(raw, ",") {
		code, desc := strings.CutPrefix(k, "-")
		if code == "" {
			return newError(ErrInvalidValue, key, raw, "invalid value %q for _sort: expected codes separated by commas, each optionally prefixed with -", raw)
		}
		def, ok := r.Lookup(query.ResourceType, code)
		var e *Error
		switch {
		case !ok:
			e = newError(ErrUnknownParameter, key, code, "unknown search parameter %q in _sort for %s", code, query.ResourceType)
		case def.Unsupported != "":
			e = newError(ErrUnsupported, key, code, "sorting by %q is not supported: %s", code, def.Unsupported)
		case supported != nil && !supported(code):
			e = newError(ErrUnsupported, key, code, "sorting by %q is not supported: this server does not offer it", code)
		case def.Type == TypeComposite:
			e = newError(ErrUnsupported, key, code, "sorting by composite parameter %q is not supported", code)
		}
		if e != nil {
			if err := drop(e); err != nil {
				return err
			}
			continue
		}
		query.Control.Sort = append(query.Control.Sort, SortKey{Code: code, Descending: desc, Def: def, loc: opt.Location})
	}
	return nil
}

// parseInclude reads Source:param[:Target], checking that param is a
// reference parameter of Source that may point to Target.
func (r *Registry) parseInclude(query *Query, key, name, raw string, iterate bool, drop func(*Error) error) error {
	parts := strings.Split(raw, ":")
	if len(parts) < 2 || len(parts) > 3 || parts[0] == "" || parts[1] == "" || len(parts) == 3 && parts[2] == "" {
		return newError(ErrInvalidValue, key, raw, "invalid value %q for %s: expected Type:parameter or Type:parameter:TargetType", raw, key)
	}
	in := Include{Source: parts[0], Param: parts[1], Iterate: iterate}
	if len(parts) == 3 {
		in.Target = parts[2]
	}
	var e *Error
	if _, served := r.defs[in.Source]; !served {
		e = newError(ErrUnsupported, key, raw, "%s=%s is not supported: %s is not a served resource type", key, raw, in.Source)
	} else if name == "_include" && !iterate && in.Source != query.ResourceType {
		return newError(ErrInvalidValue, key, raw, "invalid value %q for %s: it must start with %s, the type searched (or use %s:iterate)", raw, key, query.ResourceType, name)
	} else if name == "_revinclude" && in.Target != "" && in.Target != query.ResourceType && !iterate {
		return newError(ErrInvalidValue, key, raw, "invalid value %q for %s: the target must be %s, the type searched", raw, key, query.ResourceType)
	} else if in.Param != "*" {
		def, ok := r.Lookup(in.Source, in.Param)
		switch {
		case !ok:
			e = newError(ErrUnknownParameter, key, raw, "unknown search parameter %q for %s in %s", in.Param, in.Source, key)
		case def.Type != TypeReference:
			return newError(ErrInvalidValue, key, raw, "invalid value %q for %s: %q is a %s parameter, not a reference", raw, key, in.Param, def.Type)
		case in.Target != "" && !slices.Contains(def.Targets, in.Target):
			return newError(ErrInvalidValue, key, raw, "invalid value %q for %s: %s.%s does not refer to %s", raw, key, in.Source, in.Param, in.Target)
		}
	}
	if e != nil {
		return drop(e)
	}
	if name == "_include" {
		query.Control.Include = append(query.Control.Include, in)
	} else {
		query.Control.RevInclude = append(query.Control.RevInclude, in)
	}
	return nil
}
