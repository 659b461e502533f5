// Package pgtest gives tests fresh, isolated PostgreSQL databases: a new
// database per call, created on the server SHCR_TEST_POSTGRES names and
// dropped when the test ends, so tests and packages running in parallel
// never share state. The SQL source's tests use it directly and
// policy/store/storetest builds the governance store's dialects on it; it
// lives under the module's internal folder so that neither the adapters
// nor policy has to import the other.
//
//	export SHCR_TEST_POSTGRES="$(scripts/postgres)"
//
// Without it, PostgreSQL tests are skipped with a message saying so, unless
// SHCR_REQUIRE_POSTGRES=1, when they fail instead (for CI).
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Environment variables read by DSN.
const (
	EnvPostgres        = "SHCR_TEST_POSTGRES"
	EnvRequirePostgres = "SHCR_REQUIRE_POSTGRES"
)

// DSN creates an empty database and returns its DSN; the database is
// dropped when the test ends, after ending any sessions left open to it.
// Without SHCR_TEST_POSTGRES it skips the test, or fails it if
// SHCR_REQUIRE_POSTGRES=1.
func DSN(t testing.TB) string {
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

// Exec runs a script (several statements, no parameters) on the database
// dsn names.
func Exec(t testing.TB, dsn, script string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect to the test database: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, script); err != nil {
		t.Fatalf("running a script on the test database: %v", err)
	}
}
