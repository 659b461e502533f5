package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"iter"
	"reflect"
	"strings"
	"testing"
	"time"
)

func sampleEvent() Event {
	return Event{
		ID:         "ae-1",
		Recorded:   time.Date(2026, 3, 1, 9, 30, 0, 123456789, time.UTC),
		Action:     ActionRead,
		Outcome:    "0",
		UserID:     "u1",
		UserRole:   "clinician",
		UserName:   "Dr A",
		OrgODS:     "X1A01",
		PatientNHS: "9990000018",
		BreakGlass: true,
		Purpose:    "TREAT",
		TraceID:    "t1",
		ClientID:   "c1",
		ClientIP:   "192.0.2.1",
		Body:       []byte(`{"resourceType":"AuditEvent"}`),
	}
}

// TestCanonicalEventSpec rebuilds the encoding from the package comment's
// description, field by field, and pins the resulting hash.
func TestCanonicalEventSpec(t *testing.T) {
	e := sampleEvent()
	var want []byte
	field := func(b []byte) {
		want = binary.BigEndian.AppendUint32(want, uint32(len(b)))
		want = append(want, b...)
	}
	i64 := func(v int64) []byte { return binary.BigEndian.AppendUint64(nil, uint64(v)) }
	field([]byte("shcr.audit.event.v1"))
	field(i64(42))
	field([]byte("ae-1"))
	field(i64(1772357400123456)) // 2026-03-01T09:30:00.123456Z; nanoseconds dropped
	for _, s := range []string{"read", "0", "u1", "clinician", "Dr A", "X1A01", "9990000018"} {
		field([]byte(s))
	}
	field([]byte{1})
	for _, s := range []string{"TREAT", "t1", "c1", "192.0.2.1"} {
		field([]byte(s))
	}
	field([]byte(`{"resourceType":"AuditEvent"}`))

	got := CanonicalEvent(42, &e)
	if !bytes.Equal(got, want) {
		t.Fatalf("CanonicalEvent =\n%x\nwant\n%x", got, want)
	}
	prev := bytes.Repeat([]byte{0xab}, HashSize)
	sum := sha256.Sum256(append(append([]byte{}, prev...), want...))
	if h := EventHash(prev, 42, &e); !bytes.Equal(h, sum[:]) {
		t.Errorf("EventHash = %x, want SHA-256(prev || canonical) = %x", h, sum)
	}
	// Pinned, so that any change to the encoding is deliberate (and gets a
	// new format tag). Recomputed independently with Python's hashlib and
	// struct.pack('>I', len(b)) + b per field.
	const golden = "337bc4e31fc46f4fc1f01adf33781b48a7e3962a5ad55af522a0e0889d2459a5"
	if h := hex.EncodeToString(EventHash(prev, 42, &e)); h != golden {
		t.Errorf("EventHash = %s, want the pinned %s", h, golden)
	}
}

// TestEventHashCoversEveryField changes each field of Event in turn, by
// reflection so that a field added later is covered too.
func TestEventHashCoversEveryField(t *testing.T) {
	base := sampleEvent()
	prev := make([]byte, HashSize)
	h0 := EventHash(prev, 1, &base)
	v := reflect.ValueOf(&base).Elem()
	for i := range v.NumField() {
		name := v.Type().Field(i).Name
		t.Run(name, func(t *testing.T) {
			e := base
			f := reflect.ValueOf(&e).Elem().Field(i)
			switch x := f.Interface().(type) {
			case string:
				f.SetString(x + "x")
			case bool:
				f.SetBool(!x)
			case []byte:
				f.SetBytes(append(append([]byte{}, x...), 'x'))
			case time.Time:
				f.Set(reflect.ValueOf(x.Add(time.Microsecond)))
			default:
				t.Fatalf("field %s has type %T: teach this test (and the encoding) about it", name, x)
			}
			if bytes.Equal(EventHash(prev, 1, &e), h0) {
				t.Errorf("changing %s does not change the hash", name)
			}
		})
	}
	t.Run("seq", func(t *testing.T) {
		if bytes.Equal(EventHash(prev, 2, &base), h0) {
			t.Error("changing seq does not change the hash")
		}
	})
	t.Run("prev", func(t *testing.T) {
		if bytes.Equal(EventHash(bytes.Repeat([]byte{1}, HashSize), 1, &base), h0) {
			t.Error("changing prev does not change the hash")
		}
	})
	t.Run("bytes moved between fields", func(t *testing.T) {
		a, b := base, base
		a.UserID, a.UserRole = "ab", "c"
		b.UserID, b.UserRole = "a", "bc"
		if bytes.Equal(EventHash(prev, 1, &a), EventHash(prev, 1, &b)) {
			t.Error("moving a byte from one field to the next does not change the hash")
		}
	})
}

