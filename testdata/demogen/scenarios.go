package demogen

import (
	"fmt"
	"strings"
	"time"
)

// scenarioSpec describes a named scenario person: who they must be before
// their history is drawn (age, which organisations know them, how rich
// their records are) and what must be true of their history afterwards.
type scenarioSpec struct {
	name, description string
	minAge, maxAge    int
	gp, acute, social bool
	richness          [3]float64
	deceased          bool
	// shape changes the person's history after it is drawn.
	shape func(g *rng, cfg Config, p *person) error
}

var scenarioSpecs = []scenarioSpec{
	{
		name:        "shared-all",
		description: "Older adult with several long-term conditions, known to all three organisations, with a rich record everywhere (about 250 resources across the three sources); the person benchmarks use for a large federated view.",
		minAge:      70, maxAge: 80, gp: true, acute: true, social: true,
		richness: [3]float64{2.5, 1, 5},
		shape: func(g *rng, cfg Config, p *person) error {
			for _, key := range []string{"htn", "t2dm", "copd", "oa"} {
				addChronic(g, cfg, p, chronicByKey(key))
			}
			for _, kind := range []eventKind{evInpatient, evInpatient, evOutpatient, evOutpatient, evED} {
				addHospitalEvent(g, cfg, p, kind)
			}
			return nil
		},
	},
	{
		name:        "gp-only",
		description: "Adult registered at Riverside Surgery and known to no other organisation.",
		minAge:      25, maxAge: 55, gp: true,
	},
	{
		name:        "duplicate-meds",
		description: "Amlodipine 5mg tablets recorded as a MedicationStatement both at the GP (repeat medicine) and at the hospital (medication on admission), with the same dm+d code.",
		minAge:      55, maxAge: 80, gp: true, acute: true,
		shape: func(g *rng, cfg Config, p *person) error {
			c := addChronic(g, cfg, p, chronicByKey("htn"))
			if c == nil {
				return fmt.Errorf("cannot give %s hypertension", p.nhs)
			}
			c.onset = g.clinic(cfg.Reference.AddDate(-8, 0, g.between(0, 90)))
			for try := 0; try < 50; try++ {
				if ev := addHospitalEvent(g, cfg, p, evInpatient); ev != nil && ev.start.After(c.onset.AddDate(0, 1, 0)) {
					return nil
				}
			}
			return fmt.Errorf("cannot admit %s after their hypertension diagnosis", p.nhs)
		},
	},
	{
		name:        "social-no-nhs-number",
		description: "Older adult known to the GP (with NHS number) and to the council, whose record has no NHS number and omits the middle name; to be matched on demographics.",
		minAge:      70, maxAge: 90, gp: true, social: true,
		shape: func(g *rng, cfg Config, p *person) error {
			p.socialNoNHS = true
			p.socialVariant = "missing-middle-name"
			if len(p.given) < 2 {
				names := maleNames
				if p.gender == "female" {
					names = femaleNames
				}
				for middle := pick(g, names); len(p.given) < 2; middle = pick(g, names) {
					if middle != p.given[0] {
						p.given = append(p.given, middle)
					}
				}
			}
			return nil
		},
	},
	{
		name:        "objection",
		description: "Adult known to the GP and the hospital who objects to sharing; the objection itself is recorded by the facade, not in these files.",
		minAge:      30, maxAge: 70, gp: true, acute: true,
	},
	{
		name:        "withheld-item",
		description: "Adult known to the GP and the hospital who asked the practice not to share one problem (an anxiety disorder).",
		minAge:      25, maxAge: 60, gp: true, acute: true,
		shape: func(g *rng, cfg Config, p *person) error {
			c := addChronic(g, cfg, p, chronicByKey("anxiety"))
			if c == nil {
				return fmt.Errorf("cannot give %s an anxiety disorder", p.nhs)
			}
			c.withheld = true
			c.labels = nil
			return nil
		},
	},
	{
		name:        "sensitive",
		description: "Adult known to the GP and the hospital with security-labelled records: a depressive disorder (PSY) and alcohol misuse (ETH) at the GP; a sexual health clinic visit (SEX) with an HIV test (HIV) at the hospital.",
		minAge:      20, maxAge: 45, gp: true, acute: true,
		shape: func(g *rng, cfg Config, p *person) error {
			c := addChronic(g, cfg, p, chronicByKey("depression"))
			if c == nil {
				return fmt.Errorf("cannot give %s a depressive disorder", p.nhs)
			}
			c.labels = []string{labelPSY}
			p.h.alcohol = true
			if addHospitalEvent(g, cfg, p, evSexualHealth) == nil {
				return fmt.Errorf("cannot book %s into the sexual health clinic", p.nhs)
			}
			return nil
		},
	},
	{
		name:        "carer-proxy",
		description: "Very old person known to all three organisations, cared for by a family member who acts for them; the council holds a RelatedPerson for the carer.",
		minAge:      82, maxAge: 95, gp: true, acute: true, social: true,
		shape: func(g *rng, cfg Config, p *person) error {
			s := p.h.social
			if s.carer == nil || (s.carer.relation.code != "DAU" && s.carer.relation.code != "SON") {
				s.carer = drawRelative(g, p)
				for s.carer.relation.code != "DAU" && s.carer.relation.code != "SON" {
					s.carer = drawRelative(g, p)
				}
				s.carer.carer = true
				s.nextOfKin = s.carer
			}
			s.carer.user = "carer-" + strings.ToLower(s.carer.given) + "-" + strings.ToLower(s.carer.family)
			p.carerUser = s.carer.user
			p.carerName = s.carer.given + " " + s.carer.family
			return nil
		},
	},
	{
		name:        "no-relationship",
		description: "Adult known only to City General Hospital (registered with a practice outside the demo); a Riverside Surgery clinician has no legitimate relationship with them.",
		minAge:      25, maxAge: 70, acute: true,
	},
	{
		name:        "deceased",
		description: "Older person who has died; known to the GP only.",
		minAge:      75, maxAge: 92, gp: true, deceased: true,
	},
}

