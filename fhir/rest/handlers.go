package rest

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/shcr/shcr/federation"
	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/policy"
	"github.com/shcr/shcr/policy/audit"
	"github.com/shcr/shcr/policy/auth"
)

// compartmentTypes are the patient-compartment resource types the facade
// searches. supportingTypes are read by id only: they are referenced from
// patient records (who recorded it, where) and hold no patient data.
func compartmentTypes() []string {
	return []string{
		"AllergyIntolerance", "Appointment", "CarePlan", "CareTeam", "Condition", "DiagnosticReport",
		"DocumentReference", "Encounter", "EpisodeOfCare", "Flag", "Goal", "Immunization",
		"MedicationRequest", "MedicationStatement", "Observation", "Procedure", "RelatedPerson", "ServiceRequest",
	}
}

func supportingTypes() []string {
	return []string{"Location", "Medication", "Organization", "Practitioner", "PractitionerRole"}
}

func isCompartmentType(t string) bool { return slices.Contains(compartmentTypes(), t) }

// checkType answers 404 for a type the facade does not serve.
func checkType(t string) error {
	if t == "Patient" || t == "Consent" || t == "AuditEvent" || isCompartmentType(t) || slices.Contains(supportingTypes(), t) {
		return nil
	}
	return notFound(fmt.Sprintf("resource type %q is not served here; see /fhir/metadata for the types this server supports", truncate(t, 64)))
}

// strictSources reports whether a failed source makes the answer an error:
// strict handling, except for another shared care record asking, which
// needs the partial answer (and its warnings) to pass on to its own user.
func strictSources(c *gin.Context) bool { return strict(c) && !peerRequest(c) }

// strict reports whether the client asked for strict handling (Prefer:
// handling=strict): unknown parameters and failed sources become errors.
func strict(c *gin.Context) bool {
	for _, v := range c.Request.Header.Values("Prefer") {
		for _, part := range strings.Split(v, ";") {
			if k, val, ok := strings.Cut(strings.TrimSpace(part), "="); ok && strings.EqualFold(k, "handling") {
				return strings.EqualFold(strings.Trim(val, `"`), "strict")
			}
		}
	}
	return false
}

