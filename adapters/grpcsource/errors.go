package grpcsource

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/shcr/shcr/adapters"
)

// Errors the client returns (wrapped), besides the adapters sentinels and
// StatusError.
var (
	// ErrTooLarge is returned when a Search streams more resource bytes
	// than max_stream_bytes. Code gives BadResponse.
	ErrTooLarge = fmt.Errorf("answer over max_stream_bytes: %w", adapters.ErrBadResponse)
	// ErrIncomplete is returned when a Search stream ends without its
	// summary message, or carries anything after it. Code gives
	// BadResponse.
	ErrIncomplete = fmt.Errorf("search stream not ended by exactly one summary: %w", adapters.ErrBadResponse)
)

// StatusError is a gRPC status other than OK, from the node or from the
// connection to it. It keeps the code and the method but not the status
// message, which a node could fill with anything (a quoted query, and with
// it a patient identifier); Detail says what went wrong only where gRPC or
// TLS on this side can tell (a failed handshake, a message over the size
// cap).
type StatusError struct {
	// Method is the RPC: Describe, Search, Read or ResolvePatient.
	Method string
	Code   codes.Code
	Detail string
}

// Error says which call failed and how.
func (e *StatusError) Error() string {
	s := "calling " + e.Method + " on the node: " + e.Code.String()
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s
}

// Unwrap returns the error that classifies the status for
// adapters.CommonCode and errors.Is:
//
//   - Canceled and DeadlineExceeded: context.Canceled and
//     context.DeadlineExceeded, so the engine sees the request's own end;
//   - NotFound: adapters.ErrNotFound;
//   - InvalidArgument, OutOfRange, FailedPrecondition:
//     adapters.ErrInvalidQuery;
//   - PermissionDenied, Unauthenticated: adapters.ErrDenied (the node's
//     data-sharing rules, or its system, refused);
//   - Unavailable, Aborted: adapters.ErrUnavailable (the node or the
//     connection is down, including a refused TLS handshake);
//   - ResourceExhausted, Internal, DataLoss: adapters.ErrBadResponse (a
//     message over a size cap on either side, or a node whose own system
//     answered with something that was not FHIR);
//   - Unimplemented: adapters.ErrUnimplemented;
//   - anything else (Unknown, AlreadyExists): nil, so Code gives Unknown.
func (e *StatusError) Unwrap() error {
	switch e.Code {
	case codes.Canceled:
		return context.Canceled
	case codes.DeadlineExceeded:
		return context.DeadlineExceeded
	case codes.NotFound:
		return adapters.ErrNotFound
	case codes.InvalidArgument, codes.OutOfRange, codes.FailedPrecondition:
		return adapters.ErrInvalidQuery
	case codes.PermissionDenied, codes.Unauthenticated:
		return adapters.ErrDenied
	case codes.Unavailable, codes.Aborted:
		return adapters.ErrUnavailable
	case codes.ResourceExhausted, codes.Internal, codes.DataLoss:
		return adapters.ErrBadResponse
	case codes.Unimplemented:
		return adapters.ErrUnimplemented
	}
	return nil
}

// rpcError turns an error from a gRPC call into a StatusError.
func rpcError(method string, err error) error {
	st, ok := status.FromError(err)
	if !ok {
		// Not a status (gRPC returns statuses for everything); keep it
		// as it is, classified by what it wraps.
		return fmt.Errorf("calling %s on the node: %w", method, err)
	}
	return &StatusError{Method: method, Code: st.Code(), Detail: localDetail(st)}
}

// localDetail picks out of a status message the part this side wrote: the
// TLS failure behind an Unavailable connection, or the receive-size cap. A
// node's own words are never kept.
func localDetail(st *status.Status) string {
	msg := st.Message()
	switch st.Code() {
	case codes.Unavailable:
		if i := strings.LastIndex(msg, "tls: "); i >= 0 {
			return truncate(strings.TrimRight(msg[i:], `"`), 160)
		}
		if strings.Contains(msg, "connection refused") {
			return "connection refused"
		}
	case codes.ResourceExhausted:
		if strings.Contains(msg, "received message larger than max") {
			return "a message over max_message_bytes"
		}
	}
	return ""
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// Code classifies an error from this source (DESIGN §5: adapters return raw
// errors, the engine classifies them once). See StatusError.Unwrap for how
// gRPC codes map; answers the client rejects itself (not valid FHIR, too
// large, an incomplete stream, the wrong organisation) are BadResponse.
func (s *Source) Code(err error) adapters.Code {
	return adapters.CommonCode(err)
}

// statusOf turns a Source error into the status the node answers with. It
// never carries the source's own error text, which may quote the query. A
// request whose context has ended is answered with its end, whatever the
// source made of it.
func statusOf(ctx context.Context, src adapters.Source, err error) error {
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		return status.Error(codes.Canceled, "the request was cancelled")
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return status.Error(codes.DeadlineExceeded, "the organisation's system did not answer in time")
	}
	code := src.Code(err)
	if code == adapters.Unknown {
		code = adapters.CommonCode(err)
	}
	switch code {
	case adapters.NotFound:
		return status.Error(codes.NotFound, "not found")
	case adapters.InvalidArgument:
		return status.Error(codes.InvalidArgument, "the organisation's system cannot answer this query")
	case adapters.Unavailable:
		return status.Error(codes.Unavailable, "the organisation's system is unavailable")
	case adapters.DeadlineExceeded:
		return status.Error(codes.DeadlineExceeded, "the organisation's system did not answer in time")
	case adapters.Canceled:
		return status.Error(codes.Canceled, "the request was cancelled")
	case adapters.PermissionDenied:
		return status.Error(codes.PermissionDenied, "the organisation's system refused the request")
	case adapters.BadResponse:
		return status.Error(codes.Internal, "the organisation's system sent an answer that is not valid FHIR")
	case adapters.Unimplemented:
		return status.Error(codes.Unimplemented, "the organisation's system does not support this")
	}
	return status.Error(codes.Unknown, "the organisation's system failed")
}
