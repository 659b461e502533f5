package sqlsource

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/shcr/shcr/adapters"
)

// ErrMappingMismatch is wrapped by errors that mean the mapping does not fit
// the database: a column it names is missing or has the wrong type, or a
// query does not compile. It is a configuration fault, reported by Describe.
var ErrMappingMismatch = errors.New("the mapping does not fit the database")

// dbError turns an error from pgx into one that says what happened without
// repeating the server's message, which can quote the values a query was
// given (patient identifiers, clinical text) or the query itself. It keeps
// the SQLSTATE, which is enough to look the fault up, and wraps the
// sentinel that classifies it: adapters.ErrUnavailable, ErrDenied, the
// context's error, or ErrMappingMismatch.
func dbError(ctx context.Context, doing string, err error) error {
	if err == nil {
		return nil
	}
	if cerr := ctx.Err(); cerr != nil {
		return fmt.Errorf("%s: %w", doing, cerr)
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%s: %w", doing, context.DeadlineExceeded)
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("%s: %w", doing, context.Canceled)
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return fmt.Errorf("%s: %w", doing, classifySQLState(pgErr.Code))
	}
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	switch {
	case errors.As(err, &connectErr):
		return fmt.Errorf("%s: %w: cannot connect to the database%s", doing, adapters.ErrUnavailable, netCause(err))
	case errors.As(err, &netErr), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, net.ErrClosed),
		pgconn.SafeToRetry(err):
		return fmt.Errorf("%s: %w: the connection to the database failed%s", doing, adapters.ErrUnavailable, netCause(err))
	}
	return fmt.Errorf("%s: database error (%s)", doing, errKind(err))
}

// netCause names the operating system's reason for a network failure
// (connection refused, timed out), which carries no data.
func netCause(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return " (" + errno.Error() + ")"
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return " (the host name does not resolve)"
	}
	return ""
}

// errKind names an unclassified error by its Go type only.
func errKind(err error) string {
	t := fmt.Sprintf("%T", err)
	if i := strings.LastIndexByte(t, '.'); i >= 0 {
		t = t[i+1:]
	}
	return strings.TrimPrefix(t, "*")
}

// sqlStateError is a PostgreSQL error reduced to its SQLSTATE.
type sqlStateError struct {
	code string
	name string
	kind error // the sentinel it is classified as, or nil
}

func (e *sqlStateError) Error() string {
	msg := "database error SQLSTATE " + e.code
	if e.name != "" {
		msg += " (" + e.name + ")"
	}
	if e.kind != nil {
		msg = e.kind.Error() + ": " + msg
	}
	return msg
}

func (e *sqlStateError) Unwrap() error { return e.kind }

// classifySQLState maps a SQLSTATE to the sentinel that classifies it:
// connection faults, shutdowns and exhausted resources are Unavailable (try
// later), authorisation failures PermissionDenied, a statement timeout
// DeadlineExceeded, and faults in the SQL itself (syntax, unknown column,
// writes refused by the read-only session) the mapping's.
func classifySQLState(code string) error {
	e := &sqlStateError{code: code}
	switch {
	case code == "57014":
		e.name, e.kind = "statement timeout or cancelled", context.DeadlineExceeded
	case strings.HasPrefix(code, "08"):
		e.name, e.kind = "connection exception", adapters.ErrUnavailable
	case code == "57P01", code == "57P02", code == "57P03":
		e.name, e.kind = "server shutting down or starting", adapters.ErrUnavailable
	case strings.HasPrefix(code, "53"):
		e.name, e.kind = "insufficient resources", adapters.ErrUnavailable
	case code == "3D000":
		e.name, e.kind = "no such database", adapters.ErrUnavailable
	case code == "40001", code == "40P01":
		e.name, e.kind = "serialization failure or deadlock", adapters.ErrUnavailable
	case strings.HasPrefix(code, "28"), code == "42501":
		e.name, e.kind = "not authorised", adapters.ErrDenied
	case code == "25006":
		e.name, e.kind = "write in a read-only transaction", ErrMappingMismatch
	case strings.HasPrefix(code, "42"):
		e.name, e.kind = "the query does not compile against the database", ErrMappingMismatch
	case strings.HasPrefix(code, "0A"):
		e.name, e.kind = "the query uses a feature the database does not support there", ErrMappingMismatch
	case strings.HasPrefix(code, "22"):
		e.name = "data exception"
	}
	return e
}
