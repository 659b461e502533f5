package fhirpath

import (
	"errors"
	"testing"
)

// FuzzCompile checks that Compile never panics, that every failure is a
// *CompileError, and that whatever compiles evaluates on real resources
// without panicking. The seeds in testdata/fuzz/FuzzCompile are R4 search
// expressions and near misses.
func FuzzCompile(f *testing.F) {
	resources := []any{
		loadExample(f, "Observation-blood-pressure"),
		loadExample(f, "Patient-example"),
		loadExample(f, "MedicationRequest-medrx0302"),
	}
	f.Fuzz(func(t *testing.T, expr string) {
		e, err := Compile(expr)
		if err != nil {
			var ce *CompileError
			if !errors.As(err, &ce) {
				t.Fatalf("Compile(%q) error %T is not a *CompileError: %v", expr, err, err)
			}
			if ce.Offset < 0 || ce.Offset > len(expr) {
				t.Fatalf("Compile(%q) error offset %d is outside the expression", expr, ce.Offset)
			}
			return
		}
		if e.String() != expr {
			t.Fatalf("String() = %q, want %q", e.String(), expr)
		}
		for _, r := range resources {
			_, _ = e.Eval(r) // must not panic; errors are fine
		}
	})
}
