// Package seedgen writes seed.sql, the social-care database's demo data,
// from the riverside-council part of the demo population that
// testdata/demogen generates. It reads the council's FHIR records back into
// the tables of schema.sql, checking as it goes that every element fits a
// column, so that the SQL source over this database serves the same people,
// with the same local ids and the same records, as the folder of FHIR files
// does. Anything it cannot place fails the generation with the resource it
// was reading, rather than being dropped.
package seedgen

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/shcr/shcr/testdata/demogen"
)

// Source is the organisation whose records the seed holds.
const Source = demogen.SourceSocial

// Code systems and profiles the council's records use.
const (
	nhsSystem        = "https://fhir.nhs.uk/Id/nhs-number"
	odsSystem        = "https://fhir.nhs.uk/Id/ods-organization-code"
	personSystem     = "https://fhir.riverside-council.example.gov.uk/Id/person-id"
	carerSystem      = "https://fhir.riverside-council.example.gov.uk/Id/carer-id"
	staffSystem      = "https://fhir.riverside-council.example.gov.uk/Id/staff-number"
	carePlanCategory = "https://fhir.riverside-council.example.gov.uk/CodeSystem/care-plan-category"
	verificationExt  = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus"
	verificationSys  = "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland"
	roleCodeSystem   = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
	nextOfKinSystem  = "http://terminology.hl7.org/CodeSystem/v2-0131"
	carerRoleSystem  = "https://fhir.hl7.org.uk/CodeSystem/UKCore-AdditionalPersonRelationshipRole"
	flagCategory     = "http://terminology.hl7.org/CodeSystem/flag-category"
	orgTypeSystem    = "http://terminology.hl7.org/CodeSystem/organization-type"
	actCodeSystem    = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
	apptTypeSystem   = "http://terminology.hl7.org/CodeSystem/v2-0276"
	obsCategory      = "http://terminology.hl7.org/CodeSystem/observation-category"
	snomed           = "http://snomed.info/sct"
	ukCore           = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-"

	homeVisitCode  = "439708006"
	assessmentCode = "710824005"
)

// Generate returns seed.sql for the council's records among files (a
// population's Files, whose paths are relative to the demo folder).
func Generate(files []demogen.File) ([]byte, error) {
	g := &gen{
		people:   map[string]*personFiles{},
		lookups:  map[string]map[string][]string{},
		staffIDs: map[string]string{},
	}
	prefix := Source + "/"
	for _, f := range files {
		rel, ok := strings.CutPrefix(f.Path, prefix)
		if !ok || !strings.HasSuffix(rel, ".json") {
			continue
		}
		switch dir, name := path.Split(rel); {
		case dir == "shared/":
			g.shared = append(g.shared, file{name, f.Data})
		case strings.HasPrefix(dir, "people/"):
			caseRef := strings.TrimSuffix(strings.TrimPrefix(dir, "people/"), "/")
			pf := g.people[caseRef]
			if pf == nil {
				pf = &personFiles{caseRef: caseRef}
				g.people[caseRef] = pf
			}
			pf.files = append(pf.files, file{name, f.Data})
		default:
			return nil, fmt.Errorf("seedgen: unexpected file %s", f.Path)
		}
	}
	if len(g.people) == 0 {
		return nil, fmt.Errorf("seedgen: the population has no %s records", Source)
	}
	if err := g.readShared(); err != nil {
		return nil, err
	}
	cases := make([]string, 0, len(g.people))
	for c := range g.people {
		cases = append(cases, c)
	}
	sort.Strings(cases)
	for _, c := range cases {
		if err := g.readPerson(g.people[c]); err != nil {
			return nil, fmt.Errorf("seedgen: %s: %w", c, err)
		}
	}
	return g.write(), nil
}

type file struct {
	name string
	data []byte
}

type personFiles struct {
	caseRef string
	files   []file
}

// gen accumulates the rows of every table.
type gen struct {
	shared []file
	people map[string]*personFiles
	// lookups holds reference data by table, then code, as the row's
	// remaining values.
	lookups                map[string]map[string][]string
	staffIDs               map[string]string // staff id → the display references to them carry
	councilID, councilName string

	organisations, staff, staffRoles               []string
	peopleRows, addresses, contacts, alerts        []string
	assessmentVisits, assessments, scores          []string
	carePlans, careServices, visits, visitRecords  []string
	nextAddress, nextContact, nextAlert, nextVisit int
	nextAssessmentVisit, nextAssessment, nextScore int
	nextCarePlan, nextService, nextVisitRecord     int
}

func decode(data []byte, v any) error {
	return json.Unmarshal(data, v, json.RejectUnknownMembers(true))
}

// lookup records a reference-data row, and fails if the same code was
// seen with other values.
func (g *gen) lookup(table, code string, values ...string) error {
	m := g.lookups[table]
	if m == nil {
		m = map[string][]string{}
		g.lookups[table] = m
	}
	if prev, ok := m[code]; ok && !slices.Equal(prev, values) {
		return fmt.Errorf("%s %s is written two ways: %q and %q", table, code, prev, values)
	}
	m[code] = values
	return nil
}

