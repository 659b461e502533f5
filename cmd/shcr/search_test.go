package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-json-experiment/json"

	"github.com/shcr/shcr/adapters/adaptertest/fhirserver"
	"github.com/shcr/shcr/adapters/dirsource"
	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/fhir/search"
)

var update = flag.Bool("update", false, "rewrite the golden files of the search tests")

// demoOrgs are the three demo organisations, as config source items take
// them.
var demoOrgs = []struct{ id, ods, name, kind string }{
	{"gp-riverside", "X1A01", "Riverside Surgery", "gp"},
	{"city-general", "X2B02", "City General Hospital", "acute"},
	{"riverside-council", "X3C03", "Riverside Council Adult Social Care", "social-care"},
}

// pushdownConfig serves each demo organisation's folder through a real
// FHIR server (fhirserver) on loopback that declares and applies every R4
// search parameter package search evaluates, so shcr pushes down whatever
// it can instead of evaluating it itself.
func pushdownConfig(t *testing.T, p *idp) (string, []*fhirserver.Server) {
	t.Helper()
	var sources string
	var servers []*fhirserver.Server
	for _, o := range demoOrgs {
		src, err := dirsource.New(context.Background(), filepath.Join(demoData, o.id), dirsource.Options{})
		if err != nil {
			t.Fatal(err)
		}
		fs := fhirserver.New(src, fhirserver.Options{Prefix: "/fhir", AllParameters: true, Everything: true, MaxCount: 1000})
		servers = append(servers, fs)
		srv := httptest.NewServer(fs)
		t.Cleanup(srv.Close)
		sources += fhirSource(o.id, srv.URL+"/fhir", "10s", o.ods, o.name, o.kind)
	}
	return configWith(p, sources), servers
}

// searchResult is what a search returned, over all its pages: the match
// and include ids in order ("Type/id", includes marked), or the status of
// an error.
type searchResult struct {
	status  int
	ids     []string
	ignored []string // diagnostics of information outcomes
}

// searchAll follows every page of a search.
func searchAll(t *testing.T, u, token string) searchResult {
	t.Helper()
	var res searchResult
	for pages := 0; u != ""; pages++ {
		if pages > 50 {
			t.Fatalf("more than 50 pages for %s", u)
		}
		r := get(t, u, token)
		if r.status != http.StatusOK {
			return searchResult{status: r.status}
		}
		b := decodeBundle(t, r)
		for _, e := range b.Entry {
			id := fmt.Sprintf("%v/%v", e.Resource["resourceType"], e.Resource["id"])
			switch e.Search.Mode {
			case "match":
				res.ids = append(res.ids, id)
			case "include":
				res.ids = append(res.ids, "include "+id)
			case "outcome":
				for _, is := range e.Resource["issue"].([]any) {
					m := is.(map[string]any)
					if m["severity"] != "information" {
						t.Fatalf("%s: a warning from healthy sources: %v", u, m["diagnostics"])
					}
					res.ignored = append(res.ignored, fmt.Sprint(m["diagnostics"]))
				}
			}
		}
		u = b.link("next")
	}
	res.status = http.StatusOK
	return res
}

// searchCase is one search of the agreement suite, for the shared-all
// patient (added as patient=). Its expected ids are in
// testdata/search-agreement.golden, reviewed when written with -update.
type searchCase struct {
	name  string
	query string // Type?params, without the patient
	// status is the expected status when it is not 200.
	status int
	// clock marks results that depend on the time of the request (ap):
	// the two servers must agree, but there is no golden answer.
	clock bool
}

