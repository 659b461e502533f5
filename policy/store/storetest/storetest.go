// Package storetest gives tests fresh, isolated governance store DSNs: a
// SQLite file under t.TempDir(), and, when the environment names a
// PostgreSQL server, a new database created for the test and dropped when
// it ends, so that tests and packages running in parallel never share
// state.
//
// The PostgreSQL server is named by SHCR_TEST_POSTGRES, a DSN whose role may
// create databases, as printed by scripts/postgres:
//
//	export SHCR_TEST_POSTGRES="$(scripts/postgres)"
//
// Without it, PostgreSQL tests are skipped with a message saying so, unless
// SHCR_REQUIRE_POSTGRES=1, when they fail instead (for CI).
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Environment variables read by PostgresDSN.
const (
	EnvPostgres        = "SHCR_TEST_POSTGRES"
	EnvRequirePostgres = "SHCR_REQUIRE_POSTGRES"
)

// SQLiteDSN returns the DSN of a new SQLite database file in a directory
// removed when the test ends.
func SQLiteDSN(t testing.TB) string {
	t.Helper()
	return "sqlite://" + filepath.ToSlash(filepath.Join(t.TempDir(), "governance.db"))
}

// PostgresDSN creates an empty database on the server named by
// SHCR_TEST_POSTGRES and returns its DSN; the database is dropped when the
// test ends, after ending any sessions the test left open to it. Without
// SHCR_TEST_POSTGRES it skips the test, or fails it if
// SHCR_REQUIRE_POSTGRES=1.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(EnvPostgres)
	if admin == "" {
		if os.Getenv(EnvRequirePostgres) == "1" {
			t.Fatalf("%s is not set but %s=1: start a server with scripts/postgres and export %s", EnvPostgres, EnvRequirePostgres, EnvPostgres)
		}
		t.Skipf("skipping PostgreSQL test: %s is not set (run: export %s=\"$(scripts/postgres)\")", EnvPostgres, EnvPostgres)
	}
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("%s is not a URL", EnvPostgres)
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	name := "shcr_t_" + hex.EncodeToString(b[:])

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("connect to %s: %v", EnvPostgres, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Errorf("connect to %s to drop the test database: %v", EnvPostgres, err)
			return
		}
		defer conn.Close(ctx)
		// Not DROP ... WITH (FORCE): it also tries to terminate autovacuum
		// workers, which a non-superuser may not. A plain DROP cancels
		// those itself; our own leftover sessions we end first.
		if _, err := conn.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
			WHERE datname = $1 AND usename = current_user AND pid <> pg_backend_pid()`, name); err != nil {
			t.Errorf("end sessions on the test database: %v", err)
		}
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name); err != nil {
			t.Errorf("drop test database: %v", err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

// Dialect is a database kind tests run against.
type Dialect struct {
	// Name is "sqlite" or "postgres", for subtest names.
	Name string
	// DSN returns a fresh, empty database's DSN, or skips the test.
	DSN func(t testing.TB) string
}

// Dialects returns SQLite and PostgreSQL, for tests that run against both:
//
//	for _, d := range storetest.Dialects() {
//		t.Run(d.Name, func(t *testing.T) { dsn := d.DSN(t); ... })
//	}
func Dialects() []Dialect {
	return []Dialect{{Name: "sqlite", DSN: SQLiteDSN}, {Name: "postgres", DSN: PostgresDSN}}
}
