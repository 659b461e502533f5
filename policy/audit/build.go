package audit

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/go-json-experiment/json"
)

// Request is what one request did, as the audit trail records it: who,
// what (the patient, the resource types, which sources were asked and what
// each answered, how many resources were returned), why, when, from where,
// and the outcome. It holds references and counts only, never clinical
// content: search parameters are recorded by name, not value.
type Request struct {
	ID       string
	Recorded time.Time
	// Action is one of the Action constants.
	Action string
	// Interaction is the FHIR restful interaction: read, search-type,
	// operation, create or update.
	Interaction string
	// Outcome is "0" (success), "4" (refused, bad request), "8" (failed).
	Outcome string
	// OutcomeText says why a request did not succeed, without clinical
	// content (e.g. "denied: no-relationship").
	OutcomeText string

	UserID, UserName, UserRole string
	// OrgODS and OrgName are the user's organisation.
	OrgODS, OrgName string
	ClientID        string
	TokenID         string
	ClientIP        string
	// Authenticated is false for requests whose token failed.
	Authenticated bool
	// OnBehalfOf names the end user a system (another shared care record)
	// asked for, as it told us.
	OnBehalfOfID, OnBehalfOfName, OnBehalfOfRole, OnBehalfOfOrg string

	// Patient is the NHS number of the patient concerned, if any.
	Patient      string
	ResourceType string
	// Operation is "$everything" or "$sar" for operations.
	Operation string
	// Params are the names of the search parameters used.
	Params []string
	// Sources are the organisations asked and what each answered.
	Sources []SourceResult
	// Returned counts the resources released to the user.
	Returned int

	Purpose          string
	BreakGlass       bool
	BreakGlassReason string
	// Decision is the access policy's reason code.
	Decision string
	TraceID  string
}

// SourceResult is one organisation's part in a request.
type SourceResult struct {
	ID, ODS, Name string
	// Status is ok, skipped, failed or timed-out.
	Status   string
	Returned int
}

// The code systems of the AuditEvent.
const (
	systemRestful    = "http://hl7.org/fhir/restful-interaction"
	systemEventType  = "http://terminology.hl7.org/CodeSystem/audit-event-type"
	systemActReason  = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
	systemAgentType  = "http://terminology.hl7.org/CodeSystem/extra-security-role-type"
	systemRoleClass  = "http://terminology.hl7.org/CodeSystem/v3-RoleClass"
	systemDICOM      = "http://dicom.nema.org/resources/ontology/DCM"
	systemSourceType = "http://terminology.hl7.org/CodeSystem/security-source-type"
	systemEntityType = "http://terminology.hl7.org/CodeSystem/audit-entity-type"
	systemEntityRole = "http://terminology.hl7.org/CodeSystem/object-role"
	// SystemUser identifies users by their id at their identity provider.
	SystemUser = "urn:shcr:user"
	// SystemRole codes shcr's roles.
	SystemRole   = "urn:shcr:codesystem:role"
	systemSource = "urn:shcr:source"
	systemNHS    = "https://fhir.nhs.uk/Id/nhs-number"
	systemODS    = "https://fhir.nhs.uk/Id/ods-organization-code"
	// balpProfile is the IHE Basic Audit Log Patterns profile base.
	balpProfile = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit."
)

type coding struct {
	System  string `json:"system,omitempty"`
	Code    string `json:"code,omitempty"`
	Display string `json:"display,omitempty"`
}

type concept struct {
	Coding []coding `json:"coding,omitempty"`
	Text   string   `json:"text,omitempty"`
}

type identifier struct {
	System string `json:"system,omitempty"`
	Value  string `json:"value,omitempty"`
}

type reference struct {
	Reference  string      `json:"reference,omitempty"`
	Identifier *identifier `json:"identifier,omitempty"`
	Display    string      `json:"display,omitempty"`
}

type network struct {
	Address string `json:"address"`
	Type    string `json:"type"`
}

type agent struct {
	Type      *concept   `json:"type,omitempty"`
	Role      []concept  `json:"role,omitempty"`
	Who       *reference `json:"who,omitempty"`
	Requestor bool       `json:"requestor"`
	Policy    []string   `json:"policy,omitempty"`
	Network   *network   `json:"network,omitempty"`
}

type detail struct {
	Type        string `json:"type"`
	ValueString string `json:"valueString"`
}

