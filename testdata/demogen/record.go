package demogen

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shcr/shcr/fhir"
)

// orgInfo is one of the three organisations and its shared reference
// resources (itself, its staff).
type orgInfo struct {
	Organisation
	orgID string
	staff []*staff
	// style decides ids and reference syntax.
	style idStyle
	// fullURLBase is the base of collection-bundle fullUrls (acute only).
	fullURLBase string
	telecom     string
	addrLine    string
	postcode    string
	orgType     coding
}

type idStyle int

const (
	// styleUUID: ids are UUIDs and references are urn:uuid: fullUrls, as in
	// Synthea transaction bundles.
	styleUUID idStyle = iota
	// styleRelative: ids are derived from a local number and references
	// are relative (Type/id).
	styleRelative
)

// staff is a practitioner and their role at the organisation.
type staff struct {
	id, roleID     string
	prefix         string
	given, family  string
	gender         string
	role           coding
	clinic         clinic // specialty, for hospital consultants
	idSystem, idNo string
}

func (s *staff) name() string {
	return strings.TrimSpace(s.prefix + " " + s.given + " " + s.family)
}

// ref is a reference from one of the organisation's resources to another.
func (org *orgInfo) ref(typ, id string) string {
	if org.style == styleUUID {
		return "urn:uuid:" + id
	}
	return typ + "/" + id
}

// refObj is a Reference element.
func (org *orgInfo) refObj(typ, id, display string) obj {
	return o("reference", org.ref(typ, id), "display", display)
}

func (org *orgInfo) orgRef() obj {
	return org.refObj("Organization", org.orgID, org.Name)
}

func (org *orgInfo) staffRef(s *staff) obj {
	return org.refObj("Practitioner", s.id, s.name())
}

// withRole returns the staff with the given role (and clinic, when not
// clinicNone), in a fixed order.
func (org *orgInfo) withRole(role coding, c clinic) []*staff {
	var out []*staff
	for _, s := range org.staff {
		if s.role.code == role.code && (c == clinicNone || s.clinic == c) {
			out = append(out, s)
		}
	}
	return out
}

// consultant returns a hospital doctor for a clinic.
func (org *orgInfo) consultant(g *rng, c clinic) *staff {
	if c == clinicEmergency {
		return pick(g, org.withRole(roleEDDoctor, clinicNone))
	}
	if s := org.withRole(roleConsultant, c); len(s) > 0 {
		return pick(g, s)
	}
	return pick(g, org.withRole(roleConsultant, clinicGeneralMedicine))
}

// record collects the resources one organisation holds about one person.
type record struct {
	cfg     Config
	org     *orgInfo
	p       *person
	g       *rng
	entries []entry
	counter map[string]int // next id number per prefix; looked up, never iterated
	// patientID is the id of the person's Patient resource here.
	patientID string
	// idStem is the local number that relative ids are built from.
	idStem string
}

// entry is one resource of a record.
type entry struct {
	typ, id string
	when    time.Time
	res     obj
}

// Id prefixes for relative-style ids.
func idPrefix(typ string) string {
	switch typ {
	case "Encounter":
		return "enc"
	case "Condition":
		return "cond"
	case "Observation":
		return "obs"
	case "Procedure":
		return "proc"
	case "MedicationStatement":
		return "ms"
	case "MedicationRequest":
		return "mr"
	case "DocumentReference":
		return "doc"
	case "AllergyIntolerance":
		return "alg"
	case "Appointment":
		return "appt"
	case "CarePlan":
		return "cp"
	case "Flag":
		return "flag"
	case "RelatedPerson":
		return "rp"
	case "Immunization":
		return "imm"
	}
	panic("demogen: no id prefix for " + typ)
}

func (r *record) newID(typ string) string {
	if r.org.style == styleUUID {
		return r.g.uuid()
	}
	prefix := idPrefix(typ)
	r.counter[prefix]++
	return fmt.Sprintf("%s-%s-%d", prefix, r.idStem, r.counter[prefix])
}

// patientRef is the reference to the person's own Patient resource.
func (r *record) patientRef() obj {
	return r.org.refObj("Patient", r.patientID, "")
}

// meta builds the resource's meta: when it was last updated, its UK Core
// profile and, for restricted resources, security labels. lastUpdated
// follows the clinical date by a short, random delay (systems record after
// the event) but never passes the reference date, which is "now".
func (r *record) meta(when time.Time, profile string, labels []string) obj {
	updated := when.Add(time.Duration(r.g.between(5, 240)) * time.Minute)
	if updated.After(r.cfg.Reference) {
		updated = r.cfg.Reference.Add(-time.Duration(r.g.between(1, 600)) * time.Minute)
		if updated.Before(when) && !when.After(r.cfg.Reference) {
			updated = when
		}
	}
	return o(
		"lastUpdated", fdateTime(updated),
		"profile", []string{ukCoreProfile + profile},
		"security", securityLabels(labels),
	)
}

