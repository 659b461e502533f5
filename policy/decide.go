package policy

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/shcr/shcr/policy/store"
)

// Kind is what a request does.
type Kind string

// The kinds of action the policy decides on.
const (
	// KindRead reads one resource by id. Decided twice: before the read
	// (Patient empty: role, scope, type) and after it, once the resource's
	// patient is known.
	KindRead Kind = "read"
	// KindSearch is a patient-scoped search of one type.
	KindSearch Kind = "search"
	// KindEverything is Patient/$everything.
	KindEverything Kind = "everything"
	// KindPatient reads or searches for the merged Patient.
	KindPatient Kind = "patient"
	// KindConsent reads (or, with Write, records) objections and withheld
	// items.
	KindConsent Kind = "consent"
	// KindAlerts lists (or, with Write, closes) break-glass alerts.
	KindAlerts Kind = "alerts"
	// KindAudit reads the audit trail (all of it, or one patient's).
	KindAudit Kind = "audit"
	// KindSAR answers a subject access request.
	KindSAR Kind = "sar"
)

// Action is one request to decide on.
type Action struct {
	Kind Kind
	// Type is the resource type read or searched.
	Type string
	// Patient is the NHS number of the patient the request is about, ""
	// when none (or not yet known).
	Patient string
	// SourceID names the source of a resource read by id; with
	// Unidentified it is how a record without an NHS number is decided.
	SourceID string
	// Unidentified marks a resource about a patient whose record at its
	// source has no NHS number.
	Unidentified bool
	// Write marks a change (recording a consent, closing an alert).
	Write bool
	// BreakGlassReason is the X-Break-Glass-Reason the user gave, if any.
	BreakGlassReason string
}

// Effect is permit or deny. The zero Effect denies.
type Effect int

// The effects.
const (
	Deny Effect = iota
	Permit
)

// Decision is the answer for one action: the effect, why (for the audit
// trail), a message for the user when denied, and for a permit the
// constraints on which sources are asked and the obligations applied to
// what they return (Release). The zero Decision denies.
type Decision struct {
	Effect Effect
	// Reason is a short code for the audit trail: why it was permitted
	// (e.g. "relationship-source", "break-glass") or denied (e.g.
	// "no-relationship", "purpose").
	Reason string
	// Message tells a denied user what they can do. It never says whether
	// the patient or the data exists.
	Message string
	// Purpose is the purpose of use the access is recorded under.
	Purpose string
	// BreakGlass is set when the access was granted by break-glass: the
	// caller must record an alert before releasing anything.
	BreakGlass       bool
	BreakGlassReason string
	// DemographicsOnly limits the answer to the Patient's demographics.
	DemographicsOnly bool
	// Pruned maps each source that must not be asked to why (for the
	// audit trail; users are told only that some information is not
	// available).
	Pruned map[string]string

	principal Principal
	d         *Decider
	types     func(sourceID, resourceType string) bool
	withheld  map[string]bool // "Type/federated-id"
	// scopes, in scopeCtx, with interaction: the SMART scopes that narrow
	// what is released, per type.
	scopes      []Scope
	scopeCtx    string
	interaction rune
	// unrestricted marks the bench-only decision that applies no
	// obligations at all (Decider.Unrestricted).
	unrestricted bool
}

// Permitted reports whether the decision permits.
func (d Decision) Permitted() bool { return d.Effect == Permit }

// Store is what the policy reads from the governance store. Implementations
// are safe for concurrent use; an error means the store could not answer,
// and the request fails closed.
type Store interface {
	ActiveObjection(ctx context.Context, nhs string) (bool, error)
	ListWithheld(ctx context.Context, nhs string) ([]store.WithheldItem, error)
	HasRelationship(ctx context.Context, user, ods, nhs string, at time.Time) (bool, error)
	IsApprovedCarer(ctx context.Context, carer, nhs string) (bool, error)
}

// Locator answers whether the sources of one organisation hold a record for
// a patient: the legitimate relationship is checked through the federation,
// not a central list. Implementations are safe for concurrent use.
type Locator interface {
	KnownBy(ctx context.Context, nhs, ods string) (bool, error)
}

// SourceOrg is a configured source and its organisation.
type SourceOrg struct {
	ID   string
	ODS  string
	Kind string
}

