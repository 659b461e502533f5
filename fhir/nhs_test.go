package fhir

import (
	"errors"
	"testing"
)

func TestParseNHSNumber(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		valid bool
	}{
		{name: "pds test number", in: "9000000009", valid: true},
		{name: "999 range test number", in: "9990000018", valid: true},
		{name: "check digit zero", in: "9990000026", valid: true},
		{name: "wrong check digit", in: "9000000008", valid: false},
		{name: "too short", in: "900000000", valid: false},
		{name: "too long", in: "90000000091", valid: false},
		{name: "spaces", in: "900 000 0009", valid: false},
		{name: "letters", in: "90000000a9", valid: false},
		{name: "empty", in: "", valid: false},
		{name: "check value ten is never issued", in: "0000000060", valid: false},
		{name: "unicode digits", in: "٩٠٠٠٠٠٠٠٠٩", valid: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseNHSNumber(tt.in)
			if tt.valid {
				if err != nil {
					t.Fatalf("ParseNHSNumber(%q) error = %v, want nil", tt.in, err)
				}
				if got != tt.in {
					t.Fatalf("ParseNHSNumber(%q) = %q, want it unchanged", tt.in, got)
				}
				return
			}
			if !errors.Is(err, ErrInvalidNHSNumber) {
				t.Fatalf("ParseNHSNumber(%q) error = %v, want ErrInvalidNHSNumber", tt.in, err)
			}
		})
	}
}

func TestNHSNumberCheckDigitRoundTrip(t *testing.T) {
	// Every nine-digit prefix either has a check digit that ParseNHSNumber
	// accepts or is reported as never issued.
	for n := 999000000; n < 999000500; n++ {
		prefix := itoa9(n)
		d, ok := NHSNumberCheckDigit(prefix)
		full := prefix + string(rune('0'+d))
		_, err := ParseNHSNumber(full)
		if ok != (err == nil) {
			t.Fatalf("prefix %s: check digit ok=%v but ParseNHSNumber(%s) error=%v", prefix, ok, full, err)
		}
	}
}

func itoa9(n int) string {
	b := make([]byte, 9)
	for i := 8; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b)
}