// agreementCases cover every parameter type and modifier shcr supports,
// on the demo data. Ids below are federated ids in the demo population.
func agreementCases() []searchCase {
	const (
		gpEncounter   = "gp-riverside.8f3295de-dd8a-4b42-9f08-28158ccdd8cb"
		acuteEnc      = "city-general.enc-4416147-8"
		gpPractitoner = "gp-riverside.0381195a-cd43-4fe8-8164-bf5a3c1934bd"
	)
	return []searchCase{
		// The whole of a type, the base of the relations below.
		{name: "all observations", query: "Observation?"},
		{name: "all encounters", query: "Encounter?"},

		// token
		{name: "token code in any system", query: "Observation?code=8310-5"},
		{name: "token system|code", query: "Observation?code=http://loinc.org|8867-4"},
		{name: "token |code matches codes without a system", query: "Observation?code=|8867-4"},
		{name: "token system| matches any code of the system", query: "Observation?code=http://snomed.info/sct|"},
		{name: "token OR by comma", query: "Observation?code=http://loinc.org|8310-5,http://loinc.org|29463-7"},
		{name: "token category", query: "Observation?category=laboratory"},
		{name: "token :not", query: "Observation?category:not=laboratory"},
		{name: "token :text on display", query: "Observation?code:text=BLOOD%20press"},
		{name: "token on a code element", query: "CarePlan?status=active"},
		{name: "token :not on a code element", query: "CarePlan?status:not=active"},
		{name: "token CodeableConcept with system", query: "Condition?clinical-status=http://terminology.hl7.org/CodeSystem/condition-clinical|active"},
		{name: "token :of-type (no identifier has a type here)", query: "Encounter?identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|VN|1"},
		{name: "token :in needs a terminology service", query: "Observation?code:in=http://example.org/ValueSet/x", status: 400},

		// date
		{name: "date at year precision", query: "Observation?date=2025"},
		{name: "date ge on a Period", query: "Encounter?date=ge2026-01-01"},
		{name: "date lt", query: "Condition?onset-date=lt2020"},
		{name: "date ne", query: "Immunization?date=ne2025"},
		{name: "date sa", query: "Encounter?date=sa2025-12-31"},
		{name: "date eb", query: "Encounter?date=eb2018-01-01"},
		{name: "date le with a time and zone", query: "Observation?date=le2025-06-01T12:00:00%2B01:00"},
		{name: "date AND by repetition", query: "Observation?date=ge2024-01-01&date=lt2025-01-01"},
		{name: "date ge 2024", query: "Observation?date=ge2024-01-01"},
		{name: "date lt 2025", query: "Observation?date=lt2025-01-01"},
		{name: "date OR by comma", query: "Immunization?date=2024,2025"},
		{name: "date ap", query: "Observation?date=ap2025-06-01", clock: true},
		{name: "_lastUpdated", query: "Encounter?_lastUpdated=ge2026-01-01"},
		{name: "date :missing=false", query: "Observation?date:missing=false"},
		{name: "invalid date", query: "Observation?date=2024-13", status: 400},

		// string
		{name: "string starts with, ignoring case", query: "DocumentReference?description=DISCHARGE"},
		{name: "string :contains", query: "DocumentReference?description:contains=city%20general"},
		{name: "string :exact", query: "DocumentReference?description:exact=Discharge%20summary"},
		{name: "string :exact is case-sensitive", query: "DocumentReference?description:exact=discharge%20summary"},
		{name: "string on a HumanName", query: "RelatedPerson?name=kowal"},
		{name: "string on an Address", query: "RelatedPerson?address=rv10"},
		{name: "string with an accent", query: "Immunization?lot-number=FL%C3%9C2"},

		// reference
		{name: "reference Type/id", query: "Observation?encounter=Encounter/" + gpEncounter},
		{name: "reference id", query: "Observation?encounter=" + acuteEnc},
		{name: "reference :Type", query: "Observation?performer:Practitioner=" + gpPractitoner},
		{name: "reference :identifier", query: "DocumentReference?author:identifier=https://fhir.nhs.uk/Id/ods-organization-code|X2B02"},
		{name: "reference :missing", query: "Observation?encounter:missing=true"},
		{name: "reference to a type it cannot refer to", query: "Observation?encounter=Patient/x", status: 400},

		// quantity
		{name: "quantity gt", query: "Observation?value-quantity=gt38"},
		{name: "quantity with system and code", query: "Observation?value-quantity=37.5|http://unitsofmeasure.org|Cel"},
		{name: "quantity ||unit", query: "Observation?value-quantity=lt100||kg"},
		{name: "quantity on components", query: "Observation?component-value-quantity=ge140"},
		{name: "quantity :missing", query: "Observation?value-quantity:missing=true"},

		// composite
		{name: "composite code and quantity", query: "Observation?code-value-quantity=http://loinc.org|8310-5$gt37"},
		{name: "composite on the same component", query: "Observation?component-code-value-quantity=http://loinc.org|8480-6$ge140"},
		{name: "composite code and concept", query: "Observation?code-value-concept=http://loinc.org|72166-2$http://snomed.info/sct|8517006"},

		// uri
		{name: "uri exact (_profile)", query: "Observation?_profile=https://fhir.hl7.org.uk/StructureDefinition/UKCore-Observation-Lab"},
		{name: "uri :below", query: "Observation?_profile:below=https://fhir.hl7.org.uk/StructureDefinition/UKCore-Observation-VitalSigns"},
		{name: "uri :above", query: "Observation?_profile:above=https://fhir.hl7.org.uk/StructureDefinition/UKCore-Observation-Lab/more"},

		// the federated view's own ids and meta
		{name: "_id of two organisations", query: "Observation?_id=gp-riverside.0c15cd43-6c0c-4b43-adb5-df98f6be1fe1,city-general.obs-4416147-50"},
		{name: "_source", query: "Encounter?_source=urn:shcr:source:riverside-council"},
		{name: "_tag of the controller", query: "Encounter?_tag=https://fhir.nhs.uk/Id/ods-organization-code|X2B02"},

		// sorting and includes
		{name: "_sort by date ascending", query: "Observation?code=8867-4&_sort=date"},
		{name: "_sort by two keys", query: "Encounter?_sort=class,-date"},
		{name: "_sort by quantity descending", query: "Observation?category=vital-signs&_sort=-value-quantity"},
		{name: "_sort by string", query: "DocumentReference?_sort=description,_id"},
		{name: "_include", query: "Observation?encounter=Encounter/" + gpEncounter + "&_include=Observation:performer&_include=Observation:encounter"},
		{name: "_revinclude", query: "Encounter?_id=" + gpEncounter + "&_revinclude=Observation:encounter&_revinclude=Condition:encounter"},

		// refused even when lenient: a chain would reach resources the
		// access policy has not looked at
		{name: "chained parameters are refused", query: "Observation?code=8310-5&encounter.status=finished", status: 400},
	}
}

