package loadtest

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// placeholder stands for the patient's NHS number in a pre-rendered answer.
// It is as long as an NHS number, so an answer is made for a patient by
// copying the template and overwriting the placeholder where it occurs.
const placeholder = "@@NHSNUM@@"

// nhsSystem is the NHS number identifier system.
const nhsSystem = "https://fhir.nhs.uk/Id/nhs-number"

// clinicalTypes are the compartment types a synthetic source holds, each
// with its share of the resources and how it names the patient.
var clinicalTypes = []struct {
	name   string
	share  int // per 100 resources
	link   string
	render func(b *strings.Builder, i int)
}{
	{"Observation", 40, "subject", renderObservation},
	{"Encounter", 15, "subject", renderEncounter},
	{"Condition", 10, "subject", renderCondition},
	{"MedicationStatement", 10, "subject", renderMedication},
	{"Procedure", 10, "subject", renderProcedure},
	{"Immunization", 10, "patient", renderImmunization},
	{"AllergyIntolerance", 5, "patient", renderAllergy},
}

// template is an answer with the placeholder at known offsets.
type template struct {
	raw []byte
	at  []int
}

func newTemplate(raw []byte) *template {
	t := &template{raw: raw}
	for off := 0; ; {
		i := bytes.Index(raw[off:], []byte(placeholder))
		if i < 0 {
			break
		}
		t.at = append(t.at, off+i)
		off += i + len(placeholder)
	}
	return t
}

// render appends the answer for the patient with this NHS number to dst.
func (t *template) render(dst []byte, nhs string) []byte {
	start := len(dst)
	dst = append(dst, t.raw...)
	for _, at := range t.at {
		copy(dst[start+at:], nhs)
	}
	return dst
}

// dataset is one synthetic source's pre-rendered answers for any patient.
type dataset struct {
	resolve    *template            // Patient?identifier=... and Patient?_id=...
	everything *template            // Patient/{id}/$everything
	byType     map[string]*template // {Type}?patient={id}, supporting types by _id
	resources  int                  // clinical resources per patient
}

// resourceCounts splits n resources between the clinical types; the first
// type takes the rounding remainder.
func resourceCounts(n int) []int {
	counts := make([]int, len(clinicalTypes))
	left := n
	for i := len(clinicalTypes) - 1; i > 0; i-- {
		counts[i] = n * clinicalTypes[i].share / 100
		left -= counts[i]
	}
	counts[0] = left
	return counts
}

// newDataset renders a source's answers: n clinical resources per patient,
// the Patient, and the Practitioner and Organization they refer to.
func newDataset(base, orgName string, n int) *dataset {
	type res struct{ typ, id, json string }
	var clinical []res
	for ti, c := range resourceCounts(n) {
		ct := clinicalTypes[ti]
		for i := range c {
			var b strings.Builder
			ct.render(&b, i)
			id := strings.ToLower(ct.name[:3]) + "-" + strconv.Itoa(i)
			clinical = append(clinical, res{ct.name, id, b.String()})
		}
	}
	patient := res{"Patient", "p" + placeholder, `{"resourceType":"Patient","id":"p` + placeholder + `",` +
		`"meta":{"lastUpdated":"2026-01-02T03:04:05Z"},` +
		`"identifier":[{"system":"` + nhsSystem + `","value":"` + placeholder + `"}],` +
		`"active":true,"name":[{"use":"official","family":"Bench","given":["Synthetic"]}],` +
		`"gender":"unknown","birthDate":"1970-01-01",` +
		`"address":[{"use":"home","line":["1 Synthetic Street"],"city":"Testtown","postalCode":"ZZ99 3ZZ"}],` +
		`"generalPractitioner":[{"reference":"Practitioner/prac-` + placeholder + `"}],` +
		`"managingOrganization":{"reference":"Organization/org-` + placeholder + `"}}`}
	practitioner := res{"Practitioner", "prac-" + placeholder, `{"resourceType":"Practitioner","id":"prac-` + placeholder + `",` +
		`"active":true,"name":[{"family":"Bench","given":["Clinician"],"prefix":["Dr"]}]}`}
	org := res{"Organization", "org-" + placeholder, `{"resourceType":"Organization","id":"org-` + placeholder + `",` +
		`"active":true,"name":` + strconv.Quote(orgName) + `}`}

	bundle := func(rs []res) *template {
		var b strings.Builder
		b.WriteString(`{"resourceType":"Bundle","type":"searchset","total":`)
		b.WriteString(strconv.Itoa(len(rs)))
		b.WriteString(`,"entry":[`)
		for i, r := range rs {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"fullUrl":%q,"resource":%s,"search":{"mode":"match"}}`, base+"/"+r.typ+"/"+r.id, r.json)
		}
		b.WriteString(`]}`)
		return newTemplate([]byte(b.String()))
	}
	d := &dataset{resources: n, byType: map[string]*template{}}
	d.resolve = bundle([]res{patient})
	d.everything = bundle(append(append([]res{patient}, clinical...), practitioner, org))
	for _, ct := range clinicalTypes {
		var rs []res
		for _, r := range clinical {
			if r.typ == ct.name {
				rs = append(rs, r)
			}
		}
		d.byType[ct.name] = bundle(rs)
	}
	d.byType["Practitioner"] = bundle([]res{practitioner})
	d.byType["Organization"] = bundle([]res{org})
	return d
}

// The resources are synthetic and about no one; their text pads each to the
// size of a typical record entry (about 1 kB), so byte counts are realistic.
const filler = "Synthetic benchmark entry generated by shcr bench; it describes no real person and exists only to give the record a realistic size. "

func date(i int) string {
	return fmt.Sprintf("20%02d-%02d-%02dT%02d:%02d:00Z", 10+i%16, 1+i%12, 1+i%28, 8+i%10, i%60)
}

func subject() string { return `{"reference":"Patient/p` + placeholder + `"}` }

func performer() string { return `{"reference":"Practitioner/prac-` + placeholder + `"}` }

func coding(system, code, display string) string {
	return `{"coding":[{"system":"` + system + `","code":"` + code + `","display":"` + display + `"}],"text":"` + display + `"}`
}

var observationCodes = [][3]string{
	{"8867-4", "Heart rate", "/min"}, {"8310-5", "Body temperature", "Cel"}, {"29463-7", "Body weight", "kg"},
	{"8302-2", "Body height", "cm"}, {"59408-5", "Oxygen saturation", "%"}, {"9279-1", "Respiratory rate", "/min"},
}

func renderObservation(b *strings.Builder, i int) {
	c := observationCodes[i%len(observationCodes)]
	fmt.Fprintf(b, `{"resourceType":"Observation","id":"obs-%d","meta":{"lastUpdated":"%s"},"status":"final",`+
		`"category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs","display":"Vital Signs"}]}],`+
		`"code":%s,"subject":%s,"effectiveDateTime":"%s","performer":[%s],`+
		`"valueQuantity":{"value":%d.%d,"unit":"%s","system":"http://unitsofmeasure.org","code":"%s"},"note":[{"text":"%s%s"}]}`,
		i, date(i), coding("http://loinc.org", c[0], c[1]), subject(), date(i), performer(), 20+i%80, i%10, c[2], c[2], filler, filler)
}

func renderEncounter(b *strings.Builder, i int) {
	fmt.Fprintf(b, `{"resourceType":"Encounter","id":"enc-%d","meta":{"lastUpdated":"%s"},"status":"finished",`+
		`"class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB","display":"ambulatory"},`+
		`"type":[%s],"subject":%s,"participant":[{"individual":%s}],"period":{"start":"%s","end":"%s"},`+
		`"reasonCode":[%s],"text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">%s%s</div>"}}`,
		i, date(i), coding("http://snomed.info/sct", "185345009", "Encounter for symptom"), subject(), performer(), date(i), date(i),
		coding("http://snomed.info/sct", "267036007", "Dyspnoea"), filler, filler)
}

