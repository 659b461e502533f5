package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// Store is the governance store. It is safe for concurrent use, including by
// several processes sharing one database. Pass contexts with deadlines: a
// server that stops answering holds a call until its context ends.
type Store struct {
	dialect dialect
	// db takes every write. For SQLite it holds a single connection whose
	// transactions begin IMMEDIATE, so writers in this process queue for it
	// (honouring their contexts) instead of spinning on the file lock;
	// writers in other processes wait for the lock up to the busy timeout.
	db *sql.DB
	// rdb serves reads: for SQLite a separate pool of read-only
	// connections, which WAL lets run alongside the writer; for PostgreSQL
	// the same pool as db.
	rdb    *sql.DB
	closed atomic.Bool
}

// Open opens the governance store at dsn and brings its schema up to date.
// The DSN forms are described in the package comment; an invalid one is an
// error wrapping ErrInvalid that names the problem without repeating the
// password. ctx bounds connecting and migrating, not the Store's lifetime.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := parseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("open governance store: %w: %w", ErrInvalid, err)
	}
	s := &Store{dialect: cfg.dialect}
	switch cfg.dialect {
	case dialectSQLite:
		s.db, err = sql.Open("sqlite", sqliteName(cfg.path, false))
		if err != nil {
			return nil, fmt.Errorf("open governance store: sqlite: %w", err)
		}
		s.db.SetMaxOpenConns(1)
		s.db.SetMaxIdleConns(1)
	case dialectPostgres:
		s.db = stdlib.OpenDB(*cfg.pg)
		s.db.SetMaxOpenConns(cfg.maxConns)
		s.db.SetMaxIdleConns(cfg.maxConns)
		s.db.SetConnMaxIdleTime(5 * time.Minute)
		s.rdb = s.db
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if cfg.dialect == dialectSQLite {
		// Readers open after migrating: by then the file exists in WAL mode.
		s.rdb, err = sql.Open("sqlite", sqliteName(cfg.path, true))
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("open governance store: sqlite readers: %w", err)
		}
		s.rdb.SetMaxOpenConns(sqliteReaderConns)
		s.rdb.SetMaxIdleConns(sqliteReaderConns)
		if err := s.rdb.PingContext(ctx); err != nil {
			s.Close()
			return nil, s.wrap(ctx, "open governance store: sqlite readers", err)
		}
	}
	return s, nil
}

// sqliteName is the modernc.org/sqlite data source name for the file at
// path: WAL, a busy timeout, foreign keys on, synchronous=FULL so that a
// commit survives power loss, and, for the writer, IMMEDIATE transactions so
// that a transaction that will write takes the lock at BEGIN rather than
// failing to upgrade later.
func sqliteName(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("_busy_timeout", strconv.Itoa(sqliteBusyTimeoutMilli))
	q.Set("_foreign_keys", "1")
	if readOnly {
		q.Set("_query_only", "1")
	} else {
		q.Set("_journal_mode", "WAL")
		q.Set("_synchronous", "FULL")
		q.Set("_txlock", "immediate")
	}
	return path + "?" + q.Encode()
}

// Close closes the store. Calls after the first return nil; methods called
// after Close fail with ErrUnavailable.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	var errs []error
	if s.db != nil {
		errs = append(errs, s.db.Close())
	}
	if s.rdb != nil && s.rdb != s.db {
		errs = append(errs, s.rdb.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close governance store: %w", err)
	}
	return nil
}

// Ping checks that the store answers, for readiness probes. It fails with
// ErrUnavailable when it does not.
func (s *Store) Ping(ctx context.Context) error {
	const op = "ping governance store"
	if s.closed.Load() {
		return s.wrap(ctx, op, errClosed)
	}
	if err := s.db.PingContext(ctx); err != nil {
		return s.wrap(ctx, op, fmt.Errorf("%w: %w", ErrUnavailable, err))
	}
	if s.rdb != s.db {
		if err := s.rdb.PingContext(ctx); err != nil {
			return s.wrap(ctx, op, fmt.Errorf("%w: %w", ErrUnavailable, err))
		}
	}
	return nil
}

// Dialect returns "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect.String() }

// q returns query, written with ? placeholders, in the store's dialect:
// PostgreSQL numbers them ($1, $2, ...). Queries never contain a literal ?.
func (s *Store) q(query string) string {
	if s.dialect != dialectPostgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

// write runs fn in a write transaction and commits it. For SQLite the
// transaction holds the database's write lock from BEGIN.
func (s *Store) write(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	if s.closed.Load() {
		return s.wrap(ctx, op, errClosed)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.wrap(ctx, op, err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return s.wrap(ctx, op, err)
	}
	if err := tx.Commit(); err != nil {
		return s.wrap(ctx, op, err)
	}
	return nil
}

// exec runs one write statement outside an explicit transaction and returns
// the number of rows it affected.
func (s *Store) exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.q(query), args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// scanner is a *sql.Row or *sql.Rows; like them, not safe for concurrent
// use.
type scanner interface{ Scan(dest ...any) error }

// querier is a *sql.DB (safe for concurrent use) or a *sql.Tx (not).
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// micros converts t to the stored form, Unix microseconds.
func micros(t time.Time) int64 { return t.UnixMicro() }

// fromMicros converts a stored time back, in UTC.
func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// nullMicros converts an optional time: the zero time is NULL.
func nullMicros(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMicro(), Valid: true}
}

// fromNullMicros converts an optional stored time: NULL is the zero time.
func fromNullMicros(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return fromMicros(n.Int64)
}

// now returns the current time at the stored precision.
func now() time.Time { return fromMicros(time.Now().UnixMicro()) }

// truncate returns t at the stored precision, in UTC, or now when t is zero.
func truncateOrNow(t time.Time) time.Time {
	if t.IsZero() {
		return now()
	}
	return fromMicros(t.UnixMicro())
}

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails.
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
