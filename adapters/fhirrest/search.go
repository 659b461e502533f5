package fhirrest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/fhir"
)

// Limits of the compartment strategy.
const (
	// fanOut is how many searches one compartment query runs at once (each
	// request also takes a slot of MaxConcurrent).
	fanOut = 4
	// maxSupporting caps the supporting resources (Organization,
	// Practitioner, ...) fetched for one compartment; past it the answer
	// is Truncated.
	maxSupporting = 200
	// idBatch is how many ids one _id search asks for.
	idBatch = 50
)

// searchState is shared by every request one Search makes.
type searchState struct {
	mu        sync.Mutex
	bytes     int64
	limit     int64
	truncated bool
	dropped   int
}

func (st *searchState) add(n int) (over bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.bytes += int64(n)
	return st.bytes >= st.limit
}

func (st *searchState) truncate() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.truncated = true
}

func (st *searchState) drop(n int) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.dropped += n
}

// Search asks the server. A Patient query (resolution by identifier, or by
// local id) becomes GET [base]/Patient?identifier=...; a compartment type
// query becomes GET [base]/{Type}?patient=<ids> (or subject=Patient/<ids>
// when the server declares only subject) with the parameters the server
// declared for the type; a Compartment query uses Patient/$everything or one
// search per type (see compartment). Every page is followed up to MaxPages;
// the rest is reported Truncated, as are answers that lost invalid entries.
//
// Parameters the server did not declare come back as Residual, except _id
// (any type) and identifier (Patient), which the adapter applies to what the
// server returns in any case.
func (s *Source) Search(ctx context.Context, q adapters.Query) (*adapters.Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := checkQuery(q); err != nil {
		return nil, err
	}
	caps, err := s.capabilities(ctx, false)
	if err != nil {
		return nil, err
	}
	st := &searchState{limit: s.cfg.MaxSearchBytes}
	var res *adapters.Result
	switch {
	case q.Compartment:
		res, err = s.compartment(ctx, caps, q, st)
	case q.Type == "Patient":
		res, err = s.searchPatients(ctx, caps, q, st)
	default:
		res, err = s.searchType(ctx, caps, q, st)
	}
	if err != nil {
		return nil, err
	}
	if st.dropped > 0 {
		s.logger.Warn("dropped invalid entries from the server's answer", "dropped", st.dropped, "type", q.Type)
	}
	res.Truncated = res.Truncated || st.truncated || st.dropped > 0
	return res, nil
}

// checkQuery rejects queries that cannot be asked: bad types or ids, which
// would otherwise end up in URLs.
func checkQuery(q adapters.Query) error {
	if q.Compartment {
		if len(q.Patients) == 0 {
			return fmt.Errorf("searching a compartment: %w: the query names no patient", adapters.ErrInvalidQuery)
		}
		for _, t := range q.Types {
			if !validType(t) {
				return fmt.Errorf("searching a compartment: %w: %q is not a resource type", adapters.ErrInvalidQuery, truncate(t, 64))
			}
		}
	} else if !validType(q.Type) {
		return fmt.Errorf("searching: %w: %q is not a resource type", adapters.ErrInvalidQuery, truncate(q.Type, 64))
	}
	for _, p := range q.Patients {
		if !fhir.ValidID(p) {
			return fmt.Errorf("searching %s: %w: a patient id is not a FHIR id", q.Type, adapters.ErrInvalidQuery)
		}
	}
	return nil
}

// localFilter is a condition the adapter checks itself on what the server
// returns: _id and Patient identifier, which the engine relies on.
type localFilter struct {
	ids    [][]string // each _id parameter's alternatives; all must hold
	idents []string   // identifier parameter values
}

func (f *localFilter) apply(rs []*fhir.Resource) []*fhir.Resource {
	return slices.DeleteFunc(rs, func(r *fhir.Resource) bool {
		for _, alts := range f.ids {
			if !slices.Contains(alts, r.ID) {
				return true
			}
		}
		for _, v := range f.idents {
			if !adapters.IdentifierMatches(r.Identifiers, v) {
				return true
			}
		}
		return false
	})
}

