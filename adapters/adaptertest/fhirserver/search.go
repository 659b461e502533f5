package fhirserver

import (
	"cmp"
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/fhir/fhirpath"
	"github.com/shcr/shcr/fhir/search"
)

// paramDef is one search parameter the server implements.
type paramDef struct {
	name string
	kind string // token, date or reference, as CapabilityStatement.rest.resource.searchParam.type
}

// hasSubject reports whether a compartment type's patient element is
// subject, for which the server also implements the subject parameter.
func hasSubject(resourceType string) bool {
	switch resourceType {
	case "Observation", "Condition", "MedicationStatement", "MedicationRequest", "MedicationAdministration",
		"MedicationDispense", "DiagnosticReport", "Encounter", "Procedure", "DocumentReference", "CarePlan",
		"CareTeam", "Goal", "ServiceRequest", "Composition", "QuestionnaireResponse", "Flag", "List":
		return true
	}
	return false
}

// classicParams are the parameters the server declares by default: those
// of a typical EPR's FHIR API. For compartment types it also declares
// patient (and subject where the type has one), code, date and status,
// where R4 defines them for the type.
func classicParams(resourceType string) []string {
	names := []string{"_id", "_lastUpdated", "identifier"}
	if resourceType != "Patient" && fhir.InPatientCompartment(resourceType) {
		names = append(names, "patient")
		if hasSubject(resourceType) {
			names = append(names, "subject")
		}
		names = append(names, "code", "date", "status")
	}
	return names
}

// implemented lists the search parameters the server applies for a type.
// For the types package search serves, they are R4's own (the classic
// ones that R4 defines for the type, or with AllParameters every one that
// package search evaluates), applied with package search's matcher — the
// same one shcr applies engine-side, so a test can compare the two. For
// other types they are _id, _lastUpdated and identifier (and the patient
// links), applied by simple matching.
func (s *Server) implemented(resourceType string) []paramDef {
	reg, _ := s.registry()
	if reg != nil && reg.Definitions(resourceType) != nil {
		var defs []paramDef
		if s.opt.AllParameters {
			for _, d := range reg.Definitions(resourceType) {
				if d.Unsupported == "" {
					defs = append(defs, paramDef{d.Code, string(d.Type)})
				}
			}
			return defs
		}
		for _, name := range classicParams(resourceType) {
			if d, ok := reg.Lookup(resourceType, name); ok && d.Unsupported == "" {
				defs = append(defs, paramDef{d.Code, string(d.Type)})
			}
		}
		return defs
	}
	defs := []paramDef{{"_id", "token"}, {"_lastUpdated", "date"}, {"identifier", "token"}}
	if resourceType != "Patient" && fhir.InPatientCompartment(resourceType) {
		defs = append(defs, paramDef{"patient", "reference"})
		if hasSubject(resourceType) {
			defs = append(defs, paramDef{"subject", "reference"})
		}
	}
	return defs
}

// registry returns the R4 search parameter registry.
func (s *Server) registry() (*search.Registry, error) {
	return s.reg, s.regErr
}

// declared lists the parameters the server declares (and accepts) for a
// type.
func (s *Server) declared(resourceType string) []paramDef {
	defs := s.implemented(resourceType)
	if s.opt.Declare == nil {
		return defs
	}
	return slices.DeleteFunc(defs, func(d paramDef) bool { return !s.opt.Declare(resourceType, d.name) })
}

// capabilityDate is the CapabilityStatement's date: fixed, so answers are
// reproducible.
const capabilityDate = "2026-01-01"

