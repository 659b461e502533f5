package fhir

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/go-json-experiment/json/jsontext"
)

// Rewrite says how a source's resource is changed on its way into a merged
// view: a new id, rewritten references, and meta naming its controller.
// Everything else in the resource keeps its exact bytes.
type Rewrite struct {
	// ID replaces the resource's id; "" keeps it.
	ID string
	// Reference maps a reference string to its replacement; returning false
	// keeps it. Nil keeps every reference.
	Reference func(ref string) (string, bool)
	// Controller, when set, is added to meta.tag unless the resource already
	// carries a tag in the ODS code system, which happens when it comes
	// from another shared care record that has named the controller.
	Controller *Coding
	// Source replaces meta.source; "" keeps it.
	Source string
}

// edit replaces raw[at.start:at.end] with with. An empty span inserts at
// at.start.
type edit struct {
	at   span
	with []byte
}

// Rewrite returns a copy of r with rw applied. It splices new values into
// the original bytes at the positions found by Parse, so it costs one copy
// of the resource and never re-encodes what it does not change. The result
// is a resource for output: rewriting it again is not supported and returns
// an error.
func (r *Resource) Rewrite(rw Rewrite) (*Resource, error) {
	if r.spans.resourceType == (span{}) {
		return nil, fmt.Errorf("rewriting %s/%s: the resource was already rewritten", r.Type, r.ID)
	}
	out := *r
	out.spans = spans{}
	edits := make([]edit, 0, 4)

	if rw.ID != "" {
		out.ID = rw.ID
		if r.spans.id != (span{}) {
			edits = append(edits, edit{at: r.spans.id, with: appendString(nil, rw.ID)})
		} else {
			at := span{r.spans.resourceType.end, r.spans.resourceType.end}
			edits = append(edits, edit{at: at, with: appendString([]byte(`,"id":`), rw.ID)})
		}
	}

	if rw.Controller != nil || rw.Source != "" {
		meta, m, err := r.rewriteMeta(rw)
		if err != nil {
			return nil, err
		}
		out.Meta = m
		if r.spans.meta != (span{}) {
			edits = append(edits, edit{at: r.spans.meta, with: meta})
		} else {
			// Put a new meta where readers expect it: after id, or after
			// resourceType when there is no id.
			after := r.spans.resourceType.end
			if r.spans.id != (span{}) {
				after = r.spans.id.end
			}
			edits = append(edits, edit{at: span{after, after}, with: append([]byte(`,"meta":`), meta...)})
		}
	}

	if rw.Reference != nil && len(r.spans.refs) > 0 {
		out.PatientRefs = nil
		var scratch []byte
		for _, ref := range r.spans.refs {
			var err error
			scratch, err = jsontext.AppendUnquote(scratch[:0], r.Raw[ref.value.start:ref.value.end])
			if err != nil {
				return nil, fmt.Errorf("rewriting a reference in %s/%s: %w", r.Type, r.ID, err)
			}
			if to, ok := rw.Reference(string(scratch)); ok {
				edits = append(edits, edit{at: ref.value, with: appendString(nil, to)})
			}
		}
		for _, p := range r.PatientRefs {
			if to, ok := rw.Reference(p); ok {
				p = to
			}
			out.PatientRefs = append(out.PatientRefs, p)
		}
	}

	var applied []edit
	out.Raw, applied = splice(r.Raw, edits)
	// The rewritten resource carries its references' new places, so that
	// masking it needs no second parse. Its other spans stay zero: it is
	// not rewritten again. A reference inside meta (in an extension) is
	// lost when meta is rebuilt; masking such a resource parses it again.
	if refs, lost := relocate(r.spans.refs, applied); !lost {
		out.spans = spans{refs: refs, located: true}
	}
	return &out, nil
}

// appendString appends s as a JSON string. AppendQuote reports invalid
// UTF-8 but still writes it, replaced with U+FFFD, which is what output
// should carry; every string written here came from validated input anyway.
func appendString(dst []byte, s string) []byte {
	dst, _ = jsontext.AppendQuote(dst, s)
	return dst
}

