package search

import (
	"errors"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	// The tests need Europe/London whether or not the machine has a time
	// zone database.
	_ "time/tzdata"

	"github.com/shcr/shcr/fhir/fhirpath"
)

// matchCase is one search against one hand-written resource.
type matchCase struct {
	name     string
	query    string
	resource string // JSON
	want     bool
}

// runMatchCases parses each query strictly for resourceType and matches it
// against the case's resource.
func runMatchCases(t *testing.T, resourceType string, opt ParseOptions, tests []matchCase) {
	t.Helper()
	r := newTestRegistry(t)
	opt.Strict = true
	if opt.Now.IsZero() {
		opt.Now = testNow
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := r.Parse(resourceType, mustQuery(t, tt.query), opt)
			if err != nil {
				t.Fatalf("Parse(%s) error = %v", tt.query, err)
			}
			res, err := fhirpath.Decode([]byte(tt.resource))
			if err != nil {
				t.Fatal(err)
			}
			got, err := q.Match(res)
			if err != nil {
				t.Fatalf("Match(%s) error = %v", tt.query, err)
			}
			if got != tt.want {
				t.Errorf("Match(%s) on %s = %v, want %v", tt.query, tt.resource, got, tt.want)
			}
		})
	}
}

func TestMatchToken(t *testing.T) {
	const obs = `{"resourceType":"Observation","status":"final",
		"code":{"coding":[{"system":"http://loinc.org","code":"8480-6","display":"Systolic blood pressure"},{"code":"nosys"}],"text":"Systolic BP"},
		"identifier":[{"system":"urn:ietf:rfc:3986","value":"urn:uuid:1","type":{"text":"Lab número","coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"FILL"}]}}],
		"meta":{"tag":[{"system":"https://fhir.nhs.uk/Id/ods-organization-code","code":"X1A01"}]}}`
	const pat = `{"resourceType":"Patient","id":"p1","active":true,"gender":"female",
		"telecom":[{"system":"phone","value":"01632 960000"},{"system":"email","value":"a@example.org"}]}`
	tests := []matchCase{
		{name: "code in any system", query: "code=8480-6", resource: obs, want: true},
		{name: "code is case-sensitive", query: "code=8480-6X", resource: obs, want: false},
		{name: "system|code", query: "code=http://loinc.org|8480-6", resource: obs, want: true},
		{name: "system|code with the wrong system", query: "code=http://snomed.info/sct|8480-6", resource: obs, want: false},
		{name: "|code needs a coding without system", query: "code=|nosys", resource: obs, want: true},
		{name: "|code rejects a coding with a system", query: "code=|8480-6", resource: obs, want: false},
		{name: "system| is any code in the system", query: "code=http://loinc.org|", resource: obs, want: true},
		{name: "system| with another system", query: "code=http://snomed.info/sct|", resource: obs, want: false},
		{name: "OR values", query: "code=x,y,8480-6", resource: obs, want: true},
		{name: "AND by repetition", query: "code=8480-6&code=nosys", resource: obs, want: true},
		{name: "AND fails when one fails", query: "code=8480-6&code=other", resource: obs, want: false},
		{name: "primitive code", query: "status=final", resource: obs, want: true},
		{name: "primitive code |code", query: "status=|final", resource: obs, want: true},
		{name: "primitive code other", query: "status=amended", resource: obs, want: false},
		{name: ":not excludes", query: "status:not=final", resource: obs, want: false},
		{name: ":not includes others", query: "status:not=amended", resource: obs, want: true},
		{name: ":not with OR values is none of them", query: "status:not=amended,final", resource: obs, want: false},
		{name: ":not matches a resource without the element", query: "data-absent-reason:not=unknown", resource: obs, want: true},
		{name: ":text on CodeableConcept.text", query: "code:text=systolic b", resource: obs, want: true},
		{name: ":text on Coding.display, case-insensitive", query: "code:text=SYSTOLIC BLOOD", resource: obs, want: true},
		{name: ":text is starts-with", query: "code:text=blood", resource: obs, want: false},
		{name: ":text on Identifier.type.text ignores accents", query: "identifier:text=lab numero", resource: obs, want: true},
		{name: "Identifier system|value", query: "identifier=urn:ietf:rfc:3986|urn:uuid:1", resource: obs, want: true},
		{name: "Identifier value only", query: "identifier=urn:uuid:1", resource: obs, want: true},
		{name: "Identifier wrong system", query: "identifier=urn:oid:1|urn:uuid:1", resource: obs, want: false},
		{name: ":of-type", query: "identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|FILL|urn:uuid:1", resource: obs, want: true},
		{name: ":of-type wrong value", query: "identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|FILL|urn:uuid:2", resource: obs, want: false},
		{name: ":missing=false", query: "code:missing=false", resource: obs, want: true},
		{name: ":missing=true", query: "code:missing=true", resource: obs, want: false},
		{name: ":missing=true on an absent element", query: "method:missing=true", resource: obs, want: true},
		{name: "_tag", query: "_tag=https://fhir.nhs.uk/Id/ods-organization-code|X1A01", resource: obs, want: true},
		{name: "_security absent", query: "_security=http://terminology.hl7.org/CodeSystem/v3-Confidentiality|R", resource: obs, want: false},
	}
	runMatchCases(t, "Observation", ParseOptions{}, tests)

	patients := []matchCase{
		{name: "_id", query: "_id=p1", resource: pat, want: true},
		{name: "_id other", query: "_id=p2", resource: pat, want: false},
		{name: "boolean true", query: "active=true", resource: pat, want: true},
		{name: "boolean false", query: "active=false", resource: pat, want: false},
		{name: "boolean with its implicit system", query: "active=http://hl7.org/fhir/special-values|true", resource: pat, want: true},
		{name: "gender", query: "gender=female", resource: pat, want: true},
		{name: "ContactPoint value", query: "telecom=01632 960000", resource: pat, want: true},
		{name: "ContactPoint system|value", query: "telecom=phone|01632 960000", resource: pat, want: true},
		{name: "ContactPoint wrong system", query: "telecom=email|01632 960000", resource: pat, want: false},
		{name: "email takes only email ContactPoints", query: "email=a@example.org", resource: pat, want: true},
		{name: "phone does not see the email", query: "phone=a@example.org", resource: pat, want: false},
		{name: "deceased false when absent", query: "deceased=false", resource: pat, want: true},
		{name: "deceased true when absent", query: "deceased=true", resource: pat, want: false},
		{name: "deceased dateTime is true", query: "deceased=true", resource: `{"resourceType":"Patient","deceasedDateTime":"2020-01-01"}`, want: true},
	}
	runMatchCases(t, "Patient", ParseOptions{}, patients)
}