// plan splits a query's parameters into those sent to the server, those the
// adapter applies, and the residual.
func plan(typ string, tc typeCaps, ps []adapters.Param) (push []adapters.Param, local localFilter, residual []adapters.Param) {
	for _, p := range ps {
		switch {
		case p.Name == "_id":
			local.ids = append(local.ids, strings.Split(p.Value, ","))
			if tc.params["_id"] {
				push = append(push, p)
			}
		case p.Name == "identifier" && typ == "Patient":
			// Sent even when undeclared, since resolution has no other
			// way; a server that ignores it is caught by the local check.
			local.idents = append(local.idents, p.Value)
			push = append(push, p)
		case tc.params[p.Name] && pushable(p.Name) && !(fhir.InPatientCompartment(typ) && (p.Name == "patient" || p.Name == "subject")):
			push = append(push, p)
		default:
			residual = append(residual, p)
		}
	}
	return push, local, residual
}

func (s *Source) countParam() adapters.Param {
	return adapters.Param{Name: "_count", Value: strconv.Itoa(s.cfg.PageSize)}
}

// searchType searches one type: scoped to the patients for compartment
// types, unscoped for the others (Organization, Practitioner, ...).
func (s *Source) searchType(ctx context.Context, caps *serverCaps, q adapters.Query, st *searchState) (*adapters.Result, error) {
	what := "searching " + q.Type
	tc, ok := caps.types[q.Type]
	if !ok || !tc.search {
		return nil, fmt.Errorf("%s: %w: the server does not declare searching it", what, adapters.ErrUnimplemented)
	}
	var params []adapters.Param
	if fhir.InPatientCompartment(q.Type) {
		if len(q.Patients) == 0 {
			return nil, fmt.Errorf("%s: %w: the search must name a patient", what, adapters.ErrInvalidQuery)
		}
		link, err := patientLink(q.Type, tc, q.Patients)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		params = append(params, link)
	}
	push, local, residual := plan(q.Type, tc, q.Params)
	params = append(append(params, push...), s.countParam())
	rs, err := s.pages(ctx, what, s.endpoint(params, q.Type), st)
	if err != nil {
		return nil, err
	}
	return &adapters.Result{Resources: local.apply(rs), Residual: residual}, nil
}

// patientLink is the parameter scoping a search of a compartment type to
// the patients.
func patientLink(typ string, tc typeCaps, patients []string) (adapters.Param, error) {
	switch tc.link {
	case "patient":
		return adapters.Param{Name: "patient", Value: strings.Join(patients, ",")}, nil
	case "subject":
		refs := make([]string, len(patients))
		for i, p := range patients {
			refs[i] = "Patient/" + p
		}
		return adapters.Param{Name: "subject", Value: strings.Join(refs, ",")}, nil
	}
	return adapters.Param{}, fmt.Errorf("%w: the server declares no patient or subject parameter for %s", adapters.ErrUnimplemented, typ)
}

// searchPatients finds Patients by identifier, _id or local id. When the
// server cannot search by id it reads each one instead.
func (s *Source) searchPatients(ctx context.Context, caps *serverCaps, q adapters.Query, st *searchState) (*adapters.Result, error) {
	const what = "searching Patient"
	tc, ok := caps.types["Patient"]
	if !ok || !tc.search {
		return nil, fmt.Errorf("%s: %w: the server does not declare searching it", what, adapters.ErrUnimplemented)
	}
	push, local, residual := plan("Patient", tc, q.Params)
	if len(q.Patients) > 0 {
		local.ids = append(local.ids, q.Patients)
	}
	if len(local.ids) == 0 && len(local.idents) == 0 {
		return nil, fmt.Errorf("%s: %w: a patient search needs identifier, _id or a patient", what, adapters.ErrInvalidQuery)
	}
	if len(local.idents) == 0 && !tc.params["_id"] {
		// Only ids, and the server cannot search by them: read each.
		ids := intersect(local.ids)
		rs, err := s.readAll(ctx, "Patient", ids, st)
		if err != nil {
			return nil, err
		}
		return &adapters.Result{Resources: local.apply(rs), Residual: residual}, nil
	}
	if len(q.Patients) > 0 && tc.params["_id"] {
		push = append([]adapters.Param{{Name: "_id", Value: strings.Join(q.Patients, ",")}}, push...)
	}
	rs, err := s.pages(ctx, what, s.endpoint(append(push, s.countParam()), "Patient"), st)
	if err != nil {
		return nil, err
	}
	return &adapters.Result{Resources: local.apply(rs), Residual: residual}, nil
}