// TestSearchAgreement runs every agreement case twice: against the demo
// folders as dir sources, where shcr evaluates every parameter itself, and
// against the same folders behind FHIR servers that apply the parameters
// they declare, to which shcr pushes down. Both must give exactly the ids
// in the golden file, in the same order.
func TestSearchAgreement(t *testing.T) {
	shared := loadDemo(t).scenario(t, "shared-all").NHSNumber
	p := newIDP(t)
	engineSide := startServe(t, serveConfig(p, ""))
	config, servers := pushdownConfig(t, p)
	pushdown := startServe(t, config)
	token := p.token(t, nil)

	golden := filepath.Join("testdata", "search-agreement.golden")
	var out bytes.Buffer
	results := map[string][]string{}
	for _, tc := range agreementCases() {
		t.Run(tc.name, func(t *testing.T) {
			typ, params, _ := strings.Cut(tc.query, "?")
			q := "patient=" + shared + "&_count=100"
			if params != "" {
				q += "&" + params
			}
			a := searchAll(t, engineSide.fhir()+"/"+typ+"?"+q, token)
			b := searchAll(t, pushdown.fhir()+"/"+typ+"?"+q, token)
			want := http.StatusOK
			if tc.status != 0 {
				want = tc.status
			}
			if a.status != want || b.status != want {
				t.Fatalf("status: engine-side %d, pushdown %d, want %d", a.status, b.status, want)
			}
			if !slices.Equal(a.ids, b.ids) {
				t.Fatalf("engine-side and pushdown disagree:\nengine-side %q\npushdown    %q", a.ids, b.ids)
			}
			if !slices.Equal(a.ignored, b.ignored) {
				t.Errorf("ignored parameters differ: %q and %q", a.ignored, b.ignored)
			}
			results[tc.name] = a.ids
			if tc.clock {
				return
			}
			fmt.Fprintf(&out, "# %s\nGET %s -> %d\n", tc.name, tc.query, want)
			for _, id := range a.ids {
				fmt.Fprintln(&out, id)
			}
			out.WriteByte('\n')
		})
	}
	if t.Failed() {
		return
	}
	checkRelations(t, results)
	// The organisations' servers really were asked to filter: parameters
	// of each pushable type reached them.
	var queries []string
	for _, fs := range servers {
		for _, r := range fs.Recorded() {
			queries = append(queries, r.RawQuery)
		}
	}
	for _, param := range []string{"code=", "category=", "date=", "description=", "value-quantity=", "code-value-quantity=", "_profile="} {
		if !slices.ContainsFunc(queries, func(q string) bool { return strings.HasPrefix(q, param) || strings.Contains(q, "&"+param) }) {
			t.Errorf("no search pushed %s down to an organisation's server", param)
		}
	}
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	wantGolden, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test ./cmd/shcr -run TestSearchAgreement -update writes it)", err)
	}
	if !bytes.Equal(out.Bytes(), wantGolden) {
		t.Errorf("the answers differ from %s (rewrite it with -update after review):\n%s", golden, out.Bytes())
	}
}