func (g *gen) readShared() error {
	sort.Slice(g.shared, func(i, j int) bool { return g.shared[i].name < g.shared[j].name })
	var roles []practitionerRole
	for _, f := range g.shared {
		var b base
		if err := json.Unmarshal(f.data, &b); err != nil {
			return fmt.Errorf("seedgen: shared/%s: %w", f.name, err)
		}
		var err error
		switch b.ResourceType {
		case "Organization":
			err = g.organization(f.data)
		case "Practitioner":
			err = g.practitioner(f.data)
		case "PractitionerRole":
			var r practitionerRole
			if err = decode(f.data, &r); err == nil {
				roles = append(roles, r)
			}
		default:
			err = fmt.Errorf("a %s has no table", b.ResourceType)
		}
		if err != nil {
			return fmt.Errorf("seedgen: shared/%s: %w", f.name, err)
		}
	}
	if g.councilID == "" {
		return errors.New("seedgen: the council's Organization is missing")
	}
	for _, r := range roles {
		if err := g.practitionerRole(r); err != nil {
			return fmt.Errorf("seedgen: PractitionerRole/%s: %w", r.ID, err)
		}
	}
	return nil
}

func (g *gen) organization(data []byte) error {
	var o organization
	if err := decode(data, &o); err != nil {
		return err
	}
	if err := profile(o.base, "Organization"); err != nil {
		return err
	}
	if g.councilID != "" {
		return errors.New("more than one Organization")
	}
	if len(o.Identifier) != 1 || o.Identifier[0].System != odsSystem || o.Identifier[0].Use != "official" ||
		len(o.Type) != 1 || len(o.Type[0].Coding) != 1 || o.Type[0].Coding[0].System != orgTypeSystem ||
		len(o.Telecom) != 1 || o.Telecom[0].System != "phone" || o.Telecom[0].Use != "work" ||
		len(o.Address) != 1 || o.Address[0].Use != "work" || len(o.Address[0].Line) != 1 || o.Address[0].Country != "GB" ||
		o.Address[0].District != "" || o.Address[0].Type != "" || o.Active == nil || !*o.Active {
		return errors.New("the Organization does not fit the organisations table")
	}
	g.councilID, g.councilName = o.ID, o.Name
	t := o.Type[0].Coding[0]
	g.organisations = append(g.organisations, row(q(o.ID), q(o.Identifier[0].Value), q(o.Name), q(t.Code), q(t.Display),
		q(o.Telecom[0].Value), q(o.Address[0].Line[0]), q(o.Address[0].City), q(o.Address[0].PostalCode), "true", q(o.Meta.LastUpdated)))
	return nil
}

func (g *gen) practitioner(data []byte) error {
	var p practitioner
	if err := decode(data, &p); err != nil {
		return err
	}
	if err := profile(p.base, "Practitioner"); err != nil {
		return err
	}
	if len(p.Identifier) != 1 || p.Identifier[0].System != staffSystem || len(p.Name) != 1 || p.Name[0].Use != "official" ||
		len(p.Name[0].Given) != 1 || len(p.Name[0].Prefix) > 1 || len(p.Telecom) != 1 || p.Telecom[0].System != "phone" ||
		p.Telecom[0].Use != "work" || p.Active == nil || !*p.Active {
		return errors.New("the Practitioner does not fit the staff table")
	}
	n := p.Name[0]
	g.staffIDs[p.ID] = n.Given[0] + " " + n.Family
	g.staff = append(g.staff, row(q(p.ID), q(p.Identifier[0].Value), q(g.councilID), q(first(n.Prefix)), q(n.Given[0]), q(n.Family),
		q(p.Gender), q(p.Telecom[0].Value), "true", q(p.Meta.LastUpdated)))
	return nil
}

func (g *gen) practitionerRole(r practitionerRole) error {
	if err := profile(r.base, "PractitionerRole"); err != nil {
		return err
	}
	staffID, ok := strings.CutPrefix(r.Practitioner.Reference, "Practitioner/")
	if !ok || g.staffIDs[staffID] == "" || r.Practitioner.Display != g.staffIDs[staffID] || g.councilRef(r.Organization) != nil ||
		len(r.Code) != 1 || len(r.Code[0].Coding) != 1 || r.Code[0].Coding[0].System != snomed || r.Active == nil || !*r.Active {
		return errors.New("the PractitionerRole does not fit the staff_roles table")
	}
	c := r.Code[0].Coding[0]
	if err := g.lookup("job_roles", c.Code, c.Display); err != nil {
		return err
	}
	g.staffRoles = append(g.staffRoles, row(q(r.ID), q(staffID), q(g.councilID), q(c.Code), "true", q(r.Meta.LastUpdated)))
	return nil
}

