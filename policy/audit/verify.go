package audit

import (
	"bytes"
	"context"
	"fmt"
	"iter"
)

// Chain is read access to a stored audit chain, as Verify needs it.
// Implementations must be safe for concurrent use.
type Chain interface {
	// ReadChain calls fn once with a consistent snapshot of the chain:
	// events appended or pruned while fn runs are not seen. The snapshot is
	// valid only until fn returns. ReadChain returns fn's error, or an error
	// of its own when it cannot provide a snapshot.
	ReadChain(ctx context.Context, fn func(Snapshot) error) error
}

// Snapshot is a consistent, read-only view of a chain. It is not safe for
// concurrent use.
type Snapshot interface {
	// Head returns the chain head: the seq and hash of the last event
	// appended (Genesis when none has been).
	Head(ctx context.Context) (Anchor, error)
	// Checkpoints returns every checkpoint, in ascending ID order.
	Checkpoints(ctx context.Context) ([]Checkpoint, error)
	// Events yields the stored events with Seq > after in ascending Seq
	// order; it yields a non-nil error, once, if reading fails.
	Events(ctx context.Context, after int64) iter.Seq2[StoredEvent, error]
}

// Report is the result of Verify.
type Report struct {
	// OK is true when the whole chain is consistent; Break is then nil.
	OK bool
	// Break is the first inconsistency found, when OK is false.
	Break *Break
	// Start is where verification of events began: Genesis, or the
	// latest checkpoint.
	Start Anchor
	// Checkpoints is the number of checkpoints verified.
	Checkpoints int
	// Events is the number of events verified as linked, after Start.
	Events int64
	// Head is the chain head the store recorded. Publishing it outside the
	// store anchors the chain against wholesale rewriting.
	Head Anchor
}

func (r Report) String() string {
	if !r.OK {
		return fmt.Sprintf("audit chain broken at %s (%d events verified before it)", r.Break, r.Events)
	}
	if r.Events == 0 {
		return fmt.Sprintf("audit chain OK: no events after seq %d, %d checkpoints, head %x",
			r.Start.Seq, r.Checkpoints, r.Head.Hash)
	}
	return fmt.Sprintf("audit chain OK: %d events (seq %d..%d), %d checkpoints, head %x",
		r.Events, r.Start.Seq+1, r.Head.Seq, r.Checkpoints, r.Head.Hash)
}

// Verify walks the chain in order and checks every link: the checkpoints'
// seals and order, then every event after the latest checkpoint (or from
// seq 1 when there is none) against its predecessor, and finally that the
// last event is the recorded chain head.
//
// A broken chain is not an error: it is a Report with OK false and the
// first Break. The error is for failing to read the chain.
func Verify(ctx context.Context, c Chain) (Report, error) {
	var r Report
	err := c.ReadChain(ctx, func(s Snapshot) error {
		r = Report{}
		head, err := s.Head(ctx)
		if err != nil {
			return err
		}
		r.Head = head
		cps, err := s.Checkpoints(ctx)
		if err != nil {
			return err
		}
		a := Genesis()
		prevSeal := make([]byte, HashSize)
		for i := range cps {
			cp := &cps[i]
			if b := checkCheckpoint(int64(i+1), prevSeal, a, cp); b != nil {
				r.Break = b
				return nil
			}
			a, prevSeal = cp.Anchor(), cp.Seal
			r.Checkpoints++
		}
		r.Start = a
		if head.Seq < a.Seq {
			r.Break = &Break{Seq: head.Seq, Problem: fmt.Sprintf("the chain head (seq %d) is behind the latest checkpoint (seq %d)", head.Seq, a.Seq)}
			return nil
		}
		for e, err := range s.Events(ctx, a.Seq) {
			if err != nil {
				return err
			}
			if b := Check(a, &e); b != nil {
				r.Break = b
				return nil
			}
			if e.Seq > head.Seq {
				r.Break = &Break{Seq: e.Seq, Problem: fmt.Sprintf("event %d is beyond the chain head (seq %d)", e.Seq, head.Seq)}
				return nil
			}
			a = Anchor{Seq: e.Seq, Hash: e.Hash}
			r.Events++
			if r.Events%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
		}
		switch {
		case a.Seq < head.Seq:
			r.Break = &Break{Seq: a.Seq + 1, Problem: fmt.Sprintf("event %d is missing (the chain head is seq %d)", a.Seq+1, head.Seq)}
		case !bytes.Equal(a.Hash, head.Hash):
			r.Break = &Break{Seq: a.Seq, Problem: "hash differs from the chain head's"}
		default:
			r.OK = true
		}
		return nil
	})
	if err != nil {
		return Report{}, fmt.Errorf("verify audit chain: %w", err)
	}
	return r, nil
}

// checkCheckpoint checks that cp is checkpoint id, sealed after prevSeal,
// attesting a seq after a.
func checkCheckpoint(id int64, prevSeal []byte, a Anchor, cp *Checkpoint) *Break {
	switch {
	case cp.ID != id:
		return &Break{Seq: cp.Seq, Checkpoint: cp.ID, Problem: fmt.Sprintf("checkpoint %d is missing", id)}
	case !bytes.Equal(cp.PrevSeal, prevSeal):
		return &Break{Seq: cp.Seq, Checkpoint: cp.ID, Problem: "prev_seal does not match the previous checkpoint's seal"}
	case !bytes.Equal(cp.Seal, CheckpointSeal(cp.PrevSeal, cp)):
		return &Break{Seq: cp.Seq, Checkpoint: cp.ID, Problem: "seal does not match the checkpoint's contents"}
	case cp.Seq <= a.Seq:
		return &Break{Seq: cp.Seq, Checkpoint: cp.ID, Problem: fmt.Sprintf("checkpoint does not advance the chain (previous seq %d)", a.Seq)}
	case len(cp.Hash) != HashSize:
		return &Break{Seq: cp.Seq, Checkpoint: cp.ID, Problem: "hash is not 32 bytes"}
	}
	return nil
}