func TestMatchString(t *testing.T) {
	const pat = `{"resourceType":"Patient",
		"name":[{"family":"du Marché","given":["Bénédicte","Ann"],"prefix":["Dr"],"text":"Dr Bénédicte du Marché"}],
		"address":[{"line":["534 Erewhon St"],"city":"PleasantVille","postalCode":"LS1 4HR","country":"UK"}]}`
	tests := []matchCase{
		{name: "starts-with, case-insensitive", query: "family=DU MAR", resource: pat, want: true},
		{name: "accent-insensitive", query: "family=du marche", resource: pat, want: true},
		{name: "accents in the search value fold too", query: "given=béné", resource: pat, want: true},
		{name: "not a prefix", query: "family=marche", resource: pat, want: false},
		{name: "name matches any part", query: "name=ann", resource: pat, want: true},
		{name: "name matches prefix part", query: "name=dr", resource: pat, want: true},
		{name: "name text", query: "name=dr bene", resource: pat, want: true},
		{name: ":exact", query: "family:exact=du Marché", resource: pat, want: true},
		{name: ":exact is case-sensitive", query: "family:exact=Du Marché", resource: pat, want: false},
		{name: ":exact is accent-sensitive", query: "family:exact=du Marche", resource: pat, want: false},
		{name: ":exact is the whole string", query: "family:exact=du", resource: pat, want: false},
		{name: ":contains", query: "family:contains=arch", resource: pat, want: true},
		{name: ":contains folds", query: "family:contains=ARCHÉ", resource: pat, want: true},
		{name: "address any part", query: "address=pleasant", resource: pat, want: true},
		{name: "address line", query: "address=534", resource: pat, want: true},
		{name: "address-postalcode", query: "address-postalcode=ls1", resource: pat, want: true},
		{name: "address-city does not see the line", query: "address-city=534", resource: pat, want: false},
		{name: ":missing", query: "address-state:missing=true", resource: pat, want: true},
		{name: "escaped comma", query: `family=du Marché\,`, resource: pat, want: false},
	}
	runMatchCases(t, "Patient", ParseOptions{}, tests)
}