// person is what the reader keeps about one person while reading their
// records, to check the records against each other.
type person struct {
	id      int
	caseRef string
	address address
	visits  map[string]visitInfo // assessment visits by Encounter id
	appts   map[string]apptInfo  // appointments by id
	latest  time.Time            // the latest assessment visit, for the key worker
	worker  string
	records map[string][][]byte // by resource type, in file order
}

type visitInfo struct {
	rowID  int
	worker string
	start  string
}

type apptInfo struct {
	rowID      int
	worker     string
	start, end string
}

func (g *gen) readPerson(pf *personFiles) error {
	num, ok := strings.CutPrefix(pf.caseRef, "LAS-")
	id, err := strconv.Atoi(num)
	if !ok || err != nil || len(num) != 6 || id < 1 {
		return errors.New("the folder is not a case reference LAS-nnnnnn")
	}
	p := &person{id: id, caseRef: pf.caseRef, visits: map[string]visitInfo{}, appts: map[string]apptInfo{}, records: map[string][][]byte{}}
	sort.Slice(pf.files, func(i, j int) bool { return pf.files[i].name < pf.files[j].name })
	for _, f := range pf.files {
		typ, _, ok := strings.Cut(f.name, "-")
		if !ok {
			return fmt.Errorf("%s is not named <Type>-<id>.json", f.name)
		}
		p.records[typ] = append(p.records[typ], f.data)
	}
	// Patients first, then what others refer to: assessment visits before
	// the documents, scores and plans made at them, appointments before
	// the visit records.
	steps := []struct {
		typ  string
		read func(*person, []byte) error
	}{
		{"Patient", g.patient},
		{"RelatedPerson", g.relatedPerson},
		{"Flag", g.flag},
		{"Appointment", g.appointment},
		{"Encounter", g.encounter},
		{"DocumentReference", g.document},
		{"Observation", g.observation},
		{"CarePlan", g.carePlan},
	}
	seen := 0
	for _, st := range steps {
		for _, data := range p.records[st.typ] {
			if err := st.read(p, data); err != nil {
				var b base
				_ = json.Unmarshal(data, &b)
				return fmt.Errorf("%s/%s: %w", st.typ, b.ID, err)
			}
			seen++
		}
	}
	total := 0
	for _, rs := range p.records {
		total += len(rs)
	}
	if seen != total {
		return errors.New("the folder holds resource types that have no table")
	}
	if len(p.records["Patient"]) != 1 {
		return errors.New("the folder does not hold exactly one Patient")
	}
	// The key worker is the worker of the latest assessment.
	keyWorker := "NULL"
	if p.worker != "" {
		keyWorker = q(p.worker)
	}
	g.peopleRows[len(g.peopleRows)-1] = strings.Replace(g.peopleRows[len(g.peopleRows)-1], keyWorkerMark, keyWorker, 1)
	return nil
}

// keyWorkerMark stands in a people row for the key worker, who is known
// only once the person's assessments are read.
const keyWorkerMark = "\x00key-worker\x00"

func (g *gen) patient(p *person, data []byte) error {
	var r patient
	if err := decode(data, &r); err != nil {
		return err
	}
	if err := profile(r.base, "Patient"); err != nil {
		return err
	}
	if r.ID != p.caseRef {
		return errors.New("the Patient's id is not its folder's case reference")
	}
	nhs, status := "", ""
	for _, ident := range r.Identifier {
		switch ident.System {
		case nhsSystem:
			nhs = ident.Value
			if len(ident.Extension) != 1 || ident.Extension[0].URL != verificationExt || ident.Extension[0].ValueCodeableConcept == nil ||
				len(ident.Extension[0].ValueCodeableConcept.Coding) != 1 || ident.Extension[0].ValueCodeableConcept.Coding[0].System != verificationSys {
				return errors.New("the NHS number has no verification status")
			}
			c := ident.Extension[0].ValueCodeableConcept.Coding[0]
			status = c.Code
			if err := g.lookup("nhs_number_statuses", c.Code, c.Display); err != nil {
				return err
			}
		case personSystem:
			if ident.Value != p.caseRef || len(ident.Extension) > 0 {
				return errors.New("the person-id identifier is not the case reference")
			}
		default:
			return fmt.Errorf("identifier system %s has no column", ident.System)
		}
	}
	wantIdents := 1
	if nhs != "" {
		wantIdents = 2
		if r.Identifier[0].System != nhsSystem {
			return errors.New("the NHS number is not the first identifier")
		}
	}
	if len(r.Identifier) != wantIdents {
		return errors.New("identifiers repeat")
	}
	if len(r.Name) != 1 || r.Name[0].Use != "official" || len(r.Name[0].Given) < 1 || len(r.Name[0].Given) > 2 || len(r.Name[0].Prefix) > 1 {
		return errors.New("the name does not fit title, given_name, middle_names and family_name")
	}
	home, mobile, err := phones(r.Telecom)
	if err != nil {
		return err
	}
	if len(r.Address) != 1 {
		return errors.New("want one address")
	}
	a := r.Address[0]
	if a.Use != "home" || a.Type != "both" || len(a.Line) != 1 || a.City == "" || a.PostalCode == "" || a.Country != "GB" {
		return errors.New("the address does not fit the addresses table")
	}
	if len(r.GeneralPractitioner) != 1 || r.GeneralPractitioner[0].Identifier == nil || r.GeneralPractitioner[0].Reference != "" ||
		r.GeneralPractitioner[0].Identifier.System != odsSystem {
		return errors.New("the GP is not an ODS code")
	}
	if err := g.councilRef(r.ManagingOrganization); err != nil {
		return err
	}
	if r.Active == nil || !*r.Active {
		return errors.New("the Patient is not active")
	}
	p.address = a
	n := r.Name[0]
	middle := ""
	if len(n.Given) == 2 {
		middle = n.Given[1]
	}
	gp := r.GeneralPractitioner[0]
	g.peopleRows = append(g.peopleRows, row(strconv.Itoa(p.id), q(nhs), q(status), q(first(n.Prefix)), q(n.Given[0]), q(middle), q(n.Family),
		q(r.Gender), q(r.BirthDate), q(r.DeceasedDateTime), q(home), q(mobile), q(gp.Identifier.Value), q(gp.Display),
		keyWorkerMark, "true", q(r.Meta.LastUpdated)))
	g.nextAddress++
	g.addresses = append(g.addresses, row(strconv.Itoa(g.nextAddress), strconv.Itoa(p.id), q(a.Use), q(a.Type), q(a.Line[0]),
		q(a.District), q(a.City), q(a.PostalCode), q(a.Country), "true"))
	return nil
}

