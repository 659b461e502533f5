package fhirpath

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// loadExample decodes one of the R4 example resources in testdata/r4.
func loadExample(t testing.TB, name string) any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "r4", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	v, err := Decode(b)
	if err != nil {
		t.Fatalf("Decode(%s): %v", name, err)
	}
	return v
}

// show renders nodes as "Type:value" for readable expectations; complex
// values are rendered as JSON with sorted members.
func show(nodes []Node) []string {
	out := []string{}
	for _, n := range nodes {
		var v string
		switch x := n.Value.(type) {
		case string:
			v = x
		case json.Number:
			v = string(x)
		case bool:
			v = fmt.Sprint(x)
		default:
			b, err := json.Marshal(x)
			if err != nil {
				v = err.Error()
			} else {
				v = string(b)
			}
		}
		out = append(out, n.Type+":"+v)
	}
	return out
}

func TestEvalOnR4Examples(t *testing.T) {
	tests := []struct {
		name     string
		resource string
		expr     string
		want     []string
	}{
		{
			name: "simple path", resource: "Patient-example",
			expr: "Patient.gender",
			want: []string{"code:male"},
		},
		{
			name: "type name of another resource is empty", resource: "Patient-example",
			expr: "Observation.status",
			want: []string{},
		},
		{
			name: "Resource matches any resource", resource: "Patient-example",
			expr: "Resource.id",
			want: []string{"string:example"},
		},
		{
			name: "arrays flatten", resource: "Patient-example",
			expr: "Patient.name.given",
			want: []string{"string:Peter", "string:James", "string:Jim", "string:Peter", "string:James"},
		},
		{
			name: "union removes duplicates", resource: "Patient-example",
			expr: "Patient.name.given | Patient.name.family",
			want: []string{"string:Peter", "string:James", "string:Jim", "string:Chalmers", "string:Windsor"},
		},
		{
			name: "primitive extension member is not a value", resource: "Patient-example",
			expr: "Patient.birthDate",
			want: []string{"date:1974-12-25"},
		},
		{
			name: "choice element typed by member suffix", resource: "Observation-example",
			expr: "Observation.effective",
			want: []string{"dateTime:2016-03-28"},
		},
		{
			name: "as operator keeps the matching choice", resource: "Observation-example",
			expr: "(Observation.value as Quantity).value",
			want: []string{"decimal:185"},
		},
		{
			name: "as operator drops other types", resource: "Observation-example",
			expr: "Observation.value as CodeableConcept",
			want: []string{},
		},
		{
			name: "as function", resource: "Condition-example",
			expr: "Condition.onset.as(dateTime)",
			want: []string{"dateTime:2012-05-24"},
		},
		{
			name: "as System DateTime means FHIR dateTime", resource: "Condition-example",
			expr: "Condition.onset.as(DateTime) | Condition.onset.as(Period)",
			want: []string{"dateTime:2012-05-24"},
		},
		{
			name: "ofType on a collection of components", resource: "Observation-blood-pressure",
			expr: "Observation.component.value.ofType(Quantity).value",
			want: []string{"decimal:107", "decimal:60"},
		},
		{
			name: "as filters a collection rather than failing", resource: "Observation-blood-pressure",
			expr: "(Observation.component.value as Quantity).code",
			want: []string{"code:mm[Hg]", "code:mm[Hg]"},
		},
		{
			name: "backbone element children are typed", resource: "Observation-blood-pressure",
			expr: "Observation.component.code.coding.where(system = 'http://loinc.org').code",
			want: []string{"code:8480-6", "code:8462-4"},
		},
		{
			name: "where with equality", resource: "Patient-example",
			expr: "Patient.telecom.where(system='phone').value",
			want: []string{"string:(03) 5555 6473", "string:(03) 3410 5613", "string:(03) 5555 8834"},
		},
		{
			name: "where with no match", resource: "Patient-example",
			expr: "Patient.telecom.where(system='email')",
			want: []string{},
		},
		{
			name: "resolve is Type on a relative reference", resource: "Observation-example",
			expr: "Observation.subject.where(resolve() is Patient).reference",
			want: []string{"string:Patient/example"},
		},
		{
			name: "resolve is another Type", resource: "Observation-example",
			expr: "Observation.subject.where(resolve() is Group)",
			want: []string{},
		},
		{
			name: "resolve is Type on a contained reference", resource: "MedicationRequest-medrx0302",
			expr: "MedicationRequest.medication.where(resolve() is Medication).reference",
			want: []string{"string:#med0320"},
		},
		{
			name: "resolve is supertype", resource: "Observation-example",
			expr: "Observation.subject.where(resolve() is DomainResource).reference",
			want: []string{"string:Patient/example"},
		},
		{
			name: "reference union of several paths", resource: "Appointment-example",
			expr: "Appointment.participant.actor.where(resolve() is Practitioner).reference",
			want: []string{"string:Practitioner/example"},
		},
		{
			name: "deceased expression: exists and not false", resource: "Patient-example",
			expr: "Patient.deceased.exists() and Patient.deceased != false",
			want: []string{"boolean:false"},
		},
		{
			name: "exists on empty", resource: "Encounter-example",
			expr: "Encounter.period.exists()",
			want: []string{"boolean:false"},
		},
		{
			name: "exists with criteria", resource: "Patient-example",
			expr: "Patient.name.exists(use = 'maiden')",
			want: []string{"boolean:true"},
		},
		{
			name: "is operator", resource: "Observation-example",
			expr: "Observation.value is Quantity",
			want: []string{"boolean:true"},
		},
		{
			name: "is function follows the type hierarchy", resource: "Patient-example",
			expr: "Patient.gender.is(string)",
			want: []string{"boolean:true"},
		},
		{
			name: "extension by url", resource: "Patient-example",
			expr: "Patient.contact.name.extension('http://example.org/none')",
			want: []string{},
		},
		{
			name: "contained resources take their resourceType", resource: "CarePlan-example",
			expr: "CarePlan.contained.code.text",
			want: []string{"string:Obesity"},
		},
		{
			name: "decimal keeps its literal", resource: "Immunization-example",
			expr: "Immunization.doseQuantity.value",
			want: []string{"decimal:5"},
		},
		{
			name: "boolean literal equality", resource: "Immunization-example",
			expr: "Immunization.primarySource = true",
			want: []string{"boolean:true"},
		},
		{
			name: "equality with empty is empty", resource: "Immunization-example",
			expr: "Immunization.statusReason = 'x'",
			want: []string{},
		},
		{
			name: "and with false short-circuits empty", resource: "Encounter-example",
			expr: "Encounter.period.exists() and Encounter.length = 'x'",
			want: []string{"boolean:false"},
		},
		{
			name: "and with empty is empty", resource: "Encounter-example",
			expr: "Encounter.class.exists() and Encounter.length = 'x'",
			want: []string{},
		},
		{
			name: "content reference keeps backbone typing", resource: "AuditEvent-example",
			expr: "AuditEvent.agent.network.address",
			want: []string{"string:127.0.0.1", "string:Workstation1.ehr.familyclinic.com"},
		},
		{
			name: "escaped string literal", resource: "Medication-med0301",
			expr: `Medication.code.coding.where(display = 'Vancomycin Hydrochloride (VANCOMYCIN HYDROCHLORIDE)').code`,
			want: []string{"code:0069-2587-10"},
		},
		{
			name: "choice element in a backbone element", resource: "Medication-med0301",
			expr: "(Medication.ingredient.item as CodeableConcept).coding.code",
			want: []string{"code:66955"},
		},
		{
			name: "document reference period is in a backbone element", resource: "DocumentReference-example",
			expr: "DocumentReference.context.period.start",
			want: []string{"dateTime:2004-12-23T08:00:00+11:00"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Compile(tt.expr)
			if err != nil {
				t.Fatalf("Compile(%q) error = %v", tt.expr, err)
			}
			nodes, err := e.Eval(loadExample(t, tt.resource))
			if err != nil {
				t.Fatalf("Eval(%q) error = %v", tt.expr, err)
			}
			if got := show(nodes); !slices.Equal(got, tt.want) {
				t.Errorf("Eval(%q) on %s\n got %q\nwant %q", tt.expr, tt.resource, got, tt.want)
			}
		})
	}
}

