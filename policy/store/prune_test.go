package store

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shcr/shcr/policy/audit"
)

// minute returns the Recorded time of test event i.
func minute(i int) time.Time { return t0.Add(time.Duration(i) * time.Minute) }

func TestPrune(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		ctx := t.Context()
		stored := appendN(t, s, 10, nhsNumber(t, 0)) // recorded at minutes 0..9

		res, err := s.Prune(ctx, minute(5))
		if err != nil {
			t.Fatalf("Prune: %v", err)
		}
		if res.Deleted != 5 || res.Checkpoint == nil || res.Checkpoint.ID != 1 || res.Checkpoint.Seq != 5 ||
			!bytes.Equal(res.Checkpoint.Hash, stored[4].Hash) || !res.Checkpoint.PrunedBefore.Equal(minute(5)) {
			t.Fatalf("Prune = %+v, want 5 deleted and checkpoint 1 at seq 5", res)
		}
		r := verify(t, s)
		if !r.OK || r.Events != 5 || r.Start.Seq != 5 || r.Checkpoints != 1 {
			t.Fatalf("Verify after prune = %v (start %d), want OK with 5 events from checkpoint seq 5", r, r.Start.Seq)
		}

		// Nothing more to prune before the same cut-off.
		if res, err := s.Prune(ctx, minute(5)); err != nil || res.Deleted != 0 || res.Checkpoint != nil {
			t.Errorf("Prune again = %+v, %v; want nothing done", res, err)
		}
		// Appends carry on after a prune.
		if _, err := s.Append(ctx, testEvent(10, "")); err != nil {
			t.Fatal(err)
		}
		// A second prune chains a second checkpoint.
		res, err = s.Prune(ctx, minute(8))
		if err != nil {
			t.Fatal(err)
		}
		if res.Deleted != 3 || res.Checkpoint.ID != 2 || res.Checkpoint.Seq != 8 {
			t.Fatalf("second Prune = %+v, want 3 deleted and checkpoint 2 at seq 8", res)
		}
		if r := verify(t, s); !r.OK || r.Events != 3 || r.Checkpoints != 2 {
			t.Fatalf("Verify after two prunes = %v, want OK with 3 events and 2 checkpoints", r)
		}
		// Pruning everything leaves a chain that verifies, and grows on.
		if res, err := s.Prune(ctx, minute(1000)); err != nil || res.Deleted != 3 {
			t.Fatalf("Prune all = %+v, %v; want 3 deleted", res, err)
		}
		if r := verify(t, s); !r.OK || r.Events != 0 || r.Head.Seq != 11 {
			t.Fatalf("Verify after pruning all = %v, want OK with 0 events and head 11", r)
		}
		if _, err := s.Append(ctx, testEvent(11, "")); err != nil {
			t.Fatal(err)
		}
		if r := verify(t, s); !r.OK || r.Events != 1 || r.Head.Seq != 12 {
			t.Fatalf("Verify after appending to a pruned chain = %v, want OK with 1 event", r)
		}
	})
}

func TestPruneStopsAtFirstRecentEvent(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		// Event 3 carries a later time (a replica's clock ran ahead): the
		// prefix before it goes, events after it stay though older.
		for i := range 6 {
			e := testEvent(i, "")
			if i == 2 {
				e.Recorded = minute(100)
			}
			if _, err := s.Append(t.Context(), e); err != nil {
				t.Fatal(err)
			}
		}
		res, err := s.Prune(t.Context(), minute(50))
		if err != nil {
			t.Fatal(err)
		}
		if res.Deleted != 2 || res.Checkpoint.Seq != 2 {
			t.Errorf("Prune = %+v, want seq 1..2 deleted", res)
		}
	})
}

func TestPruneRefusesBrokenChain(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		appendN(t, s, 6, "")
		if _, err := s.exec(t.Context(), "UPDATE audit_events SET action = 'create' WHERE seq = 2"); err != nil {
			t.Fatal(err)
		}
		_, err := s.Prune(t.Context(), minute(4))
		if err == nil || !strings.Contains(err.Error(), "refusing to prune a broken chain: seq 2") {
			t.Fatalf("Prune of a tampered prefix = %v, want a refusal naming seq 2", err)
		}
		if r := verify(t, s); r.OK || r.Break.Seq != 2 {
			t.Errorf("Verify after the refused prune = %v, want the break at seq 2 still there", r)
		}
	})
}

