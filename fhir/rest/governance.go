package rest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/go-json-experiment/json"

	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/policy"
	"github.com/shcr/shcr/policy/audit"
	"github.com/shcr/shcr/policy/store"
)

// Governance is the part of the governance store the API manages:
// objections and withheld items (as Consents) and break-glass alerts. It is
// safe for concurrent use.
type Governance interface {
	policy.ConsentStore
	AddBreakGlassAlert(ctx context.Context, a store.BreakGlassAlert) (store.BreakGlassAlert, error)
	Consent(ctx context.Context, id string) (store.Consent, error)
	ListConsents(ctx context.Context, nhs string) ([]store.Consent, error)
	BreakGlassAlert(ctx context.Context, id int64) (store.BreakGlassAlert, error)
	ListBreakGlassAlerts(ctx context.Context, f store.AlertFilter) ([]store.BreakGlassAlert, error)
	CloseBreakGlassAlert(ctx context.Context, id int64, closedBy, note string, at time.Time) error
}

// The code system of shcr's own Flag category, and the break-glass code.
const (
	flagCategorySystem = "urn:shcr:codesystem:flag-category"
	breakGlassCategory = "break-glass"
	alertIDPrefix      = "break-glass-"
)

// maxWriteBytes caps a written resource.
const maxWriteBytes = 1 << 20

// storeError turns a governance store failure into an answer: unavailable
// is 503 (fail closed), a missing record 404.
func storeError(what string, err error) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return &Error{Status: http.StatusNotFound, Err: err, Issue: notFound(what + " is not known here").Issue}
	case errors.Is(err, store.ErrInvalid), errors.Is(err, store.ErrConflict):
		return &Error{Status: http.StatusUnprocessableEntity, Err: err,
			Issue: fhir.Issue{Severity: fhir.SeverityError, Code: fhir.IssueProcessing, Diagnostics: what + " could not be recorded: " + err.Error()}}
	}
	return &Error{Status: http.StatusServiceUnavailable, Err: err,
		Issue: unavailable("the governance store is unavailable; try again later").Issue}
}

// readBody reads a written resource strictly and validates it as FHIR R4:
// malformed JSON is a 400, an invalid resource a 422.
func (s *Server) readBody(c *gin.Context, wantType string) (*fhir.Resource, error) {
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxWriteBytes))
	if err != nil {
		return nil, badRequest(fmt.Sprintf("the request body could not be read (at most %d bytes)", maxWriteBytes))
	}
	r, err := fhir.Parse(body, fhir.DefaultLimits())
	if err != nil {
		return nil, badRequest("the request body is not a FHIR JSON resource: " + err.Error())
	}
	if r.Type != wantType {
		return nil, badRequest(fmt.Sprintf("expected a %s, got a %s", wantType, r.Type))
	}
	if err := s.validator.Validate(body); err != nil {
		return nil, &Error{Status: http.StatusUnprocessableEntity, Err: err,
			Issue: fhir.Issue{Severity: fhir.SeverityError, Code: fhir.IssueInvalid, Diagnostics: err.Error()}}
	}
	return r, nil
}

// create answers POST /fhir/{type}: only Consents are written here.
func (s *Server) create(c *gin.Context) error {
	typ := c.Param("type")
	note(c, audit.ActionCreate, "create", typ, "")
	if typ != "Consent" {
		if err := checkType(typ); err != nil {
			return err
		}
		return newError(http.StatusMethodNotAllowed, fhir.IssueNotSupported,
			"the shared care record is read-only: record changes in your organisation's own system (only Consent is written here)")
	}
	if _, err := s.decide(c, policy.Action{Kind: policy.KindConsent, Write: true}); err != nil {
		return err
	}
	r, err := s.readBody(c, "Consent")
	if err != nil {
		return err
	}
	var id [8]byte
	_, _ = rand.Read(id[:])
	return s.saveConsent(c, r, "consent-"+hex.EncodeToString(id[:]), http.StatusCreated)
}

// update answers PUT /fhir/{type}/{id}: a Consent changed or withdrawn.
func (s *Server) update(c *gin.Context) error {
	typ, id := c.Param("type"), c.Param("id")
	note(c, audit.ActionUpdate, "update", typ, "")
	if typ != "Consent" {
		if err := checkType(typ); err != nil {
			return err
		}
		return newError(http.StatusMethodNotAllowed, fhir.IssueNotSupported,
			"the shared care record is read-only: record changes in your organisation's own system (only Consent is written here)")
	}
	if _, err := s.decide(c, policy.Action{Kind: policy.KindConsent, Write: true}); err != nil {
		return err
	}
	r, err := s.readBody(c, "Consent")
	if err != nil {
		return err
	}
	if r.ID != "" && r.ID != id {
		return badRequest(fmt.Sprintf("the Consent's id %q does not match the URL's %q", r.ID, truncate(id, 64)))
	}
	if !fhir.ValidID(id) {
		return badRequest("the id in the URL is not a FHIR id")
	}
	status := http.StatusOK
	if _, err := s.cfg.Governance.Consent(c.Request.Context(), id); errors.Is(err, store.ErrNotFound) {
		status = http.StatusCreated
	} else if err != nil {
		return storeError("Consent/"+id, err)
	}
	return s.saveConsent(c, r, id, status)
}

