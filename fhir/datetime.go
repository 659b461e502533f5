package fhir

import (
	"fmt"
	"time"
)

// ParseDateTime reads a FHIR date, dateTime or instant (YYYY, YYYY-MM,
// YYYY-MM-DD, or YYYY-MM-DDThh:mm:ss[.fraction] with Z or ±hh:mm) and returns
// the instant at the start of its precision. A value without a time zone is
// read as UTC: FHIR leaves such dates local to the source, and UTC is the
// only choice that sorts the same everywhere.
func ParseDateTime(s string) (time.Time, error) {
	var layout string
	switch {
	case len(s) == 4:
		layout = "2006"
	case len(s) == 7:
		layout = "2006-01"
	case len(s) == 10:
		layout = "2006-01-02"
	case len(s) > 10 && s[10] == 'T':
		// FHIR requires a zone when the time is given; accept it missing
		// anyway (some systems omit it) and read it as UTC.
		t, err := time.Parse(time.RFC3339Nano, s)
		if err == nil {
			return t, nil
		}
		t, err2 := time.Parse("2006-01-02T15:04:05.999999999", s)
		if err2 == nil {
			return t, nil
		}
		return time.Time{}, fmt.Errorf("%q is not a FHIR dateTime: %w", truncate(s, 40), err)
	default:
		return time.Time{}, fmt.Errorf("%q is not a FHIR date or dateTime", truncate(s, 40))
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a FHIR date: %w", truncate(s, 40), err)
	}
	return t, nil
}
