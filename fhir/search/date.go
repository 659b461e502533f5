package search

import (
	"errors"
	"fmt"
	"time"
)

// dateRange is the half-open interval [lo, hi) of instants that a date
// value covers at its precision: 2013-01 is [2013-01-01, 2013-02-01),
// 2013-01-14T10:00:00Z is [10:00:00, 10:00:01). A Period without a start
// or an end is open on that side (loInf, hiInf).
type dateRange struct {
	lo, hi       time.Time
	loInf, hiInf bool
}

// parseDate reads a FHIR date, dateTime or instant: YYYY, YYYY-MM,
// YYYY-MM-DD, or YYYY-MM-DDThh:mm[:ss[.fraction]][Z|±hh:mm]. Values without
// a zone (all dates, and times written without one) are in loc. A space
// where the zone's "+" belongs is read as "+", because an unencoded "+" in
// a URL query decodes to a space.
func parseDate(s string, loc *time.Location) (dateRange, error) {
	p := dateParser{s: s}
	year := p.digits(4)
	if year < 0 {
		return dateRange{}, errDateFormat
	}
	if year == 0 {
		return dateRange{}, errors.New("the year must be 0001 to 9999")
	}
	month, day := 1, 1
	var r dateRange
	switch {
	case p.done():
		r.lo = time.Date(year, 1, 1, 0, 0, 0, 0, loc)
		r.hi = r.lo.AddDate(1, 0, 0)
		return r, nil
	case !p.lit('-'):
		return dateRange{}, errDateFormat
	}
	if month = p.digits(2); month < 0 {
		return dateRange{}, errDateFormat
	}
	if month < 1 || month > 12 {
		return dateRange{}, errors.New("the month must be 01 to 12")
	}
	if p.done() {
		r.lo = time.Date(year, time.Month(month), 1, 0, 0, 0, 0, loc)
		r.hi = r.lo.AddDate(0, 1, 0)
		return r, nil
	}
	if !p.lit('-') {
		return dateRange{}, errDateFormat
	}
	if day = p.digits(2); day < 0 {
		return dateRange{}, errDateFormat
	}
	if day < 1 || day > daysIn(year, month) {
		return dateRange{}, fmt.Errorf("the day must be 01 to %02d in that month", daysIn(year, month))
	}
	if p.done() {
		r.lo = time.Date(year, time.Month(month), day, 0, 0, 0, 0, loc)
		r.hi = r.lo.AddDate(0, 0, 1)
		return r, nil
	}
	if !p.lit('T') {
		return dateRange{}, errDateFormat
	}
	hour := p.digits(2)
	if hour < 0 || !p.lit(':') {
		return dateRange{}, errDateFormat
	}
	minute := p.digits(2)
	if minute < 0 {
		return dateRange{}, errDateFormat
	}
	if hour > 23 || minute > 59 {
		return dateRange{}, errors.New("the time must be 00:00 to 23:59")
	}
	sec, nanos := 0, 0
	unit := time.Minute
	if p.lit(':') {
		if sec = p.digits(2); sec < 0 {
			return dateRange{}, errDateFormat
		}
		if sec > 60 { // 60 is a leap second
			return dateRange{}, errors.New("the seconds must be 00 to 60")
		}
		unit = time.Second
		if p.lit('.') {
			start := p.i
			for !p.done() && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
				nanos = nanos*10 + int(p.s[p.i]-'0')
				p.i++
			}
			n := p.i - start
			if n == 0 {
				return dateRange{}, errDateFormat
			}
			if n > 9 {
				return dateRange{}, errors.New("fractions of a second finer than nanoseconds are not supported")
			}
			unit = time.Second
			for range n {
				unit /= 10
			}
			for range 9 - n {
				nanos *= 10
			}
		}
	}
	zone := loc
	switch {
	case p.done():
	case p.lit('Z'):
		zone = time.UTC
	case p.lit('+') || p.lit(' ') || p.lit('-'):
		sign := 1
		if p.s[p.i-1] == '-' {
			sign = -1
		}
		zh := p.digits(2)
		if zh < 0 || !p.lit(':') {
			return dateRange{}, errDateFormat
		}
		zm := p.digits(2)
		if zm < 0 {
			return dateRange{}, errDateFormat
		}
		if zh > 14 || zm > 59 {
			return dateRange{}, errors.New("the time zone must be -14:00 to +14:00")
		}
		zone = time.FixedZone("", sign*(zh*3600+zm*60))
	default:
		return dateRange{}, errDateFormat
	}
	if !p.done() {
		return dateRange{}, errDateFormat
	}
	r.lo = time.Date(year, time.Month(month), day, hour, minute, sec, nanos, zone)
	r.hi = r.lo.Add(unit)
	return r, nil
}

var errDateFormat = errors.New("expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss[.sss]][Z|+hh:mm|-hh:mm]")

type dateParser struct {
	s string
	i int
}

func (p *dateParser) done() bool { return p.i == len(p.s) }

func (p *dateParser) lit(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

// digits reads exactly n ASCII digits, or returns -1.
func (p *dateParser) digits(n int) int {
	if p.i+n > len(p.s) {
		return -1
	}
	v := 0
	for _, c := range []byte(p.s[p.i : p.i+n]) {
		if c < '0' || c > '9' {
			return -1
		}
		v = v*10 + int(c-'0')
	}
	p.i += n
	return v
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// matchDate applies prefix to a search range s and a target range t with
// the R4 range semantics (search.html §3.1.1.4.2):
//
//	eq  s fully contains t
//	ne  s does not fully contain t
//	gt  the range above s intersects t
//	lt  the range below s intersects t
//	ge  the range above s intersects t, or s fully contains t
//	le  the range below s intersects t, or s fully contains t
//	sa  t does not overlap s and lies above it (t starts at or after s ends)
//	eb  t does not overlap s and lies below it (t ends at or before s starts)
//	ap  t overlaps s widened on each side by 10% of the gap between now and
//	    that bound of s (at least the precision of s itself)
func matchDate(prefix Prefix, s, t dateRange, now time.Time) bool {
	contains := !t.loInf && !t.lo.Before(s.lo) && !t.hiInf && !t.hi.After(s.hi)
	above := t.hiInf || t.hi.After(s.hi)
	below := t.loInf || t.lo.Before(s.lo)
	switch prefix {
	case PrefixNone, PrefixEq:
		return contains
	case PrefixNe:
		return !contains
	case PrefixGt:
		return above
	case PrefixLt:
		return below
	case PrefixGe:
		return above || contains
	case PrefixLe:
		return below || contains
	case PrefixSa:
		return !t.loInf && !t.lo.Before(s.hi)
	case PrefixEb:
		return !t.hiInf && !t.hi.After(s.lo)
	case PrefixAp:
		lo := s.lo.Add(-absDuration(now.Sub(s.lo)) / 10)
		hi := s.hi.Add(absDuration(now.Sub(s.hi)) / 10)
		return (t.loInf || t.lo.Before(hi)) && (t.hiInf || t.hi.After(lo))
	}
	return false
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