func (s *Server) saveConsent(c *gin.Context, r *fhir.Resource, id string, status int) error {
	now := s.cfg.Now().UTC()
	r, err := r.Rewrite(fhir.Rewrite{ID: id})
	if err != nil {
		return err
	}
	if r, err = fhir.Parse(r.Raw, fhir.DefaultLimits()); err != nil {
		return err
	}
	rec, err := policy.ParseConsent(r)
	if err != nil {
		return &Error{Status: http.StatusUnprocessableEntity, Err: err,
			Issue: fhir.Issue{Severity: fhir.SeverityError, Code: fhir.IssueInvalid, Diagnostics: err.Error()}}
	}
	facts(c).patient = rec.NHSNumber
	if err := policy.SaveConsent(c.Request.Context(), s.cfg.Governance, rec); err != nil {
		return storeError("the Consent", err)
	}
	c.Header("Location", s.baseURL(c)+"/Consent/"+id)
	c.Header("Last-Modified", now.Format(http.TimeFormat))
	writeFHIR(c, status, rec.Resource.Raw)
	return nil
}

// readConsent answers GET /fhir/Consent/{id}.
func (s *Server) readConsent(c *gin.Context, id string) error {
	if _, err := s.decide(c, policy.Action{Kind: policy.KindConsent}); err != nil {
		return err
	}
	con, err := s.cfg.Governance.Consent(c.Request.Context(), id)
	if err != nil {
		return storeError("Consent/"+truncate(id, 64), err)
	}
	writeFHIR(c, http.StatusOK, con.Resource)
	return nil
}

// searchConsents answers GET /fhir/Consent?patient=<nhs>.
func (s *Server) searchConsents(c *gin.Context) error {
	if _, err := s.decide(c, policy.Action{Kind: policy.KindConsent}); err != nil {
		return err
	}
	params := formParams(c)
	nhs, _, err := patientScope(params)
	if err != nil {
		return err
	}
	facts(c).patient = nhs
	cs, err := s.cfg.Governance.ListConsents(c.Request.Context(), nhs)
	if err != nil {
		return storeError("the consents", err)
	}
	b := fhir.Bundle{ID: errorID(), Type: "searchset", LastUpdated: s.cfg.Now()}
	n := len(cs)
	b.Total = &n
	b.Links = []fhir.Link{{Relation: "self", URL: s.baseURL(c) + "/Consent?patient=" + nhs}}
	for _, con := range cs {
		b.Entries = append(b.Entries, fhir.Entry{FullURL: s.baseURL(c) + "/Consent/" + con.ID, Resource: con.Resource, Mode: fhir.ModeMatch})
	}
	c.Header("Cache-Control", "no-store")
	writeFHIR(c, http.StatusOK, b.AppendJSON(nil))
	return nil
}

// alertFlag shows a break-glass alert as a FHIR Flag about the patient,
// with the reason and any review note as extensions.
func alertFlag(a store.BreakGlassAlert) ([]byte, error) {
	type coding struct {
		System string `json:"system"`
		Code   string `json:"code"`
	}
	type ext struct {
		URL         string `json:"url"`
		ValueString string `json:"valueString"`
	}
	status := "active"
	if a.Status == store.AlertClosed {
		status = "inactive"
	}
	period := map[string]string{"start": a.Created.UTC().Format(time.RFC3339)}
	if !a.Closed.IsZero() {
		period["end"] = a.Closed.UTC().Format(time.RFC3339)
	}
	exts := []ext{{URL: "urn:shcr:extension:break-glass-reason", ValueString: a.Reason}}
	if a.ClosureNote != "" {
		exts = append(exts, ext{URL: "urn:shcr:extension:break-glass-review", ValueString: a.ClosureNote})
	}
	if a.ClosedBy != "" {
		exts = append(exts, ext{URL: "urn:shcr:extension:break-glass-reviewer", ValueString: a.ClosedBy})
	}
	flag := struct {
		ResourceType string         `json:"resourceType"`
		ID           string         `json:"id"`
		Extension    []ext          `json:"extension"`
		Status       string         `json:"status"`
		Category     []any          `json:"category"`
		Code         map[string]any `json:"code"`
		Subject      map[string]any `json:"subject"`
		Period       any            `json:"period"`
		Author       map[string]any `json:"author"`
	}{
		ResourceType: "Flag",
		ID:           alertIDPrefix + strconv.FormatInt(a.ID, 10),
		Extension:    exts,
		Status:       status,
		Category:     []any{map[string]any{"coding": []coding{{System: flagCategorySystem, Code: breakGlassCategory}}}},
		Code:         map[string]any{"text": "Break-glass access to the shared care record"},
		Subject:      map[string]any{"reference": "Patient/" + a.NHSNumber},
		Period:       period,
		Author: map[string]any{
			"identifier": map[string]string{"system": "urn:shcr:user", "value": a.UserID},
			"display":    a.UserID + " (" + a.OrgODS + ")",
		},
	}
	return json.Marshal(flag, json.Deterministic(true))
}

