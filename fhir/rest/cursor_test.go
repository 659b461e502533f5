package rest

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestCursor(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	codec := cursorCodec{key: []byte("0123456789abcdef0123456789abcdef"), ttl: 10 * time.Minute, now: func() time.Time { return now }}
	cur := cursor{AfterDate: "2024-01-01T00:00:00Z", AfterType: "Observation", AfterID: "gp.o1"}
	tok, err := codec.seal(cur, "Observation?patient=1", "iss|dr-a")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(tok, "9990000018") {
		t.Fatal("the cursor carries the query in clear")
	}
	flip := func(s string, i int) string {
		b := []byte(s)
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		return string(b)
	}
	tests := []struct {
		name    string
		token   string
		query   string
		user    string
		after   time.Duration
		wantErr error
	}{
		{name: "valid", token: tok, query: "Observation?patient=1", user: "iss|dr-a"},
		{name: "body altered", token: flip(tok, 3), query: "Observation?patient=1", user: "iss|dr-a", wantErr: errCursorInvalid},
		{name: "signature altered", token: flip(tok, len(tok)-2), query: "Observation?patient=1", user: "iss|dr-a", wantErr: errCursorInvalid},
		{name: "not a cursor", token: "hello", query: "Observation?patient=1", user: "iss|dr-a", wantErr: errCursorInvalid},
		{name: "huge", token: strings.Repeat("a", 5000) + "." + "b", query: "q", user: "u", wantErr: errCursorInvalid},
		{name: "expired", token: tok, query: "Observation?patient=1", user: "iss|dr-a", after: 11 * time.Minute, wantErr: errCursorExpired},
		{name: "another user", token: tok, query: "Observation?patient=1", user: "iss|dr-b", wantErr: errCursorUser},
		{name: "another search", token: tok, query: "Observation?patient=2", user: "iss|dr-a", wantErr: errCursorQuery},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := codec
			c.now = func() time.Time { return now.Add(tt.after) }
			got, err := c.open(tt.token, tt.query, tt.user)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("open error = %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr == nil && (got.AfterID != cur.AfterID || got.AfterDate != cur.AfterDate || got.AfterType != cur.AfterType) {
				t.Fatalf("open = %+v, want %+v", got, cur)
			}
		})
	}
	// A cursor from another server's key is not accepted.
	other := codec
	other.key = []byte("another-key-another-key-another-")
	if _, err := other.open(tok, "Observation?patient=1", "iss|dr-a"); !errors.Is(err, errCursorInvalid) {
		t.Fatalf("a cursor from another key: %v", err)
	}
}
