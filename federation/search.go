package federation

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/policy"
)

// Search answers a type search or $everything for one patient: every source
// is asked in parallel, each under its own deadline inside ctx's, and the
// admitted resources are merged. A source that fails or times out is
// reported in View.Sources; it never fails the whole search. The error is
// for the engine's own failures (a rewrite that cannot be done).
func (e *Engine) Search(ctx context.Context, req Request) (*View, error) {
	ctx, span := e.tracer.Start(ctx, "federation.Search", trace.WithAttributes(
		attribute.String("fhir.type", req.Type),
		attribute.Bool("fhir.everything", req.Everything),
		attribute.Int("federation.sources", len(e.members)),
	))
	defer span.End()
	for _, c := range req.Criteria {
		if c.Match == nil {
			return nil, fmt.Errorf("search parameter %s has no engine-side evaluation", c.Param.Name)
		}
	}
	ctx = withCaller(ctx, req.Principal)
	results := e.fanOut(ctx, func(ctx context.Context, m *member) memberResult {
		return e.askSearch(ctx, m, req)
	})
	return e.merge(req, results)
}

// Patient answers "who is this NHS number": the patient's record at each
// source, merged into one Patient. The View holds that one Patient, or no
// entry when no source knows the patient.
func (e *Engine) Patient(ctx context.Context, req Request) (*View, error) {
	ctx, span := e.tracer.Start(ctx, "federation.Patient", trace.WithAttributes(
		attribute.Int("federation.sources", len(e.members)),
	))
	defer span.End()
	ctx = withCaller(ctx, req.Principal)
	results := e.fanOut(ctx, func(ctx context.Context, m *member) memberResult {
		return e.askPatient(ctx, m, req)
	})
	req.Everything, req.Type = false, "Patient"
	return e.merge(req, results)
}

// withCaller tells the sources who is asking and why, so those that keep
// their own audit trail can record the real user (adapters.Caller). The
// request id is the trace id, which the audit trail also records.
func withCaller(ctx context.Context, p policy.Principal) context.Context {
	c := adapters.Caller{UserID: p.UserID, Name: p.Name, Role: string(p.Role), Org: p.Organisation, Purpose: p.Purpose, Hops: p.Via}
	if r := p.OnBehalfOf; r != nil {
		// Passed on as it came: the person, not the system in between.
		c.UserID, c.Name, c.Role, c.Org = r.UserID, r.Name, r.Role, r.Org
	}
	if sc := trace.SpanContextFromContext(ctx); sc.HasTraceID() {
		c.RequestID = sc.TraceID().String()
	}
	return adapters.WithCaller(ctx, c)
}

// memberResult is one source's contribution before merging.
type memberResult struct {
	m        *member
	outcome  SourceOutcome
	patients []*fhir.Resource // the source's own Patient records, as sent
	entries  []Entry          // admitted and rewritten
}

// fanOut runs ask once per member, in parallel, each with its own timeout
// under ctx, and returns when all have finished.
func (e *Engine) fanOut(ctx context.Context, ask func(context.Context, *member) memberResult) []memberResult {
	return e.fanOutMembers(ctx, e.members, ask)
}

func (e *Engine) fanOutMembers(ctx context.Context, members []*member, ask func(context.Context, *member) memberResult) []memberResult {
	results := make([]memberResult, len(members))
	var wg sync.WaitGroup
	for i, m := range members {
		wg.Go(func() {
			start := time.Now()
			sctx, span := e.tracer.Start(ctx, "federation.source", trace.WithAttributes(
				attribute.String("shcr.source.id", m.ID),
				attribute.String("shcr.source.ods", m.Organisation.ODS),
			))
			cctx, cancel := context.WithTimeout(sctx, m.Timeout)
			r := ask(cctx, m)
			cancel()
			r.m = m
			r.outcome.SourceID = m.ID
			r.outcome.Organisation = m.Organisation
			r.outcome.Elapsed = time.Since(start)
			if r.outcome.Status == "" {
				r.outcome.Status = StatusOK
			}
			span.SetAttributes(
				attribute.String("shcr.source.outcome", string(r.outcome.Status)),
				attribute.Int("shcr.source.returned", r.outcome.Returned),
				attribute.Int("shcr.source.dropped", r.outcome.Dropped),
			)
			if r.outcome.Status == StatusFailed || r.outcome.Status == StatusTimedOut {
				span.SetStatus(codes.Error, r.outcome.Code.String())
			}
			span.End()
			e.metrics.record(ctx, r.outcome)
			results[i] = r
		})
	}
	wg.Wait()
	return results
}