func TestMatchDate(t *testing.T) {
	obs := func(effective string) string {
		return `{"resourceType":"Observation","effective` + effective + `}`
	}
	point := obs(`DateTime":"2013-01-14T10:00:00Z"`)
	tests := []matchCase{
		// Precision: the search value is a range.
		{name: "month contains a time in it", query: "date=2013-01", resource: point, want: true},
		{name: "year contains a time in it", query: "date=2013", resource: point, want: true},
		{name: "day contains a time in it", query: "date=2013-01-14", resource: point, want: true},
		{name: "eq prefix written out", query: "date=eq2013-01-14", resource: point, want: true},
		{name: "other day", query: "date=2013-01-15", resource: point, want: false},
		{name: "minute precision contains the second", query: "date=2013-01-14T10:00Z", resource: point, want: true},
		{name: "same instant in another zone", query: "date=2013-01-14T11:00:00+01:00", resource: point, want: true},
		{name: "fractional search value is narrower than the target second", query: "date=2013-01-14T10:00:00.5Z", resource: point, want: false},
		{name: "target wider than the search is not eq", query: "date=2013-01-14", resource: obs(`DateTime":"2013-01"`), want: false},
		{name: "ne", query: "date=ne2013-02", resource: point, want: true},
		{name: "ne same month", query: "date=ne2013-01", resource: point, want: false},
		// gt / lt on range bounds.
		{name: "gt same day is not greater", query: "date=gt2013-01-14", resource: point, want: false},
		{name: "gt day before", query: "date=gt2013-01-13", resource: point, want: true},
		{name: "ge same day", query: "date=ge2013-01-14", resource: point, want: true},
		{name: "lt same day is not less", query: "date=lt2013-01-14", resource: point, want: false},
		{name: "lt next day", query: "date=lt2013-01-15", resource: point, want: true},
		{name: "le same day", query: "date=le2013-01-14", resource: point, want: true},
		{name: "ge on a wider target that ends later", query: "date=ge2013-01-14", resource: obs(`DateTime":"2013-01"`), want: true},
		{name: "lt with time zones: 11:00+02:00 is 09:00Z", query: "date=lt2013-01-14T10:00:00Z", resource: obs(`DateTime":"2013-01-14T11:00:00+02:00"`), want: true},
		{name: "lt with time zones: 10:30+01:00 is 09:30Z, not before 09:00Z", query: "date=lt2013-01-14T10:00:00+01:00", resource: obs(`DateTime":"2013-01-14T10:30:00+01:00"`), want: false},
		{name: "gt with time zones", query: "date=gt2013-01-14T10:59:59+01:00", resource: point, want: true},
		// sa / eb need no overlap.
		{name: "sa", query: "date=sa2013-01-13", resource: point, want: true},
		{name: "sa same day overlaps", query: "date=sa2013-01-14", resource: point, want: false},
		{name: "eb", query: "date=eb2013-01-15", resource: point, want: true},
		{name: "eb same day overlaps", query: "date=eb2013-01-14", resource: point, want: false},
		// Periods, open or closed.
		{name: "period inside the search range", query: "date=2013-01", resource: obs(`Period":{"start":"2013-01-10","end":"2013-01-12"}`), want: true},
		{name: "period crossing the search range is not eq", query: "date=2013-01", resource: obs(`Period":{"start":"2012-12-30","end":"2013-01-12"}`), want: false},
		{name: "period crossing: ge", query: "date=ge2013-01", resource: obs(`Period":{"start":"2012-12-30","end":"2013-02-12"}`), want: true},
		{name: "period crossing: lt", query: "date=lt2013-01", resource: obs(`Period":{"start":"2012-12-30","end":"2013-01-12"}`), want: true},
		{name: "open-ended period is never eq", query: "date=2013", resource: obs(`Period":{"start":"2013-01-10"}`), want: false},
		{name: "open-ended period is gt", query: "date=gt2020", resource: obs(`Period":{"start":"2013-01-10"}`), want: true},
		{name: "open-ended period sa", query: "date=sa2012", resource: obs(`Period":{"start":"2013-01-10"}`), want: true},
		{name: "open-ended period is not eb", query: "date=eb2030", resource: obs(`Period":{"start":"2013-01-10"}`), want: false},
		{name: "period without start is lt anything after its end", query: "date=lt1900", resource: obs(`Period":{"end":"2013-01-10"}`), want: true},
		{name: "empty period has no date", query: "date=ge1900", resource: obs(`Period":{}`), want: false},
		// ap: 10% of the gap to now (2025-01-01).
		{name: "ap within 10% of the gap", query: "date=ap2015-01-01", resource: obs(`DateTime":"2014-03-01"`), want: true},
		{name: "ap outside 10% of the gap", query: "date=ap2015-01-01", resource: obs(`DateTime":"2013-06-01"`), want: false},
		{name: "ap on the day itself", query: "date=ap2015-01-01", resource: obs(`DateTime":"2015-01-01T12:00:00Z"`), want: true},
		// Other target types.
		{name: "instant", query: "date=2013-01-14", resource: obs(`Instant":"2013-01-14T10:00:00.123Z"`), want: true},
		{name: "timing events span", query: "date=lt2013-01-02", resource: obs(`Timing":{"event":["2013-01-05","2013-01-01T10:00:00Z"]}`), want: true},
		{name: "timing outer limits contain", query: "date=2013-01", resource: obs(`Timing":{"event":["2013-01-05","2013-01-01T10:00:00Z"]}`), want: true},
		{name: "timing bounds period", query: "date=gt2013-02", resource: obs(`Timing":{"repeat":{"boundsPeriod":{"start":"2013-01-01","end":"2013-03-01"}}}`), want: true},
		{name: "timing without events or bounds", query: "date=ge1900", resource: obs(`Timing":{"repeat":{"frequency":1}}`), want: false},
		{name: ":missing", query: "date:missing=true", resource: `{"resourceType":"Observation"}`, want: true},
		{name: "_lastUpdated", query: "_lastUpdated=gt2020-01-01T00:00:00Z", resource: `{"resourceType":"Observation","meta":{"lastUpdated":"2021-05-01T10:00:00.000+01:00"}}`, want: true},
	}
	runMatchCases(t, "Observation", ParseOptions{}, tests)

	dates := []matchCase{
		{name: "date equals date", query: "birthdate=1974-12-25", resource: `{"resourceType":"Patient","birthDate":"1974-12-25"}`, want: true},
		{name: "year of a date", query: "birthdate=1974", resource: `{"resourceType":"Patient","birthDate":"1974-12-25"}`, want: true},
		{name: "date is a day in UTC", query: "birthdate=gt1974-12-25T12:00:00Z", resource: `{"resourceType":"Patient","birthDate":"1974-12-25"}`, want: true},
		{name: "date is a day in UTC, not after its end", query: "birthdate=gt1974-12-26T00:00:00Z", resource: `{"resourceType":"Patient","birthDate":"1974-12-25"}`, want: false},
	}
	runMatchCases(t, "Patient", ParseOptions{}, dates)

	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	summer := []matchCase{
		{name: "a date without zone is a day in the configured zone", query: "birthdate=lt1990-07-01T00:00:00Z",
			resource: `{"resourceType":"Patient","birthDate":"1990-07-01"}`, want: true},
	}
	runMatchCases(t, "Patient", ParseOptions{Location: london}, summer)
}

