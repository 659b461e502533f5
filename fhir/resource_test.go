package fhir

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParsePeek(t *testing.T) {
	tests := []struct {
		name        string
		in          string
		wantType    string
		wantID      string
		wantPatient []string
		wantDate    string
		wantCodes   []string
		wantUpdated string
	}{
		{
			name:        "observation with effectiveDateTime",
			in:          `{"resourceType":"Observation","id":"bp1","meta":{"lastUpdated":"2024-01-02T03:04:05Z","tag":[{"system":"s","code":"t"}]},"status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},"subject":{"reference":"Patient/p1","display":"A"},"performer":[{"reference":"Practitioner/x"}],"effectiveDateTime":"2024-01-01T10:00:00+01:00"}`,
			wantType:    "Observation",
			wantID:      "bp1",
			wantPatient: []string{"Patient/p1"},
			wantDate:    "2024-01-01T09:00:00Z",
			wantCodes:   []string{"vital-signs", "85354-9"},
			wantUpdated: "2024-01-02T03:04:05Z",
		},
		{
			name:        "resourceType not first and whitespace everywhere",
			in:          " {\n \"id\" : \"c1\" ,\n \"subject\" : { \"reference\" : \"Patient/p2\" } , \"resourceType\" : \"Condition\", \"onsetPeriod\": {\"start\": \"2019-05\"} }\n",
			wantType:    "Condition",
			wantID:      "c1",
			wantPatient: []string{"Patient/p2"},
			wantDate:    "2019-05-01T00:00:00Z",
		},
		{
			name:        "appointment participants are nested",
			in:          `{"resourceType":"Appointment","id":"a1","status":"booked","start":"2025-03-04T09:30:00Z","participant":[{"actor":{"reference":"Practitioner/d1"},"status":"accepted"},{"actor":{"reference":"Patient/p3"},"status":"accepted"}]}`,
			wantType:    "Appointment",
			wantID:      "a1",
			wantPatient: []string{"Practitioner/d1", "Patient/p3"},
			wantDate:    "2025-03-04T09:30:00Z",
		},
		{
			name:        "allergy category is a list of codes",
			in:          `{"resourceType":"AllergyIntolerance","id":"al1","category":["medication"],"code":{"coding":[{"system":"http://snomed.info/sct","code":"91936005"}]},"patient":{"reference":"urn:uuid:1234"},"recordedDate":"2020"}`,
			wantType:    "AllergyIntolerance",
			wantID:      "al1",
			wantPatient: []string{"urn:uuid:1234"},
			wantDate:    "2020-01-01T00:00:00Z",
			wantCodes:   []string{"medication", "91936005"},
		},
		{
			name:     "organization has no patient link",
			in:       `{"resourceType":"Organization","id":"o1","identifier":[{"system":"https://fhir.nhs.uk/Id/ods-organization-code","value":"X1A01"}],"partOf":{"reference":"Organization/o0"}}`,
			wantType: "Organization",
			wantID:   "o1",
		},
		{
			name:        "a reference under another element is not a patient link",
			in:          `{"resourceType":"Observation","id":"o2","subject":{"identifier":{"assigner":{"reference":"Organization/x"}}},"hasMember":[{"reference":"Observation/o3"}]}`,
			wantType:    "Observation",
			wantID:      "o2",
			wantPatient: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Parse([]byte(tt.in), DefaultLimits())
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if r.Type != tt.wantType || r.ID != tt.wantID {
				t.Errorf("got %s/%s, want %s/%s", r.Type, r.ID, tt.wantType, tt.wantID)
			}
			if !slices.Equal(r.PatientRefs, tt.wantPatient) {
				t.Errorf("PatientRefs = %q, want %q", r.PatientRefs, tt.wantPatient)
			}
			gotDate := ""
			if !r.Date.IsZero() {
				gotDate = r.Date.UTC().Format(time.RFC3339)
			}
			if gotDate != tt.wantDate {
				t.Errorf("Date = %q, want %q", gotDate, tt.wantDate)
			}
			var codes []string
			for _, c := range r.Codes {
				codes = append(codes, c.Code)
			}
			if !slices.Equal(codes, tt.wantCodes) {
				t.Errorf("Codes = %q, want %q", codes, tt.wantCodes)
			}
			if r.Meta.LastUpdated != tt.wantUpdated {
				t.Errorf("Meta.LastUpdated = %q, want %q", r.Meta.LastUpdated, tt.wantUpdated)
			}
			if string(r.Raw) != tt.in {
				t.Errorf("Raw was changed")
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	deep := `{"resourceType":"Basic","extension":` + strings.Repeat(`[`, 70) + strings.Repeat(`]`, 70) + `}`
	tests := []struct {
		name    string
		in      string
		lim     Limits
		wantErr string
	}{
		{name: "duplicate top-level member", in: `{"resourceType":"Patient","id":"a","id":"b"}`, wantErr: "duplicate"},
		{name: "duplicate nested member", in: `{"resourceType":"Patient","name":[{"family":"A","family":"B"}]}`, wantErr: "duplicate"},
		{name: "duplicate nested member, one name escaped", in: `{"resourceType":"Patient","name":[{"family":"A","f\u0061mily":"B"}]}`, wantErr: "duplicate"},
		{name: "invalid UTF-8 in a nested name", in: "{\"resourceType\":\"Patient\",\"name\":[{\"fam\xffily\":\"A\"}]}", wantErr: "UTF-8"},
		{name: "lone surrogate in a nested name", in: `{"resourceType":"Patient","name":[{"fam\udc00ily":"A"}]}`, wantErr: "surrogate"},
		{name: "invalid UTF-8", in: "{\"resourceType\":\"Patient\",\"gender\":\"\xff\"}", wantErr: "UTF-8"},
		{name: "lone surrogate", in: `{"resourceType":"Patient","gender":"\ud800"}`, wantErr: "surrogate"},
		{name: "too deep", in: deep, wantErr: "nesting deeper"},
		{name: "too big", in: `{"resourceType":"Patient","id":"abcdefgh"}`, lim: Limits{MaxBytes: 20}, wantErr: "byte limit"},
		{name: "trailing value", in: `{"resourceType":"Patient"} {"resourceType":"Patient"}`, wantErr: "after the resource"},
		{name: "trailing garbage", in: `{"resourceType":"Patient"}x`, wantErr: "after the resource"},
		{name: "truncated", in: `{"resourceType":"Patient","name":[{"family":"A"}`, wantErr: "unexpected EOF"},
		{name: "empty", in: ``, wantErr: "unexpected EOF"},
		{name: "array", in: `[{"resourceType":"Patient"}]`, wantErr: "JSON object"},
		{name: "missing resourceType", in: `{"id":"a"}`, wantErr: "resourceType is missing"},
		{name: "resourceType not a name", in: `{"resourceType":"pat ient"}`, wantErr: "not a resource type name"},
		{name: "resourceType not a string", in: `{"resourceType":7}`, wantErr: "resourceType must be a string"},
		{name: "id with a slash", in: `{"resourceType":"Patient","id":"a/b"}`, wantErr: "not a FHIR id"},
		{name: "id too long", in: `{"resourceType":"Patient","id":"` + strings.Repeat("a", 65) + `"}`, wantErr: "not a FHIR id"},
		{name: "bad clinical date", in: `{"resourceType":"Observation","effectiveDateTime":"yesterday"}`, wantErr: "Observation.effectiveDateTime"},
		{name: "meta of the wrong shape", in: `{"resourceType":"Patient","meta":[]}`, wantErr: "reading meta"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lim := tt.lim
			if lim == (Limits{}) {
				lim = DefaultLimits()
			}
			_, err := Parse([]byte(tt.in), lim)
			if !errors.Is(err, ErrInvalidResource) {
				t.Fatalf("Parse error = %v, want ErrInvalidResource", err)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Parse error = %q, want it to mention %q", err, tt.wantErr)
			}
		})
	}
}