// phones reads a home and a mobile telephone number, in that order.
func phones(ts []contactPoint) (home, mobile string, err error) {
	for i, t := range ts {
		switch {
		case t.System != "phone":
			return "", "", errors.New("a telecom is not a phone")
		case t.Use == "home" && i == 0 && home == "":
			home = t.Value
		case t.Use == "mobile" && mobile == "":
			mobile = t.Value
		default:
			return "", "", errors.New("the telephone numbers do not fit home_phone and mobile_phone")
		}
	}
	return home, mobile, nil
}

func (g *gen) councilRef(r reference) error {
	if r.Reference != "Organization/"+g.councilID || r.Display != g.councilName {
		return errors.New("a reference to the council is not Organization/" + g.councilID + " with its name")
	}
	return nil
}

func (g *gen) staffRef(r reference) (string, error) {
	id, ok := strings.CutPrefix(r.Reference, "Practitioner/")
	if !ok || g.staffIDs[id] == "" || r.Display != g.staffIDs[id] {
		return "", errors.New("a reference to staff is not to a council Practitioner, with their name")
	}
	return id, nil
}

func (p *person) subject(r reference) error {
	if r.Reference != "Patient/"+p.caseRef || r.Display != "" {
		return errors.New("the subject is not the person")
	}
	return nil
}

func (g *gen) relatedPerson(p *person, data []byte) error {
	var r relatedPerson
	if err := decode(data, &r); err != nil {
		return err
	}
	if err := profile(r.base, "RelatedPerson"); err != nil {
		return err
	}
	if err := p.subject(r.Patient); err != nil {
		return err
	}
	if len(r.Relationship) < 1 || len(r.Relationship[0].Coding) != 1 || r.Relationship[0].Coding[0].System != roleCodeSystem {
		return errors.New("the first relationship is not a v3 RoleCode")
	}
	rel := r.Relationship[0].Coding[0]
	if err := g.lookup("relationship_types", rel.Code, rel.Display); err != nil {
		return err
	}
	nok, carer := false, false
	for _, c := range r.Relationship[1:] {
		if len(c.Coding) != 1 || c.Text != "" {
			return errors.New("a relationship has more than one coding")
		}
		switch cd := c.Coding[0]; {
		case cd == coding{nextOfKinSystem, "N", "Next-of-Kin"} && !nok && !carer:
			nok = true
		case cd == coding{carerRoleSystem, "Carer", "Carer of patient"} && !carer:
			carer = true
		default:
			return errors.New("a relationship has no column")
		}
	}
	login := ""
	switch {
	case len(r.Identifier) == 1 && r.Identifier[0].System == carerSystem && carer:
		login = r.Identifier[0].Value
	case len(r.Identifier) != 0:
		return errors.New("the identifier is not a carer's login")
	}
	if len(r.Name) != 1 || r.Name[0].Use != "official" || len(r.Name[0].Given) != 1 || len(r.Name[0].Prefix) != 0 {
		return errors.New("the name does not fit given_name and family_name")
	}
	if len(r.Telecom) != 1 || r.Telecom[0].System != "phone" || r.Telecom[0].Use != "mobile" {
		return errors.New("the telephone number is not one mobile")
	}
	shares := false
	switch len(r.Address) {
	case 0:
	case 1:
		want := p.address
		want.Type = ""
		if !addressEqual(r.Address[0], want) {
			return errors.New("the address is not the person's")
		}
		shares = true
	default:
		return errors.New("more than one address")
	}
	if r.Period.End != "" || r.Active == nil || !*r.Active {
		return errors.New("the contact has ended")
	}
	g.nextContact++
	g.contacts = append(g.contacts, row(strconv.Itoa(g.nextContact), q(r.ID), strconv.Itoa(p.id), q(rel.Code), boolText(nok), boolText(carer),
		q(login), q(r.Name[0].Given[0]), q(r.Name[0].Family), q(r.Gender), q(r.Telecom[0].Value), boolText(shares),
		q(r.Period.Start), "true", q(r.Meta.LastUpdated)))
	return nil
}

