package demogen

import (
	"fmt"
	"path"
	"time"
)

// gpRecord renders a person's Riverside Surgery record: one Synthea-style
// transaction Bundle in which every id is a UUID and every reference a
// urn:uuid fullUrl. References to the practice and its staff resolve in
// gp-riverside/organisation.json.
type gpRecord struct {
	*record
	usual *staff // the person's usual GP
	// measuredHeight is set once height is on record; adults are measured
	// once and weighed at each check.
	measuredHeight bool
	start          time.Time
	end            time.Time
}

func (pop *Population) addGP(cfg Config, org *orgInfo, p *person) {
	r := &record{cfg: cfg, org: org, p: p, g: newRNG(cfg.Seed, streamGP, uint64(p.index)), counter: map[string]int{}, patientID: p.gpID}
	gp := &gpRecord{
		record: r,
		usual:  org.withRole(roleGP, clinicNone)[p.index%4],
		start:  maxTime(cfg.Reference.AddDate(-10, 0, 0), p.birth),
		end:    p.end(cfg.Reference),
	}
	gp.build()
	entries := r.ordered()
	data := marshal(transactionBundle(entries), bundleLevels)
	pop.addFile(path.Join(SourceGP, "patients", p.gpID+".json"), data)
	pop.Stats.Patients[orgGP]++
	pop.count(orgGP, len(entries), len(data))
}

// factor is how much more than an ordinary record this one holds.
func (gp *gpRecord) factor() float64 { return gp.p.richness[orgGP] * gp.cfg.Scale }

func (gp *gpRecord) doctor() *staff { return pick(gp.g, gp.org.withRole(roleGP, clinicNone)) }
func (gp *gpRecord) nurse() *staff  { return pick(gp.g, gp.org.withRole(roleNurse, clinicNone)) }

// someDay is a random surgery time in the person's part of the window.
func (gp *gpRecord) someDay() time.Time {
	return gp.g.clinicBetween(gp.start, midnight(gp.end))
}

func (gp *gpRecord) build() {
	p, h, g := gp.p, gp.p.h, gp.g
	gp.patientResource(gpLocalSystem, p.gpNumber, true, p.given, gp.org.orgRef())
	age := p.ageAt(gp.end)

	for _, a := range h.allergies {
		gp.allergy(a, gp.someDay(), "")
	}
	if len(h.allergies) == 0 && age >= 16 && g.chance(0.6) {
		gp.noKnownAllergy(gp.someDay())
	}
	for _, c := range h.chronic {
		gp.chronic(c)
	}
	episodes := scaled(g, [5]float64{2.5, 2.5, 3, 3, 3}[ageBand(age)], gp.factor())
	for i := 0; i < episodes; i++ {
		gp.episode()
	}
	if age >= 16 {
		gp.smokingStatus(gp.someDay(), "")
	}
	if age >= 40 && age < 75 {
		gp.healthCheck()
	}
	gp.immunisations()
	gp.screening()
	for _, ev := range h.hospital {
		gp.hospitalLetter(ev)
	}
	gp.flags()
	if h.alcohol {
		gp.alcohol()
	}
	gp.upcoming()
}

// encounter records a consultation and returns its id. A booked
// appointment is created first when appt is set, and linked from the
// encounter.
func (gp *gpRecord) encounter(t time.Time, typ coding, reason coding, by *staff, appt bool, labels []string) string {
	class := coding{actCodeSystem, "AMB", "ambulatory"}
	minutes := 10
	switch typ.code {
	case telephoneEnc.code:
		class = coding{actCodeSystem, "VR", "virtual"}
	case homeVisit.code:
		class = coding{actCodeSystem, "HH", "home health"}
		minutes = 30
	}
	var apptRef obj
	if appt {
		id := gp.appointment(t, minutes, reason, reason.display, by, "fulfilled", labels)
		apptRef = gp.org.refObj("Appointment", id, "")
	}
	id := gp.newID("Encounter")
	return gp.add("Encounter", id, t, "Encounter", labels, o(
		"status", "finished",
		"class", class.json(),
		"type", []obj{cc(typ)},
		"subject", gp.patientRef(),
		"participant", []obj{o("individual", gp.org.staffRef(by))},
		"appointment", one(apptRef),
		"period", o("start", fdateTime(t), "end", fdateTime(t.Add(time.Duration(minutes)*time.Minute))),
		"reasonCode", []obj{cc(reason)},
		"serviceProvider", gp.org.orgRef(),
	))
}

