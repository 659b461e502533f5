package store

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shcr/shcr/fhir"
)

// invalid returns an error wrapping ErrInvalid. Messages name fields, never
// their values: some are patient identifiers.
func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...)
}

func checkNHS(nhs string) error {
	if _, err := fhir.ParseNHSNumber(nhs); err != nil {
		return fmt.Errorf("%w: nhs_number: %w", ErrInvalid, fhir.ErrInvalidNHSNumber)
	}
	return nil
}

// checkText checks that a text field is present (when required), valid
// UTF-8 without NUL (PostgreSQL text cannot hold NUL) and at most max bytes.
func checkText(field, v string, required bool, max int) error {
	switch {
	case required && v == "":
		return invalid("%s is empty", field)
	case len(v) > max:
		return invalid("%s is longer than %d bytes", field, max)
	case !utf8.ValidString(v) || strings.IndexByte(v, 0) >= 0:
		return invalid("%s is not valid UTF-8 text", field)
	}
	return nil
}

// Text field limits.
const (
	maxIDLen     = 256
	maxReasonLen = 4096
)

// checkODS checks an ODS organisation code: 3 to 12 ASCII letters and
// digits.
func checkODS(field, ods string) error {
	if len(ods) < 3 || len(ods) > 12 {
		return invalid("%s is not an ODS code", field)
	}
	for i := 0; i < len(ods); i++ {
		if c := ods[i]; !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return invalid("%s is not an ODS code", field)
		}
	}
	return nil
}

// validFHIRID reports whether id matches FHIR's id type: [A-Za-z0-9\-\.]{1,64}.
func validFHIRID(id string) bool {
	if len(id) < 1 || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// checkSourceID checks a source id: [a-z0-9-]+, at most 64 bytes.
func checkSourceID(id string) error {
	if len(id) < 1 || len(id) > 64 {
		return invalid("source_id must be 1 to 64 characters of [a-z0-9-]")
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return invalid("source_id must be 1 to 64 characters of [a-z0-9-]")
		}
	}
	return nil
}

// checkReference checks a local resource reference, Type/localId.
func checkReference(ref string) error {
	typ, id, ok := strings.Cut(ref, "/")
	if !ok || len(typ) < 2 || len(typ) > 64 || typ[0] < 'A' || typ[0] > 'Z' || !validFHIRID(id) {
		return invalid("reference must be Type/localId")
	}
	for i := 1; i < len(typ); i++ {
		if c := typ[i]; !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') {
			return invalid("reference must be Type/localId")
		}
	}
	return nil
}

// checkTime checks that t is set.
func checkTime(field string, t time.Time) error {
	if t.IsZero() {
		return invalid("%s is not set", field)
	}
	return nil
}
