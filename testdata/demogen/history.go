package demogen

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// history is what happened to a person, before any organisation wrote it
// down: their long-term conditions and medicines, allergies, hospital
// episodes and social care. Each organisation renders its own record from
// it, so the records agree where real ones would.
type history struct {
	chronic   []*chronicCond
	allergies []allergyDef
	smoking   coding
	heightCm  float64
	bmi       float64
	hospital  []*hospitalEvent
	social    *socialFacts

	hearing, visual, fallsRisk bool
	// alcohol adds a substance-misuse problem to the GP record, labelled
	// ETH; only the sensitive scenario has it.
	alcohol bool
}

// chronicCond is a long-term condition and when it began.
type chronicCond struct {
	def      *chronicDef
	onset    time.Time
	labels   []string // security labels on the GP Condition
	withheld bool     // the patient asked the practice not to share it
}

type eventKind int

const (
	evED eventKind = iota
	evInpatient
	evOutpatient
	evSexualHealth
)

// hospitalEvent is one contact with City General Hospital.
type hospitalEvent struct {
	kind   eventKind
	def    *hospitalDef // ED attendances and admissions
	clinic clinic       // outpatient and sexual health clinics
	start  time.Time
	end    time.Time
	viaED  bool // an emergency admission through the emergency department
	booked bool // an outpatient appointment still to come
	labels []string
}

// socialFacts is what the council's adult social care service knows.
type socialFacts struct {
	referral    time.Time
	livesAlone  bool
	keySafe     bool
	riskToStaff bool
	frailty     int
	nextOfKin   *relative
	carer       *relative // informal carer; may be the next of kin
	pkg         int       // index into carePackages
}

// relative is a family member, friend or neighbour.
type relative struct {
	given, family, gender string
	relation              coding
	phone                 string
	sameAddress           bool
	carer                 bool
	user                  string // demo login of a carer who acts as proxy
}

// carePackages are the packages of care the council commissions, most
// intensive last.
var carePackages = []struct {
	title, description string
	activities         []string
}{
	{"Telecare and reablement", "Pendant alarm and six weeks of reablement support after a period of illness.", []string{"Telecare pendant alarm with 24-hour monitoring", "Reablement visits, once daily for six weeks"}},
	{"Day opportunities", "Attendance at Riverside Day Centre to reduce isolation and give the family carer a break.", []string{"Day centre, two days a week, with transport", "Carer's break, one afternoon a week"}},
	{"Residential respite", "Two weeks of planned respite in a residential home while the family carer is away.", []string{"Planned respite, 14 nights, twice a year"}},
	{"Home care - two calls a day", "Help with washing, dressing and medicines, morning and evening.", []string{"Morning call: personal care and medicines prompt", "Evening call: meal preparation and medicines prompt"}},
	{"Home care - four calls a day", "Double-handed help with all personal care, meals and medicines.", []string{"Four calls a day, two carers per call", "Meals at home", "Medicines administration from blister packs"}},
}

// makeHistory draws a person's history from their own random stream.
func makeHistory(cfg Config, p *person) {
	g := newRNG(cfg.Seed, streamPerson, uint64(p.index))
	h := &history{}
	p.h = h
	ref := cfg.Reference
	end := p.end(ref)
	age := p.ageAt(end)
	band := ageBand(age)

	switch w := g.weighted([]float64{55, 28, 17}); {
	case age < 16:
		h.smoking = neverSmoked
	case w == 0:
		h.smoking = neverSmoked
	case w == 1:
		h.smoking = exSmoker
	default:
		h.smoking = smoker
	}
	if p.gender == "male" {
		h.heightCm = round1(g.normal(176, 7, 155, 200))
	} else {
		h.heightCm = round1(g.normal(163, 6.5, 145, 185))
	}
	h.bmi = round1(g.normal(27, 4.5, 17, 45))

	for _, def := range chronicDefs {
		if g.chance(def.prevalence[band]) {
			addChronic(g, cfg, p, def)
		}
	}
	if h.bmi >= 32 && !h.has("obesity") {
		addChronic(g, cfg, p, chronicByKey("obesity"))
	}
	// A few people's depression is recorded as restricted (PSY), as some
	// practices do for mental health problems.
	if c := h.chronicFor("depression"); c != nil && g.chance(0.15) {
		c.labels = []string{labelPSY}
	}
	switch {
	case g.chance(0.04):
		h.allergies = append(h.allergies, allergyDefs[g.intn(2)], pick(g, allergyDefs[2:]))
	case g.chance(0.14):
		h.allergies = append(h.allergies, pick(g, allergyDefs))
	}
	h.hearing = age >= 65 && g.chance(0.25)
	h.visual = age >= 80 && g.chance(0.12)
	h.fallsRisk = age >= 80 && g.chance(0.3)

	if p.atAcute {
		n := scaled(g, [5]float64{1.1, 1.2, 1.5, 1.9, 2.3}[band], p.richness[orgAcute]*cfg.Scale)
		for i := 0; i < max(n, 1); i++ {
			addHospitalEvent(g, cfg, p, -1)
		}
		if end.Equal(ref) && h.hasClinic() && g.chance(0.3) {
			addBookedClinic(g, cfg, p)
		}
	}
	if p.atSocial {
		h.social = drawSocial(g, cfg, p)
	}
	h.sortHospital()
}