// checkRelations asserts what must hold between the answers whatever the
// data: a negation is the complement, OR is a union, AND an intersection,
// and nothing is empty that the demo population is meant to exercise.
func checkRelations(t *testing.T, r map[string][]string) {
	t.Helper()
	set := func(name string) map[string]bool {
		m := map[string]bool{}
		for _, id := range r[name] {
			m[id] = true
		}
		return m
	}
	sameSet := func(what string, got, want map[string]bool) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("%s: %d ids, want %d", what, len(got), len(want))
			return
		}
		for id := range want {
			if !got[id] {
				t.Errorf("%s: %s missing", what, id)
			}
		}
	}
	all, lab, notLab := set("all observations"), set("token category"), set("token :not")
	union := map[string]bool{}
	for id := range lab {
		union[id] = true
		if notLab[id] {
			t.Errorf("%s both matches category=laboratory and its :not", id)
		}
	}
	for id := range notLab {
		union[id] = true
	}
	sameSet("category and category:not", union, all)

	ge, lt, and := set("date ge 2024"), set("date lt 2025"), set("date AND by repetition")
	inter := map[string]bool{}
	for id := range ge {
		if lt[id] {
			inter[id] = true
		}
	}
	sameSet("date AND", and, inter)

	or := set("token OR by comma")
	if len(or) == 0 {
		t.Error("the OR case found nothing")
	}
	for _, name := range []string{
		"token code in any system", "token :text on display", "date at year precision", "date ge on a Period",
		"string starts with, ignoring case", "string :contains", "string on a HumanName", "string on an Address",
		"string with an accent", "reference Type/id", "reference id", "reference :Type", "reference :identifier",
		"quantity gt", "quantity with system and code", "quantity ||unit", "quantity on components", "composite code and quantity",
		"composite on the same component", "composite code and concept", "uri :below", "uri :above", "_source",
		"_tag of the controller", "_include", "_revinclude",
	} {
		if len(r[name]) == 0 {
			t.Errorf("%q found nothing: the case no longer exercises anything", name)
		}
	}
	for _, name := range []string{"token |code matches codes without a system", "string :exact is case-sensitive"} {
		if len(r[name]) != 0 {
			t.Errorf("%q found %d, want none", name, len(r[name]))
		}
	}
}