func (s *Server) readyz(c *gin.Context) error {
	if s.cfg.Ready != nil {
		if err := s.cfg.Ready(c.Request.Context()); err != nil {
			return &Error{Status: http.StatusServiceUnavailable, Issue: unavailable("not ready: " + err.Error()).Issue, Err: err}
		}
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
	return nil
}

func (s *Server) metadata(c *gin.Context) error {
	types := map[string]fhir.TypeSupport{}
	served := s.cfg.Engine.Capabilities()
	patientParams := []fhir.SearchParamSupport{
		{Name: "identifier", Type: "token", Documentation: "The NHS number only: https://fhir.nhs.uk/Id/nhs-number|<NHS number>"},
		{Name: "_id", Type: "token", Documentation: "The NHS number (the federated Patient id)"},
	}
	types["Patient"] = fhir.TypeSupport{Read: true, Search: true, Params: patientParams, Operations: []string{"everything"},
		Profile: "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"}
	for _, t := range compartmentTypes() {
		if served[t] {
			types[t] = s.searchSupport(t)
		}
	}
	for _, t := range supportingTypes() {
		if served[t] {
			types[t] = fhir.TypeSupport{Read: true}
		}
	}
	o := fhir.CapabilityOptions{
		Software: "shcr", Version: s.cfg.Version, URL: s.baseURL(c), Types: types, Now: s.cfg.Now(),
		Documentation: searchDocumentation,
	}
	if s.cfg.Demo != nil {
		o.TokenURL = strings.TrimSuffix(s.baseURL(c), "/fhir") + "/demo/token"
	}
	body, err := fhir.CapabilityStatement(o)
	if err != nil {
		return err
	}
	writeFHIR(c, http.StatusOK, body)
	return nil
}

func (s *Server) smartConfiguration(c *gin.Context) error {
	doc := gin.H{
		"capabilities":                     []string{"client-confidential-asymmetric", "context-ehr-patient", "permission-v2", "permission-patient", "permission-user"},
		"scopes_supported":                 []string{"patient/*.rs", "user/*.rs", "system/*.rs", "openid", "fhirUser", "launch/patient"},
		"code_challenge_methods_supported": []string{"S256"},
	}
	if s.cfg.Demo != nil {
		doc["issuer"] = s.cfg.Demo.Issuer()
		doc["token_endpoint"] = strings.TrimSuffix(s.baseURL(c), "/fhir") + "/demo/token"
	}
	c.JSON(http.StatusOK, doc)
	return nil
}

// demoToken issues a signed token for demo mode (DESIGN §4).
func (s *Server) demoToken(c *gin.Context) error {
	q := c.Request.URL.Query()
	role := q.Get("role")
	if !policy.Role(role).Valid() {
		return badRequest("role must be one of clinician, social-care, admin, patient, carer, ig-officer, system")
	}
	user := q.Get("user")
	if user == "" {
		return badRequest("user is required, e.g. user=dr-jones")
	}
	org := q.Get("org")
	patient := q.Get("patient")
	if patient != "" {
		if _, err := fhir.ParseNHSNumber(patient); err != nil {
			return badRequest("patient must be a valid NHS number: " + err.Error())
		}
	}
	scope := q.Get("scope")
	if scope == "" {
		scope = demoScopes(policy.Role(role))
	}
	purpose := q.Get("purpose")
	if purpose == "" {
		purpose = "TREAT"
	}
	level := q.Get("identity_level")
	if level == "" && role == string(policy.RolePatient) {
		level = "P9"
	}
	tok, exp, err := s.cfg.Demo.Issue(auth.DemoRequest{User: user, Name: q.Get("name"), Role: role, Org: org, Patient: patient,
		Scope: scope, Purpose: purpose, IdentityLevel: level})
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"access_token": tok, "token_type": "Bearer", "expires_in": exp, "scope": scope})
	return nil
}

// demoScopes are the SMART scopes a demo token gets when none are asked
// for: read and search in the role's context, and for information
// governance officers the right to record consents and close alerts.
func demoScopes(r policy.Role) string {
	switch r {
	case policy.RolePatient, policy.RoleCarer:
		return "patient/*.rs"
	case policy.RoleSystem:
		return "system/*.rs"
	case policy.RoleIGOfficer:
		return "user/*.rs user/Consent.cu user/Flag.u"
	}
	return "user/*.rs"
}

// read answers GET /fhir/{type}/{id}.
func (s *Server) read(c *gin.Context) error {
	typ, id := c.Param("type"), c.Param("id")
	note(c, audit.ActionRead, "read", typ, "")
	switch {
	case typ == "Patient" && !strings.Contains(id, "."):
		return s.readPatient(c, id)
	case typ == "Consent":
		return s.readConsent(c, id)
	case typ == "Flag" && strings.HasPrefix(id, alertIDPrefix):
		return s.readAlert(c, id)
	}
	if err := checkType(typ); err != nil {
		return err
	}
	// Role, scope and type first: nothing is fetched for a user who may
	// not read this type at all.
	if _, err := s.decide(c, policy.Action{Kind: policy.KindRead, Type: typ}); err != nil {
		return err
	}
	p, _ := principal(c)
	res, err := s.cfg.Engine.Read(c.Request.Context(), p, typ, id)
	if err != nil {
		return s.readError(typ, id, err)
	}
	// Then the patient it is about. A denial now is answered like a
	// missing id, so a read never reveals that a record exists.
	a := policy.Action{Kind: policy.KindRead, Type: typ, Patient: res.NHSNumber, SourceID: res.Source.SourceID}
	a.Unidentified = res.NHSNumber == "" && (typ == "Patient" || fhir.InPatientCompartment(typ))
	dec, err := s.decide(c, a)
	if err != nil {
		if isDenied(err) {
			return notVisible(typ, id)
		}
		return err
	}
	v := &federation.View{NHSNumber: res.NHSNumber, Entries: []federation.Entry{{Resource: res.Resource, SourceIDs: []string{res.Source.SourceID}}},
		Sources: []federation.SourceOutcome{res.Source}}
	if _, err := s.release(c, dec, v); err != nil {
		return err
	}
	if len(v.Entries) == 0 {
		return notVisible(typ, id)
	}
	facts(c).returned = 1
	s.writeResource(c, v.Entries[0].Resource)
	return nil
}

