package audit

import (
	"strings"
	"testing"
	"time"

	"github.com/shcr/shcr/fhir"
)

func TestRequestEventIsValidFHIRWithReferencesOnly(t *testing.T) {
	v, err := fhir.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	recorded := time.Date(2026, 6, 1, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		name string
		req  Request
		want []string // fragments of the AuditEvent JSON
	}{
		{
			name: "a break-glass $everything",
			req: Request{ID: "r1", Recorded: recorded, Action: ActionEverything, Interaction: "operation", Outcome: "0",
				UserID: "dr-jones", UserName: "Dr Jones", UserRole: "clinician", OrgODS: "X1A01", OrgName: "Riverside Surgery",
				ClientID: "ehr", TokenID: "jti-1", ClientIP: "10.0.0.7", Authenticated: true, Patient: "9990000018",
				ResourceType: "Patient", Operation: "$everything", Returned: 12, Purpose: "ETREAT", BreakGlass: true,
				BreakGlassReason: "patient unconscious in the surgery", Decision: "break-glass",
				Sources: []SourceResult{{ID: "gp", ODS: "X1A01", Name: "Riverside Surgery", Status: "ok", Returned: 12}}},
			want: []string{`BasicAudit.PatientQuery"`, `"code":"ETREAT"`, `"Break-glass: patient unconscious in the surgery"`, `"value":"dr-jones"`, `"Patient/9990000018"`, `"returned","valueString":"12"`},
		},
		{
			name: "a read",
			req:  Request{ID: "r2", Recorded: recorded, Action: ActionRead, Interaction: "read", Outcome: "0", UserID: "u", UserRole: "patient", Authenticated: true, Patient: "9990000018", ResourceType: "Observation", Returned: 1},
			want: []string{`BasicAudit.PatientRead"`, `"action":"R"`},
		},
		{
			name: "a refused search records parameter names only",
			req: Request{ID: "r3", Recorded: recorded, Action: ActionSearch, Interaction: "search-type", Outcome: "4", OutcomeText: "denied: no-relationship",
				UserID: "u", UserRole: "clinician", Authenticated: true, Patient: "9990000018", ResourceType: "Observation", Params: []string{"code", "date"}},
			want: []string{`"outcome":"4"`, `"denied: no-relationship"`, `[code date]`},
		},
		{
			name: "a failed token",
			req:  Request{ID: "r4", Recorded: recorded, Action: ActionLoginFailed, Outcome: "4", OutcomeText: "the token has expired", ClientIP: "10.0.0.8"},
			want: []string{`"unauthenticated"`, `"login-failed"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := tt.req.Event()
			if err != nil {
				t.Fatal(err)
			}
			if err := v.Validate(e.Body); err != nil {
				t.Fatalf("not valid FHIR R4: %v\n%s", err, e.Body)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(e.Body), w) {
					t.Errorf("AuditEvent lacks %s:\n%s", w, e.Body)
				}
			}
			if e.ID != tt.req.ID || e.PatientNHS != tt.req.Patient || e.BreakGlass != tt.req.BreakGlass {
				t.Errorf("event columns %+v", e)
			}
			view, err := PatientView(e.Body)
			if err != nil {
				t.Fatal(err)
			}
			for _, hidden := range []string{"dr-jones", "jti-1", "10.0.0.7", `"ehr"`, "break-glass\"", "[code date]"} {
				if strings.Contains(string(view), hidden) {
					t.Errorf("the patient's view shows %s:\n%s", hidden, view)
				}
			}
			if err := v.Validate(view); err != nil {
				t.Fatalf("the patient's view is not valid FHIR R4: %v\n%s", err, view)
			}
		})
	}
}

// BenchmarkRequestEvent is the CPU cost of building one request's
// AuditEvent (the hash and the database write are measured by the store's
// BenchmarkRecord).
func BenchmarkRequestEvent(b *testing.B) {
	r := Request{ID: "r1", Recorded: time.Now(), Action: ActionEverything, Interaction: "operation", Outcome: "0",
		UserID: "dr-jones", UserName: "Dr Jones", UserRole: "clinician", OrgODS: "X1A01", OrgName: "Riverside Surgery",
		ClientID: "ehr", TokenID: "jti-1", ClientIP: "10.0.0.7", Authenticated: true, Patient: "9990000018",
		ResourceType: "Patient", Operation: "$everything", Returned: 240, Purpose: "TREAT",
		Sources: []SourceResult{{ID: "gp", ODS: "X1A01", Name: "Riverside Surgery", Status: "ok", Returned: 107},
			{ID: "acute", ODS: "X2B02", Name: "City General Hospital", Status: "ok", Returned: 87},
			{ID: "council", ODS: "X3C03", Name: "Riverside Council", Status: "ok", Returned: 46}}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Event(); err != nil {
			b.Fatal(err)
		}
	}
}
