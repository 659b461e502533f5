package federation

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/shcr/shcr/fhir"
)

func unmarshalAny(raw []byte, v *any) error { return json.Unmarshal(raw, v) }

// merge combines the members' results into one View: the merged Patient
// first (for $everything and patient reads), then the matches in the
// request's Order, then the included supporting resources by type and id.
// Identical federated ids (a source returning one record twice) appear
// once.
func (e *Engine) merge(req Request, results []memberResult) (*View, error) {
	order := req.order()
	v := &View{NHSNumber: req.NHSNumber, Order: order}
	var parts []patientPart
	var matches, includes []Entry
	for _, r := range results {
		v.Sources = append(v.Sources, r.outcome)
		for _, p := range r.patients {
			parts = append(parts, patientPart{m: r.m, res: p})
		}
		for _, en := range r.entries {
			if en.Include {
				includes = append(includes, en)
			} else {
				matches = append(matches, en)
			}
		}
	}
	if (req.Everything || req.Type == "Patient") && len(parts) > 0 {
		p, refs, err := mergePatient(req.NHSNumber, parts)
		if err != nil {
			return nil, err
		}
		ids := make([]string, 0, len(parts))
		for _, pt := range parts {
			if !slices.Contains(ids, pt.m.ID) {
				ids = append(ids, pt.m.ID)
			}
		}
		en := Entry{Resource: p, SourceIDs: ids, Refs: refs}
		if req.Filter == nil || req.Filter(&en) {
			v.Entries = append(v.Entries, en)
		}
	}
	slices.SortFunc(matches, func(a, b Entry) int { return order.Compare(a.Position(), b.Position()) })
	sortIncludes(includes)
	v.Entries = append(v.Entries, dedup(matches)...)
	v.Entries = append(v.Entries, dedup(includes)...)
	return v, nil
}

// sortIncludes orders included resources by type and federated id.
func sortIncludes(es []Entry) {
	slices.SortFunc(es, func(a, b Entry) int {
		return cmp.Or(cmp.Compare(a.Resource.Type, b.Resource.Type), cmp.Compare(a.Resource.ID, b.Resource.ID))
	})
}

// dedup drops entries whose type and id repeat the previous entry's; the
// input is sorted so repeats are adjacent.
func dedup(es []Entry) []Entry {
	return slices.CompactFunc(es, func(a, b Entry) bool {
		return a.Resource.Type == b.Resource.Type && a.Resource.ID == b.Resource.ID
	})
}

// patientPart is one source's Patient record for the patient.
type patientPart struct {
	m   *member
	res *fhir.Resource
}

// kindRank orders organisation kinds by how authoritative their
// demographics are: the GP registration is where a person's details are
// kept up to date, and PDS-sourced, so it comes first.
func kindRank(kind string) int {
	switch kind {
	case "gp":
		return 0
	case "acute":
		return 1
	case "community":
		return 2
	case "mental-health":
		return 3
	case "social-care":
		return 4
	}
	return 5
}