func (s *Server) metadata(ctx context.Context, base string) response {
	caps, err := s.src.Describe(ctx)
	if err != nil {
		return s.sourceError(err)
	}
	type param struct {
		Name string `json:"name"`
		Type string `json:"type"`
	}
	type operation struct {
		Name       string `json:"name"`
		Definition string `json:"definition"`
	}
	type interaction struct {
		Code string `json:"code"`
	}
	type resource struct {
		Type        string        `json:"type"`
		Interaction []interaction `json:"interaction"`
		SearchParam []param       `json:"searchParam,omitempty"`
		Operation   []operation   `json:"operation,omitempty"`
	}
	var resources []resource
	for _, typ := range slices.Sorted(func(yield func(string) bool) {
		for t := range caps.Types {
			if !yield(t) {
				return
			}
		}
	}) {
		res := resource{Type: typ, Interaction: []interaction{{"read"}, {"search-type"}}}
		for _, d := range s.declared(typ) {
			res.SearchParam = append(res.SearchParam, param{d.name, d.kind})
		}
		if typ == "Patient" && s.opt.Everything {
			res.Operation = []operation{{"everything", "http://hl7.org/fhir/OperationDefinition/Patient-everything"}}
		}
		resources = append(resources, res)
	}
	cs := struct {
		ResourceType string `json:"resourceType"`
		Status       string `json:"status"`
		Date         string `json:"date"`
		Kind         string `json:"kind"`
		Software     struct {
			Name string `json:"name"`
		} `json:"software"`
		Implementation struct {
			Description string `json:"description"`
			URL         string `json:"url"`
		} `json:"implementation"`
		FHIRVersion string   `json:"fhirVersion"`
		Format      []string `json:"format"`
		Rest        []struct {
			Mode     string     `json:"mode"`
			Resource []resource `json:"resource"`
		} `json:"rest"`
	}{ResourceType: "CapabilityStatement", Status: "active", Date: capabilityDate, Kind: "instance",
		FHIRVersion: "4.0.1", Format: []string{"application/fhir+json"}}
	cs.Software.Name = "shcr fhirserver (test)"
	cs.Implementation.Description = "test FHIR server"
	cs.Implementation.URL = base
	cs.Rest = append(cs.Rest, struct {
		Mode     string     `json:"mode"`
		Resource []resource `json:"resource"`
	}{"server", resources})
	b, err := json.Marshal(cs)
	if err != nil {
		return outcome(http.StatusInternalServerError, fhir.IssueException, "encoding the CapabilityStatement")
	}
	return response{status: http.StatusOK, body: b}
}

// sourceError turns an error from the source into an answer.
func (s *Server) sourceError(err error) response {
	switch s.src.Code(err) {
	case adapters.NotFound:
		return outcome(http.StatusNotFound, fhir.IssueNotFound, "not found")
	case adapters.InvalidArgument:
		return outcome(http.StatusBadRequest, fhir.IssueInvalid, "the search cannot be answered: "+err.Error())
	case adapters.PermissionDenied:
		return outcome(http.StatusForbidden, fhir.IssueForbidden, "denied")
	case adapters.Unavailable:
		return outcome(http.StatusServiceUnavailable, fhir.IssueTransient, "unavailable")
	case adapters.DeadlineExceeded:
		return outcome(http.StatusGatewayTimeout, fhir.IssueTimeout, "timed out")
	case adapters.Unimplemented:
		return outcome(http.StatusNotImplemented, fhir.IssueNotSupported, "not supported")
	}
	return outcome(http.StatusInternalServerError, fhir.IssueException, "the source failed")
}

// queryParam is one name=value pair of a query string, in order, with the
// modifier split off the name.
type queryParam struct {
	name, modifier, value string
}

// parseQuery splits a raw query string into its parameters, keeping their
// order (url.Values does not).
func parseQuery(raw string) ([]queryParam, error) {
	var out []queryParam
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		name, err := url.QueryUnescape(k)
		if err != nil {
			return nil, fmt.Errorf("parameter name %q is not URL-encoded properly", k)
		}
		value, err := url.QueryUnescape(v)
		if err != nil {
			return nil, fmt.Errorf("the value of %s is not URL-encoded properly", name)
		}
		name, mod, _ := strings.Cut(name, ":")
		out = append(out, queryParam{name: name, modifier: mod, value: value})
	}
	return out, nil
}

// page is where a search page starts and how long it is.
type page struct {
	offset, count int
	// types narrows $everything (its _type parameter).
	types []string
}

// control reads the result parameters every search accepts (_count,
// _cursor, _format) and returns the others.
func (s *Server) control(ps []queryParam, everything bool) (page, []queryParam, error) {
	pg := page{count: s.opt.DefaultCount}
	var rest []queryParam
	for _, p := range ps {
		switch {
		case p.name == "_count":
			n, err := strconv.Atoi(p.value)
			if err != nil || n < 0 {
				return pg, nil, fmt.Errorf("_count must be a non-negative integer")
			}
			pg.count = min(n, s.opt.MaxCount)
		case p.name == "_cursor":
			off, err := decodeCursor(p.value)
			if err != nil {
				return pg, nil, err
			}
			pg.offset = off
		case p.name == "_format":
			if p.value != "json" && !strings.Contains(p.value, "json") {
				return pg, nil, fmt.Errorf("only JSON is served")
			}
		case p.name == "_type" && everything:
			pg.types = strings.Split(p.value, ",")
		default:
			rest = append(rest, p)
		}
	}
	return pg, rest, nil
}

