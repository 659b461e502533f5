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
// anything was masked. It works on parsed, rewritten and masked resources
// alike, from the references they carry; only a Subset is parsed again.
func MaskReferences(r *Resource, masked func(ref string) bool) (*Resource, bool, error) {
	src := r
	if !src.spans.located {
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
	var applied []edit
	out.Raw, applied = splice(src.Raw, edits)
	// The references inside masked objects are gone with them.
	refs, _ := relocate(src.spans.refs, applied)
	out.spans = spans{refs: refs, located: true}
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

// splice applies non-overlapping edits, sorted by position, to raw, and
// returns the result with the edits it applied, in order: an edit nested in
// one applied before it is not applied.
func splice(raw []byte, edits []edit) ([]byte, []edit) {
	slices.SortStableFunc(edits, func(a, b edit) int { return a.at.start - b.at.start })
	size := len(raw)
	applied := edits[:0]
	pos := 0
	for _, e := range edits {
		if e.at.start < pos {
			continue // nested in an edit already made
		}
		size += len(e.with) - (e.at.end - e.at.start)
		applied = append(applied, e)
		pos = max(pos, e.at.end)
	}
	buf := make([]byte, 0, size)
	pos = 0
	for _, e := range applied {
		buf = append(buf, raw[pos:e.at.start]...)
		buf = append(buf, e.with...)
		pos = e.at.end
	}
	return append(buf, raw[pos:]...), applied
}

// firstEndingAfter returns the index of the first applied edit that ends
// after offset p (len(applied) when none does). Applied edits do not
// overlap, so their ends are in order too.
func firstEndingAfter(applied []edit, p int) int {
	k, _ := slices.BinarySearchFunc(applied, p, func(e edit, p int) int {
		if e.at.end <= p {
			return -1
		}
		return 1
	})
	return k
}

// relocate returns where refs sit after the applied edits (sorted and
// non-overlapping, as splice returns them). A reference whose value an edit
// replaced exactly keeps its place with the new value's span; one inside a
// larger edit is gone, and relocate reports that it lost some.
func relocate(refs []refSpan, applied []edit) ([]refSpan, bool) {
	if len(applied) == 0 {
		return refs, false
	}
	// shift[k] is how far the edits before applied[k] moved what follows
	// them.
	shift := make([]int, len(applied)+1)
	for k, e := range applied {
		shift[k+1] = shift[k] + len(e.with) - (e.at.end - e.at.start)
	}
	// moved maps an offset that no edit covers, or the end of one that
	// replaced a value, to the output: the edits ending at or before it
	// shift it.
	moved := func(p int) int { return p + shift[firstEndingAfter(applied, p)] }
	out := make([]refSpan, 0, len(refs))
	lost := false
	for _, ref := range refs {
		// The first edit that ends after the value starts either replaced
		// the value, covers it, or comes after it.
		if k := firstEndingAfter(applied, ref.value.start); k < len(applied) && applied[k].at.start <= ref.value.start && applied[k].at != ref.value {
			lost = true
			continue
		}
		ref.value = span{moved(ref.value.start), moved(ref.value.end)}
		if ref.object.end > 0 {
			ref.object = span{moved(ref.object.start), moved(ref.object.end)}
		}
		out = append(out, ref)
	}
	return out, lost
}