func addressEqual(a, b address) bool {
	return a.Use == b.Use && a.Type == b.Type && slices.Equal(a.Line, b.Line) && a.District == b.District &&
		a.City == b.City && a.PostalCode == b.PostalCode && a.Country == b.Country
}

// alertType names the council's alert types by their category and code.
func alertType(category, code string) (string, string) {
	switch {
	case category == "safety" && code == "105529008":
		return "LIVES_ALONE", "Lives alone"
	case category == "admin" && code == "":
		return "KEY_SAFE", "Key safe"
	case category == "behavioral" && code == "":
		return "RISK_TO_STAFF", "Risk to staff"
	}
	return "", ""
}

func (g *gen) flag(p *person, data []byte) error {
	var r flag
	if err := decode(data, &r); err != nil {
		return err
	}
	if err := profile(r.base, "Flag"); err != nil {
		return err
	}
	if err := p.subject(r.Subject); err != nil {
		return err
	}
	if err := g.councilRef(r.Author); err != nil {
		return err
	}
	if len(r.Category) != 1 || len(r.Category[0].Coding) != 1 || r.Category[0].Coding[0].System != flagCategory || r.Category[0].Text != "" {
		return errors.New("the category is not one flag-category code")
	}
	cat := r.Category[0].Coding[0].Code
	var code, display string
	switch len(r.Code.Coding) {
	case 0:
	case 1:
		if r.Code.Coding[0].System != snomed {
			return errors.New("the code is not SNOMED CT")
		}
		code, display = r.Code.Coding[0].Code, r.Code.Coding[0].Display
	default:
		return errors.New("the code has more than one coding")
	}
	typ, desc := alertType(cat, code)
	if typ == "" || r.Code.Text == "" {
		return errors.New("the alert is not of a known type")
	}
	if err := g.lookup("alert_types", typ, desc, cat, code, display); err != nil {
		return err
	}
	if r.Period.Start == "" {
		return errors.New("the alert has no start")
	}
	g.nextAlert++
	g.alerts = append(g.alerts, row(strconv.Itoa(g.nextAlert), q(r.ID), strconv.Itoa(p.id), q(typ), q(r.Code.Text), q(r.Status),
		q(r.Period.Start), q(r.Period.End), q(r.Meta.LastUpdated)))
	return nil
}

func (g *gen) appointment(p *person, data []byte) error {
	var r appointment
	if err := decode(data, &r); err != nil {
		return err
	}
	if err := profile(r.base, "Appointment"); err != nil {
		return err
	}
	if len(r.AppointmentType.Coding) != 1 || r.AppointmentType.Coding[0].System != apptTypeSystem || r.AppointmentType.Text != "" {
		return errors.New("the appointment type is not one v2-0276 code")
	}
	if len(r.Participant) != 2 {
		return errors.New("want the person and one worker as participants")
	}
	for _, pt := range r.Participant {
		if pt.Required != "required" || pt.Status != "accepted" {
			return errors.New("a participant is not required and accepted")
		}
	}
	if err := p.subject(r.Participant[0].Actor); err != nil {
		return err
	}
	worker, err := g.staffRef(r.Participant[1].Actor)
	if err != nil {
		return err
	}
	start, err := time.Parse(time.RFC3339, r.Start)
	if err != nil {
		return err
	}
	if end := start.Add(time.Duration(r.MinutesDuration) * time.Minute).UTC().Format(time.RFC3339); end != r.End || r.MinutesDuration <= 0 {
		return errors.New("the end is not the start plus the duration")
	}
	c := r.AppointmentType.Coding[0]
	if c.Code != "ROUTINE" || c.Display != "Routine appointment - default if not valued" {
		return errors.New("the appointment type is not ROUTINE")
	}
	g.nextVisit++
	p.appts[r.ID] = apptInfo{rowID: g.nextVisit, worker: worker, start: r.Start, end: r.End}
	g.visits = append(g.visits, row(strconv.Itoa(g.nextVisit), q(r.ID), strconv.Itoa(p.id), q(worker), q(r.Status), q(c.Code),
		q(r.Description), q(r.Start), strconv.Itoa(r.MinutesDuration), q(r.Created), q(r.Comment), q(r.Meta.LastUpdated)))
	return nil
}

