package sqlsource

import (
	"os"
	"strings"
	"testing"
)

// validMapping is the smallest mapping ParseMapping accepts, plus one
// compartment type; the cases below break it one way at a time.
const validMapping = `
version: 1
resources:
  Patient:
    query: SELECT p.case_ref AS id, p.nhs_number FROM people p
    search:
      identifier:
        type: token
        columns: {https://fhir.nhs.uk/Id/nhs-number: nhs_number}
    resource:
      active: true
  Flag:
    query: SELECT f.alert_ref AS id, f.person_ref, f.raised_at FROM alerts f WHERE :patient IS NOT NULL
    patient: person_ref
    search:
      date: {type: date, column: raised_at}
    resource:
      status: active
      subject: {reference: "Patient/${person_ref:id}"}
`

func TestParseMappingAccepts(t *testing.T) {
	m, err := ParseMapping([]byte(validMapping))
	if err != nil {
		t.Fatal(err)
	}
	f := m.types["Flag"]
	if got, want := f.query.text, "SELECT f.alert_ref AS id, f.person_ref, f.raised_at FROM alerts f WHERE ($1::text[]) IS NOT NULL"; got != want {
		t.Errorf("compiled query = %q, want %q", got, want)
	}
	if f.id != "id" || f.patient != "person_ref" || len(f.search) != 1 || !f.search[0].point {
		t.Errorf("Flag mapping = %+v", f)
	}
}

