package rest

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/go-json-experiment/json"

	"github.com/shcr/shcr/federation"
	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/policy"
	"github.com/shcr/shcr/policy/audit"
)

// AuditLog reads the audit trail; *store.Store implements it. It is safe
// for concurrent use.
type AuditLog interface {
	Search(ctx context.Context, f audit.Filter) ([]audit.StoredEvent, error)
}

// Audit searches page 50 events by default, at most 500.
const (
	auditDefaultCount = 50
	auditMaxCount     = 500
)

// searchAudit answers GET /fhir/AuditEvent: a patient's view of who looked
// at their record, or an information governance officer's search of the
// trail. Newest first, paged.
//
// Patients: patient=<own NHS number> (the default), and _own=false to leave
// out their own accesses. They see staff names, roles, organisations,
// purposes and outcomes, not internal ids.
//
// IG officers: patient, user, organisation (ODS code), date (ge/gt/le/lt,
// repeatable), break-glass (true/false), action, outcome.
func (s *Server) searchAudit(c *gin.Context) error {
	params := formParams(c)
	p, _ := principal(c)
	nhs := strings.TrimPrefix(params.Get("patient"), "Patient/")
	if nhs == "" && p.Role == policy.RolePatient {
		nhs = p.Patient
	}
	if nhs != "" {
		var err error
		if nhs, err = parseNHS(nhs); err != nil {
			return err
		}
	}
	if _, err := s.decide(c, policy.Action{Kind: policy.KindAudit, Patient: nhs}); err != nil {
		return err
	}
	f := audit.Filter{PatientNHS: nhs}
	ownToo := true
	count := auditDefaultCount
	for name, vals := range params {
		v := vals[0]
		if len(vals) > 1 && name != "date" {
			return badRequest(fmt.Sprintf("%s may be given once", name))
		}
		patientRole := p.Role == policy.RolePatient
		switch {
		case name == "patient", name == "_format":
		case name == "_own" && patientRole:
			if v != "true" && v != "false" {
				return badRequest("_own must be true or false")
			}
			ownToo = v == "true"
		case name == "_count":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return badRequest(fmt.Sprintf("_count must be a whole number from 1 to %d", auditMaxCount))
			}
			count = min(n, auditMaxCount)
		case name == "_cursor":
			cur, err := s.cursors.open(v, "audit?"+auditBinding(params), p.Issuer+"|"+p.UserID)
			if err != nil {
				if errors.Is(err, errCursorUser) {
					return forbidden(err.Error())
				}
				return badRequest(err.Error())
			}
			seq, err := strconv.ParseInt(cur.ID, 10, 64)
			if err != nil {
				return badRequest(errCursorInvalid.Error())
			}
			f.Before = seq
		case name == "user" && !patientRole:
			f.UserID = v
		case name == "organisation" && !patientRole:
			f.OrgODS = v
		case name == "action" && !patientRole:
			f.Action = v
		case name == "outcome" && !patientRole:
			f.Outcome = v
		case name == "break-glass" && !patientRole:
			b, err := strconv.ParseBool(v)
			if err != nil {
				return badRequest("break-glass must be true or false")
			}
			f.BreakGlass = &b
		case name == "date" && !patientRole:
			for _, d := range vals {
				if err := dateBound(&f, d); err != nil {
					return err
				}
			}
		default:
			if patientRole {
				return badRequest(fmt.Sprintf("parameter %q is not supported; patients can use patient, _own, _count", truncate(name, 40)))
			}
			return badRequest(fmt.Sprintf("parameter %q is not supported; use patient, user, organisation, date, break-glass, action, outcome, _count", truncate(name, 40)))
		}
	}

	// Fetch a page, skipping the patient's own accesses when asked.
	var events []audit.StoredEvent
	f.Limit = count
	for len(events) < count {
		batch, err := s.cfg.AuditLog.Search(c.Request.Context(), f)
		if err != nil {
			return storeError("the audit trail", err)
		}
		for _, e := range batch {
			if !ownToo && e.UserRole == string(policy.RolePatient) && e.UserID == p.UserID {
				continue
			}
			if len(events) < count {
				events = append(events, e)
			}
		}
		if len(batch) < f.Limit {
			break
		}
		f.Before = batch[len(batch)-1].Seq
		if len(events) == count {
			break
		}
	}

	b := fhir.Bundle{ID: errorID(), Type: "searchset", LastUpdated: s.cfg.Now()}
	self := url.Values{}
	for k, v := range params {
		if k != "_cursor" {
			self[k] = v
		}
	}
	b.Links = []fhir.Link{{Relation: "self", URL: s.baseURL(c) + "/AuditEvent?" + self.Encode()}}
	for _, e := range events {
		body := e.Body
		if p.Role == policy.RolePatient {
			var err error
			if body, err = audit.PatientView(e.Body); err != nil {
				return err
			}
		}
		b.Entries = append(b.Entries, fhir.Entry{FullURL: s.baseURL(c) + "/AuditEvent/" + e.ID, Resource: body, Mode: fhir.ModeMatch})
	}
	if len(events) == count {
		tok, err := s.cursors.seal(cursor{Dir: dirNext, ID: strconv.FormatInt(events[len(events)-1].Seq, 10)}, "audit?"+auditBinding(params), p.Issuer+"|"+p.UserID)
		if err != nil {
			return err
		}
		next := url.Values{}
		for k, v := range self {
			next[k] = v
		}
		next.Set("_cursor", tok)
		b.Links = append(b.Links, fhir.Link{Relation: "next", URL: s.baseURL(c) + "/AuditEvent?" + next.Encode()})
	}
	facts(c).returned = len(b.Entries)
	c.Header("Cache-Control", "no-store")
	writeFHIR(c, http.StatusOK, b.AppendJSON(nil))
	return nil
}

