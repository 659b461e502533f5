package rest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/shcr/shcr/federation"
	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/policy"
	"github.com/shcr/shcr/policy/store"
)

// Policy decides who may see what; *policy.Decider implements it.
type Policy interface {
	Decide(ctx context.Context, p policy.Principal, a policy.Action) (policy.Decision, error)
}

// breakGlassHeader carries a user's reason for emergency access.
const breakGlassHeader = "X-Break-Glass-Reason"

// decide asks the policy about an action and turns a denial into a 403
// OperationOutcome that tells the user what to do. A policy that cannot
// decide (the store is down) fails closed with a 503.
func (s *Server) decide(c *gin.Context, a policy.Action) (policy.Decision, error) {
	p, _ := principal(c)
	a.BreakGlassReason = c.GetHeader(breakGlassHeader)
	dec, err := s.cfg.Policy.Decide(c.Request.Context(), p, a)
	if err != nil {
		return dec, &Error{Status: http.StatusServiceUnavailable, Err: err,
			Issue: unavailable("access to records cannot be checked right now, so nothing is released; try again later").Issue}
	}
	f := facts(c)
	f.decision, f.decided = dec, true
	if a.Patient != "" {
		f.patient = a.Patient
	}
	if !dec.Permitted() {
		e := forbidden(dec.Message)
		e.Err = fmt.Errorf("denied: %s", dec.Reason)
		return dec, e
	}
	return dec, nil
}

// ctxReleaser keeps the request's policy.Releaser.
const ctxReleaser = "shcr.releaser"

// constrain applies a decision's constraints to an engine request: sources
// and types pruned before fan-out, and its obligations applied to every
// resource the engine admits (matches, the merged Patient, supporting and
// included resources alike) through the engine's Filter.
func (s *Server) constrain(c *gin.Context, req *federation.Request, dec policy.Decision) {
	req.Prune = dec.Pruned
	req.AllowType = dec.AllowType
	req.Principal.Purpose = dec.Purpose
	rel := dec.Releaser()
	c.Set(ctxReleaser, rel)
	req.Filter = func(en *federation.Entry) bool {
		it := policy.Item{Resource: en.Resource, SourceIDs: en.SourceIDs, Include: en.Include}
		if !rel.Keep(&it) {
			return false
		}
		en.Resource = it.Resource
		return true
	}
}

func releaser(c *gin.Context) *policy.Releaser {
	if v, ok := c.Get(ctxReleaser); ok {
		return v.(*policy.Releaser)
	}
	return nil
}

// releaserHeld reports whether the policy has held anything back from this
// request's answer so far.
func releaserHeld(c *gin.Context) bool {
	r := releaser(c)
	return r != nil && r.Held()
}

// release finishes applying the decision's obligations to a view, in
// place, before anything is written: break-glass alerts are recorded first
// (no alert, no data); then, as the engine has already applied them to each
// resource it admitted, references to anything held back since are masked.
// It reports whether anything was held back.
func (s *Server) release(c *gin.Context, dec policy.Decision, v *federation.View) (bool, error) {
	if err := s.recordBreakGlass(c, dec, v.NHSNumber); err != nil {
		return false, err
	}
	rel := releaser(c)
	if rel == nil {
		// A view built without the engine's Filter (a read by id).
		rel = dec.Releaser()
		kept := v.Entries[:0]
		for _, en := range v.Entries {
			it := policy.Item{Resource: en.Resource, SourceIDs: en.SourceIDs, Include: en.Include}
			if rel.Keep(&it) {
				en.Resource = it.Resource
				kept = append(kept, en)
			}
		}
		v.Entries = kept
	}
	items := make([]policy.Item, len(v.Entries))
	for i, en := range v.Entries {
		items[i] = policy.Item{Resource: en.Resource, SourceIDs: en.SourceIDs, Include: en.Include}
	}
	kept, held, err := rel.Finish(items)
	if err != nil {
		return false, &Error{Status: http.StatusServiceUnavailable, Err: err,
			Issue: unavailable("the answer could not be checked against the access policy, so nothing is released; try again later").Issue}
	}
	for i := range kept {
		v.Entries[i].Resource = kept[i].Resource
	}
	for _, o := range v.Sources {
		if o.ByPolicy || o.Filtered > 0 {
			held = true
		}
	}
	facts(c).sources = v.Sources
	return held, nil
}

// recordBreakGlass writes the alert an ig-officer will review, before any
// data is released; if it cannot be written, nothing is.
func (s *Server) recordBreakGlass(c *gin.Context, dec policy.Decision, nhs string) error {
	if !dec.BreakGlass {
		return nil
	}
	p, _ := principal(c)
	_, err := s.cfg.Governance.AddBreakGlassAlert(c.Request.Context(), store.BreakGlassAlert{
		UserID: p.UserID, OrgODS: p.Organisation, NHSNumber: nhs, Reason: dec.BreakGlassReason,
		AuditEventID: requestID(c),
	})
	if err != nil {
		return &Error{Status: http.StatusServiceUnavailable, Err: err,
			Issue: unavailable("break-glass access could not be recorded, so nothing is released; try again later").Issue}
	}
	return nil
}

// heldBackOutcome is the one entry that says something was held back,
// with no count or type, so it reveals nothing about what.
func heldBackOutcome() []byte {
	return fhir.OperationOutcome("", fhir.Issue{Severity: fhir.SeverityInformation, Code: fhir.IssueSuppressed,
		Diagnostics: "some information is not available to you"})
}

// notVisible is the answer to a read of something that does not exist or
// may not be seen: the same either way, so a read reveals nothing.
func notVisible(typ, id string) error {
	return notFound(fmt.Sprintf("%s/%s is not known here, or you may not see it", typ, truncate(id, 80)))
}

// checkSearchParams refuses what could reach data around the policy:
// chained parameters and _has, whose targets are other resources the
// policy has not looked at.
func checkSearchParams(params map[string][]string) error {
	for name := range params {
		base, _, _ := strings.Cut(name, ":")
		if strings.Contains(base, ".") || strings.HasPrefix(name, "_has") {
			return badRequest(fmt.Sprintf("parameter %q is a chained or reverse-chained search, which this server does not support; search the other resource type by patient instead", truncate(name, 60)))
		}
	}
	return nil
}

func isDenied(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Status == http.StatusForbidden
}
