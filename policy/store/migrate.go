package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// migrationFiles holds the schema migrations, one directory per dialect,
// files named NNNN_description.sql. Both directories hold the same versions.
//
//go:embed migrations
var migrationFiles embed.FS

// Advisory lock keys (PostgreSQL), ASCII "shcrmigr" and "shcrprun".
const (
	migrateLockKey int64 = 0x736863726d696772
	pruneLockKey   int64 = 0x736863727072756e
)

// migration is one schema version.
type migration struct {
	version int64
	name    string
	sql     string
}

// migrations returns the embedded migrations for d in version order. They
// must be numbered 1, 2, 3... without gaps.
func migrations(d dialect) ([]migration, error) {
	dir := path.Join("migrations", d.String())
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, fmt.Errorf("read embedded migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.ParseInt(num, 10, 64)
		if !ok || err != nil || v < 1 {
			return nil, fmt.Errorf("embedded migration %s: name must be NNNN_description.sql", name)
		}
		b, err := fs.ReadFile(migrationFiles, path.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("read embedded migration %s: %w", name, err)
		}
		ms = append(ms, migration{version: v, name: strings.TrimSuffix(name, ".sql"), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != int64(i+1) {
			return nil, fmt.Errorf("embedded migrations: version %d follows %d", m.version, i)
		}
	}
	return ms, nil
}

// migrate applies the migrations the database has not recorded, all in one
// transaction. PostgreSQL: the transaction first takes an advisory lock, so
// concurrent Opens queue and the later ones find nothing to do. SQLite: the
// writer's transactions begin IMMEDIATE, which in WAL mode excludes other
// writers just as EXCLUSIVE would, with the same effect.
//
// A database that records versions this binary does not know (a newer
// release migrated it) is used as it is: migrations only ever add.
func (s *Store) migrate(ctx context.Context) error {
	const op = "migrate governance store"
	ms, err := migrations(s.dialect)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return s.write(ctx, op, func(tx *sql.Tx) error {
		if s.dialect == dialectPostgres {
			if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", migrateLockKey); err != nil {
				return fmt.Errorf("lock: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    BIGINT PRIMARY KEY,
	name       TEXT NOT NULL,
	applied_us BIGINT NOT NULL
)`); err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
		applied := map[int64]string{}
		rows, err := tx.QueryContext(ctx, "SELECT version, name FROM schema_migrations")
		if err != nil {
			return fmt.Errorf("read schema_migrations: %w", err)
		}
		for rows.Next() {
			var v int64
			var name string
			if err := rows.Scan(&v, &name); err != nil {
				rows.Close()
				return fmt.Errorf("read schema_migrations: %w", err)
			}
			applied[v] = name
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("read schema_migrations: %w", err)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read schema_migrations: %w", err)
		}
		for _, m := range ms {
			if name, ok := applied[m.version]; ok {
				if name != m.name {
					return fmt.Errorf("schema version %d is recorded as %q but this binary has %q", m.version, name, m.name)
				}
				continue
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("apply %s: %w", m.name, err)
			}
			if _, err := tx.ExecContext(ctx, s.q("INSERT INTO schema_migrations (version, name, applied_us) VALUES (?, ?, ?)"),
				m.version, m.name, time.Now().UnixMicro()); err != nil {
				return fmt.Errorf("record %s: %w", m.name, err)
			}
		}
		return nil
	})
}

// SchemaVersion returns the highest schema version recorded in the
// database.
func (s *Store) SchemaVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.rdb.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&v)
	return v, s.wrap(ctx, "read schema version", err)
}
