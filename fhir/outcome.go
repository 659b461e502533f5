package fhir

import (
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Issue is one OperationOutcome.issue.
type Issue struct {
	// Severity is fatal, error, warning or information.
	Severity string `json:"severity"`
	// Code is the FHIR IssueType: invalid, not-found, forbidden, security,
	// login, not-supported, processing, transient, timeout, incomplete,
	// exception, ...
	Code string `json:"code"`
	// Details carries a coded reason and its text for machines and people.
	Details *Concept `json:"details,omitempty"`
	// Diagnostics is the message for a person: what went wrong and what to
	// do about it. It never contains clinical content.
	Diagnostics string   `json:"diagnostics,omitempty"`
	Expression  []string `json:"expression,omitempty"`
}

// Concept is a CodeableConcept.
type Concept struct {
	Coding []Coding `json:"coding,omitempty"`
	Text   string   `json:"text,omitempty"`
}

// Severities and the issue types shcr uses.
const (
	SeverityFatal       = "fatal"
	SeverityError       = "error"
	SeverityWarning     = "warning"
	SeverityInformation = "information"

	IssueInvalid      = "invalid"
	IssueNotFound     = "not-found"
	IssueForbidden    = "forbidden"
	IssueSecurity     = "security"
	IssueLogin        = "login"
	IssueNotSupported = "not-supported"
	IssueProcessing   = "processing"
	IssueTransient    = "transient"
	IssueTimeout      = "timeout"
	IssueIncomplete   = "incomplete"
	IssueException    = "exception"
	IssueValue        = "value"
	IssueRequired     = "required"
	IssueSuppressed   = "suppressed"
	IssueTooCostly    = "too-costly"
)

// OperationOutcome returns the JSON of an OperationOutcome resource.
func OperationOutcome(id string, issues ...Issue) []byte {
	oo := struct {
		ResourceType string  `json:"resourceType"`
		ID           string  `json:"id,omitempty"`
		Issue        []Issue `json:"issue"`
	}{"OperationOutcome", id, issues}
	if len(oo.Issue) == 0 {
		oo.Issue = []Issue{{Severity: SeverityInformation, Code: "informational", Diagnostics: "All OK"}}
	}
	// Diagnostics may quote what a client sent; invalid UTF-8 in it is
	// replaced rather than allowed to fail the error response itself.
	b, err := json.Marshal(oo, jsontext.AllowInvalidUTF8(true))
	if err != nil {
		// Only strings are marshalled, so this cannot happen; a fixed
		// outcome is still better than an empty body.
		return []byte(`{"resourceType":"OperationOutcome","issue":[{"severity":"fatal","code":"exception"}]}`)
	}
	return b
}