func (gp *gpRecord) appointment(t time.Time, minutes int, reason coding, description string, by *staff, status string, labels []string) string {
	kind := coding{"http://terminology.hl7.org/CodeSystem/v2-0276", "ROUTINE", "Routine appointment - default if not valued"}
	if status == "booked" {
		kind = coding{"http://terminology.hl7.org/CodeSystem/v2-0276", "CHECKUP", "A routine check-up, such as an annual physical"}
	}
	created := t.AddDate(0, 0, -gp.g.between(1, 21))
	// A booked appointment was last touched when it was made; a fulfilled
	// one when the patient arrived.
	when := created
	if status == "fulfilled" {
		when = t
	}
	id := gp.newID("Appointment")
	return gp.add("Appointment", id, when, "Appointment", labels, o(
		"status", status,
		"appointmentType", cc(kind),
		"reasonCode", []obj{cc(reason)},
		"description", description,
		"start", fdateTime(t),
		"end", fdateTime(t.Add(time.Duration(minutes)*time.Minute)),
		"minutesDuration", minutes,
		"created", fdate(created),
		"participant", []obj{
			o("actor", gp.patientRef(), "required", "required", "status", "accepted"),
			o("actor", gp.org.staffRef(by), "required", "required", "status", "accepted"),
		},
	))
}

func (gp *gpRecord) condition(code coding, onset time.Time, enc string, by *staff, chronic bool, abated time.Time, labels []string) string {
	status := conditionActive
	cat := coding{condCatSystem, "problem-list-item", "Problem List Item"}
	if !chronic {
		cat = coding{condCatSystem, "encounter-diagnosis", "Encounter Diagnosis"}
	}
	var abatement any
	if !abated.IsZero() {
		status = conditionResolved
		abatement = fdateTime(abated)
	}
	id := gp.newID("Condition")
	return gp.add("Condition", id, onset, "Condition", labels, o(
		"clinicalStatus", status,
		"verificationStatus", conditionVerified,
		"category", []obj{cc(cat)},
		"code", cc(code),
		"subject", gp.patientRef(),
		"encounter", gp.org.refObj("Encounter", enc, ""),
		"onsetDateTime", fdateTime(onset),
		"abatementDateTime", abatement,
		"recordedDate", fdateTime(onset),
		"recorder", gp.org.staffRef(by),
	))
}

// chronic records a long-term condition: the diagnosing consultation, the
// problem, its repeat medicines and yearly reviews.
func (gp *gpRecord) chronic(c *chronicCond) {
	g := gp.g
	by := gp.doctor()
	enc := gp.encounter(c.onset, consultation, c.def.code, by, g.chance(0.3), c.labels)
	at := c.onset.Add(8 * time.Minute)
	cond := gp.condition(c.def.code, c.onset, enc, by, true, time.Time{}, c.labels)
	if c.withheld {
		gp.p.withheldRef = "Condition/" + cond
	}
	switch c.def.key {
	case "copd", "asthma":
		gp.procedure(spirometry, at, enc, gp.nurse())
	case "af":
		gp.procedure(ecg, at, enc, gp.nurse())
	case "depression":
		gp.procedure(depressionScr, at, enc, by)
	case "htn":
		gp.bloodPressure(at, enc, by)
	case "t2dm":
		gp.lab(labHbA1c, at, enc, 6)
	}
	for _, d := range c.def.meds {
		if gp.p.h.allergicTo(d) || gp.prescribedBefore(d, c) {
			continue
		}
		gp.longTermMed(d, c, cond, enc, by)
	}
	if c.def.review == "" {
		return
	}
	years := int(gp.end.Sub(c.onset).Hours() / 24 / 365)
	reviews := min(years, scaled(g, 1.6, gp.factor()))
	for k := 1; k <= reviews; k++ {
		t := g.clinic(c.onset.AddDate(k, 0, g.between(-40, 40)))
		if !t.Before(gp.end) {
			break
		}
		gp.review(c, t, cond)
	}
}

