package policy

import (
	"fmt"
	"slices"
	"strings"
	"sync"

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
	r := d.Releaser()
	kept := make([]Item, 0, len(items))
	for _, it := range items {
		if r.Keep(&it) {
			kept = append(kept, it)
		}
	}
	return r.Finish(kept)
}

// Releaser applies a decision's obligations one resource at a time, as the
// engine admits them (federation.Request.Filter), and then to the whole
// answer. It remembers what it held back so references to it can be masked.
// It is safe for concurrent use.
type Releaser struct {
	d       Decision
	mu      sync.Mutex
	removed map[string]bool
	held    bool
	err     error
}

// Releaser starts applying the decision's obligations to one answer.
func (d Decision) Releaser() *Releaser {
	return &Releaser{d: d, removed: map[string]bool{}, held: len(d.Pruned) > 0}
}

// Keep reports whether a resource may be released, and may replace it with
// a releasable copy: demographics only, references to what is held back
// masked. A failure is remembered and makes Finish fail: nothing is then
// released.
func (r *Releaser) Keep(it *Item) bool {
	if r.d.Effect != Permit {
		r.fail(fmt.Errorf("releasing under a decision that does not permit"))
		return false
	}
	if r.d.unrestricted {
		return true // the bench's policy-off switch: no obligations to apply
	}
	res := it.Resource
	ok, err := r.d.releasable(*it)
	if err != nil {
		r.fail(err)
		return false
	}
	if !ok {
		r.mu.Lock()
		r.removed[res.Type+"/"+res.ID] = true
		r.held = true
		r.mu.Unlock()
		return false
	}
	if r.d.DemographicsOnly && res.Type == "Patient" {
		sub, err := fhir.Subset(res, func(e string) bool { return slices.Contains(demographicElements(), e) })
		if err != nil {
			r.fail(err)
			return false
		}
		if sub != res {
			r.mu.Lock()
			r.held = true
			r.mu.Unlock()
		}
		it.Resource = sub
	}
	masked, changed, err := fhir.MaskReferences(it.Resource, r.hidden)
	if err != nil {
		r.fail(err)
		return false
	}
	if changed {
		it.Resource = masked
	}
	return true
}

// Finish masks, in the kept resources, references to anything held back
// since they were kept, and reports whether anything was held back. Its
// error means nothing may be released.
func (r *Releaser) Finish(kept []Item) ([]Item, bool, error) {
	if r.d.unrestricted && r.d.Effect == Permit {
		return kept, false, nil
	}
	for i, it := range kept {
		masked, changed, err := fhir.MaskReferences(it.Resource, r.hidden)
		if err != nil {
			r.fail(err)
			break
		}
		if changed {
			kept[i].Resource = masked
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return nil, false, r.err
	}
	return kept, r.held, nil
}

// Held reports whether anything has been held back so far.
func (r *Releaser) Held() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.held
}

// Err is the first failure, if any.
func (r *Releaser) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

func (r *Releaser) fail(err error) {
	r.mu.Lock()
	if r.err == nil {
		r.err = err
	}
	r.mu.Unlock()
}

// hidden reports whether a reference points at something the principal may
// not see: withheld, held back in this answer, or a type its source may not
// give them.
func (r *Releaser) hidden(ref string) bool {
	r.mu.Lock()
	removed := r.removed[ref]
	r.mu.Unlock()
	if removed || r.d.withheld[ref] {
		return true
	}
	typ, id, ok := fhir.SplitReference(ref)
	if !ok {
		return false
	}
	src, _, fed := strings.Cut(id, ".")
	return fed && typ != "Patient" && !r.d.AllowType(src, typ)
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
