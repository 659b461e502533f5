package search

import (
	"errors"
	"fmt"
)

// The kinds of *Error. Every one is a client error (HTTP 400 with an
// OperationOutcome), except ErrUnknownResourceType, which is a 404 when the
// type is in the URL path.
var (
	// ErrUnknownResourceType: the resource type is not served.
	ErrUnknownResourceType = errors.New("unknown resource type")
	// ErrUnknownParameter: no such search parameter for the resource type.
	ErrUnknownParameter = errors.New("unknown search parameter")
	// ErrUnsupported: a valid parameter, modifier or feature that shcr does
	// not evaluate (phonetic matching, chaining, :in...).
	ErrUnsupported = errors.New("unsupported search")
	// ErrInvalidModifier: a modifier R4 does not allow on the parameter.
	ErrInvalidModifier = errors.New("invalid search modifier")
	// ErrInvalidValue: a value that cannot be read for the parameter's type.
	ErrInvalidValue = errors.New("invalid search value")
)

// Error is a search request problem with a message a person can act on,
// such as `invalid date "2020-13" for parameter "date": the month must be
// 01 to 12`. errors.Is matches its Kind.
type Error struct {
	Kind  error  // one of the Err* kinds above
	Param string // the query parameter name as written, modifier included ("code:text"); empty for a resource type
	Value string // the offending value, when there is one
	msg   string
}

func (e *Error) Error() string { return e.msg }

// Unwrap returns e.Kind.
func (e *Error) Unwrap() error { return e.Kind }

func newError(kind error, param, value, format string, args ...any) *Error {
	return &Error{Kind: kind, Param: param, Value: value, msg: fmt.Sprintf(format, args...)}
}