// scaled turns an expected count into a whole number, rounding the
// fractional part at random so that averages come out right.
func scaled(g *rng, base, factor float64) int {
	x := base * factor
	n := int(math.Floor(x))
	if g.chance(x - float64(n)) {
		n++
	}
	return n
}

func (h *history) has(key string) bool {
	return h.chronicFor(key) != nil
}

func (h *history) chronicFor(key string) *chronicCond {
	for _, c := range h.chronic {
		if c.def.key == key {
			return c
		}
	}
	return nil
}

func (h *history) hasClinic() bool {
	for _, c := range h.chronic {
		if c.def.clinic != clinicNone {
			return true
		}
	}
	return false
}

// activeMeds are the long-term medicines the person was taking on day t.
func (h *history) activeMeds(t time.Time) []*drug {
	var out []*drug
	for _, c := range h.chronic {
		if c.onset.After(t) {
			continue
		}
		for _, d := range c.def.meds {
			if !slices.Contains(out, d) {
				out = append(out, d)
			}
		}
	}
	return out
}

// allergicTo reports whether an allergy rules the medicine out.
func (h *history) allergicTo(d *drug) bool {
	for _, a := range h.allergies {
		if a.drugTo == d {
			return true
		}
	}
	return false
}

func (h *history) sortHospital() {
	slices.SortStableFunc(h.hospital, func(a, b *hospitalEvent) int { return a.start.Compare(b.start) })
}

// minOnsetAge is the youngest age at which each condition is diagnosed in
// the demo.
func minOnsetAge(key string) int {
	switch key {
	case "asthma":
		return 3
	case "obesity":
		return 5
	case "depression", "anxiety":
		return 12
	case "dementia":
		return 60
	}
	return 18
}

// addChronic gives the person a long-term condition diagnosed in the
// ten-year window, if their age allows.
func addChronic(g *rng, cfg Config, p *person, def *chronicDef) *chronicCond {
	if c := p.h.chronicFor(def.key); c != nil {
		return c
	}
	from := maxTime(cfg.Reference.AddDate(-10, 0, 0), p.birth.AddDate(minOnsetAge(def.key), 0, 0))
	to := p.end(cfg.Reference).AddDate(0, 0, -60)
	if !from.Before(to) {
		return nil
	}
	c := &chronicCond{def: def, onset: g.clinicBetween(from, to)}
	p.h.chronic = append(p.h.chronic, c)
	slices.SortStableFunc(p.h.chronic, func(a, b *chronicCond) int { return a.onset.Compare(b.onset) })
	return c
}

// eligible reports whether a hospital reason fits the person on day t.
func eligible(def *hospitalDef, p *person, t time.Time) bool {
	if p.ageAt(t) < def.minAge {
		return false
	}
	switch def.code.code {
	case "195951007":
		return p.h.has("copd")
	case "266364000":
		return p.h.has("asthma")
	case "84114007":
		return p.h.has("hf")
	case "239873007":
		return p.h.has("oa")
	}
	return true
}