// prescribedBefore reports whether an earlier condition already brought the
// same repeat medicine (simvastatin for diabetes and for cholesterol).
func (gp *gpRecord) prescribedBefore(d *drug, c *chronicCond) bool {
	for _, other := range gp.p.h.chronic {
		if other == c {
			return false
		}
		for _, od := range other.def.meds {
			if od == d {
				return true
			}
		}
	}
	return false
}

// review is the yearly review of a long-term condition.
func (gp *gpRecord) review(c *chronicCond, t time.Time, cond string) {
	g := gp.g
	by := gp.nurse()
	if g.chance(0.4) {
		by = gp.doctor()
	}
	reason := coding{sctSystem, c.def.code.code, c.def.code.display}
	enc := gp.encounter(t, consultation, reason, by, g.chance(0.35), c.labels)
	// A review is about the problem it reviews: the encounter points at it,
	// as GP systems link consultations to problems.
	gp.reasonReference(enc, cond)
	at := t.Add(5 * time.Minute)
	switch c.def.key {
	case "htn", "ckd", "hf", "af":
		gp.bloodPressure(at, enc, by)
		if c.def.key == "ckd" {
			gp.lab(labEGFR, at, enc, -30)
		}
		if c.def.key == "af" {
			gp.vital(heartRate, "vital-signs", "Observation-VitalSigns-HeartRate", round1(g.normal(84, 12, 50, 140)), "beats/minute", "/min", at, enc, by)
		}
	case "t2dm":
		gp.bloodPressure(at, enc, by)
		gp.lab(labHbA1c, at, enc, 4)
		gp.bodyWeight(at, enc, by)
		if g.chance(0.6) {
			gp.procedure(footExam, at, enc, by)
		}
	case "lipid":
		gp.lab(labCholest, at, enc, -0.8)
	case "obesity":
		gp.bodyWeight(at, enc, by)
	case "copd", "asthma":
		if g.chance(0.5) {
			gp.smokingStatus(at, enc)
		}
	}
}

// longTermMed records a repeat medicine: the repeat authorisations
// (MedicationRequest, renewed yearly) and the medicine in the patient's
// current medication list (MedicationStatement).
func (gp *gpRecord) longTermMed(d *drug, c *chronicCond, cond, enc string, by *staff) {
	g := gp.g
	start := c.onset.Add(12 * time.Minute)
	dead := !gp.p.death.IsZero()
	// The first authorisation is made in the diagnosing consultation;
	// later ones are yearly re-authorisations without a consultation. Only
	// the latest is current.
	years := int(gp.end.Sub(start).Hours() / 24 / 365)
	dates := []time.Time{start}
	for k := min(years, scaled(g, 1.2, gp.factor())); k >= 1; k-- {
		if t := g.clinic(gp.end.AddDate(-k, 0, -g.between(0, 60))); t.After(start.AddDate(0, 2, 0)) {
			dates = append(dates, t)
		}
	}
	var last string
	for i, t := range dates {
		status := "completed"
		if i == len(dates)-1 {
			status = "active"
			if dead {
				status = "stopped"
			}
		}
		encAt := enc
		if i > 0 {
			encAt = ""
		}
		last = gp.medicationRequest(d, t, encAt, cond, by, status, true)
	}
	status := "active"
	var periodEnd any
	if dead {
		status = "stopped"
		periodEnd = fdateTime(gp.p.death)
	}
	id := gp.newID("MedicationStatement")
	gp.add("MedicationStatement", id, start, "MedicationStatement", nil, o(
		"status", status,
		"category", cc(coding{"http://terminology.hl7.org/CodeSystem/medication-statement-category", "community", "Community"}),
		"medicationCodeableConcept", cc(coding{dmdSystem, d.code, d.display}),
		"subject", gp.patientRef(),
		"context", gp.org.refObj("Encounter", enc, ""),
		"effectivePeriod", o("start", fdateTime(start), "end", periodEnd),
		"dateAsserted", fdateTime(start),
		"informationSource", gp.org.staffRef(by),
		"derivedFrom", []obj{gp.org.refObj("MedicationRequest", last, "")},
		"reasonReference", []obj{gp.org.refObj("Condition", cond, "")},
		"dosage", []obj{dosage(d)},
	))
}

