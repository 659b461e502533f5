package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/shcr/shcr/policy/audit"
	"github.com/shcr/shcr/policy/store/storetest"
)

// testEvent returns a plausible audit event, the i-th of a test.
func testEvent(i int, nhs string) audit.Event {
	id := fmt.Sprintf("ae-%04d", i)
	return audit.Event{
		ID:         id,
		Recorded:   t0.Add(time.Duration(i) * time.Minute),
		Action:     audit.ActionRead,
		Outcome:    "0",
		UserID:     fmt.Sprintf("user-%d", i%3),
		UserRole:   "clinician",
		UserName:   "Dr Test",
		OrgODS:     []string{"X1A01", "X2B02"}[i%2],
		PatientNHS: nhs,
		BreakGlass: i%5 == 4,
		Purpose:    "TREAT",
		TraceID:    fmt.Sprintf("%032x", i),
		ClientID:   "shcr-demo",
		ClientIP:   "192.0.2.10",
		Body:       fmt.Appendf(nil, `{"resourceType":"AuditEvent","id":%q}`, id),
	}
}

// appendN appends n test events and returns them as stored.
func appendN(t *testing.T, s *Store, n int, nhs string) []audit.StoredEvent {
	t.Helper()
	var out []audit.StoredEvent
	for i := range n {
		e, err := s.Append(t.Context(), testEvent(i, nhs))
		if err != nil {
			t.Fatalf("Append %d: %v", i, err)
		}
		out = append(out, e)
	}
	return out
}

func verify(t *testing.T, s *Store) audit.Report {
	t.Helper()
	r, err := audit.Verify(t.Context(), s)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	return r
}

func TestAppendAndVerify(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		if r := verify(t, s); !r.OK || r.Events != 0 {
			t.Fatalf("Verify of an empty chain = %v, want OK with 0 events", r)
		}
		nhs := nhsNumber(t, 0)
		stored := appendN(t, s, 20, nhs)
		for i, e := range stored {
			if e.Seq != int64(i+1) {
				t.Errorf("event %d: Seq = %d, want %d", i, e.Seq, i+1)
			}
			want := audit.EventHash(e.PrevHash, e.Seq, &e.Event)
			if !bytes.Equal(e.Hash, want) {
				t.Errorf("event %d: Hash = %x, want %x", i, e.Hash, want)
			}
			if i > 0 && !bytes.Equal(e.PrevHash, stored[i-1].Hash) {
				t.Errorf("event %d: PrevHash = %x, want the previous hash %x", i, e.PrevHash, stored[i-1].Hash)
			}
		}
		r := verify(t, s)
		if !r.OK || r.Events != 20 || r.Head.Seq != 20 || !bytes.Equal(r.Head.Hash, stored[19].Hash) {
			t.Fatalf("Verify = %v, want OK with 20 events and head 20", r)
		}

		// What is read back is exactly what was hashed.
		got, err := s.Search(t.Context(), audit.Filter{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		want := stored[19]
		if len(got) != 1 || fmt.Sprintf("%+v", got[0]) != fmt.Sprintf("%+v", want) {
			t.Errorf("Search newest = %+v\nwant %+v", got, want)
		}
	})
}

func TestAppendDefaultsAndValidation(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		ctx := t.Context()
		before := time.Now().Add(-time.Second)
		e, err := s.Append(ctx, audit.Event{Action: audit.ActionLoginFailed, Outcome: "4", Recorded: time.Time{}})
		if err != nil {
			t.Fatalf("Append minimal event: %v", err)
		}
		if len(e.ID) != 36 || e.Recorded.Before(before) || e.Recorded.Location() != time.UTC || e.Recorded.Nanosecond()%1000 != 0 {
			t.Errorf("Append defaults: ID %q, Recorded %v; want a UUID and now, in UTC, to the microsecond", e.ID, e.Recorded)
		}
		if _, err := s.Append(ctx, audit.Event{ID: e.ID, Action: audit.ActionRead}); !errors.Is(err, ErrConflict) {
			t.Errorf("Append with a duplicate id = %v, want ErrConflict", err)
		}
		for _, tc := range []struct {
			name string
			e    audit.Event
		}{
			{"no action", audit.Event{}},
			{"NUL in user", audit.Event{Action: "read", UserID: "a\x00b"}},
			{"invalid UTF-8", audit.Event{Action: "read", UserName: "\xff"}},
			{"huge body", audit.Event{Action: "read", Body: make([]byte, audit.MaxBodyBytes+1)}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if _, err := s.Append(ctx, tc.e); !errors.Is(err, ErrInvalid) {
					t.Errorf("Append = %v, want ErrInvalid", err)
				}
			})
		}
		// Failed appends leave no trace in the chain.
		if r := verify(t, s); !r.OK || r.Events != 1 {
			t.Errorf("Verify = %v, want OK with 1 event", r)
		}
	})
}