type entity struct {
	What        *reference `json:"what,omitempty"`
	Type        *coding    `json:"type,omitempty"`
	Role        *coding    `json:"role,omitempty"`
	Name        string     `json:"name,omitempty"`
	Description string     `json:"description,omitempty"`
	Detail      []detail   `json:"detail,omitempty"`
}

// auditEvent is an R4 AuditEvent, as shcr writes it.
type auditEvent struct {
	ResourceType string `json:"resourceType"`
	ID           string `json:"id"`
	Meta         struct {
		Profile []string `json:"profile,omitempty"`
	} `json:"meta"`
	Type           coding    `json:"type"`
	Subtype        []coding  `json:"subtype,omitempty"`
	Action         string    `json:"action,omitempty"`
	Recorded       string    `json:"recorded"`
	Outcome        string    `json:"outcome,omitempty"`
	OutcomeDesc    string    `json:"outcomeDesc,omitempty"`
	PurposeOfEvent []concept `json:"purposeOfEvent,omitempty"`
	Agent          []agent   `json:"agent"`
	Source         struct {
		Observer reference `json:"observer"`
		Type     []coding  `json:"type,omitempty"`
	} `json:"source"`
	Entity []entity `json:"entity,omitempty"`
}

// Event builds the stored Event and its FHIR AuditEvent, shaped after the
// IHE Basic Audit Log Patterns (PatientRead, PatientQuery, PatientCreate).
func (r Request) Event() (Event, error) {
	recorded := r.Recorded.UTC()
	ae := auditEvent{ResourceType: "AuditEvent", ID: r.ID, Recorded: recorded.Format(time.RFC3339Nano), Outcome: r.Outcome, OutcomeDesc: r.OutcomeText}
	ae.Type = coding{System: systemEventType, Code: "rest", Display: "RESTful Operation"}
	interaction := r.Interaction
	if interaction == "" {
		interaction = "search-type"
	}
	ae.Subtype = []coding{{System: systemRestful, Code: interaction}}
	switch interaction {
	case "read":
		ae.Action = "R"
	case "create":
		ae.Action = "C"
	case "update":
		ae.Action = "U"
	default:
		ae.Action = "E"
	}
	if r.Patient != "" {
		switch ae.Action {
		case "R":
			ae.Meta.Profile = []string{balpProfile + "PatientRead"}
		case "C", "U":
			ae.Meta.Profile = []string{balpProfile + "PatientCreate"}
		default:
			ae.Meta.Profile = []string{balpProfile + "PatientQuery"}
		}
	}
	if r.Purpose != "" {
		p := concept{Coding: []coding{{System: systemActReason, Code: r.Purpose}}}
		if r.BreakGlass {
			p.Text = "Break-glass: " + r.BreakGlassReason
		}
		ae.PurposeOfEvent = []concept{p}
	}

	user := agent{Type: &concept{Coding: []coding{{System: systemAgentType, Code: "humanuser", Display: "human user"}}}, Requestor: true}
	if r.UserRole == "system" {
		user.Type = &concept{Coding: []coding{{System: systemDICOM, Code: "110150", Display: "Application"}}}
	}
	if r.Authenticated {
		user.Who = &reference{Identifier: &identifier{System: SystemUser, Value: r.UserID}, Display: r.UserName}
		if r.UserRole != "" {
			user.Role = []concept{{Coding: []coding{{System: SystemRole, Code: r.UserRole}}}}
		}
		if r.TokenID != "" {
			user.Policy = []string{r.TokenID}
		}
	} else {
		user.Who = &reference{Display: "unauthenticated"}
	}
	if r.ClientIP != "" {
		user.Network = &network{Address: r.ClientIP, Type: "2"}
	}
	ae.Agent = append(ae.Agent, user)
	if r.OnBehalfOfID != "" {
		// The person the system asked for, as the system vouches for them.
		ob := agent{
			Type: &concept{Coding: []coding{{System: systemAgentType, Code: "humanuser", Display: "human user"}}},
			Who:  &reference{Identifier: &identifier{System: SystemUser, Value: r.OnBehalfOfID}, Display: r.OnBehalfOfName},
		}
		if r.OnBehalfOfRole != "" {
			ob.Role = []concept{{Coding: []coding{{System: SystemRole, Code: r.OnBehalfOfRole}}, Text: "on behalf of, at " + r.OnBehalfOfOrg}}
		}
		ae.Agent = append(ae.Agent, ob)
	}
	if r.OrgODS != "" {
		ae.Agent = append(ae.Agent, agent{
			Type: &concept{Coding: []coding{{System: systemRoleClass, Code: "PROV", Display: "healthcare provider"}}},
			Who:  &reference{Identifier: &identifier{System: systemODS, Value: r.OrgODS}, Display: r.OrgName},
		})
	}
	if r.ClientID != "" {
		ae.Agent = append(ae.Agent, agent{
			Type: &concept{Coding: []coding{{System: systemDICOM, Code: "110150", Display: "Application"}}},
			Who:  &reference{Identifier: &identifier{System: "urn:shcr:client", Value: r.ClientID}},
		})
	}
	ae.Source.Observer = reference{Display: "shcr"}
	ae.Source.Type = []coding{{System: systemSourceType, Code: "4", Display: "Application Server"}}

	if r.Patient != "" {
		ae.Entity = append(ae.Entity, entity{
			What: &reference{Reference: "Patient/" + r.Patient, Identifier: &identifier{System: systemNHS, Value: r.Patient}},
			Type: &coding{System: systemEntityType, Code: "1", Display: "Person"},
			Role: &coding{System: systemEntityRole, Code: "1", Display: "Patient"},
		})
	}
	query := entity{
		Type: &coding{System: systemEntityType, Code: "2", Display: "System Object"},
		Role: &coding{System: systemEntityRole, Code: "24", Display: "Query"},
		Name: r.ResourceType + r.Operation,
	}
	if len(r.Params) > 0 {
		params := slices.Clone(r.Params)
		slices.Sort(params)
		query.Detail = append(query.Detail, detail{Type: "parameters", ValueString: fmt.Sprint(params)})
	}
	query.Detail = append(query.Detail, detail{Type: "returned", ValueString: strconv.Itoa(r.Returned)})
	if r.Decision != "" {
		query.Detail = append(query.Detail, detail{Type: "decision", ValueString: r.Decision})
	}
	if query.Name == "" {
		query.Name = r.Action
	}
	ae.Entity = append(ae.Entity, query)
	for _, s := range r.Sources {
		ae.Entity = append(ae.Entity, entity{
			What: &reference{Identifier: &identifier{System: systemSource, Value: s.ID}, Display: fmt.Sprintf("%s (%s)", s.Name, s.ODS)},
			Type: &coding{System: systemEntityType, Code: "2", Display: "System Object"},
			Role: &coding{System: systemEntityRole, Code: "3", Display: "Report"},
			Detail: []detail{
				{Type: "status", ValueString: s.Status},
				{Type: "returned", ValueString: strconv.Itoa(s.Returned)},
			},
		})
	}
	body, err := json.Marshal(ae)
	if err != nil {
		return Event{}, fmt.Errorf("encoding the AuditEvent: %w", err)
	}
	e := Event{
		ID: r.ID, Recorded: recorded, Action: r.Action, Outcome: r.Outcome,
		UserID: r.UserID, UserRole: r.UserRole, UserName: r.UserName, OrgODS: r.OrgODS,
		PatientNHS: r.Patient, BreakGlass: r.BreakGlass, Purpose: r.Purpose, TraceID: r.TraceID,
		ClientID: r.ClientID, ClientIP: r.ClientIP, Body: body,
	}
	return e, e.Validate()
}

