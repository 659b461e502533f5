package fhir

import (
	"errors"
	"fmt"
)

// NHSNumberSystem is the identifier system of the NHS number in England and Wales.
const NHSNumberSystem = "https://fhir.nhs.uk/Id/nhs-number"

// ODSSystem is the identifier and code system of Organisation Data Service codes.
const ODSSystem = "https://fhir.nhs.uk/Id/ods-organization-code"

// ErrInvalidNHSNumber is wrapped by every NHS number validation failure.
var ErrInvalidNHSNumber = errors.New("invalid NHS number")

// ParseNHSNumber checks that s is exactly ten ASCII digits whose last digit is
// the modulus 11 check digit of the first nine, and returns it unchanged.
// Spaces and other separators are not accepted: an NHS number arrives in a URL
// or an identifier value, where the canonical form has none.
func ParseNHSNumber(s string) (string, error) {
	if len(s) != 10 {
		return "", fmt.Errorf("%w: %q must be 10 digits", ErrInvalidNHSNumber, truncate(s, 32))
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", fmt.Errorf("%w: %q must contain only digits", ErrInvalidNHSNumber, truncate(s, 32))
		}
	}
	check, ok := NHSNumberCheckDigit(s[:9])
	if !ok {
		return "", fmt.Errorf("%w: %q has no valid check digit and is never issued", ErrInvalidNHSNumber, s)
	}
	if int(s[9]-'0') != check {
		return "", fmt.Errorf("%w: %q fails the modulus 11 check", ErrInvalidNHSNumber, s)
	}
	return s, nil
}

// NHSNumberCheckDigit computes the modulus 11 check digit for the first nine
// digits of an NHS number. ok is false when the nine digits give a check value
// of 10: such numbers are never issued. It panics if prefix is not nine ASCII
// digits, which is a programming error.
func NHSNumberCheckDigit(prefix string) (digit int, ok bool) {
	if len(prefix) != 9 {
		panic("fhir: NHSNumberCheckDigit needs nine digits")
	}
	sum := 0
	for i := 0; i < 9; i++ {
		c := prefix[i]
		if c < '0' || c > '9' {
			panic("fhir: NHSNumberCheckDigit needs nine digits")
		}
		sum += int(c-'0') * (10 - i)
	}
	check := 11 - sum%11
	switch check {
	case 11:
		return 0, true
	case 10:
		return 0, false
	}
	return check, true
}

// truncate shortens s for an error message, so a hostile megabyte-long value
// is not echoed back in full.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
