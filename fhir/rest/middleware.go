package rest

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/policy"
	"github.com/shcr/shcr/policy/auth"
)

// Keys of values kept on the gin context.
const (
	ctxPrincipal     = "shcr.principal"
	ctxOutcomeStatus = "shcr.status"
	ctxRequestID     = "shcr.request-id"
)

// requestID is the request's id: its trace id when tracing is on, a random
// id otherwise. It is the id of the request's audit event, names break-glass
// alerts, goes to the sources as the correlation id and back to the client
// as X-Request-Id.
func requestID(c *gin.Context) string {
	return c.GetString(ctxRequestID)
}

// recoverer turns a panic into a 500 OperationOutcome with an error id, so
// one bad request cannot take the server down or leave the client hanging.
func (s *Server) recoverer() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				id := errorID()
				s.log.Error("panic serving request", "error_id", id, "route", c.FullPath(), "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if !c.Writer.Written() {
					e := newError(http.StatusInternalServerError, fhir.IssueException,
						"the server failed to process the request; quote error id "+id+" to the service desk")
					e.Issue.Severity = fhir.SeverityFatal
					writeFHIR(c, e.Status, fhir.OperationOutcome("", e.Issue))
				}
				c.Abort()
			}
		}()
		c.Next()
	}
}

// observe starts the request's span and writes the access log. Both name
// the route template, never the path or query, which carry NHS numbers.
func (s *Server) observe() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		ctx, span := s.tracer.Start(c.Request.Context(), c.Request.Method+" "+route,
			trace.WithSpanKind(trace.SpanKindServer),
			trace.WithAttributes(attribute.String("http.request.method", c.Request.Method), attribute.String("http.route", route)))
		c.Request = c.Request.WithContext(ctx)
		id := errorID() + errorID()
		if sc := span.SpanContext(); sc.HasTraceID() {
			id = sc.TraceID().String()
		}
		c.Set(ctxRequestID, id)
		c.Header("X-Request-Id", id)
		c.Next()
		status := c.Writer.Status()
		span.SetAttributes(attribute.Int("http.response.status_code", status))
		if status >= 500 {
			span.SetStatus(codes.Error, http.StatusText(status))
		}
		span.End()
		attrs := []any{"method", c.Request.Method, "route", route, "status", status, "duration_ms", time.Since(start).Milliseconds()}
		if p, ok := principal(c); ok {
			attrs = append(attrs, "role", string(p.Role), "org", p.Organisation)
		}
		if sc := span.SpanContext(); sc.HasTraceID() {
			attrs = append(attrs, "trace_id", sc.TraceID().String())
		}
		s.log.Info("request", attrs...)
	}
}

// timeout bounds the request; every source call inherits the deadline.
func (s *Server) timeout() gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), s.cfg.RequestTimeout)
		defer cancel()
		c.Request = c.Request.WithContext(ctx)
		c.Next()
	}
}

// negotiate accepts JSON only: application/fhir+json, application/json,
// the legacy application/json+fhir, and _format=json. Anything else is 406
// (what the client accepts) or 415 (what the client sent).
func (s *Server) negotiate() gin.HandlerFunc {
	return s.handle(func(c *gin.Context) error {
		if strings.HasSuffix(c.Request.URL.Path, "/$sar") && wantsZip(c) {
			c.Next() // a subject access request may be answered as a zip
			return nil
		}
		if f, ok := c.GetQuery("_format"); ok {
			if !jsonFormat(f) {
				return newError(http.StatusNotAcceptable, fhir.IssueNotSupported,
					fmt.Sprintf("_format %q is not supported: this server speaks FHIR JSON only (use _format=json)", truncate(f, 40)))
			}
		} else if !acceptsJSON(c.GetHeader("Accept")) {
			return newError(http.StatusNotAcceptable, fhir.IssueNotSupported,
				"the Accept header allows no format this server produces: use application/fhir+json")
		}
		if c.Request.Method == http.MethodPost || c.Request.Method == http.MethodPut {
			mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
			if err != nil || !(mt == "application/x-www-form-urlencoded" || jsonFormat(mt)) {
				return newError(http.StatusUnsupportedMediaType, fhir.IssueNotSupported,
					"the request body must be application/fhir+json (or a form for _search)")
			}
		}
		c.Next()
		return nil
	})
}

func jsonFormat(f string) bool {
	mt := strings.ToLower(strings.TrimSpace(strings.SplitN(f, ";", 2)[0]))
	switch mt {
	case "json", "application/json", "application/fhir+json", "application/json+fhir":
		return true
	}
	return false
}

