package rest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/shcr/shcr/federation"
	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/policy"
	"github.com/shcr/shcr/policy/audit"
	"github.com/shcr/shcr/policy/auth"
)

// auditFacts is what a request's handlers learn about it for its audit
// event: what was asked, about whom, what the policy said, which sources
// answered, how much was released.
type auditFacts struct {
	action      string
	interaction string
	patient     string
	typ         string
	operation   string
	params      []string
	sources     []federation.SourceOutcome
	returned    int
	decision    policy.Decision
	decided     bool
	authFailure string
}

const ctxAudit = "shcr.audit"

// facts returns the request's audit facts.
func facts(c *gin.Context) *auditFacts {
	if v, ok := c.Get(ctxAudit); ok {
		return v.(*auditFacts)
	}
	return &auditFacts{} // a request outside the audited routes
}

// bufferedWriter holds a response back until its audit event is durable,
// so no byte of data leaves before the access is recorded.
type bufferedWriter struct {
	gin.ResponseWriter
	status      int
	wroteHeader bool
	buf         bytes.Buffer
}

func (w *bufferedWriter) WriteHeader(code int) {
	if !w.wroteHeader {
		w.status, w.wroteHeader = code, true
	}
}
func (w *bufferedWriter) WriteHeaderNow()             { w.wroteHeader = true }
func (w *bufferedWriter) Write(b []byte) (int, error) { w.wroteHeader = true; return w.buf.Write(b) }
func (w *bufferedWriter) WriteString(s string) (int, error) {
	w.wroteHeader = true
	return w.buf.WriteString(s)
}
func (w *bufferedWriter) Status() int   { return w.status }
func (w *bufferedWriter) Size() int     { return w.buf.Len() }
func (w *bufferedWriter) Written() bool { return w.wroteHeader }
func (w *bufferedWriter) Flush()        {}
func (w *bufferedWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return nil, nil, errors.New("hijacking is not supported")
}
func (w *bufferedWriter) release() error {
	w.ResponseWriter.WriteHeader(w.status)
	_, err := w.ResponseWriter.Write(w.buf.Bytes())
	return err
}
func (w *bufferedWriter) unwrapped() gin.ResponseWriter { return w.ResponseWriter }

// audit records one AuditEvent for every request under it — data served,
// refused, or failed — durably, before the response is released. If the
// event cannot be recorded, the response is replaced by a 503 and nothing
// is released (DESIGN §3: fail closed).
func (s *Server) audit() gin.HandlerFunc {
	return func(c *gin.Context) {
		f := &auditFacts{}
		c.Set(ctxAudit, f)
		w := &bufferedWriter{ResponseWriter: c.Writer, status: http.StatusOK}
		c.Writer = w
		c.Next()
		c.Writer = w.unwrapped()

		ev, err := s.auditEvent(c, f, w.status)
		if err == nil {
			// The client may have gone; the access is recorded regardless.
			ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Request.Context()), 10*time.Second)
			err = s.cfg.Audit.Record(ctx, ev)
			cancel()
		}
		if err != nil {
			s.log.Error("recording the audit event failed; nothing released", "request_id", requestID(c), "route", c.FullPath(), "error", err)
			h := c.Writer.Header()
			for _, k := range []string{"Content-Length", "ETag", "Last-Modified", "Location", "Warning"} {
				h.Del(k)
			}
			e := unavailable("the access could not be recorded in the audit trail, so nothing is released; try again later")
			writeFHIR(c, e.Status, fhir.OperationOutcome("", e.Issue))
			return
		}
		if err := w.release(); err != nil {
			s.log.Info("writing the response", "request_id", requestID(c), "error", err)
		}
	}
}

// auditEvent builds the request's event from its facts.
func (s *Server) auditEvent(c *gin.Context, f *auditFacts, status int) (audit.Event, error) {
	p, authenticated := principal(c)
	r := audit.Request{
		ID: requestID(c), Recorded: s.cfg.Now(), Action: f.action, Interaction: f.interaction,
		UserID: p.UserID, UserName: p.Name, UserRole: string(p.Role), OrgODS: p.Organisation, OrgName: s.orgNames[p.Organisation],
		ClientID: p.ClientID, TokenID: p.TokenID, ClientIP: c.ClientIP(), Authenticated: authenticated,
		Patient: f.patient, ResourceType: f.typ, Operation: f.operation, Params: f.params, Returned: f.returned,
		Purpose: p.Purpose, TraceID: requestID(c),
	}
	if r.Action == "" {
		r.Action = audit.ActionSearch
	}
	if ob := p.OnBehalfOf; ob != nil {
		r.OnBehalfOfID, r.OnBehalfOfName, r.OnBehalfOfRole, r.OnBehalfOfOrg = ob.UserID, ob.Name, ob.Role, ob.Org
	}
	if f.decided {
		r.Decision = f.decision.Reason
		r.BreakGlass = f.decision.BreakGlass
		r.BreakGlassReason = f.decision.BreakGlassReason
		if f.decision.Purpose != "" {
			r.Purpose = f.decision.Purpose
		}
	}
	switch {
	case status < 400:
		r.Outcome = "0"
	case status < 500:
		r.Outcome = "4"
		r.Returned = 0
	default:
		r.Outcome = "8"
		r.Returned = 0
	}
	switch {
	case f.authFailure != "":
		r.Action, r.OutcomeText = audit.ActionLoginFailed, "token refused: "+f.authFailure
	case f.decided && !f.decision.Permitted():
		r.OutcomeText = "denied: " + f.decision.Reason
	case status >= 400:
		r.OutcomeText = http.StatusText(status)
	}
	for _, o := range f.sources {
		r.Sources = append(r.Sources, audit.SourceResult{ID: o.SourceID, ODS: o.Organisation.ODS, Name: o.Organisation.Name,
			Status: sourceStatus(o), Returned: o.Returned})
	}
	return r.Event()
}

// sourceStatus is a source's outcome for the audit trail; a source the
// policy kept out says why.
func sourceStatus(o federation.SourceOutcome) string {
	if o.ByPolicy {
		return "not asked: " + o.Reason
	}
	return string(o.Status)
}

// note records facts about the request for its audit event.
func note(c *gin.Context, action, interaction, typ, operation string) {
	f := facts(c)
	f.action, f.interaction, f.typ, f.operation = action, interaction, typ, operation
}

// noteParams records the names (never the values) of the parameters used.
func noteParams(c *gin.Context, params map[string][]string) {
	f := facts(c)
	for name := range params {
		if !slices.Contains(f.params, name) {
			f.params = append(f.params, name)
		}
	}
}

// noteAuthFailure records why a token was refused.
func noteAuthFailure(c *gin.Context, err error) {
	msg := "no token"
	if errors.Is(err, auth.ErrInvalidToken) {
		msg = "invalid token"
	}
	facts(c).authFailure = msg
}
