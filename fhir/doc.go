// Package fhir is shcr's FHIR R4 wire format: the resource envelope that keeps
// a source's original JSON bytes next to a small strictly-decoded peek, the
// streaming reference rewriter, the searchset Bundle writer, OperationOutcome,
// the CapabilityStatement, and the NHS identifiers (NHS number, ODS code).
//
// It is the only package that wraps github.com/google/fhir/go; everything
// else sees raw bytes and the peek. Nothing here knows about HTTP routing,
// the federation engine or access policy.
package fhir
