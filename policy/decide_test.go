package policy_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/shcr/shcr/adapters/dirsource"
	"github.com/shcr/shcr/federation"
	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/fhir/rest"
	"github.com/shcr/shcr/policy"
	"github.com/shcr/shcr/policy/store"
	"github.com/shcr/shcr/policy/store/storetest"
)

// The decision table: one file per case under testdata/decisions, each
// giving a principal, an action, what the governance store holds, and the
// decision expected. The sources are the demo organisations, so the
// legitimate relationship is checked through a real federation engine.

var only = flag.String("case", "", "run only the decision case with this file name")

type decisionCase struct {
	Description string         `json:"description"`
	Config      *policy.Config `json:"config"`
	Principal   struct {
		User          string   `json:"user"`
		Name          string   `json:"name"`
		Role          string   `json:"role"`
		Org           string   `json:"org"`
		Scopes        []string `json:"scopes"`
		Patient       string   `json:"patient"`
		Purpose       string   `json:"purpose"`
		ClientID      string   `json:"clientId"`
		IdentityLevel string   `json:"identityLevel"`
	} `json:"principal"`
	Action struct {
		Kind         string `json:"kind"`
		Type         string `json:"type"`
		Patient      string `json:"patient"`
		SourceID     string `json:"sourceId"`
		Unidentified bool   `json:"unidentified"`
		Write        bool   `json:"write"`
		BreakGlass   string `json:"breakGlassReason"`
	} `json:"action"`
	Store struct {
		Objections    []string `json:"objections"`
		Relationships []struct {
			User, Org, Patient string
			Until              string `json:"until"`
		} `json:"relationships"`
		Carers []struct {
			User     string `json:"user"`
			Patient  string `json:"patient"`
			Approved bool   `json:"approved"`
		} `json:"carers"`
		Withheld []struct {
			Patient, Source, Reference string
		} `json:"withheld"`
	} `json:"store"`
	Expect struct {
		Effect           string          `json:"effect"`
		Reason           string          `json:"reason"`
		MessageContains  string          `json:"messageContains"`
		Purpose          string          `json:"purpose"`
		BreakGlass       bool            `json:"breakGlass"`
		DemographicsOnly bool            `json:"demographicsOnly"`
		Pruned           []string        `json:"pruned"`
		AllowTypes       map[string]bool `json:"allowTypes"`
	} `json:"expect"`
	// Release, when set, runs the request through the engine and the
	// decision's obligations and checks what is released.
	Release *struct {
		Search          string   `json:"search"` // a type, or "everything"
		Held            bool     `json:"held"`
		KeptContains    []string `json:"keptContains"`
		RemovedContains []string `json:"removedContains"`
		KeptTypes       []string `json:"keptTypes"`
		Subsetted       bool     `json:"subsetted"`
		NotMentioned    []string `json:"notMentioned"`
	} `json:"release"`
}

// demoSharing mirrors the demo's data-sharing agreements (cmd/shcr
// demoPolicy): clinicians get everything, social care users allergies,
// medicines, alerts and appointments from the health organisations.
func demoSharing() policy.Config {
	social := []string{"AllergyIntolerance", "MedicationStatement", "MedicationRequest", "Flag", "Appointment"}
	share := []policy.SharingRule{
		{Roles: []policy.Role{policy.RoleClinician}, Types: []string{"*"}},
		{Roles: []policy.Role{policy.RoleSocialCare}, Types: social},
	}
	return policy.Config{
		Sharing: []policy.SharingAgreement{{Source: "gp-riverside", Share: share}, {Source: "city-general", Share: share}},
		Systems: []policy.SystemGrant{{ClientID: "regional-engine", Types: []string{"MedicationStatement", "AllergyIntolerance"}}},
	}
}

var (
	demoOnce   sync.Once
	demoEngine *federation.Engine
	demoOrgs   []policy.SourceOrg
	demoErr    error
)