func acceptsJSON(accept string) bool {
	if strings.TrimSpace(accept) == "" {
		return true
	}
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		if params["q"] == "0" || params["q"] == "0.0" || params["q"] == "0.00" || params["q"] == "0.000" {
			continue
		}
		switch mt {
		case "*/*", "application/*", "application/json", "application/fhir+json", "application/json+fhir":
			return true
		}
	}
	return false
}

// authenticate requires a valid bearer token and keeps the principal on the
// context.
func (s *Server) authenticate() gin.HandlerFunc {
	return s.handle(func(c *gin.Context) error {
		h := c.GetHeader("Authorization")
		scheme, tok, _ := strings.Cut(h, " ")
		if h == "" {
			noteAuthFailure(c, auth.ErrNoToken)
			return unauthorized("this request needs an access token: send Authorization: Bearer <token>")
		}
		if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
			noteAuthFailure(c, auth.ErrNoToken)
			return unauthorized("the Authorization header must be Bearer <token>")
		}
		p, err := s.cfg.Verifier.Verify(c.Request.Context(), strings.TrimSpace(tok))
		if err != nil {
			noteAuthFailure(c, err)
			msg := "the access token could not be checked; try again later"
			if errors.Is(err, auth.ErrInvalidToken) {
				msg = strings.TrimPrefix(err.Error(), auth.ErrInvalidToken.Error()+": ")
			}
			e := unauthorized(msg)
			e.Err = err
			return e
		}
		p, err = s.peer(c, p)
		if err != nil {
			return err
		}
		c.Set(ctxPrincipal, p)
		c.Next()
		return nil
	})
}

// Headers another shared care record sends with the requests it makes for
// its users (see fhirrest's CallerHeaders).
const (
	hopsHeader       = "X-Shcr-Hops"
	maxHops          = 5
	forwardedUser    = "X-Request-User-Id"
	forwardedName    = "X-Request-User-Name"
	forwardedRole    = "X-Request-User-Role"
	forwardedOrg     = "X-Request-User-Org"
	forwardedPurpose = "X-Request-Purpose"
)

// peer adds to the principal the path the request came by, refusing one
// that has already passed through this shared care record (508), and, for a
// system principal (another shared care record, an integration engine), the
// end user and purpose it forwards, so the audit trail names the person and
// the policy checks their purpose.
func (s *Server) peer(c *gin.Context, p policy.Principal) (policy.Principal, error) {
	if raw := c.GetHeader(hopsHeader); raw != "" {
		raw, _ = url.PathUnescape(raw)
		hops := strings.Split(raw, ",")
		for _, h := range hops {
			if !validInstanceID(h) {
				return p, badRequest(hopsHeader + " must list shared care record ids separated by commas")
			}
			if h == s.cfg.InstanceID {
				return p, &Error{Status: http.StatusLoopDetected, Issue: fhir.Issue{Severity: fhir.SeverityError, Code: fhir.IssueProcessing,
					Diagnostics: "this request has already passed through this shared care record (" + s.cfg.InstanceID + "); it is not answered again, so requests cannot go round in circles"}}
			}
		}
		if len(hops) >= maxHops {
			return p, &Error{Status: http.StatusLoopDetected, Issue: fhir.Issue{Severity: fhir.SeverityError, Code: fhir.IssueTooCostly,
				Diagnostics: fmt.Sprintf("this request has passed through %d shared care records; at most %d are chained", len(hops), maxHops)}}
		}
		p.Via = hops
	}
	p.Via = append(p.Via, s.cfg.InstanceID)
	if p.Role == policy.RoleSystem {
		get := func(h string) string { v, _ := url.PathUnescape(c.GetHeader(h)); return truncate(v, 200) }
		if user := get(forwardedUser); user != "" {
			p.OnBehalfOf = &policy.Requester{UserID: user, Name: get(forwardedName), Role: get(forwardedRole), Org: get(forwardedOrg)}
		}
		if purpose := get(forwardedPurpose); purpose != "" {
			p.Purpose = purpose
		}
	}
	return p, nil
}

// validInstanceID reports whether s can name a shared care record in a
// hops list.
func validInstanceID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// peerRequest reports whether the request came from another shared care
// record.
func peerRequest(c *gin.Context) bool { return c.GetHeader(hopsHeader) != "" }

func principal(c *gin.Context) (policy.Principal, bool) {
	v, ok := c.Get(ctxPrincipal)
	if !ok {
		return policy.Principal{}, false
	}
	p, ok := v.(policy.Principal)
	return p, ok
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