func TestCheck(t *testing.T) {
	g := Genesis()
	e1 := StoredEvent{Event: sampleEvent(), Seq: 1, PrevHash: g.Hash}
	e1.Hash = EventHash(e1.PrevHash, 1, &e1.Event)
	a1 := Anchor{Seq: 1, Hash: e1.Hash}
	e2 := StoredEvent{Event: sampleEvent(), Seq: 2, PrevHash: e1.Hash}
	e2.Hash = EventHash(e2.PrevHash, 2, &e2.Event)
	with := func(e StoredEvent, f func(*StoredEvent)) *StoredEvent { f(&e); return &e }

	tests := []struct {
		name    string
		a       Anchor
		e       *StoredEvent
		wantSeq int64 // 0: no break
		problem string
	}{
		{"first event", g, &e1, 0, ""},
		{"next event", a1, &e2, 0, ""},
		{"gap", g, &e2, 1, "event 1 is missing"},
		{"repeat", a1, &e1, 1, "out of order"},
		{"prev hash", a1, with(e2, func(e *StoredEvent) { e.PrevHash = g.Hash }), 2, "prev_hash"},
		{"content", a1, with(e2, func(e *StoredEvent) { e.Purpose = "RESEARCH" }), 2, "contents"},
		{"hash", a1, with(e2, func(e *StoredEvent) { e.Hash = g.Hash }), 2, "contents"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := Check(tc.a, tc.e)
			switch {
			case tc.wantSeq == 0 && b != nil:
				t.Errorf("Check = %v, want nil", b)
			case tc.wantSeq != 0 && b == nil:
				t.Errorf("Check = nil, want a break at seq %d", tc.wantSeq)
			case tc.wantSeq != 0 && (b.Seq != tc.wantSeq || !strings.Contains(b.Problem, tc.problem)):
				t.Errorf("Check = %v, want seq %d and a problem mentioning %q", b, tc.wantSeq, tc.problem)
			}
		})
	}
}

// memChain is an in-memory Chain.
type memChain struct {
	head   Anchor
	cps    []Checkpoint
	events []StoredEvent
	err    error // yielded after the events, if set
}

func (m *memChain) ReadChain(ctx context.Context, fn func(Snapshot) error) error { return fn(m) }
func (m *memChain) Head(context.Context) (Anchor, error)                         { return m.head, nil }
func (m *memChain) Checkpoints(context.Context) ([]Checkpoint, error)            { return m.cps, nil }
func (m *memChain) Events(_ context.Context, after int64) iter.Seq2[StoredEvent, error] {
	return func(yield func(StoredEvent, error) bool) {
		for _, e := range m.events {
			if e.Seq > after && !yield(e, nil) {
				return
			}
		}
		if m.err != nil {
			yield(StoredEvent{}, m.err)
		}
	}
}

func (m *memChain) append(e Event) {
	a := m.head
	if a.Hash == nil {
		a = Genesis()
	}
	s := StoredEvent{Event: e, Seq: a.Seq + 1, PrevHash: a.Hash}
	s.Hash = EventHash(s.PrevHash, s.Seq, &s.Event)
	m.events = append(m.events, s)
	m.head = Anchor{Seq: s.Seq, Hash: s.Hash}
}

func TestVerifyInMemory(t *testing.T) {
	m := &memChain{head: Genesis()}
	if r, err := Verify(t.Context(), m); err != nil || !r.OK || r.String() != "audit chain OK: no events after seq 0, 0 checkpoints, head "+strings.Repeat("00", HashSize) {
		t.Fatalf("Verify of an empty chain = %q, %v", r, err)
	}
	for range 5 {
		m.append(sampleEvent())
	}
	r, err := Verify(t.Context(), m)
	if err != nil || !r.OK || r.Events != 5 {
		t.Fatalf("Verify = %v, %v; want OK with 5 events", r, err)
	}
	if !strings.Contains(r.String(), "audit chain OK: 5 events (seq 1..5)") {
		t.Errorf("Report.String() = %q", r.String())
	}

	// A checkpoint as Prune would write it, replacing events 1..2.
	cp := Checkpoint{ID: 1, Seq: 2, Hash: m.events[1].Hash, PrunedBefore: time.Unix(100, 0), Created: time.Unix(200, 0), PrevSeal: make([]byte, HashSize)}
	cp.Seal = CheckpointSeal(cp.PrevSeal, &cp)
	m.cps, m.events = []Checkpoint{cp}, m.events[2:]
	if r, err := Verify(t.Context(), m); err != nil || !r.OK || r.Events != 3 || r.Start.Seq != 2 {
		t.Fatalf("Verify from a checkpoint = %v, %v; want OK with 3 events from seq 2", r, err)
	}

	m.cps[0].PrunedBefore = time.Unix(101, 0)
	if r, _ := Verify(t.Context(), m); r.OK || r.Break.Checkpoint != 1 || !strings.Contains(r.String(), "checkpoint 1 (seq 2): seal") {
		t.Errorf("Verify with a tampered checkpoint = %v, want a broken seal on checkpoint 1", r)
	}
	m.cps[0] = cp

	boom := errors.New("disk on fire")
	m.err = boom
	if _, err := Verify(t.Context(), m); !errors.Is(err, boom) {
		t.Errorf("Verify when reading fails = %v, want it to wrap the read error", err)
	}
}

func TestValidate(t *testing.T) {
	ok := sampleEvent()
	tests := []struct {
		name    string
		mutate  func(*Event)
		wantErr string
	}{
		{"valid", func(*Event) {}, ""},
		{"no id", func(e *Event) { e.ID = "" }, "id is empty"},
		{"no time", func(e *Event) { e.Recorded = time.Time{} }, "recorded time is zero"},
		{"no action", func(e *Event) { e.Action = "" }, "action is empty"},
		{"bad UTF-8", func(e *Event) { e.PatientNHS = "999\xff" }, "patient NHS number is not valid UTF-8"},
		{"NUL", func(e *Event) { e.ClientIP = "1\x002" }, "client IP contains a NUL byte"},
		{"huge body", func(e *Event) { e.Body = make([]byte, MaxBodyBytes+1) }, "body is"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := ok
			tc.mutate(&e)
			err := e.Validate()
			if tc.wantErr == "" {
				if err != nil {
					t.Errorf("Validate = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("Validate = %v, want an error containing %q", err, tc.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), "999") {
				t.Errorf("Validate error %q repeats a field value", err)
			}
		})
	}
}
