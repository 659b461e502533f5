// Package adapters is the contract between the federation engine and the
// systems organisations keep their records in (DESIGN §2, §5). Each kind of
// system has its own package under adapters/ implementing Source; the engine
// depends only on this package, never on a kind.
//
// A Source applies what it can of a query and says what it did not apply
// (the residual), which the engine then evaluates itself, so a source never
// silently ignores a filter. Sources return their own raw errors; the engine
// classifies each once through Source.Code.
package adapters

import (
	"context"
	"errors"

	"github.com/shcr/shcr/fhir"
)

// Source is one organisation's records. Implementations must be safe for
// concurrent use by many requests and must honour ctx: when it is done, they
// stop work and return promptly with an error for which Code gives Canceled
// or DeadlineExceeded.
type Source interface {
	// Describe reports what the source can answer. The engine calls it at
	// startup and on refresh, never on a request's path.
	Describe(ctx context.Context) (Capabilities, error)

	// Search returns every resource matching q. Resources must be parsed
	// strictly (fhir.Parse) and are treated by the engine as untrusted: it
	// checks each belongs to the requested patient.
	Search(ctx context.Context, q Query) (*Result, error)

	// Code classifies an error returned by this source's methods.
	Code(err error) Code
}

// Reader is implemented by sources that can fetch one resource by its local
// id more cheaply than a search for _id.
type Reader interface {
	// Read returns the resource, or an error for which Code gives NotFound.
	Read(ctx context.Context, resourceType, id string) (*fhir.Resource, error)
}

// Capabilities says which resource types a source holds and which search
// parameters it applies itself for each.
type Capabilities struct {
	// Types maps each resource type the source can return to what it can
	// do with it.
	Types map[string]TypeCapabilities
}

// Serves reports whether the source holds resources of resourceType.
func (c Capabilities) Serves(resourceType string) bool {
	_, ok := c.Types[resourceType]
	return ok
}

// TypeCapabilities lists the search parameters (codes with any modifier, e.g.
// "code", "code:not") a source applies for one resource type.
type TypeCapabilities struct {
	SearchParams []string
}

// Supports reports whether the source applies the parameter name (a code,
// optionally with a modifier) itself.
func (t TypeCapabilities) Supports(name string) bool {
	for _, p := range t.SearchParams {
		if p == name {
			return true
		}
	}
	return false
}

// Query is one question to a source. Patient-scoped queries name the patient
// by the source's own local ids, which the engine resolved from the NHS
// number beforehand.
type Query struct {
	// Type is the resource type searched for. It is empty when Compartment
	// is set.
	Type string

	// Patients are the local ids of the patient at this source (a source
	// may hold more than one record for one person). Required for every
	// type in the patient compartment.
	Patients []string

	// Compartment asks for everything in the patients' compartments plus
	// the resources those reference that are outside any compartment
	// (Organization, Practitioner, Medication, ...), as Patient/$everything
	// needs. Types, when set, narrows it to those types.
	Compartment bool
	Types       []string

	// Params are the search parameters to apply, in the order the client
	// gave them. A source applies those it declared in Capabilities and
	// returns the rest in Result.Residual.
	Params []Param
}

// Param is one search parameter as FHIR writes it in a query string: a name
// with an optional modifier ("code", "code:not") and a value whose commas
// separate alternatives.
type Param struct {
	Name  string
	Value string
}

// Result is a source's answer.
type Result struct {
	// Resources are the matches, in any order.
	Resources []*fhir.Resource
	// Residual holds the parameters of the query that the source did not
	// apply; the engine filters the resources by them.
	Residual []Param
	// Truncated is set when the source stopped early (a page cap, a size
	// cap) so the answer is known to be incomplete.
	Truncated bool
}

// Code classifies a source error so the engine can decide what to tell the
// client without knowing the source's kind.
type Code int

// The error codes. The zero Code is Unknown.
const (
	// Unknown is an error the source could not classify; the engine treats
	// it as a failure of that source.
	Unknown Code = iota
	// NotFound: the resource or patient does not exist at the source.
	NotFound
	// InvalidArgument: the query cannot be asked of this source (a bug in
	// the caller or an unsupported combination).
	InvalidArgument
	// Unavailable: the source could not be reached or refused service for
	// now (down, overloaded, circuit open); trying later may work.
	Unavailable
	// DeadlineExceeded: the source did not answer within its time.
	DeadlineExceeded
	// Canceled: the request was cancelled by the client.
	Canceled
	// PermissionDenied: the source refused shcr's credentials or purpose.
	PermissionDenied
	// BadResponse: the source answered with something that is not valid
	// FHIR, or too much of it.
	BadResponse
	// Unimplemented: the source does not support the operation.
	Unimplemented
	// LoopDetected: the source is a shared care record the request has
	// already passed through; asking it again would go round in a circle.
	// It is not a failure: that record's part is already in the answer.
	LoopDetected
)

var codeNames = [...]string{
	Unknown:          "unknown",
	NotFound:         "not-found",
	InvalidArgument:  "invalid-argument",
	Unavailable:      "unavailable",
	DeadlineExceeded: "deadline-exceeded",
	Canceled:         "canceled",
	PermissionDenied: "permission-denied",
	BadResponse:      "bad-response",
	Unimplemented:    "unimplemented",
	LoopDetected:     "loop-detected",
}

// String returns the code's name, as used in metric labels and outcomes.
func (c Code) String() string {
	if c >= 0 && int(c) < len(codeNames) {
		return codeNames[c]
	}
	return "unknown"
}

// Errors adapters may return (wrapped) so that CommonCode classifies them.
var (
	ErrNotFound      = errors.New("not found")
	ErrInvalidQuery  = errors.New("invalid query")
	ErrUnavailable   = errors.New("source unavailable")
	ErrBadResponse   = errors.New("bad response from source")
	ErrUnimplemented = errors.New("not implemented by this source")
	ErrDenied        = errors.New("denied by source")
	ErrLoop          = errors.New("the source has already seen this request")
)

// CommonCode classifies the errors every adapter shares: context
// cancellation and the sentinel errors above. Adapters call it from their
// Code method after their own kind-specific checks.
func CommonCode(err error) Code {
	switch {
	case err == nil:
		return Unknown
	case errors.Is(err, context.Canceled):
		return Canceled
	case errors.Is(err, context.DeadlineExceeded):
		return DeadlineExceeded
	case errors.Is(err, ErrNotFound):
		return NotFound
	case errors.Is(err, ErrInvalidQuery):
		return InvalidArgument
	case errors.Is(err, ErrUnavailable):
		return Unavailable
	case errors.Is(err, ErrBadResponse):
		return BadResponse
	case errors.Is(err, ErrUnimplemented):
		return Unimplemented
	case errors.Is(err, ErrDenied):
		return PermissionDenied
	case errors.Is(err, ErrLoop):
		return LoopDetected
	}
	return Unknown
}
