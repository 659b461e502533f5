package rest

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/shcr/shcr/fhir"
)

// Error is an error with the HTTP status and OperationOutcome issue it
// should be answered with. Handlers return it; the one renderer writes it.
type Error struct {
	Status int
	Issue  fhir.Issue
	// Header holds extra response headers (WWW-Authenticate, Retry-After).
	Header http.Header
	// Err is the underlying cause, logged but never sent.
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%d %s: %v", e.Status, e.Issue.Diagnostics, e.Err)
	}
	return fmt.Sprintf("%d %s", e.Status, e.Issue.Diagnostics)
}

func (e *Error) Unwrap() error { return e.Err }

func newError(status int, code, msg string) *Error {
	return &Error{Status: status, Issue: fhir.Issue{Severity: fhir.SeverityError, Code: code, Diagnostics: msg}}
}

func badRequest(msg string) *Error { return newError(http.StatusBadRequest, fhir.IssueInvalid, msg) }
func notFound(msg string) *Error   { return newError(http.StatusNotFound, fhir.IssueNotFound, msg) }
func forbidden(msg string) *Error  { return newError(http.StatusForbidden, fhir.IssueForbidden, msg) }
func unavailable(msg string) *Error {
	return newError(http.StatusServiceUnavailable, fhir.IssueTransient, msg)
}
func notSupported(msg string) *Error {
	return newError(http.StatusBadRequest, fhir.IssueNotSupported, msg)
}

func unauthorized(msg string) *Error {
	e := newError(http.StatusUnauthorized, fhir.IssueLogin, msg)
	e.Header = http.Header{}
	e.Header.Set("WWW-Authenticate", fmt.Sprintf(`Bearer realm="shcr", error="invalid_token", error_description=%q`, msg))
	return e
}

// handle adapts a handler that returns an error to gin, rendering the error
// as an OperationOutcome. Errors that are not *Error are internal: the
// client gets a 500 with an error id, and the log gets the id and the cause.
func (s *Server) handle(h func(c *gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := h(c); err != nil {
			// Abort first: a middleware's error must stop the chain, or
			// the handlers after it (the data!) would still run.
			c.Abort()
			s.renderError(c, err)
		}
	}
}

func (s *Server) renderError(c *gin.Context, err error) {
	var e *Error
	if !errors.As(err, &e) {
		id := errorID()
		s.log.Error("request failed", "error_id", id, "route", c.FullPath(), "error", err)
		e = newError(http.StatusInternalServerError, fhir.IssueException,
			"the server failed to process the request; quote error id "+id+" to the service desk")
		e.Issue.Severity = fhir.SeverityFatal
	} else if e.Err != nil {
		s.log.Info("request refused", "route", c.FullPath(), "status", e.Status, "error", e.Err)
	}
	for k, vs := range e.Header {
		for _, v := range vs {
			c.Writer.Header().Add(k, v)
		}
	}
	c.Set(ctxOutcomeStatus, e.Status)
	writeFHIR(c, e.Status, fhir.OperationOutcome("", e.Issue))
}

func errorID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// writeFHIR writes a FHIR JSON body.
func writeFHIR(c *gin.Context, status int, body []byte) {
	c.Data(status, "application/fhir+json; charset=utf-8", body)
}