// addHospitalEvent adds one past contact with the hospital. kind < 0 picks
// the kind at random, weighted by age and by whether the person has a
// condition the hospital follows up in clinic.
func addHospitalEvent(g *rng, cfg Config, p *person, kind eventKind) *hospitalEvent {
	ref := cfg.Reference
	from := maxTime(ref.AddDate(-10, 0, 0), p.birth.AddDate(0, 0, 30))
	to := p.end(ref).AddDate(0, 0, -21)
	if !from.Before(to) {
		return nil
	}
	if kind < 0 {
		old := 0.0
		if p.ageAt(ref) >= 65 {
			old = 15
		}
		clinicW := 0.0
		if p.h.hasClinic() {
			clinicW = 30
		}
		kind = eventKind(g.weighted([]float64{45, 25 + old, clinicW}))
	}
	ev := &hospitalEvent{kind: kind}
	for try := 0; try < 20; try++ {
		day := g.day(from, to)
		switch kind {
		case evED, evInpatient:
			def := &hospitalDefs[g.intn(len(hospitalDefs))]
			if def.admit != (kind == evInpatient) || !eligible(def, p, day) {
				continue
			}
			ev.def = def
			ev.start = g.anytime(day)
			if kind == evED {
				ev.end = ev.start.Add(time.Duration(g.between(90, 330)) * time.Minute)
			} else {
				// Gallstones are sometimes admitted as an emergency
				// (acute cholecystitis); other planned operations never.
				ev.viaED = !def.elective || def.code.code == "235919008" && g.chance(0.3)
				if !ev.viaED {
					ev.start = g.clinic(day)
				}
				stay := max(1, def.stayDays+g.between(-1, 3))
				ev.end = g.clinic(day.AddDate(0, 0, stay))
			}
		case evOutpatient:
			var withClinic []*chronicCond
			for _, c := range p.h.chronic {
				if c.def.clinic != clinicNone && c.onset.Before(day) {
					withClinic = append(withClinic, c)
				}
			}
			if len(withClinic) == 0 {
				continue
			}
			ev.clinic = pick(g, withClinic).def.clinic
			ev.start = g.clinic(day)
			ev.end = ev.start.Add(time.Duration(g.between(2, 4)) * 10 * time.Minute)
		case evSexualHealth:
			ev.clinic = clinicSexualHealth
			ev.start = g.clinic(day)
			ev.end = ev.start.Add(30 * time.Minute)
			ev.labels = []string{labelSEX}
		}
		if ev.end.After(p.end(ref)) {
			continue
		}
		p.h.hospital = append(p.h.hospital, ev)
		p.h.sortHospital()
		return ev
	}
	return nil
}

// addBookedClinic books an outpatient appointment in the weeks after the
// reference date.
func addBookedClinic(g *rng, cfg Config, p *person) {
	for _, c := range p.h.chronic {
		if c.def.clinic == clinicNone {
			continue
		}
		start := g.clinic(cfg.Reference.AddDate(0, 0, g.between(7, 70)))
		p.h.hospital = append(p.h.hospital, &hospitalEvent{
			kind: evOutpatient, clinic: c.def.clinic, start: start, end: start.Add(20 * time.Minute), booked: true,
		})
		return
	}
}

func drawSocial(g *rng, cfg Config, p *person) *socialFacts {
	ref := cfg.Reference
	age := p.ageAt(p.end(ref))
	from := maxTime(ref.AddDate(-10, 0, 0), p.birth.AddDate(18, 0, 0))
	if age >= 65 {
		// Most older people came to the council's attention recently.
		from = maxTime(from, ref.AddDate(-5, 0, 0))
	}
	to := p.end(ref).AddDate(0, 0, -90)
	if !from.Before(to) {
		from = to.AddDate(0, -6, 0)
	}
	s := &socialFacts{
		referral:    g.clinicBetween(from, to),
		livesAlone:  g.chance(0.5),
		riskToStaff: g.chance(0.04),
		frailty:     min(9, max(3, int(math.Round(g.normal(float64(age-40)/8, 1, 3, 9))))),
	}
	s.keySafe = s.livesAlone && g.chance(0.7)
	s.pkg = min(len(carePackages)-1, max(0, s.frailty-4+g.between(-1, 1)))
	if g.chance(0.9) {
		s.nextOfKin = drawRelative(g, p)
		if g.chance(0.6) {
			s.nextOfKin.carer = true
			s.carer = s.nextOfKin
		}
	}
	return s
}

// drawRelative invents a family member or friend of the person.
func drawRelative(g *rng, p *person) *relative {
	rel := pick(g, carerRelations)
	r := &relative{relation: rel, phone: fmt.Sprintf("07700 900%03d", g.intn(1000))}
	switch rel.code {
	case "DAU", "NIECE":
		r.gender = "female"
	case "SON":
		r.gender = "male"
	case "SPS":
		r.gender = "female"
		if p.gender == "female" {
			r.gender = "male"
		}
		r.sameAddress = true
	default:
		r.gender = pick(g, []string{"female", "male"})
	}
	if r.gender == "female" {
		r.given = pick(g, femaleNames)
	} else {
		r.given = pick(g, maleNames)
	}
	switch rel.code {
	case "SPS", "SON":
		r.family = p.family
	case "DAU":
		if g.chance(0.5) {
			r.family = p.family
		} else {
			r.family = pick(g, familyNames)
		}
	default:
		r.family = pick(g, familyNames)
	}
	return r
}
