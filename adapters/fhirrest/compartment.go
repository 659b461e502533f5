package fhirrest

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/fhir"
)

// compartment answers a Compartment query: the patients, everything in
// their compartments, and the resources outside any compartment that those
// reference (Organization, Practitioner, Medication, ...).
//
// With Compartment "auto", a server that declares Patient/$everything is
// asked GET [base]/Patient/{id}/$everything for each patient (in parallel),
// unless the query narrows the types, when per-type searches are cheaper.
// Types that list every type the server offers do not narrow: the engine
// sends them whenever the access policy is on, and one $everything costs
// one request where the per-type searches cost one per type.
// Otherwise the adapter runs one search per compartment type the server can
// search by patient (fanOut at a time), reads the patients, and then fetches
// the supporting resources those results reference (one level deep) with
// _id searches, or reads where the server has no _id, up to maxSupporting;
// references the server cannot resolve (404) are left dangling, as they are
// at the source. Query.Params are not applied here and come back as residual.
func (s *Source) compartment(ctx context.Context, caps *serverCaps, q adapters.Query, st *searchState) (*adapters.Result, error) {
	want := func(typ string) bool { return len(q.Types) == 0 || slices.Contains(q.Types, typ) }
	var (
		rs  []*fhir.Resource
		err error
	)
	switch {
	case s.cfg.Compartment == CompartmentEverything && !caps.everything:
		return nil, fmt.Errorf("searching a compartment: %w: the server does not declare Patient/$everything", adapters.ErrUnimplemented)
	case s.cfg.Compartment == CompartmentEverything,
		s.cfg.Compartment == CompartmentAuto && caps.everything && !narrows(caps, q.Types):
		rs, err = s.everything(ctx, q.Patients, st)
	default:
		rs, err = s.searchCompartment(ctx, caps, q.Patients, want, st)
	}
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	rs = slices.DeleteFunc(rs, func(r *fhir.Resource) bool {
		k := r.Type + "/" + r.ID
		if seen[k] || !want(r.Type) {
			return true
		}
		seen[k] = true
		return false
	})
	return &adapters.Result{Resources: rs, Residual: q.Params}, nil
}

// narrows reports whether types leaves out a type the server offers (one
// the source describes to the engine). Those it does not offer may still
// come back from $everything; compartment drops them, as the per-type
// searches never fetch them.
func narrows(caps *serverCaps, types []string) bool {
	if len(types) == 0 {
		return false
	}
	for typ := range caps.public.Types {
		if !slices.Contains(types, typ) {
			return true
		}
	}
	return false
}

// everything reads Patient/{id}/$everything for each patient.
func (s *Source) everything(ctx context.Context, patients []string, st *searchState) ([]*fhir.Resource, error) {
	tasks := make([]func(context.Context) ([]*fhir.Resource, error), len(patients))
	for i, p := range patients {
		tasks[i] = func(ctx context.Context) ([]*fhir.Resource, error) {
			return s.pages(ctx, "reading a patient's $everything", s.endpoint([]adapters.Param{s.countParam()}, "Patient", p, "$everything"), st)
		}
	}
	return s.parallel(ctx, tasks)
}

// searchCompartment gathers a compartment with one search per type.
func (s *Source) searchCompartment(ctx context.Context, caps *serverCaps, patients []string, want func(string) bool, st *searchState) ([]*fhir.Resource, error) {
	var tasks []func(context.Context) ([]*fhir.Resource, error)
	if want("Patient") {
		tasks = append(tasks, func(ctx context.Context) ([]*fhir.Resource, error) {
			res, err := s.searchPatients(ctx, caps, adapters.Query{Type: "Patient", Patients: patients}, st)
			if err != nil {
				return nil, err
			}
			return res.Resources, nil
		})
	}
	types := make([]string, 0, len(caps.types))
	for typ, tc := range caps.types {
		if tc.search && tc.link != "" && fhir.InPatientCompartment(typ) && want(typ) {
			types = append(types, typ)
		}
	}
	sort.Strings(types)
	for _, typ := range types {
		tasks = append(tasks, func(ctx context.Context) ([]*fhir.Resource, error) {
			res, err := s.searchType(ctx, caps, adapters.Query{Type: typ, Patients: patients}, st)
			if err != nil {
				return nil, err
			}
			return res.Resources, nil
		})
	}
	rs, err := s.parallel(ctx, tasks)
	if err != nil {
		return nil, err
	}
	supporting, err := s.supporting(ctx, caps, rs, want, st)
	if err != nil {
		return nil, err
	}
	return append(rs, supporting...), nil
}

// supporting fetches the resources outside any compartment that rs refer to.
func (s *Source) supporting(ctx context.Context, caps *serverCaps, rs []*fhir.Resource, want func(string) bool, st *searchState) ([]*fhir.Resource, error) {
	have := map[string]bool{}
	for _, r := range rs {
		have[r.Type+"/"+r.ID] = true
	}
	byType := map[string][]string{}
	n := 0
	for _, r := range rs {
		for _, ref := range r.References() {
			typ, id, ok := fhir.SplitReference(ref)
			if !ok || typ == "Patient" || fhir.InPatientCompartment(typ) || !want(typ) || have[typ+"/"+id] {
				continue
			}
			tc := caps.types[typ]
			if !(tc.search && tc.params["_id"]) && !tc.read {
				continue // the server offers no way to fetch it
			}
			have[typ+"/"+id] = true
			if n == maxSupporting {
				st.truncate()
				continue
			}
			n++
			byType[typ] = append(byType[typ], id)
		}
	}
	var tasks []func(context.Context) ([]*fhir.Resource, error)
	types := make([]string, 0, len(byType))
	for typ := range byType {
		types = append(types, typ)
	}
	sort.Strings(types)
	for _, typ := range types {
		ids := byType[typ]
		tc := caps.types[typ]
		if !(tc.search && tc.params["_id"]) {
			tasks = append(tasks, func(ctx context.Context) ([]*fhir.Resource, error) {
				return s.readAll(ctx, typ, ids, st)
			})
			continue
		}
		for batch := range slices.Chunk(ids, idBatch) {
			tasks = append(tasks, func(ctx context.Context) ([]*fhir.Resource, error) {
				params := []adapters.Param{{Name: "_id", Value: strings.Join(batch, ",")}, s.countParam()}
				got, err := s.pages(ctx, "searching "+typ, s.endpoint(params, typ), st)
				if err != nil {
					return nil, err
				}
				return slices.DeleteFunc(got, func(r *fhir.Resource) bool { return r.Type != typ || !slices.Contains(batch, r.ID) }), nil
			})
		}
	}
	return s.parallel(ctx, tasks)
}