func (g *gen) encounter(p *person, data []byte) error {
	var r encounter
	if err := decode(data, &r); err != nil {
		return err
	}
	if err := profile(r.base, "Encounter"); err != nil {
		return err
	}
	if err := p.subject(r.Subject); err != nil {
		return err
	}
	if err := g.councilRef(r.ServiceProvider); err != nil {
		return err
	}
	if r.Class != (coding{actCodeSystem, "HH", "home health"}) || len(r.Type) != 1 || len(r.Type[0].Coding) != 1 || r.Type[0].Text != "" {
		return errors.New("the class or type does not fit")
	}
	if len(r.Participant) != 1 {
		return errors.New("want one participant")
	}
	worker, err := g.staffRef(r.Participant[0].Individual)
	if err != nil {
		return err
	}
	if len(r.ReasonCode) != 1 || len(r.ReasonCode[0].Coding) != 0 || r.ReasonCode[0].Text == "" {
		return errors.New("the reason is not one text")
	}
	reason := r.ReasonCode[0].Text
	switch typ := r.Type[0].Coding[0]; {
	case typ == coding{snomed, assessmentCode, "Assessment of health and social care needs"} && len(r.Appointment) == 0:
		g.nextAssessmentVisit++
		p.visits[r.ID] = visitInfo{rowID: g.nextAssessmentVisit, worker: worker, start: r.Period.Start}
		if at, err := time.Parse(time.RFC3339, r.Period.Start); err == nil && !at.Before(p.latest) {
			p.latest, p.worker = at, worker
		}
		g.assessmentVisits = append(g.assessmentVisits, row(strconv.Itoa(g.nextAssessmentVisit), q(r.ID), strconv.Itoa(p.id), q(worker),
			q(r.Period.Start), q(r.Period.End), q(reason), q(r.Status), q(r.Meta.LastUpdated)))
	case typ == coding{snomed, homeVisitCode, "Home visit"} && len(r.Appointment) == 1:
		apptID, _ := strings.CutPrefix(r.Appointment[0].Reference, "Appointment/")
		a, ok := p.appts[apptID]
		if !ok || r.Appointment[0].Display != "" {
			return errors.New("the appointment is not one of the person's")
		}
		if a.worker != worker || a.start != r.Period.Start || a.end != r.Period.End {
			return errors.New("the visit record does not match its appointment")
		}
		g.nextVisitRecord++
		g.visitRecords = append(g.visitRecords, row(strconv.Itoa(g.nextVisitRecord), q(r.ID), strconv.Itoa(a.rowID), q(reason), q(r.Status), q(r.Meta.LastUpdated)))
	default:
		return errors.New("the encounter is neither an assessment visit nor a home visit")
	}
	return nil
}

// visitOf finds the assessment visit a record was made at, and checks the
// record names its worker.
func (g *gen) visitOf(p *person, enc reference, by reference) (visitInfo, error) {
	id, _ := strings.CutPrefix(enc.Reference, "Encounter/")
	v, ok := p.visits[id]
	if !ok || enc.Display != "" {
		return v, errors.New("the encounter is not one of the person's assessment visits")
	}
	if by.Reference != "Practitioner/"+v.worker || by.Display != g.staffIDs[v.worker] {
		return v, errors.New("the author is not the worker of the assessment visit")
	}
	return v, nil
}

func (g *gen) document(p *person, data []byte) error {
	var r documentReference
	if err := decode(data, &r); err != nil {
		return err
	}
	if err := profile(r.base, "DocumentReference"); err != nil {
		return err
	}
	if err := p.subject(r.Subject); err != nil {
		return err
	}
	if err := g.councilRef(r.Custodian); err != nil {
		return err
	}
	if len(r.Author) != 1 || len(r.Context.Encounter) != 1 || len(r.Content) != 1 || len(r.Type.Coding) != 1 || r.Type.Coding[0].System != snomed {
		return errors.New("the document does not fit the assessments table")
	}
	v, err := g.visitOf(p, r.Context.Encounter[0], r.Author[0])
	if err != nil {
		return err
	}
	att := r.Content[0].Attachment
	if att.ContentType != "text/plain; charset=utf-8" || att.Language != "en-GB" || att.Title != r.Type.Text || r.Description != r.Type.Text || att.Creation != r.Date {
		return errors.New("the attachment does not fit")
	}
	text, err := base64.StdEncoding.DecodeString(att.Data)
	if err != nil {
		return err
	}
	c := r.Type.Coding[0]
	var typ string
	switch c.Code {
	case "371530004":
		typ = "needs"
	case "734163000":
		typ = "review"
	default:
		return errors.New("the document type is not an assessment or a review")
	}
	if err := g.lookup("assessment_types", typ, r.Type.Text, c.Code, c.Display); err != nil {
		return err
	}
	g.nextAssessment++
	g.assessments = append(g.assessments, row(strconv.Itoa(g.nextAssessment), q(r.ID), strconv.Itoa(v.rowID), q(typ), q(r.Date),
		q(string(text)), q(r.Status), q(r.DocStatus), q(r.Meta.LastUpdated)))
	return nil
}

