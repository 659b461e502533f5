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
	raw, err := subset(r.Raw, func(name string) bool { return name == "id" || keep(name) })
	if err != nil {
		return nil, fmt.Errorf("subsetting %s/%s: %w", r.Type, r.ID, err)
	}
	if len(raw) == len(r.Raw) && (len(raw) == 0 || &raw[0] == &r.Raw[0]) {
		return r, nil // nothing was left out
	}
	out := *r
	out.Raw = raw
	out.spans = spans{}
	if !slices.Contains(out.Meta.Tag, SubsettedTag()) {
		out.Meta.Tag = append(slices.Clone(out.Meta.Tag), SubsettedTag())
	}
	return &out, nil
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