func (s *Server) readError(typ, id string, err error) error {
	var se *federation.SourceError
	switch {
	case errors.Is(err, federation.ErrNotFound):
		e := notVisible(typ, id).(*Error)
		e.Err = err
		return e
	case errors.As(err, &se):
		o := se.Outcome
		return &Error{Status: http.StatusServiceUnavailable, Err: err, Issue: fhir.Issue{
			Severity: fhir.SeverityError, Code: issueCode(o),
			Diagnostics: fmt.Sprintf("the record is held by %s (ODS %s), which %s; try again later", o.Organisation.Name, o.Organisation.ODS, o.Reason),
		}}
	}
	return err
}

func issueCode(o federation.SourceOutcome) string {
	if o.Status == federation.StatusTimedOut {
		return fhir.IssueTimeout
	}
	return fhir.IssueTransient
}

// parseNHS validates an NHS number from the client, answering 400.
func parseNHS(s string) (string, error) {
	nhs, err := fhir.ParseNHSNumber(s)
	if err != nil {
		return "", badRequest(err.Error() + "; patients are identified here by a valid 10-digit NHS number")
	}
	return nhs, nil
}

// readPatient answers GET /fhir/Patient/{nhs}: the patient merged from
// every source that knows them.
func (s *Server) readPatient(c *gin.Context, id string) error {
	nhs, err := parseNHS(id)
	if err != nil {
		return err
	}
	v, _, _, err := s.mergedPatient(c, nhs)
	if err != nil {
		return err
	}
	if len(v.Entries) == 0 {
		msg := "no organisation in this shared care record holds a record for this NHS number"
		if !v.Complete() {
			msg = "no organisation that answered holds a record for this NHS number, but " + failedSources(v) + "; try again later"
		}
		return notFound(msg)
	}
	if !v.Complete() {
		// A read has no room for outcome entries; say it in a header.
		c.Header("Warning", `199 shcr "incomplete: `+failedSources(v)+`"`)
	}
	facts(c).returned = 1
	s.writeResource(c, v.Entries[0].Resource)
	return nil
}

// mergedPatient decides on, fetches and releases the merged Patient for a
// read or a search: the view, the engine request (for includes), and
// whether the policy held anything back.
func (s *Server) mergedPatient(c *gin.Context, nhs string) (*federation.View, federation.Request, bool, error) {
	dec, err := s.decide(c, policy.Action{Kind: policy.KindPatient, Patient: nhs})
	if err != nil {
		return nil, federation.Request{}, false, err
	}
	p, _ := principal(c)
	req := federation.Request{Principal: p, NHSNumber: nhs}
	s.constrain(c, &req, dec)
	v, err := s.cfg.Engine.Patient(c.Request.Context(), req)
	if err != nil {
		return nil, req, false, err
	}
	if !v.Complete() && strictSources(c) {
		return nil, req, false, incomplete(v)
	}
	held, err := s.release(c, dec, v)
	if err != nil {
		return nil, req, false, err
	}
	return v, req, held, nil
}

func (s *Server) writeResource(c *gin.Context, r *fhir.Resource) {
	c.Header("Cache-Control", "no-store")
	if r.Meta.LastUpdated != "" {
		if t, err := fhir.ParseDateTime(r.Meta.LastUpdated); err == nil {
			c.Header("Last-Modified", t.UTC().Format(http.TimeFormat))
		}
	}
	if r.Meta.VersionID != "" {
		c.Header("ETag", `W/"`+r.Meta.VersionID+`"`)
	}
	writeFHIR(c, http.StatusOK, r.Raw)
}

// incomplete is the strict-handling answer when a source failed.
func incomplete(v *federation.View) error {
	return unavailable("Prefer: handling=strict was asked for and the answer is incomplete: " + failedSources(v))
}

