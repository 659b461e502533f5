package demogen

import (
	"fmt"
	"path"
	"time"
)

// socialRecord renders a person's Riverside Council adult social care
// record as individual resource files, one folder per person
// (people/<caseId>/<Type>-<id>.json). Ids are built from the council's
// case number (Patient LAS-000045, CarePlan cp-000045-1); references are
// relative and resolve in the person's folder or in shared/.
type socialRecord struct {
	*record
	facts *socialFacts
	end   time.Time
}

func (pop *Population) addSocial(cfg Config, org *orgInfo, p *person) {
	r := &record{cfg: cfg, org: org, p: p, g: newRNG(cfg.Seed, streamSocial, uint64(p.index)), counter: map[string]int{},
		patientID: "LAS-" + p.caseNo, idStem: p.caseNo}
	s := &socialRecord{record: r, facts: p.h.social, end: p.end(cfg.Reference)}
	s.build()
	for _, e := range r.ordered() {
		data := marshal(e.res, resourceLevels)
		pop.addFile(path.Join(SourceSocial, "people", r.patientID, e.typ+"-"+e.id+".json"), data)
		pop.count(orgSocial, 1, len(data))
	}
	pop.Stats.Patients[orgSocial]++
}

func (s *socialRecord) factor() float64 { return s.p.richness[orgSocial] * s.cfg.Scale }

func (s *socialRecord) worker() *staff { return pick(s.g, s.org.withRole(roleSocialWkr, clinicNone)) }

