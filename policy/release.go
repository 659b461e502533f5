package policy

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shcr/shcr/fhir"
)

// Item is one resource of an answer, as the policy sees it.
type Item struct {
	Resource *fhir.Resource
	// SourceIDs are the sources it came from (several for the merged
	// Patient).
	SourceIDs []string
	Include   bool
}

// demographicElements are the Patient elements administrative users see.
func demographicElements() []string {
	return []string{"identifier", "active", "name", "telecom", "gender", "birthDate", "deceasedBoolean",
		"deceasedDateTime", "address", "generalPractitioner", "link"}
}

// Release applies the decision's obligations to an answer and returns what
// may be released, and whether anything was held back (from a pruned
// source, a withheld item, sensitive data, a type the principal may not
// receive, or a scope's query). It runs on the merged view, before paging,
// so totals count only what is released; references in released resources
// to anything held back are masked so they reveal nothing. Any error means
// nothing may be released.
func (d Decision) Release(items []Item) ([]Item, bool, error) {
	if d.Effect != Permit {
		return nil, false, fmt.Errorf("releasing under a decision that does not permit")
	}
	held := len(d.Pruned) > 0
	removed := map[string]bool{}
	kept := make([]Item, 0, len(items))
	for _, it := range items {
		r := it.Resource
		key := r.Type + "/" + r.ID
		ok, err := d.releasable(it)
		if err != nil {
			return nil, false, err
		}
		if !ok {
			removed[key] = true
			held = true
			continue
		}
		if d.DemographicsOnly && r.Type == "Patient" {
			sub, err := fhir.Subset(r, func(e string) bool { return slices.Contains(demographicElements(), e) })
			if err != nil {
				return nil, false, err
			}
			if sub != r {
				held = true
			}
			it.Resource = sub
		}
		kept = append(kept, it)
	}
	hidden := func(ref string) bool {
		if removed[ref] || d.withheld[ref] {
			return true
		}
		typ, id, ok := fhir.SplitReference(ref)
		if !ok {
			return false
		}
		src, _, fed := strings.Cut(id, ".")
		return fed && typ != "Patient" && !d.AllowType(src, typ)
	}
	for i, it := range kept {
		masked, changed, err := fhir.MaskReferences(it.Resource, hidden)
		if err != nil {
			return nil, false, err
		}
		if changed {
			kept[i].Resource = masked
		}
	}
	return kept, held, nil
}

// releasable reports whether one resource may be released.
func (d Decision) releasable(it Item) (bool, error) {
	r := it.Resource
	if d.withheld[r.Type+"/"+r.ID] {
		return false, nil
	}
	if d.DemographicsOnly && r.Type != "Patient" && !supportingType(r.Type) {
		return false, nil
	}
	for _, src := range it.SourceIDs {
		if _, pruned := d.Pruned[src]; pruned {
			return false, nil
		}
		if r.Type != "Patient" && !d.AllowType(src, r.Type) {
			return false, nil
		}
	}
	if d.sensitiveHidden(it) {
		return false, nil
	}
	if d.interaction != 0 && !supportingType(r.Type) {
		g := grant(d.scopes, d.scopeCtx, r.Type, d.interaction)
		if r.Type == "Patient" {
			g = mergeGrant(g, grant(d.scopes, d.scopeCtx, r.Type, Read))
		}
		if !g.Allowed {
			return false, nil
		}
		if len(g.Queries) > 0 {
			match := false
			for _, q := range g.Queries {
				m, err := d.d.matcher(r.Type, q)
				if err != nil {
					return false, fmt.Errorf("applying a scope's query: %w", err)
				}
				ok, err := m(r.Raw)
				if err != nil {
					return false, fmt.Errorf("applying a scope's query: %w", err)
				}
				if ok {
					match = true
					break
				}
			}
			if !match {
				return false, nil
			}
		}
	}
	return true, nil
}

func mergeGrant(a, b ScopeGrant) ScopeGrant {
	switch {
	case a.Allowed && len(a.Queries) == 0, b.Allowed && len(b.Queries) == 0:
		return ScopeGrant{Allowed: true}
	}
	return ScopeGrant{Allowed: a.Allowed || b.Allowed, Queries: append(slices.Clone(a.Queries), b.Queries...)}
}

// sensitiveHidden applies the sensitive-data rule: a resource with a
// sensitive security label or code is hidden unless the principal's role
// is allowed that label, or they work for the organisation that controls
// it (whose own system shows it to them anyway).
func (d Decision) sensitiveHidden(it Item) bool {
	labels := d.d.sensitiveLabels(it.Resource)
	if len(labels) == 0 {
		return false
	}
	for _, src := range it.SourceIDs {
		if s, ok := d.d.sources[src]; ok && s.ODS == d.principal.Organisation && professional(d.principal.Role) {
			return false
		}
	}
	for _, l := range labels {
		if !d.d.sensitiveAllowed(d.principal.Role, l) {
			return true
		}
	}
	return false
}

// The code systems of security labels.
const (
	confidentialitySystem = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
	actCodeSystem         = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
)

// sensitiveLabels lists why a resource is sensitive: its configured
// security labels, and "code" if it carries a configured sensitive code.
func (d *Decider) sensitiveLabels(r *fhir.Resource) []string {
	var out []string
	for _, s := range r.Meta.Security {
		if (s.System == confidentialitySystem || s.System == actCodeSystem) && slices.Contains(d.cfg.Sensitive.Labels, s.Code) {
			out = append(out, s.Code)
		}
	}
	for _, c := range r.Codes {
		if slices.Contains(d.cfg.Sensitive.Codes, CodeRef{System: c.System, Code: c.Code}) {
			out = append(out, "code")
			break
		}
	}
	return out
}

func (d *Decider) sensitiveAllowed(role Role, label string) bool {
	for _, a := range d.cfg.Sensitive.Allow {
		if slices.Contains(a.Roles, role) && (slices.Contains(a.Labels, "*") || slices.Contains(a.Labels, label)) {
			return true
		}
	}
	return false
}