func TestVerifyDetectsTampering(t *testing.T) {
	const n = 10
	type tamperer func(t *testing.T, s *Store, stored []audit.StoredEvent)
	exec := func(query string, args ...any) tamperer {
		return func(t *testing.T, s *Store, _ []audit.StoredEvent) {
			t.Helper()
			if _, err := s.exec(t.Context(), query, args...); err != nil {
				t.Fatalf("tamper: %s: %v", query, err)
			}
		}
	}
	steps := func(ts ...tamperer) tamperer {
		return func(t *testing.T, s *Store, stored []audit.StoredEvent) {
			for _, f := range ts {
				f(t, s, stored)
			}
		}
	}
	insert := func(e audit.StoredEvent) tamperer {
		return exec(`INSERT INTO audit_events (`+eventColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.Seq, e.ID, micros(e.Recorded), e.Action, e.Outcome, e.UserID, e.UserRole, e.UserName, e.OrgODS,
			e.PatientNHS, e.BreakGlass, e.Purpose, e.TraceID, e.ClientID, e.ClientIP, e.Body, e.PrevHash, e.Hash)
	}
	forged := func(valid bool) tamperer {
		return func(t *testing.T, s *Store, stored []audit.StoredEvent) {
			last := stored[n-1]
			e := audit.StoredEvent{Event: testEvent(99, last.PatientNHS), Seq: n + 1, PrevHash: last.Hash}
			e.Hash = audit.EventHash(e.PrevHash, e.Seq, &e.Event)
			if !valid {
				e.Hash = bytes.Repeat([]byte{7}, 32)
			}
			insert(e)(t, s, stored)
		}
	}
	// rehash rewrites event seq's user and recomputes its hash, as a forger
	// who knows the algorithm would; the next event's prev_hash then breaks.
	rehash := func(seq int64) tamperer {
		return func(t *testing.T, s *Store, stored []audit.StoredEvent) {
			e := stored[seq-1]
			e.UserID = "mallory"
			e.Hash = audit.EventHash(e.PrevHash, e.Seq, &e.Event)
			exec("UPDATE audit_events SET user_id = ?, hash = ? WHERE seq = ?", e.UserID, e.Hash, seq)(t, s, stored)
		}
	}
	tests := []struct {
		name   string
		tamper tamperer
		want   int64 // the first broken seq
	}{
		{"change body", exec("UPDATE audit_events SET body = ? WHERE seq = 4", []byte(`{"resourceType":"AuditEvent","id":"x"}`)), 4},
		{"change user column", exec("UPDATE audit_events SET user_id = 'mallory' WHERE seq = 6"), 6},
		{"change patient column", exec("UPDATE audit_events SET patient_nhs = '' WHERE seq = 2"), 2},
		{"change recorded time by 1µs", exec("UPDATE audit_events SET recorded_us = recorded_us + 1 WHERE seq = 3"), 3},
		{"flip break-glass", exec("UPDATE audit_events SET break_glass = ? WHERE seq = 7", true), 7},
		{"delete first row", exec("DELETE FROM audit_events WHERE seq = 1"), 1},
		{"delete middle row", exec("DELETE FROM audit_events WHERE seq = 5"), 5},
		{"delete last row", exec("DELETE FROM audit_events WHERE seq = 10"), 10},
		{"swap two rows", steps(
			exec("UPDATE audit_events SET seq = -1 WHERE seq = 3"),
			exec("UPDATE audit_events SET seq = 3 WHERE seq = 7"),
			exec("UPDATE audit_events SET seq = 7 WHERE seq = -1"),
		), 3},
		{"renumber a row", exec("UPDATE audit_events SET seq = 100 WHERE seq = 8"), 8},
		{"alter prev_hash", exec("UPDATE audit_events SET prev_hash = ? WHERE seq = 8", bytes.Repeat([]byte{1}, 32)), 8},
		{"alter hash", exec("UPDATE audit_events SET hash = ? WHERE seq = 9", bytes.Repeat([]byte{1}, 32)), 9},
		{"rewrite a row and its hash", rehash(5), 6},
		{"rewrite the last row and its hash", rehash(10), 10},
		{"append a forged row with a valid hash", forged(true), 11},
		{"append a forged row with a bogus hash", forged(false), 11},
		{"head moved back", exec("UPDATE audit_chain_head SET seq = 9 WHERE id = 1"), 10},
		{"head hash altered", exec("UPDATE audit_chain_head SET hash = ? WHERE id = 1", bytes.Repeat([]byte{2}, 32)), 10},
	}
	forEachDialect(t, func(t *testing.T, dsn string) {
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				s := open(t, dsn)
				if _, err := s.exec(t.Context(), "DELETE FROM audit_events"); err != nil {
					t.Fatal(err)
				}
				if _, err := s.exec(t.Context(), "UPDATE audit_chain_head SET seq = 0, hash = ? WHERE id = 1", make([]byte, 32)); err != nil {
					t.Fatal(err)
				}
				stored := appendN(t, s, n, nhsNumber(t, 0))
				if r := verify(t, s); !r.OK {
					t.Fatalf("Verify before tampering = %v", r)
				}
				tc.tamper(t, s, stored)
				r := verify(t, s)
				if r.OK {
					t.Fatalf("Verify after tampering = %v, want a break at seq %d", r, tc.want)
				}
				if r.Break.Seq != tc.want {
					t.Errorf("Verify break = %v, want seq %d", r.Break, tc.want)
				}
			})
		}
	})
}

