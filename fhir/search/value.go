package search

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shcr/shcr/fhir/fhirpath"
)

var (
	errEmptyInList       = errors.New("a comma-separated list has an empty item")
	errTrailingBackslash = errors.New(`it ends with a lone "\"`)
)

type escapeError struct{ c byte }

func (e *escapeError) Error() string {
	return fmt.Sprintf(`"\%c" is not an escape: only \, \$ \| and \\ are`, e.c)
}

// specialValuesSystem is the implicit code system of FHIR booleans.
const specialValuesSystem = "http://hl7.org/fhir/special-values"

// parseValue reads one OR value of a parameter.
func parseValue(def Definition, modifier, raw string, loc *time.Location) (Value, error) {
	if modifier == "missing" {
		s, err := unescape(raw)
		if err != nil {
			return Value{}, err
		}
		switch s {
		case "true", "false":
			return Value{Raw: raw, Missing: s == "true"}, nil
		}
		return Value{}, errors.New("expected true or false")
	}
	if def.Type != TypeComposite {
		return parseTyped(def, def.Type, modifier, raw, loc)
	}
	parts, err := splitUnescaped(raw, '$')
	if err != nil {
		return Value{}, err
	}
	if len(parts) != len(def.Components) {
		codes := make([]string, len(def.Components))
		for i, c := range def.Components {
			codes[i] = c.Code
		}
		return Value{}, fmt.Errorf("expected %d parts separated by $ (%s), got %d", len(def.Components), strings.Join(codes, "$"), len(parts))
	}
	v := Value{Raw: raw}
	for i, part := range parts {
		c := def.Components[i]
		cdef := Definition{Code: c.Code, Type: c.Type, Comparators: []string{"eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap"}}
		cv, err := parseTyped(cdef, c.Type, "", part, loc)
		if err != nil {
			return Value{}, fmt.Errorf("its %s part %q: %w", c.Code, part, err)
		}
		v.Components = append(v.Components, cv)
	}
	return v, nil
}

// parseTyped reads a value of parameter type t.
func parseTyped(def Definition, t Type, modifier, raw string, loc *time.Location) (Value, error) {
	v := Value{Raw: raw}
	var err error
	switch t {
	case TypeToken:
		switch modifier {
		case "text":
			if v.Text, err = unescape(raw); err != nil {
				return Value{}, err
			}
			v.folded = fold(v.Text)
		case "of-type":
			parts, err := splitParts(raw, '|')
			if err != nil {
				return Value{}, err
			}
			if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
				return Value{}, errors.New("expected system|code|value: the identifier type's system and code, and the identifier value")
			}
			v.System, v.Code, v.Text, v.HasSystem = parts[0], parts[1], parts[2], true
		default:
			if err := parseToken(&v, raw); err != nil {
				return Value{}, err
			}
			if v.HasSystem && v.System != "" {
				if def.primitiveToken {
					return Value{}, fmt.Errorf("the values of %q are codes without a system in the resource; search for the code alone", def.Code)
				}
				if def.booleanToken && v.System != specialValuesSystem {
					return Value{}, fmt.Errorf("the values of %q are booleans, whose only system is %s", def.Code, specialValuesSystem)
				}
			}
		}
	case TypeString:
		if v.Text, err = unescape(raw); err != nil {
			return Value{}, err
		}
		v.folded = fold(v.Text)
	case TypeURI:
		if v.Text, err = unescape(raw); err != nil {
			return Value{}, err
		}
	case TypeReference:
		if modifier == "identifier" {
			if err := parseToken(&v, raw); err != nil {
				return Value{}, err
			}
			return v, nil
		}
		if err := parseReference(&v, def, modifier, raw); err != nil {
			return Value{}, err
		}
	case TypeDate:
		if v.Prefix, raw, err = cutPrefix(def, raw); err != nil {
			return Value{}, err
		}
		s, err := unescape(raw)
		if err != nil {
			return Value{}, err
		}
		if v.date, err = parseDate(s, loc); err != nil {
			return Value{}, err
		}
		v.Start, v.End = v.date.lo, v.date.hi
	case TypeNumber:
		if v.Prefix, raw, err = cutPrefix(def, raw); err != nil {
			return Value{}, err
		}
		if v.number, err = parseSearchNumber(raw); err != nil {
			return Value{}, err
		}
		v.Number = raw
	case TypeQuantity:
		if v.Prefix, raw, err = cutPrefix(def, raw); err != nil {
			return Value{}, err
		}
		parts, err := splitParts(raw, '|')
		if err != nil {
			return Value{}, err
		}
		switch len(parts) {
		case 1:
		case 3:
			v.System, v.Code, v.HasSystem = parts[1], parts[2], parts[1] != ""
		default:
			return Value{}, errors.New("expected number, or number|system|code (number||code for a code in any system)")
		}
		if v.number, err = parseSearchNumber(parts[0]); err != nil {
			return Value{}, err
		}
		v.Number = parts[0]
	default:
		return Value{}, fmt.Errorf("%s parameters are not supported", t)
	}
	return v, nil
}

