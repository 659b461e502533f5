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
	"path/filepath"
	"testing"

	"github.com/shcr/shcr/internal/pgtest"
)

// Environment variables read by PostgresDSN.
const (
	EnvPostgres        = pgtest.EnvPostgres
	EnvRequirePostgres = pgtest.EnvRequirePostgres
)

// SQLiteDSN returns the DSN of a new SQLite database file in a directory
// removed when the test ends.
func SQLiteDSN(t testing.TB) string {
	t.Helper()
	return "sqlite://" + filepath.ToSlash(filepath.Join(t.TempDir(), "governance.db"))
}

// PostgresDSN creates an empty database on the server named by
// SHCR_TEST_POSTGRES and returns its DSN; the database is dropped when the
// test ends. Without SHCR_TEST_POSTGRES it skips the test, or fails it if
// SHCR_REQUIRE_POSTGRES=1. See internal/pgtest.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	return pgtest.DSN(t)
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