// TestVerifyReportsHead shows what an outside anchor buys: truncation that
// also rewinds the head verifies, but the head differs from a published one.
func TestVerifyReportsHead(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		stored := appendN(t, s, 3, "")
		published := verify(t, s).Head
		if published.Seq != 3 || !bytes.Equal(published.Hash, stored[2].Hash) {
			t.Fatalf("Report.Head = %+v, want seq 3 and the last hash", published)
		}
		if _, err := s.exec(t.Context(), "DELETE FROM audit_events WHERE seq = 3"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.exec(t.Context(), "UPDATE audit_chain_head SET seq = 2, hash = ? WHERE id = 1", stored[1].Hash); err != nil {
			t.Fatal(err)
		}
		if r := verify(t, s); r.Head.Seq >= published.Seq {
			t.Errorf("after truncation, Report.Head.Seq = %d, want it behind the published %d", r.Head.Seq, published.Seq)
		}
	})
}

func TestConcurrentAppendsOneChain(t *testing.T) {
	const goroutines, perGoroutine = 8, 50
	forEachDialect(t, func(t *testing.T, dsn string) {
		// Two stores with their own pools stand in for two processes.
		stores := []*Store{open(t, dsn), open(t, dsn)}
		var wg sync.WaitGroup
		errs := make(chan error, goroutines*perGoroutine)
		for g := range goroutines {
			wg.Go(func() {
				s := stores[g%len(stores)]
				for i := range perGoroutine {
					e := testEvent(i, "")
					e.ID = fmt.Sprintf("g%d-e%d", g, i)
					ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
					err := s.Record(ctx, e)
					cancel()
					if err != nil {
						errs <- fmt.Errorf("goroutine %d, append %d: %w", g, i, err)
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		const total = goroutines * perGoroutine
		r := verify(t, stores[1])
		if !r.OK || r.Events != total || r.Head.Seq != total {
			t.Fatalf("Verify = %v, want OK with %d events", r, total)
		}
		var count, minSeq, maxSeq, ids int64
		if err := stores[0].db.QueryRowContext(t.Context(),
			"SELECT COUNT(*), MIN(seq), MAX(seq), COUNT(DISTINCT id) FROM audit_events").Scan(&count, &minSeq, &maxSeq, &ids); err != nil {
			t.Fatal(err)
		}
		if count != total || minSeq != 1 || maxSeq != total || ids != total {
			t.Errorf("events: count %d, seq %d..%d, %d ids; want %d, 1..%d, %d", count, minSeq, maxSeq, ids, total, total, total)
		}
	})
}

// proxy forwards TCP connections to a target until it is told to drop or
// freeze them, standing in for a database server that goes away or hangs.
type proxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	conns  []net.Conn
	frozen bool
	wg     sync.WaitGroup
}

func newProxy(t *testing.T, target string) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, target: target}
	p.wg.Go(p.serve)
	t.Cleanup(func() { p.drop(); p.wg.Wait() })
	return p
}

func (p *proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		p.conns = append(p.conns, c)
		frozen := p.frozen
		p.mu.Unlock()
		if frozen {
			continue // accept, never answer
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, up)
		p.mu.Unlock()
		p.wg.Go(func() { p.pipe(up, c) })
		p.wg.Go(func() { p.pipe(c, up) })
	}
}

// pipe copies src to dst, discarding instead once the proxy is frozen.
func (p *proxy) pipe(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			p.mu.Lock()
			frozen := p.frozen
			p.mu.Unlock()
			if !frozen {
				if _, err := dst.Write(buf[:n]); err != nil {
					return
				}
			}
		}
		if err != nil {
			if err != io.EOF {
				src.Close()
			}
			dst.Close()
			return
		}
	}
}