// splitParts splits at unescaped sep and unescapes each part.
func splitParts(raw string, sep byte) ([]string, error) {
	parts, err := splitUnescaped(raw, sep)
	if err != nil {
		return nil, err
	}
	for i, p := range parts {
		if parts[i], err = unescape(p); err != nil {
			return nil, err
		}
	}
	return parts, nil
}

// parseToken reads code, system|code, |code or system|.
func parseToken(v *Value, raw string) error {
	parts, err := splitParts(raw, '|')
	if err != nil {
		return err
	}
	switch len(parts) {
	case 1:
		v.Code = parts[0]
	case 2:
		if parts[0] == "" && parts[1] == "" {
			return errors.New("expected code, system|code, |code or system|")
		}
		v.System, v.Code, v.HasSystem = parts[0], parts[1], true
	default:
		return errors.New(`expected code, system|code, |code or system| (escape a "|" in a code as "\|")`)
	}
	return nil
}

// parseReference reads id, Type/id, Type/id/_history/version or an
// absolute URL, checking the type against the modifier and the targets.
func parseReference(v *Value, def Definition, modifier, raw string) error {
	s, err := unescape(raw)
	if err != nil {
		return err
	}
	if strings.Contains(s, "://") || strings.HasPrefix(s, "urn:") {
		v.URL = s
		if rt, ok := fhirpath.LiteralReferenceType(s); ok {
			v.ResourceType = rt
		}
	} else {
		parts := strings.Split(s, "/")
		switch {
		case len(parts) == 1:
			v.ID = parts[0]
		case len(parts) == 2:
			v.ResourceType, v.ID = parts[0], parts[1]
		case len(parts) == 4 && parts[2] == "_history":
			v.ResourceType, v.ID, v.Version = parts[0], parts[1], parts[3]
		default:
			return errors.New("expected an id, Type/id, Type/id/_history/version or an absolute URL")
		}
		if v.ResourceType != "" && !fhirpath.IsResourceType(v.ResourceType) {
			return fmt.Errorf("%q is not a resource type", v.ResourceType)
		}
		if !validID(v.ID) || v.Version != "" && !validID(v.Version) {
			return errors.New("an id is 1 to 64 letters, digits, '-' and '.'")
		}
	}
	if modifier != "" {
		if v.ResourceType != "" && v.ResourceType != modifier {
			return fmt.Errorf("the value refers to %s but the modifier to %s", v.ResourceType, modifier)
		}
		if v.URL == "" {
			v.ResourceType = modifier
		}
	}
	if v.ResourceType != "" && len(def.Targets) > 0 && !slices.Contains(def.Targets, v.ResourceType) {
		return fmt.Errorf("%s is not among the types %q refers to (%s)", v.ResourceType, def.Code, strings.Join(def.Targets, ", "))
	}
	return nil
}

func validID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// cutPrefix removes a comparison prefix from a number, date or quantity.
func cutPrefix(def Definition, raw string) (Prefix, string, error) {
	if len(raw) < 2 {
		return PrefixNone, raw, nil
	}
	p := Prefix(raw[:2])
	switch p {
	case PrefixEq, PrefixNe, PrefixGt, PrefixLt, PrefixGe, PrefixLe, PrefixSa, PrefixEb, PrefixAp:
	default:
		return PrefixNone, raw, nil
	}
	if !slices.Contains(def.Comparators, string(p)) {
		return "", "", fmt.Errorf("the prefix %q is not allowed on %q", p, def.Code)
	}
	return p, raw[2:], nil
}
