package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/policy/store/storetest"
)

// forEachDialect runs f as a subtest against a fresh SQLite database and a
// fresh PostgreSQL database (skipped when none is configured).
func forEachDialect(t *testing.T, f func(t *testing.T, dsn string)) {
	t.Helper()
	for _, d := range storetest.Dialects() {
		t.Run(d.Name, func(t *testing.T) { f(t, d.DSN(t)) })
	}
}

// open opens the store at dsn and closes it when the test ends.
func open(t testing.TB, dsn string) *Store {
	t.Helper()
	s, err := Open(t.Context(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// nhsNumber returns the i-th synthetic NHS number in the 999 range that
// passes the modulus 11 check.
func nhsNumber(t testing.TB, i int) string {
	t.Helper()
	for n := 999000000; n < 999999999; n++ {
		prefix := fmt.Sprint(n)
		if d, ok := fhir.NHSNumberCheckDigit(prefix); ok {
			if i == 0 {
				return fmt.Sprintf("%s%d", prefix, d)
			}
			i--
		}
	}
	t.Fatal("ran out of NHS numbers")
	return ""
}

func TestMigrationsMatchAcrossDialects(t *testing.T) {
	sq, err := migrations(dialectSQLite)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := migrations(dialectPostgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(sq) == 0 || len(sq) != len(pg) {
		t.Fatalf("got %d sqlite and %d postgres migrations, want the same non-zero number", len(sq), len(pg))
	}
	for i := range sq {
		if sq[i].version != pg[i].version || sq[i].name != pg[i].name {
			t.Errorf("migration %d: sqlite %d %q, postgres %d %q", i, sq[i].version, sq[i].name, pg[i].version, pg[i].name)
		}
	}
}

// appliedMigrations returns schema_migrations as version → applied_us.
func appliedMigrations(t *testing.T, s *Store) map[int64]int64 {
	t.Helper()
	rows, err := s.db.QueryContext(t.Context(), "SELECT version, applied_us FROM schema_migrations")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[int64]int64{}
	for rows.Next() {
		var v, at int64
		if err := rows.Scan(&v, &at); err != nil {
			t.Fatal(err)
		}
		got[v] = at
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return got
}

func TestMigrations(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		t.Run("fresh", func(t *testing.T) {
			s := open(t, dsn)
			want, err := migrations(s.dialect)
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.SchemaVersion(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if got != int64(len(want)) {
				t.Errorf("SchemaVersion = %d, want %d", got, len(want))
			}
			if applied := appliedMigrations(t, s); len(applied) != len(want) {
				t.Errorf("schema_migrations has %d rows, want %d", len(applied), len(want))
			}
		})
		t.Run("reopen applies nothing", func(t *testing.T) {
			s1 := open(t, dsn)
			before := appliedMigrations(t, s1)
			s1.Close()
			s2 := open(t, dsn)
			after := appliedMigrations(t, s2)
			if fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("schema_migrations after reopening = %v, want unchanged %v", after, before)
			}
		})
		t.Run("recorded name differs", func(t *testing.T) {
			s := open(t, dsn)
			if _, err := s.exec(t.Context(), "UPDATE schema_migrations SET name = 'something_else' WHERE version = 1"); err != nil {
				t.Fatal(err)
			}
			s.Close()
			_, err := Open(t.Context(), dsn)
			if err == nil {
				t.Fatal("Open succeeded on a database whose schema_migrations disagrees with the binary")
			}
			if want := `schema version 1 is recorded as "something_else"`; !strings.Contains(err.Error(), want) {
				t.Errorf("Open error = %v, want it to contain %q", err, want)
			}
		})
	})
}

func TestConcurrentOpens(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		const n = 6
		var wg sync.WaitGroup
		stores := make([]*Store, n)
		errs := make([]error, n)
		start := make(chan struct{})
		for i := range n {
			wg.Go(func() {
				<-start
				stores[i], errs[i] = Open(t.Context(), dsn)
			})
		}
		close(start)
		wg.Wait()
		for i := range n {
			if errs[i] != nil {
				t.Errorf("Open %d: %v", i, errs[i])
				continue
			}
			defer stores[i].Close()
		}
		if t.Failed() {
			return
		}
		want, _ := migrations(stores[0].dialect)
		if got := appliedMigrations(t, stores[0]); len(got) != len(want) {
			t.Errorf("schema_migrations has %d rows after %d concurrent opens, want %d", len(got), n, len(want))
		}
	})
}

func TestPingAndClose(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		s, err := Open(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Ping(t.Context()); err != nil {
			t.Fatalf("Ping on an open store = %v, want nil", err)
		}
		if err := s.Close(); err != nil {
			t.Fatalf("Close = %v", err)
		}
		if err := s.Close(); err != nil {
			t.Fatalf("second Close = %v, want nil", err)
		}
		if err := s.Ping(t.Context()); !errors.Is(err, ErrUnavailable) {
			t.Errorf("Ping after Close = %v, want ErrUnavailable", err)
		}
		if _, err := s.ListConsents(t.Context(), nhsNumber(t, 0)); !errors.Is(err, ErrUnavailable) {
			t.Errorf("ListConsents after Close = %v, want ErrUnavailable", err)
		}
	})
}

// ctxTimeout returns a context that ends after d or with the test.
func ctxTimeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), d)
	t.Cleanup(cancel)
	return ctx
}

func TestSQLitePragmas(t *testing.T) {
	s := open(t, storetest.SQLiteDSN(t))
	for _, tc := range []struct {
		pragma string
		want   string
	}{
		{"journal_mode", "wal"},
		{"synchronous", "2"}, // FULL
		{"foreign_keys", "1"},
		{"busy_timeout", fmt.Sprint(sqliteBusyTimeoutMilli)},
	} {
		for name, db := range map[string]*sql.DB{"writer": s.db, "reader": s.rdb} {
			var got string
			if err := db.QueryRowContext(t.Context(), "PRAGMA "+tc.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if tc.pragma == "synchronous" && name == "reader" {
				continue // readers never commit
			}
			if got != tc.want {
				t.Errorf("%s: PRAGMA %s = %s, want %s", name, tc.pragma, got, tc.want)
			}
		}
	}
}