// auditBinding is the query a page cursor belongs to.
func auditBinding(params url.Values) string {
	q := url.Values{}
	for k, v := range params {
		if k != "_cursor" {
			q[k] = v
		}
	}
	return q.Encode()
}

// dateBound reads one date parameter (ge, gt, le, lt) into the filter.
func dateBound(f *audit.Filter, v string) error {
	prefix, value := v[:min(2, len(v))], v[min(2, len(v)):]
	t, err := fhir.ParseDateTime(value)
	if err != nil {
		return badRequest(fmt.Sprintf("date must be ge, gt, le or lt then a date, such as date=ge2026-01-01 (%v)", err))
	}
	switch prefix {
	case "ge", "gt":
		f.From = t
	case "le", "lt":
		f.To = t
	default:
		return badRequest("date must start with ge, gt, le or lt, such as date=ge2026-01-01")
	}
	return nil
}

// subjectAccess answers GET /fhir/Patient/{nhs}/$sar: everything each data
// controller holds about the person, federated now and stored nowhere, the
// access log, and a manifest naming each controller and whether its part is
// complete. A controller that could not be reached is listed as incomplete,
// never left out. It is a collection Bundle, or with _format=zip (or Accept:
// application/zip) a zip of one Bundle per controller, the access log and
// the manifest.
//
// The answer is what the person has a right to see: every controller's
// records, without the sharing policy's filters; the information
// governance officer reviews it for exemptions before release.
func (s *Server) subjectAccess(c *gin.Context, id string) error {
	note(c, "sar", "operation", "Patient", "$sar")
	nhs, err := parseNHS(id)
	if err != nil {
		return err
	}
	if _, err := s.decide(c, policy.Action{Kind: policy.KindSAR, Patient: nhs}); err != nil {
		return err
	}
	p, _ := principal(c)
	v, err := s.cfg.Engine.Search(c.Request.Context(), federation.Request{Principal: p, NHSNumber: nhs, Everything: true})
	if err != nil {
		return err
	}
	facts(c).sources = v.Sources

	// The access log, all of it, newest first.
	var log []audit.StoredEvent
	f := audit.Filter{PatientNHS: nhs, Limit: audit.MaxLimit}
	for {
		batch, err := s.cfg.AuditLog.Search(c.Request.Context(), f)
		if err != nil {
			return storeError("the audit trail", err)
		}
		log = append(log, batch...)
		if len(batch) < f.Limit {
			break
		}
		f.Before = batch[len(batch)-1].Seq
	}

	// One part per controller: the merged Patient belongs to every one.
	parts := map[string][]fhir.Entry{}
	base := s.baseURL(c)
	for _, en := range v.Entries {
		e := fhir.Entry{FullURL: base + "/" + en.Resource.Type + "/" + en.Resource.ID, Resource: en.Resource.Raw}
		for _, src := range en.SourceIDs {
			parts[src] = append(parts[src], e)
		}
	}
	var accessLog []fhir.Entry
	for _, e := range log {
		body, err := audit.PatientView(e.Body)
		if err != nil {
			return err
		}
		accessLog = append(accessLog, fhir.Entry{FullURL: base + "/AuditEvent/" + e.ID, Resource: body})
	}
	manifest, err := sarManifest(nhs, s.cfg.Now(), v.Sources, parts, len(accessLog))
	if err != nil {
		return err
	}
	returned := len(accessLog)
	for _, es := range parts {
		returned += len(es)
	}
	facts(c).returned = returned
	c.Header("Cache-Control", "no-store")

	if wantsZip(c) {
		var buf bytes.Buffer
		z := zip.NewWriter(&buf)
		add := func(name string, body []byte) error {
			w, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: s.cfg.Now()})
			if err != nil {
				return err
			}
			_, err = w.Write(body)
			return err
		}
		if err := add("manifest.json", manifest); err != nil {
			return err
		}
		for _, o := range v.Sources {
			b := fhir.Bundle{ID: errorID(), Type: "collection", LastUpdated: s.cfg.Now(), Entries: parts[o.SourceID]}
			if err := add(o.SourceID+".json", b.AppendJSON(nil)); err != nil {
				return err
			}
		}
		logBundle := fhir.Bundle{ID: errorID(), Type: "collection", LastUpdated: s.cfg.Now(), Entries: accessLog}
		if err := add("access-log.json", logBundle.AppendJSON(nil)); err != nil {
			return err
		}
		if err := z.Close(); err != nil {
			return err
		}
		c.Header("Content-Disposition", `attachment; filename="subject-access-`+nhs+`.zip"`)
		c.Data(http.StatusOK, "application/zip", buf.Bytes())
		return nil
	}
	b := fhir.Bundle{ID: errorID(), Type: "collection", LastUpdated: s.cfg.Now()}
	b.Entries = append(b.Entries, fhir.Entry{FullURL: "urn:uuid:" + uuidFrom(errorID()+errorID()), Resource: manifest})
	for _, o := range v.Sources {
		for _, e := range parts[o.SourceID] {
			if o.SourceID != firstSource(e, parts, v.Sources) {
				continue // the merged Patient once, not once per controller
			}
			b.Entries = append(b.Entries, e)
		}
	}
	b.Entries = append(b.Entries, accessLog...)
	writeFHIR(c, http.StatusOK, b.AppendJSON(nil))
	return nil
}

