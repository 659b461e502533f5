package demogen

import (
	"fmt"
	"path"
	"time"
)

// acuteRecord renders a person's City General Hospital record: one
// collection Bundle whose fullUrls sit on the hospital's FHIR base and
// whose references are relative. Ids are built from the medical record
// number (Patient mrn-4400123, Encounter enc-4400123-3); references to the
// hospital and its staff resolve in city-general/organisation.json.
type acuteRecord struct {
	*record
}

func (pop *Population) addAcute(cfg Config, org *orgInfo, p *person) {
	r := &record{cfg: cfg, org: org, p: p, g: newRNG(cfg.Seed, streamAcute, uint64(p.index)), counter: map[string]int{},
		patientID: "mrn-" + p.mrn, idStem: p.mrn}
	a := &acuteRecord{record: r}
	a.build()
	entries := r.ordered()
	data := marshal(collectionBundle(org, "record-mrn-"+p.mrn, cfg.Reference, entries), bundleLevels)
	pop.addFile(path.Join(SourceAcute, "patients", "mrn-"+p.mrn+".json"), data)
	pop.Stats.Patients[orgAcute]++
	pop.count(orgAcute, len(entries), len(data))
}

func (a *acuteRecord) build() {
	p, h := a.p, a.p.h
	gp := odsRef("X1A01", "Riverside Surgery")
	if p.registeredElsewhere {
		gp = odsRef("X4D04", "Millbrook Medical Centre")
	}
	a.patientResource(mrnSystem, p.mrn, true, p.given, gp)
	first := a.g.clinicBetween(maxTime(a.cfg.Reference.AddDate(-10, 0, 0), p.birth), midnight(p.end(a.cfg.Reference)))
	for _, ev := range h.hospital {
		if !ev.booked {
			first = ev.start
			break
		}
	}
	for _, al := range h.allergies {
		a.add("AllergyIntolerance", a.newID("AllergyIntolerance"), first, "AllergyIntolerance", nil,
			allergyBody(a.record, al, first, nil, nil))
	}
	for _, ev := range h.hospital {
		switch ev.kind {
		case evED:
			a.emergency(ev, true)
		case evInpatient:
			a.inpatient(ev)
		case evOutpatient:
			a.outpatient(ev)
		case evSexualHealth:
			a.sexualHealth(ev)
		}
	}
}

// encounter records a hospital encounter.
func (a *acuteRecord) encounter(class coding, typ coding, c clinic, by *staff, start, end time.Time, reason obj, appt string, hosp obj, labels []string) string {
	var ext []obj
	if class.code == "IMP" {
		ext = []obj{o("url", "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DischargeMethod",
			"valueCodeableConcept", cc(coding{"https://fhir.hl7.org.uk/CodeSystem/UKCore-DischargeMethodEngland", "1", "Patient discharged on clinical advice or with clinical consent"}))}
	}
	var apptRef obj
	if appt != "" {
		apptRef = a.org.refObj("Appointment", appt, "")
	}
	id := a.newID("Encounter")
	return a.add("Encounter", id, start, "Encounter", labels, o(
		"extension", ext,
		"status", "finished",
		"class", class.json(),
		"type", []obj{cc(typ)},
		"serviceType", cc(c.setting()),
		"subject", a.patientRef(),
		"participant", []obj{o("individual", a.org.staffRef(by))},
		"appointment", one(apptRef),
		"period", o("start", fdateTime(start), "end", fdateTime(end)),
		"reasonCode", []obj{reason},
		"hospitalization", hosp,
		"serviceProvider", a.org.orgRef(),
	))
}

