package rest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shcr/shcr/fhir/search"
)

func TestCursor(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	codec := cursorCodec{key: []byte("0123456789abcdef0123456789abcdef"), ttl: 10 * time.Minute, now: func() time.Time { return now }}
	cur := cursor{Dir: dirNext, Keys: []string{"t2024-01-01T00:00:00Z", "sfinal", ""}, Type: "Observation", ID: "gp.o1"}
	tok, err := codec.seal(cur, "Observation?patient=1", "iss|dr-a")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(tok, "9990000018") {
		t.Fatal("the cursor carries the query in clear")
	}
	// Sealed, not just signed: the position's sort values cannot be read.
	if raw, err := base64.RawURLEncoding.DecodeString(tok); err != nil || bytes.Contains(raw, []byte("Observation")) || bytes.Contains(raw, []byte("2024-01-01")) {
		t.Fatalf("the cursor's position can be read: %v", err)
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
		{name: "nonce altered", token: flip(tok, 3), query: "Observation?patient=1", user: "iss|dr-a", wantErr: errCursorInvalid},
		{name: "sealed body altered", token: flip(tok, len(tok)/2), query: "Observation?patient=1", user: "iss|dr-a", wantErr: errCursorInvalid},
		{name: "tag altered", token: flip(tok, len(tok)-2), query: "Observation?patient=1", user: "iss|dr-a", wantErr: errCursorInvalid},
		{name: "cut short", token: tok[:20], query: "Observation?patient=1", user: "iss|dr-a", wantErr: errCursorInvalid},
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
			if tt.wantErr == nil && (got.ID != cur.ID || !slices.Equal(got.Keys, cur.Keys) || got.Type != cur.Type || got.Dir != cur.Dir) {
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

// TestCursorDirection checks that a sealed cursor only opens with a
// direction it knows, so a forged or truncated one is refused rather than
// read as a page from the start.
func TestCursorDirection(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	codec := cursorCodec{key: []byte("0123456789abcdef0123456789abcdef"), ttl: time.Minute, now: func() time.Time { return now }}
	tests := []struct {
		name    string
		cur     cursor
		wantErr error
	}{
		{name: "next", cur: cursor{Dir: dirNext, Edge: edgeStart}},
		{name: "previous", cur: cursor{Dir: dirPrev, Edge: edgeEnd}},
		{name: "no direction", cur: cursor{Edge: edgeStart}, wantErr: errCursorInvalid},
		{name: "unknown direction", cur: cursor{Dir: "x"}, wantErr: errCursorInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := codec.seal(tt.cur, "q", "u")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := codec.open(tok, "q", "u"); !errors.Is(err, tt.wantErr) {
				t.Fatalf("open error = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestCursorPosition(t *testing.T) {
	tests := []struct {
		name    string
		cur     cursor
		wantErr bool
	}{
		{name: "a match", cur: cursor{Dir: dirNext, Keys: []string{"t2024-01-01T00:00:00Z", "n3/2", "sabc", ""}, Type: "Observation", ID: "gp.o1"}},
		{name: "the start", cur: cursor{Dir: dirNext, Edge: edgeStart}},
		{name: "the end", cur: cursor{Dir: dirPrev, Edge: edgeEnd}},
		{name: "an unknown edge", cur: cursor{Dir: dirNext, Edge: "x"}, wantErr: true},
		{name: "a key that is no sort value", cur: cursor{Dir: dirNext, Keys: []string{"q1"}}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := positionOf(tt.cur)
			if (err != nil) != tt.wantErr {
				t.Fatalf("positionOf error = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			back := cursorAt(tt.cur.Dir, p)
			if back.Edge != tt.cur.Edge || back.Type != tt.cur.Type || back.ID != tt.cur.ID || !slices.Equal(back.Keys, tt.cur.Keys) {
				t.Errorf("cursorAt(positionOf(c)) = %+v, want %+v", back, tt.cur)
			}
		})
	}
}

// FuzzCursorOpen checks that no page link, however made, opens without
// the key, or makes opening or reading its position panic.
func FuzzCursorOpen(f *testing.F) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	codec := cursorCodec{key: []byte("0123456789abcdef0123456789abcdef"), ttl: time.Minute, now: func() time.Time { return now }}
	sealed := cursor{Dir: dirNext, Keys: []string{"t2024-01-01T00:00:00Z", "n3/2"}, Type: "Observation", ID: "gp.o1"}
	tok, err := codec.seal(sealed, "q", "u")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(tok)
	f.Add("")
	f.Add("e30")
	f.Fuzz(func(t *testing.T, token string) {
		cur, err := codec.open(token, "q", "u")
		if err != nil {
			return
		}
		// Only this test seals with the key (in every fuzzing process,
		// each with its own nonces): whatever opens is what it sealed.
		if cur.Type != sealed.Type || cur.ID != sealed.ID || !slices.Equal(cur.Keys, sealed.Keys) {
			t.Fatalf("a cursor this test did not seal opened: %q gave %+v", token, cur)
		}
		if _, err := positionOf(cur); err != nil {
			t.Fatalf("a sealed cursor's position does not read: %v", err)
		}
	})
}

// TestLargestCursorFits seals a cursor with as many sort keys as a search
// may have, each the longest a sort value can be, and checks that it opens:
// a page link shcr wrote must never be too long for shcr to read.
func TestLargestCursorFits(t *testing.T) {
	codec := cursorCodec{key: []byte("0123456789abcdef0123456789abcdef"), ttl: time.Minute, now: time.Now}
	cur := cursor{Dir: dirNext, Type: strings.Repeat("T", 64), ID: strings.Repeat("s", 40) + "." + strings.Repeat("i", 64)}
	for range maxSortKeys {
		cur.Keys = append(cur.Keys, "s"+strings.Repeat(`"`, 128)) // each written as \" in JSON
	}
	tok, err := codec.seal(cur, "q", "u")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := codec.open(tok, "q", "u"); err != nil {
		t.Fatalf("a cursor of %d bytes does not open: %v", len(tok), err)
	}
	// The sort value it carries is the longest one can be.
	if _, err := search.ParseSortValue(cur.Keys[0]); err != nil {
		t.Fatal(err)
	}
}