// dosage is a Dosage element for the medicine's usual instructions.
func dosage(d *drug) obj {
	dose := o("value", 1, "unit", d.unit.display, "system", d.unit.system, "code", d.unit.code)
	if d.unit.code == "" {
		dose = o("value", 2, "unit", d.unit.display)
	}
	return o(
		"text", d.dose,
		"timing", o("repeat", o("frequency", d.perDay, "period", 1, "periodUnit", "d")),
		"asNeededBoolean", d.asNeeded,
		"route", cc(d.route),
		"doseAndRate", []obj{o("doseQuantity", dose)},
	)
}

// instruction is the shorter Dosage a prescription carries: the
// dispensing label text and timing.
func instruction(d *drug) obj {
	return o(
		"text", d.dose,
		"timing", o("repeat", o("frequency", d.perDay, "period", 1, "periodUnit", "d")),
		"asNeededBoolean", d.asNeeded,
	)
}

func (gp *gpRecord) medicationRequest(d *drug, t time.Time, enc, cond string, by *staff, status string, repeat bool) string {
	course := coding{"http://terminology.hl7.org/CodeSystem/medicationrequest-course-of-therapy", "acute", "Short course (acute) therapy"}
	var repeats any
	if repeat {
		course = coding{"http://terminology.hl7.org/CodeSystem/medicationrequest-course-of-therapy", "continuous", "Continuous long term therapy"}
		repeats = 11
	}
	supply := o("value", d.pack, "unit", d.unit.display, "system", d.unit.system, "code", d.unit.code)
	if d.unit.code == "" {
		supply = o("value", d.pack, "unit", d.unit.display)
	}
	var encRef obj
	if enc != "" {
		encRef = gp.org.refObj("Encounter", enc, "")
	}
	id := gp.newID("MedicationRequest")
	return gp.add("MedicationRequest", id, t, "MedicationRequest", nil, o(
		"status", status,
		"intent", "order",
		"category", []obj{cc(coding{"http://terminology.hl7.org/CodeSystem/medicationrequest-category", "community", "Community"})},
		"medicationCodeableConcept", cc(coding{dmdSystem, d.code, d.display}),
		"subject", gp.patientRef(),
		"encounter", encRef,
		"authoredOn", fdateTime(t),
		"requester", gp.org.staffRef(by),
		"reasonReference", []obj{gp.org.refObj("Condition", cond, "")},
		"courseOfTherapyType", cc(course),
		"dosageInstruction", []obj{instruction(d)},
		"dispenseRequest", o(
			"numberOfRepeatsAllowed", repeats,
			"quantity", supply,
			"expectedSupplyDuration", o("value", 28, "unit", "day", "system", ucumSystem, "code", "d"),
		),
	))
}

// episode is a short illness: a consultation, a resolved problem and
// perhaps a short course of treatment.
func (gp *gpRecord) episode() {
	g, p := gp.g, gp.p
	t := gp.someDay()
	child := p.ageAt(t) < 16
	var def episodeDef
	for {
		def = pick(g, episodeDefs)
		if def.children || !child {
			break
		}
	}
	typ := consultation
	if g.chance(0.3) {
		typ = telephoneEnc
	} else if p.ageAt(t) >= 85 && g.chance(0.3) {
		typ = homeVisit
	}
	by := gp.doctor()
	enc := gp.encounter(t, typ, def.code, by, typ != telephoneEnc && g.chance(0.3), nil)
	cond := gp.condition(def.code, t, enc, by, false, minTime(t.AddDate(0, 0, def.days), gp.end), nil)
	if typ == consultation && g.chance(0.4) {
		gp.vital(temperature, "vital-signs", "Observation-VitalSigns-BodyTemperature", round1(g.normal(37.3, 0.6, 35.8, 39.8)), "degree Celsius", "Cel", t.Add(4*time.Minute), enc, by)
	}
	if def.drug != nil && g.chance(0.7) {
		d := def.drug
		if p.h.allergicTo(d) {
			d = clarithro
		}
		gp.medicationRequest(d, t.Add(9*time.Minute), enc, cond, by, "completed", false)
	}
}