// chosen is a scenario and the person playing it.
type chosen struct {
	spec *scenarioSpec
	p    *person
}

// pickScenarios chooses, in a seeded order, one person per scenario and
// makes them fit it: age, membership, richness and life status are set
// here, before histories are drawn. It also picks the other people whose
// council record lacks an NHS number.
func pickScenarios(cfg Config, people []*person) []chosen {
	g := newRNG(cfg.Seed, streamScenario, 0)
	order := g.r.Perm(len(people))
	used := make([]bool, len(people))
	var out []chosen
	for i := range scenarioSpecs {
		spec := &scenarioSpecs[i]
		var p *person
		for _, idx := range order {
			if used[idx] {
				continue
			}
			if age := people[idx].ageAt(cfg.Reference); age >= spec.minAge && age <= spec.maxAge {
				p = people[idx]
				break
			}
		}
		if p == nil {
			for _, idx := range order {
				if !used[idx] {
					p = people[idx]
					setAge(g, p, g.between(spec.minAge, spec.maxAge), cfg.Reference)
					break
				}
			}
		}
		used[p.index] = true
		p.scenario = spec.name
		p.atGP, p.atAcute, p.atSocial = spec.gp, spec.acute, spec.social
		p.registeredElsewhere = !spec.gp
		p.socialNoNHS = false
		if spec.richness[0] > 0 {
			p.richness = spec.richness
		}
		p.death = time.Time{}
		if spec.deceased {
			p.death = g.anytime(g.day(cfg.Reference.AddDate(-2, 0, 0), cfg.Reference.AddDate(0, 0, -30)))
		}
		out = append(out, chosen{spec, p})
	}

	// About one in 24 people (ten of the default 240) are known to the
	// council without an NHS number, with their name recorded exactly, as
	// a nickname or without the middle name.
	target := max(1, (cfg.People*10+120)/240) - 1
	variants := []string{"exact", "nickname", "missing-middle-name"}
	for _, idx := range order {
		p := people[idx]
		if target == 0 {
			break
		}
		if used[idx] || !p.atGP || !p.atSocial {
			continue
		}
		p.socialNoNHS = true
		p.socialVariant = variants[target%len(variants)]
		if p.socialVariant == "nickname" && nickname(p.given[0]) == "" || p.socialVariant == "missing-middle-name" && len(p.given) < 2 {
			p.socialVariant = "exact"
		}
		target--
	}
	return out
}