func TestMatchNumberAndQuantity(t *testing.T) {
	q := func(value string) string {
		return `{"resourceType":"Observation","valueQuantity":{"value":` + value + `,"unit":"mmHg","system":"http://unitsofmeasure.org","code":"mm[Hg]"}}`
	}
	tests := []matchCase{
		{name: "eq within the precision of the search value", query: "value-quantity=100", resource: q("100.4"), want: true},
		{name: "eq outside the precision", query: "value-quantity=100", resource: q("100.5"), want: false},
		{name: "eq at the lower bound", query: "value-quantity=100", resource: q("99.5"), want: true},
		{name: "more decimals narrow the range", query: "value-quantity=100.00", resource: q("100.004"), want: true},
		{name: "more decimals narrow the range (out)", query: "value-quantity=100.00", resource: q("100.01"), want: false},
		{name: "exponent gives one significant figure", query: "value-quantity=1e2", resource: q("140"), want: true},
		{name: "exponent range is [50, 150)", query: "value-quantity=1e2", resource: q("150"), want: false},
		{name: "decimal literal keeps exactness", query: "value-quantity=0.3", resource: q("0.30000000000000000001"), want: true},
		{name: "ne", query: "value-quantity=ne100", resource: q("101"), want: true},
		{name: "gt is against the exact value", query: "value-quantity=gt100", resource: q("100.1"), want: true},
		{name: "gt equal", query: "value-quantity=gt100", resource: q("100"), want: false},
		{name: "ge equal", query: "value-quantity=ge100", resource: q("100"), want: true},
		{name: "lt", query: "value-quantity=lt100", resource: q("99.99"), want: true},
		{name: "le equal", query: "value-quantity=le100.0", resource: q("100"), want: true},
		{name: "sa is beyond the precision range", query: "value-quantity=sa100", resource: q("100.4"), want: false},
		{name: "sa", query: "value-quantity=sa100", resource: q("100.5"), want: true},
		{name: "eb", query: "value-quantity=eb100", resource: q("99.4"), want: true},
		{name: "ap within 10%", query: "value-quantity=ap100", resource: q("109"), want: true},
		{name: "ap outside 10%", query: "value-quantity=ap100", resource: q("111"), want: false},
		{name: "system and code", query: "value-quantity=100|http://unitsofmeasure.org|mm[Hg]", resource: q("100"), want: true},
		{name: "wrong code", query: "value-quantity=100|http://unitsofmeasure.org|mg", resource: q("100"), want: false},
		{name: "code in any system", query: "value-quantity=100||mm[Hg]", resource: q("100"), want: true},
		{name: "||unit matches the display unit", query: "value-quantity=100||mmHg", resource: q("100"), want: true},
		{name: "no UCUM conversion", query: "value-quantity=0.1|http://unitsofmeasure.org|m[Hg]", resource: q("100"), want: false},
		{name: "negative numbers", query: "value-quantity=lt0", resource: q("-2.5"), want: true},
		{name: "comparator < is below the value", query: "value-quantity=lt5", resource: `{"resourceType":"Observation","valueQuantity":{"value":5,"comparator":"<"}}`, want: true},
		{name: "comparator < is never gt its value", query: "value-quantity=gt5", resource: `{"resourceType":"Observation","valueQuantity":{"value":5,"comparator":"<"}}`, want: false},
		{name: "comparator < is not eq", query: "value-quantity=4", resource: `{"resourceType":"Observation","valueQuantity":{"value":5,"comparator":"<"}}`, want: false},
		{name: "sampled data is passed over", query: "value-quantity=ge0", resource: `{"resourceType":"Observation","valueSampledData":{"origin":{"value":1},"period":1,"dimensions":1,"data":"1 2"}}`, want: false},
		{name: "component quantity", query: "component-value-quantity=gt100", resource: `{"resourceType":"Observation","component":[{"valueQuantity":{"value":107}},{"valueQuantity":{"value":60}}]}`, want: true},
		{name: "quantity without value", query: "value-quantity=ge0", resource: `{"resourceType":"Observation","valueQuantity":{"unit":"mg"}}`, want: false},
	}
	runMatchCases(t, "Observation", ParseOptions{}, tests)

	ranges := []matchCase{
		{name: "Range overlapping gt", query: "onset-age=gt10||a", resource: `{"resourceType":"Condition","onsetRange":{"low":{"value":5,"code":"a"},"high":{"value":15,"code":"a"}}}`, want: true},
		{name: "Range inside eq", query: "onset-age=1e1||a", resource: `{"resourceType":"Condition","onsetRange":{"low":{"value":5,"code":"a"},"high":{"value":14,"code":"a"}}}`, want: true},
		{name: "Range with another unit", query: "onset-age=gt10||a", resource: `{"resourceType":"Condition","onsetRange":{"low":{"value":5,"code":"mo"},"high":{"value":15,"code":"mo"}}}`, want: false},
		{name: "Age", query: "onset-age=ge40|http://unitsofmeasure.org|a", resource: `{"resourceType":"Condition","onsetAge":{"value":52,"system":"http://unitsofmeasure.org","code":"a"}}`, want: true},
		{name: "Duration", query: "length=lt1||h", resource: `{"resourceType":"Encounter","length":{"value":0.5,"code":"h"}}`, want: false},
	}
	for _, rc := range ranges[:4] {
		runMatchCases(t, "Condition", ParseOptions{}, []matchCase{rc})
	}
	runMatchCases(t, "Encounter", ParseOptions{}, []matchCase{
		{name: "Duration lt", query: "length=lt1||h", resource: `{"resourceType":"Encounter","length":{"value":0.5,"code":"h"}}`, want: true},
		{name: "Duration ge", query: "length=ge1||h", resource: `{"resourceType":"Encounter","length":{"value":0.5,"code":"h"}}`, want: false},
	})
}

