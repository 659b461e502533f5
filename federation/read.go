package federation

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/policy"
)

// ReadResult is one resource read by its federated id.
type ReadResult struct {
	// Resource is rewritten into federated form.
	Resource *fhir.Resource
	// NHSNumber is the patient the resource is about, when the source's
	// record of that patient carries one; "" otherwise.
	NHSNumber string
	Source    SourceOutcome
}

// ErrNotFound is returned when the federated id names nothing.
var ErrNotFound = errors.New("not found")

// SourceError is returned when the one source a read needs did not answer.
type SourceError struct{ Outcome SourceOutcome }

func (e *SourceError) Error() string {
	return fmt.Sprintf("source %s %s", e.Outcome.SourceID, e.Outcome.Reason)
}

// Read fetches one resource by its federated id ("<source>.<local>") from
// the source that holds it. For a resource in a patient's compartment the
// patient is looked up at the same source, so references to them become
// Patient/<nhs-number> and the caller can apply patient-level policy.
func (e *Engine) Read(ctx context.Context, p policy.Principal, resourceType, federatedID string) (*ReadResult, error) {
	ctx, span := e.tracer.Start(ctx, "federation.Read", trace.WithAttributes(attribute.String("fhir.type", resourceType)))
	defer span.End()
	ctx = withCaller(ctx, p)
	sourceID, localID, ok := SplitFederatedID(federatedID)
	if !ok {
		return nil, fmt.Errorf("reading %s: %w", resourceType, ErrNotFound)
	}
	m, ok := e.memberFor(sourceID)
	if !ok {
		return nil, fmt.Errorf("reading %s: %w: %w", resourceType, ErrNotFound, ErrUnknownSource)
	}
	var out *ReadResult
	var readErr error
	results := e.fanOutOne(ctx, m, func(ctx context.Context) SourceOutcome {
		out, readErr = e.readAt(ctx, m, resourceType, localID)
		if readErr == nil {
			return SourceOutcome{Status: StatusOK, Returned: 1, PatientKnown: out.NHSNumber != ""}
		}
		if m.Source.Code(readErr) == adapters.NotFound || errors.Is(readErr, ErrNotFound) {
			return SourceOutcome{Status: StatusOK}
		}
		return e.failed(ctx, m, "reading", readErr)
	})
	if results.Status != StatusOK {
		return nil, &SourceError{Outcome: results}
	}
	if readErr != nil {
		return nil, fmt.Errorf("reading %s: %w", resourceType, ErrNotFound)
	}
	out.Source = results
	return out, nil
}

// fanOutOne runs one source call with the member's timeout, tracing and
// metrics, like fanOut does for many.
func (e *Engine) fanOutOne(ctx context.Context, m *member, call func(context.Context) SourceOutcome) SourceOutcome {
	rs := e.fanOutMembers(ctx, []*member{m}, func(ctx context.Context, _ *member) memberResult {
		return memberResult{outcome: call(ctx)}
	})
	return rs[0].outcome
}

func (e *Engine) readAt(ctx context.Context, m *member, resourceType, localID string) (*ReadResult, error) {
	rd, ok := m.Source.(adapters.Reader)
	if !ok {
		return nil, fmt.Errorf("source %s cannot read by id: %w", m.ID, ErrNotFound)
	}
	r, err := rd.Read(ctx, resourceType, localID)
	if err != nil {
		return nil, err
	}
	if r.Type != resourceType || r.ID != localID {
		return nil, fmt.Errorf("%w: asked for %s/%s, got %s/%s", adapters.ErrBadResponse, resourceType, localID, r.Type, r.ID)
	}
	// Find the patient, so references to them can name the NHS number.
	var patientIDs []string
	switch {
	case r.Type == "Patient":
		patientIDs = []string{r.ID}
	case fhir.InPatientCompartment(r.Type):
		for _, ref := range r.PatientRefs {
			if typ, id, ok := fhir.SplitReference(ref); ok && typ == "Patient" && !slices.Contains(patientIDs, id) {
				patientIDs = append(patientIDs, id)
			}
		}
	}
	nhs := ""
	if len(patientIDs) == 1 {
		p := r
		if r.Type != "Patient" {
			if p, err = rd.Read(ctx, "Patient", patientIDs[0]); err != nil && m.Source.Code(err) != adapters.NotFound {
				return nil, err
			}
		}
		if p != nil {
			for _, id := range p.Identifiers {
				if id.System == fhir.NHSNumberSystem {
					if v, err := fhir.ParseNHSNumber(id.Value); err == nil {
						nhs = v
					}
				}
			}
		}
	}
	locals := patientIDs
	if nhs == "" {
		locals = nil
	}
	w, err := r.Rewrite(e.rewriter(m, nhs, locals)(r.ID))
	if err != nil {
		return nil, err
	}
	return &ReadResult{Resource: w, NHSNumber: nhs}, nil
}
