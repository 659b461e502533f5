package audit

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"
)

// Actions recorded by shcr. Action is free text in storage; these are the
// values the facade uses.
const (
	ActionRead        = "read"
	ActionSearch      = "search"
	ActionEverything  = "everything"
	ActionCreate      = "create"
	ActionUpdate      = "update"
	ActionDenied      = "denied"
	ActionLoginFailed = "login-failed"
)

// MaxBodyBytes is the largest Event.Body accepted. An AuditEvent holds
// references only, so a larger one is a bug upstream, not a big request.
const MaxBodyBytes = 1 << 20

// Event is one audited action: who did what, for which patient, why, and
// with what outcome. Every field is stored and covered by the hash chain.
type Event struct {
	// ID identifies the event; it is the id of the FHIR AuditEvent in Body.
	// When empty, the store assigns a random UUID.
	ID string
	// Recorded is when the action happened. The store keeps microseconds in
	// UTC; when zero, the store uses the time of recording.
	Recorded time.Time
	// Action is what was attempted: one of the Action constants.
	Action string
	// Outcome is the FHIR AuditEvent outcome code: "0" success, "4" minor
	// failure, "8" serious failure, "12" major failure.
	Outcome string
	// UserID, UserRole and UserName identify the person or system that acted.
	UserID, UserRole, UserName string
	// OrgODS is the ODS code of the organisation the user acted for.
	OrgODS string
	// PatientNHS is the NHS number of the patient concerned, or empty.
	PatientNHS string
	// BreakGlass is true when access relied on an emergency override.
	BreakGlass bool
	// Purpose is the purpose of use the user declared.
	Purpose string
	// TraceID links the event to the request's trace.
	TraceID string
	// ClientID and ClientIP identify the calling application and address.
	ClientID, ClientIP string
	// Body is the FHIR AuditEvent JSON, with references only.
	Body []byte
}

// Validate reports whether e can be stored and hashed: it needs an ID, a
// Recorded time and an Action; every string must be valid UTF-8 without NUL
// bytes (PostgreSQL text cannot hold them, and the hash must cover exactly
// what is stored); Body is at most MaxBodyBytes. The error names the field,
// never its value.
func (e *Event) Validate() error {
	if e.ID == "" {
		return errors.New("audit event: id is empty")
	}
	if e.Recorded.IsZero() {
		return errors.New("audit event: recorded time is zero")
	}
	if e.Action == "" {
		return errors.New("audit event: action is empty")
	}
	for _, f := range []struct{ name, v string }{
		{"id", e.ID}, {"action", e.Action}, {"outcome", e.Outcome},
		{"user id", e.UserID}, {"user role", e.UserRole}, {"user name", e.UserName},
		{"organisation ODS code", e.OrgODS}, {"patient NHS number", e.PatientNHS},
		{"purpose", e.Purpose}, {"trace id", e.TraceID},
		{"client id", e.ClientID}, {"client IP", e.ClientIP},
	} {
		if !utf8.ValidString(f.v) {
			return fmt.Errorf("audit event: %s is not valid UTF-8", f.name)
		}
		for i := 0; i < len(f.v); i++ {
			if f.v[i] == 0 {
				return fmt.Errorf("audit event: %s contains a NUL byte", f.name)
			}
		}
	}
	if len(e.Body) > MaxBodyBytes {
		return fmt.Errorf("audit event: body is %d bytes, more than the %d allowed", len(e.Body), MaxBodyBytes)
	}
	return nil
}

// StoredEvent is an Event as stored in the chain.
type StoredEvent struct {
	Event
	// Seq is the event's position in the chain, from 1, without gaps.
	Seq int64
	// PrevHash is the Hash of the event with Seq-1 (32 zero bytes for Seq 1).
	PrevHash []byte
	// Hash is EventHash(PrevHash, Seq, &Event).
	Hash []byte
}

// Sink records audit events. Implementations must be safe for concurrent use.
//
// Record returns nil only once e is durable (committed to storage). Any error
// means it may not be; the caller must then release nothing and answer 503
// (fail closed). Record never retries on its own.
type Sink interface {
	Record(ctx context.Context, e Event) error
}

// Filter selects stored events for a search. Zero fields do not filter.
type Filter struct {
	PatientNHS string
	UserID     string
	OrgODS     string
	Action     string
	Outcome    string
	// From (inclusive) and To (exclusive) bound the Recorded time.
	From, To time.Time
	// BreakGlass, when not nil, keeps events whose BreakGlass equals it.
	BreakGlass *bool
	// Before and After are seq cursors: only events with Seq < Before (when
	// not 0) and Seq > After (when not 0) are returned. Results are newest
	// first, so the next page of a search is Before = the last Seq returned.
	Before, After int64
	// Limit caps the number of events returned: 0 means DefaultLimit, and
	// anything above MaxLimit is MaxLimit.
	Limit int
}

// Search limits.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)