func TestMatchReference(t *testing.T) {
	obs := func(subject string) string {
		return `{"resourceType":"Observation","subject":` + subject + `}`
	}
	rel := obs(`{"reference":"Patient/123"}`)
	tests := []matchCase{
		{name: "Type/id", query: "subject=Patient/123", resource: rel, want: true},
		{name: "other id", query: "subject=Patient/124", resource: rel, want: false},
		{name: "id alone", query: "subject=123", resource: rel, want: true},
		{name: "type modifier", query: "subject:Patient=123", resource: rel, want: true},
		{name: "type modifier of another type", query: "subject:Group=123", resource: rel, want: false},
		{name: "versioned value needs the version", query: "subject=Patient/123/_history/2", resource: rel, want: false},
		{name: "versioned reference matches an unversioned value", query: "subject=Patient/123", resource: obs(`{"reference":"Patient/123/_history/2"}`), want: true},
		{name: "absolute value matches the same URL", query: "subject=https://example.org/fhir/Patient/123", resource: obs(`{"reference":"https://example.org/fhir/Patient/123"}`), want: true},
		{name: "absolute value does not match a relative reference", query: "subject=https://example.org/fhir/Patient/123", resource: rel, want: false},
		{name: "relative value does not match an absolute reference", query: "subject=Patient/123", resource: obs(`{"reference":"https://example.org/fhir/Patient/123"}`), want: false},
		{name: "contained reference never matches", query: "subject=123", resource: obs(`{"reference":"#123"}`), want: false},
		{name: "urn:uuid value", query: "subject=urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a", resource: obs(`{"reference":"urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a"}`), want: true},
		{name: ":identifier", query: "subject:identifier=https://fhir.nhs.uk/Id/nhs-number|9000000009", resource: obs(`{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9000000009"}}`), want: true},
		{name: ":identifier other system", query: "subject:identifier=urn:oid:1|9000000009", resource: obs(`{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9000000009"}}`), want: false},
		{name: "patient keeps only Patient references", query: "patient=123", resource: obs(`{"reference":"Group/123"}`), want: false},
		{name: "patient", query: "patient=Patient/123", resource: rel, want: true},
		{name: ":missing", query: "subject:missing=true", resource: `{"resourceType":"Observation"}`, want: true},
		{name: ":missing=false", query: "subject:missing=false", resource: rel, want: true},
	}
	runMatchCases(t, "Observation", ParseOptions{}, tests)

	runMatchCases(t, "CarePlan", ParseOptions{}, []matchCase{
		{name: "canonical", query: "instantiates-canonical=http://example.org/PlanDefinition/1", resource: `{"resourceType":"CarePlan","instantiatesCanonical":["http://example.org/PlanDefinition/1|2.0"]}`, want: true},
		{name: "canonical with version", query: "instantiates-canonical=http://example.org/PlanDefinition/1|2.0", resource: `{"resourceType":"CarePlan","instantiatesCanonical":["http://example.org/PlanDefinition/1|2.0"]}`, want: true},
		{name: "canonical other version", query: "instantiates-canonical=http://example.org/PlanDefinition/1|3.0", resource: `{"resourceType":"CarePlan","instantiatesCanonical":["http://example.org/PlanDefinition/1|2.0"]}`, want: false},
	})
}