// healthCheck is the NHS Health Check offered to adults aged 40-74.
func (gp *gpRecord) healthCheck() {
	g := gp.g
	n := scaled(g, 1, gp.factor())
	for i := 0; i < n; i++ {
		t := gp.someDay()
		by := gp.nurse()
		reason := sct("162673000", "General examination of patient")
		enc := gp.encounter(t, consultation, reason, by, true, nil)
		at := t.Add(5 * time.Minute)
		gp.bloodPressure(at, enc, by)
		gp.bodyWeight(at, enc, by)
		gp.lab(labCholest, at, enc, 0)
		gp.smokingStatus(at, enc)
	}
}

// immunisations are the seasonal flu, COVID-19 and pneumococcal vaccines
// an adult at risk is offered.
func (gp *gpRecord) immunisations() {
	g, p, h := gp.g, gp.p, gp.p.h
	atRisk := h.has("asthma") || h.has("copd") || h.has("t2dm") || h.has("ckd") || h.has("hf")
	var seasons []time.Time
	for y := gp.start.Year(); y <= gp.end.Year(); y++ {
		t := g.clinic(time.Date(y, 10, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.between(0, 55)))
		if t.Before(gp.start) || !t.Before(gp.end) {
			continue
		}
		if p.ageAt(t) >= 65 || (atRisk && p.ageAt(t) >= 18) {
			seasons = append(seasons, t)
		}
	}
	keep := min(len(seasons), scaled(g, 3, gp.factor()))
	for _, t := range seasons[len(seasons)-keep:] {
		gp.immunization(fluVaccine, t, "FLU")
	}
	first := time.Date(2021, 2, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.between(0, 60))
	if p.ageAt(first) >= 18 && first.After(gp.start) && first.Before(gp.end) && g.chance(0.85) {
		t := g.clinic(first)
		if !t.Before(gp.end) {
			return
		}
		gp.immunization(covidVaccine, t, "CV")
		if second := g.clinic(t.AddDate(0, 0, g.between(56, 84))); second.Before(gp.end) {
			gp.immunization(covidVaccine, second, "CV")
		}
		booster := g.clinic(time.Date(2023, 10, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.between(0, 40)))
		if p.ageAt(booster) >= 65 && booster.Before(gp.end) {
			gp.immunization(covidVaccine, booster, "CV")
		}
	}
	if sixtyFive := p.birth.AddDate(65, 0, 0); !sixtyFive.After(gp.end) && p.ageAt(gp.end) >= 65 {
		t := g.clinic(maxTime(sixtyFive.AddDate(0, g.between(1, 6), 0), gp.start.AddDate(0, g.between(1, 12), 0)))
		if t.Before(gp.end) {
			gp.immunization(pneumoVacc, t, "PN")
		}
	}
}

func (gp *gpRecord) immunization(vaccine coding, t time.Time, lot string) {
	by := gp.nurse()
	id := gp.newID("Immunization")
	gp.add("Immunization", id, t, "Immunization", nil, o(
		"status", "completed",
		"vaccineCode", cc(vaccine),
		"patient", gp.patientRef(),
		"occurrenceDateTime", fdateTime(t),
		"primarySource", true,
		"lotNumber", fmt.Sprintf("%s%05d", lot, gp.g.intn(100000)),
		"route", cc(intramuscle),
		"doseQuantity", quantity(0.5, "ml", "mL"),
		"performer", []obj{o("actor", gp.org.staffRef(by))},
	))
}

// screening is cervical screening for women of screening age.
func (gp *gpRecord) screening() {
	p := gp.p
	if p.gender != "female" {
		return
	}
	for t := gp.someDay(); t.Before(gp.end); t = gp.g.clinic(t.AddDate(3, 0, gp.g.between(0, 60))) {
		if age := p.ageAt(t); age < 25 || age > 64 {
			continue
		}
		by := gp.nurse()
		enc := gp.encounter(t, consultation, cervicalScreen, by, true, nil)
		gp.procedure(cervicalScreen, t.Add(10*time.Minute), enc, by)
	}
}

