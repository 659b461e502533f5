package main

import (
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/go-json-experiment/json"
)

// bundleEntry is the part of a Bundle entry the tests read.
type bundleEntry struct {
	FullURL  string         `json:"fullUrl"`
	Resource map[string]any `json:"resource"`
	Search   struct {
		Mode string `json:"mode"`
	} `json:"search"`
}

type bundle struct {
	ResourceType string `json:"resourceType"`
	Type         string `json:"type"`
	Total        *int   `json:"total"`
	Link         []struct {
		Relation string `json:"relation"`
		URL      string `json:"url"`
	} `json:"link"`
	Entry []bundleEntry `json:"entry"`
}

func decodeBundle(t *testing.T, r response) bundle {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %.500s", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/fhir+json") {
		t.Fatalf("Content-Type %q", ct)
	}
	var b bundle
	if err := json.Unmarshal(r.body, &b); err != nil {
		t.Fatalf("not a Bundle: %v", err)
	}
	if b.ResourceType != "Bundle" || b.Type != "searchset" || b.Total == nil {
		t.Fatalf("got %s type %s total %v, want a searchset with a total", b.ResourceType, b.Type, b.Total)
	}
	return b
}

func (b bundle) link(rel string) string {
	for _, l := range b.Link {
		if l.Relation == rel {
			return l.URL
		}
	}
	return ""
}

// controllers returns the ODS codes in a resource's controller tags.
func controllers(r map[string]any) []string {
	meta, _ := r["meta"].(map[string]any)
	tags, _ := meta["tag"].([]any)
	var out []string
	for _, tg := range tags {
		m, _ := tg.(map[string]any)
		if m["system"] == "https://fhir.nhs.uk/Id/ods-organization-code" {
			out = append(out, m["code"].(string))
		}
	}
	return out
}