// failedSources describes the sources whose part is missing, for people.
func failedSources(v *federation.View) string {
	var parts []string
	for _, o := range v.Sources {
		if !o.Complete() {
			reason := o.Reason
			if o.Truncated && reason == "" {
				reason = "sent only part of its answer"
			}
			parts = append(parts, fmt.Sprintf("%s (ODS %s, source %s) %s", o.Organisation.Name, o.Organisation.ODS, o.SourceID, reason))
		}
	}
	return strings.Join(parts, "; ")
}

// instanceOperation answers GET /fhir/{type}/{id}/{operation}.
func (s *Server) instanceOperation(c *gin.Context) error {
	typ, id, op := c.Param("type"), c.Param("id"), c.Param("operation")
	note(c, audit.ActionEverything, "operation", typ, op)
	if typ == "Patient" && op == "$sar" {
		return s.subjectAccess(c, id)
	}
	if typ != "Patient" || op != "$everything" {
		if err := checkType(typ); err != nil {
			return err
		}
		return notSupported(fmt.Sprintf("operation %q is not supported on %s; this server supports Patient/<NHS number>/$everything", truncate(op, 40), typ))
	}
	nhs, err := parseNHS(id)
	if err != nil {
		return err
	}
	params := formParams(c)
	noteParams(c, params)
	isStrict := strict(c)
	page, err := s.pageParams(params)
	if err != nil {
		return err
	}
	dec, err := s.decide(c, policy.Action{Kind: policy.KindEverything, Patient: nhs})
	if err != nil {
		return err
	}
	req := federation.Request{NHSNumber: nhs, Everything: true}
	req.Principal, _ = principal(c)
	s.constrain(c, &req, dec)
	applied := url.Values{}
	var ignored []string
	for name, vals := range params {
		switch name {
		case "_count", "_cursor", "_format":
		case "_type":
			for _, v := range vals {
				for _, t := range strings.Split(v, ",") {
					t = strings.TrimSpace(t)
					if t != "Patient" && !isCompartmentType(t) && !slices.Contains(supportingTypes(), t) {
						return badRequest(fmt.Sprintf("_type %q is not a resource type served here", truncate(t, 64)))
					}
					if !slices.Contains(req.Types, t) {
						req.Types = append(req.Types, t)
					}
				}
			}
			slices.Sort(req.Types)
			applied.Set("_type", strings.Join(req.Types, ","))
		case "_since":
			if len(vals) != 1 {
				return badRequest("_since may be given once")
			}
			since, err := time.Parse(time.RFC3339Nano, vals[0])
			if err != nil {
				return badRequest(fmt.Sprintf("_since must be an instant such as 2024-01-01T00:00:00Z, not %q", truncate(vals[0], 40)))
			}
			req.Criteria = append(req.Criteria, sinceCriterion(since))
			applied.Set("_since", vals[0])
		default:
			if isStrict {
				return badRequest(fmt.Sprintf("parameter %q is not supported by $everything (supported: _type, _since, _count)", truncate(name, 40)))
			}
			ignored = append(ignored, name)
		}
	}
	if len(req.Types) > 0 && !slices.Contains(req.Types, "Patient") {
		// The patient is always part of their own record's answer.
		req.Types = append(req.Types, "Patient")
	}
	v, err := s.cfg.Engine.Search(c.Request.Context(), req)
	if err != nil {
		return err
	}
	if !v.Complete() && strictSources(c) {
		return incomplete(v)
	}
	if len(v.Entries) == 0 && !v.Known() && v.Complete() {
		return notFound("no organisation in this shared care record holds a record for this NHS number")
	}
	held, err := s.release(c, dec, v)
	if err != nil {
		return err
	}
	self := s.baseURL(c) + "/Patient/" + nhs + "/$everything"
	return s.writeSearchset(c, searchset{req: req, view: v, base: self, applied: applied, page: page, ignored: ignored, queryKey: "everything|" + nhs, held: held})
}