// PatientView is how a patient sees one access to their record: who (their
// name and role, and their organisation), when, why and whether it was
// allowed — without the internal identifiers of the user, their token,
// their application or their network address.
func PatientView(body []byte) ([]byte, error) {
	var ae auditEvent
	if err := json.Unmarshal(body, &ae); err != nil {
		return nil, fmt.Errorf("reading a stored AuditEvent: %w", err)
	}
	view := ae
	view.Agent = nil
	for _, a := range ae.Agent {
		if a.Type != nil && len(a.Type.Coding) > 0 && a.Type.Coding[0].Code == "110150" && a.Requestor == false {
			continue // the application
		}
		a.Network, a.Policy = nil, nil
		if a.Who != nil && a.Who.Identifier != nil && a.Who.Identifier.System == SystemUser {
			who := *a.Who
			who.Identifier = nil
			if who.Display == "" {
				who.Display = "a member of staff"
			}
			a.Who = &who
		}
		view.Agent = append(view.Agent, a)
	}
	view.Entity = nil
	for _, e := range ae.Entity {
		if e.Role != nil && e.Role.Code == "24" {
			// Which kind of request, without parameters or policy codes.
			e.Detail = slices.DeleteFunc(slices.Clone(e.Detail), func(d detail) bool { return d.Type != "returned" })
		}
		view.Entity = append(view.Entity, e)
	}
	return json.Marshal(view)
}