// TestCapabilityStatementIsExact checks that /fhir/metadata declares
// exactly the search parameters, _include and _revinclude values shcr
// accepts: with Prefer: handling=strict, each declared one is accepted and
// each R4 parameter of the type that is not declared is refused.
func TestCapabilityStatementIsExact(t *testing.T) {
	shared := loadDemo(t).scenario(t, "shared-all").NHSNumber
	inst := startDemo(t)
	token := demoToken(t, inst, query("role", "clinician", "user", "dr-jones", "org", "X1A01"))
	var cs struct {
		Rest []struct {
			Documentation string `json:"documentation"`
			Resource      []struct {
				Type        string `json:"type"`
				Interaction []struct {
					Code string `json:"code"`
				} `json:"interaction"`
				SearchParam []struct {
					Name       string `json:"name"`
					Definition string `json:"definition"`
				} `json:"searchParam"`
				SearchInclude    []string `json:"searchInclude"`
				SearchRevInclude []string `json:"searchRevInclude"`
			} `json:"resource"`
		} `json:"rest"`
	}
	r := get(t, inst.fhir()+"/metadata", "")
	if err := json.Unmarshal(r.body, &cs); err != nil || r.status != http.StatusOK {
		t.Fatalf("metadata: %d %v", r.status, err)
	}
	v, err := fhir.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Validate(r.body); err != nil {
		t.Fatalf("the CapabilityStatement is not valid R4: %v", err)
	}
	if !strings.Contains(cs.Rest[0].Documentation, "_sort") {
		t.Error("rest.documentation does not describe the result parameters")
	}
	reg, err := search.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	strict := "Prefer: handling=strict"
	searched := 0
	for _, res := range cs.Rest[0].Resource {
		if !slices.ContainsFunc(res.Interaction, func(i struct {
			Code string `json:"code"`
		}) bool {
			return i.Code == "search-type"
		}) || res.Type == "Patient" {
			continue
		}
		searched++
		t.Run(res.Type, func(t *testing.T) {
			base := inst.fhir() + "/" + res.Type + "?patient=" + shared + "&_count=1&"
			declared := map[string]bool{}
			for _, p := range res.SearchParam {
				declared[p.Name] = true
				if p.Name == "patient" {
					continue
				}
				if got := get(t, base+url.QueryEscape(p.Name+":missing")+"=true", token, strict); got.status != http.StatusOK {
					t.Errorf("declared parameter %s refused: %d %.200s", p.Name, got.status, got.body)
				}
			}
			for _, d := range reg.Definitions(res.Type) {
				if declared[d.Code] || d.Code == "subject" {
					continue
				}
				if got := get(t, base+url.QueryEscape(d.Code+":missing")+"=true", token, strict); got.status != http.StatusBadRequest {
					t.Errorf("undeclared parameter %s accepted: %d", d.Code, got.status)
				}
			}
			for _, in := range res.SearchInclude {
				if got := get(t, base+"_include="+url.QueryEscape(in), token, strict); got.status != http.StatusOK {
					t.Errorf("declared _include=%s refused: %d %.200s", in, got.status, got.body)
				}
			}
			for _, in := range res.SearchRevInclude {
				if got := get(t, base+"_revinclude="+url.QueryEscape(in), token, strict); got.status != http.StatusOK {
					t.Errorf("declared _revinclude=%s refused: %d %.200s", in, got.status, got.body)
				}
			}
		})
	}
	if searched < 10 {
		t.Fatalf("only %d searchable types declared", searched)
	}
}