// Decider applies the access policy. It is safe for concurrent use.
type Decider struct {
	cfg     Config
	store   Store
	locate  Locator
	sources map[string]SourceOrg
	kinds   map[string]string // ODS → organisation kind
	matcher Matcher
	now     func() time.Time
}

// Matcher compiles a SMART scope's query into a test on a resource's JSON;
// fhir/rest provides one over the R4 search parameters.
type Matcher func(resourceType string, q url.Values) (func(raw []byte) (bool, error), error)

// NewDecider builds a Decider.
func NewDecider(cfg Config, st Store, loc Locator, sources []SourceOrg, m Matcher, now func() time.Time) (*Decider, error) {
	ids := make([]string, len(sources))
	for i, s := range sources {
		ids[i] = s.ID
	}
	if err := cfg.Validate(ids); err != nil {
		return nil, err
	}
	if st == nil || loc == nil || m == nil {
		return nil, errors.New("the access policy needs a store, a locator and a matcher")
	}
	if now == nil {
		now = time.Now
	}
	d := &Decider{cfg: cfg.withDefaults(), store: st, locate: loc, sources: map[string]SourceOrg{}, kinds: map[string]string{}, matcher: m, now: now}
	for _, s := range sources {
		d.sources[s.ID] = s
		d.kinds[s.ODS] = s.Kind
	}
	return d, nil
}

// Unrestricted permits an action for p with no constraints and no
// obligations: nothing is pruned, every type is allowed, and the Releaser
// keeps every resource untouched. It exists only for `shcr bench --policy
// off`, which measures what the access policy costs by comparing against it;
// serve and demo never use it, and it must never answer a real user.
func (d *Decider) Unrestricted(p Principal) Decision {
	return Decision{
		Effect: Permit, Reason: "unrestricted-bench", Purpose: "TREAT", Pruned: map[string]string{},
		principal: p, d: d, types: func(string, string) bool { return true }, withheld: map[string]bool{},
		unrestricted: true,
	}
}

func deny(reason, message string) Decision {
	return Decision{Effect: Deny, Reason: reason, Message: message}
}

// Messages shared by several rules. They tell the user what to do and
// never whether the patient or their data exists.
const (
	msgNoRelationship = "you have no recorded care relationship with this patient; if you are caring for them in an emergency, repeat the request with an X-Break-Glass-Reason header saying why you need the record now"
	msgNotShared      = "this patient's record is not available to you through the shared care record; the patient's own care team can tell you more"
)