// failed fills the outcome for an error from the source.
func (e *Engine) failed(ctx context.Context, m *member, what string, err error) SourceOutcome {
	code := m.Source.Code(err)
	if code == adapters.Unknown {
		code = adapters.CommonCode(err)
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) && code != adapters.Canceled {
		code = adapters.DeadlineExceeded
	}
	o := SourceOutcome{Status: StatusFailed, Code: code}
	switch code {
	case adapters.LoopDetected:
		o.Status = StatusSkipped
		o.Reason = "is a shared care record this request has already passed through"
		return o
	case adapters.DeadlineExceeded:
		o.Status = StatusTimedOut
		o.Reason = fmt.Sprintf("did not answer within %s", m.Timeout)
	case adapters.Canceled:
		o.Reason = "the request was cancelled"
	case adapters.Unavailable:
		o.Reason = "could not be reached"
	case adapters.BadResponse:
		o.Reason = "sent a response that is not valid FHIR"
	case adapters.PermissionDenied:
		o.Reason = "refused the request"
	default:
		o.Reason = "failed"
	}
	// The error text may quote the source; it is logged, not shown, and
	// carries no patient identifiers because queries are never echoed.
	e.opt.Logger.Warn("source failed", "source", m.ID, "during", what, "code", code.String(), "error", err)
	return o
}

// resolve finds the patient's local ids at one source. Each Patient the
// source returns must carry the NHS number asked for; others are dropped.
func (e *Engine) resolve(ctx context.Context, m *member, nhs string) (locals []string, patients []*fhir.Resource, dropped int, err error) {
	res, err := m.Source.Search(ctx, adapters.Query{
		Type:   "Patient",
		Params: []adapters.Param{{Name: "identifier", Value: fhir.NHSNumberSystem + "|" + nhs}},
	})
	if err != nil {
		return nil, nil, 0, err
	}
	for _, r := range res.Resources {
		if r.Type != "Patient" || r.ID == "" || !hasNHSNumber(r, nhs) {
			dropped++
			continue
		}
		if !slices.Contains(locals, r.ID) {
			locals = append(locals, r.ID)
			patients = append(patients, r)
		}
	}
	return locals, patients, dropped, nil
}

func hasNHSNumber(r *fhir.Resource, nhs string) bool {
	for _, id := range r.Identifiers {
		if id.System == fhir.NHSNumberSystem && id.Value == nhs {
			return true
		}
	}
	return false
}

func (e *Engine) askPatient(ctx context.Context, m *member, req Request) memberResult {
	var r memberResult
	if pruned(m, req, &r.outcome) {
		return r
	}
	locals, patients, dropped, err := e.resolve(ctx, m, req.NHSNumber)
	r.outcome.Dropped = dropped
	if err != nil {
		r.outcome = e.failed(ctx, m, "resolving the patient", err)
		return r
	}
	r.patients = patients
	r.outcome.PatientKnown = len(locals) > 0
	r.outcome.Returned = len(patients)
	return r
}

// pruned reports whether the policy keeps a source out of a request, and
// fills the outcome if so.
func pruned(m *member, req Request, o *SourceOutcome) bool {
	if reason, ok := req.Prune[m.ID]; ok {
		o.Status, o.Reason, o.ByPolicy = StatusSkipped, reason, true
		return true
	}
	if !req.Everything && req.Type != "Patient" && req.AllowType != nil && !req.AllowType(m.ID, req.Type) {
		o.Status, o.Reason, o.ByPolicy = StatusSkipped, "type not shared with this user", true
		return true
	}
	return false
}