// isAlertSearch reports whether a Flag search asks for break-glass alerts.
func isAlertSearch(params map[string][]string) bool {
	for _, v := range params["category"] {
		if v == breakGlassCategory || v == flagCategorySystem+"|"+breakGlassCategory {
			return true
		}
	}
	return false
}

// searchAlerts answers GET /fhir/Flag?category=break-glass[&status=active|inactive].
func (s *Server) searchAlerts(c *gin.Context) error {
	if _, err := s.decide(c, policy.Action{Kind: policy.KindAlerts}); err != nil {
		return err
	}
	params := formParams(c)
	var f store.AlertFilter
	switch params.Get("status") {
	case "":
	case "active":
		f.Status = store.AlertOpen
	case "inactive":
		f.Status = store.AlertClosed
	default:
		return badRequest("status must be active (open alerts) or inactive (reviewed)")
	}
	alerts, err := s.cfg.Governance.ListBreakGlassAlerts(c.Request.Context(), f)
	if err != nil {
		return storeError("the break-glass alerts", err)
	}
	b := fhir.Bundle{ID: errorID(), Type: "searchset", LastUpdated: s.cfg.Now()}
	n := len(alerts)
	b.Total = &n
	b.Links = []fhir.Link{{Relation: "self", URL: s.baseURL(c) + "/Flag?category=" + breakGlassCategory}}
	for _, a := range alerts {
		raw, err := alertFlag(a)
		if err != nil {
			return err
		}
		b.Entries = append(b.Entries, fhir.Entry{FullURL: s.baseURL(c) + "/Flag/" + alertIDPrefix + strconv.FormatInt(a.ID, 10), Resource: raw, Mode: fhir.ModeMatch})
	}
	c.Header("Cache-Control", "no-store")
	writeFHIR(c, http.StatusOK, b.AppendJSON(nil))
	return nil
}

// readAlert answers GET /fhir/Flag/break-glass-{n}.
func (s *Server) readAlert(c *gin.Context, id string) error {
	if _, err := s.decide(c, policy.Action{Kind: policy.KindAlerts}); err != nil {
		return err
	}
	n, err := strconv.ParseInt(strings.TrimPrefix(id, alertIDPrefix), 10, 64)
	if err != nil {
		return notVisible("Flag", id)
	}
	a, err := s.cfg.Governance.BreakGlassAlert(c.Request.Context(), n)
	if err != nil {
		return storeError("Flag/"+truncate(id, 64), err)
	}
	raw, err := alertFlag(a)
	if err != nil {
		return err
	}
	writeFHIR(c, http.StatusOK, raw)
	return nil
}

// closeAlert answers POST /fhir/Flag/break-glass-{n}/$close with a
// Parameters resource holding the review note ("note", valueString).
func (s *Server) closeAlert(c *gin.Context, id string) error {
	if _, err := s.decide(c, policy.Action{Kind: policy.KindAlerts, Write: true}); err != nil {
		return err
	}
	n, err := strconv.ParseInt(strings.TrimPrefix(id, alertIDPrefix), 10, 64)
	if err != nil {
		return notVisible("Flag", id)
	}
	r, err := s.readBody(c, "Parameters")
	if err != nil {
		return err
	}
	var params struct {
		Parameter []struct {
			Name        string `json:"name"`
			ValueString string `json:"valueString"`
		} `json:"parameter"`
	}
	if err := json.Unmarshal(r.Raw, &params); err != nil {
		return badRequest("reading the Parameters: " + err.Error())
	}
	note := ""
	for _, p := range params.Parameter {
		if p.Name == "note" {
			note = strings.TrimSpace(p.ValueString)
		}
	}
	if note == "" {
		return &Error{Status: http.StatusUnprocessableEntity, Issue: fhir.Issue{Severity: fhir.SeverityError, Code: fhir.IssueRequired,
			Diagnostics: "closing a break-glass alert needs a review note: a Parameters resource with parameter note (valueString)"}}
	}
	p, _ := principal(c)
	if err := s.cfg.Governance.CloseBreakGlassAlert(c.Request.Context(), n, p.UserID, note, s.cfg.Now()); err != nil {
		return storeError("Flag/"+truncate(id, 64), err)
	}
	return s.readAlert(c, id)
}
