package policy_test

import (
	"context"
	"testing"

	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/fhir/rest"
	"github.com/shcr/shcr/policy"
	"github.com/shcr/shcr/policy/store"
	"github.com/shcr/shcr/policy/store/storetest"
)

// TestUnrestricted checks the bench-only decision behind shcr bench
// --policy off: what the real policy holds back from a social care user
// (a hospital Observation, a sensitive code, a withheld-looking reference)
// is all released, untouched.
func TestUnrestricted(t *testing.T) {
	e, orgs := engine(t)
	searcher, err := rest.NewSearcher()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), storetest.SQLiteDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg := demoSharing()
	cfg.Sensitive.Codes = []policy.CodeRef{{System: "http://loinc.org", Code: "56888-1"}}
	d, err := policy.NewDecider(cfg, st, e, orgs, searcher.Matcher(), nil)
	if err != nil {
		t.Fatal(err)
	}
	p := policy.Principal{UserID: "sw-1", Role: policy.RoleSocialCare, Organisation: "X3C03", Purpose: "TREAT"}
	parse := func(raw string) *fhir.Resource {
		r, err := fhir.Parse([]byte(raw), fhir.DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	items := []policy.Item{
		{Resource: parse(`{"resourceType":"Observation","id":"city-general.o1","subject":{"reference":"Patient/9990000018"},"code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]}}`), SourceIDs: []string{"city-general"}},
		{Resource: parse(`{"resourceType":"Observation","id":"gp-riverside.o2","subject":{"reference":"Patient/9990000018"},"code":{"coding":[{"system":"http://loinc.org","code":"56888-1"}]},"hasMember":[{"reference":"Observation/city-general.o1"}]}`), SourceIDs: []string{"gp-riverside"}},
	}

	dec := d.Unrestricted(p)
	tests := []struct {
		name string
		got  bool
	}{
		{name: "permitted", got: dec.Permitted()},
		{name: "any type from any source", got: dec.AllowType("city-general", "Observation") && dec.AllowType("anything", "Anything")},
		{name: "nothing pruned", got: len(dec.Pruned) == 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.got {
				t.Errorf("the unrestricted decision is not %s", tt.name)
			}
		})
	}
	t.Run("releases everything untouched", func(t *testing.T) {
		kept, held, err := dec.Release(append([]policy.Item(nil), items...))
		if err != nil || held || len(kept) != len(items) {
			t.Fatalf("Release() kept %d of %d, held %v, error %v; want all, nothing held", len(kept), len(items), held, err)
		}
		for i := range kept {
			if kept[i].Resource != items[i].Resource {
				t.Errorf("item %d was replaced; want it untouched", i)
			}
		}
	})
	t.Run("the real policy would hold them back", func(t *testing.T) {
		enforced, err := d.Decide(context.Background(), policy.Principal{UserID: "sw-1", Role: policy.RoleSocialCare, Organisation: "X3C03", Patient: "9990000018", Scopes: []string{"user/*.rs"}},
			policy.Action{Kind: policy.KindEverything, Patient: "9990000018"})
		if err != nil || !enforced.Permitted() {
			t.Fatalf("Decide() = %+v, %v; want a permit for the social care user in launch context", enforced, err)
		}
		kept, held, err := enforced.Release(append([]policy.Item(nil), items...))
		if err != nil || !held || len(kept) == len(items) {
			t.Errorf("the real policy kept %d of %d (held %v, %v); the test's items are not ones it holds back", len(kept), len(items), held, err)
		}
	})
}