func (e *Engine) askSearch(ctx context.Context, m *member, req Request) memberResult {
	var r memberResult
	if pruned(m, req, &r.outcome) {
		return r
	}
	caps := m.capabilities()
	if !req.Everything && caps != nil && !caps.Serves(req.Type) {
		r.outcome.Status = StatusSkipped
		r.outcome.Reason = fmt.Sprintf("does not offer %s records", req.Type)
		return r
	}
	locals, patients, dropped, err := e.resolve(ctx, m, req.NHSNumber)
	r.outcome.Dropped = dropped
	if err != nil {
		r.outcome = e.failed(ctx, m, "resolving the patient", err)
		r.outcome.Dropped = dropped
		return r
	}
	r.outcome.PatientKnown = len(locals) > 0
	if len(locals) == 0 {
		return r
	}
	r.patients = patients

	// Push down what the source declared it applies; evaluate the rest.
	q := adapters.Query{Type: req.Type, Patients: locals, Compartment: req.Everything, Types: req.Types}
	if req.Everything {
		q.Type = ""
		if req.AllowType != nil && caps != nil {
			// Ask only for what may be released: what the user may not
			// see is not even fetched.
			q.Types = allowedTypes(m.ID, caps, req)
		}
	}
	var residual []Criterion
	for _, c := range req.Criteria {
		if caps != nil && !req.Everything && !c.EngineOnly && caps.Types[req.Type].Supports(c.Param.Name) {
			q.Params = append(q.Params, c.Param)
		} else {
			residual = append(residual, c)
		}
	}
	res, err := m.Source.Search(ctx, q)
	if err != nil {
		r.outcome = e.failed(ctx, m, "searching", err)
		r.outcome.Dropped = dropped
		r.outcome.PatientKnown = true
		return r
	}
	for _, p := range res.Residual {
		for _, c := range req.Criteria {
			if c.Param == p && slices.Contains(q.Params, p) {
				residual = append(residual, c)
				break
			}
		}
	}
	r.outcome.Truncated = res.Truncated
	entries, dropped2, filtered, err := e.admit(m, req, locals, res.Resources, residual)
	r.outcome.Dropped += dropped2
	r.outcome.Filtered = filtered
	if err != nil {
		r.outcome = e.failed(ctx, m, "admitting results", fmt.Errorf("%w: %w", adapters.ErrBadResponse, err))
		return r
	}
	r.entries = entries
	r.outcome.Returned = len(entries)
	return r
}