// firstSource is the first controller whose part holds an entry.
func firstSource(e fhir.Entry, parts map[string][]fhir.Entry, sources []federation.SourceOutcome) string {
	for _, o := range sources {
		for _, x := range parts[o.SourceID] {
			if x.FullURL == e.FullURL {
				return o.SourceID
			}
		}
	}
	return ""
}

func wantsZip(c *gin.Context) bool {
	f := c.Query("_format")
	return f == "zip" || f == "application/zip" || strings.Contains(c.GetHeader("Accept"), "application/zip")
}

// uuidFrom formats 32 hex digits as a UUID.
func uuidFrom(hex string) string {
	return hex[0:8] + "-" + hex[8:12] + "-" + hex[12:16] + "-" + hex[16:20] + "-" + hex[20:32]
}

// sarManifest is a Parameters resource naming each controller, whether its
// part is complete and how many resources it holds, and the access log.
func sarManifest(nhs string, now time.Time, sources []federation.SourceOutcome, parts map[string][]fhir.Entry, logged int) ([]byte, error) {
	type param struct {
		Name            string           `json:"name"`
		ValueString     string           `json:"valueString,omitempty"`
		ValueBoolean    *bool            `json:"valueBoolean,omitempty"`
		ValueInteger    *int             `json:"valueInteger,omitempty"`
		ValueInstant    string           `json:"valueInstant,omitempty"`
		ValueIdentifier *fhir.Identifier `json:"valueIdentifier,omitempty"`
		Part            []param          `json:"part,omitempty"`
	}
	boolean := func(b bool) *bool { return &b }
	integer := func(n int) *int { return &n }
	ps := []param{
		{Name: "subject", ValueIdentifier: &fhir.Identifier{System: fhir.NHSNumberSystem, Value: nhs}},
		{Name: "generated", ValueInstant: now.UTC().Format(time.RFC3339)},
	}
	for _, o := range sources {
		complete := o.Complete()
		part := []param{
			{Name: "ods", ValueString: o.Organisation.ODS},
			{Name: "name", ValueString: o.Organisation.Name},
			{Name: "source", ValueString: o.SourceID},
			{Name: "complete", ValueBoolean: boolean(complete)},
			{Name: "holdsRecord", ValueBoolean: boolean(o.PatientKnown)},
			{Name: "resources", ValueInteger: integer(len(parts[o.SourceID]))},
		}
		if !complete {
			part = append(part, param{Name: "reason", ValueString: o.Reason})
		}
		ps = append(ps, param{Name: "controller", Part: part})
	}
	ps = append(ps, param{Name: "accessLog", Part: []param{
		{Name: "events", ValueInteger: integer(logged)},
		{Name: "complete", ValueBoolean: boolean(true)},
	}})
	return json.Marshal(struct {
		ResourceType string  `json:"resourceType"`
		ID           string  `json:"id"`
		Parameter    []param `json:"parameter"`
	}{"Parameters", "sar-manifest", ps})
}