// diagnosis records a hospital diagnosis for an encounter. Co-morbidities
// carry the UK Core co-morbidity category as well.
func (a *acuteRecord) diagnosis(code coding, t time.Time, enc string, by *staff, comorbid bool, labels []string) string {
	cats := []obj{cc(coding{condCatSystem, "encounter-diagnosis", "Encounter Diagnosis"})}
	status := conditionActive
	if comorbid {
		cats = append(cats, cc(coding{"https://fhir.hl7.org.uk/CodeSystem/UKCore-ConditionCategory", "co-morbidity", "Co-morbidity"}))
	} else if t.Before(a.cfg.Reference.AddDate(0, -3, 0)) {
		status = conditionInactive
	}
	id := a.newID("Condition")
	return a.add("Condition", id, t, "Condition", labels, o(
		"clinicalStatus", status,
		"verificationStatus", conditionVerified,
		"category", cats,
		"code", cc(code),
		"subject", a.patientRef(),
		"encounter", a.org.refObj("Encounter", enc, ""),
		"onsetDateTime", fdateTime(t),
		"recordedDate", fdateTime(t),
		"recorder", a.org.staffRef(by),
	))
}

// observations on arrival: a full set of vital signs.
func (a *acuteRecord) vitals(t time.Time, enc string, by *staff, unwell bool) {
	g := a.g
	hr, rr, temp, sat := 78.0, 16.0, 36.8, 97.0
	if unwell {
		hr, rr, temp, sat = 98, 21, 37.9, 94
	}
	a.bloodPressure(t, enc, by)
	a.vital(heartRate, "vital-signs", "Observation-VitalSigns-HeartRate", float64(int(g.normal(hr, 12, 45, 160))), "beats/minute", "/min", t, enc, by)
	a.vital(oxygenSat, "vital-signs", "Observation-VitalSigns-OxygenSaturation", float64(int(g.normal(sat, 2, 82, 100))), "%", "%", t, enc, by)
	if unwell {
		a.vital(respRate, "vital-signs", "Observation-VitalSigns-RespirationRate", float64(int(g.normal(rr, 3, 10, 36))), "breaths/minute", "/min", t, enc, by)
		a.vital(temperature, "vital-signs", "Observation-VitalSigns-BodyTemperature", round1(g.normal(temp, 0.5, 35, 40.5)), "degree Celsius", "Cel", t, enc, by)
	}
}

// labs records the blood tests taken for a hospital reason.
func (a *acuteRecord) labs(def *hospitalDef, t time.Time, enc string) {
	for _, group := range def.labs {
		for _, l := range group {
			shift := 0.0
			if l.code.code == labTroponin.code.code && def.code.code == "401314000" {
				shift = 250
			}
			a.lab(l, t, enc, shift)
		}
	}
}

// emergency records an emergency department attendance. When standalone is
// false the attendance led to an admission and the inpatient record
// carries the diagnosis and letters.
func (a *acuteRecord) emergency(ev *hospitalEvent, standalone bool) string {
	g := a.g
	by := a.org.consultant(g, clinicEmergency)
	end := ev.end
	if !standalone {
		end = ev.start.Add(time.Duration(g.between(120, 300)) * time.Minute)
	}
	enc := a.encounter(coding{actCodeSystem, "EMER", "emergency"}, edVisit, clinicEmergency, by, ev.start, end, cc(ev.def.code), "", nil, nil)
	a.vitals(ev.start.Add(15*time.Minute), enc, by, ev.def.admit)
	if ev.def.labs != nil && (ev.def.admit || g.chance(0.6)) {
		a.labs(ev.def, ev.start.Add(40*time.Minute), enc)
	}
	if !standalone {
		return enc
	}
	for _, pc := range ev.def.procedures {
		a.procedure(pc, ev.start.Add(70*time.Minute), enc, by)
	}
	cond := a.diagnosis(ev.def.code, ev.start.Add(80*time.Minute), enc, by, false, nil)
	if d := ev.def.discharge; d != nil && !a.p.h.allergicTo(d) {
		a.dischargeMed(d, ev.end, enc, cond, by, false)
	}
	if g.chance(0.5) {
		a.letter(encounterReport, "Emergency department discharge letter", enc, by, ev,
			fmt.Sprintf("Attended the emergency department on %s with %s.\nAssessed, treated and discharged home.\nCopy to GP.",
				fdate(ev.start), ev.def.code.display), nil)
	}
	return enc
}