func TestEvalHandWritten(t *testing.T) {
	tests := []struct {
		name     string
		resource string
		expr     string
		want     []string
	}{
		{
			name:     "absolute reference names its type",
			resource: `{"resourceType":"Observation","subject":{"reference":"https://example.org/fhir/Patient/1/_history/2"}}`,
			expr:     "Observation.subject.where(resolve() is Patient).reference",
			want:     []string{"string:https://example.org/fhir/Patient/1/_history/2"},
		},
		{
			name:     "only the type segment counts, not any /Patient/ in the URL",
			resource: `{"resourceType":"Observation","subject":{"reference":"https://example.org/Patient/x/Group/1"}}`,
			expr:     "Observation.subject.where(resolve() is Patient)",
			want:     []string{},
		},
		{
			name:     "urn:uuid reference resolves to nothing",
			resource: `{"resourceType":"Observation","subject":{"reference":"urn:uuid:5d6e3b1c-9c7e-4f5a-8f5e-1d2c3b4a5f6e"}}`,
			expr:     "Observation.subject.where(resolve() is Patient)",
			want:     []string{},
		},
		{
			name:     "Reference.type when the reference is only an identifier",
			resource: `{"resourceType":"Observation","subject":{"type":"Patient","identifier":{"value":"1"}}}`,
			expr:     "Observation.subject.where(resolve() is Patient).type",
			want:     []string{"uri:Patient"},
		},
		{
			name:     "deceased dateTime is not false",
			resource: `{"resourceType":"Patient","deceasedDateTime":"2015-02-14T13:42:00+10:00"}`,
			expr:     "Patient.deceased.exists() and Patient.deceased != false",
			want:     []string{"boolean:true"},
		},
		{
			name:     "deceased true",
			resource: `{"resourceType":"Patient","deceasedBoolean":true}`,
			expr:     "Patient.deceased.exists() and Patient.deceased != false",
			want:     []string{"boolean:true"},
		},
		{
			name:     "deceased absent",
			resource: `{"resourceType":"Patient"}`,
			expr:     "Patient.deceased.exists() and Patient.deceased != false",
			want:     []string{"boolean:false"},
		},
		{
			name:     "decimal equality by value keeps the literal",
			resource: `{"resourceType":"Observation","valueQuantity":{"value":1.50}}`,
			expr:     "Observation.value.value",
			want:     []string{"decimal:1.50"},
		},
		{
			name:     "null placeholders in primitive arrays are skipped",
			resource: `{"resourceType":"Patient","name":[{"given":[null,"B"],"_given":[{"id":"a"},null]}]}`,
			expr:     "Patient.name.given",
			want:     []string{"string:B"},
		},
		{
			name:     "unknown member is untyped",
			resource: `{"resourceType":"Patient","colour":"blue"}`,
			expr:     "Patient.colour",
			want:     []string{":blue"},
		},
		{
			name:     "choice element in an extension",
			resource: `{"resourceType":"Patient","extension":[{"url":"u","valueCodeableConcept":{"text":"t"}}]}`,
			expr:     "Patient.extension('u').value.as(CodeableConcept).text",
			want:     []string{"string:t"},
		},
		{
			name:     "Bundle entry resources are typed",
			resource: `{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Patient","gender":"female"}}]}`,
			expr:     "Bundle.entry.resource.gender",
			want:     []string{"code:female"},
		},
		{
			name:     "nested content reference",
			resource: `{"resourceType":"Questionnaire","item":[{"linkId":"1","item":[{"linkId":"1.1","type":"string"}]}]}`,
			expr:     "Questionnaire.item.item.type",
			want:     []string{"code:string"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Decode([]byte(tt.resource))
			if err != nil {
				t.Fatal(err)
			}
			e, err := Compile(tt.expr)
			if err != nil {
				t.Fatalf("Compile(%q) error = %v", tt.expr, err)
			}
			nodes, err := e.Eval(r)
			if err != nil {
				t.Fatalf("Eval(%q) error = %v", tt.expr, err)
			}
			if got := show(nodes); !slices.Equal(got, tt.want) {
				t.Errorf("Eval(%q)\n got %q\nwant %q", tt.expr, got, tt.want)
			}
		})
	}
}