// admit keeps the resources that belong in the answer and rewrites them
// into the federated view. It drops, and counts, resources about another
// patient, of a type not asked for, or otherwise not admissible; resources
// of a type the policy does not allow (AllowType), that the policy's Filter
// leaves out, or that fail the residual criteria are left out without
// counting as dropped (the first are counted as filtered). Criteria and
// sort keys are evaluated on the rewritten resource — what the client will
// see — so that federated ids and references can be searched and sorted by.
func (e *Engine) admit(m *member, req Request, locals []string, rs []*fhir.Resource, residual []Criterion) ([]Entry, int, int, error) {
	dropped, filtered := 0, 0
	order := req.order()
	rw := e.rewriter(m, req.NHSNumber, locals)
	mapRef := referenceMapper(m.ID, req.NHSNumber, locals)
	var candidates, matched, supporting, referrers []*fhir.Resource
	out := make([]Entry, 0, len(rs))
	// One lazy decoder, reset for each resource, so that a resource no
	// criterion or key reads is never decoded and the closure is made once.
	var lazy lazyDecode
	decode := lazy.get
	for _, r := range rs {
		if req.AllowType != nil && r.Type != "Patient" && !req.AllowType(m.ID, r.Type) {
			filtered++
			continue
		}
		switch {
		case r.Type == "Patient":
			// Patients are merged from the resolution step; a Patient here
			// is either one of those, whose references (the registered GP)
			// may bring supporting resources, or someone else's.
			if !slices.Contains(locals, r.ID) {
				dropped++
			} else {
				referrers = append(referrers, r)
			}
		case fhir.InPatientCompartment(r.Type):
			if (!req.Everything && r.Type != req.Type) || (req.Everything && len(req.Types) > 0 && !slices.Contains(req.Types, r.Type)) {
				dropped++
				continue
			}
			if !belongs(r, locals) {
				dropped++
				continue
			}
			candidates = append(candidates, r)
			w, err := r.Rewrite(rw(r.ID))
			if err != nil {
				return nil, dropped, filtered, err
			}
			en := Entry{Resource: w, SourceIDs: []string{m.ID}, Refs: federatedRefs(r, mapRef)}
			if req.Filter != nil && !req.Filter(&en) {
				continue
			}
			lazy = lazyDecode{raw: en.Resource.Raw, decode: e.opt.Decode}
			ok, err := matchAll(residual, decode)
			if err != nil {
				return nil, dropped, filtered, fmt.Errorf("evaluating search parameters on %s/%s: %w", r.Type, r.ID, err)
			}
			if !ok {
				continue
			}
			if en.Keys, err = order.keys(en.Resource, decode); err != nil {
				return nil, dropped, filtered, fmt.Errorf("reading %s/%s: %w", r.Type, r.ID, err)
			}
			matched = append(matched, r)
			out = append(out, en)
		case req.Everything:
			supporting = append(supporting, r)
		default:
			dropped++
		}
	}
	// A supporting resource is admitted only when an admitted match refers
	// to it, so a source cannot smuggle unrelated records in. One that
	// only matches the criteria or the filter left out refer to is left out
	// too, but it is not the source's fault, so it is not counted.
	var referenced, wanted map[string]bool
	if len(supporting) > 0 {
		referenced = referencedBy(slices.Concat(referrers, matched))
		wanted = referenced
		if len(matched) != len(candidates) {
			wanted = referencedBy(slices.Concat(referrers, candidates))
		}
	}
	seen := map[string]bool{}
	for _, r := range supporting {
		k := r.Type + "/" + r.ID
		if !wanted[k] || seen[k] {
			dropped++
			continue
		}
		if !referenced[k] {
			continue
		}
		seen[k] = true
		w, err := r.Rewrite(rw(r.ID))
		if err != nil {
			return nil, dropped, filtered, err
		}
		en := Entry{Resource: w, Include: true, SourceIDs: []string{m.ID}, Refs: federatedRefs(r, mapRef)}
		if req.Filter != nil && !req.Filter(&en) {
			continue
		}
		out = append(out, en)
	}
	return out, dropped, filtered, nil
}