// inpatient records a hospital admission, through the emergency department
// or planned: the spell, what was found and done, the medicines the
// patient came in on, the medicines they went home with, and the discharge
// summary.
func (a *acuteRecord) inpatient(ev *hospitalEvent) {
	g, p := a.g, a.p
	by := a.org.consultant(g, ev.def.specialty)
	method := coding{"https://fhir.hl7.org.uk/CodeSystem/UKCore-AdmissionMethodEngland", "11", "Elective Admission: Waiting list"}
	source := coding{"http://terminology.hl7.org/CodeSystem/admit-source", "gp", "General Practitioner referral"}
	typ := electiveAdmit
	admitted := ev.start
	if ev.viaED {
		a.emergency(ev, false)
		method = coding{"https://fhir.hl7.org.uk/CodeSystem/UKCore-AdmissionMethodEngland", "21", "Emergency Admission: Emergency Care Department or dental casualty department of the Health Care Provider"}
		source = coding{"http://terminology.hl7.org/CodeSystem/admit-source", "emd", "From accident/emergency department"}
		typ = emergencyAdmit
		admitted = ev.start.Add(time.Duration(g.between(150, 330)) * time.Minute)
	}
	hosp := o(
		"extension", []obj{o("url", "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-AdmissionMethod", "valueCodeableConcept", cc(method))},
		"admitSource", cc(source),
		"dischargeDisposition", cc(coding{"https://fhir.hl7.org.uk/CodeSystem/UKCore-DischargeDestinationEngland", "19", "Usual place of residence"}),
	)
	enc := a.encounter(coding{actCodeSystem, "IMP", "inpatient encounter"}, typ, ev.def.specialty, by, admitted, ev.end, cc(ev.def.code), "", hosp, nil)
	cond := a.diagnosis(ev.def.code, admitted.Add(30*time.Minute), enc, by, false, nil)
	comorbid := 0
	for _, c := range p.h.chronic {
		if c.onset.Before(ev.start) && len(c.labels) == 0 && comorbid < 2 {
			a.diagnosis(c.def.code, admitted.Add(35*time.Minute), enc, by, true, nil)
			comorbid++
		}
	}
	onAdmission := p.h.activeMeds(ev.start)
	for _, d := range onAdmission {
		a.medicationOnAdmission(d, admitted.Add(50*time.Minute), enc, by)
	}
	if !ev.viaED {
		a.vitals(admitted.Add(20*time.Minute), enc, by, false)
		a.labs(ev.def, admitted.Add(40*time.Minute), enc)
	}
	days := int(ev.end.Sub(admitted).Hours() / 24)
	for _, pc := range ev.def.procedures {
		a.procedure(pc, g.clinic(admitted.AddDate(0, 0, g.between(0, max(0, days-1)))), enc, by)
	}
	// Long stays get repeat bloods.
	repeats := min(days/2, scaled(g, 1.5, p.richness[orgAcute]*a.cfg.Scale))
	for k := 1; k <= repeats; k++ {
		t := midnight(admitted).AddDate(0, 0, 2*k).Add(7 * time.Hour)
		if !t.Before(ev.end) {
			break
		}
		a.lab(labCreatinine, t, enc, 0)
		a.lab(labCRP, t, enc, -10)
	}
	var tto []string
	if d := ev.def.discharge; d != nil && !p.h.allergicTo(d) {
		a.dischargeMed(d, ev.end, enc, cond, by, false)
		tto = append(tto, d.display+" (new)")
	}
	for _, d := range onAdmission {
		a.dischargeMed(d, ev.end, enc, "", by, true)
		tto = append(tto, d.display+" (continue)")
	}
	text := fmt.Sprintf("Discharge summary\nAdmitted %s, discharged %s under %s.\nDiagnosis: %s.\nMedicines on discharge: %s.",
		fdate(admitted), fdate(ev.end), ev.def.specialty.setting().display, ev.def.code.display, listOrNone(tto))
	a.letter(dischargeSummary, "Discharge summary", enc, by, ev, text, nil)
}

func listOrNone(xs []string) string {
	if len(xs) == 0 {
		return "no changes"
	}
	out := xs[0]
	for _, x := range xs[1:] {
		out += "; " + x
	}
	return out
}