func (r *record) procedure(code coding, t time.Time, enc string, by *staff) string {
	id := r.newID("Procedure")
	return r.add("Procedure", id, t, "Procedure", nil, o(
		"status", "completed",
		"code", cc(code),
		"subject", r.patientRef(),
		"encounter", r.org.refObj("Encounter", enc, ""),
		"performedDateTime", fdateTime(t),
		"performer", []obj{o("actor", r.org.staffRef(by))},
	))
}

// vital records a single-value vital sign.
func (r *record) vital(codes []coding, cat, profile string, value float64, unit, ucum string, t time.Time, enc string, by *staff) string {
	id := r.newID("Observation")
	return r.add("Observation", id, t, profile, nil, o(
		"status", "final",
		"category", category(obsCatSystem, cat, categoryDisplay(cat)),
		"code", cc(codes...),
		"subject", r.patientRef(),
		"encounter", r.org.refObj("Encounter", enc, ""),
		"effectiveDateTime", fdateTime(t),
		"performer", []obj{r.org.staffRef(by)},
		"valueQuantity", quantity(value, unit, ucum),
	))
}

func categoryDisplay(code string) string {
	switch code {
	case "vital-signs":
		return "Vital Signs"
	case "laboratory":
		return "Laboratory"
	case "social-history":
		return "Social History"
	case "survey":
		return "Survey"
	case "exam":
		return "Exam"
	}
	panic("demogen: unknown observation category " + code)
}

// bloodPressure records a UK Core blood pressure panel; people with
// hypertension run higher.
func (r *record) bloodPressure(t time.Time, enc string, by *staff) {
	sys, dia := 124.0, 77.0
	if r.p.h.has("htn") {
		sys, dia = 142, 86
	}
	s, d := r.g.normal(sys, 12, 95, 200), r.g.normal(dia, 8, 55, 115)
	id := r.newID("Observation")
	r.add("Observation", id, t, "Observation-VitalSigns-BloodPressure", nil, o(
		"status", "final",
		"category", category(obsCatSystem, "vital-signs", "Vital Signs"),
		"code", cc(bpPanel...),
		"subject", r.patientRef(),
		"encounter", r.org.refObj("Encounter", enc, ""),
		"effectiveDateTime", fdateTime(t),
		"performer", []obj{r.org.staffRef(by)},
		"component", []obj{
			o("code", cc(systolic), "valueQuantity", quantity(float64(int(s)), "mmHg", "mm[Hg]")),
			o("code", cc(diastolic), "valueQuantity", quantity(float64(int(d)), "mmHg", "mm[Hg]")),
		},
	))
}

// bodyWeight records weight and the BMI worked out from it. The first
// time, height is measured too.
func (gp *gpRecord) bodyWeight(t time.Time, enc string, by *staff) {
	g, h := gp.g, gp.p.h
	if gp.p.ageAt(t) < 16 {
		return
	}
	heightM := h.heightCm / 100
	bmi := round1(g.normal(h.bmi, 0.8, 16, 48))
	weight := round1(bmi * heightM * heightM)
	if !gp.measuredHeight {
		gp.measuredHeight = true
		gp.vital(heightCode, "vital-signs", "Observation-VitalSigns-BodyHeight", h.heightCm, "cm", "cm", t, enc, by)
	}
	gp.vital(weightCode, "vital-signs", "Observation-VitalSigns-BodyWeight", weight, "kg", "kg", t, enc, by)
	gp.vital(bmiCode, "vital-signs", "Observation-VitalSigns-BMI", bmi, "kg/m2", "kg/m2", t, enc, by)
}

// lab records a laboratory result. All results come from the City General
// laboratory; the GP files them as the hospital reports them. shift moves
// the mean (a diabetic's HbA1c is high).
func (r *record) lab(l lab, t time.Time, enc string, shift float64) string {
	return r.labValue(l, r.g.normal(l.mean+shift, l.sd/2, l.lowLim, l.hiLim), t, enc)
}