// Decide decides on an action before any source is asked. A store or
// source failure is returned as an error: the caller fails closed.
func (d *Decider) Decide(ctx context.Context, p Principal, a Action) (Decision, error) {
	dec := Decision{principal: p, d: d, Pruned: map[string]string{}}

	// Direct care only.
	purpose := p.Purpose
	if purpose == "" {
		purpose = "TREAT"
	}
	if purpose != "TREAT" && purpose != "ETREAT" {
		return deny("purpose", fmt.Sprintf("the shared care record is for direct care only: purpose of use %q is not allowed (use TREAT, or ETREAT in an emergency)", truncate(purpose, 20))), nil
	}
	dec.Purpose = purpose

	if !p.Role.Valid() {
		return deny("role", "your token does not carry a role this server knows"), nil
	}
	scopeCtx, interaction, ok := d.roleAllows(p, a)
	if !ok {
		return deny("role", roleMessage(p.Role, a)), nil
	}

	// SMART scopes narrow what the role allows.
	if interaction != 0 {
		for _, s := range p.Scopes {
			if sc, ok := ParseScope(s); ok {
				dec.scopes = append(dec.scopes, sc)
			}
		}
		dec.scopeCtx, dec.interaction = scopeCtx, interaction
		allowed := func(typ string) bool {
			g := grant(dec.scopes, scopeCtx, typ, interaction).Allowed
			if a.Kind == KindPatient {
				// Reading the patient or finding them by NHS number.
				g = g || grant(dec.scopes, scopeCtx, typ, Search).Allowed
			}
			return g
		}
		if typ := scopeType(a); typ != "" && !allowed(typ) {
			return deny("scope", fmt.Sprintf("your token's scopes do not allow this: it needs %s/%s.%c", scopeCtx, typ, interaction)), nil
		}
		if a.Kind == KindEverything && !dec.anyScope() {
			return deny("scope", fmt.Sprintf("your token's scopes allow searching no resource types (e.g. %s/*.s)", scopeCtx)), nil
		}
	}

	// Patient tokens must be proven to the configured level.
	if p.Role == RolePatient && p.IdentityLevel != "" && levelBelow(p.IdentityLevel, d.cfg.MinIdentityLevel) {
		return deny("identity-level", fmt.Sprintf("your identity is verified to level %s; this service needs %s (prove your identity with NHS login to use it)", truncate(p.IdentityLevel, 8), d.cfg.MinIdentityLevel)), nil
	}

	switch {
	case a.Kind == KindConsent || a.Kind == KindAlerts:
		dec.Effect, dec.Reason = Permit, "ig-officer"
		return dec, nil
	case a.Patient == "" && a.Kind == KindAudit:
		dec.Effect, dec.Reason = Permit, "ig-officer"
		return dec, nil
	case a.Patient == "" && a.Unidentified:
		// A record with no NHS number: only its own organisation's users
		// can be sure they care for that person.
		if src, ok := d.sources[a.SourceID]; ok && src.ODS == p.Organisation && professional(p.Role) {
			dec.Effect, dec.Reason = Permit, "own-organisation"
			dec.types = d.typeFilter(p)
			return dec, nil
		}
		return deny("unidentified", msgNoRelationship), nil
	case a.Patient == "":
		// Before a read, or a resource about no patient (a practitioner,
		// an organisation): role, scope and type are all there is.
		dec.Effect, dec.Reason = Permit, "no-patient"
		dec.types = d.typeFilter(p)
		dec.DemographicsOnly = demographicsOnly(p.Role)
		return dec, nil
	}

	// Who may see this patient at all.
	objection, err := d.store.ActiveObjection(ctx, a.Patient)
	if err != nil {
		return Decision{}, fmt.Errorf("checking for an objection: %w", err)
	}
	switch p.Role {
	case RolePatient:
		if p.Patient != a.Patient {
			return deny("not-own-record", "a patient may see their own record only"), nil
		}
		dec.Reason = "own-record"
	case RoleCarer:
		ok, err := d.store.IsApprovedCarer(ctx, p.UserID, a.Patient)
		if err != nil {
			return Decision{}, fmt.Errorf("checking a carer relationship: %w", err)
		}
		if !ok {
			return deny("not-carer", "you are not an approved carer for this person; ask their GP practice to record you as their carer"), nil
		}
		if objection {
			return deny("objection", msgNotShared), nil
		}
		dec.Reason = "carer"
	case RoleIGOfficer:
		dec.Reason = "ig-officer"
	case RoleSystem:
		dec.Reason = "system"
		if objection {
			return deny("objection", msgNotShared), nil
		}
	default: // clinician, social-care, admin
		reason, err := d.relationship(ctx, p, a.Patient)
		if err != nil {
			return Decision{}, err
		}
		switch {
		case objection:
			// Only the organisation's own data, for its own users: an
			// organisation that holds no record of the patient gets nothing.
			known := reason == "relationship-source"
			if !known && d.hasSourceOf(p.Organisation) {
				if known, err = d.locate.KnownBy(ctx, a.Patient, p.Organisation); err != nil {
					return Decision{}, fmt.Errorf("asking your organisation's system whether it knows the patient: %w", err)
				}
			}
			if !known {
				return deny("objection", msgNotShared), nil
			}
			for id, s := range d.sources {
				if s.ODS != p.Organisation {
					dec.Pruned[id] = "objection"
				}
			}
			dec.Reason = "objection-own-organisation"
		case reason != "":
			dec.Reason = reason
		case strings.TrimSpace(a.BreakGlassReason) == "":
			return deny("no-relationship", msgNoRelationship), nil
		case p.Role == RoleAdmin:
			return deny("no-relationship", "you have no recorded care relationship with this patient; administrative staff cannot use break-glass"), nil
		case !d.validBreakGlass(a.BreakGlassReason):
			return deny("break-glass-reason", fmt.Sprintf("break-glass requires a reason: say in a sentence (at least %d characters and three words) why you need this record now", d.cfg.BreakGlassMinLength)), nil
		default:
			dec.Reason, dec.BreakGlass, dec.Purpose = "break-glass", true, "ETREAT"
			dec.BreakGlassReason = strings.TrimSpace(a.BreakGlassReason)
		}
	}

	withheld, err := d.store.ListWithheld(ctx, a.Patient)
	if err != nil {
		return Decision{}, fmt.Errorf("reading withheld items: %w", err)
	}
	dec.withheld = map[string]bool{}
	for _, w := range withheld {
		typ, local, ok := strings.Cut(w.Reference, "/")
		if ok {
			dec.withheld[typ+"/"+w.SourceID+"."+local] = true
		}
	}
	dec.types = d.typeFilter(p)
	dec.DemographicsOnly = demographicsOnly(p.Role)
	dec.Effect = Permit
	return dec, nil
}

