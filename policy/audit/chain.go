package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"time"
)

// HashSize is the length of every hash in the chain.
const HashSize = sha256.Size

// Format tags, the first field of each canonical encoding. A new encoding
// gets a new tag.
const (
	eventTag      = "shcr.audit.event.v1"
	checkpointTag = "shcr.audit.checkpoint.v1"
)

// Anchor is a point in the chain: a seq and the hash of the event with that
// seq. The chain starts at Genesis.
type Anchor struct {
	Seq  int64
	Hash []byte
}

// Genesis is the anchor before the first event: seq 0 and 32 zero bytes.
func Genesis() Anchor { return Anchor{Seq: 0, Hash: make([]byte, HashSize)} }

// encoder builds a canonical encoding: fields as a 4-byte big-endian length
// followed by the bytes.
type encoder struct{ buf []byte }

func (w *encoder) bytes(b []byte) {
	w.buf = binary.BigEndian.AppendUint32(w.buf, uint32(len(b)))
	w.buf = append(w.buf, b...)
}

func (w *encoder) string(s string) {
	w.buf = binary.BigEndian.AppendUint32(w.buf, uint32(len(s)))
	w.buf = append(w.buf, s...)
}

func (w *encoder) int64(v int64) {
	w.buf = binary.BigEndian.AppendUint32(w.buf, 8)
	w.buf = binary.BigEndian.AppendUint64(w.buf, uint64(v))
}

func (w *encoder) bool(v bool) {
	w.buf = binary.BigEndian.AppendUint32(w.buf, 1)
	if v {
		w.buf = append(w.buf, 1)
	} else {
		w.buf = append(w.buf, 0)
	}
}

// CanonicalEvent returns the canonical encoding of e at position seq, as
// documented in the package comment. Recorded is taken at microsecond
// precision.
func CanonicalEvent(seq int64, e *Event) []byte {
	n := 17*4 + len(eventTag) + 8 + 8 + 1 + len(e.ID) + len(e.Action) + len(e.Outcome) +
		len(e.UserID) + len(e.UserRole) + len(e.UserName) + len(e.OrgODS) + len(e.PatientNHS) +
		len(e.Purpose) + len(e.TraceID) + len(e.ClientID) + len(e.ClientIP) + len(e.Body)
	w := encoder{buf: make([]byte, 0, n)}
	w.string(eventTag)
	w.int64(seq)
	w.string(e.ID)
	w.int64(e.Recorded.UnixMicro())
	w.string(e.Action)
	w.string(e.Outcome)
	w.string(e.UserID)
	w.string(e.UserRole)
	w.string(e.UserName)
	w.string(e.OrgODS)
	w.string(e.PatientNHS)
	w.bool(e.BreakGlass)
	w.string(e.Purpose)
	w.string(e.TraceID)
	w.string(e.ClientID)
	w.string(e.ClientIP)
	w.bytes(e.Body)
	return w.buf
}

// EventHash returns SHA-256(prev || CanonicalEvent(seq, e)).
func EventHash(prev []byte, seq int64, e *Event) []byte {
	h := sha256.New()
	h.Write(prev)
	h.Write(CanonicalEvent(seq, e))
	return h.Sum(nil)
}

// Break describes the first place where a chain is inconsistent.
type Break struct {
	// Seq is the position of the first broken link: the event whose
	// contents, prev_hash or seq are wrong, the first missing seq, or, for a
	// checkpoint, the seq the checkpoint attests.
	Seq int64
	// Checkpoint is the id of the broken checkpoint, or 0 if the break is
	// in the events.
	Checkpoint int64
	// Problem says what is wrong, without any stored values.
	Problem string
}

func (b *Break) String() string {
	if b.Checkpoint != 0 {
		return fmt.Sprintf("checkpoint %d (seq %d): %s", b.Checkpoint, b.Seq, b.Problem)
	}
	return fmt.Sprintf("seq %d: %s", b.Seq, b.Problem)
}

// Check reports whether e directly follows a: e.Seq is a.Seq+1, e.PrevHash is
// a.Hash, and e.Hash is EventHash(e.PrevHash, e.Seq, &e.Event). It returns
// nil when it does, or the Break.
func Check(a Anchor, e *StoredEvent) *Break {
	want := a.Seq + 1
	switch {
	case e.Seq > want:
		return &Break{Seq: want, Problem: fmt.Sprintf("event %d is missing (the next stored event is %d)", want, e.Seq)}
	case e.Seq < want:
		return &Break{Seq: e.Seq, Problem: fmt.Sprintf("event %d is out of order (expected %d)", e.Seq, want)}
	case !bytes.Equal(e.PrevHash, a.Hash):
		return &Break{Seq: e.Seq, Problem: fmt.Sprintf("prev_hash does not match the hash of %s", anchorName(a))}
	case !bytes.Equal(e.Hash, EventHash(e.PrevHash, e.Seq, &e.Event)):
		return &Break{Seq: e.Seq, Problem: "hash does not match the event's contents"}
	}
	return nil
}

func anchorName(a Anchor) string {
	if a.Seq == 0 {
		return "the chain's genesis (32 zero bytes)"
	}
	return fmt.Sprintf("event %d", a.Seq)
}

// Checkpoint marks where a pruned prefix of the chain ended: the seq and hash
// of the last deleted event. Checkpoints are chained by their seals.
type Checkpoint struct {
	// ID numbers checkpoints from 1, without gaps.
	ID int64
	// Seq and Hash are those of the last event deleted.
	Seq  int64
	Hash []byte
	// PrunedBefore is the retention cut-off the prune was asked for.
	PrunedBefore time.Time
	// Created is when the checkpoint was written.
	Created time.Time
	// PrevSeal is the Seal of checkpoint ID-1 (32 zero bytes for ID 1).
	PrevSeal []byte
	// Seal is CheckpointSeal(PrevSeal, c).
	Seal []byte
}

// Anchor returns the point in the chain the checkpoint attests.
func (c *Checkpoint) Anchor() Anchor { return Anchor{Seq: c.Seq, Hash: c.Hash} }

// CheckpointSeal returns SHA-256(prev || canonical(c)), as documented in the
// package comment. c.PrevSeal and c.Seal are not part of canonical(c).
func CheckpointSeal(prev []byte, c *Checkpoint) []byte {
	w := encoder{buf: make([]byte, 0, 6*4+len(checkpointTag)+4*8+len(c.Hash))}
	w.string(checkpointTag)
	w.int64(c.ID)
	w.int64(c.Seq)
	w.bytes(c.Hash)
	w.int64(c.PrunedBefore.UnixMicro())
	w.int64(c.Created.UnixMicro())
	h := sha256.New()
	h.Write(prev)
	h.Write(w.buf)
	return h.Sum(nil)
}