func TestParseMappingErrors(t *testing.T) {
	replace := func(old, new string) string {
		if !strings.Contains(validMapping, old) {
			panic("test mapping lacks " + old)
		}
		return strings.Replace(validMapping, old, new, 1)
	}
	tests := []struct {
		name    string
		mapping string
		want    string
	}{
		{name: "empty", mapping: "", want: "empty"},
		{name: "not YAML", mapping: "version: [1", want: "not YAML"},
		{name: "two documents", mapping: validMapping + "\n---\nversion: 1\n", want: "more than one YAML document"},
		{name: "no version", mapping: replace("version: 1", ""), want: "version: required"},
		{name: "another version", mapping: replace("version: 1", "version: 2"), want: "version 1"},
		{name: "unknown top-level key", mapping: replace("version: 1", "version: 1\nresouces: {}"), want: `unknown key "resouces"`},
		{name: "unknown key in a type", mapping: replace("    patient: person_ref", "    patient: person_ref\n    querry: x"), want: `Flag: unknown key "querry"`},
		{name: "missing query", mapping: replace("    query: SELECT f.alert_ref AS id, f.person_ref, f.raised_at FROM alerts f WHERE :patient IS NOT NULL\n", ""), want: "Flag.query: required"},
		{name: "empty query", mapping: replace("SELECT p.case_ref AS id, p.nhs_number FROM people p", `" "`), want: "Patient.query: required"},
		{name: "placeholder for an undeclared parameter", mapping: replace("WHERE :patient IS NOT NULL", "WHERE f.status = ANY(:status)"), want: "Flag.query: query uses :status, which is not a parameter"},
		{name: "positional parameter", mapping: replace("WHERE :patient IS NOT NULL", "WHERE f.person_ref = $1"), want: "Flag.query: query uses a positional parameter"},
		{name: "two statements", mapping: replace("FROM people p", "FROM people p; DELETE FROM people"), want: "Patient.query: query must be one statement"},
		{name: "unterminated literal", mapping: replace("WHERE :patient IS NOT NULL", "WHERE f.x = 'open"), want: "unterminated string literal"},
		{name: "unterminated comment", mapping: replace("WHERE :patient IS NOT NULL", "/* open"), want: "unterminated /* comment"},
		{name: "no Patient", mapping: replace("  Patient:", "  Practitioner:"), want: "Patient is required"},
		{name: "Patient without identifier", mapping: replace("      identifier:\n        type: token\n        columns: {https://fhir.nhs.uk/Id/nhs-number: nhs_number}", "      _lastUpdated: {type: date, column: x}"), want: "Patient.search.identifier: required"},
		{name: "Patient identifier without the NHS number", mapping: replace("https://fhir.nhs.uk/Id/nhs-number: nhs_number", "https://example.org/id: nhs_number"), want: "Patient.search.identifier: required"},
		{name: "compartment type without patient", mapping: replace("    patient: person_ref\n", ""), want: "Flag.patient: required"},
		{name: "patient on a type outside the compartment", mapping: replace("  Flag:", "  Practitioner:"), want: "Practitioner.patient: Practitioner is not in the patient compartment"},
		{name: "a Patient whose patient column is not its id", mapping: replace("    search:\n      identifier:", "    patient: nhs_number\n    search:\n      identifier:"), want: "Patient.patient"},
		{name: "not a resource type", mapping: replace("  Flag:", "  flag_alerts:"), want: `"flag_alerts" is not a FHIR resource type name`},
		{name: "bad column name", mapping: replace("patient: person_ref", `patient: "person ref"`), want: "Flag.patient: want a column name"},
		{name: "unknown search type", mapping: replace("{type: date, column: raised_at}", "{type: string, column: raised_at}"), want: `Flag.search.date.type: "string" is not token, date or reference`},
		{name: "search key for another type", mapping: replace("{type: date, column: raised_at}", "{type: date, column: raised_at, system: x}"), want: "Flag.search.date.system: does not apply to a date parameter"},
		{name: "date with column and start", mapping: replace("{type: date, column: raised_at}", "{type: date, column: raised_at, start: raised_at}"), want: "not both"},
		{name: "token with column and columns", mapping: replace("columns: {https://fhir.nhs.uk/Id/nhs-number: nhs_number}", "column: x\n        columns: {https://fhir.nhs.uk/Id/nhs-number: nhs_number}"), want: "not both"},
		{name: "_id declared", mapping: replace("      date: {type: date, column: raised_at}", "      _id: {type: token, column: id}"), want: "_id is built in"},
		{name: "reference without target", mapping: replace("{type: date, column: raised_at}", "{type: reference, column: raised_at}"), want: "Flag.search.date.target: required"},
		{name: "unknown search key", mapping: replace("{type: date, column: raised_at}", "{type: date, colum: raised_at}"), want: `Flag.search.date: unknown key "colum"`},
		{name: "no template", mapping: replace("    resource:\n      status: active\n      subject: {reference: \"Patient/${person_ref:id}\"}\n", ""), want: "Flag.resource: required"},
		{name: "template sets the id", mapping: replace("      status: active", "      id: ${id}"), want: "Flag.resource.id: leave it out"},
		{name: "template sets resourceType", mapping: replace("      status: active", "      resourceType: Flag"), want: "Flag.resource.resourceType: leave it out"},
		{name: "unknown placeholder type", mapping: replace("${person_ref:id}", "${person_ref:identifier}"), want: `Flag.resource.subject.reference: unknown type "identifier"`},
		{name: "lone dollar", mapping: replace("status: active", "status: cost $5"), want: "Flag.resource.status: a $ starts a placeholder"},
		{name: "unclosed placeholder", mapping: replace("status: active", "status: ${status"), want: "no closing }"},
		{name: "bad placeholder name", mapping: replace("status: active", "status: ${stat us}"), want: "is not a column or element name"},
		{name: "json inside a string", mapping: replace("status: active", "status: x${doc:json}"), want: "cannot be part of a longer string"},
		{name: "null", mapping: replace("status: active", "status: null"), want: "Flag.resource.status: null is not allowed"},
		{name: "empty array", mapping: replace("status: active", "category: []"), want: "Flag.resource.category: an empty array"},
		{name: "empty object", mapping: replace("status: active", "code: {}"), want: "Flag.resource.code: an empty object"},
		{name: "a number YAML reads but JSON does not", mapping: replace("status: active", "count: 0x1F"), want: "is not a JSON number"},
		{name: "not an element name", mapping: replace("status: active", "status-code: active"), want: `"status-code" is not a FHIR element name`},
		{name: "unknown directive", mapping: replace("status: active", "code: {$when: x, text: y}"), want: "unknown directive $when"},
		{name: "$each without $item", mapping: replace("status: active", "category: {$each: cats}"), want: "$each needs $item"},
		{name: "$item without $each", mapping: replace("status: active", "category: {$item: {text: x}}"), want: "$item needs $each"},
		{name: "$each with members", mapping: replace("status: active", "category: {$each: cats, $item: {text: x}, text: y}"), want: "holds only $each, $item and $if"},
		{name: "element outside $each", mapping: replace("status: active", "status: ${.}"), want: "only meaningful inside $each"},
		{name: "anchor", mapping: replace("status: active", "status: &a active\n      code: {text: *a}"), want: "anchors and aliases"},
		{name: "$if not a name", mapping: replace("status: active", "code: {$if: [], text: x}"), want: "$if: want a name or a list of names"},
		{name: "duplicate type", mapping: validMapping + "  Flag:\n    query: SELECT 1\n", want: "Flag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseMapping([]byte(tt.mapping))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("ParseMapping: %v\nwant an error mentioning %q", err, tt.want)
			}
		})
	}
}