func engine(t *testing.T) (*federation.Engine, []policy.SourceOrg) {
	t.Helper()
	demoOnce.Do(func() {
		orgs := []struct{ id, ods, name, kind string }{
			{"gp-riverside", "X1A01", "Riverside Surgery", "gp"},
			{"city-general", "X2B02", "City General Hospital", "acute"},
			{"riverside-council", "X3C03", "Riverside Council Adult Social Care", "social-care"},
		}
		var members []federation.Member
		for _, o := range orgs {
			src, err := dirsource.New(context.Background(), filepath.Join("..", "testdata", "demo", o.id), dirsource.Options{})
			if err != nil {
				demoErr = err
				return
			}
			members = append(members, federation.Member{ID: o.id, Organisation: federation.Organisation{ODS: o.ods, Name: o.name, Kind: o.kind}, Source: src})
			demoOrgs = append(demoOrgs, policy.SourceOrg{ID: o.id, ODS: o.ods, Kind: o.kind})
		}
		demoEngine, demoErr = federation.New(members, federation.Options{})
		if demoErr == nil {
			demoErr = demoEngine.Refresh(context.Background())
		}
	})
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	return demoEngine, demoOrgs
}

func TestDecisionTable(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "decisions", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no decision cases: %v", err)
	}
	e, orgs := engine(t)
	searcher, err := rest.NewSearcher()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		if *only != "" && *only != name {
			continue
		}
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var tc decisionCase
			if err := json.Unmarshal(raw, &tc, json.RejectUnknownMembers(true)); err != nil {
				t.Fatalf("reading the case: %v", err)
			}
			ctx := context.Background()
			st, err := store.Open(ctx, storetest.SQLiteDSN(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			seed(t, st, tc)
			cfg := demoSharing()
			if tc.Config != nil {
				cfg = *tc.Config
			}
			d, err := policy.NewDecider(cfg, st, e, orgs, searcher.Matcher(), nil)
			if err != nil {
				t.Fatal(err)
			}
			p := policy.Principal{UserID: tc.Principal.User, Name: tc.Principal.Name, Role: policy.Role(tc.Principal.Role),
				Organisation: tc.Principal.Org, Scopes: tc.Principal.Scopes, Patient: tc.Principal.Patient,
				Purpose: tc.Principal.Purpose, ClientID: tc.Principal.ClientID, IdentityLevel: tc.Principal.IdentityLevel}
			a := policy.Action{Kind: policy.Kind(tc.Action.Kind), Type: tc.Action.Type, Patient: tc.Action.Patient,
				SourceID: tc.Action.SourceID, Unidentified: tc.Action.Unidentified, Write: tc.Action.Write, BreakGlassReason: tc.Action.BreakGlass}
			dec, err := d.Decide(ctx, p, a)
			if err != nil {
				t.Fatalf("Decide: %v", err)
			}
			checkDecision(t, tc, dec)
			if tc.Release != nil {
				checkRelease(t, tc, p, a, dec, e)
			}
		})
	}
}

