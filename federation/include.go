package federation

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/fhir"
)

// Include reads the resources that refs name, for _include: federated
// relative references ("Practitioner/gp.doc1", "Encounter/acute.enc-1",
// "Patient/<nhs>") taken from a page's matches. Each is read from the
// source its federated id names — the organisation that controls it —
// and admitted like a match: a resource in the patient compartment must
// be about req.NHSNumber at that source, and everything passes through
// the rewrite and req.Filter. "Patient/<nhs>" of the requested patient is
// the merged Patient; references to any other Patient, to unknown sources
// or to records that no longer exist are left out (a dangling reference is
// not an error). The View holds the included entries, sorted by type and
// id, and one outcome per source asked; as with Search, a source that
// fails is reported there and never fails the call.
func (e *Engine) Include(ctx context.Context, req Request, refs []string) (*View, error) {
	ctx, span := e.tracer.Start(ctx, "federation.Include", trace.WithAttributes(attribute.Int("fhir.references", len(refs))))
	defer span.End()
	type target struct{ typ, local string }
	wanted := map[*member][]target{}
	var members []*member
	wantPatient := false
	for _, ref := range refs {
		typ, id, ok := fhir.SplitReference(ref)
		if !ok {
			continue
		}
		if typ == "Patient" {
			wantPatient = wantPatient || id == req.NHSNumber
			continue
		}
		sourceID, local, ok := SplitFederatedID(id)
		if !ok {
			continue
		}
		m, ok := e.memberFor(sourceID)
		if !ok {
			continue
		}
		t := target{typ, local}
		if _, seen := wanted[m]; !seen {
			members = append(members, m)
		}
		if !slices.Contains(wanted[m], t) {
			wanted[m] = append(wanted[m], t)
		}
	}
	v := &View{NHSNumber: req.NHSNumber, Order: req.order()}
	if wantPatient {
		pv, err := e.Patient(ctx, Request{Principal: req.Principal, NHSNumber: req.NHSNumber, Filter: req.Filter})
		if err != nil {
			return nil, err
		}
		for _, en := range pv.Entries {
			en.Include = true
			v.Entries = append(v.Entries, en)
		}
		v.Sources = pv.Sources
	}
	if len(members) == 0 {
		return v, nil
	}
	ctx = withCaller(ctx, req.Principal)
	results := e.fanOutMembers(ctx, members, func(ctx context.Context, m *member) memberResult {
		var r memberResult
		rd, ok := m.Source.(adapters.Reader)
		if !ok {
			r.outcome = SourceOutcome{Status: StatusFailed, Code: adapters.Unimplemented, Reason: "cannot read records by id"}
			return r
		}
		var locals []string
		for _, t := range wanted[m] {
			if fhir.InPatientCompartment(t.typ) {
				var dropped int
				var err error
				if locals, _, dropped, err = e.resolve(ctx, m, req.NHSNumber); err != nil {
					r.outcome = e.failed(ctx, m, "resolving the patient", err)
					return r
				}
				r.outcome.Dropped += dropped
				r.outcome.PatientKnown = len(locals) > 0
				break
			}
		}
		rw := e.rewriter(m, req.NHSNumber, locals)
		mapRef := referenceMapper(m.ID, req.NHSNumber, locals)
		for _, t := range wanted[m] {
			res, err := rd.Read(ctx, t.typ, t.local)
			if err != nil {
				if m.Source.Code(err) == adapters.NotFound || errors.Is(err, adapters.ErrNotFound) {
					continue
				}
				o := e.failed(ctx, m, "reading an included resource", err)
				o.Dropped, o.PatientKnown = r.outcome.Dropped, r.outcome.PatientKnown
				return memberResult{outcome: o}
			}
			if res.Type != t.typ || res.ID != t.local || (fhir.InPatientCompartment(res.Type) && !belongs(res, locals)) {
				// Another patient's record, or not what was asked for.
				r.outcome.Dropped++
				continue
			}
			w, err := res.Rewrite(rw(res.ID))
			if err != nil {
				o := e.failed(ctx, m, "admitting an included resource", fmt.Errorf("%w: %w", adapters.ErrBadResponse, err))
				return memberResult{outcome: o}
			}
			en := Entry{Resource: w, Include: true, SourceIDs: []string{m.ID}, Refs: federatedRefs(res, mapRef)}
			if req.Filter != nil && !req.Filter(&en) {
				continue
			}
			r.entries = append(r.entries, en)
			r.outcome.Returned++
		}
		return r
	})
	var includes []Entry
	for _, r := range results {
		v.Sources = mergeOutcome(v.Sources, r.outcome)
		includes = append(includes, r.entries...)
	}
	sortIncludes(includes)
	v.Entries = append(v.Entries, dedup(includes)...)
	return v, nil
}

// mergeOutcome adds o to outcomes, combining it with an earlier outcome of
// the same source: the worse status wins, and counts add up.
func mergeOutcome(outcomes []SourceOutcome, o SourceOutcome) []SourceOutcome {
	for i, prev := range outcomes {
		if prev.SourceID != o.SourceID {
			continue
		}
		merged := prev
		if prev.Status == StatusOK || prev.Status == StatusSkipped {
			merged = o
		}
		merged.Returned = prev.Returned + o.Returned
		merged.Dropped = prev.Dropped + o.Dropped
		merged.PatientKnown = prev.PatientKnown || o.PatientKnown
		merged.Truncated = prev.Truncated || o.Truncated
		outcomes[i] = merged
		return outcomes
	}
	return append(outcomes, o)
}