// rewriteMeta rebuilds the meta object member by member, keeping every member
// it does not change in its original bytes and order.
func (r *Resource) rewriteMeta(rw Rewrite) ([]byte, Meta, error) {
	m := r.Meta
	m.Tag = slices.Clone(m.Tag)
	addTag := rw.Controller != nil
	if addTag {
		for _, t := range m.Tag {
			if t.System == ODSSystem {
				addTag = false
				break
			}
		}
	}
	if addTag {
		m.Tag = append(m.Tag, *rw.Controller)
	}
	if rw.Source != "" {
		m.Source = rw.Source
	}
	var tag *Coding
	if addTag {
		tag = rw.Controller
	}
	var metaRaw []byte
	if r.spans.meta != (span{}) {
		metaRaw = r.Raw[r.spans.meta.start:r.spans.meta.end]
	}
	b, err := rebuildMeta(metaRaw, rw.Source, tag)
	return b, m, err
}

// rebuildMeta rebuilds a meta object member by member: source replaced
// when source is set, tag appended to meta.tag when tag is set, and every
// other member kept in its original bytes and order. metaRaw may be nil
// (no meta yet). It writes into one buffer: every resource of a view passes
// through here.
func rebuildMeta(metaRaw []byte, source string, tag *Coding) ([]byte, error) {
	var tagJSON []byte
	if tag != nil {
		var err error
		if tagJSON, err = appendCoding(nil, *tag); err != nil {
			return nil, fmt.Errorf("encoding a meta tag: %w", err)
		}
	}
	b := make([]byte, 0, len(metaRaw)+len(source)+len(tagJSON)+32)
	b = append(b, '{')
	n := 0
	// member starts a member; its value is appended next.
	member := func(name []byte) {
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b, _ = jsontext.AppendQuote(b, name)
		b = append(b, ':')
	}
	sawTag, sawSource := false, false
	if metaRaw != nil {
		dec := jsontext.NewDecoder(bytes.NewBuffer(metaRaw)) // parsed in place, not copied
		if _, err := dec.ReadToken(); err != nil {
			return nil, fmt.Errorf("reading meta: %w", err)
		}
		var name []byte
		for dec.PeekKind() == '"' {
			quoted, err := dec.ReadValue() // the member's name
			if err != nil {
				return nil, fmt.Errorf("reading meta: %w", err)
			}
			if name, err = jsontext.AppendUnquote(name[:0], quoted); err != nil {
				return nil, fmt.Errorf("reading meta: %w", err)
			}
			v, err := dec.ReadValue()
			if err != nil {
				return nil, fmt.Errorf("reading meta.%s: %w", name, err)
			}
			member(name)
			switch {
			case string(name) == "source" && source != "":
				sawSource = true
				b, _ = jsontext.AppendQuote(b, source)
			case string(name) == "tag" && tag != nil:
				sawTag = true
				b = appendToArray(b, v, tagJSON)
			default:
				b = append(b, v...)
			}
		}
	}
	if source != "" && !sawSource {
		member([]byte("source"))
		b, _ = jsontext.AppendQuote(b, source)
	}
	if tag != nil && !sawTag {
		member([]byte("tag"))
		b = append(append(append(b, '['), tagJSON...), ']')
	}
	return append(b, '}'), nil
}

// appendCoding appends c as JSON, as json.Marshal writes it: members in
// order, empty ones left out.
func appendCoding(dst []byte, c Coding) ([]byte, error) {
	dst = append(dst, '{')
	first := true
	for _, m := range [...]struct{ name, value string }{{"system", c.System}, {"code", c.Code}, {"display", c.Display}} {
		if m.value == "" {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = append(dst, '"')
		dst = append(dst, m.name...)
		dst = append(dst, '"', ':')
		var err error
		if dst, err = jsontext.AppendQuote(dst, m.value); err != nil {
			return nil, err
		}
	}
	return append(dst, '}'), nil
}

// appendToArray appends to dst a copy of the JSON array arr with elem
// added at the end.
func appendToArray(dst []byte, arr jsontext.Value, elem []byte) []byte {
	trimmed := bytes.TrimRight(arr, " \t\r\n")
	body := bytes.TrimSpace(trimmed[1 : len(trimmed)-1])
	dst = append(dst, '[')
	if len(body) > 0 {
		dst = append(dst, body...)
		dst = append(dst, ',')
	}
	dst = append(dst, elem...)
	return append(dst, ']')
}