func renderCondition(b *strings.Builder, i int) {
	fmt.Fprintf(b, `{"resourceType":"Condition","id":"con-%d","meta":{"lastUpdated":"%s"},`+
		`"clinicalStatus":%s,"verificationStatus":%s,"category":[%s],"code":%s,"subject":%s,"onsetDateTime":"%s",`+
		`"recorder":%s,"note":[{"text":"%s%s"}]}`,
		i, date(i), coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active"),
		coding("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", "Confirmed"),
		coding("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item", "Problem List Item"),
		coding("http://snomed.info/sct", "38341003", "Hypertensive disorder"), subject(), date(i), performer(), filler, filler)
}

func renderMedication(b *strings.Builder, i int) {
	fmt.Fprintf(b, `{"resourceType":"MedicationStatement","id":"med-%d","meta":{"lastUpdated":"%s"},"status":"active",`+
		`"medicationCodeableConcept":%s,"subject":%s,"effectiveDateTime":"%s","informationSource":%s,`+
		`"dosage":[{"text":"One tablet once a day","timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d"}}}],"note":[{"text":"%s%s"}]}`,
		i, date(i), coding("http://snomed.info/sct", "318420003", "Amlodipine 5mg tablets"), subject(), date(i), performer(), filler, filler)
}

func renderProcedure(b *strings.Builder, i int) {
	fmt.Fprintf(b, `{"resourceType":"Procedure","id":"pro-%d","meta":{"lastUpdated":"%s"},"status":"completed",`+
		`"code":%s,"subject":%s,"performedDateTime":"%s","performer":[{"actor":%s}],"note":[{"text":"%s%s"}]}`,
		i, date(i), coding("http://snomed.info/sct", "80146002", "Appendicectomy"), subject(), date(i), performer(), filler, filler)
}

func renderImmunization(b *strings.Builder, i int) {
	fmt.Fprintf(b, `{"resourceType":"Immunization","id":"imm-%d","meta":{"lastUpdated":"%s"},"status":"completed",`+
		`"vaccineCode":%s,"patient":%s,"occurrenceDateTime":"%s","primarySource":true,"performer":[{"actor":%s}],"note":[{"text":"%s%s"}]}`,
		i, date(i), coding("http://snomed.info/sct", "39114911000001105", "Influenza vaccine"), subject(), date(i), performer(), filler, filler)
}

func renderAllergy(b *strings.Builder, i int) {
	fmt.Fprintf(b, `{"resourceType":"AllergyIntolerance","id":"all-%d","meta":{"lastUpdated":"%s"},`+
		`"clinicalStatus":%s,"verificationStatus":%s,"code":%s,"patient":%s,"recordedDate":"%s","recorder":%s,"note":[{"text":"%s%s"}]}`,
		i, date(i), coding("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", "Active"),
		coding("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "confirmed", "Confirmed"),
		coding("http://snomed.info/sct", "91936005", "Allergy to penicillin"), subject(), date(i), performer(), filler, filler)
}
