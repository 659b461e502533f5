package fhir

import (
	"fmt"
	"sync"

	"github.com/google/fhir/go/fhirversion"
	"github.com/google/fhir/go/jsonformat"
)

// Validator checks that JSON is a well-formed FHIR R4 resource: known
// elements only, right primitive types and cardinalities, valid
// references and codes where the R4 structure fixes them. It wraps
// github.com/google/fhir/go, which is slow (see DESIGN §3), so it is used at
// the edges only: on writes, on what adapters over non-FHIR systems build,
// and in contract tests of adapter output. It is safe for concurrent use.
type Validator struct {
	// The google/fhir unmarshaller keeps no per-call state, but its docs do
	// not promise concurrency safety, so each goroutine takes its own.
	pool sync.Pool
}

// NewValidator builds a Validator for FHIR R4 with dates read in UTC.
func NewValidator() (*Validator, error) {
	if _, err := jsonformat.NewUnmarshaller("UTC", fhirversion.R4); err != nil {
		return nil, fmt.Errorf("creating the FHIR R4 unmarshaller: %w", err)
	}
	v := &Validator{}
	v.pool.New = func() any {
		u, err := jsonformat.NewUnmarshaller("UTC", fhirversion.R4)
		if err != nil {
			// NewValidator has already built one with the same arguments.
			panic(fmt.Sprintf("fhir: creating the FHIR R4 unmarshaller: %v", err))
		}
		return u
	}
	return v, nil
}

// Validate reports why raw is not a valid FHIR R4 resource, or nil.
func (v *Validator) Validate(raw []byte) error {
	u := v.pool.Get().(*jsonformat.Unmarshaller)
	defer v.pool.Put(u)
	if _, err := u.Unmarshal(raw); err != nil {
		return fmt.Errorf("validating FHIR R4 resource: %w", err)
	}
	return nil
}