func TestMatchURI(t *testing.T) {
	const obs = `{"resourceType":"Observation","meta":{"profile":["http://hl7.org/fhir/StructureDefinition/vitalsigns"],"source":"https://gp.example.org/fhir"}}`
	tests := []matchCase{
		{name: "exact", query: "_profile=http://hl7.org/fhir/StructureDefinition/vitalsigns", resource: obs, want: true},
		{name: "exact is whole", query: "_profile=http://hl7.org/fhir/StructureDefinition/vital", resource: obs, want: false},
		{name: ":below", query: "_profile:below=http://hl7.org/fhir/StructureDefinition/", resource: obs, want: true},
		{name: ":below elsewhere", query: "_profile:below=http://example.org/", resource: obs, want: false},
		{name: ":above", query: "_source:above=https://gp.example.org/fhir/Observation/1", resource: obs, want: true},
		{name: ":above does not match a longer target", query: "_source:above=https://gp.example.org/", resource: obs, want: false},
		{name: ":missing", query: "_source:missing=false", resource: obs, want: true},
	}
	runMatchCases(t, "Observation", ParseOptions{}, tests)
}

func TestMatchComposite(t *testing.T) {
	const bp = `{"resourceType":"Observation","code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},
		"component":[
			{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":107,"code":"mm[Hg]"}},
			{"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":60,"code":"mm[Hg]"}}]}`
	tests := []matchCase{
		{name: "both parts on one component", query: "component-code-value-quantity=http://loinc.org|8480-6$gt100", resource: bp, want: true},
		{name: "parts from different components do not match", query: "component-code-value-quantity=http://loinc.org|8462-4$gt100", resource: bp, want: false},
		{name: "OR of composites", query: "component-code-value-quantity=http://loinc.org|8462-4$gt100,http://loinc.org|8462-4$lt70", resource: bp, want: true},
		{name: "combo on a component", query: "combo-code-value-quantity=http://loinc.org|8462-4$60||mm[Hg]", resource: bp, want: true},
		{name: "code-value on the observation has no value", query: "code-value-quantity=http://loinc.org|85354-9$ge0", resource: bp, want: false},
		{name: "code-value-quantity on the observation", query: "code-value-quantity=http://loinc.org|29463-7$185",
			resource: `{"resourceType":"Observation","code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"valueQuantity":{"value":185}}`, want: true},
		{name: "code-value-date with a prefix", query: "code-value-date=1234-5$ge2020",
			resource: `{"resourceType":"Observation","code":{"coding":[{"code":"1234-5"}]},"valueDateTime":"2021-03-01"}`, want: true},
		{name: "code-value-string", query: "code-value-string=1234-5$pos",
			resource: `{"resourceType":"Observation","code":{"coding":[{"code":"1234-5"}]},"valueString":"Positive"}`, want: true},
		{name: "escaped $ in a part", query: `code-value-concept=1234-5$a\$b`,
			resource: `{"resourceType":"Observation","code":{"coding":[{"code":"1234-5"}]},"valueCodeableConcept":{"coding":[{"code":"a$b"}]}}`, want: true},
		{name: ":missing when no component has both", query: "component-code-value-concept:missing=true", resource: bp, want: true},
	}
	runMatchCases(t, "Observation", ParseOptions{}, tests)
}