// roleAllows says whether the role may take the action at all, and which
// SMART scope context and interaction it then needs (interaction 0 for
// none).
func (d *Decider) roleAllows(p Principal, a Action) (context string, interaction rune, ok bool) {
	context = "user"
	switch p.Role {
	case RolePatient, RoleCarer:
		context = "patient"
	case RoleSystem:
		context = "system"
	}
	read := rune(Search)
	if a.Kind == KindRead || a.Kind == KindPatient {
		read = Read
	}
	switch a.Kind {
	case KindConsent, KindAlerts:
		if p.Role != RoleIGOfficer {
			return "", 0, false
		}
		if a.Write {
			return context, Update, true
		}
		return context, read, true
	case KindAudit:
		if p.Role == RoleIGOfficer || (p.Role == RolePatient && a.Patient != "") {
			return context, Search, true
		}
		return "", 0, false
	case KindSAR:
		return context, 0, p.Role == RoleIGOfficer || p.Role == RolePatient
	}
	if a.Write {
		return "", 0, false // the clinical record is read-only here
	}
	switch p.Role {
	case RoleAdmin, RoleIGOfficer:
		// Demographics only: the merged Patient, and $everything reduced
		// to it; a Patient read by id, and the organisations and people a
		// Patient refers to.
		switch a.Kind {
		case KindPatient, KindEverything:
			return context, read, p.Role == RoleAdmin || a.Kind == KindPatient
		case KindRead:
			return context, read, a.Type == "Patient" || supportingType(a.Type)
		}
		return "", 0, false
	case RoleSystem:
		g, ok := d.systemGrant(p.ClientID)
		if !ok {
			return "", 0, false
		}
		if a.Kind == KindEverything || a.Kind == KindPatient {
			return context, read, true
		}
		return context, read, slices.Contains(g.Types, "*") || slices.Contains(g.Types, a.Type) || supportingType(a.Type)
	}
	return context, read, true
}

func roleMessage(r Role, a Action) string {
	switch {
	case a.Kind == KindConsent || a.Kind == KindAlerts:
		return "only information governance officers (role ig-officer) manage objections, withheld items and break-glass reviews"
	case a.Kind == KindAudit || a.Kind == KindSAR:
		return "only information governance officers, and patients for their own record, can read the audit trail or make a subject access request"
	case a.Write:
		return "the shared care record is read-only: record changes in your organisation's own system"
	case r == RoleAdmin:
		return "administrative users see demographics only: read the Patient (Patient/<NHS number>)"
	case r == RoleIGOfficer:
		return "information governance officers do not browse clinical records: use the audit trail or a subject access request ($sar)"
	case r == RoleSystem:
		return "this system client is not granted that resource type; ask for it to be added to the policy's systems list"
	}
	return "your role may not do this"
}

// scopeType is the resource type an action needs a scope for; "" for
// $everything, whose types are checked one by one as they are released.
func scopeType(a Action) string {
	switch a.Kind {
	case KindPatient:
		return "Patient"
	case KindEverything:
		return ""
	case KindConsent:
		return "Consent"
	case KindAlerts:
		return "Flag"
	case KindAudit:
		return "AuditEvent"
	}
	return a.Type
}

// anyScope reports whether the scopes allow the interaction on any type.
func (d Decision) anyScope() bool {
	for _, s := range d.scopes {
		if s.Context == d.scopeCtx && strings.ContainsRune(s.Permissions, d.interaction) {
			return true
		}
	}
	return false
}