// intersect returns the ids every list has, in the first list's order.
func intersect(lists [][]string) []string {
	var out []string
	for _, id := range lists[0] {
		in := true
		for _, l := range lists[1:] {
			in = in && slices.Contains(l, id)
		}
		if in && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// readAll reads resources one by one, in parallel up to fanOut; those that
// do not exist are left out.
func (s *Source) readAll(ctx context.Context, typ string, ids []string, st *searchState) ([]*fhir.Resource, error) {
	tasks := make([]func(context.Context) ([]*fhir.Resource, error), 0, len(ids))
	for _, id := range ids {
		if !fhir.ValidID(id) {
			continue
		}
		tasks = append(tasks, func(ctx context.Context) ([]*fhir.Resource, error) {
			r, err := s.read(ctx, typ, id, st)
			if errors.Is(err, adapters.ErrNotFound) {
				return nil, nil
			}
			if err != nil {
				return nil, err
			}
			return []*fhir.Resource{r}, nil
		})
	}
	return s.parallel(ctx, tasks)
}

// parallel runs tasks, fanOut at a time, and returns their results in
// order. The first error cancels the others and is returned; every task has
// ended when parallel returns.
func (s *Source) parallel(ctx context.Context, tasks []func(context.Context) ([]*fhir.Resource, error)) ([]*fhir.Resource, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make([][]*fhir.Resource, len(tasks))
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	slots := make(chan struct{}, min(fanOut, s.cfg.MaxConcurrent))
launch:
	for i, task := range tasks {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			break launch
		}
		wg.Go(func() {
			defer func() { <-slots }()
			rs, err := task(ctx)
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
				cancel()
				return
			}
			results[i] = rs
		})
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return slices.Concat(results...), nil
}

// pages reads a search's pages, following next links that stay under the
// base, up to MaxPages and the search's byte budget.
func (s *Source) pages(ctx context.Context, what string, u *url.URL, st *searchState) ([]*fhir.Resource, error) {
	var out []*fhir.Resource
	for n := 1; ; n++ {
		body, err := s.get(ctx, u)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		over := st.add(len(body))
		p, err := parseBundle(body, s.limits, s.base)
		if err != nil {
			return nil, fmt.Errorf("%s: %w: %w", what, adapters.ErrBadResponse, err)
		}
		out = append(out, p.resources...)
		if p.dropped > 0 {
			st.drop(p.dropped)
		}
		if p.incomplete {
			st.truncate()
		}
		if p.next == "" {
			return out, nil
		}
		if n >= s.cfg.MaxPages || over {
			st.truncate()
			return out, nil
		}
		if u, err = followable(s.base, u, p.next); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
	}
}

// Read fetches GET [base]/{Type}/{id}. A 404 or 410 is NotFound; so is an
// id that cannot exist.
func (s *Source) Read(ctx context.Context, resourceType, id string) (*fhir.Resource, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !validType(resourceType) || !fhir.ValidID(id) {
		return nil, fmt.Errorf("reading %s: %w: not a valid type and id", truncate(resourceType, 64), adapters.ErrNotFound)
	}
	return s.read(ctx, resourceType, id, nil)
}

func (s *Source) read(ctx context.Context, typ, id string, st *searchState) (*fhir.Resource, error) {
	what := "reading " + typ
	body, err := s.get(ctx, s.endpoint(nil, typ, id))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if st != nil {
		st.add(len(body))
	}
	r, err := fhir.Parse(body, s.limits)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %w", what, adapters.ErrBadResponse, err)
	}
	if r, err = relativize(r, s.base, s.limits); err != nil {
		return nil, fmt.Errorf("%s: %w: %w", what, adapters.ErrBadResponse, err)
	}
	return r, nil
}