// TestMatchR4Examples runs searches over the R4 example resources and
// checks exactly which ones match.
func TestMatchR4Examples(t *testing.T) {
	r := newTestRegistry(t)
	tests := []struct {
		name  string
		rt    string
		query string
		want  []string
	}{
		{name: "blood pressure systolic over 100", rt: "Observation",
			query: "component-code-value-quantity=http://loinc.org|8480-6$gt100",
			want:  []string{"Observation-blood-pressure", "Observation-blood-pressure-dar"}},
		{name: "observations of September 2012", rt: "Observation", query: "date=2012-09",
			want: []string{"Observation-blood-pressure", "Observation-blood-pressure-cancel", "Observation-blood-pressure-dar"}},
		{name: "body weight by LOINC", rt: "Observation", query: "code=http://loinc.org|29463-7&value-quantity=gt150",
			want: []string{"Observation-example"}},
		{name: "patient f001 observations", rt: "Observation", query: "patient=Patient/f001&status=final",
			want: []string{"Observation-ekg", "Observation-f001", "Observation-f002", "Observation-f003", "Observation-f004", "Observation-f005"}},
		{name: "patients named Chalmers", rt: "Patient", query: "family=chalm",
			want: []string{"Patient-example"}},
		{name: "male patients born before 1960", rt: "Patient", query: "gender=male&birthdate=lt1960",
			want: []string{"Patient-f001", "Patient-glossy", "Patient-xcda", "Patient-xds"}}, // f201 was born 1960-03-13
		{name: "contained medication reference is not a search match", rt: "MedicationRequest", query: "medication=med0320",
			want: []string{}},
		{name: "active medication requests for patient pat1 with a SNOMED medication code", rt: "MedicationRequest", query: "subject=Patient/pat1&status=active&intent=order&code=http://snomed.info/sct|",
			want: []string{"MedicationRequest-medrx0327"}}, // the others refer to a (contained) Medication
		{name: "conditions with onset in 2012", rt: "Condition", query: "onset-date=2012",
			want: []string{"Condition-example", "Condition-f003"}}, // example2's onsetString "approximately November 2012" is free text
		{name: "encounters of patient example", rt: "Encounter", query: "patient=example&class=IMP",
			want: []string{"Encounter-emerg", "Encounter-example"}},
		{name: "immunisation lot number starts with", rt: "Immunization", query: "lot-number=aajn",
			want: []string{"Immunization-example", "Immunization-subpotent"}},
		{name: "audit events on or after 2013", rt: "AuditEvent", query: "date=ge2013&outcome=0",
			want: []string{"AuditEvent-example-disclosure", "AuditEvent-example-login", "AuditEvent-example-logout", "AuditEvent-example-media", "AuditEvent-example-pixQuery", "AuditEvent-example-rest", "AuditEvent-example-search"}}, // error has outcome 8; example is 2012
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := r.Parse(tt.rt, mustQuery(t, tt.query), ParseOptions{Strict: true, Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for name, res := range loadR4(t, tt.rt+"-") {
				ok, err := q.Match(res)
				if err != nil {
					t.Fatalf("Match on %s: %v", name, err)
				}
				if ok {
					got = append(got, name)
				}
			}
			sort.Strings(got)
			want := slices.Clone(tt.want)
			sort.Strings(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s?%s\n got %q\nwant %q", tt.rt, tt.query, got, want)
			}
		})
	}
}

