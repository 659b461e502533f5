package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/shcr/shcr/policy/audit"
)

// Interface guards.
var (
	_ audit.Sink  = (*Store)(nil)
	_ audit.Chain = (*Store)(nil)
)

const eventColumns = `seq, id, recorded_us, action, outcome, user_id, user_role, user_name,
	org_ods, patient_nhs, break_glass, purpose, trace_id, client_id, client_ip, body, prev_hash, hash`

// Record appends e to the audit chain; see Append. It implements audit.Sink:
// nil means the event is committed.
func (s *Store) Record(ctx context.Context, e audit.Event) error {
	_, err := s.Append(ctx, e)
	return err
}

// Append appends e to the audit chain and returns it as stored. An empty
// ID is replaced by a random UUID, a zero Recorded by the current time;
// Recorded is kept to the microsecond, in UTC.
//
// In one transaction it locks the chain head (SELECT ... FOR UPDATE on
// PostgreSQL; SQLite's write lock, taken at BEGIN IMMEDIATE), inserts the
// event with seq = head + 1 and its hash, and moves the head. Concurrent
// appenders, in this process or others, therefore queue on the head and
// the chain stays one gap-free sequence. The event is durable when Append
// returns nil. Errors wrap ErrUnavailable when the store cannot be reached,
// ErrConflict for a duplicate ID and ErrInvalid for an event that fails
// audit.Event.Validate.
func (s *Store) Append(ctx context.Context, e audit.Event) (audit.StoredEvent, error) {
	const op = "record audit event"
	if e.ID == "" {
		e.ID = newUUID()
	}
	e.Recorded = truncateOrNow(e.Recorded)
	if e.Body == nil {
		e.Body = []byte{}
	}
	if err := e.Validate(); err != nil {
		return audit.StoredEvent{}, fmt.Errorf("%s: %w: %w", op, ErrInvalid, err)
	}
	head := "SELECT seq, hash FROM audit_chain_head WHERE id = 1"
	if s.dialect == dialectPostgres {
		head += " FOR UPDATE"
	}
	var out audit.StoredEvent
	err := s.write(ctx, op, func(tx *sql.Tx) error {
		var prev audit.Anchor
		if err := tx.QueryRowContext(ctx, head).Scan(&prev.Seq, &prev.Hash); err != nil {
			return fmt.Errorf("lock chain head: %w", err)
		}
		out = audit.StoredEvent{Event: e, Seq: prev.Seq + 1, PrevHash: prev.Hash}
		out.Hash = audit.EventHash(out.PrevHash, out.Seq, &out.Event)
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO audit_events (`+eventColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
			out.Seq, e.ID, micros(e.Recorded), e.Action, e.Outcome, e.UserID, e.UserRole, e.UserName,
			e.OrgODS, e.PatientNHS, e.BreakGlass, e.Purpose, e.TraceID, e.ClientID, e.ClientIP, e.Body,
			out.PrevHash, out.Hash); err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		if _, err := tx.ExecContext(ctx, s.q("UPDATE audit_chain_head SET seq = ?, hash = ? WHERE id = 1"),
			out.Seq, out.Hash); err != nil {
			return fmt.Errorf("move chain head: %w", err)
		}
		return nil
	})
	if err != nil {
		return audit.StoredEvent{}, err
	}
	return out, nil
}

func scanEvent(r scanner) (audit.StoredEvent, error) {
	var e audit.StoredEvent
	var recorded int64
	err := r.Scan(&e.Seq, &e.ID, &recorded, &e.Action, &e.Outcome, &e.UserID, &e.UserRole, &e.UserName,
		&e.OrgODS, &e.PatientNHS, &e.BreakGlass, &e.Purpose, &e.TraceID, &e.ClientID, &e.ClientIP,
		&e.Body, &e.PrevHash, &e.Hash)
	e.Recorded = fromMicros(recorded)
	return e, err
}

// Search returns the stored events f selects, newest (highest seq) first.
func (s *Store) Search(ctx context.Context, f audit.Filter) ([]audit.StoredEvent, error) {
	const op = "search audit events"
	var where []string
	var args []any
	add := func(cond string, arg any) {
		where = append(where, cond)
		args = append(args, arg)
	}
	if f.PatientNHS != "" {
		add("patient_nhs = ?", f.PatientNHS)
	}
	if f.UserID != "" {
		add("user_id = ?", f.UserID)
	}
	if f.OrgODS != "" {
		add("org_ods = ?", f.OrgODS)
	}
	if f.Action != "" {
		add("action = ?", f.Action)
	}
	if f.Outcome != "" {
		add("outcome = ?", f.Outcome)
	}
	if !f.From.IsZero() {
		add("recorded_us >= ?", micros(f.From))
	}
	if !f.To.IsZero() {
		add("recorded_us < ?", micros(f.To))
	}
	if f.BreakGlass != nil {
		// A literal predicate, so that the partial index applies.
		if *f.BreakGlass {
			where = append(where, "break_glass")
		} else {
			where = append(where, "NOT break_glass")
		}
	}
	if f.Before != 0 {
		add("seq < ?", f.Before)
	}
	if f.After != 0 {
		add("seq > ?", f.After)
	}
	limit := f.Limit
	switch {
	case limit <= 0:
		limit = audit.DefaultLimit
	case limit > audit.MaxLimit:
		limit = audit.MaxLimit
	}
	query := "SELECT " + eventColumns + " FROM audit_events"
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY seq DESC LIMIT ?"
	args = append(args, limit)
	rows, err := s.rdb.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, s.wrap(ctx, op, err)
	}
	defer rows.Close()
	var out []audit.StoredEvent
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, s.wrap(ctx, op, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrap(ctx, op, err)
	}
	return out, nil
}

// ReadChain implements audit.Chain: fn sees one consistent snapshot (a
// read-only REPEATABLE READ transaction on PostgreSQL, a read transaction on
// SQLite's WAL), so appends and prunes running meanwhile do not disturb it.
func (s *Store) ReadChain(ctx context.Context, fn func(audit.Snapshot) error) error {
	const op = "read audit chain"
	var opts *sql.TxOptions
	if s.dialect == dialectPostgres {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	tx, err := s.rdb.BeginTx(ctx, opts)
	if err != nil {
		return s.wrap(ctx, op, err)
	}
	defer tx.Rollback()
	return s.wrap(ctx, op, fn(&snapshot{s: s, tx: tx}))
}

// snapshot implements audit.Snapshot over a read transaction.
type snapshot struct {
	s  *Store
	tx *sql.Tx
}

func (v *snapshot) Head(ctx context.Context) (audit.Anchor, error) {
	return chainHead(ctx, v.tx)
}

func (v *snapshot) Checkpoints(ctx context.Context) ([]audit.Checkpoint, error) {
	rows, err := v.tx.QueryContext(ctx, `SELECT id, seq, hash, pruned_before_us, created_us, prev_seal, seal
		FROM audit_checkpoints ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("read checkpoints: %w", err)
	}
	defer rows.Close()
	var cps []audit.Checkpoint
	for rows.Next() {
		cp, err := scanCheckpoint(rows)
		if err != nil {
			return nil, fmt.Errorf("read checkpoints: %w", err)
		}
		cps = append(cps, cp)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read checkpoints: %w", err)
	}
	return cps, nil
}

func (v *snapshot) Events(ctx context.Context, after int64) iter.Seq2[audit.StoredEvent, error] {
	return events(ctx, v.s, v.tx, after, -1)
}

// chainHead reads the chain head without locking it.
func chainHead(ctx context.Context, q querier) (audit.Anchor, error) {
	var a audit.Anchor
	if err := q.QueryRowContext(ctx, "SELECT seq, hash FROM audit_chain_head WHERE id = 1").Scan(&a.Seq, &a.Hash); err != nil {
		return audit.Anchor{}, fmt.Errorf("read chain head: %w", err)
	}
	return a, nil
}

// events yields the events with after < seq (<= upTo when upTo >= 0) in
// ascending order.
func events(ctx context.Context, s *Store, q querier, after, upTo int64) iter.Seq2[audit.StoredEvent, error] {
	return func(yield func(audit.StoredEvent, error) bool) {
		query := "SELECT " + eventColumns + " FROM audit_events WHERE seq > ?"
		args := []any{after}
		if upTo >= 0 {
			query += " AND seq <= ?"
			args = append(args, upTo)
		}
		rows, err := q.QueryContext(ctx, s.q(query+" ORDER BY seq"), args...)
		if err != nil {
			yield(audit.StoredEvent{}, fmt.Errorf("read events: %w", err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanEvent(rows)
			if err != nil {
				yield(audit.StoredEvent{}, fmt.Errorf("read events: %w", err))
				return
			}
			if !yield(e, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(audit.StoredEvent{}, fmt.Errorf("read events: %w", err))
		}
	}
}

func scanCheckpoint(r scanner) (audit.Checkpoint, error) {
	var cp audit.Checkpoint
	var before, created int64
	err := r.Scan(&cp.ID, &cp.Seq, &cp.Hash, &before, &created, &cp.PrevSeal, &cp.Seal)
	cp.PrunedBefore, cp.Created = fromMicros(before), fromMicros(created)
	return cp, err
}

// PruneResult says what Prune did.
type PruneResult struct {
	// Deleted is the number of events deleted.
	Deleted int64
	// Checkpoint is the checkpoint written, or nil when nothing was deleted.
	Checkpoint *audit.Checkpoint
}

// Prune deletes the oldest events, those recorded before before, for
// retention. It deletes a prefix of the chain: it stops at the first event
// recorded at or after before, even if later ones are older (clocks of
// different replicas disagree a little).
//
// In one transaction it verifies the links of the events it is about to
// delete (refusing, with an error, to prune a broken chain: that would hide
// the evidence), writes an audit.Checkpoint with the seq and hash of the
// last of them, and deletes them; verification of what remains then starts
// at the checkpoint. Concurrent appends carry on (PostgreSQL) or wait
// (SQLite); concurrent prunes queue.
func (s *Store) Prune(ctx context.Context, before time.Time) (PruneResult, error) {
	const op = "prune audit events"
	var res PruneResult
	err := s.write(ctx, op, func(tx *sql.Tx) error {
		res = PruneResult{}
		if s.dialect == dialectPostgres {
			if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", pruneLockKey); err != nil {
				return fmt.Errorf("lock: %w", err)
			}
		}
		start := audit.Genesis()
		prevSeal := make([]byte, audit.HashSize)
		var lastID int64
		cp, err := scanCheckpoint(tx.QueryRowContext(ctx, `SELECT id, seq, hash, pruned_before_us, created_us, prev_seal, seal
			FROM audit_checkpoints ORDER BY id DESC LIMIT 1`))
		switch {
		case err == nil:
			start, prevSeal, lastID = cp.Anchor(), cp.Seal, cp.ID
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("read latest checkpoint: %w", err)
		}
		// The last event to delete: the one before the first event that
		// is recent enough to keep, or the last event if none is.
		var end sql.NullInt64
		err = tx.QueryRowContext(ctx, s.q("SELECT seq FROM audit_events WHERE seq > ? AND recorded_us >= ? ORDER BY seq LIMIT 1"),
			start.Seq, micros(before)).Scan(&end)
		switch {
		case err == nil:
			end.Int64--
		case errors.Is(err, sql.ErrNoRows):
			if err := tx.QueryRowContext(ctx, "SELECT MAX(seq) FROM audit_events").Scan(&end); err != nil {
				return fmt.Errorf("find last event: %w", err)
			}
		default:
			return fmt.Errorf("find first event to keep: %w", err)
		}
		if !end.Valid || end.Int64 <= start.Seq {
			return nil
		}
		a := start
		for e, err := range events(ctx, s, tx, start.Seq, end.Int64) {
			if err != nil {
				return err
			}
			if b := audit.Check(a, &e); b != nil {
				return fmt.Errorf("refusing to prune a broken chain: %s", b)
			}
			a = audit.Anchor{Seq: e.Seq, Hash: e.Hash}
		}
		if a.Seq != end.Int64 {
			return fmt.Errorf("refusing to prune a broken chain: seq %d: event %d is missing", a.Seq+1, a.Seq+1)
		}
		c := audit.Checkpoint{
			ID:           lastID + 1,
			Seq:          a.Seq,
			Hash:         a.Hash,
			PrunedBefore: fromMicros(micros(before)),
			Created:      now(),
			PrevSeal:     prevSeal,
		}
		c.Seal = audit.CheckpointSeal(c.PrevSeal, &c)
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO audit_checkpoints
			(id, seq, hash, pruned_before_us, created_us, prev_seal, seal) VALUES (?, ?, ?, ?, ?, ?, ?)`),
			c.ID, c.Seq, c.Hash, micros(c.PrunedBefore), micros(c.Created), c.PrevSeal, c.Seal); err != nil {
			return fmt.Errorf("write checkpoint: %w", err)
		}
		r, err := tx.ExecContext(ctx, s.q("DELETE FROM audit_events WHERE seq <= ?"), c.Seq)
		if err != nil {
			return fmt.Errorf("delete events: %w", err)
		}
		if res.Deleted, err = r.RowsAffected(); err != nil {
			return fmt.Errorf("delete events: %w", err)
		}
		res.Checkpoint = &c
		return nil
	})
	if err != nil {
		return PruneResult{}, err
	}
	return res, nil
}