func (g *gen) observation(p *person, data []byte) error {
	var r observation
	if err := decode(data, &r); err != nil {
		return err
	}
	if err := profile(r.base, "Observation"); err != nil {
		return err
	}
	if err := p.subject(r.Subject); err != nil {
		return err
	}
	if len(r.Performer) != 1 || r.ValueInteger == nil || len(r.Code.Coding) != 1 || r.Code.Coding[0].System != snomed ||
		r.Code.Coding[0].Code != "763264000" || r.Code.Text != "" ||
		len(r.Category) != 1 || len(r.Category[0].Coding) != 1 || r.Category[0].Coding[0] != (coding{obsCategory, "survey", "Survey"}) {
		return errors.New("the observation is not a Clinical Frailty Scale score")
	}
	v, err := g.visitOf(p, r.Encounter, r.Performer[0])
	if err != nil {
		return err
	}
	if r.EffectiveDateTime != v.start {
		return errors.New("the score was not recorded at the assessment visit")
	}
	c := r.Code.Coding[0]
	if err := g.lookup("score_scales", "CFS", "Clinical Frailty Scale", c.Code, c.Display, "1", "9"); err != nil {
		return err
	}
	g.nextScore++
	g.scores = append(g.scores, row(strconv.Itoa(g.nextScore), q(r.ID), strconv.Itoa(v.rowID), q("CFS"), strconv.Itoa(*r.ValueInteger),
		q(r.EffectiveDateTime), q(r.Status), q(r.Meta.LastUpdated)))
	return nil
}

