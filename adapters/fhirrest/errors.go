package fhirrest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/circuit"
)

// Errors the adapter returns (wrapped), besides the adapters sentinels.
var (
	// ErrCircuitOpen is returned without any request being made while the
	// circuit breaker is open. Code gives Unavailable.
	ErrCircuitOpen = circuit.ErrOpen
	// ErrForeignNext is returned when a server's next link leaves the
	// configured base (another scheme, host, port or path). Following it
	// would let a server steer shcr, with its credentials, anywhere; Code
	// gives BadResponse.
	ErrForeignNext = fmt.Errorf("next link outside the server's base: %w", adapters.ErrBadResponse)
	// ErrTooLarge is returned when a response is over max_response_bytes.
	// Code gives BadResponse.
	ErrTooLarge = fmt.Errorf("response too large: %w", adapters.ErrBadResponse)
)

// StatusError is an HTTP answer that was not a success. It carries only the
// status: the server's OperationOutcome may quote the query, and with it
// patient identifiers, so it is not kept.
type StatusError struct {
	Status int
}

// Error says which status the server answered.
func (e *StatusError) Error() string {
	return "the server answered " + strconv.Itoa(e.Status) + " " + http.StatusText(e.Status)
}

// Unwrap returns the adapters sentinel error that classifies the status, so
// adapters.CommonCode and errors.Is understand it.
func (e *StatusError) Unwrap() error {
	switch s := e.Status; {
	case s == http.StatusLoopDetected:
		return adapters.ErrLoop
	case s == http.StatusUnauthorized || s == http.StatusForbidden:
		return adapters.ErrDenied
	case s == http.StatusNotFound || s == http.StatusGone:
		return adapters.ErrNotFound
	case s == http.StatusBadRequest || s == http.StatusUnprocessableEntity:
		return adapters.ErrInvalidQuery
	case s == http.StatusMethodNotAllowed || s == http.StatusNotImplemented:
		return adapters.ErrUnimplemented
	case s == http.StatusTooManyRequests || s >= 500:
		return adapters.ErrUnavailable
	}
	// Redirects are not followed (a redirect could point anywhere), and
	// other statuses are not what a FHIR server answers a read with.
	return adapters.ErrBadResponse
}

// retryableStatus reports whether a GET that got status may be tried again.
func retryableStatus(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// breakerFailure reports whether a status says the server is failing, as
// opposed to refusing one request.
func breakerFailure(status int) bool {
	return status == http.StatusTooManyRequests || status >= 500
}

// transportError wraps an error from the HTTP client: with the request's URL
// redacted (see redact), and classified: a timeout of the exchange as a
// deadline, anything else (refused, reset, DNS, TLS) as the source being
// unavailable. Context errors keep their identity, so Code still reports a
// cancellation as one.
func transportError(base, u *url.URL, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	err = &url.Error{Op: "GET", URL: redact(base, u), Err: err}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: %w", context.DeadlineExceeded, err)
	}
	return fmt.Errorf("%w: %w", adapters.ErrUnavailable, err)
}

// redact returns u fit for an error message: without its query (which
// carries search values such as NHS numbers), user info and fragment, and
// with every path segment under base that is not a resource type, an
// operation or "metadata" replaced by {id}, since some systems use the NHS
// number as the Patient's id.
func redact(base, u *url.URL) string {
	path := u.EscapedPath()
	if rest, ok := strings.CutPrefix(u.Path, base.Path+"/"); ok {
		segs := strings.Split(rest, "/")
		for i, seg := range segs {
			if seg != "" && !validType(seg) && !strings.HasPrefix(seg, "$") && seg != "metadata" && seg != "_history" {
				segs[i] = "{id}"
			}
		}
		path = base.Path + "/" + strings.Join(segs, "/")
	}
	return u.Scheme + "://" + u.Host + path
}

// connectError reports whether err is a failure to connect: the request was
// never sent, so trying again cannot repeat it.
func connectError(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// retryable reports whether a failed GET may be tried again.
func retryable(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var se *StatusError
	if errors.As(err, &se) {
		return retryableStatus(se.Status)
	}
	return connectError(err)
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP
// date. It returns -1 when there is none or it cannot be read.
func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return -1
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return -1
		}
		if n > 1<<20 {
			n = 1 << 20 // beyond any cap, without overflowing
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return -1
}

// Code classifies an error from this adapter (DESIGN §5: adapters return raw
// errors, the engine classifies them once). Cancellation and deadlines come
// first; then the HTTP status (401/403 PermissionDenied, 404/410 NotFound,
// 400/422 InvalidArgument, 405/501 Unimplemented, 429/5xx Unavailable);
// failures to connect, DNS and TLS failures and an open circuit are
// Unavailable; malformed, oversized or misdirected answers are BadResponse.
func (s *Source) Code(err error) adapters.Code {
	if c := adapters.CommonCode(err); c != adapters.Unknown {
		return c
	}
	// Errors from below that were not wrapped on the way (there should be
	// none) still classify sensibly.
	var ne net.Error
	if errors.As(err, &ne) {
		if ne.Timeout() {
			return adapters.DeadlineExceeded
		}
		return adapters.Unavailable
	}
	return adapters.Unknown
}