// mergePatient builds the federated Patient: the demographics of the most
// authoritative source's record (see kindRank; configuration order breaks
// ties), the union of every record's identifiers, a link to each source's
// own record, and meta naming every controller, carrying every security
// label and the latest lastUpdated.
func mergePatient(nhs string, parts []patientPart) (*fhir.Resource, []string, error) {
	parts = slices.Clone(parts)
	slices.SortStableFunc(parts, func(a, b patientPart) int {
		return cmp.Compare(kindRank(a.m.Organisation.Kind), kindRank(b.m.Organisation.Kind))
	})
	base := parts[0]
	locals := []string{}
	for _, p := range parts {
		if p.m == base.m {
			locals = append(locals, p.res.ID)
		}
	}
	mapRef := referenceMapper(base.m.ID, nhs, locals)
	rewritten, err := base.res.Rewrite(fhir.Rewrite{Reference: mapRef})
	if err != nil {
		return nil, nil, fmt.Errorf("merging patient records: %w", err)
	}
	members, err := objectMembers(rewritten.Raw)
	if err != nil {
		return nil, nil, fmt.Errorf("merging patient records: %w", err)
	}

	// Identifiers: every record's, each system|value once, in source order.
	type identKey struct{ system, value string }
	var idents []jsontext.Value
	seen := map[identKey]bool{}
	for _, p := range parts {
		var list []jsontext.Value
		if raw := memberValue(p.res.Raw, "identifier"); raw != nil {
			if err := json.Unmarshal(raw, &list); err != nil {
				return nil, nil, fmt.Errorf("merging patient identifiers: %w", err)
			}
		}
		for _, it := range list {
			var k struct {
				System string `json:"system"`
				Value  string `json:"value"`
			}
			if err := json.Unmarshal(it, &k); err != nil {
				return nil, nil, fmt.Errorf("merging patient identifiers: %w", err)
			}
			if !seen[identKey{k.System, k.Value}] {
				seen[identKey{k.System, k.Value}] = true
				idents = append(idents, it)
			}
		}
	}

	type reference struct {
		Reference string `json:"reference"`
		Display   string `json:"display,omitempty"`
	}
	type link struct {
		Other reference `json:"other"`
		Type  string    `json:"type"`
	}
	var links []link
	var tags []fhir.Coding
	var security []fhir.Coding
	var profiles []string
	var latest time.Time
	for _, p := range parts {
		links = append(links, link{Other: reference{Reference: "Patient/" + FederatedID(p.m.ID, p.res.ID), Display: p.m.Organisation.Name}, Type: "seealso"})
		// A record from another shared care record already names its
		// controllers; keep those rather than naming the record in between.
		controllers := []fhir.Coding{{System: fhir.ODSSystem, Code: p.m.Organisation.ODS, Display: p.m.Organisation.Name}}
		if remote := odsTags(p.res.Meta.Tag); len(remote) > 0 {
			controllers = remote
		}
		for _, tag := range controllers {
			if !slices.Contains(tags, tag) {
				tags = append(tags, tag)
			}
		}
		for _, s := range p.res.Meta.Security {
			if !slices.Contains(security, s) {
				security = append(security, s)
			}
		}
		if t, err := fhir.ParseDateTime(p.res.Meta.LastUpdated); err == nil && t.After(latest) {
			latest = t
		}
	}
	for _, t := range base.res.Meta.Tag {
		if t.System != fhir.ODSSystem && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	profiles = base.res.Meta.Profile
	meta := struct {
		LastUpdated string        `json:"lastUpdated,omitempty"`
		Source      string        `json:"source"`
		Profile     []string      `json:"profile,omitempty"`
		Security    []fhir.Coding `json:"security,omitempty"`
		Tag         []fhir.Coding `json:"tag"`
	}{Source: "urn:shcr:federation", Profile: profiles, Security: security, Tag: tags}
	if !latest.IsZero() {
		meta.LastUpdated = latest.UTC().Format(time.RFC3339Nano)
	}

	set := func(name string, v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("merging patient %s: %w", name, err)
		}
		members = setMember(members, name, b)
		return nil
	}
	members = setMember(members, "id", mustString(nhs))
	if err := set("meta", meta); err != nil {
		return nil, nil, err
	}
	if err := set("identifier", idents); err != nil {
		return nil, nil, err
	}
	if err := set("link", links); err != nil {
		return nil, nil, err
	}
	out := buildObject(members)
	r, err := fhir.Parse(out, fhir.Limits{MaxBytes: len(out) + 1, MaxDepth: fhir.DefaultLimits().MaxDepth})
	if err != nil {
		return nil, nil, fmt.Errorf("merging patient records: the result is invalid: %w", err)
	}
	return r, federatedRefs(base.res, mapRef), nil
}

// odsTags returns the controller tags among meta tags.
func odsTags(tags []fhir.Coding) []fhir.Coding {
	var out []fhir.Coding
	for _, t := range tags {
		if t.System == fhir.ODSSystem {
			out = append(out, t)
		}
	}
	return out
}

// kv is one member of a JSON object, its value kept as raw bytes.
type kv struct {
	name  string
	value []byte
}

// objectMembers splits a JSON object into its members, in order.
func objectMembers(raw []byte) ([]kv, error) {
	dec := jsontext.NewDecoder(bytes.NewBuffer(raw)) // parsed in place, not copied
	if _, err := dec.ReadToken(); err != nil {
		return nil, err
	}
	var out []kv
	for dec.PeekKind() == '"' {
		tok, err := dec.ReadToken()
		if err != nil {
			return nil, err
		}
		name := tok.String() // the token is only valid until the next read
		v, err := dec.ReadValue()
		if err != nil {
			return nil, err
		}
		out = append(out, kv{name: name, value: bytes.Clone(v)})
	}
	return out, nil
}

// memberValue returns the raw value of a top-level member, or nil.
func memberValue(raw []byte, name string) []byte {
	ms, err := objectMembers(raw)
	if err != nil {
		return nil
	}
	for _, m := range ms {
		if m.name == name {
			return m.value
		}
	}
	return nil
}

// setMember replaces a member's value, or adds the member after id (or at
// the end).
func setMember(ms []kv, name string, value []byte) []kv {
	for i := range ms {
		if ms[i].name == name {
			ms[i].value = value
			return ms
		}
	}
	return append(ms, kv{name: name, value: value})
}

func buildObject(ms []kv) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range ms {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(mustString(m.name))
		b.WriteByte(':')
		b.Write(m.value)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// mustString encodes s as a JSON string; invalid UTF-8 is replaced.
func mustString(s string) []byte {
	b, _ := jsontext.AppendQuote(nil, s)
	return b
}
