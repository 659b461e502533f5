// Package federation answers a question about a patient by asking every
// organisation's source in parallel and merging their answers into one view
// (DESIGN §1 steps 4-8). It resolves the NHS number to each source's local
// patient ids, fans out under per-source deadlines, checks every resource a
// source returns belongs to the patient, and rewrites ids and references so
// the merged view is consistent and names each resource's controller.
//
// Search parameters a source declares are pushed down to it; the engine
// evaluates the rest (Criterion) on each resource as the client will see
// it, federated, and sorts the matches by the request's Order, which page
// cursors then use as a keyset. Include reads referenced resources from
// the source that holds each, for _include.
//
// The access policy plugs in through Request.Filter, which sees every
// resource the engine returns — matches, the merged Patient, supporting
// and included resources — before anything is matched, counted or sorted.
//
// Partial failure is data: each source's outcome is part of the View, and
// what to do about a failed source is the caller's choice.
package federation

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"sync"
	"time"

	"go.opentelemetry.io/otel/metric"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/fhir/search"
	"github.com/shcr/shcr/policy"
)

// Organisation is the data controller behind a source.
type Organisation struct {
	ODS  string
	Name string
	// Kind is gp, acute, social-care, community, mental-health or shcr.
	Kind string
}

// Member is one source taking part in the federation.
type Member struct {
	// ID names the source in federated ids: [a-z0-9-]+, no dots.
	ID           string
	Organisation Organisation
	Source       adapters.Source
	// Timeout bounds each request to the source, resolution included.
	Timeout time.Duration
}

// Options configure an Engine. The zero value works: no telemetry, the
// system clock, JSON decoding for engine-side filters.
type Options struct {
	TracerProvider trace.TracerProvider
	MeterProvider  metric.MeterProvider
	Logger         *slog.Logger
	// Decode turns a resource's bytes into the value Criterion.Match reads.
	Decode func(raw []byte) (any, error)
	// DefaultTimeout applies to members with no Timeout. Zero means 2s.
	DefaultTimeout time.Duration
}

// Engine is the one federation engine over many sources. It is safe for
// concurrent use. Every goroutine it starts for a request has ended by the
// time the method that started it returns.
type Engine struct {
	members []*member
	byID    map[string]*member
	opt     Options
	tracer  trace.Tracer
	metrics metrics
}

type member struct {
	Member
	mu   sync.RWMutex
	caps *adapters.Capabilities // nil until Describe has succeeded
}

var sourceIDPattern = regexp.MustCompile(`^[a-z0-9-]{1,40}$`)

