package fhirpath

import (
	"errors"
	"fmt"
)

// ErrUnsupported is wrapped by a CompileError for an expression that is
// valid FHIRPath but uses something outside the supported subset, so that a
// caller can tell "we cannot evaluate this" from "this is not FHIRPath".
var ErrUnsupported = errors.New("not in the supported FHIRPath subset")

// ErrSyntax is wrapped by a CompileError for an expression that is not
// valid FHIRPath.
var ErrSyntax = errors.New("FHIRPath syntax error")

// CompileError says what in an expression could not be compiled and where.
type CompileError struct {
	Expr   string // the whole expression
	Offset int    // byte offset of the construct in Expr
	// Construct names what is unsupported ("function first()", "operator
	// '<'") or describes the syntax error.
	Construct   string
	Unsupported bool
}

func (e *CompileError) Error() string {
	if e.Unsupported {
		return fmt.Sprintf("compiling FHIRPath %q: %s at offset %d is not supported", e.Expr, e.Construct, e.Offset)
	}
	return fmt.Sprintf("compiling FHIRPath %q: %s at offset %d", e.Expr, e.Construct, e.Offset)
}

// Unwrap returns ErrUnsupported or ErrSyntax.
func (e *CompileError) Unwrap() error {
	if e.Unsupported {
		return ErrUnsupported
	}
	return ErrSyntax
}

func unsupportedAt(src string, pos int, construct string) *CompileError {
	return &CompileError{Expr: src, Offset: pos, Construct: construct, Unsupported: true}
}

func syntaxAt(src string, pos int, msg string) *CompileError {
	return &CompileError{Expr: src, Offset: pos, Construct: msg}
}