func TestEvalErrors(t *testing.T) {
	tests := []struct {
		name     string
		resource string
		expr     string
		wantErr  string
	}{
		{
			name:     "type test on a value the model does not describe",
			resource: `{"resourceType":"Patient","colour":"blue"}`,
			expr:     "Patient.colour as string",
			wantErr:  "cannot tell the FHIR type",
		},
		{
			name:     "is needs a single item",
			resource: `{"resourceType":"Patient","name":[{"family":"a"},{"family":"b"}]}`,
			expr:     "Patient.name is HumanName",
			wantErr:  "needs a single item, got 2",
		},
		{
			name:     "where criteria must be a single boolean",
			resource: `{"resourceType":"Patient","name":[{"given":["a","b"]}]}`,
			expr:     "Patient.name.where(given)",
			wantErr:  "expected a single boolean",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Decode([]byte(tt.resource))
			if err != nil {
				t.Fatal(err)
			}
			e, err := Compile(tt.expr)
			if err != nil {
				t.Fatalf("Compile(%q) error = %v", tt.expr, err)
			}
			got, err := e.Eval(r)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Eval(%q) = %v, %v; want an error containing %q", tt.expr, show(got), err, tt.wantErr)
			}
		})
	}
}

func TestEvalRefusesFloat64(t *testing.T) {
	r := map[string]any{"resourceType": "Observation", "valueQuantity": map[string]any{"value": 1.5}}
	e, err := Compile("Observation.value.value = Observation.value.value")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := e.Eval(r); err == nil {
		t.Fatalf("Eval on float64 = %v, want an error", show(got))
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name        string
		expr        string
		unsupported bool
		want        string // part of the message that names the construct
	}{
		{name: "other function", expr: "Patient.name.first()", unsupported: true, want: "function first()"},
		{name: "or", expr: "Patient.active or Patient.deceased", unsupported: true, want: "operator 'or'"},
		{name: "implies", expr: "Patient.active implies Patient.deceased", unsupported: true, want: "operator 'implies'"},
		{name: "less than", expr: "Patient.birthDate < Patient.deceased", unsupported: true, want: "operator '<'"},
		{name: "plus", expr: "Patient.a + Patient.b", unsupported: true, want: "operator '+'"},
		{name: "string concatenation", expr: "Patient.a & Patient.b", unsupported: true, want: "operator '&'"},
		{name: "equivalence", expr: "Patient.a ~ 'x'", unsupported: true, want: "operator '~'"},
		{name: "membership", expr: "Patient.a in Patient.b", unsupported: true, want: "operator 'in'"},
		{name: "indexer", expr: "Bundle.entry[0].resource", unsupported: true, want: "indexer '[]'"},
		{name: "number literal", expr: "Patient.a = 1", unsupported: true, want: "number literal 1"},
		{name: "date literal", expr: "Patient.birthDate = @2020-01-01", unsupported: true, want: "date/time literal @2020-01-01"},
		{name: "this", expr: "Patient.name.where($this.use = 'x')", unsupported: true, want: "variable $this"},
		{name: "environment variable", expr: "%resource.id", unsupported: true, want: "environment variable %resource"},
		{name: "resolve alone", expr: "Observation.subject.resolve()", unsupported: true, want: "resolve() other than in the form resolve() is Type"},
		{name: "resolve then navigate", expr: "Observation.subject.resolve().name", unsupported: true, want: "resolve()"},
		{name: "unary minus", expr: "-Patient.a", unsupported: true, want: "unary operator '-'"},
		{name: "empty collection", expr: "{}", unsupported: true, want: "empty collection literal {}"},
		{name: "extension with non-literal", expr: "Patient.extension(Patient.id)", unsupported: true, want: "extension() with an argument other than a string literal"},
		{name: "comment", expr: "Patient.id // x", unsupported: true, want: "comments"},
		{name: "unknown type", expr: "Observation.value as Quantitty", want: `unknown FHIR type "Quantitty"`},
		{name: "unknown leading type", expr: "Patiant.name", want: `unknown FHIR type "Patiant"`},
		{name: "unbalanced parenthesis", expr: "(Patient.name", want: `expected ")"`},
		{name: "trailing dot", expr: "Patient.", want: "expected a name after '.'"},
		{name: "unterminated string", expr: "Patient.name.where(use = 'x)", want: "unterminated string"},
		{name: "juxtaposed names", expr: "Patient.name given", want: `unexpected "given"`},
		{name: "empty", expr: "", want: "unexpected end of expression"},
		{name: "bad character", expr: "Patient.name ^ x", want: "unexpected character '^'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Compile(tt.expr)
			var ce *CompileError
			if !errors.As(err, &ce) {
				t.Fatalf("Compile(%q) = %v, %v; want a *CompileError", tt.expr, got, err)
			}
			if errors.Is(err, ErrUnsupported) != tt.unsupported || errors.Is(err, ErrSyntax) == tt.unsupported {
				t.Errorf("Compile(%q) error = %v; unsupported %v, want %v", tt.expr, err, ce.Unsupported, tt.unsupported)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Compile(%q) error = %q, want it to contain %q", tt.expr, err, tt.want)
			}
		})
	}
}