func TestVerifyDetectsCheckpointTampering(t *testing.T) {
	type setup struct {
		s      *Store
		stored []audit.StoredEvent
		cp     audit.Checkpoint // checkpoint 2, at seq 6
	}
	exec := func(query string, args ...any) func(t *testing.T, x setup) {
		return func(t *testing.T, x setup) {
			t.Helper()
			if _, err := x.s.exec(t.Context(), query, args...); err != nil {
				t.Fatalf("tamper: %s: %v", query, err)
			}
		}
	}
	junk := bytes.Repeat([]byte{9}, 32)
	tests := []struct {
		name       string
		tamper     func(t *testing.T, x setup)
		want       int64 // first broken seq
		checkpoint int64 // broken checkpoint id, 0 for an event
	}{
		{"checkpoint hash", exec("UPDATE audit_checkpoints SET hash = ? WHERE id = 2", junk), 6, 2},
		{"checkpoint seq", exec("UPDATE audit_checkpoints SET seq = 5 WHERE id = 2"), 5, 2},
		{"checkpoint seal", exec("UPDATE audit_checkpoints SET seal = ? WHERE id = 2", junk), 6, 2},
		{"checkpoint prev_seal", exec("UPDATE audit_checkpoints SET prev_seal = ? WHERE id = 2", junk), 6, 2},
		{"earlier checkpoint", exec("UPDATE audit_checkpoints SET created_us = created_us + 1 WHERE id = 1"), 3, 1},
		{"earlier checkpoint deleted", exec("DELETE FROM audit_checkpoints WHERE id = 1"), 6, 2},
		{"latest checkpoint deleted", exec("DELETE FROM audit_checkpoints WHERE id = 2"), 4, 0},
		{"all checkpoints deleted", exec("DELETE FROM audit_checkpoints"), 1, 0},
		{"first remaining row's prev_hash", exec("UPDATE audit_events SET prev_hash = ? WHERE seq = 7", junk), 7, 0},
		{"first remaining row's body", exec("UPDATE audit_events SET body = ? WHERE seq = 7", []byte("{}")), 7, 0},
		{"first remaining row deleted", exec("DELETE FROM audit_events WHERE seq = 7"), 7, 0},
		{"checkpoint resealed to match a forged first row", func(t *testing.T, x setup) {
			// A forger who rewrites the checkpoint consistently, seal and
			// all, still breaks the first remaining row's hash.
			cp := x.cp
			cp.Hash = junk
			cp.Seal = audit.CheckpointSeal(cp.PrevSeal, &cp)
			exec("UPDATE audit_checkpoints SET hash = ?, seal = ? WHERE id = 2", cp.Hash, cp.Seal)(t, x)
			exec("UPDATE audit_events SET prev_hash = ? WHERE seq = 7", junk)(t, x)
		}, 7, 0},
	}
	forEachDialect(t, func(t *testing.T, dsn string) {
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				s := open(t, dsn)
				for _, q := range []string{"DELETE FROM audit_events", "DELETE FROM audit_checkpoints"} {
					if _, err := s.exec(t.Context(), q); err != nil {
						t.Fatal(err)
					}
				}
				if _, err := s.exec(t.Context(), "UPDATE audit_chain_head SET seq = 0, hash = ? WHERE id = 1", make([]byte, 32)); err != nil {
					t.Fatal(err)
				}
				stored := appendN(t, s, 10, "")
				if _, err := s.Prune(t.Context(), minute(3)); err != nil {
					t.Fatal(err)
				}
				res, err := s.Prune(t.Context(), minute(6))
				if err != nil {
					t.Fatal(err)
				}
				if r := verify(t, s); !r.OK || r.Checkpoints != 2 || r.Start.Seq != 6 {
					t.Fatalf("Verify before tampering = %v, want OK from checkpoint 2 at seq 6", r)
				}
				tc.tamper(t, setup{s: s, stored: stored, cp: *res.Checkpoint})
				r := verify(t, s)
				if r.OK {
					t.Fatalf("Verify after tampering = %v, want a break", r)
				}
				if r.Break.Seq != tc.want || r.Break.Checkpoint != tc.checkpoint {
					t.Errorf("Verify break = %v, want seq %d, checkpoint %d", r.Break, tc.want, tc.checkpoint)
				}
			})
		}
	})
}

func TestSearch(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		alice, bob := nhsNumber(t, 0), nhsNumber(t, 1)
		// 12 events: even ones about alice, odd about bob; users cycle
		// user-0..2; orgs alternate; break-glass on 4 and 9.
		for i := range 12 {
			if _, err := s.Append(t.Context(), testEvent(i, []string{alice, bob}[i%2])); err != nil {
				t.Fatal(err)
			}
		}
		yes, no := true, false
		tests := []struct {
			name string
			f    audit.Filter
			want []int64 // seqs, newest first
		}{
			{"all", audit.Filter{}, []int64{12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1}},
			{"patient", audit.Filter{PatientNHS: alice}, []int64{11, 9, 7, 5, 3, 1}},
			{"user", audit.Filter{UserID: "user-1"}, []int64{11, 8, 5, 2}},
			{"organisation", audit.Filter{OrgODS: "X2B02"}, []int64{12, 10, 8, 6, 4, 2}},
			{"break-glass", audit.Filter{BreakGlass: &yes}, []int64{10, 5}},
			{"not break-glass, patient", audit.Filter{BreakGlass: &no, PatientNHS: bob}, []int64{12, 8, 6, 4, 2}},
			{"time range", audit.Filter{From: minute(3), To: minute(6)}, []int64{6, 5, 4}},
			{"limit", audit.Filter{Limit: 3}, []int64{12, 11, 10}},
			{"before cursor", audit.Filter{Before: 10, Limit: 3}, []int64{9, 8, 7}},
			{"after cursor", audit.Filter{After: 9}, []int64{12, 11, 10}},
			{"patient and user", audit.Filter{PatientNHS: alice, UserID: "user-0"}, []int64{7, 1}},
			{"action", audit.Filter{Action: audit.ActionSearch}, nil},
			{"unknown patient", audit.Filter{PatientNHS: nhsNumber(t, 2)}, nil},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				got, err := s.Search(t.Context(), tc.f)
				if err != nil {
					t.Fatal(err)
				}
				var seqs []int64
				for _, e := range got {
					seqs = append(seqs, e.Seq)
				}
				if fmt.Sprint(seqs) != fmt.Sprint(tc.want) {
					t.Errorf("Search(%+v) seqs = %v, want %v", tc.f, seqs, tc.want)
				}
			})
		}
	})
}