// medicationOnAdmission is a medicine the patient was taking at home,
// recorded on admission. It carries the same dm+d code as the GP's repeat,
// which is what the facade's de-duplication meets in practice.
func (a *acuteRecord) medicationOnAdmission(d *drug, t time.Time, enc string, by *staff) {
	id := a.newID("MedicationStatement")
	a.add("MedicationStatement", id, t, "MedicationStatement", nil, o(
		"status", "active",
		"category", cc(coding{"http://terminology.hl7.org/CodeSystem/medication-statement-category", "community", "Community"}),
		"medicationCodeableConcept", cc(coding{dmdSystem, d.code, d.display}),
		"subject", a.patientRef(),
		"context", a.org.refObj("Encounter", enc, ""),
		"effectiveDateTime", fdateTime(t),
		"dateAsserted", fdateTime(t),
		"informationSource", a.patientRef(),
		"note", []obj{o("text", "Medication on admission, confirmed with patient and GP record")},
		"dosage", []obj{dosage(d)},
	))
}

// dischargeMed is a medicine the patient went home with.
func (a *acuteRecord) dischargeMed(d *drug, t time.Time, enc, cond string, by *staff, continuing bool) {
	course := coding{"http://terminology.hl7.org/CodeSystem/medicationrequest-course-of-therapy", "acute", "Short course (acute) therapy"}
	note := "New medicine started in hospital"
	if continuing {
		course = coding{"http://terminology.hl7.org/CodeSystem/medicationrequest-course-of-therapy", "continuous", "Continuous long term therapy"}
		note = "Continue - no change"
	}
	var reason []obj
	if cond != "" {
		reason = []obj{a.org.refObj("Condition", cond, "")}
	}
	supply := o("value", d.pack, "unit", d.unit.display, "system", d.unit.system, "code", d.unit.code)
	if d.unit.code == "" {
		supply = o("value", d.pack, "unit", d.unit.display)
	}
	id := a.newID("MedicationRequest")
	a.add("MedicationRequest", id, t, "MedicationRequest", nil, o(
		"status", "completed",
		"intent", "order",
		"category", []obj{cc(coding{"http://terminology.hl7.org/CodeSystem/medicationrequest-category", "discharge", "Discharge"})},
		"medicationCodeableConcept", cc(coding{dmdSystem, d.code, d.display}),
		"subject", a.patientRef(),
		"encounter", a.org.refObj("Encounter", enc, ""),
		"authoredOn", fdateTime(t),
		"requester", a.org.staffRef(by),
		"reasonReference", reason,
		"courseOfTherapyType", cc(course),
		"note", []obj{o("text", note)},
		"dosageInstruction", []obj{instruction(d)},
		"dispenseRequest", o("quantity", supply),
	))
}

// letter records a document the hospital wrote.
func (a *acuteRecord) letter(typ coding, title, enc string, by *staff, ev *hospitalEvent, text string, labels []string) string {
	when := ev.end.Add(time.Duration(a.g.between(30, 600)) * time.Minute)
	if when.After(a.p.end(a.cfg.Reference)) {
		when = ev.end
	}
	id := a.newID("DocumentReference")
	return a.add("DocumentReference", id, when, "DocumentReference", labels, o(
		"status", "current",
		"docStatus", "final",
		"type", cc(typ),
		"subject", a.patientRef(),
		"date", fdateTime(when),
		"author", []obj{a.org.staffRef(by)},
		"custodian", a.org.orgRef(),
		"description", title,
		"content", []obj{o("attachment", attachment(title, text, when))},
		"context", o(
			"encounter", []obj{a.org.refObj("Encounter", enc, "")},
			"period", o("start", fdateTime(ev.start), "end", fdateTime(ev.end)),
			"practiceSetting", cc(ev.clinicOrSpecialty().setting()),
		),
	))
}

func (ev *hospitalEvent) clinicOrSpecialty() clinic {
	switch ev.kind {
	case evED:
		return clinicEmergency
	case evInpatient:
		return ev.def.specialty
	}
	return ev.clinic
}