func TestMatchErrors(t *testing.T) {
	r := newTestRegistry(t)
	q, err := r.Parse("Observation", mustQuery(t, "date=2013"), ParseOptions{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	bad, err := fhirpath.Decode([]byte(`{"resourceType":"Observation","effectiveDateTime":"2013-02-30"}`))
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := q.Match(bad); err == nil || !strings.Contains(err.Error(), `invalid dateTime "2013-02-30"`) {
		t.Errorf("Match on an invalid date = %v, %v; want an error naming it", ok, err)
	}
	q, err = r.Parse("Observation", mustQuery(t, "value-quantity=1"), ParseOptions{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	float := map[string]any{"resourceType": "Observation", "valueQuantity": map[string]any{"value": 1.0}}
	if ok, err := q.Match(float); err == nil || !strings.Contains(err.Error(), "lost precision") {
		t.Errorf("Match on a float64 value = %v, %v; want an error", ok, err)
	}
	if ok, err := q.Match(map[string]any{"resourceType": "Patient"}); err == nil || !strings.Contains(err.Error(), `the resource is a "Patient"`) {
		t.Errorf("Observation query on a Patient = %v, %v; want an error", ok, err)
	}
	unsupported := Param{Code: "phonetic", Def: Definition{Code: "phonetic", Unsupported: "phonetic matching is not implemented"}}
	if _, err := unsupported.Match(bad); !errors.Is(err, ErrUnsupported) {
		t.Errorf("Match of an unsupported parameter error = %v, want ErrUnsupported", err)
	}
}
