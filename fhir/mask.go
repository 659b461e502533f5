package fhir

import (
	"fmt"
	"slices"

	"github.com/go-json-experiment/json/jsontext"
)

// maskedReference replaces a Reference that must not be shown: it keeps the
// element present (so required elements stay valid) and says why its value
// is missing, with no hint of what it pointed at.
const maskedReference = `{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/data-absent-reason","valueCode":"masked"}]}`

// SubsettedTag is the meta.tag FHIR requires on a resource returned with
// some of its elements left out.
func SubsettedTag() Coding {
	return Coding{System: "http://terminology.hl7.org/CodeSystem/v3-ObservationValue", Code: "SUBSETTED", Display: "subsetted"}
}

// MaskReferences returns r with every Reference whose reference string
// masked reports true replaced by a masked data-absent-reason, and whether
// anything was masked. It works on parsed and rewritten resources alike
// (a rewritten one is parsed again, which only happens on this rare path).
func MaskReferences(r *Resource, masked func(ref string) bool) (*Resource, bool, error) {
	src := r
	if src.spans.resourceType == (span{}) {
		var err error
		if src, err = Parse(r.Raw, Limits{MaxBytes: len(r.Raw) + 1, MaxDepth: DefaultLimits().MaxDepth}); err != nil {
			return nil, false, fmt.Errorf("masking references in %s/%s: %w", r.Type, r.ID, err)
		}
	}
	var edits []edit
	var scratch []byte
	for _, ref := range src.spans.refs {
		var err error
		scratch, err = jsontext.AppendUnquote(scratch[:0], src.Raw[ref.value.start:ref.value.end])
		if err != nil {
			return nil, false, fmt.Errorf("masking references in %s/%s: %w", r.Type, r.ID, err)
		}
		if masked(string(scratch)) && ref.object.end > 0 {
			edits = append(edits, edit{at: ref.object, with: []byte(maskedReference)})
		}
	}
	if len(edits) == 0 {
		return r, false, nil
	}
	out := *r
	out.Raw = splice(src.Raw, edits)
	out.spans = spans{}
	out.PatientRefs = slices.DeleteFunc(slices.Clone(r.PatientRefs), masked)
	return &out, true, nil
}

// Subset returns r keeping only the top-level elements keep accepts
// (resourceType, id and meta are always kept) and, when any element was
// left out, the SUBSETTED tag in meta.
func Subset(r *Resource, keep func(element string) bool) (*Resource, error) {
	members, err := topMembers(r.Raw)
	if err != nil {
		return nil, fmt.Errorf("subsetting %s/%s: %w", r.Type, r.ID, err)
	}
	dropped := false
	kept := members[:0:0]
	for _, m := range members {
		switch m.name {
		case "resourceType", "id", "meta":
			kept = append(kept, m)
		default:
			if keep(m.name) {
				kept = append(kept, m)
			} else {
				dropped = true
			}
		}
	}
	if !dropped {
		return r, nil
	}
	meta := r.Meta
	var tag *Coding
	if subsetted := SubsettedTag(); !slices.Contains(meta.Tag, subsetted) {
		tag = &subsetted
		meta.Tag = append(slices.Clone(meta.Tag), subsetted)
	}
	hasMeta := false
	for i := range kept {
		if kept[i].name == "meta" {
			hasMeta = true
			if kept[i].value, err = rebuildMeta(kept[i].value, "", tag); err != nil {
				return nil, fmt.Errorf("subsetting %s/%s: %w", r.Type, r.ID, err)
			}
		}
	}
	if !hasMeta {
		metaJSON, err := rebuildMeta(nil, "", tag)
		if err != nil {
			return nil, fmt.Errorf("subsetting %s/%s: %w", r.Type, r.ID, err)
		}
		kept = slices.Insert(kept, min(2, len(kept)), member{name: "meta", value: metaJSON})
	}
	buf := []byte{'{'}
	for i, m := range kept {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendString(buf, m.name)
		buf = append(buf, ':')
		buf = append(buf, m.value...)
	}
	buf = append(buf, '}')
	out := *r
	out.Raw = buf
	out.Meta = meta
	out.spans = spans{}
	return &out, nil
}

// member is one top-level member of a resource.
type member struct {
	name  string
	value []byte
}

// topMembers splits a resource into its top-level members; the values are
// slices of raw.
func topMembers(raw []byte) ([]member, error) {
	w := walker{raw: raw, maxDepth: DefaultLimits().MaxDepth}
	if err := w.walk(); err != nil {
		return nil, err
	}
	out := make([]member, len(w.top))
	for i, m := range w.top {
		out[i] = member{name: m.name, value: raw[m.value.start:m.value.end]}
	}
	return out, nil
}

// splice applies non-overlapping edits, sorted by position, to raw.
func splice(raw []byte, edits []edit) []byte {
	slices.SortStableFunc(edits, func(a, b edit) int { return a.at.start - b.at.start })
	size := len(raw)
	for _, e := range edits {
		size += len(e.with) - (e.at.end - e.at.start)
	}
	buf := make([]byte, 0, size)
	pos := 0
	for _, e := range edits {
		if e.at.start < pos {
			continue // nested in an edit already made
		}
		buf = append(buf, raw[pos:e.at.start]...)
		buf = append(buf, e.with...)
		pos = e.at.end
	}
	return append(buf, raw[pos:]...)
}
