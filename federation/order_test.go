package federation

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/fhir/search"
)

// idKey sorts by the federated id, read from the decoded resource.
func idKey(descending bool) SortKey {
	return SortKey{Name: "_id", Descending: descending, Value: func(v any) (search.SortValue, error) {
		id, _ := v.(map[string]any)["id"].(string)
		return search.ParseSortValue("s" + id)
	}}
}

// statusKey sorts by status; resources without one have a missing value.
func statusKey(descending bool) SortKey {
	return SortKey{Name: "status", Descending: descending, Value: func(v any) (search.SortValue, error) {
		s, _ := v.(map[string]any)["status"].(string)
		if s == "" {
			return search.MissingSortValue(), nil
		}
		return search.ParseSortValue("s" + s)
	}}
}

func TestSearchOrderAndFilter(t *testing.T) {
	e := testEngine(t)
	// The criterion sees the federated id, which no source holds.
	federatedID := Criterion{
		Param: adapters.Param{Name: "_id", Value: "gp.gp-o1,acute.enc-1"},
		Match: func(v any) (bool, error) {
			id, _ := v.(map[string]any)["id"].(string)
			return slices.Contains([]string{"gp.gp-o1", "acute.enc-1"}, id), nil
		},
		EngineOnly: true,
	}
	tests := []struct {
		name    string
		req     Request
		wantIDs []string
	}{
		{
			name:    "default order: newest clinical date first",
			req:     Request{NHSNumber: shared, Type: "Observation"},
			wantIDs: []string{"Observation/gp.gp-o1", "Observation/gp.gp-o2"},
		},
		{
			name:    "sorted by id ascending",
			req:     Request{NHSNumber: shared, Type: "Observation", Sort: Order{idKey(false)}},
			wantIDs: []string{"Observation/gp.gp-o1", "Observation/gp.gp-o2"},
		},
		{
			name:    "sorted by id descending",
			req:     Request{NHSNumber: shared, Type: "MedicationStatement", Sort: Order{idKey(true)}},
			wantIDs: []string{"MedicationStatement/gp.gp-m1", "MedicationStatement/acute.ms-1"},
		},
		{
			name: "a key with equal values falls to the next key, then to type and id",
			req:  Request{NHSNumber: shared, Type: "Observation", Sort: Order{statusKey(true)}},
			// Both are final: the tie-break is the federated id, ascending.
			wantIDs: []string{"Observation/gp.gp-o1", "Observation/gp.gp-o2"},
		},
		{
			name:    "engine-only criterion on federated ids",
			req:     Request{NHSNumber: shared, Type: "Observation", Criteria: []Criterion{federatedID}},
			wantIDs: []string{"Observation/gp.gp-o1"},
		},
		{
			name: "the filter leaves resources out before anything else sees them",
			req: Request{NHSNumber: shared, Everything: true, Filter: func(en *Entry) bool {
				return en.Resource.ID != "gp.gp-o1" && en.Resource.Type != "Organization"
			}},
			wantIDs: []string{
				"Patient/9990000018",
				"CarePlan/social.cp-1",
				"Encounter/acute.enc-1",
				"Condition/acute.cond-1",
				"MedicationStatement/acute.ms-1",
				"Flag/social.flag-1",
				"MedicationStatement/gp.gp-m1",
				"Observation/gp.gp-o2",
				// Practitioner/gp.doc1 is referenced only by the
				// filtered-out gp-o1, so it is not admitted either.
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := e.Search(context.Background(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if got := entryIDs(v); !slices.Equal(got, tt.wantIDs) {
				t.Errorf("entries =\n%q\nwant\n%q", got, tt.wantIDs)
			}
			for i := 1; i < len(v.Entries); i++ {
				a, b := v.Entries[i-1], v.Entries[i]
				if a.Include || b.Include || a.Keys == nil {
					continue
				}
				if v.Order.Compare(a.Position(), b.Position()) >= 0 {
					t.Errorf("%s and %s are out of the view's order", a.Resource.ID, b.Resource.ID)
				}
			}
			for _, s := range v.Sources {
				if s.Dropped != 0 {
					t.Errorf("source %s dropped %d: filtered resources must not count as dropped", s.SourceID, s.Dropped)
				}
			}
		})
	}
}

// recordingSource records the queries that reach a source.
type recordingSource struct {
	adapters.Source
	mu      sync.Mutex
	queries []adapters.Query
}

func (r *recordingSource) Search(ctx context.Context, q adapters.Query) (*adapters.Result, error) {
	r.mu.Lock()
	r.queries = append(r.queries, q)
	r.mu.Unlock()
	return r.Source.Search(ctx, q)
}

func TestEngineOnlyCriteriaAreNotPushedDown(t *testing.T) {
	base := testEngine(t)
	var members []Member
	var recorders []*recordingSource
	for _, m := range base.Members() {
		rec := &recordingSource{Source: m.Source}
		recorders = append(recorders, rec)
		m.Source = rec
		members = append(members, m)
	}
	e, err := New(members, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Every dirsource declares _id; pushed down, a federated id would
	// match nothing there.
	local := Criterion{Param: adapters.Param{Name: "_id", Value: "gp-o1"}, Match: func(any) (bool, error) { return true, nil }}
	federated := local
	federated.EngineOnly = true
	for _, c := range []Criterion{local, federated} {
		if _, err := e.Search(context.Background(), Request{NHSNumber: shared, Type: "Observation", Criteria: []Criterion{c}}); err != nil {
			t.Fatal(err)
		}
	}
	pushed := map[bool]int{}
	for _, rec := range recorders {
		for _, q := range rec.queries {
			if q.Type == "Observation" {
				pushed[len(q.Params) > 0]++
			}
		}
	}
	if pushed[true] != 1 || pushed[false] != 1 {
		t.Errorf("Observation queries with and without params = %v, want one of each (only the plain criterion pushed)", pushed)
	}
}

func TestInclude(t *testing.T) {
	e := testEngine(t)
	refs := []string{
		"Practitioner/gp.doc1",
		"Patient/" + shared,
		"Encounter/acute.enc-1",
		"Practitioner/gp.doc1",    // twice: read once
		"Observation/gp.gp-o3",    // another patient's record
		"Practitioner/gp.nobody",  // dangling
		"Organization/nowhere.x",  // no such source
		"Patient/gp.gp-p2",        // another patient
		"https://elsewhere/Org/1", // not a federated reference
	}
	tests := []struct {
		name        string
		filter      func(*Entry) bool
		wantIDs     []string
		wantDropped map[string]int
	}{
		{
			name:        "each reference read from the source that holds it",
			wantIDs:     []string{"Patient/9990000018 (include)", "Encounter/acute.enc-1 (include)", "Practitioner/gp.doc1 (include)"},
			wantDropped: map[string]int{"gp": 1},
		},
		{
			name:        "the filter applies to included resources",
			filter:      func(en *Entry) bool { return en.Resource.Type != "Encounter" },
			wantIDs:     []string{"Patient/9990000018 (include)", "Practitioner/gp.doc1 (include)"},
			wantDropped: map[string]int{"gp": 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := e.Include(context.Background(), Request{NHSNumber: shared, Filter: tt.filter}, refs)
			if err != nil {
				t.Fatal(err)
			}
			if got := entryIDs(v); !slices.Equal(got, tt.wantIDs) {
				t.Errorf("entries =\n%q\nwant\n%q", got, tt.wantIDs)
			}
			for _, s := range v.Sources {
				if s.Status != StatusOK {
					t.Errorf("source %s: %+v", s.SourceID, s)
				}
				if s.Dropped != tt.wantDropped[s.SourceID] {
					t.Errorf("source %s dropped %d, want %d", s.SourceID, s.Dropped, tt.wantDropped[s.SourceID])
				}
			}
			checkFederated(t, v)
			for _, en := range v.Entries {
				if strings.Contains(string(en.Resource.Raw), "gp-p2") {
					t.Errorf("%s/%s is about another patient", en.Resource.Type, en.Resource.ID)
				}
			}
		})
	}
}