// The cursor is opaque to clients: an offset they cannot read or guess
// without decoding it.
func encodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(offset)))
}

func decodeCursor(c string) (int, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil {
		if n, ok := strings.CutPrefix(string(b), "offset:"); ok {
			if off, err := strconv.Atoi(n); err == nil && off >= 0 {
				return off, nil
			}
		}
	}
	return 0, fmt.Errorf("_cursor is not a cursor this server issued")
}

func (s *Server) search(r *http.Request, base, typ string, f Fault) response {
	ctx := r.Context()
	caps, err := s.src.Describe(ctx)
	if err != nil {
		return s.sourceError(err)
	}
	if !caps.Serves(typ) {
		return outcome(http.StatusNotFound, fhir.IssueNotSupported, "this server holds no "+typ+" resources")
	}
	all, err := parseQuery(r.URL.RawQuery)
	if err != nil {
		return outcome(http.StatusBadRequest, fhir.IssueInvalid, err.Error())
	}
	pg, params, err := s.control(all, false)
	if err != nil {
		return outcome(http.StatusBadRequest, fhir.IssueInvalid, err.Error())
	}
	declared := s.declared(typ)
	reg, err := s.registry()
	if err != nil {
		return outcome(http.StatusInternalServerError, fhir.IssueException, "loading the search parameter definitions")
	}
	byRegistry := reg.Definitions(typ) != nil
	filters := url.Values{} // the parameters package search applies
	q := adapters.Query{Type: typ}
	var links [][]string // one alternatives list per patient/subject parameter
	for _, p := range params {
		i := slices.IndexFunc(declared, func(d paramDef) bool { return d.name == p.name })
		if i < 0 {
			return outcome(http.StatusBadRequest, fhir.IssueNotSupported, "unknown or undeclared search parameter "+p.name)
		}
		if byRegistry && p.name != "patient" && p.name != "subject" {
			key := p.name
			if p.modifier != "" {
				key += ":" + p.modifier
			}
			filters.Add(key, p.value)
		}
		switch {
		case !byRegistry && p.modifier != "" && (p.modifier != "not" || declared[i].kind != "token"):
			return outcome(http.StatusBadRequest, fhir.IssueNotSupported, "unsupported modifier "+p.name+":"+p.modifier)
		case p.name == "patient" || p.name == "subject":
			var ids []string
			for alt := range strings.SplitSeq(p.value, ",") {
				id := strings.TrimPrefix(alt, "Patient/")
				if !fhir.ValidID(id) {
					return outcome(http.StatusBadRequest, fhir.IssueInvalid, p.name+" must reference a Patient")
				}
				ids = append(ids, id)
			}
			links = append(links, ids)
		case (p.name == "_id" || p.name == "identifier") && p.modifier == "" && caps.Types[typ].Supports(p.name):
			// The source applies these itself, and the Patient search
			// needs them to start from; the server applies them again.
			q.Params = append(q.Params, adapters.Param{Name: p.name, Value: p.value})
		}
	}
	if len(links) > 0 {
		q.Patients = links[0]
		for _, l := range links[1:] {
			q.Patients = slices.DeleteFunc(q.Patients, func(id string) bool { return !slices.Contains(l, id) })
		}
		if len(q.Patients) == 0 {
			return s.bundle(r, base, pg, nil, f)
		}
	} else if fhir.InPatientCompartment(typ) && typ != "Patient" {
		return outcome(http.StatusBadRequest, fhir.IssueProcessing, "a search of "+typ+" must name a patient (patient or subject)")
	}
	var query *search.Query
	if byRegistry {
		// Strict, as a server that rejects what it does not support.
		if query, err = reg.Parse(typ, filters, search.ParseOptions{Strict: true}); err != nil {
			return outcome(http.StatusBadRequest, fhir.IssueInvalid, err.Error())
		}
	}
	res, err := s.src.Search(ctx, q)
	if err != nil {
		return s.sourceError(err)
	}
	var matches []*fhir.Resource
	for _, rsc := range res.Resources {
		if rsc.Type != typ {
			continue
		}
		ok, err := s.match(rsc, query, params)
		if err != nil {
			return outcome(http.StatusBadRequest, fhir.IssueInvalid, err.Error())
		}
		if ok {
			matches = append(matches, rsc)
		}
	}
	return s.bundle(r, base, pg, matches, f)
}