// shapeScenarios makes each scenario person's history fit their scenario.
func shapeScenarios(cfg Config, picked []chosen) error {
	for i, c := range picked {
		if c.spec.shape == nil {
			continue
		}
		g := newRNG(cfg.Seed, streamScenario, uint64(i+1))
		if err := c.spec.shape(g, cfg, c.p); err != nil {
			return fmt.Errorf("scenario %s: %w", c.spec.name, err)
		}
		c.p.h.sortHospital()
	}
	return nil
}

// scenarioResults reports the scenarios after rendering, when every local
// id is known.
func scenarioResults(picked []chosen, orgs [3]*orgInfo) []Scenario {
	out := make([]Scenario, 0, len(picked))
	for _, c := range picked {
		p := c.p
		s := Scenario{
			Name:        c.spec.name,
			NHSNumber:   p.nhs,
			Description: c.spec.description,
			LocalIDs:    map[string]string{},
		}
		if p.atGP {
			s.KnownTo = append(s.KnownTo, orgs[orgGP].SourceID)
			s.LocalIDs[orgs[orgGP].SourceID] = p.gpID
		}
		if p.atAcute {
			s.KnownTo = append(s.KnownTo, orgs[orgAcute].SourceID)
			s.LocalIDs[orgs[orgAcute].SourceID] = "mrn-" + p.mrn
		}
		if p.atSocial {
			s.KnownTo = append(s.KnownTo, orgs[orgSocial].SourceID)
			s.LocalIDs[orgs[orgSocial].SourceID] = "LAS-" + p.caseNo
		}
		switch c.spec.name {
		case "duplicate-meds":
			s.MedicationCode = &Coding{System: dmdSystem, Code: amlodipine.code}
		case "withheld-item":
			s.WithheldResource = p.withheldRef
			s.WithheldSource = SourceGP
		case "sensitive":
			s.SensitiveResources = p.sensitiveRefs
		case "carer-proxy":
			s.CarerUser, s.CarerName = p.carerUser, p.carerName
		case "social-no-nhs-number":
			s.MatchVariant = p.socialVariant
		}
		out = append(out, s)
	}
	return out
}

// scenariosJSON is testdata/demo/scenarios.json.
func (pop *Population) scenariosJSON() []byte {
	orgs := make([]obj, len(pop.Organisations))
	for i, org := range pop.Organisations {
		orgs[i] = o("ods", org.ODS, "name", org.Name, "kind", org.Kind, "sourceId", org.SourceID, "path", org.Path)
	}
	scenarios := make([]obj, len(pop.Scenarios))
	for i, s := range pop.Scenarios {
		local := o()
		for _, org := range pop.Organisations {
			local = local.set(org.SourceID, s.LocalIDs[org.SourceID])
		}
		var med obj
		if s.MedicationCode != nil {
			med = o("system", s.MedicationCode.System, "code", s.MedicationCode.Code)
		}
		var sensitive []obj
		for _, r := range s.SensitiveResources {
			sensitive = append(sensitive, o("source", r.Source, "reference", r.Reference, "labels", r.Labels))
		}
		scenarios[i] = o(
			"name", s.Name,
			"nhsNumber", s.NHSNumber,
			"description", s.Description,
			"knownTo", s.KnownTo,
			"localIds", local,
			"medicationCode", med,
			"withheldResource", s.WithheldResource,
			"withheldSource", s.WithheldSource,
			"sensitiveResources", sensitive,
			"carerUser", s.CarerUser,
			"carerName", s.CarerName,
			"matchVariant", s.MatchVariant,
		)
	}
	cfg := pop.Config
	return marshal(o(
		"referenceDate", fdate(cfg.Reference),
		"generator", o(
			"command", "go run ./testdata/demogen/cmd/demogen",
			"people", cfg.People,
			"seed", fmt.Sprint(cfg.Seed),
			"scale", cfg.Scale,
		),
		"organisations", orgs,
		"scenarios", scenarios,
	), fullLevels)
}