// instanceOperationPost answers POST /fhir/{type}/{id}/{operation}: closing
// a break-glass alert.
func (s *Server) instanceOperationPost(c *gin.Context) error {
	typ, id, op := c.Param("type"), c.Param("id"), c.Param("operation")
	note(c, audit.ActionUpdate, "operation", typ, op)
	if typ == "Flag" && op == "$close" && strings.HasPrefix(id, alertIDPrefix) {
		return s.closeAlert(c, id)
	}
	if err := checkType(typ); err != nil {
		return err
	}
	return notSupported(fmt.Sprintf("operation %q is not supported on %s by POST; break-glass alerts are closed with Flag/break-glass-<n>/$close", truncate(op, 40), typ))
}

// sinceCriterion keeps resources whose meta.lastUpdated is at or after
// since; resources without lastUpdated are kept, since they may have
// changed.
func sinceCriterion(since time.Time) federation.Criterion {
	return federation.NewCriterion("_lastUpdated", "ge"+since.UTC().Format(time.RFC3339Nano),
		func(v any) (bool, error) {
			m, _ := v.(map[string]any)
			meta, _ := m["meta"].(map[string]any)
			lu, _ := meta["lastUpdated"].(string)
			if lu == "" {
				return true, nil
			}
			t, err := fhir.ParseDateTime(lu)
			if err != nil {
				return true, nil
			}
			return !t.Before(since), nil
		})
}

// formParams merges the query string with a POSTed form (_search).
func formParams(c *gin.Context) url.Values {
	params := c.Request.URL.Query()
	if c.Request.Method == http.MethodPost {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 64<<10)
		if err := c.Request.ParseForm(); err == nil {
			for k, vs := range c.Request.PostForm {
				params[k] = append(params[k], vs...)
			}
		}
	}
	return params
}

// pageSpec is the requested page.
type pageSpec struct {
	count  int
	cursor string
}

func (s *Server) pageParams(params url.Values) (pageSpec, error) {
	p := pageSpec{count: s.cfg.DefaultCount}
	if vs, ok := params["_count"]; ok {
		if len(vs) != 1 {
			return p, badRequest("_count may be given once")
		}
		n, err := strconv.Atoi(vs[0])
		if err != nil || n < 0 {
			return p, badRequest(fmt.Sprintf("_count must be a whole number from 0 to %d", s.cfg.MaxCount))
		}
		p.count = min(n, s.cfg.MaxCount)
	}
	if vs, ok := params["_cursor"]; ok {
		if len(vs) != 1 {
			return p, badRequest("_cursor may be given once")
		}
		p.cursor = vs[0]
	}
	return p, nil
}

// search answers GET /fhir/{type}?... and POST /fhir/{type}/_search.
func (s *Server) search(c *gin.Context) error {
	typ := c.Param("type")
	note(c, audit.ActionSearch, "search-type", typ, "")
	if err := checkType(typ); err != nil {
		return err
	}
	params := formParams(c)
	noteParams(c, params)
	switch {
	case typ == "Patient":
		return s.searchPatient(c, params)
	case typ == "Consent":
		return s.searchConsents(c)
	case typ == "Flag" && isAlertSearch(params):
		return s.searchAlerts(c)
	case typ == "AuditEvent":
		return s.searchAudit(c)
	}
	if !isCompartmentType(typ) {
		return notSupported(fmt.Sprintf("%s is read by id (%s/<id>) but cannot be searched here", typ, typ))
	}
	isStrict := strict(c)
	page, err := s.pageParams(params)
	if err != nil {
		return err
	}
	if err := checkSearchParams(params); err != nil {
		return err
	}
	nhs, rest, err := patientScope(params)
	if err != nil {
		return err
	}
	sq, err := s.cfg.Searcher.Parse(typ, rest, isStrict)
	if err != nil {
		return err
	}
	sq.Applied.Set("patient", nhs)
	dec, err := s.decide(c, policy.Action{Kind: policy.KindSearch, Type: typ, Patient: nhs})
	if err != nil {
		return err
	}
	p, _ := principal(c)
	req := federation.Request{Principal: p, NHSNumber: nhs, Type: typ, Criteria: sq.Criteria, Sort: sq.Sort}
	s.constrain(c, &req, dec)
	v, err := s.cfg.Engine.Search(c.Request.Context(), req)
	if err != nil {
		return err
	}
	if !v.Complete() && strictSources(c) {
		return incomplete(v)
	}
	held, err := s.release(c, dec, v)
	if err != nil {
		return err
	}
	return s.writeSearchset(c, searchset{req: req, view: v, base: s.baseURL(c) + "/" + typ, applied: sq.Applied, page: page,
		shape: sq.Shape, ignored: sq.Ignored, queryKey: typ, held: held})
}