// labValue records a UK Core laboratory Observation with a reference range
// and interpretation.
func (r *record) labValue(l lab, v float64, t time.Time, enc string) string {
	if l.decimals {
		v = round1(v)
	} else {
		v = float64(int(v + 0.5))
	}
	// Reference ranges carry value and unit only; the result's own
	// quantity carries the UCUM code.
	rng := o()
	if l.low != 0 {
		rng = rng.set("low", o("value", l.low, "unit", l.unit))
	}
	if l.high != 0 {
		rng = rng.set("high", o("value", l.high, "unit", l.unit))
	}
	interp := coding{"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "N", "Normal"}
	switch {
	case l.high != 0 && v > l.high:
		interp = coding{"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "H", "High"}
	case l.low != 0 && v < l.low:
		interp = coding{"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "L", "Low"}
	}
	performer := odsRef("X2B02", "City General Hospital")
	if r.org.SourceID == SourceAcute {
		performer = r.org.orgRef()
	}
	id := r.newID("Observation")
	return r.add("Observation", id, t, "Observation-Lab", nil, o(
		"status", "final",
		"category", category(obsCatSystem, "laboratory", "Laboratory"),
		"code", cc(l.code),
		"subject", r.patientRef(),
		"encounter", r.org.refObj("Encounter", enc, ""),
		"effectiveDateTime", fdateTime(t),
		"performer", []obj{performer},
		"valueQuantity", quantity(v, l.unit, l.ucum),
		"interpretation", []obj{cc(interp)},
		"referenceRange", []obj{rng},
	))
}

func (gp *gpRecord) smokingStatus(t time.Time, enc string) {
	var encRef obj
	if enc != "" {
		encRef = gp.org.refObj("Encounter", enc, "")
	}
	id := gp.newID("Observation")
	gp.add("Observation", id, t, "Observation", nil, o(
		"status", "final",
		"category", category(obsCatSystem, "social-history", "Social History"),
		"code", cc(smokingCode...),
		"subject", gp.patientRef(),
		"encounter", encRef,
		"effectiveDateTime", fdateTime(t),
		"performer", []obj{gp.org.staffRef(gp.usual)},
		"valueCodeableConcept", cc(gp.p.h.smoking),
	))
}

func (gp *gpRecord) allergy(a allergyDef, t time.Time, enc string) {
	var encRef obj
	if enc != "" {
		encRef = gp.org.refObj("Encounter", enc, "")
	}
	id := gp.newID("AllergyIntolerance")
	gp.add("AllergyIntolerance", id, t, "AllergyIntolerance", nil, allergyBody(gp.record, a, t, encRef, gp.org.staffRef(gp.usual)))
}

// allergyBody is a UK Core AllergyIntolerance, shared by GP and hospital.
func allergyBody(r *record, a allergyDef, t time.Time, enc obj, recorder obj) obj {
	severity, criticality := "mild", "low"
	if a.reaction.code == "39579001" {
		severity, criticality = "severe", "high"
	}
	return o(
		"clinicalStatus", allergyActive,
		"verificationStatus", allergyConfirmed,
		"type", "allergy",
		"category", []string{a.category},
		"criticality", criticality,
		"code", cc(a.code),
		"patient", r.patientRef(),
		"encounter", enc,
		"recordedDate", fdateTime(t),
		"recorder", recorder,
		"reaction", []obj{o("manifestation", []obj{cc(a.reaction)}, "severity", severity)},
	)
}

func (gp *gpRecord) noKnownAllergy(t time.Time) {
	id := gp.newID("AllergyIntolerance")
	gp.add("AllergyIntolerance", id, t, "AllergyIntolerance", nil, o(
		"clinicalStatus", allergyActive,
		"verificationStatus", allergyConfirmed,
		"code", cc(noKnownDrugAllergy),
		"patient", gp.patientRef(),
		"recordedDate", fdateTime(t),
		"recorder", gp.org.staffRef(gp.usual),
	))
}

// hospitalLetter files what the hospital sent the practice about an
// episode. Sexual health clinics do not write to the GP without consent,
// so those episodes leave no trace here.
func (gp *gpRecord) hospitalLetter(ev *hospitalEvent) {
	g := gp.g
	if ev.booked || ev.kind == evSexualHealth {
		return
	}
	var typ coding
	var title, text string
	switch ev.kind {
	case evInpatient:
		typ, title = dischargeSummary, "Discharge summary - City General Hospital"
		text = fmt.Sprintf("Discharge summary\nAdmitted %s, discharged %s.\nDiagnosis: %s.\nPlease continue current medicines and review in the practice in two weeks.",
			fdate(ev.start), fdate(ev.end), ev.def.code.display)
	case evED:
		if g.chance(0.3) {
			return
		}
		typ, title = encounterReport, "Emergency department attendance - City General Hospital"
		text = fmt.Sprintf("Emergency department attendance on %s.\nPresenting complaint: %s.\nDischarged home. No GP action needed unless symptoms recur.",
			fdate(ev.start), ev.def.code.display)
	case evOutpatient:
		if g.chance(0.2) {
			return
		}
		typ, title = consultReport, "Outpatient clinic letter - "+ev.clinic.setting().display
		text = fmt.Sprintf("%s clinic, %s.\nSeen with regard to long-term condition. Plan discussed with patient; follow up in 12 months.",
			ev.clinic.setting().display, fdate(ev.start))
	}
	received := g.clinic(ev.end.AddDate(0, 0, g.between(1, 6)))
	if !received.Before(gp.end) {
		return
	}
	id := gp.newID("DocumentReference")
	gp.add("DocumentReference", id, received, "DocumentReference", nil, o(
		"status", "current",
		"type", cc(typ),
		"subject", gp.patientRef(),
		"date", fdateTime(received),
		"author", []obj{odsRef("X2B02", "City General Hospital")},
		"custodian", gp.org.orgRef(),
		"description", title,
		"content", []obj{o("attachment", attachment(title, text, ev.end))},
		"context", o("period", o("start", fdateTime(ev.start), "end", fdateTime(ev.end))),
	))
	if ev.kind == evInpatient && g.chance(0.5) {
		t := g.clinic(received.AddDate(0, 0, g.between(3, 14)))
		if t.Before(gp.end) {
			by := gp.doctor()
			enc := gp.encounter(t, telephoneEnc, sct("430193006", "Medication reconciliation"), by, false, nil)
			gp.procedure(medRecon, t.Add(5*time.Minute), enc, by)
		}
	}
}

func (gp *gpRecord) flags() {
	g, h := gp.g, gp.p.h
	add := func(code coding, text string) {
		t := gp.someDay()
		id := gp.newID("Flag")
		gp.add("Flag", id, t, "Flag", nil, o(
			"status", "active",
			"category", []obj{cc(coding{"http://terminology.hl7.org/CodeSystem/flag-category", "clinical", "Clinical"})},
			"code", ccText(text, code),
			"subject", gp.patientRef(),
			"period", o("start", fdateTime(t)),
			"author", gp.org.staffRef(gp.usual),
		))
	}
	if h.hearing {
		add(hearingLoss, "Hearing impaired - face the patient and speak clearly; offer a hearing loop")
	}
	if h.visual {
		add(visualImpair, "Visually impaired - send letters in large print")
	}
	if h.fallsRisk && g.chance(0.7) {
		add(fallsRisk, "At risk of falls - offer help in the waiting room")
	}
}

// alcohol records a substance-misuse problem, which carries the ETH label.
func (gp *gpRecord) alcohol() {
	t := gp.someDay()
	by := gp.doctor()
	labels := []string{labelETH}
	code := sct("15167005", "Alcohol abuse")
	enc := gp.encounter(t, consultation, code, by, false, labels)
	gp.condition(code, t, enc, by, true, time.Time{}, labels)
}

// upcoming books the next review for people with a long-term condition.
func (gp *gpRecord) upcoming() {
	p := gp.p
	if !p.death.IsZero() || len(p.h.chronic) == 0 || !gp.g.chance(0.6) {
		return
	}
	c := p.h.chronic[gp.g.intn(len(p.h.chronic))]
	if c.def.review == "" {
		return
	}
	t := gp.g.clinic(gp.cfg.Reference.AddDate(0, 0, gp.g.between(3, 60)))
	gp.appointment(t, 20, c.def.code, c.def.review, gp.nurse(), "booked", c.labels)
}