func TestCompileNamed(t *testing.T) {
	allowed := func(n string) bool { return n == "patient" || n == "id" }
	tests := []struct {
		name  string
		query string
		want  string
		names []string
	}{
		{name: "one name twice", query: "SELECT 1 WHERE a = ANY(:patient) OR b = ANY(:patient)", want: "SELECT 1 WHERE a = ANY(($1::text[])) OR b = ANY(($1::text[]))", names: []string{"patient"}},
		{name: "two names in order", query: "SELECT :id, :patient, :id", want: "SELECT ($1::text[]), ($2::text[]), ($1::text[])", names: []string{"id", "patient"}},
		{name: "casts are not parameters", query: "SELECT x::text, y::timestamptz", want: "SELECT x::text, y::timestamptz"},
		{name: "a cast after a parameter", query: "SELECT :id::text[]", want: "SELECT ($1::text[])::text[]", names: []string{"id"}},
		{name: "string literals", query: "SELECT ':patient', 'it''s :id' FROM t", want: "SELECT ':patient', 'it''s :id' FROM t"},
		{name: "escape strings", query: `SELECT E'\' :patient', e'x' FROM t WHERE a = :id`, want: `SELECT E'\' :patient', e'x' FROM t WHERE a = ($1::text[])`, names: []string{"id"}},
		{name: "quoted identifiers", query: `SELECT ":patient" FROM "t""x"`, want: `SELECT ":patient" FROM "t""x"`},
		{name: "line comments", query: "SELECT 1 -- :patient\nFROM t", want: "SELECT 1 -- :patient\nFROM t"},
		{name: "nested block comments", query: "SELECT /* a /* :patient */ :id */ 1", want: "SELECT /* a /* :patient */ :id */ 1"},
		{name: "dollar quotes", query: "SELECT $$ :patient ; $$, $fn$ :id $fn$", want: "SELECT $$ :patient ; $$, $fn$ :id $fn$"},
		{name: "dollar in an identifier", query: "SELECT a$1 FROM t", want: "SELECT a$1 FROM t"},
		{name: "array slices", query: "SELECT a[1:2] FROM t", want: "SELECT a[1:2] FROM t"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := compileNamed(tt.query, allowed)
			if err != nil {
				t.Fatal(err)
			}
			if got.text != tt.want || strings.Join(got.names, ",") != strings.Join(tt.names, ",") {
				t.Errorf("got %q %q, want %q %q", got.text, got.names, tt.want, tt.names)
			}
		})
	}
	for _, bad := range []string{"SELECT :patients", "SELECT $1", "SELECT 1; SELECT 2", "SELECT 'x", `SELECT "x`, "SELECT $q$ x", "SELECT /* x"} {
		if _, err := compileNamed(bad, allowed); err == nil {
			t.Errorf("compileNamed(%q) accepted it", bad)
		}
	}
}

// TestMappingDocExample keeps the example at the top of MAPPING.md a
// mapping the parser accepts.
func TestMappingDocExample(t *testing.T) {
	b, err := os.ReadFile("MAPPING.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	start := strings.Index(doc, "```yaml\nversion: 1")
	if start < 0 {
		t.Fatal("MAPPING.md has no example mapping")
	}
	example := doc[start+len("```yaml\n"):]
	example = example[:strings.Index(example, "```")]
	m, err := ParseMapping([]byte(example))
	if err != nil {
		t.Fatalf("the example in MAPPING.md: %v", err)
	}
	if got := strings.Join(m.Types(), ","); got != "CarePlan,Patient" {
		t.Errorf("the example maps %s", got)
	}
}