func TestCompileLimits(t *testing.T) {
	long := strings.Repeat("a.", MaxExprLen) + "a"
	if _, err := Compile(long); !errors.Is(err, ErrSyntax) {
		t.Errorf("Compile(%d bytes) error = %v, want ErrSyntax", len(long), err)
	}
	deep := strings.Repeat("(", maxNesting+1) + "a" + strings.Repeat(")", maxNesting+1)
	if _, err := Compile(deep); !errors.Is(err, ErrSyntax) {
		t.Errorf("Compile(%d nested parentheses) error = %v, want ErrSyntax", maxNesting+1, err)
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantErr bool
	}{
		{name: "object", in: `{"a":[1,"x",true,null,{"b":1.50}]}`},
		{name: "duplicate member", in: `{"a":1,"a":2}`, wantErr: true},
		{name: "invalid UTF-8", in: "{\"a\":\"\xff\"}", wantErr: true},
		{name: "lone surrogate", in: `{"a":"\ud800"}`, wantErr: true},
		{name: "trailing data", in: `{} {}`, wantErr: true},
		{name: "truncated", in: `{"a":[1,2`, wantErr: true},
		{name: "too deep", in: strings.Repeat("[", MaxDepth+2) + strings.Repeat("]", MaxDepth+2), wantErr: true},
		{name: "deep but allowed", in: strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode([]byte(tt.in))
			if (err != nil) != tt.wantErr {
				t.Errorf("Decode(%.40q) error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			// DecodeValid differs only in not looking for duplicates.
			valid, verr := DecodeValid([]byte(tt.in))
			if tt.name == "duplicate member" {
				if verr != nil || !reflect.DeepEqual(valid, map[string]any{"a": json.Number("2")}) {
					t.Errorf("DecodeValid(%q) = %v, %v; want the last member", tt.in, valid, verr)
				}
				return
			}
			if (verr != nil) != tt.wantErr || !reflect.DeepEqual(valid, got) {
				t.Errorf("DecodeValid(%.40q) = %v, %v; Decode gave %v, %v", tt.in, valid, verr, got, err)
			}
		})
	}
}

func TestDecodeKeepsDecimalLiterals(t *testing.T) {
	v, err := Decode([]byte(`{"v":[0.10, 1e2, -3, 12345678901234567890.123456789]}`))
	if err != nil {
		t.Fatal(err)
	}
	got := v.(map[string]any)["v"].([]any)
	want := []any{json.Number("0.10"), json.Number("1e2"), json.Number("-3"), json.Number("12345678901234567890.123456789")}
	if !slices.Equal(got, want) {
		t.Errorf("Decode numbers = %v, want %v", got, want)
	}
}

func TestEvalIsSafeForConcurrentUse(t *testing.T) {
	e, err := Compile("Observation.component.code.coding.where(system = 'http://loinc.org').code | Observation.subject.where(resolve() is Patient)")
	if err != nil {
		t.Fatal(err)
	}
	r := loadExample(t, "Observation-blood-pressure")
	want, err := e.Eval(r)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan []Node)
	for range 8 {
		go func() {
			got, _ := e.Eval(r)
			done <- got
		}()
	}
	for range 8 {
		if got := <-done; !slices.Equal(show(got), show(want)) {
			t.Errorf("concurrent Eval = %q, want %q", show(got), show(want))
		}
	}
}