// relationship finds a legitimate relationship between a professional and
// a patient: registered in the governance store, named by the token's
// launch context, or their own organisation holding a record for the
// patient. It returns the reason, or "" for none.
func (d *Decider) relationship(ctx context.Context, p Principal, nhs string) (string, error) {
	if p.Patient != "" && p.Patient == nhs {
		return "launch-context", nil
	}
	ok, err := d.store.HasRelationship(ctx, p.UserID, p.Organisation, nhs, d.now())
	if err != nil {
		return "", fmt.Errorf("checking for a registered care relationship: %w", err)
	}
	if ok {
		return "relationship-registered", nil
	}
	if p.Organisation == "" || !d.hasSourceOf(p.Organisation) {
		return "", nil
	}
	ok, err = d.locate.KnownBy(ctx, nhs, p.Organisation)
	if err != nil {
		return "", fmt.Errorf("asking your organisation's system whether it knows the patient: %w", err)
	}
	if ok {
		return "relationship-source", nil
	}
	return "", nil
}

func (d *Decider) hasSourceOf(ods string) bool {
	for _, s := range d.sources {
		if s.ODS == ods {
			return true
		}
	}
	return false
}

func (d *Decider) systemGrant(clientID string) (SystemGrant, bool) {
	for _, g := range d.cfg.Systems {
		if g.ClientID == clientID {
			return g, true
		}
	}
	return SystemGrant{}, false
}

// validBreakGlass accepts a reason a reviewer can act on: long enough,
// several words, not a placeholder.
func (d *Decider) validBreakGlass(reason string) bool {
	r := strings.TrimSpace(reason)
	if len([]rune(r)) < d.cfg.BreakGlassMinLength || len(r) > 1000 {
		return false
	}
	words := strings.FieldsFunc(r, func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) })
	distinct := map[string]bool{}
	for _, w := range words {
		distinct[strings.ToLower(w)] = true
	}
	return len(distinct) >= 3
}

// typeFilter is the data-sharing agreements and role rules as a test of
// which types a source may give this principal.
func (d *Decider) typeFilter(p Principal) func(sourceID, resourceType string) bool {
	myKind := d.kinds[p.Organisation]
	return func(sourceID, typ string) bool {
		src, known := d.sources[sourceID]
		switch p.Role {
		case RolePatient, RoleCarer:
			return true // their own record: agreements govern professionals
		case RoleAdmin, RoleIGOfficer:
			return typ == "Patient" || supportingType(typ)
		case RoleSystem:
			g, _ := d.systemGrant(p.ClientID)
			return typ == "Patient" || supportingType(typ) || slices.Contains(g.Types, "*") || slices.Contains(g.Types, typ)
		}
		if known && src.ODS == p.Organisation {
			return true // an organisation's own data, to its own users
		}
		if typ == "Patient" || supportingType(typ) {
			return true
		}
		for _, a := range d.cfg.Sharing {
			if a.Source != sourceID {
				continue
			}
			for _, r := range a.Share {
				if (len(r.Roles) == 0 || slices.Contains(r.Roles, p.Role)) &&
					(len(r.OrgKinds) == 0 || slices.Contains(r.OrgKinds, myKind)) &&
					(slices.Contains(r.Types, "*") || slices.Contains(r.Types, typ)) {
					return true
				}
			}
			return false
		}
		// No agreement: health records go to clinicians, social care
		// records to clinicians and social care.
		if p.Role == RoleClinician {
			return true
		}
		return p.Role == RoleSocialCare && known && src.Kind == "social-care"
	}
}

// AllowType reports whether the source may give this principal resources of
// the type; the engine drops (and does not ask for) the rest.
func (d Decision) AllowType(sourceID, resourceType string) bool {
	if d.types == nil || !d.types(sourceID, resourceType) {
		return false
	}
	if d.interaction != 0 && !supportingType(resourceType) && !grant(d.scopes, d.scopeCtx, resourceType, d.interaction).Allowed {
		return false
	}
	return true
}

func demographicsOnly(r Role) bool { return r == RoleAdmin || r == RoleIGOfficer }

// supportingType reports types that hold no patient data: who and where.
func supportingType(t string) bool {
	switch t {
	case "Organization", "Practitioner", "PractitionerRole", "Location", "Medication":
		return true
	}
	return false
}

func levelBelow(have, need string) bool {
	rank := func(l string) int {
		switch strings.ToUpper(strings.SplitN(l, ".", 2)[0]) {
		case "P9":
			return 9
		case "P5":
			return 5
		case "P0":
			return 0
		}
		return -1
	}
	return rank(have) < rank(need)
}

func professional(r Role) bool {
	return r == RoleClinician || r == RoleSocialCare || r == RoleAdmin
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