func seed(t *testing.T, st *store.Store, tc decisionCase) {
	t.Helper()
	ctx := context.Background()
	for i, nhs := range tc.Store.Objections {
		raw := `{"resourceType":"Consent","id":"obj-` + string(rune('a'+i)) + `","status":"active","scope":{"text":"privacy"},"category":[{"text":"objection"}],"patient":{"reference":"Patient/` + nhs + `"},"provision":{"type":"deny"}}`
		rec := mustConsent(t, raw)
		if err := policy.SaveConsent(ctx, st, rec); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range tc.Store.Relationships {
		rel := store.CareRelationship{UserID: r.User, OrgODS: r.Org, NHSNumber: r.Patient, Reason: "test"}
		if r.Until != "" {
			until, err := time.Parse(time.RFC3339, r.Until)
			if err != nil {
				t.Fatal(err)
			}
			rel.From, rel.Until = until.Add(-24*time.Hour), until
		}
		if _, err := st.AddCareRelationship(ctx, rel); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range tc.Store.Carers {
		cr, err := st.AddCarer(ctx, store.CarerRelationship{CarerUserID: c.User, NHSNumber: c.Patient, Relationship: "daughter"})
		if err != nil {
			t.Fatal(err)
		}
		if c.Approved {
			if err := st.ApproveCarer(ctx, cr.ID, "ig"); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, w := range tc.Store.Withheld {
		if _, err := st.AddWithheld(ctx, store.WithheldItem{NHSNumber: w.Patient, SourceID: w.Source, Reference: w.Reference, Reason: "test"}); err != nil {
			t.Fatal(err)
		}
	}
}

func checkDecision(t *testing.T, tc decisionCase, dec policy.Decision) {
	t.Helper()
	got := "deny"
	if dec.Permitted() {
		got = "permit"
	}
	if got != tc.Expect.Effect || dec.Reason != tc.Expect.Reason {
		t.Fatalf("decision %s (%s: %q), want %s (%s)", got, dec.Reason, dec.Message, tc.Expect.Effect, tc.Expect.Reason)
	}
	if tc.Expect.MessageContains != "" && !strings.Contains(dec.Message, tc.Expect.MessageContains) {
		t.Errorf("message %q, want it to mention %q", dec.Message, tc.Expect.MessageContains)
	}
	if !dec.Permitted() {
		if dec.Message == "" {
			t.Error("a denial without a message for the user")
		}
		return
	}
	if want := tc.Expect.Purpose; want != "" && dec.Purpose != want {
		t.Errorf("purpose %q, want %q", dec.Purpose, want)
	}
	if dec.BreakGlass != tc.Expect.BreakGlass {
		t.Errorf("break-glass %v, want %v", dec.BreakGlass, tc.Expect.BreakGlass)
	}
	if dec.DemographicsOnly != tc.Expect.DemographicsOnly {
		t.Errorf("demographics only %v, want %v", dec.DemographicsOnly, tc.Expect.DemographicsOnly)
	}
	var pruned []string
	for id := range dec.Pruned {
		pruned = append(pruned, id)
	}
	sort.Strings(pruned)
	want := slices.Clone(tc.Expect.Pruned)
	sort.Strings(want)
	if !slices.Equal(pruned, want) {
		t.Errorf("pruned %v, want %v", pruned, want)
	}
	for key, allowed := range tc.Expect.AllowTypes {
		src, typ, _ := strings.Cut(key, "/")
		if got := dec.AllowType(src, typ); got != allowed {
			t.Errorf("AllowType(%s, %s) = %v, want %v", src, typ, got, allowed)
		}
	}
}

func checkRelease(t *testing.T, tc decisionCase, p policy.Principal, a policy.Action, dec policy.Decision, e *federation.Engine) {
	t.Helper()
	if !dec.Permitted() {
		t.Fatal("a release case must be permitted")
	}
	req := federation.Request{Principal: p, NHSNumber: a.Patient, Prune: dec.Pruned, AllowType: dec.AllowType}
	if tc.Release.Search == "everything" {
		req.Everything = true
	} else {
		req.Type = tc.Release.Search
	}
	v, err := e.Search(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	var items []policy.Item
	for _, en := range v.Entries {
		items = append(items, policy.Item{Resource: en.Resource, SourceIDs: en.SourceIDs, Include: en.Include})
	}
	kept, held, err := dec.Release(items)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	types := map[string]bool{}
	var all strings.Builder
	for _, it := range kept {
		ids[it.Resource.Type+"/"+it.Resource.ID] = true
		types[it.Resource.Type] = true
		all.Write(it.Resource.Raw)
		if tc.Release.Subsetted && it.Resource.Type == "Patient" && !strings.Contains(string(it.Resource.Raw), "SUBSETTED") {
			t.Error("the Patient is not marked SUBSETTED")
		}
	}
	if held != tc.Release.Held {
		t.Errorf("held back = %v, want %v", held, tc.Release.Held)
	}
	for _, id := range tc.Release.KeptContains {
		if !ids[id] {
			t.Errorf("%s was not released", id)
		}
	}
	for _, id := range tc.Release.RemovedContains {
		if ids[id] {
			t.Errorf("%s was released", id)
		}
		if !slices.ContainsFunc(items, func(it policy.Item) bool { return it.Resource.Type+"/"+it.Resource.ID == id }) && !tc.Release.Held {
			t.Errorf("%s was not in the view to begin with; the case tests nothing", id)
		}
	}
	if tc.Release.KeptTypes != nil {
		var got []string
		for typ := range types {
			got = append(got, typ)
		}
		sort.Strings(got)
		if !slices.Equal(got, tc.Release.KeptTypes) {
			t.Errorf("released types %v, want %v", got, tc.Release.KeptTypes)
		}
	}
	for _, s := range tc.Release.NotMentioned {
		if strings.Contains(all.String(), s) {
			t.Errorf("a released resource still mentions %q", s)
		}
	}
}

func mustConsent(t *testing.T, raw string) policy.ConsentRecord {
	t.Helper()
	r, err := fhir.Parse([]byte(raw), fhir.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	rec, err := policy.ParseConsent(r)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}
