package fhir

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// summaryRow is one row of summaryTable (summary_gen.go).
type summaryRow struct {
	typ                string
	summary, mandatory []string
}

// summaryOf returns the summary table row of a resource type.
func summaryOf(resourceType string) (summaryRow, bool) {
	i := sort.Search(len(summaryTable), func(i int) bool { return summaryTable[i].typ >= resourceType })
	if i < len(summaryTable) && summaryTable[i].typ == resourceType {
		return summaryTable[i], true
	}
	return summaryRow{}, false
}

// SubsettedTag is the meta.tag that FHIR requires on a resource returned
// with some of its elements left out, so that no one takes it for the
// whole record (or writes it back over the whole record).
func SubsettedTag() Coding {
	return Coding{System: "http://terminology.hl7.org/CodeSystem/v3-ObservationValue", Code: "SUBSETTED", Display: "subsetted"}
}

// Summarize returns a resource's JSON reduced as _summary asks, working on
// its top-level members without decoding the rest:
//
//   - "true": the elements the R4 base definition marks isSummary (id and
//     meta among them);
//   - "text": text, id, meta and the mandatory top-level elements;
//   - "data": everything but text;
//   - "false" or "": the resource unchanged.
//
// Nested elements are not trimmed: a summary element keeps all of its
// content. resourceType is always kept, and so is meta, which carries the
// controller tag. When anything is left out, meta.tag gains SubsettedTag.
// "count" is not a resource shape and is an error here.
func Summarize(raw []byte, resourceType, mode string) ([]byte, error) {
	var keep func(string) bool
	switch mode {
	case "", "false":
		return raw, nil
	case "data":
		keep = func(name string) bool { return name != "text" }
	case "true", "text":
		row, ok := summaryOf(resourceType)
		if !ok {
			return nil, fmt.Errorf("summarising a %s: not an R4 resource type", truncate(resourceType, 64))
		}
		if mode == "true" {
			keep = func(name string) bool { return slices.Contains(row.summary, name) }
		} else {
			keep = func(name string) bool {
				return name == "text" || name == "id" || slices.Contains(row.mandatory, name)
			}
		}
	default:
		return nil, fmt.Errorf("_summary=%s does not describe a resource's elements", truncate(mode, 16))
	}
	return subset(raw, keep)
}

// SelectElements returns a resource's JSON with only the top-level
// elements that _elements names, plus what R4 says a server should return
// anyway: id, meta (with the controller tag) and the mandatory elements.
// Names are element names as in the base definition ("effective" selects
// effectiveDateTime or effectivePeriod); names the type does not have are
// ignored. When anything is left out, meta.tag gains SubsettedTag.
func SelectElements(raw []byte, resourceType string, elements []string) ([]byte, error) {
	row, ok := summaryOf(resourceType)
	if !ok {
		return nil, fmt.Errorf("selecting elements of a %s: not an R4 resource type", truncate(resourceType, 64))
	}
	return subset(raw, func(name string) bool {
		if name == "id" || slices.Contains(row.mandatory, name) {
			return true
		}
		for _, e := range elements {
			if name == e || isChoiceName(name, e) {
				return true
			}
		}
		return false
	})
}

// isChoiceName reports whether a JSON member name is choice element
// base with its type suffix (effectiveDateTime for effective).
func isChoiceName(name, base string) bool {
	rest, ok := strings.CutPrefix(name, base)
	return ok && rest != "" && rest[0] >= 'A' && rest[0] <= 'Z'
}

// subset keeps the top-level members for which keep is true, with
// resourceType and meta always kept and each primitive's "_name"
// extension member following its element, and tags the result SUBSETTED
// when anything was left out.
func subset(raw []byte, keep func(string) bool) ([]byte, error) {
	dec := jsontext.NewDecoder(bytes.NewBuffer(raw)) // parsed in place, not copied
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return nil, fmt.Errorf("subsetting a resource: not a JSON object")
	}
	type member struct {
		name  string
		value []byte
	}
	var kept []member
	var meta []byte
	dropped := false
	for dec.PeekKind() == '"' {
		tok, err := dec.ReadToken()
		if err != nil {
			return nil, fmt.Errorf("subsetting a resource: %w", err)
		}
		name := tok.String()
		v, err := dec.ReadValue()
		if err != nil {
			return nil, fmt.Errorf("subsetting a resource: %w", err)
		}
		// v is valid only until the next read; the same bytes of raw are not.
		end := int(dec.InputOffset())
		v = raw[end-len(v) : end]
		switch {
		case name == "meta":
			meta = v
			kept = append(kept, member{name: name})
		case name == "resourceType" || keep(strings.TrimPrefix(name, "_")):
			kept = append(kept, member{name: name, value: v})
		default:
			dropped = true
		}
	}
	if !dropped {
		return raw, nil
	}
	tagged, err := addTag(meta, SubsettedTag())
	if err != nil {
		return nil, fmt.Errorf("subsetting a resource: %w", err)
	}
	out := make([]byte, 0, len(raw))
	out = append(out, '{')
	wroteMeta := false
	for i, m := range kept {
		if i > 0 {
			out = append(out, ',')
		}
		out = appendString(out, m.name)
		out = append(out, ':')
		if m.name == "meta" {
			out = append(out, tagged...)
			wroteMeta = true
		} else {
			out = append(out, m.value...)
		}
		// A resource without meta gets one after its id (or first member).
		if !wroteMeta && meta == nil && (m.name == "id" || i == len(kept)-1) {
			out = append(out, `,"meta":`...)
			out = append(out, tagged...)
			wroteMeta = true
		}
	}
	return append(out, '}'), nil
}

// addTag returns the meta object with tag added to meta.tag, unless an
// equal tag is there already; a nil meta gives a new one.
func addTag(meta []byte, tag Coding) ([]byte, error) {
	if meta != nil {
		var m Meta
		if err := json.Unmarshal(meta, &m); err != nil {
			return nil, fmt.Errorf("reading meta: %w", err)
		}
		for _, t := range m.Tag {
			if t.System == tag.System && t.Code == tag.Code {
				return meta, nil
			}
		}
	}
	return rebuildMeta(meta, "", &tag)
}