// TestSearchResultShape checks the result parameters that shape the
// Bundle rather than choose the matches: _summary, _elements, _total and
// _count=0.
func TestSearchResultShape(t *testing.T) {
	shared := loadDemo(t).scenario(t, "shared-all").NHSNumber
	inst := startDemo(t)
	token := demoToken(t, inst, query("role", "clinician", "user", "dr-jones", "org", "X1A01"))
	base := inst.fhir() + "/Observation?patient=" + shared + "&code=http://loinc.org|8867-4&_include=Observation:performer&"
	const subsetted = "SUBSETTED"
	type entry struct {
		Resource map[string]any `json:"resource"`
		Search   struct {
			Mode string `json:"mode"`
		} `json:"search"`
	}
	type bundle struct {
		Total *int `json:"total"`
		Link  []struct {
			Relation string `json:"relation"`
		} `json:"link"`
		Entry []entry `json:"entry"`
	}
	tags := func(r map[string]any) []string {
		var out []string
		meta, _ := r["meta"].(map[string]any)
		list, _ := meta["tag"].([]any)
		for _, tg := range list {
			out = append(out, fmt.Sprint(tg.(map[string]any)["code"]))
		}
		return out
	}
	tests := []struct {
		name        string
		params      string
		status      int
		wantTotal   bool
		wantEntries bool
		// matchKeys are the only members a match may have (nil: any);
		// mustHave are members it must have.
		matchKeys, mustHave []string
		wantSubset          bool
	}{
		{name: "no shaping", params: "", wantTotal: true, wantEntries: true, mustHave: []string{"category", "subject", "valueQuantity"}},
		{name: "_summary=true", params: "_summary=true", wantTotal: true, wantEntries: true, wantSubset: true,
			matchKeys: []string{"resourceType", "id", "meta", "status", "code", "subject", "encounter", "effectiveDateTime", "issued", "performer", "valueQuantity", "basedOn", "partOf", "focus", "hasMember", "derivedFrom", "component", "identifier", "implicitRules"},
			mustHave:  []string{"code", "valueQuantity"}},
		{name: "_summary=text", params: "_summary=text", wantTotal: true, wantEntries: true, wantSubset: true,
			matchKeys: []string{"resourceType", "id", "meta", "text", "status", "code"}, mustHave: []string{"status", "code"}},
		{name: "_summary=data", params: "_summary=data", wantTotal: true, wantEntries: true,
			mustHave: []string{"category", "valueQuantity"}},
		{name: "_elements", params: "_elements=effective,valueQuantity", wantTotal: true, wantEntries: true, wantSubset: true,
			matchKeys: []string{"resourceType", "id", "meta", "status", "code", "effectiveDateTime", "valueQuantity"}, mustHave: []string{"effectiveDateTime", "valueQuantity"}},
		{name: "_summary=count", params: "_summary=count", wantTotal: true},
		{name: "_count=0", params: "_count=0", wantTotal: true},
		{name: "_total=none", params: "_total=none", wantEntries: true},
		{name: "_total=estimate", params: "_total=estimate", wantTotal: true, wantEntries: true},
		{name: "_summary with _elements", params: "_summary=true&_elements=status", status: http.StatusBadRequest},
		{name: "bad _total", params: "_total=some", status: http.StatusBadRequest},
	}
	var fullTotal int
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := get(t, base+tt.params, token)
			if tt.status != 0 {
				checkOutcome(t, r, tt.status, "")
				return
			}
			if r.status != http.StatusOK {
				t.Fatalf("status %d: %.300s", r.status, r.body)
			}
			var b bundle
			if err := json.Unmarshal(r.body, &b); err != nil {
				t.Fatal(err)
			}
			if (b.Total != nil) != tt.wantTotal {
				t.Fatalf("total %v, want present %v", b.Total, tt.wantTotal)
			}
			if b.Total != nil {
				if fullTotal == 0 {
					fullTotal = *b.Total
				}
				if *b.Total != fullTotal || fullTotal == 0 {
					t.Errorf("total %d, want %d", *b.Total, fullTotal)
				}
			}
			var matches, includes int
			for _, e := range b.Entry {
				switch e.Search.Mode {
				case "match":
					matches++
					for _, k := range tt.mustHave {
						if _, ok := e.Resource[k]; !ok {
							t.Errorf("a match lacks %s", k)
						}
					}
					for k := range e.Resource {
						if tt.matchKeys != nil && !slices.Contains(tt.matchKeys, k) {
							t.Errorf("a match has %s", k)
						}
					}
					if got := slices.Contains(tags(e.Resource), subsetted); got != tt.wantSubset {
						t.Errorf("SUBSETTED %v, want %v", got, tt.wantSubset)
					}
					if !slices.Contains(tags(e.Resource), "X2B02") {
						t.Error("a match lost its controller tag")
					}
				case "include":
					includes++
					if strings.Contains(tt.params, "_elements") && slices.Contains(tags(e.Resource), subsetted) {
						t.Error("_elements applied to an included resource")
					}
				}
			}
			if (matches > 0) != tt.wantEntries || (includes > 0) != tt.wantEntries {
				t.Errorf("%d matches and %d includes, want entries %v", matches, includes, tt.wantEntries)
			}
			if !tt.wantEntries {
				for _, l := range b.Link {
					if l.Relation != "self" {
						t.Errorf("a count-only answer links to %s", l.Relation)
					}
				}
			}
		})
	}
}