// match applies the search to one resource: with package search when the
// type is one it serves (query), with simple matching otherwise. The
// patient links are applied by the source, through the query's Patients.
func (s *Server) match(r *fhir.Resource, query *search.Query, params []queryParam) (bool, error) {
	if query != nil {
		if len(query.Params) == 0 {
			return true, nil
		}
		v, err := fhirpath.Decode(r.Raw)
		if err != nil {
			return false, err
		}
		return query.Match(v)
	}
	for _, p := range params {
		if p.name == "patient" || p.name == "subject" {
			continue
		}
		if m, err := matches1(r, p); err != nil || !m {
			return false, err
		}
	}
	return true, nil
}

func (s *Server) everything(r *http.Request, base, id string, f Fault) response {
	all, err := parseQuery(r.URL.RawQuery)
	if err != nil {
		return outcome(http.StatusBadRequest, fhir.IssueInvalid, err.Error())
	}
	pg, params, err := s.control(all, true)
	if err != nil {
		return outcome(http.StatusBadRequest, fhir.IssueInvalid, err.Error())
	}
	if len(params) > 0 {
		return outcome(http.StatusBadRequest, fhir.IssueNotSupported, "$everything takes only _count and _type")
	}
	if rd, ok := s.src.(adapters.Reader); ok {
		if _, err := rd.Read(r.Context(), "Patient", id); err != nil {
			return s.sourceError(err)
		}
	}
	res, err := s.src.Search(r.Context(), adapters.Query{Compartment: true, Patients: []string{id}, Types: pg.types})
	if err != nil {
		return s.sourceError(err)
	}
	return s.bundle(r, base, pg, res.Resources, f)
}

func (s *Server) read(ctx context.Context, base, typ, id string) response {
	var found *fhir.Resource
	if rd, ok := s.src.(adapters.Reader); ok {
		r, err := rd.Read(ctx, typ, id)
		if err != nil {
			return s.sourceError(err)
		}
		found = r
	} else {
		res, err := s.src.Search(ctx, adapters.Query{Type: typ, Params: []adapters.Param{{Name: "_id", Value: id}}})
		if err != nil {
			return s.sourceError(err)
		}
		for _, r := range res.Resources {
			if r.Type == typ && r.ID == id {
				found = r
			}
		}
		if found == nil {
			return outcome(http.StatusNotFound, fhir.IssueNotFound, "not found")
		}
	}
	raw, err := s.serveRaw(found, base)
	if err != nil {
		return outcome(http.StatusInternalServerError, fhir.IssueException, "rewriting references")
	}
	return response{status: http.StatusOK, body: raw}
}

// serveRaw returns a resource's JSON as the server sends it.
func (s *Server) serveRaw(r *fhir.Resource, base string) ([]byte, error) {
	if !s.opt.AbsoluteReferences {
		return r.Raw, nil
	}
	w, err := r.Rewrite(fhir.Rewrite{Reference: func(ref string) (string, bool) {
		if _, _, ok := fhir.SplitReference(ref); ok {
			return base + "/" + ref, true
		}
		return "", false
	}})
	if err != nil {
		return nil, err
	}
	return w.Raw, nil
}