// add stores a resource. The resource body is given without resourceType,
// id and meta, which add puts first as FHIR JSON conventionally has them.
//
// Every labelled resource is noted on the person, so that the sensitive
// scenario lists all of them, not a hand-picked few.
func (r *record) add(typ, id string, when time.Time, profile string, labels []string, body obj) string {
	res := append(o("resourceType", typ, "id", id, "meta", r.meta(when, profile, labels)), body...)
	r.entries = append(r.entries, entry{typ: typ, id: id, when: when, res: res})
	if len(labels) > 0 && r.p != nil {
		r.p.sensitiveRefs = append(r.p.sensitiveRefs, SensitiveResource{r.org.SourceID, typ + "/" + id, labels})
	}
	return id
}

// ordered returns the entries with the Patient first and the rest in date
// order; ties keep creation order, so an Encounter precedes what was
// recorded during it.
func (r *record) ordered() []entry {
	out := slices.Clone(r.entries)
	slices.SortStableFunc(out, func(a, b entry) int {
		switch {
		case a.typ == "Patient" && b.typ != "Patient":
			return -1
		case b.typ == "Patient" && a.typ != "Patient":
			return 1
		}
		return a.when.Compare(b.when)
	})
	return out
}

// patientResource is the UK Core Patient as this organisation holds it.
// withNHS controls whether the NHS number is recorded; given overrides the
// given names (the council's record of some people differs).
func (r *record) patientResource(localSystem, localValue string, withNHS bool, given []string, gp obj) {
	p := r.p
	var ids []obj
	if withNHS {
		ids = append(ids, o(
			"extension", []obj{o("url", verificationExt, "valueCodeableConcept",
				cc(coding{verificationSys, "01", "Number present and verified"}))},
			"system", fhir.NHSNumberSystem,
			"value", p.nhs,
		))
	}
	ids = append(ids, o("system", localSystem, "value", localValue))
	var prefix []string
	if p.prefix != "" {
		prefix = []string{p.prefix}
	}
	addr := o("use", "home", "type", "both", "line", []string{p.address.line}, "district", p.address.district,
		"city", p.address.city, "postalCode", p.address.postcode, "country", "GB")
	var deceased any
	if !p.death.IsZero() {
		deceased = fdateTime(p.death)
	}
	// Demographics are kept up to date, so the Patient was last touched
	// recently.
	end := p.end(r.cfg.Reference)
	touched := r.g.clinicBetween(maxTime(p.birth, end.AddDate(-2, 0, 0)), midnight(end))
	r.add("Patient", r.patientID, touched, "Patient", nil, o(
		"identifier", ids,
		"active", true,
		"name", []obj{o("use", "official", "family", p.family, "given", given, "prefix", prefix)},
		"telecom", []obj{
			o("system", "phone", "value", p.phone, "use", "home"),
			o("system", "phone", "value", p.mobile, "use", "mobile"),
		},
		"gender", p.gender,
		"birthDate", fdate(p.birth),
		"deceasedDateTime", deceased,
		"address", []obj{addr},
		"generalPractitioner", []obj{gp},
		"managingOrganization", r.org.orgRef(),
	))
}

// odsRef is a logical reference to another organisation by its ODS code,
// for organisations whose resources this one does not hold.
func odsRef(ods, name string) obj {
	return o("identifier", o("system", fhir.ODSSystem, "value", ods), "display", name)
}

// attachment is an inline text attachment. Letters are kept short: they
// show that a document exists and what it says, within the size budget.
func attachment(title, text string, created time.Time) obj {
	return o("contentType", "text/plain; charset=utf-8", "language", "en-GB",
		"data", base64.StdEncoding.EncodeToString([]byte(text)), "title", title, "creation", fdateTime(created))
}

// quantity is a UCUM quantity.
func quantity(v float64, unit, code string) obj {
	return o("value", v, "unit", unit, "system", ucumSystem, "code", code)
}

func category(system, code, display string) []obj {
	return []obj{cc(coding{system, code, display})}
}

const (
	obsCatSystem  = "http://terminology.hl7.org/CodeSystem/observation-category"
	condCatSystem = "http://terminology.hl7.org/CodeSystem/condition-category"
)

var (
	conditionActive   = cc(coding{"http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active"})
	conditionResolved = cc(coding{"http://terminology.hl7.org/CodeSystem/condition-clinical", "resolved", "Resolved"})
	conditionInactive = cc(coding{"http://terminology.hl7.org/CodeSystem/condition-clinical", "inactive", "Inactive"})
	conditionVerified = cc(coding{"http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", "Confirmed"})
	allergyActive     = cc(coding{"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", "Active"})
	allergyConfirmed  = cc(coding{"http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "confirmed", "Confirmed"})
)

// reasonReference links an encounter to the problem it was about.
func (r *record) reasonReference(enc, cond string) {
	for i := len(r.entries) - 1; i >= 0; i-- {
		if e := &r.entries[i]; e.typ == "Encounter" && e.id == enc {
			e.res = append(e.res, o("reasonReference", []obj{r.org.refObj("Condition", cond, "")})...)
			return
		}
	}
}
