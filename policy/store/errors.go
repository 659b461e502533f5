package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Errors returned by Store methods, always wrapped with what was being done.
// Test for them with errors.Is.
var (
	// ErrNotFound means the record asked for does not exist (or, for an
	// operation on an open or active record, is no longer open or active).
	ErrNotFound = errors.New("not found")
	// ErrUnavailable means the store could not be reached or did not answer
	// in time: it is closed, the server is down or refused the connection,
	// the context's deadline passed, the database is locked, full or
	// failing. Callers answer 503; retrying later may succeed.
	ErrUnavailable = errors.New("governance store unavailable")
	// ErrConflict means the write would duplicate a record that must be
	// unique (an audit event id, an active withheld item or carer
	// relationship).
	ErrConflict = errors.New("conflicts with an existing record")
	// ErrInvalid means the arguments cannot be stored as given (a malformed
	// NHS number, reference or status); the message names the field.
	ErrInvalid = errors.New("invalid argument")
)

// errClosed is returned, wrapped, by methods called after Close.
var errClosed = fmt.Errorf("%w: the store is closed", ErrUnavailable)

// wrap classifies err and wraps it with op, a lowercase description of what
// was being done. It returns nil for a nil err.
func (s *Store) wrap(ctx context.Context, op string, err error) error {
	if err == nil {
		return nil
	}
	switch {
	case errors.Is(err, ErrNotFound), errors.Is(err, ErrUnavailable),
		errors.Is(err, ErrConflict), errors.Is(err, ErrInvalid):
		return fmt.Errorf("%s: %w", op, err)
	case errors.Is(ctx.Err(), context.Canceled):
		// The caller gave up: not the store's fault, and not worth a 503.
		return fmt.Errorf("%s: %w", op, ctx.Err())
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return fmt.Errorf("%s: %w: %w", op, ErrUnavailable, ctx.Err())
	case s.closed.Load():
		return fmt.Errorf("%s: %w", op, errClosed)
	case unavailable(err):
		return fmt.Errorf("%s: %w: %w", op, ErrUnavailable, err)
	case conflict(err):
		return fmt.Errorf("%s: %w: %w", op, ErrConflict, err)
	}
	return fmt.Errorf("%s: %w", op, err)
}

// unavailable reports whether err means the database cannot be used now, as
// opposed to a mistake in what was asked of it.
func unavailable(err error) bool {
	var (
		connectErr *pgconn.ConnectError
		pgErr      *pgconn.PgError
		netErr     net.Error
		sqliteErr  *sqlite.Error
	)
	switch {
	case errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, pgconn.ErrConnClosed),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.As(err, &connectErr), errors.As(err, &netErr),
		pgconn.Timeout(err):
		return true
	case errors.As(err, &pgErr):
		switch {
		case strings.HasPrefix(pgErr.Code, "08"), // connection exception
			strings.HasPrefix(pgErr.Code, "53"), // insufficient resources
			strings.HasPrefix(pgErr.Code, "58"): // system error
			return true
		}
		switch pgErr.Code {
		case "57P01", "57P02", "57P03", // admin/crash shutdown, cannot connect now
			"57014", // query_canceled: statement_timeout
			"25006": // read_only_sql_transaction: a standby after failover
			return true
		}
	case errors.As(err, &sqliteErr):
		switch sqliteErr.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_IOERR,
			sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY,
			sqlite3.SQLITE_NOMEM, sqlite3.SQLITE_PROTOCOL:
			return true
		}
	}
	return false
}

// conflict reports whether err is a uniqueness violation.
func conflict(err error) bool {
	var (
		pgErr     *pgconn.PgError
		sqliteErr *sqlite.Error
	)
	switch {
	case errors.As(err, &pgErr):
		return pgErr.Code == "23505" // unique_violation
	case errors.As(err, &sqliteErr):
		switch sqliteErr.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return true
		}
	}
	return false
}
