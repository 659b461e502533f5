package fhir

import (
	"strings"
	"testing"
	"time"
)

func TestBundleAppendJSON(t *testing.T) {
	total := 2
	tests := []struct {
		name string
		b    Bundle
		want string
	}{
		{
			name: "searchset with links and modes",
			b: Bundle{
				ID: "b1", Type: "searchset", LastUpdated: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Total: &total,
				Links: []Link{{Relation: "self", URL: "https://x/fhir/Observation?patient=1&a=\"b\""}},
				Entries: []Entry{
					{FullURL: "https://x/fhir/Observation/gp.1", Resource: []byte(`{"resourceType":"Observation","id":"gp.1"}`), Mode: ModeMatch},
					{Resource: []byte(`{"resourceType":"OperationOutcome"}`), Mode: ModeOutcome},
				},
			},
			want: `{"resourceType":"Bundle","id":"b1","meta":{"lastUpdated":"2026-01-02T03:04:05Z"},"type":"searchset","total":2,"link":[{"relation":"self","url":"https://x/fhir/Observation?patient=1\u0026a=\"b\""}],"entry":[{"fullUrl":"https://x/fhir/Observation/gp.1","resource":{"resourceType":"Observation","id":"gp.1"},"search":{"mode":"match"}},{"resource":{"resourceType":"OperationOutcome"},"search":{"mode":"outcome"}}]}`,
		},
		{
			name: "empty collection",
			b:    Bundle{Type: "collection"},
			want: `{"resourceType":"Bundle","type":"collection"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(tt.b.AppendJSON(nil))
			// The JSON writer may or may not escape '&'; compare values.
			if !jsonEqual(t, []byte(got), []byte(tt.want)) {
				t.Fatalf("AppendJSON =\n%s\nwant\n%s", got, tt.want)
			}
			// A Bundle is written into one allocation of about its size,
			// not grown by copying.
			if n := testing.AllocsPerRun(10, func() { tt.b.AppendJSON(nil) }); n > 1 {
				t.Errorf("AppendJSON allocates %v times, want 1", n)
			}
			if size := tt.b.size(); size < len(got) {
				t.Errorf("size() = %d, less than the %d bytes written", size, len(got))
			}
		})
	}
}

func TestOperationOutcome(t *testing.T) {
	got := string(OperationOutcome("e1", Issue{Severity: SeverityError, Code: IssueInvalid, Diagnostics: "bad \xff value", Expression: []string{"Patient.id"}}))
	want := `{"resourceType":"OperationOutcome","id":"e1","issue":[{"severity":"error","code":"invalid","diagnostics":"bad \ufffd value","expression":["Patient.id"]}]}`
	if !jsonEqual(t, []byte(got), []byte(want)) {
		t.Fatalf("OperationOutcome =\n%s\nwant\n%s", got, want)
	}
	if !strings.Contains(string(OperationOutcome("")), `"informational"`) {
		t.Fatal("an outcome with no issues must still carry one issue")
	}
}
