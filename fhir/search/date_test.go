package search

import (
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	utc := func(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
		return time.Date(y, mo, d, h, mi, s, ns, time.UTC)
	}
	tests := []struct {
		in      string
		lo, hi  time.Time
		wantErr string
	}{
		{in: "2013", lo: utc(2013, 1, 1, 0, 0, 0, 0), hi: utc(2014, 1, 1, 0, 0, 0, 0)},
		{in: "2013-12", lo: utc(2013, 12, 1, 0, 0, 0, 0), hi: utc(2014, 1, 1, 0, 0, 0, 0)},
		{in: "2012-02-29", lo: utc(2012, 2, 29, 0, 0, 0, 0), hi: utc(2012, 3, 1, 0, 0, 0, 0)},
		{in: "2013-01-14T10:00", lo: utc(2013, 1, 14, 10, 0, 0, 0), hi: utc(2013, 1, 14, 10, 1, 0, 0)},
		{in: "2013-01-14T10:00:00Z", lo: utc(2013, 1, 14, 10, 0, 0, 0), hi: utc(2013, 1, 14, 10, 0, 1, 0)},
		{in: "2013-01-14T10:00:00.25-05:00", lo: utc(2013, 1, 14, 15, 0, 0, 250000000), hi: utc(2013, 1, 14, 15, 0, 0, 260000000)},
		{in: "2013-01-14T10:00:00.123456789Z", lo: utc(2013, 1, 14, 10, 0, 0, 123456789), hi: utc(2013, 1, 14, 10, 0, 0, 123456790)},
		{in: "2016-12-31T23:59:60Z", lo: utc(2017, 1, 1, 0, 0, 0, 0), hi: utc(2017, 1, 1, 0, 0, 1, 0)},
		{in: "0000", wantErr: "the year must be 0001 to 9999"},
		{in: "2013-00", wantErr: "the month must be 01 to 12"},
		{in: "2013-04-31", wantErr: "the day must be 01 to 30 in that month"},
		{in: "2013-01-14T24:00", wantErr: "the time must be 00:00 to 23:59"},
		{in: "2013-01-14T10:00:61", wantErr: "the seconds must be 00 to 60"},
		{in: "2013-01-14T10:00:00.1234567890Z", wantErr: "finer than nanoseconds"},
		{in: "2013-01-14T10:00:00.Z", wantErr: "expected YYYY"},
		{in: "2013-01-14T10", wantErr: "expected YYYY"},
		{in: "2013-01-14 10:00", wantErr: "expected YYYY"},
		{in: "2013-1-14", wantErr: "expected YYYY"},
		{in: "13", wantErr: "expected YYYY"},
		{in: "2013-01-14T10:00:00+0100", wantErr: "expected YYYY"},
		{in: "2013-01-14T10:00:00Zjunk", wantErr: "expected YYYY"},
	}
	for _, tt := range tests {
		got, err := parseDate(tt.in, time.UTC)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseDate(%q) = [%v, %v), %v; want error %q", tt.in, got.lo, got.hi, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !got.lo.Equal(tt.lo) || !got.hi.Equal(tt.hi) {
			t.Errorf("parseDate(%q) = [%v, %v), %v; want [%v, %v)", tt.in, got.lo, got.hi, err, tt.lo, tt.hi)
		}
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Chalmers", "chalmers"},
		{"du Marché", "du marche"},
		{"BÉNÉDICTE", "benedicte"},
		{"Straße", "strasse"},
		{"Zoë Ångström", "zoe angstrom"},
	}
	for _, tt := range tests {
		if got := fold(tt.in); got != tt.want {
			t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