func (s *socialRecord) build() {
	p, f, g := s.p, s.facts, s.g
	gp := odsRef("X1A01", "Riverside Surgery")
	if p.registeredElsewhere {
		gp = odsRef("X4D04", "Millbrook Medical Centre")
	}
	s.patientResource(socialSystem, s.patientID, !p.socialNoNHS, p.socialGiven(), gp)
	if f.nextOfKin != nil {
		s.relatedPerson(f.nextOfKin, true)
	}
	if f.carer != nil && f.carer != f.nextOfKin {
		s.relatedPerson(f.carer, false)
	}

	// The first assessment, then yearly reviews, each with a care plan
	// that replaces the one before.
	years := int(s.end.Sub(f.referral).Hours() / 24 / 365)
	reviews := min(years, scaled(g, 1, s.factor()))
	dates := []time.Time{f.referral}
	for k := 1; k <= reviews; k++ {
		t := g.clinic(f.referral.AddDate(k, 0, g.between(-30, 30)))
		if t.Before(s.end) {
			dates = append(dates, t)
		}
	}
	for i, t := range dates {
		by := s.worker()
		enc := s.encounter(t, needsAssess, "Care Act assessment", by, "", 75)
		title, docType := "Care Act 2014 needs assessment", consultReport
		if i > 0 {
			title, docType = "Annual review of care and support plan", carePlanDoc
		}
		pkg := carePackages[min(len(carePackages)-1, max(0, f.pkg-len(dates)+1+i))]
		s.document(docType, title, t, enc, by, fmt.Sprintf("%s\nOutcome: eligible needs under the Care Act 2014.\nAgreed support: %s.\nLives alone: %s. Informal carer: %s.",
			title, pkg.title, yesNo(f.livesAlone), yesNo(f.carer != nil)))
		if i == 0 || g.chance(0.4) {
			s.frailty(t, enc, by)
		}
		end := s.end
		status := "active"
		if i+1 < len(dates) {
			end, status = dates[i+1], "revoked"
		} else if !p.death.IsZero() {
			status = "completed"
		}
		s.carePlan(pkg.title, pkg.description, pkg.activities, t, end, status, enc, by)
	}

	if f.livesAlone {
		s.flag(livesAlone, "Lives alone", "safety", f.referral)
	}
	if f.keySafe {
		s.flag(coding{}, fmt.Sprintf("Key safe by front door - code %04d, held by care provider and in this record only", g.intn(10000)), "admin", f.referral)
	}
	if f.riskToStaff {
		s.flag(coding{}, "Risk to staff - verbal aggression from a household member; visit in pairs", "behavioral", g.clinicBetween(f.referral, midnight(s.end)))
	}

	visits := scaled(g, 3, s.factor())
	for i := 0; i < visits; i++ {
		t := g.clinicBetween(f.referral, midnight(s.end))
		by := s.worker()
		if g.chance(0.25) {
			by = pick(g, s.org.withRole(roleOT, clinicNone))
		}
		appt := s.appointment(t, by, "fulfilled", 45)
		s.encounter(t, homeVisit, "Home visit to review support", by, appt, 45)
	}
	if p.death.IsZero() {
		t := g.clinic(s.cfg.Reference.AddDate(0, 0, g.between(2, 40)))
		s.appointment(t, s.worker(), "booked", 45)
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func (s *socialRecord) relatedPerson(r *relative, nextOfKin bool) {
	rels := []obj{cc(r.relation)}
	if nextOfKin {
		rels = append(rels, cc(coding{"http://terminology.hl7.org/CodeSystem/v2-0131", "N", "Next-of-Kin"}))
	}
	if r.carer {
		rels = append(rels, cc(coding{"https://fhir.hl7.org.uk/CodeSystem/UKCore-AdditionalPersonRelationshipRole", "Carer", "Carer of patient"}))
	}
	var ids []obj
	if r.user != "" {
		ids = []obj{o("system", carerSystem, "value", r.user)}
	}
	var addr []obj
	if r.sameAddress {
		a := s.p.address
		addr = []obj{o("use", "home", "line", []string{a.line}, "district", a.district, "city", a.city, "postalCode", a.postcode, "country", "GB")}
	}
	id := s.newID("RelatedPerson")
	s.add("RelatedPerson", id, s.facts.referral, "RelatedPerson", nil, o(
		"identifier", ids,
		"active", true,
		"patient", s.patientRef(),
		"relationship", rels,
		"name", []obj{o("use", "official", "family", r.family, "given", []string{r.given})},
		"telecom", []obj{o("system", "phone", "value", r.phone, "use", "mobile")},
		"gender", r.gender,
		"address", addr,
		"period", o("start", fdate(s.facts.referral)),
	))
}

func (s *socialRecord) encounter(t time.Time, typ coding, reason string, by *staff, appt string, minutes int) string {
	var apptRef obj
	if appt != "" {
		apptRef = s.org.refObj("Appointment", appt, "")
	}
	id := s.newID("Encounter")
	return s.add("Encounter", id, t, "Encounter", nil, o(
		"status", "finished",
		"class", coding{actCodeSystem, "HH", "home health"}.json(),
		"type", []obj{cc(typ)},
		"subject", s.patientRef(),
		"participant", []obj{o("individual", s.org.staffRef(by))},
		"appointment", one(apptRef),
		"period", o("start", fdateTime(t), "end", fdateTime(t.Add(time.Duration(minutes)*time.Minute))),
		"reasonCode", []obj{o("text", reason)},
		"serviceProvider", s.org.orgRef(),
	))
}

func (s *socialRecord) appointment(t time.Time, by *staff, status string, minutes int) string {
	created := t.AddDate(0, 0, -s.g.between(3, 21))
	when := created
	if status == "fulfilled" {
		when = t
	}
	id := s.newID("Appointment")
	return s.add("Appointment", id, when, "Appointment", nil, o(
		"status", status,
		"appointmentType", cc(coding{"http://terminology.hl7.org/CodeSystem/v2-0276", "ROUTINE", "Routine appointment - default if not valued"}),
		"description", "Home visit",
		"start", fdateTime(t),
		"end", fdateTime(t.Add(time.Duration(minutes)*time.Minute)),
		"minutesDuration", minutes,
		"created", fdate(created),
		"comment", "Visit at the person's home",
		"participant", []obj{
			o("actor", s.patientRef(), "required", "required", "status", "accepted"),
			o("actor", s.org.staffRef(by), "required", "required", "status", "accepted"),
		},
	))
}

func (s *socialRecord) document(typ coding, title string, t time.Time, enc string, by *staff, text string) {
	when := t.AddDate(0, 0, s.g.between(1, 10))
	if when.After(s.end) {
		when = t
	}
	id := s.newID("DocumentReference")
	s.add("DocumentReference", id, when, "DocumentReference", nil, o(
		"status", "current",
		"docStatus", "final",
		"type", ccText(title, typ),
		"subject", s.patientRef(),
		"date", fdateTime(when),
		"author", []obj{s.org.staffRef(by)},
		"custodian", s.org.orgRef(),
		"description", title,
		"content", []obj{o("attachment", attachment(title, text, when))},
		"context", o("encounter", []obj{s.org.refObj("Encounter", enc, "")}),
	))
}

// frailty records a Clinical Frailty Scale score, used by the council to
// decide how urgently to review.
func (s *socialRecord) frailty(t time.Time, enc string, by *staff) {
	id := s.newID("Observation")
	s.add("Observation", id, t, "Observation", nil, o(
		"status", "final",
		"category", category(obsCatSystem, "survey", "Survey"),
		"code", cc(frailtyCode...),
		"subject", s.patientRef(),
		"encounter", s.org.refObj("Encounter", enc, ""),
		"effectiveDateTime", fdateTime(t),
		"performer", []obj{s.org.staffRef(by)},
		"valueInteger", min(9, max(1, s.facts.frailty+s.g.between(-1, 0))),
	))
}

func (s *socialRecord) carePlan(title, description string, activities []string, start, end time.Time, status, enc string, by *staff) {
	acts := make([]obj, len(activities))
	actStatus := "in-progress"
	if status != "active" {
		actStatus = "completed"
	}
	for i, a := range activities {
		acts[i] = o("detail", o("status", actStatus, "description", a, "performer", []obj{s.org.orgRef()}))
	}
	var periodEnd any
	if status != "active" {
		periodEnd = fdateTime(end)
	}
	id := s.newID("CarePlan")
	s.add("CarePlan", id, start, "CarePlan", nil, o(
		"status", status,
		"intent", "plan",
		"category", []obj{ccText("Social care", coding{carePlanCatSys, "social-care", "Adult social care"})},
		"title", title,
		"description", description,
		"subject", s.patientRef(),
		"encounter", s.org.refObj("Encounter", enc, ""),
		"period", o("start", fdateTime(start), "end", periodEnd),
		"created", fdateTime(start),
		"author", s.org.staffRef(by),
		"activity", acts,
	))
}

// flag records an alert for staff visiting the person. code may be empty
// for council-specific alerts that have no SNOMED CT concept.
func (s *socialRecord) flag(code coding, text, cat string, t time.Time) {
	concept := o("text", text)
	if code.code != "" {
		concept = ccText(text, code)
	}
	id := s.newID("Flag")
	s.add("Flag", id, t, "Flag", nil, o(
		"status", "active",
		"category", []obj{cc(flagCategory(cat))},
		"code", concept,
		"subject", s.patientRef(),
		"period", o("start", fdateTime(t)),
		"author", s.org.orgRef(),
	))
}

func flagCategory(code string) coding {
	const system = "http://terminology.hl7.org/CodeSystem/flag-category"
	switch code {
	case "safety":
		return coding{system, code, "Safety"}
	case "admin":
		return coding{system, code, "Administrative"}
	case "behavioral":
		return coding{system, code, "Behavioral"}
	case "clinical":
		return coding{system, code, "Clinical"}
	}
	panic("demogen: unknown flag category " + code)
}