func TestResultTypes(t *testing.T) {
	tests := []struct {
		name    string
		expr    string
		context string
		want    []string
		wantOK  bool
	}{
		{name: "choice element", expr: "Observation.effective", context: "Observation", want: []string{"Period", "Timing", "dateTime", "instant"}, wantOK: true},
		{name: "as narrows a choice", expr: "(Observation.value as Quantity) | (Observation.value as SampledData)", context: "Observation", want: []string{"Quantity", "SampledData"}, wantOK: true},
		{name: "backbone path", expr: "Observation.component.code", context: "Observation", want: []string{"CodeableConcept"}, wantOK: true},
		{name: "where keeps the type", expr: "Patient.telecom.where(system='email')", context: "Patient", want: []string{"ContactPoint"}, wantOK: true},
		{name: "resolve is keeps the reference", expr: "Observation.subject.where(resolve() is Patient)", context: "Observation", want: []string{"Reference"}, wantOK: true},
		{name: "boolean expression", expr: "Patient.deceased.exists() and Patient.deceased != false", context: "Patient", want: []string{"boolean"}, wantOK: true},
		{name: "inherited element", expr: "Resource.meta.lastUpdated", context: "Observation", want: []string{"instant"}, wantOK: true},
		{name: "other resource type is empty", expr: "Patient.name", context: "Observation", want: nil, wantOK: true},
		{name: "backbone element by its path", expr: "Observation | Observation.component", context: "Observation", want: []string{"Observation", "Observation.component"}, wantOK: true},
		{name: "relative to a backbone element", expr: "value.as(Quantity)", context: "Observation.component", want: []string{"Quantity"}, wantOK: true},
		{name: "unknown element", expr: "Patient.colour", context: "Patient", wantOK: false},
		{name: "unknown context", expr: "name", context: "Nothing", wantOK: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Compile(tt.expr)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := e.ResultTypes(tt.context)
			if ok != tt.wantOK || !slices.Equal(got, tt.want) {
				t.Errorf("ResultTypes(%q) on %s = %q, %v; want %q, %v", tt.expr, tt.context, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}