// freeze makes the proxy swallow traffic: the server seems to hang.
func (p *proxy) freeze() {
	p.mu.Lock()
	p.frozen = true
	p.mu.Unlock()
}

// drop closes the listener and every connection: the server is gone.
func (p *proxy) drop() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// viaProxy returns dsn with its host and port replaced by the proxy's, and
// the proxy.
func viaProxy(t *testing.T, dsn string) (string, *proxy) {
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	p := newProxy(t, u.Host)
	u.Host = p.ln.Addr().String()
	return u.String(), p
}

func TestFailClosed(t *testing.T) {
	const deadline = 300 * time.Millisecond
	// within checks that f fails with ErrUnavailable, promptly.
	within := func(t *testing.T, what string, f func(ctx context.Context) error) {
		t.Helper()
		ctx := ctxTimeout(t, deadline)
		start := time.Now()
		err := f(ctx)
		took := time.Since(start)
		t.Logf("%s: %v after %v", what, err, took.Round(time.Millisecond))
		if !errors.Is(err, ErrUnavailable) {
			t.Errorf("%s = %v, want ErrUnavailable", what, err)
		}
		if took > deadline+2*time.Second {
			t.Errorf("%s took %v, want it to end soon after the %v deadline", what, took, deadline)
		}
	}
	record := func(s *Store) func(ctx context.Context) error {
		return func(ctx context.Context) error { return s.Record(ctx, testEvent(1, "")) }
	}

	forEachDialect(t, func(t *testing.T, dsn string) {
		t.Run("closed store", func(t *testing.T) {
			s := open(t, dsn)
			s.Close()
			within(t, "Record on a closed store", record(s))
		})
	})

	t.Run("sqlite/locked by another process", func(t *testing.T) {
		dsn := storetest.SQLiteDSN(t)
		s := open(t, dsn)
		other := open(t, dsn) // its writer connection holds the lock
		tx, err := other.db.BeginTx(t.Context(), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(t.Context(), "UPDATE audit_chain_head SET seq = seq WHERE id = 1"); err != nil {
			t.Fatal(err)
		}
		within(t, "Record while another writer holds the lock", record(s))
		tx.Rollback()
		if err := s.Record(t.Context(), testEvent(2, "")); err != nil {
			t.Errorf("Record once the lock is released = %v, want nil", err)
		}
	})
	t.Run("sqlite/directory missing", func(t *testing.T) {
		within(t, "Open in a missing directory", func(ctx context.Context) error {
			_, err := Open(ctx, "sqlite://"+t.TempDir()+"/missing/governance.db")
			return err
		})
	})

	t.Run("postgres/connection refused", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close() // nothing listens there now
		within(t, "Open of a refused DSN", func(ctx context.Context) error {
			_, err := Open(ctx, "postgres://shcr:shcr@"+addr+"/shcr_test?sslmode=disable")
			return err
		})
	})
	t.Run("postgres/server never answers", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close() // accepts (into the backlog), never answers
		within(t, "Open of a silent server", func(ctx context.Context) error {
			_, err := Open(ctx, "postgres://shcr:shcr@"+ln.Addr().String()+"/shcr_test?sslmode=disable")
			return err
		})
	})
	t.Run("postgres/server goes away", func(t *testing.T) {
		dsn, p := viaProxy(t, storetest.PostgresDSN(t))
		s := open(t, dsn)
		if err := s.Record(t.Context(), testEvent(1, "")); err != nil {
			t.Fatalf("Record through the proxy = %v", err)
		}
		p.drop()
		within(t, "Record after the server went away", record(s))
		within(t, "Ping after the server went away", s.Ping)
	})
	t.Run("postgres/server hangs", func(t *testing.T) {
		dsn, p := viaProxy(t, storetest.PostgresDSN(t))
		s := open(t, dsn)
		if err := s.Record(t.Context(), testEvent(1, "")); err != nil {
			t.Fatalf("Record through the proxy = %v", err)
		}
		p.freeze()
		within(t, "Record while the server hangs", record(s))
	})
}