// allowedTypes lists the types a source serves that the request may
// receive from it (within _type, when given).
func allowedTypes(sourceID string, caps *adapters.Capabilities, req Request) []string {
	var out []string
	for t := range caps.Types {
		if (len(req.Types) == 0 || slices.Contains(req.Types, t)) && (t == "Patient" || req.AllowType(sourceID, t)) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	if len(out) == 0 {
		out = []string{"Patient"}
	}
	return out
}

// KnownBy reports whether any source of the organisation holds a record for
// the patient: the access policy's legitimate relationship test. Sources
// that fail count as not knowing; the error is returned only when every
// source of the organisation failed.
func (e *Engine) KnownBy(ctx context.Context, nhs, ods string) (bool, error) {
	var members []*member
	for _, m := range e.members {
		if m.Organisation.ODS == ods {
			members = append(members, m)
		}
	}
	results := e.fanOutMembers(ctx, members, func(ctx context.Context, m *member) memberResult {
		return e.askPatient(ctx, m, Request{NHSNumber: nhs})
	})
	var errs []error
	for _, r := range results {
		if r.outcome.PatientKnown {
			return true, nil
		}
		if r.outcome.Status != StatusOK {
			errs = append(errs, fmt.Errorf("source %s %s", r.outcome.SourceID, r.outcome.Reason))
		}
	}
	if len(errs) > 0 && len(errs) == len(results) {
		return false, errors.Join(errs...)
	}
	return false, nil
}

// lazyDecode decodes one resource's bytes the first time they are asked
// for, and only then.
type lazyDecode struct {
	raw    []byte
	decode func([]byte) (any, error)
	v      any
	err    error
	done   bool
}

func (l *lazyDecode) get() (any, error) {
	if !l.done {
		l.v, l.err = l.decode(l.raw)
		l.done = true
	}
	return l.v, l.err
}

// referencedBy returns the relative references that rs hold, as Type/id.
func referencedBy(rs []*fhir.Resource) map[string]bool {
	out := map[string]bool{}
	for _, r := range rs {
		for _, ref := range r.References() {
			if typ, id, ok := fhir.SplitReference(ref); ok {
				out[typ+"/"+id] = true
			}
		}
	}
	return out
}

// order is the request's order: its Sort, or DefaultOrder.
func (req Request) order() Order {
	if len(req.Sort) > 0 {
		return req.Sort
	}
	return DefaultOrder()
}

// federatedRefs lists a resource's relative references in federated form.
func federatedRefs(r *fhir.Resource, mapRef func(string) (string, bool)) []string {
	var out []string
	for _, ref := range r.References() {
		if to, ok := mapRef(ref); ok && !slices.Contains(out, to) {
			out = append(out, to)
		}
	}
	return out
}

// belongs reports whether a compartment resource is about one of the
// patient's local records and no other patient. A patient link that cannot
// be read as a relative reference but mentions Patient is treated as
// another patient's.
func belongs(r *fhir.Resource, locals []string) bool {
	matched := false
	for _, ref := range r.PatientRefs {
		typ, id, ok := fhir.SplitReference(ref)
		if !ok {
			if strings.Contains(ref, "Patient") {
				return false
			}
			continue
		}
		if typ != "Patient" {
			continue
		}
		if !slices.Contains(locals, id) {
			return false
		}
		matched = true
	}
	return matched
}

// matchAll evaluates every criterion; decode gives the decoded resource,
// which is read only when there is a criterion.
func matchAll(cs []Criterion, decode func() (any, error)) (bool, error) {
	if len(cs) == 0 {
		return true, nil
	}
	v, err := decode()
	if err != nil {
		return false, err
	}
	for _, c := range cs {
		ok, err := c.Match(v)
		if err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

// rewriter returns, for a resource's local id, the rewrite into federated
// form: id "<source>.<local>", references to the patient as
// "Patient/<nhs>", other relative references as federated ids, and meta
// naming the controller.
func (e *Engine) rewriter(m *member, nhs string, locals []string) func(localID string) fhir.Rewrite {
	controller := &fhir.Coding{System: fhir.ODSSystem, Code: m.Organisation.ODS, Display: m.Organisation.Name}
	source := SourceURI(m.ID)
	refs := referenceMapper(m.ID, nhs, locals)
	return func(localID string) fhir.Rewrite {
		return fhir.Rewrite{ID: FederatedID(m.ID, localID), Reference: refs, Controller: controller, Source: source}
	}
}

// referenceMapper maps relative references from one source into federated
// form. Absolute, urn: and contained references are left alone: they do not
// name a record at the source.
func referenceMapper(sourceID, nhs string, locals []string) func(string) (string, bool) {
	return func(ref string) (string, bool) {
		typ, id, ok := fhir.SplitReference(ref)
		if !ok {
			return "", false
		}
		suffix := ref[len(typ)+1+len(id):] // "" or "/_history/n"
		if typ == "Patient" && nhs != "" && slices.Contains(locals, id) {
			return "Patient/" + nhs, true
		}
		return typ + "/" + FederatedID(sourceID, id) + suffix, true
	}
}

// FederatedID is the id a source's resource has in the merged view.
func FederatedID(sourceID, localID string) string { return sourceID + "." + localID }

// SplitFederatedID splits a federated id into source id and local id.
func SplitFederatedID(id string) (sourceID, localID string, ok bool) {
	sourceID, localID, ok = strings.Cut(id, ".")
	if !ok || !sourceIDPattern.MatchString(sourceID) || !fhir.ValidID(localID) {
		return "", "", false
	}
	return sourceID, localID, true
}

// SourceURI is the meta.source of resources from a source.
func SourceURI(sourceID string) string { return "urn:shcr:source:" + sourceID }