// New builds an Engine. It does no I/O: call Refresh to learn what each
// source can do before serving.
func New(members []Member, opt Options) (*Engine, error) {
	if opt.TracerProvider == nil {
		opt.TracerProvider = tracenoop.NewTracerProvider()
	}
	if opt.MeterProvider == nil {
		opt.MeterProvider = metricnoop.NewMeterProvider()
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Decode == nil {
		opt.Decode = decodeJSON
	}
	if opt.DefaultTimeout == 0 {
		opt.DefaultTimeout = 2 * time.Second
	}
	e := &Engine{byID: map[string]*member{}, opt: opt, tracer: opt.TracerProvider.Tracer("github.com/shcr/shcr/federation")}
	var err error
	if e.metrics, err = newMetrics(opt.MeterProvider); err != nil {
		return nil, err
	}
	for _, m := range members {
		if !sourceIDPattern.MatchString(m.ID) {
			return nil, fmt.Errorf("source id %q must be 1 to 40 of a-z, 0-9 and -", m.ID)
		}
		if _, dup := e.byID[m.ID]; dup {
			return nil, fmt.Errorf("source id %q is used twice", m.ID)
		}
		if m.Source == nil {
			return nil, fmt.Errorf("source %q has no adapter", m.ID)
		}
		if m.Timeout <= 0 {
			m.Timeout = opt.DefaultTimeout
		}
		mm := &member{Member: m}
		e.members = append(e.members, mm)
		e.byID[m.ID] = mm
	}
	return e, nil
}

// Members returns the members in configuration order.
func (e *Engine) Members() []Member {
	out := make([]Member, len(e.members))
	for i, m := range e.members {
		out[i] = m.Member
	}
	return out
}

// Refresh asks every source to Describe itself, in parallel, each within its
// timeout. A source that fails keeps what it last described (or, never
// having described itself, is asked every question until it does). The
// error joins the failures; the engine is usable either way.
func (e *Engine) Refresh(ctx context.Context) error {
	errs := make([]error, len(e.members))
	var wg sync.WaitGroup
	for i, m := range e.members {
		wg.Go(func() {
			cctx, cancel := context.WithTimeout(ctx, m.Timeout)
			defer cancel()
			caps, err := m.Source.Describe(cctx)
			if err != nil {
				errs[i] = fmt.Errorf("describing source %s: %w", m.ID, err)
				return
			}
			m.mu.Lock()
			m.caps = &caps
			m.mu.Unlock()
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// undescribedRetry is how soon RefreshEvery tries again while some source
// has never described itself: a node that was down when the facade started
// should make the facade ready within seconds of coming up, not at the next
// regular refresh, minutes later.
const undescribedRetry = 5 * time.Second

// RefreshEvery calls Refresh every interval until ctx is done, logging
// failures; while some source has never described itself, it refreshes
// every 5 seconds instead (or every interval, if shorter). The caller runs
// it in a goroutine it owns.
func (e *Engine) RefreshEvery(ctx context.Context, interval time.Duration) {
	t := time.NewTimer(e.nextRefresh(interval))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := e.Refresh(ctx); err != nil && ctx.Err() == nil {
				e.opt.Logger.Warn("refreshing source capabilities", "error", err)
			}
			t.Reset(e.nextRefresh(interval))
		}
	}
}

func (e *Engine) nextRefresh(interval time.Duration) time.Duration {
	if !e.Ready() {
		return min(interval, undescribedRetry)
	}
	return interval
}

// Ready reports whether every source has described itself at least once.
func (e *Engine) Ready() bool {
	for _, m := range e.members {
		if m.capabilities() == nil {
			return false
		}
	}
	return true
}

func (m *member) capabilities() *adapters.Capabilities {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.caps
}

// Capabilities returns the union of the types the sources serve, for the
// CapabilityStatement.
func (e *Engine) Capabilities() map[string]bool {
	out := map[string]bool{}
	for _, m := range e.members {
		if c := m.capabilities(); c != nil {
			for t := range c.Types {
				out[t] = true
			}
		}
	}
	return out
}

// Request is one patient-scoped question.
type Request struct {
	// Principal is who asks; sources that audit receive it.
	Principal policy.Principal
	// NHSNumber is the patient, already validated.
	NHSNumber string
	// Type is the resource type searched for; ignored with Everything.
	Type string
	// Everything asks for the patient's whole record ($everything); Types
	// narrows it (_type).
	Everything bool
	Types      []string
	// Criteria are the search parameters, each pushed down to the sources
	// that apply it and evaluated by the engine for the rest.
	Criteria []Criterion
	// Prune names sources that must not be asked at all, with the reason
	// (the access policy's constraints). They are reported as skipped by
	// policy.
	Prune map[string]string
	// AllowType, when set, says which resource types a source may return
	// for this request; a type search is not sent to a source that may not
	// return the type, $everything asks only for allowed types, and
	// resources of other types are left out. Nil allows every type.
	AllowType func(sourceID, resourceType string) bool
	// Sort orders the matches (_sort); empty means DefaultOrder. The
	// merged Patient and included resources are not sorted by it.
	Sort Order
	// Filter is the access policy's hook (DESIGN §1, obligations): when
	// set, the engine asks it about every resource it is about to return
	// (matches, the merged Patient, $everything's supporting resources,
	// and the resources Include reads), after the rewrite into federated
	// form and before the criteria and the sort look at it. Returning false
	// leaves the resource out as if the source had never sent it: it is not
	// counted, matched, sorted, paged or reported. Filter may replace
	// en.Resource (a masked copy, say), and what it leaves is what search
	// parameters and _sort see, so a hidden element can neither be searched
	// for nor inferred from the order. It is called from the goroutines of
	// many sources at once and must be safe for concurrent use.
	Filter func(en *Entry) bool
}

// Criterion is one search parameter.
type Criterion struct {
	// Param is the parameter as pushed down to sources.
	Param adapters.Param
	// Match evaluates the parameter on a resource decoded by
	// Options.Decode. It must not be nil. The resource is the one the
	// client will see: its id, its references and its meta are already
	// federated (see Engine.Search).
	Match func(resource any) (bool, error)
	// EngineOnly keeps the parameter from being pushed down. It is for
	// parameters whose values name what only the federated view holds —
	// federated ids (_id, every reference parameter) and the controller
	// tags and meta.source that the rewrite adds (_tag, _source) — which
	// a source, seeing its own records, would answer differently.
	EngineOnly bool
}

// NewCriterion makes a Criterion from a parameter as FHIR writes it (name
// with any modifier, and value) and its engine-side evaluation.
func NewCriterion(name, value string, match func(resource any) (bool, error)) Criterion {
	return Criterion{Param: adapters.Param{Name: name, Value: value}, Match: match}
}

// Status is what happened at one source.
type Status string

// Source statuses. Only OK means the source's part of the answer is whole.
const (
	StatusOK       Status = "ok"
	StatusSkipped  Status = "skipped"
	StatusFailed   Status = "failed"
	StatusTimedOut Status = "timed-out"
)

// SourceOutcome is one source's part in a request. Nothing in it identifies
// the patient or describes clinical content, so it can be logged and shown.
type SourceOutcome struct {
	SourceID     string
	Organisation Organisation
	Status       Status
	// Reason explains a status other than OK, for people.
	Reason string
	// Code classifies a failure.
	Code adapters.Code
	// PatientKnown is set when the source holds a record for the patient.
	PatientKnown bool
	// Returned counts resources kept from the source.
	Returned int
	// Dropped counts resources the source returned that were not admitted:
	// about another patient, of the wrong type, or malformed.
	Dropped   int
	Truncated bool
	Elapsed   time.Duration
	// ByPolicy marks a source skipped, or resources left out, because of
	// the access policy rather than the source. Its Reason is for the audit
	// trail only; users are told just that some information is not
	// available to them.
	ByPolicy bool
	// Filtered counts resources left out by AllowType.
	Filtered int
}

// Complete reports whether the source's part is whole.
func (o SourceOutcome) Complete() bool {
	return (o.Status == StatusOK || o.Status == StatusSkipped) && !o.Truncated
}

// Entry is one resource of a merged view.
type Entry struct {
	Resource *fhir.Resource
	// Include marks a resource returned because a match references it
	// (search.mode "include").
	Include bool
	// SourceIDs names the sources the resource came from; a merged
	// Patient has several.
	SourceIDs []string
	// Refs are the resource's relative references after rewriting
	// ("Practitioner/gp.doc1"), so a page can carry the supporting
	// resources its matches refer to.
	Refs []string
	// Keys are a match's values for the view's Order, one per key; nil
	// for the merged Patient and included resources.
	Keys []search.SortValue
}

// Position is where the entry sits in its view's Order.
func (en *Entry) Position() Position {
	return Position{Keys: en.Keys, Type: en.Resource.Type, ID: en.Resource.ID}
}

// View is the merged answer.
type View struct {
	NHSNumber string
	Entries   []Entry
	Sources   []SourceOutcome
	// Order is how the matches among Entries are sorted.
	Order Order
}

// Complete reports whether every source's part is whole.
func (v *View) Complete() bool {
	for _, s := range v.Sources {
		if !s.Complete() {
			return false
		}
	}
	return true
}

// Known reports whether any source holds a record for the patient.
func (v *View) Known() bool {
	for _, s := range v.Sources {
		if s.PatientKnown {
			return true
		}
	}
	return false
}

// ErrUnknownSource is returned for a federated id naming no source.
var ErrUnknownSource = errors.New("no such source")

func decodeJSON(raw []byte) (any, error) {
	var v any
	err := unmarshalAny(raw, &v)
	return v, err
}

// memberFor returns the member for a source id.
func (e *Engine) memberFor(id string) (*member, bool) {
	m, ok := e.byID[id]
	return m, ok
}

// contains reports whether ids holds id; the lists are tiny.
func contains(ids []string, id string) bool { return slices.Contains(ids, id) }
