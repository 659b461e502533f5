package demogen

import (
	"fmt"
	"path"

	"github.com/shcr/shcr/fhir"
)

// Source ids of the three organisations.
const (
	SourceGP     = "gp-riverside"
	SourceAcute  = "city-general"
	SourceSocial = "riverside-council"
)

// makeOrgs builds the three organisations and their staff. Staff names and
// ids come from their own stream so that they do not change when the
// population does.
func makeOrgs(cfg Config) [3]*orgInfo {
	g := newRNG(cfg.Seed, streamIDs, 1<<40)
	gp := &orgInfo{
		Organisation: Organisation{ODS: "X1A01", Name: "Riverside Surgery", Kind: "gp", SourceID: SourceGP, Path: path.Join(cfg.Root, SourceGP)},
		style:        styleUUID,
		telecom:      "01632 960001",
		addrLine:     "1 Church Street",
		postcode:     "RV1 2AB",
		orgType:      coding{"http://terminology.hl7.org/CodeSystem/organization-type", "prov", "Healthcare Provider"},
	}
	gp.orgID = g.uuid()
	for i := 0; i < 4; i++ {
		gp.staff = append(gp.staff, newStaff(g, gp, "Dr", roleGP, clinicNone, gmcSystem, fmt.Sprintf("%07d", g.between(3000000, 7999999))))
	}
	for i := 0; i < 2; i++ {
		gp.staff = append(gp.staff, newStaff(g, gp, "", roleNurse, clinicNone, nmcSystem, fmt.Sprintf("%02d%c%04d%c", g.between(70, 99), 'A'+rune(g.intn(26)), g.intn(10000), 'A'+rune(g.intn(26)))))
	}

	acute := &orgInfo{
		Organisation: Organisation{ODS: "X2B02", Name: "City General Hospital", Kind: "acute", SourceID: SourceAcute, Path: path.Join(cfg.Root, SourceAcute)},
		style:        styleRelative,
		orgID:        "city-general",
		fullURLBase:  "https://epr.city-general.example.nhs.uk/fhir/",
		telecom:      "01632 960200",
		addrLine:     "Infirmary Road",
		postcode:     "RV4 1HQ",
		orgType:      coding{"http://terminology.hl7.org/CodeSystem/organization-type", "prov", "Healthcare Provider"},
	}
	for _, c := range []clinic{clinicCardiology, clinicDiabetes, clinicRespiratory, clinicRenal, clinicOrthopaedics,
		clinicGeriatric, clinicGeneralMedicine, clinicGeneralMedicine, clinicGeneralSurgery, clinicSexualHealth} {
		acute.staff = append(acute.staff, newStaff(g, acute, "Dr", roleConsultant, c, gmcSystem, fmt.Sprintf("%07d", g.between(3000000, 7999999))))
	}
	for i := 0; i < 3; i++ {
		acute.staff = append(acute.staff, newStaff(g, acute, "Dr", roleEDDoctor, clinicEmergency, gmcSystem, fmt.Sprintf("%07d", g.between(3000000, 7999999))))
	}

	social := &orgInfo{
		Organisation: Organisation{ODS: "X3C03", Name: "Riverside Council Adult Social Care", Kind: "social-care", SourceID: SourceSocial, Path: path.Join(cfg.Root, SourceSocial)},
		style:        styleRelative,
		orgID:        "riverside-council",
		telecom:      "01632 960300",
		addrLine:     "Town Hall, Market Place",
		postcode:     "RV1 1TH",
		orgType:      coding{"http://terminology.hl7.org/CodeSystem/organization-type", "govt", "Government"},
	}
	for i := 0; i < 3; i++ {
		social.staff = append(social.staff, newStaff(g, social, "", roleSocialWkr, clinicNone, councilStaff, fmt.Sprintf("RC%05d", g.between(10000, 99999))))
	}
	social.staff = append(social.staff, newStaff(g, social, "", roleOT, clinicNone, councilStaff, fmt.Sprintf("RC%05d", g.between(10000, 99999))))
	return [3]*orgInfo{gp, acute, social}
}

func newStaff(g *rng, org *orgInfo, prefix string, role coding, c clinic, system, number string) *staff {
	s := &staff{prefix: prefix, role: role, clinic: c, idSystem: system, idNo: number}
	if g.chance(0.5) {
		s.gender, s.given = "female", pick(g, femaleNames)
	} else {
		s.gender, s.given = "male", pick(g, maleNames)
	}
	s.family = pick(g, familyNames)
	if org.style == styleUUID {
		s.id, s.roleID = g.uuid(), g.uuid()
	} else {
		n := len(org.staff) + 1
		stem := "pract"
		if org.SourceID == SourceSocial {
			stem = "staff"
		}
		s.id = fmt.Sprintf("%s-%03d", stem, n)
		s.roleID = fmt.Sprintf("role-%03d", n)
	}
	return s
}

// sharedResources are the organisation's own Organization, Practitioner
// and PractitionerRole resources, which every person's record refers to.
func (org *orgInfo) sharedResources(cfg Config) []entry {
	g := newRNG(cfg.Seed, streamIDs, 2<<40+uint64(len(org.SourceID)))
	r := &record{cfg: cfg, org: org, g: g, counter: map[string]int{}}
	since := cfg.Reference.AddDate(-10, 0, 0)
	r.add("Organization", org.orgID, r.g.clinic(since), "Organization", nil, o(
		"identifier", []obj{o("use", "official", "system", fhir.ODSSystem, "value", org.ODS)},
		"active", true,
		"type", []obj{cc(org.orgType)},
		"name", org.Name,
		"telecom", []obj{o("system", "phone", "value", org.telecom, "use", "work")},
		"address", []obj{o("use", "work", "line", []string{org.addrLine}, "city", "Riverside", "postalCode", org.postcode, "country", "GB")},
	))
	for _, s := range org.staff {
		var prefix []string
		if s.prefix != "" {
			prefix = []string{s.prefix}
		}
		r.add("Practitioner", s.id, r.g.clinic(since), "Practitioner", nil, o(
			"identifier", []obj{o("system", s.idSystem, "value", s.idNo)},
			"active", true,
			"name", []obj{o("use", "official", "family", s.family, "given", []string{s.given}, "prefix", prefix)},
			"telecom", []obj{o("system", "phone", "value", org.telecom, "use", "work")},
			"gender", s.gender,
		))
		var specialty []obj
		if s.clinic != clinicNone {
			specialty = []obj{cc(s.clinic.setting())}
		} else if org.Kind == "gp" {
			specialty = []obj{cc(practiceSetting("600", "General Medical Practice"))}
		}
		r.add("PractitionerRole", s.roleID, r.g.clinic(since), "PractitionerRole", nil, o(
			"active", true,
			"practitioner", org.staffRef(s),
			"organization", org.orgRef(),
			"code", []obj{cc(s.role)},
			"specialty", specialty,
		))
	}
	return r.entries
}
