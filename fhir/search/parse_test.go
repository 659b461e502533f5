package search

import (
	"errors"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// testNow is the "now" of every test, so that ap searches are repeatable.
var testNow = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

func newTestRegistry(t testing.TB) *Registry {
	t.Helper()
	r, err := NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func mustQuery(t testing.TB, raw string) url.Values {
	t.Helper()
	q, err := url.ParseQuery(raw)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestRegistry(t *testing.T) {
	r := newTestRegistry(t)
	want := []string{
		"AllergyIntolerance", "Appointment", "AuditEvent", "CarePlan", "CareTeam", "Condition",
		"Consent", "DiagnosticReport", "DocumentReference", "Encounter", "EpisodeOfCare",
		"Flag", "Goal", "Immunization", "Location", "Medication", "MedicationRequest",
		"MedicationStatement", "Observation", "Organization", "Patient", "Practitioner",
		"PractitionerRole", "Procedure", "RelatedPerson", "ServiceRequest",
	}
	if got := r.ResourceTypes(); !slices.Equal(got, want) {
		t.Errorf("ResourceTypes() = %q, want %q", got, want)
	}
	for _, rt := range want {
		defs := r.Definitions(rt)
		if !slices.IsSortedFunc(defs, func(a, b Definition) int { return strings.Compare(a.Code, b.Code) }) {
			t.Errorf("Definitions(%s) are not sorted by code", rt)
		}
		for _, common := range []string{"_id", "_lastUpdated", "_tag", "_security", "_profile", "_source"} {
			d, ok := r.Lookup(rt, common)
			if !ok || d.Unsupported != "" {
				t.Errorf("Lookup(%s, %s) = %+v, %v; want a supported definition", rt, common, d, ok)
			}
		}
	}
	if got := r.Definitions("Bundle"); got != nil {
		t.Errorf("Definitions(Bundle) = %v, want nil for a type that is not served", got)
	}

	d, ok := r.Lookup("Condition", "code")
	if !ok {
		t.Fatal("Lookup(Condition, code) not found")
	}
	if d.Expression != "Condition.code" || d.Type != TypeToken || d.URL != "http://hl7.org/fhir/SearchParameter/clinical-code" {
		t.Errorf("Lookup(Condition, code) = %q %s %s, want the Condition branch of clinical-code", d.Expression, d.Type, d.URL)
	}
	d, _ = r.Lookup("Observation", "subject")
	if !slices.Equal(d.Targets, []string{"Device", "Group", "Location", "Patient"}) {
		t.Errorf("Observation subject targets = %q", d.Targets)
	}
	d, _ = r.Lookup("Observation", "date")
	if !slices.Equal(d.Comparators, []string{"eq", "ne", "gt", "ge", "lt", "le", "sa", "eb", "ap"}) {
		t.Errorf("Observation date comparators = %q", d.Comparators)
	}
}

// TestUnsupportedDefinitions pins the served parameters the engine cannot
// evaluate: adding one must be a decision, not an accident.
func TestUnsupportedDefinitions(t *testing.T) {
	r := newTestRegistry(t)
	var got []string
	for _, rt := range r.ResourceTypes() {
		for _, d := range r.Definitions(rt) {
			if d.Unsupported != "" {
				got = append(got, rt+"."+d.Code)
			}
		}
	}
	want := []string{
		"DocumentReference.relationship", // R4 swaps its components' expressions
		"Location.near",                  // a special parameter (geographic distance)
		"Organization.phonetic",          // phonetic matching
		"Patient.phonetic",
		"Practitioner.phonetic",
		"RelatedPerson.phonetic",
	}
	if !slices.Equal(got, want) {
		t.Errorf("unsupported definitions = %q, want %q", got, want)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name     string
		resource string
		query    string
		strict   bool
		wantKind error
		wantMsg  string
	}{
		{name: "unknown parameter in strict mode", resource: "Observation", query: "colour=red", strict: true,
			wantKind: ErrUnknownParameter, wantMsg: `unknown search parameter "colour" for Observation`},
		{name: "unknown resource type", resource: "Spaceship", query: "",
			wantKind: ErrUnknownResourceType, wantMsg: `unknown resource type "Spaceship"`},
		{name: "invalid month", resource: "Observation", query: "date=2020-13",
			wantKind: ErrInvalidValue, wantMsg: `invalid date "2020-13" for parameter "date": the month must be 01 to 12`},
		{name: "invalid day", resource: "Patient", query: "birthdate=2021-02-29",
			wantKind: ErrInvalidValue, wantMsg: `invalid date "2021-02-29" for parameter "birthdate": the day must be 01 to 28 in that month`},
		{name: "date format", resource: "Patient", query: "birthdate=25/12/1974",
			wantKind: ErrInvalidValue, wantMsg: `invalid date "25/12/1974" for parameter "birthdate": expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm`},
		{name: "unknown prefix is not a date", resource: "Observation", query: "date=xx2020",
			wantKind: ErrInvalidValue, wantMsg: `invalid date "xx2020"`},
		{name: "bad time zone", resource: "Observation", query: "date=2020-01-01T10:00:00+15:00",
			wantKind: ErrInvalidValue, wantMsg: "the time zone must be -14:00 to +14:00"},
		{name: "modifier not allowed on token", resource: "Observation", query: "code:exact=x",
			wantKind: ErrInvalidModifier, wantMsg: `modifier ":exact" is not allowed on token parameter "code"`},
		{name: "modifier not allowed on date", resource: "Observation", query: "date:not=2020",
			wantKind: ErrInvalidModifier, wantMsg: `modifier ":not" is not allowed on date parameter "date"`},
		{name: "reference type modifier not a target", resource: "Observation", query: "subject:Practitioner=1",
			wantKind: ErrInvalidModifier, wantMsg: `modifier ":Practitioner" is not allowed on reference parameter "subject": it refers to Device, Group, Location, Patient`},
		{name: "modifier needing terminology", resource: "Observation", query: "code:in=http://example.org/vs",
			wantKind: ErrUnsupported, wantMsg: `modifier ":in" on token parameter "code" is not supported: it needs a terminology service`},
		{name: "unsupported modifier is an error even in lenient mode", resource: "Condition", query: "code:below=http://snomed.info/sct|404684003",
			wantKind: ErrUnsupported, wantMsg: `modifier ":below" on token parameter "code" is not supported`},
		{name: "reference hierarchy modifier", resource: "Observation", query: "subject:above=Patient/1",
			wantKind: ErrUnsupported, wantMsg: `modifier ":above" on reference parameter "subject" is not supported`},
		{name: "phonetic in strict mode", resource: "Patient", query: "phonetic=smith", strict: true,
			wantKind: ErrUnsupported, wantMsg: `search parameter "phonetic" for Patient is not supported: phonetic matching is not implemented`},
		{name: "chained in strict mode", resource: "Observation", query: "subject.name=peter", strict: true,
			wantKind: ErrUnsupported, wantMsg: `chained search parameter "subject.name" is not supported`},
		{name: "chained with a type modifier", resource: "Observation", query: "subject:Patient.name=peter", strict: true,
			wantKind: ErrUnsupported, wantMsg: `chained search parameter "subject:Patient.name" is not supported`},
		{name: "_has in strict mode", resource: "Patient", query: "_has:Observation:patient:code=1234-5", strict: true,
			wantKind: ErrUnsupported, wantMsg: `search parameter "_has:Observation:patient:code" is not supported: reverse chaining (_has) is not implemented`},
		{name: "prefix on a token is part of the code", resource: "Observation", query: "status=gtfinal,a|b|c",
			wantKind: ErrInvalidValue, wantMsg: `invalid token "a|b|c" for parameter "status": expected code, system|code, |code or system|`},
		{name: "system on a primitive code", resource: "Patient", query: "gender=http://hl7.org/fhir/administrative-gender|male",
			wantKind: ErrInvalidValue, wantMsg: `the values of "gender" are codes without a system in the resource; search for the code alone`},
		{name: "system on a boolean", resource: "Patient", query: "active=http://example.org|true",
			wantKind: ErrInvalidValue, wantMsg: `the values of "active" are booleans, whose only system is http://hl7.org/fhir/special-values`},
		{name: "bad escape", resource: "Patient", query: `family=a\b`,
			wantKind: ErrInvalidValue, wantMsg: `invalid string "a\\b" for parameter "family": "\b" is not an escape: only \, \$ \| and \\ are`},
		{name: "trailing backslash", resource: "Patient", query: `family=a\`,
			wantKind: ErrInvalidValue, wantMsg: `ends with a lone "\"`},
		{name: "empty OR value", resource: "Patient", query: "family=a,,b",
			wantKind: ErrInvalidValue, wantMsg: `invalid value "a,,b" for parameter "family": a comma-separated list has an empty item`},
		{name: "missing takes a boolean", resource: "Patient", query: "birthdate:missing=yes",
			wantKind: ErrInvalidValue, wantMsg: `invalid value (true or false) "yes" for parameter "birthdate:missing": expected true or false`},
		{name: "number format", resource: "Encounter", query: "length=1.5.3",
			wantKind: ErrInvalidValue, wantMsg: `invalid quantity "1.5.3" for parameter "length": expected a decimal number such as 5, -0.25 or 1.5e3`},
		{name: "quantity with two parts", resource: "Observation", query: "value-quantity=5|mg",
			wantKind: ErrInvalidValue, wantMsg: `invalid quantity "5|mg" for parameter "value-quantity": expected number, or number|system|code`},
		{name: "reference type not among targets", resource: "Observation", query: "subject=Practitioner/1",
			wantKind: ErrInvalidValue, wantMsg: `invalid reference "Practitioner/1" for parameter "subject": Practitioner is not among the types "subject" refers to (Device, Group, Location, Patient)`},
		{name: "reference to an unknown type", resource: "Observation", query: "subject=Patiant/1",
			wantKind: ErrInvalidValue, wantMsg: `"Patiant" is not a resource type`},
		{name: "reference modifier disagrees with value", resource: "Observation", query: "subject:Patient=Group/1",
			wantKind: ErrInvalidValue, wantMsg: "the value refers to Group but the modifier to Patient"},
		{name: "reference with a bad id", resource: "Observation", query: "subject=Patient/a b",
			wantKind: ErrInvalidValue, wantMsg: "an id is 1 to 64 letters, digits, '-' and '.'"},
		{name: "composite with too few parts", resource: "Observation", query: "code-value-quantity=http://loinc.org|8480-6",
			wantKind: ErrInvalidValue, wantMsg: "expected 2 parts separated by $ (code$value-quantity), got 1"},
		{name: "composite part invalid", resource: "Observation", query: "code-value-date=1234-5$2020-13",
			wantKind: ErrInvalidValue, wantMsg: `its value-date part "2020-13": the month must be 01 to 12`},
		{name: "of-type needs three parts", resource: "Patient", query: "identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|MR",
			wantKind: ErrInvalidValue, wantMsg: "expected system|code|value"},
		{name: "negative _count", resource: "Patient", query: "_count=-1",
			wantKind: ErrInvalidValue, wantMsg: `invalid value "-1" for _count: expected a whole number, 0 or more`},
		{name: "repeated _count", resource: "Patient", query: "_count=1&_count=2",
			wantKind: ErrInvalidValue, wantMsg: `parameter "_count" is given 2 times; give it once`},
		{name: "bad _summary", resource: "Patient", query: "_summary=short",
			wantKind: ErrInvalidValue, wantMsg: `invalid value "short" for _summary: expected true, false, text, data, count`},
		{name: "modifier on _count", resource: "Patient", query: "_count:exact=1",
			wantKind: ErrInvalidModifier, wantMsg: `modifier ":exact" is not allowed on _count`},
		{name: "unknown _sort key in strict mode", resource: "Patient", query: "_sort=colour", strict: true,
			wantKind: ErrUnknownParameter, wantMsg: `unknown search parameter "colour" in _sort for Patient`},
		{name: "_include of another type", resource: "Observation", query: "_include=Encounter:subject",
			wantKind: ErrInvalidValue, wantMsg: "it must start with Observation, the type searched"},
		{name: "_include of a non-reference", resource: "Observation", query: "_include=Observation:code",
			wantKind: ErrInvalidValue, wantMsg: `"code" is a token parameter, not a reference`},
		{name: "_include target not referenced", resource: "Observation", query: "_include=Observation:subject:Practitioner",
			wantKind: ErrInvalidValue, wantMsg: "Observation.subject does not refer to Practitioner"},
		{name: "_include malformed", resource: "Observation", query: "_include=subject",
			wantKind: ErrInvalidValue, wantMsg: "expected Type:parameter or Type:parameter:TargetType"},
		{name: "_elements with a bad name", resource: "Patient", query: "_elements=name,1x",
			wantKind: ErrInvalidValue, wantMsg: `"1x" is not an element name`},
		{name: "a token part takes no prefix: gt is part of the code", resource: "Observation", query: "code-value-concept=gt1$x",
			wantKind: nil},
		{name: "supported narrowed in strict mode", resource: "Observation", query: "code=x", strict: true,
			wantKind: ErrUnsupported, wantMsg: `search parameter "code" for Observation is not supported: this server does not offer it`},
	}
	r := newTestRegistry(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := ParseOptions{Strict: tt.strict, Now: testNow}
			if strings.HasPrefix(tt.name, "supported narrowed") {
				opt.Supported = func(code string) bool { return code != "code" }
			}
			got, err := r.Parse(tt.resource, mustQuery(t, tt.query), opt)
			if tt.wantKind == nil {
				if err != nil {
					t.Fatalf("Parse(%s?%s) error = %v, want nil", tt.resource, tt.query, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Parse(%s?%s) = %+v, want an error", tt.resource, tt.query, got)
			}
			var se *Error
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%s?%s) error %T is not a *Error: %v", tt.resource, tt.query, err, err)
			}
			if !errors.Is(err, tt.wantKind) {
				t.Errorf("Parse(%s?%s) error kind = %v, want %v", tt.resource, tt.query, se.Kind, tt.wantKind)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("Parse(%s?%s) error = %q, want it to contain %q", tt.resource, tt.query, err, tt.wantMsg)
			}
		})
	}
}

func TestParseLenient(t *testing.T) {
	r := newTestRegistry(t)
	q, err := r.Parse("Patient", mustQuery(t, "colour=red&phonetic=smyth&family=chalmers&subject.name=x&_text=x&_sort=colour,-birthdate&given="), ParseOptions{Now: testNow})
	if err != nil {
		t.Fatalf("Parse error = %v, want lenient success", err)
	}
	var ignored []string
	for _, e := range q.Ignored {
		ignored = append(ignored, e.Param)
	}
	want := []string{"_sort", "_text", "colour", "given", "phonetic", "subject.name"}
	if !slices.Equal(ignored, want) {
		t.Errorf("Ignored params = %q, want %q", ignored, want)
	}
	if got, want := q.Encode(), "family=chalmers&_sort=-birthdate"; got != want {
		t.Errorf("Encode() = %q, want %q (only what was applied)", got, want)
	}
	for _, e := range q.Ignored {
		if e.Param == "colour" && (!errors.Is(e, ErrUnknownParameter) || e.Error() != `unknown search parameter "colour" for Patient`) {
			t.Errorf("Ignored colour = %v (%v), want an unknown parameter error", e, e.Kind)
		}
	}
}

func TestParseValues(t *testing.T) {
	r := newTestRegistry(t)
	tests := []struct {
		name     string
		resource string
		query    string
		want     Value
	}{
		{name: "token code", resource: "Observation", query: "code=8480-6",
			want: Value{Raw: "8480-6", Code: "8480-6"}},
		{name: "token system|code", resource: "Observation", query: "code=http://loinc.org|8480-6",
			want: Value{Raw: "http://loinc.org|8480-6", System: "http://loinc.org", HasSystem: true, Code: "8480-6"}},
		{name: "token |code", resource: "Observation", query: "code=|x",
			want: Value{Raw: "|x", HasSystem: true, Code: "x"}},
		{name: "token system|", resource: "Observation", query: "code=http://loinc.org|",
			want: Value{Raw: "http://loinc.org|", System: "http://loinc.org", HasSystem: true}},
		{name: "token with escaped bar and comma", resource: "Observation", query: `code=a\|b\,c`,
			want: Value{Raw: `a\|b\,c`, Code: "a|b,c"}},
		{name: "boolean with the special-values system", resource: "Patient", query: "active=http://hl7.org/fhir/special-values|true",
			want: Value{Raw: "http://hl7.org/fhir/special-values|true", System: "http://hl7.org/fhir/special-values", HasSystem: true, Code: "true"}},
		{name: "date with prefix", resource: "Observation", query: "date=ge2013-01",
			want: Value{Raw: "ge2013-01", Prefix: PrefixGe,
				Start: time.Date(2013, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2013, 2, 1, 0, 0, 0, 0, time.UTC)}},
		{name: "dateTime whose + became a space", resource: "Observation", query: "date=2013-01-14T10:00:00+01:00",
			want: Value{Raw: "2013-01-14T10:00:00 01:00",
				Start: time.Date(2013, 1, 14, 9, 0, 0, 0, time.UTC), End: time.Date(2013, 1, 14, 9, 0, 1, 0, time.UTC)}},
		{name: "quantity", resource: "Observation", query: "value-quantity=le5.40|http://unitsofmeasure.org|mg",
			want: Value{Raw: "le5.40|http://unitsofmeasure.org|mg", Prefix: PrefixLe, Number: "5.40", System: "http://unitsofmeasure.org", HasSystem: true, Code: "mg"}},
		{name: "quantity with a code in any system", resource: "Observation", query: "value-quantity=5||mg",
			want: Value{Raw: "5||mg", Number: "5", Code: "mg"}},
		{name: "reference Type/id", resource: "Observation", query: "subject=Patient/123",
			want: Value{Raw: "Patient/123", ResourceType: "Patient", ID: "123"}},
		{name: "reference with version", resource: "Observation", query: "subject=Patient/123/_history/2",
			want: Value{Raw: "Patient/123/_history/2", ResourceType: "Patient", ID: "123", Version: "2"}},
		{name: "reference id with type modifier", resource: "Observation", query: "subject:Patient=123",
			want: Value{Raw: "123", ResourceType: "Patient", ID: "123"}},
		{name: "absolute reference", resource: "Observation", query: "subject=https://example.org/fhir/Patient/123",
			want: Value{Raw: "https://example.org/fhir/Patient/123", ResourceType: "Patient", URL: "https://example.org/fhir/Patient/123"}},
		{name: "reference identifier", resource: "Observation", query: "subject:identifier=https://fhir.nhs.uk/Id/nhs-number|9000000009",
			want: Value{Raw: "https://fhir.nhs.uk/Id/nhs-number|9000000009", System: "https://fhir.nhs.uk/Id/nhs-number", HasSystem: true, Code: "9000000009"}},
		{name: "missing", resource: "Observation", query: "subject:missing=true",
			want: Value{Raw: "true", Missing: true}},
		{name: "string with escapes", resource: "Patient", query: `family=o\,brien`,
			want: Value{Raw: `o\,brien`, Text: "o,brien"}},
		{name: "uri", resource: "Observation", query: "_profile=http://hl7.org/fhir/StructureDefinition/vitalsigns",
			want: Value{Raw: "http://hl7.org/fhir/StructureDefinition/vitalsigns", Text: "http://hl7.org/fhir/StructureDefinition/vitalsigns"}},
		{name: "of-type", resource: "Patient", query: "identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|MR|12345",
			want: Value{Raw: "http://terminology.hl7.org/CodeSystem/v2-0203|MR|12345", System: "http://terminology.hl7.org/CodeSystem/v2-0203", HasSystem: true, Code: "MR", Text: "12345"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := r.Parse(tt.resource, mustQuery(t, tt.query), ParseOptions{Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			if len(q.Params) != 1 || len(q.Params[0].Values) != 1 {
				t.Fatalf("Parse(%s) params = %+v, want one value", tt.query, q.Params)
			}
			got := q.Params[0].Values[0]
			got.number, got.date, got.folded, got.Components = searchNumber{}, dateRange{}, "", nil
			if !got.Start.Equal(tt.want.Start) || !got.End.Equal(tt.want.End) {
				t.Errorf("Parse(%s) range = [%v, %v), want [%v, %v)", tt.query, got.Start, got.End, tt.want.Start, tt.want.End)
			}
			got.Start, got.End, tt.want.Start, tt.want.End = time.Time{}, time.Time{}, time.Time{}, time.Time{}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%s) value\n got %+v\nwant %+v", tt.query, got, tt.want)
			}
		})
	}
}

func TestParseORAndAND(t *testing.T) {
	r := newTestRegistry(t)
	q, err := r.Parse("Observation", mustQuery(t, `code=b,a\,x,c&code=z&status=final`), ParseOptions{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range q.Params {
		var codes []string
		for _, v := range p.Values {
			codes = append(codes, v.Code)
		}
		got = append(got, p.Code+"="+strings.Join(codes, "|"))
	}
	want := []string{"code=a,x|b|c", "code=z", "status=final"}
	if !slices.Equal(got, want) {
		t.Errorf("params = %q, want %q (AND by repetition, OR by comma, canonical order)", got, want)
	}
}

func TestEncodeIsCanonical(t *testing.T) {
	r := newTestRegistry(t)
	queries := []string{
		`status=final&code=b,a&date=ge2020&date=lt2021&_count=10&_sort=-date&_include=Observation:subject&subject:Patient=1&value-string=a\,b`,
		`_sort=-date&value-string=a\,b&_include=Observation:subject&date=lt2021&subject:Patient=1&code=a,b&_count=10&date=ge2020&status=final`,
	}
	want := `code=a,b&date=ge2020&date=lt2021&status=final&subject:Patient=1&value-string=a%5C,b&_sort=-date&_count=10&_include=Observation:subject`
	for _, raw := range queries {
		q, err := r.Parse("Observation", mustQuery(t, raw), ParseOptions{Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		if got := q.Encode(); got != want {
			t.Errorf("Encode(%s)\n got %s\nwant %s", raw, got, want)
		}
		// The encoding parses back to the same query.
		again, err := r.Parse("Observation", mustQuery(t, q.Encode()), ParseOptions{Now: testNow})
		if err != nil {
			t.Fatalf("Parse(Encode()) error = %v", err)
		}
		if again.Encode() != want {
			t.Errorf("Encode(Parse(Encode())) = %s, want %s", again.Encode(), want)
		}
	}
}

func TestParseControl(t *testing.T) {
	r := newTestRegistry(t)
	q, err := r.Parse("Observation", mustQuery(t,
		"_count=0&_sort=status,-date,_lastUpdated&_include=Observation:subject:Patient&_include:iterate=Patient:general-practitioner"+
			"&_revinclude=Observation:has-member&_summary=count&_elements=id,status&_total=accurate&_contained=both&_containedType=contained&_format=json&_pretty=true"),
		ParseOptions{Strict: true, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	c := q.Control
	if !c.CountSet || c.Count != 0 {
		t.Errorf("Count = %d (set %v), want 0 set", c.Count, c.CountSet)
	}
	var sort []string
	for _, k := range c.Sort {
		s := k.Code
		if k.Descending {
			s = "-" + s
		}
		sort = append(sort, s)
	}
	if want := []string{"status", "-date", "_lastUpdated"}; !slices.Equal(sort, want) {
		t.Errorf("Sort = %q, want %q", sort, want)
	}
	wantInc := []Include{{Source: "Observation", Param: "subject", Target: "Patient"}, {Source: "Patient", Param: "general-practitioner", Iterate: true}}
	if !slices.Equal(c.Include, wantInc) {
		t.Errorf("Include = %+v, want %+v", c.Include, wantInc)
	}
	if want := []Include{{Source: "Observation", Param: "has-member"}}; !slices.Equal(c.RevInclude, want) {
		t.Errorf("RevInclude = %+v, want %+v", c.RevInclude, want)
	}
	if c.Summary != "count" || c.Total != "accurate" || c.Contained != "both" || c.ContainedType != "contained" || c.Format != "json" || c.Pretty != "true" {
		t.Errorf("Control = %+v", c)
	}
	if !slices.Equal(c.Elements, []string{"id", "status"}) {
		t.Errorf("Elements = %q", c.Elements)
	}
	want := "_sort=status,-date,_lastUpdated&_count=0&_include=Observation:subject:Patient&_include:iterate=Patient:general-practitioner" +
		"&_revinclude=Observation:has-member&_summary=count&_elements=id,status&_total=accurate&_contained=both&_containedType=contained&_format=json&_pretty=true"
	if got := q.Encode(); got != want {
		t.Errorf("Encode()\n got %s\nwant %s", got, want)
	}

	// A _revinclude from a type that is not served is ignored in lenient mode.
	q, err = r.Parse("Patient", mustQuery(t, "_revinclude=Provenance:target"), ParseOptions{Now: testNow})
	if err != nil || len(q.Ignored) != 1 || len(q.Control.RevInclude) != 0 {
		t.Errorf("lenient _revinclude=Provenance:target = %+v, %v; want it ignored", q, err)
	}
}