// bundle writes one page of a searchset.
func (s *Server) bundle(r *http.Request, base string, pg page, rs []*fhir.Resource, f Fault) response {
	// A stable order makes offsets mean the same thing from page to page.
	// The slice may be the source's own, so it is sorted as a copy.
	rs = slices.Clone(rs)
	slices.SortStableFunc(rs, func(a, b *fhir.Resource) int {
		if a.Type == "Patient" || b.Type == "Patient" {
			return cmp.Compare(b2i(b.Type == "Patient"), b2i(a.Type == "Patient"))
		}
		return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.ID, b.ID))
	})
	total := len(rs)
	start := min(pg.offset, total)
	end := min(start+pg.count, total)
	b := fhir.Bundle{Type: "searchset", Total: &total}
	self := base + strings.TrimPrefix(r.URL.Path, s.opt.Prefix)
	if r.URL.RawQuery != "" {
		self += "?" + r.URL.RawQuery
	}
	b.Links = append(b.Links, fhir.Link{Relation: "self", URL: self})
	if end < total {
		nextBase := base
		if f.NextBase != "" {
			nextBase = strings.TrimRight(f.NextBase, "/")
		}
		q := r.URL.Query()
		q.Set("_cursor", encodeCursor(end))
		q.Set("_count", strconv.Itoa(pg.count))
		b.Links = append(b.Links, fhir.Link{Relation: "next", URL: nextBase + strings.TrimPrefix(r.URL.Path, s.opt.Prefix) + "?" + q.Encode()})
	}
	for _, rsc := range rs[start:end] {
		raw, err := s.serveRaw(rsc, base)
		if err != nil {
			return outcome(http.StatusInternalServerError, fhir.IssueException, "rewriting references")
		}
		mode := fhir.ModeMatch
		if rsc.Type != "Patient" && !fhir.InPatientCompartment(rsc.Type) && strings.HasSuffix(r.URL.Path, "/$everything") {
			mode = fhir.ModeInclude
		}
		b.Entries = append(b.Entries, fhir.Entry{FullURL: base + "/" + rsc.Type + "/" + rsc.ID, Resource: raw, Mode: mode})
	}
	if f.Inject != nil {
		b.Entries = append(b.Entries, fhir.Entry{Resource: f.Inject, Mode: fhir.ModeMatch})
	}
	return response{status: http.StatusOK, body: b.AppendJSON(nil)}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// matches1 applies one of the parameters every type has (_id,
// identifier, _lastUpdated) to a resource of a type package search does
// not serve.
func matches1(r *fhir.Resource, p queryParam) (bool, error) {
	var m bool
	var err error
	switch p.name {
	case "_id":
		m = tokenMatch([]fhir.Coding{{Code: r.ID}}, p.value, false)
	case "identifier":
		cs := make([]fhir.Coding, len(r.Identifiers))
		for i, id := range r.Identifiers {
			cs[i] = fhir.Coding{System: id.System, Code: id.Value}
		}
		m = tokenMatch(cs, p.value, true)
	case "_lastUpdated":
		m, err = dateMatch(r.Meta.LastUpdated, p.value)
	default:
		return false, fmt.Errorf("unknown search parameter %s", p.name)
	}
	if err != nil {
		return false, fmt.Errorf("%s: %w", p.name, err)
	}
	if p.modifier == "not" {
		m = !m
	}
	return m, nil
}

// tokenMatch applies a token search value (code, system|code, |code,
// system|; commas separate alternatives) to codings. Without useSystem the
// system part is ignored (for elements whose system is implied).
func tokenMatch(cs []fhir.Coding, value string, useSystem bool) bool {
	for alt := range strings.SplitSeq(value, ",") {
		system, code, hasSystem := strings.Cut(alt, "|")
		if !hasSystem {
			code, system = system, ""
		}
		if !useSystem {
			hasSystem = false
		}
		for _, c := range cs {
			switch {
			case !hasSystem && c.Code == code:
				return true
			case hasSystem && code == "" && c.System == system:
				return true
			case hasSystem && c.System == system && c.Code == code:
				return true
			}
		}
	}
	return false
}

// dateMatch applies a date search value with an optional prefix (eq, ne,
// gt, lt, ge, le) to a resource's date. The resource's date is taken as the
// instant at the start of its precision and the parameter as the range its
// precision covers; a resource with no date matches nothing.
func dateMatch(have, value string) (bool, error) {
	prefix := "eq"
	if len(value) > 2 && value[0] >= 'a' && value[0] <= 'z' {
		prefix, value = value[:2], value[2:]
	}
	start, err := fhir.ParseDateTime(value)
	if err != nil {
		return false, err
	}
	var end time.Time
	switch len(value) {
	case 4:
		end = start.AddDate(1, 0, 0)
	case 7:
		end = start.AddDate(0, 1, 0)
	case 10:
		end = start.AddDate(0, 0, 1)
	default:
		end = start.Add(time.Second)
	}
	if have == "" {
		return false, nil
	}
	at, err := fhir.ParseDateTime(have)
	if err != nil {
		return false, nil
	}
	switch prefix {
	case "eq":
		return !at.Before(start) && at.Before(end), nil
	case "ne":
		return at.Before(start) || !at.Before(end), nil
	case "gt":
		return !at.Before(end), nil
	case "ge":
		return !at.Before(start), nil
	case "lt":
		return at.Before(start), nil
	case "le":
		return at.Before(end), nil
	}
	return false, fmt.Errorf("unsupported prefix %q", prefix)
}