// appointment is an outpatient appointment.
func (a *acuteRecord) appointment(ev *hospitalEvent, by *staff, status string, labels []string) string {
	created := ev.start.AddDate(0, 0, -a.g.between(14, 60))
	setting := ev.clinic.setting()
	kind := coding{"http://terminology.hl7.org/CodeSystem/v2-0276", "FOLLOWUP", "A follow up visit from a previous appointment"}
	when := created
	if status == "fulfilled" {
		when = ev.start
	}
	id := a.newID("Appointment")
	return a.add("Appointment", id, when, "Appointment", labels, o(
		"status", status,
		"specialty", []obj{cc(setting)},
		"appointmentType", cc(kind),
		"description", setting.display+" outpatient clinic",
		"start", fdateTime(ev.start),
		"end", fdateTime(ev.end),
		"minutesDuration", int(ev.end.Sub(ev.start).Minutes()),
		"created", fdate(created),
		"participant", []obj{
			o("actor", a.patientRef(), "required", "required", "status", "accepted"),
			o("actor", a.org.staffRef(by), "required", "required", "status", "accepted"),
		},
	))
}

// outpatient records a clinic appointment and, once it has happened, the
// consultation, a measurement and the clinic letter.
func (a *acuteRecord) outpatient(ev *hospitalEvent) {
	g := a.g
	by := a.org.consultant(g, ev.clinic)
	if ev.booked {
		a.appointment(ev, by, "booked", nil)
		return
	}
	appt := a.appointment(ev, by, "fulfilled", nil)
	reason := ev.clinic.setting()
	for _, c := range a.p.h.chronic {
		if c.def.clinic == ev.clinic {
			reason = c.def.code
			break
		}
	}
	enc := a.encounter(coding{actCodeSystem, "AMB", "ambulatory"}, followUpVisit, ev.clinic, by, ev.start, ev.end, cc(reason), appt, nil, nil)
	at := ev.start.Add(5 * time.Minute)
	switch ev.clinic {
	case clinicCardiology, clinicGeriatric:
		a.bloodPressure(at, enc, by)
	case clinicDiabetes:
		a.lab(labHbA1c, at, enc, 5)
	case clinicRespiratory:
		a.vital(oxygenSat, "vital-signs", "Observation-VitalSigns-OxygenSaturation", float64(int(g.normal(95, 2, 85, 100))), "%", "%", at, enc, by)
	case clinicRenal:
		a.lab(labCreatinine, at, enc, 40)
		a.lab(labEGFR, at, enc, -30)
	}
	if g.chance(0.8) {
		a.letter(consultReport, ev.clinic.setting().display+" clinic letter", enc, by, ev,
			fmt.Sprintf("%s outpatient clinic, %s.\nReviewed %s. Stable on current treatment.\nPlan: continue, review in 12 months.",
				ev.clinic.setting().display, fdate(ev.start), reason.display), nil)
	}
}

// sexualHealth records a confidential sexual health clinic visit: the
// encounter and its appointment carry the SEX label, the chlamydia test SEX
// and the HIV test HIV.
func (a *acuteRecord) sexualHealth(ev *hospitalEvent) {
	by := a.org.consultant(a.g, clinicSexualHealth)
	sex := []string{labelSEX}
	appt := a.appointment(ev, by, "fulfilled", sex)
	reason := o("text", "Sexual health screen")
	enc := a.encounter(coding{actCodeSystem, "AMB", "ambulatory"}, consultation, clinicSexualHealth, by, ev.start, ev.end, reason, appt, nil, sex)
	at := ev.start.Add(15 * time.Minute)
	a.qualitative(chlamydiaTest, at, enc, sex)
	a.qualitative(hivTest, at, enc, []string{labelHIV})
}

// qualitative records a negative qualitative laboratory result.
func (a *acuteRecord) qualitative(code coding, t time.Time, enc string, labels []string) string {
	id := a.newID("Observation")
	return a.add("Observation", id, t, "Observation-Lab", labels, o(
		"status", "final",
		"category", category(obsCatSystem, "laboratory", "Laboratory"),
		"code", cc(code),
		"subject", a.patientRef(),
		"encounter", a.org.refObj("Encounter", enc, ""),
		"effectiveDateTime", fdateTime(t),
		"performer", []obj{a.org.orgRef()},
		"valueCodeableConcept", cc(negative),
	))
}