// patientScope finds the patient a search is about. Searches are always
// patient-scoped: patient=<nhs>, patient=Patient/<nhs>, subject=Patient/<nhs>,
// subject:Patient=<nhs>, or patient:identifier=<nhs system>|<nhs>.
func patientScope(params url.Values) (string, url.Values, error) {
	rest := url.Values{}
	var found []string
	for name, vals := range params {
		switch name {
		case "_count", "_cursor", "_format":
			continue
		case "patient", "subject", "subject:Patient", "patient:Patient":
			for _, v := range vals {
				v = strings.TrimPrefix(v, "Patient/")
				if name == "subject" && !strings.HasPrefix(vals[0], "Patient/") {
					return "", nil, badRequest("subject must name a patient: subject=Patient/<NHS number>")
				}
				found = append(found, v)
			}
		case "patient:identifier", "subject:identifier":
			for _, v := range vals {
				nhs, ok := strings.CutPrefix(v, fhir.NHSNumberSystem+"|")
				if !ok {
					return "", nil, badRequest("patient:identifier must be " + fhir.NHSNumberSystem + "|<NHS number>")
				}
				found = append(found, nhs)
			}
		default:
			rest[name] = vals
		}
	}
	if len(found) == 0 {
		return "", nil, badRequest("searches are patient-scoped: add patient=<NHS number>")
	}
	if len(found) > 1 || strings.Contains(found[0], ",") {
		return "", nil, badRequest("a search may name one patient only")
	}
	nhs, err := parseNHS(found[0])
	if err != nil {
		return "", nil, err
	}
	return nhs, rest, nil
}

// searchPatient answers Patient?identifier=<nhs system>|<nhs> and
// Patient?_id=<nhs>: a searchset holding the merged patient, or empty.
func (s *Server) searchPatient(c *gin.Context, params url.Values) error {
	isStrict := strict(c)
	page, err := s.pageParams(params)
	if err != nil {
		return err
	}
	var nhsValues []string
	var ignored []string
	for name, vals := range params {
		switch name {
		case "_count", "_cursor", "_format":
		case "identifier":
			for _, v := range vals {
				nhs, ok := strings.CutPrefix(v, fhir.NHSNumberSystem+"|")
				if !ok {
					return badRequest("search for a patient by NHS number: identifier=" + fhir.NHSNumberSystem + "|<NHS number>")
				}
				nhsValues = append(nhsValues, nhs)
			}
		case "_id":
			nhsValues = append(nhsValues, vals...)
		default:
			if isStrict || !strings.HasPrefix(name, "_") {
				return badRequest("patients are found here by NHS number only: identifier=" + fhir.NHSNumberSystem + "|<NHS number> or _id=<NHS number>")
			}
			ignored = append(ignored, name)
		}
	}
	if len(nhsValues) == 0 {
		return badRequest("search for a patient by NHS number: identifier=" + fhir.NHSNumberSystem + "|<NHS number>")
	}
	if len(nhsValues) > 1 || strings.Contains(nhsValues[0], ",") {
		return badRequest("a patient search may name one NHS number only")
	}
	nhs, err := parseNHS(nhsValues[0])
	if err != nil {
		return err
	}
	v, req, held, err := s.mergedPatient(c, nhs)
	if err != nil {
		return err
	}
	applied := url.Values{"identifier": {fhir.NHSNumberSystem + "|" + nhs}}
	return s.writeSearchset(c, searchset{req: req, view: v, base: s.baseURL(c) + "/Patient", applied: applied, page: page, ignored: ignored, queryKey: "Patient|" + nhs, held: held})
}