// references collects every Reference.reference in a resource.
func references(v any) []string {
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if s, ok := x.(string); ok && k == "reference" {
					out = append(out, s)
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	return out
}

// everythingAll fetches every page of a patient's $everything.
func everythingAll(t *testing.T, inst *instance, token, nhs string) (matches, includes, outcomes []bundleEntry) {
	t.Helper()
	next := inst.fhir() + "/Patient/" + nhs + "/$everything?_count=50"
	total := -1
	for pages := 0; next != ""; pages++ {
		if pages > 100 {
			t.Fatal("more than 100 pages")
		}
		b := decodeBundle(t, get(t, next, token))
		if total >= 0 && *b.Total != total {
			t.Fatalf("total changed between pages: %d then %d", total, *b.Total)
		}
		total = *b.Total
		for _, e := range b.Entry {
			switch e.Search.Mode {
			case "match":
				matches = append(matches, e)
			case "include":
				includes = append(includes, e)
			case "outcome":
				outcomes = append(outcomes, e)
			default:
				t.Fatalf("entry with search.mode %q", e.Search.Mode)
			}
		}
		next = b.link("next")
	}
	if len(matches) != total {
		t.Fatalf("paged through %d matches, total says %d", len(matches), total)
	}
	return matches, includes, outcomes
}

func TestDemoEverything(t *testing.T) {
	d := loadDemo(t)
	inst := startDemo(t)

	// Every scenario's patient is seen exactly by the organisations that
	// know them, and nothing about anyone else comes back. The clinician
	// works at an organisation that knows the patient (a legitimate
	// relationship); the scenarios about the access policy's obligations
	// are tested in policy_test.go.
	for _, sc := range d.Scenarios {
		switch sc.Name {
		case "objection", "withheld-item", "sensitive":
			continue
		}
		t.Run(sc.Name, func(t *testing.T) {
			token := demoToken(t, inst, query("role", "clinician", "user", "dr-jones", "org", d.odsOf(t, sc.KnownTo[0])))
			matches, includes, outcomes := everythingAll(t, inst, token, sc.NHSNumber)
			if len(outcomes) != 0 {
				t.Errorf("%d outcome entries from a healthy demo: %v", len(outcomes), outcomes[0].Resource)
			}
			wantODS := []string{}
			for _, src := range sc.KnownTo {
				// The council's record of this person carries no NHS
				// number, so it cannot be found by one.
				if sc.Name == "social-no-nhs-number" && src == "riverside-council" {
					continue
				}
				wantODS = append(wantODS, d.odsOf(t, src))
			}
			sort.Strings(wantODS)
			seen := map[string]bool{}
			ids := map[string]bool{}
			for i, e := range append(matches, includes...) {
				r := e.Resource
				typ, id := r["resourceType"].(string), r["id"].(string)
				// A supporting resource rides along with every page whose
				// matches refer to it; a match appears once in all pages.
				if ids[typ+"/"+id] && i < len(matches) {
					t.Errorf("%s/%s appears twice", typ, id)
				}
				ids[typ+"/"+id] = true
				if !strings.HasSuffix(e.FullURL, "/fhir/"+typ+"/"+id) {
					t.Errorf("%s/%s has fullUrl %s", typ, id, e.FullURL)
				}
				ctl := controllers(r)
				if len(ctl) == 0 {
					t.Errorf("%s/%s names no controller", typ, id)
				}
				for _, c := range ctl {
					seen[c] = true
				}
				if i == 0 {
					if typ != "Patient" || id != sc.NHSNumber {
						t.Fatalf("first entry is %s/%s, want the merged Patient/%s", typ, id, sc.NHSNumber)
					}
					continue
				}
				// Federated id: <sourceId>.<localId>.
				src, _, ok := strings.Cut(id, ".")
				if !ok || !slices.Contains(sc.KnownTo, src) {
					t.Errorf("%s/%s is not a federated id of a source that knows the patient", typ, id)
				}
				for _, ref := range references(r) {
					rt, rid, _ := strings.Cut(ref, "/")
					if rt == "Patient" && rid != sc.NHSNumber {
						t.Errorf("%s/%s refers to another patient or a local id: %s", typ, id, ref)
					}
				}
				for srcID, local := range sc.LocalIDs {
					if id == local || slices.Contains(references(r), "Patient/"+local) {
						t.Errorf("%s/%s leaks %s's local patient id", typ, id, srcID)
					}
				}
			}
			var got []string
			for c := range seen {
				got = append(got, c)
			}
			sort.Strings(got)
			if !slices.Equal(got, wantODS) {
				t.Errorf("controllers %v, want %v", got, wantODS)
			}
		})
	}
}

func TestDemoPatient(t *testing.T) {
	d := loadDemo(t)
	inst := startDemo(t)
	token := demoToken(t, inst, query("role", "clinician", "user", "dr-jones", "org", "X1A01"))
	shared := d.scenario(t, "shared-all")

	r := get(t, inst.fhir()+"/Patient/"+shared.NHSNumber, token)
	if r.status != http.StatusOK {
		t.Fatalf("read merged patient: %d %.300s", r.status, r.body)
	}
	p := r.json(t)
	if p["id"] != shared.NHSNumber {
		t.Fatalf("merged patient id %v", p["id"])
	}
	links, _ := p["link"].([]any)
	if len(links) != len(shared.KnownTo) {
		t.Fatalf("merged patient has %d links, want one per source (%d)", len(links), len(shared.KnownTo))
	}
	// Each link reads the source's own Patient record.
	for _, l := range links {
		ref := l.(map[string]any)["other"].(map[string]any)["reference"].(string)
		own := get(t, inst.fhir()+"/"+ref, token)
		if own.status != http.StatusOK {
			t.Fatalf("reading %s: %d %.300s", ref, own.status, own.body)
		}
		if got := "Patient/" + own.json(t)["id"].(string); got != ref {
			t.Errorf("reading %s returned %s", ref, got)
		}
	}

	// Search by NHS number identifier: exactly the merged patient.
	b := decodeBundle(t, get(t, inst.fhir()+"/Patient?"+query("identifier", "https://fhir.nhs.uk/Id/nhs-number|"+shared.NHSNumber), token))
	if *b.Total != 1 || len(b.Entry) != 1 || b.Entry[0].Resource["id"] != shared.NHSNumber {
		t.Fatalf("identifier search: total %d, %d entries", *b.Total, len(b.Entry))
	}
	// An NHS number nobody holds gets exactly the answer a patient the
	// clinician does not care for gets, so probing reveals nothing; with a
	// registered relationship (here the token's launch context) it is an
	// empty searchset and a 404.
	unknown := get(t, inst.fhir()+"/Patient?"+query("identifier", "https://fhir.nhs.uk/Id/nhs-number|9000000009"), token)
	notMine := get(t, inst.fhir()+"/Patient?"+query("identifier", "https://fhir.nhs.uk/Id/nhs-number|"+d.scenario(t, "no-relationship").NHSNumber), token)
	checkOutcome(t, unknown, http.StatusForbidden, "no recorded care relationship")
	if string(unknown.body) != string(notMine.body) {
		t.Fatalf("an unknown patient and a patient without a relationship answer differently:\n%s\n%s", unknown.body, notMine.body)
	}
	launch := demoToken(t, inst, query("role", "clinician", "user", "dr-jones", "org", "X1A01", "patient", "9000000009"))
	b = decodeBundle(t, get(t, inst.fhir()+"/Patient?"+query("identifier", "https://fhir.nhs.uk/Id/nhs-number|9000000009"), launch))
	if *b.Total != 0 || len(b.Entry) != 0 {
		t.Fatalf("unknown patient search: total %d", *b.Total)
	}
	if r := get(t, inst.fhir()+"/Patient/9000000009", launch); r.status != http.StatusNotFound {
		t.Fatalf("unknown patient read: %d", r.status)
	}
}

func TestDemoTypeSearchAndRead(t *testing.T) {
	d := loadDemo(t)
	inst := startDemo(t)
	token := demoToken(t, inst, query("role", "clinician", "user", "dr-jones", "org", "X1A01"))
	dup := d.scenario(t, "duplicate-meds")
	med := dup.MedicationCode
	if med.Code == "" {
		t.Fatal("duplicate-meds has no medicationCode")
	}
	b := decodeBundle(t, get(t, inst.fhir()+"/MedicationStatement?"+query("patient", dup.NHSNumber, "code", med.System+"|"+med.Code), token))
	var ods []string
	for _, e := range b.Entry {
		if e.Search.Mode != "match" {
			continue
		}
		if e.Resource["resourceType"] != "MedicationStatement" {
			t.Fatalf("a %v in a MedicationStatement search", e.Resource["resourceType"])
		}
		ods = append(ods, controllers(e.Resource)...)
	}
	sort.Strings(ods)
	ods = slices.Compact(ods)
	if !slices.Equal(ods, []string{"X1A01", "X2B02"}) {
		t.Fatalf("the duplicate medication came from %v, want the GP and the hospital", ods)
	}

	// Every match reads back by its federated id with the same content.
	for _, e := range b.Entry {
		if e.Search.Mode != "match" {
			continue
		}
		id := e.Resource["id"].(string)
		r := get(t, inst.fhir()+"/MedicationStatement/"+id, token)
		if r.status != http.StatusOK {
			t.Fatalf("read %s: %d %.300s", id, r.status, r.body)
		}
		if !reflect.DeepEqual(r.json(t), e.Resource) {
			t.Errorf("read MedicationStatement/%s differs from the search result", id)
		}
	}
}