// packageCode makes a care package's code from its title.
func packageCode(title string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(title) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func (g *gen) carePlan(p *person, data []byte) error {
	var r carePlan
	if err := decode(data, &r); err != nil {
		return err
	}
	if err := profile(r.base, "CarePlan"); err != nil {
		return err
	}
	if err := p.subject(r.Subject); err != nil {
		return err
	}
	if r.Intent != "plan" || len(r.Category) != 1 || r.Category[0].Text != "Social care" || len(r.Category[0].Coding) != 1 ||
		r.Category[0].Coding[0].System != carePlanCategory || r.Category[0].Coding[0].Code != "social-care" ||
		r.Category[0].Coding[0].Display != "Adult social care" || r.Created != r.Period.Start {
		return errors.New("the plan's intent, category or dates do not fit")
	}
	v, err := g.visitOf(p, r.Encounter, r.Author)
	if err != nil {
		return err
	}
	code := packageCode(r.Title)
	if err := g.lookup("care_packages", code, r.Title, r.Description); err != nil {
		return err
	}
	g.nextCarePlan++
	g.carePlans = append(g.carePlans, row(strconv.Itoa(g.nextCarePlan), q(r.ID), strconv.Itoa(p.id), strconv.Itoa(v.rowID), q(code),
		q("social-care"), q(r.Status), q(r.Period.Start), q(r.Period.End), q(r.Created), q(r.Meta.LastUpdated)))
	for i, a := range r.Activity {
		if len(a.Detail.Performer) != 1 {
			return errors.New("an activity does not have one provider")
		}
		if err := g.councilRef(a.Detail.Performer[0]); err != nil {
			return err
		}
		g.nextService++
		g.careServices = append(g.careServices, row(strconv.Itoa(g.nextService), strconv.Itoa(g.nextCarePlan), strconv.Itoa(i+1),
			q(a.Detail.Description), q(a.Detail.Status), q(g.councilID)))
	}
	return nil
}

// profile checks a resource claims the UK Core profile of its type and
// has a lastUpdated.
func profile(b base, typ string) error {
	if b.ResourceType != typ || len(b.Meta.Profile) != 1 || b.Meta.Profile[0] != ukCore+typ || b.Meta.LastUpdated == "" {
		return fmt.Errorf("the %s does not claim the UK Core profile or has no lastUpdated", typ)
	}
	return nil
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// q writes a SQL string literal, or NULL for an empty string. Quotes are
// doubled; seed.sql sets standard_conforming_strings, so backslashes are
// literal. The demo data holds no NUL, which no literal could.
func q(s string) string {
	if s == "" {
		return "NULL"
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func row(values ...string) string { return "(" + strings.Join(values, ", ") + ")" }

// tables lists every table in the order rows must be inserted, with its
// columns.
var tables = []struct {
	name    string
	columns string
	serial  string // the identity column whose sequence must follow the explicit ids
}{
	{"organisations", "org_id, ods_code, name, org_type_code, org_type_name, phone, address_line, town, postcode, active, updated_at", ""},
	{"job_roles", "role_code, role_name", ""},
	{"staff", "staff_id, staff_number, org_id, title, given_name, family_name, gender, work_phone, active, updated_at", ""},
	{"staff_roles", "role_id, staff_id, org_id, role_code, active, updated_at", ""},
	{"nhs_number_statuses", "code, description", ""},
	{"relationship_types", "code, description", ""},
	{"alert_types", "code, description, category, snomed_code, snomed_display", ""},
	{"assessment_types", "code, name, document_snomed_code, document_snomed_display", ""},
	{"score_scales", "code, name, snomed_code, snomed_display, min_score, max_score", ""},
	{"care_packages", "code, title, description", ""},
	{"people", "person_id, nhs_number, nhs_number_status, title, given_name, middle_names, family_name, gender, date_of_birth, date_of_death, home_phone, mobile_phone, gp_practice_ods, gp_practice_name, key_worker_id, active, updated_at", ""},
	{"addresses", "address_id, person_id, address_use, address_type, line_1, district, town, postcode, country, is_current", "address_id"},
	{"contacts", "contact_id, contact_ref, person_id, relationship_code, is_next_of_kin, is_carer, carer_login, given_name, family_name, gender, mobile_phone, shares_address, known_since, active, updated_at", "contact_id"},
	{"alerts", "alert_id, alert_ref, person_id, alert_type, alert_text, status, raised_at, ended_at, updated_at", "alert_id"},
	{"assessment_visits", "assessment_visit_id, visit_ref, person_id, worker_id, started_at, ended_at, reason, status, updated_at", "assessment_visit_id"},
	{"assessments", "assessment_id, assessment_ref, assessment_visit_id, assessment_type, completed_at, summary, status, doc_status, updated_at", "assessment_id"},
	{"assessment_scores", "score_id, score_ref, assessment_visit_id, scale_code, score, recorded_at, status, updated_at", "score_id"},
	{"care_plans", "care_plan_id, care_plan_ref, person_id, assessment_visit_id, package_code, category, status, starts_at, ends_at, created_at, updated_at", "care_plan_id"},
	{"care_services", "service_id, care_plan_id, position, description, status, provider_org_id", "service_id"},
	{"visits", "visit_id, appointment_ref, person_id, worker_id, status, visit_type, description, starts_at, duration_minutes, booked_on, note, updated_at", "visit_id"},
	{"visit_records", "visit_record_id, encounter_ref, visit_id, reason, status, updated_at", "visit_record_id"},
}

func (g *gen) rows(table string) []string {
	switch table {
	case "organisations":
		return g.organisations
	case "staff":
		return g.staff
	case "staff_roles":
		return g.staffRoles
	case "people":
		return g.peopleRows
	case "addresses":
		return g.addresses
	case "contacts":
		return g.contacts
	case "alerts":
		return g.alerts
	case "assessment_visits":
		return g.assessmentVisits
	case "assessments":
		return g.assessments
	case "assessment_scores":
		return g.scores
	case "care_plans":
		return g.carePlans
	case "care_services":
		return g.careServices
	case "visits":
		return g.visits
	case "visit_records":
		return g.visitRecords
	}
	// Reference data, sorted by code.
	m := g.lookups[table]
	codes := make([]string, 0, len(m))
	for c := range m {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		vals := []string{q(c)}
		for _, v := range m[c] {
			vals = append(vals, q(v))
		}
		out = append(out, "("+strings.Join(vals, ", ")+")")
	}
	return out
}

func (g *gen) write() []byte {
	var b bytes.Buffer
	b.WriteString("-- Generated from the riverside-council records of the demo population\n")
	b.WriteString("-- (testdata/demogen, Config{}) by adapters/sqlsource/socialcare/internal/seedgen.\n")
	b.WriteString("-- Do not edit: regenerate with\n")
	b.WriteString("--   go test ./adapters/sqlsource/socialcare -run TestSeedIsGenerated -update\n")
	b.WriteString("-- Synthetic data only: no row describes a real person.\n\n")
	b.WriteString("SET standard_conforming_strings = on;\n")
	for _, t := range tables {
		rs := g.rows(t.name)
		if len(rs) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\nINSERT INTO %s (%s) VALUES\n", t.name, t.columns)
		for i, r := range rs {
			b.WriteString("  ")
			b.WriteString(r)
			if i+1 < len(rs) {
				b.WriteString(",\n")
			} else {
				b.WriteString(";\n")
			}
		}
	}
	b.WriteString("\n-- The identity columns continue after the explicit ids above.\n")
	for _, t := range tables {
		if t.serial == "" || len(g.rows(t.name)) == 0 {
			continue
		}
		fmt.Fprintf(&b, "SELECT setval(pg_get_serial_sequence('%s', '%s'), (SELECT max(%s) FROM %s));\n", t.name, t.serial, t.serial, t.name)
	}
	return b.Bytes()
}
