package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// The access policy, black-box: each role against each scenario, and every
// route by which a user might reach data they may not see.

type role struct {
	name   string
	params []string // demo token parameters
}

func (r role) token(t *testing.T, inst *instance) string {
	return demoToken(t, inst, query(r.params...))
}

func TestPolicyRolesByScenario(t *testing.T) {
	d := loadDemo(t)
	inst := startDemo(t)
	nhs := func(name string) string { return d.scenario(t, name).NHSNumber }
	roles := map[string]role{
		"gp clinician":       {name: "gp clinician", params: []string{"role", "clinician", "user", "dr-gp", "org", "X1A01"}},
		"hospital clinician": {name: "hospital clinician", params: []string{"role", "clinician", "user", "dr-acute", "org", "X2B02"}},
		"social worker":      {name: "social worker", params: []string{"role", "social-care", "user", "sw-1", "org", "X3C03"}},
		"gp receptionist":    {name: "gp receptionist", params: []string{"role", "admin", "user", "recep-1", "org", "X1A01"}},
		"carer":              {name: "carer", params: []string{"role", "carer", "user", d.scenario(t, "carer-proxy").CarerUser}},
		"ig officer":         {name: "ig officer", params: []string{"role", "ig-officer", "user", "ig-1", "org", "X1A01"}},
	}
	// want: the status of $everything, and for 200 the controllers seen
	// and whether something is said to be held back.
	type want struct {
		status      int
		controllers []string
		held        bool
	}
	tests := []struct {
		role, scenario string
		want           want
	}{
		{"gp clinician", "shared-all", want{200, []string{"X1A01", "X2B02", "X3C03"}, false}},
		{"gp clinician", "gp-only", want{200, []string{"X1A01"}, false}},
		{"gp clinician", "objection", want{200, []string{"X1A01"}, true}},
		{"gp clinician", "withheld-item", want{200, []string{"X1A01", "X2B02"}, true}},
		{"gp clinician", "sensitive", want{200, []string{"X1A01", "X2B02"}, true}},
		{"gp clinician", "no-relationship", want{status: 403}},
		{"hospital clinician", "no-relationship", want{200, []string{"X2B02"}, false}},
		{"hospital clinician", "gp-only", want{status: 403}},
		{"hospital clinician", "objection", want{200, []string{"X2B02"}, true}},
		{"social worker", "carer-proxy", want{200, []string{"X1A01", "X2B02", "X3C03"}, false}},
		{"social worker", "shared-all", want{200, []string{"X1A01", "X2B02", "X3C03"}, false}},
		{"social worker", "objection", want{status: 403}},
		{"social worker", "gp-only", want{status: 403}},
		{"gp receptionist", "shared-all", want{200, []string{"X1A01", "X2B02", "X3C03"}, true}},
		{"gp receptionist", "no-relationship", want{status: 403}},
		{"carer", "carer-proxy", want{200, []string{"X1A01", "X2B02", "X3C03"}, false}},
		{"carer", "shared-all", want{status: 403}},
		{"ig officer", "shared-all", want{status: 403}},
	}
	for _, tt := range tests {
		t.Run(tt.role+"/"+tt.scenario, func(t *testing.T) {
			r := get(t, inst.fhir()+"/Patient/"+nhs(tt.scenario)+"/$everything?_count=1000", roles[tt.role].token(t, inst))
			if tt.want.status != 200 {
				checkOutcome(t, r, tt.want.status, "")
				return
			}
			b := decodeBundle(t, r)
			seen := map[string]bool{}
			held := false
			for _, e := range b.Entry {
				if e.Search.Mode == "outcome" {
					held = held || strings.Contains(string(mustJSON(t, e.Resource)), "some information is not available to you")
					continue
				}
				for _, c := range controllers(e.Resource) {
					seen[c] = true
				}
			}
			var got []string
			for c := range seen {
				got = append(got, c)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want.controllers) {
				t.Errorf("controllers %v, want %v", got, tt.want.controllers)
			}
			if held != tt.want.held {
				t.Errorf("held-back outcome present = %v, want %v", held, tt.want.held)
			}
			if tt.role == "gp receptionist" {
				for _, e := range b.Entry {
					typ := e.Resource["resourceType"]
					if e.Search.Mode == "match" && typ != "Patient" {
						t.Errorf("a receptionist received a %v", typ)
					}
				}
			}
		})
	}

	t.Run("patients see their own record only", func(t *testing.T) {
		own := demoToken(t, inst, query("role", "patient", "user", "nhs-login-1", "patient", nhs("gp-only")))
		if r := get(t, inst.fhir()+"/Patient/"+nhs("gp-only")+"/$everything", own); r.status != 200 {
			t.Fatalf("own record: %d %.300s", r.status, r.body)
		}
		checkOutcome(t, get(t, inst.fhir()+"/Patient/"+nhs("shared-all")+"/$everything", own), 403, "own record")
		weak := demoToken(t, inst, query("role", "patient", "user", "nhs-login-1", "patient", nhs("gp-only"), "identity_level", "P5"))
		checkOutcome(t, get(t, inst.fhir()+"/Patient/"+nhs("gp-only")+"/$everything", weak), 403, "P9")
	})

	t.Run("direct care only", func(t *testing.T) {
		research := demoToken(t, inst, query("role", "clinician", "user", "dr-gp", "org", "X1A01", "purpose", "HRESCH"))
		checkOutcome(t, get(t, inst.fhir()+"/Patient/"+nhs("shared-all")+"/$everything", research), 403, "direct care only")
	})

	t.Run("scopes narrow the role", func(t *testing.T) {
		obsOnly := demoToken(t, inst, query("role", "clinician", "user", "dr-gp", "org", "X1A01", "scope", "user/Observation.rs"))
		checkOutcome(t, get(t, inst.fhir()+"/Condition?patient="+nhs("shared-all"), obsOnly), 403, "user/Condition.s")
		if r := get(t, inst.fhir()+"/Observation?patient="+nhs("shared-all"), obsOnly); r.status != 200 {
			t.Fatalf("an Observation search with an Observation scope: %d", r.status)
		}
	})
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	fmt.Fprint(&buf, v)
	return buf.Bytes()
}

// TestPolicyRoutesToOtherPatientsData tries every route by which a GP
// clinician could reach a patient the practice does not know.
func TestPolicyRoutesToOtherPatientsData(t *testing.T) {
	d := loadDemo(t)
	inst := startDemo(t)
	other := d.scenario(t, "no-relationship")
	gp := demoToken(t, inst, query("role", "clinician", "user", "dr-gp", "org", "X1A01"))
	acute := demoToken(t, inst, query("role", "clinician", "user", "dr-acute", "org", "X2B02"))

	// The hospital clinician may see the patient: take ids from there.
	b := decodeBundle(t, get(t, inst.fhir()+"/Observation?patient="+other.NHSNumber+"&_count=2", acute))
	if len(b.Entry) == 0 || b.link("next") == "" {
		t.Fatalf("the hospital clinician should see a paged list of Observations (got %d entries)", len(b.Entry))
	}
	obsID := b.Entry[0].Resource["id"].(string)
	next := b.link("next")

	tests := []struct {
		name   string
		path   string
		header string
		status int
		want   string
	}{
		{name: "search by patient", path: "/Observation?patient=" + other.NHSNumber, status: 403, want: "no recorded care relationship"},
		{name: "search by patient reference", path: "/Condition?subject=Patient/" + other.NHSNumber, status: 403, want: "no recorded care relationship"},
		{name: "everything", path: "/Patient/" + other.NHSNumber + "/$everything", status: 403, want: "no recorded care relationship"},
		{name: "the merged patient", path: "/Patient/" + other.NHSNumber, status: 403, want: "no recorded care relationship"},
		{name: "patient search", path: "/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|" + other.NHSNumber, status: 403, want: "no recorded care relationship"},
		{name: "read by id", path: "/Observation/" + obsID, status: 404, want: "or you may not see it"},
		{name: "the source's patient record", path: "/Patient/city-general." + other.LocalIDs["city-general"], status: 404, want: "or you may not see it"},
		{name: "chained search", path: "/Observation?patient=" + d.scenario(t, "shared-all").NHSNumber + "&subject.name=Smith", status: 400, want: "chained"},
		{name: "reverse chaining", path: "/Patient?_has:Observation:patient:code=1234", status: 400, want: ""},
		{name: "a page link issued to another user", path: strings.TrimPrefix(next, inst.fhir()), status: 403, want: "no recorded care relationship"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := get(t, inst.fhir()+tt.path, gp)
			checkOutcome(t, r, tt.status, tt.want)
			if strings.Contains(string(r.body), other.LocalIDs["city-general"]) && !strings.Contains(tt.path, other.LocalIDs["city-general"]) {
				t.Fatal("the refusal mentions the patient's local id")
			}
		})
	}
	// A colleague at the hospital who may see the patient still cannot use
	// a page link issued to someone else.
	colleague := demoToken(t, inst, query("role", "clinician", "user", "dr-acute-2", "org", "X2B02"))
	checkOutcome(t, get(t, next, colleague), 403, "another user")
	if r := get(t, next, acute); r.status != 200 {
		t.Fatalf("the page link for its own user: %d", r.status)
	}

	// A read of an id that does not exist answers exactly like a read the
	// policy refuses.
	missing := get(t, inst.fhir()+"/Observation/city-general.does-not-exist", gp)
	refused := get(t, inst.fhir()+"/Observation/"+obsID, gp)
	if missing.status != refused.status || strings.ReplaceAll(string(missing.body), "does-not-exist", obsID[len("city-general."):]) != string(refused.body) {
		t.Fatalf("a refused read differs from a missing one:\n%s\n%s", missing.body, refused.body)
	}
}

func TestPolicyWithheldAndSensitiveByID(t *testing.T) {
	d := loadDemo(t)
	inst := startDemo(t)
	withheld := d.scenario(t, "withheld-item")
	acute := demoToken(t, inst, query("role", "clinician", "user", "dr-acute", "org", "X2B02"))
	gp := demoToken(t, inst, query("role", "clinician", "user", "dr-gp", "org", "X1A01"))

	typ, local, _ := strings.Cut(withheld.WithheldResource, "/")
	fed := typ + "/" + withheld.WithheldSource + "." + local
	checkOutcome(t, get(t, inst.fhir()+"/"+fed, acute), 404, "or you may not see it")
	checkOutcome(t, get(t, inst.fhir()+"/"+fed, gp), 404, "or you may not see it")
	b := decodeBundle(t, get(t, inst.fhir()+"/Patient/"+withheld.NHSNumber+"/$everything?_count=1000", acute))
	for _, e := range b.Entry {
		if strings.Contains(fmt.Sprint(e.Resource), withheld.WithheldSource+"."+local) {
			t.Fatalf("a %v mentions the withheld item", e.Resource["resourceType"])
		}
	}

	// Nor through _include: the GP's review consultations point at the
	// withheld problem; it is not included, and the references are masked.
	inc := decodeBundle(t, get(t, inst.fhir()+"/Encounter?patient="+withheld.NHSNumber+"&_include=Encounter:reason-reference&_count=1000", acute))
	masked := 0
	for _, e := range inc.Entry {
		raw := fmt.Sprint(e.Resource)
		if strings.Contains(raw, withheld.WithheldSource+"."+local) {
			t.Fatalf("a %s entry mentions the withheld item", e.Search.Mode)
		}
		if strings.Contains(raw, "valueCode:masked") {
			masked++
		}
	}
	if masked == 0 {
		t.Fatal("no reference to the withheld problem was masked; the test shows nothing")
	}

	// The hospital's HIV test is hidden from the GP, by id as in searches;
	// the hospital's own clinicians see it.
	hiv := "Observation/city-general.obs-" + strings.TrimPrefix(d.scenario(t, "sensitive").LocalIDs["city-general"], "mrn-") + "-2"
	checkOutcome(t, get(t, inst.fhir()+"/"+hiv, gp), 404, "or you may not see it")
	if r := get(t, inst.fhir()+"/"+hiv, acute); r.status != 200 {
		t.Fatalf("the hospital clinician reading their own HIV test: %d %.300s", r.status, r.body)
	}
	// Nor can the GP reach it by _revinclude from the encounters they may
	// see, or by _include from anything.
	sens := d.scenario(t, "sensitive").NHSNumber
	for _, q := range []string{
		"/Encounter?patient=" + sens + "&_revinclude=Observation:encounter&_count=1000",
		"/Observation?patient=" + sens + "&_include=Observation:encounter&_count=1000",
		"/Patient/" + sens + "/$everything?_count=1000",
	} {
		r := get(t, inst.fhir()+q, gp)
		b := decodeBundle(t, r)
		if strings.Contains(string(r.body), strings.TrimPrefix(hiv, "Observation/")) {
			t.Fatalf("%s reaches the HIV test", q)
		}
		if !strings.Contains(strings.Join(outcomeTexts(b), "\n"), "some information is not available to you") {
			t.Errorf("%s does not say something was held back", q)
		}
	}
}

func TestPolicyBreakGlass(t *testing.T) {
	d := loadDemo(t)
	inst := startDemo(t)
	other := d.scenario(t, "no-relationship").NHSNumber
	gp := demoToken(t, inst, query("role", "clinician", "user", "dr-gp", "org", "X1A01"))
	ig := demoToken(t, inst, query("role", "ig-officer", "user", "ig-1", "org", "X1A01"))
	everything := inst.fhir() + "/Patient/" + other + "/$everything"

	checkOutcome(t, get(t, everything, gp, "X-Break-Glass-Reason: urgent"), 403, "break-glass requires a reason")
	r := get(t, everything, gp, "X-Break-Glass-Reason: Patient collapsed in the waiting room, need allergies and medication now")
	if b := decodeBundle(t, r); len(b.Entry) == 0 {
		t.Fatal("break-glass returned nothing")
	}

	alerts := decodeBundle(t, get(t, inst.fhir()+"/Flag?category=break-glass&status=active", ig))
	if len(alerts.Entry) != 1 {
		t.Fatalf("%d open alerts, want 1", len(alerts.Entry))
	}
	flag := alerts.Entry[0].Resource
	if flag["subject"].(map[string]any)["reference"] != "Patient/"+other || flag["status"] != "active" {
		t.Fatalf("alert %v", flag)
	}
	if !strings.Contains(fmt.Sprint(flag), "collapsed in the waiting room") || !strings.Contains(fmt.Sprint(flag), "dr-gp") {
		t.Fatalf("the alert does not say who and why: %v", flag)
	}
	checkOutcome(t, get(t, inst.fhir()+"/Flag?category=break-glass", gp), 403, "ig-officer")

	// The ig-officer closes it with a review note.
	id := flag["id"].(string)
	params := `{"resourceType":"Parameters","parameter":[{"name":"note","valueString":"Confirmed with the practice manager: genuine emergency."}]}`
	closed := post(t, inst.fhir()+"/Flag/"+id+"/$close", ig, params)
	if closed.status != 200 || !strings.Contains(string(closed.body), `"status":"inactive"`) {
		t.Fatalf("closing the alert: %d %.400s", closed.status, closed.body)
	}
	if open := decodeBundle(t, get(t, inst.fhir()+"/Flag?category=break-glass&status=active", ig)); len(open.Entry) != 0 {
		t.Fatalf("%d open alerts after closing", len(open.Entry))
	}
	checkOutcome(t, post(t, inst.fhir()+"/Flag/"+id+"/$close", ig, `{"resourceType":"Parameters"}`), 422, "review note")
}

func TestPolicyConsents(t *testing.T) {
	d := loadDemo(t)
	inst := startDemo(t)
	dup := d.scenario(t, "duplicate-meds")
	ig := demoToken(t, inst, query("role", "ig-officer", "user", "ig-1", "org", "X1A01"))
	acute := demoToken(t, inst, query("role", "clinician", "user", "dr-acute", "org", "X2B02"))
	everything := inst.fhir() + "/Patient/" + dup.NHSNumber + "/$everything?_count=1000"
	controllersOf := func() []string { return bundleControllers(decodeBundle(t, get(t, everything, acute))) }
	if got := controllersOf(); !slices.Equal(got, []string{"X1A01", "X2B02"}) {
		t.Fatalf("before the objection: %v", got)
	}

	objection := fmt.Sprintf(`{"resourceType":"Consent","status":"active",
	 "scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"}]},
	 "category":[{"coding":[{"system":"http://loinc.org","code":"59284-0"}]}],
	 "patient":{"reference":"Patient/%s"},"provision":{"type":"deny"}}`, dup.NHSNumber)
	checkOutcome(t, post(t, inst.fhir()+"/Consent", acute, objection), 403, "ig-officer")
	created := post(t, inst.fhir()+"/Consent", ig, objection)
	if created.status != 201 || created.header.Get("Location") == "" {
		t.Fatalf("recording the objection: %d %.400s", created.status, created.body)
	}
	if got := controllersOf(); !slices.Equal(got, []string{"X2B02"}) {
		t.Fatalf("after the objection the hospital sees %v, want only its own data", got)
	}
	listed := decodeBundle(t, get(t, inst.fhir()+"/Consent?patient="+dup.NHSNumber, ig))
	if len(listed.Entry) != 1 {
		t.Fatalf("%d consents listed", len(listed.Entry))
	}

	// Withdrawn: sharing resumes.
	loc := created.header.Get("Location")
	withdrawn := strings.Replace(objection, `"status":"active"`, `"status":"inactive"`, 1)
	if r := put(t, loc, ig, withdrawn); r.status != 200 {
		t.Fatalf("withdrawing: %d %.400s", r.status, r.body)
	}
	if got := controllersOf(); !slices.Equal(got, []string{"X1A01", "X2B02"}) {
		t.Fatalf("after withdrawal: %v", got)
	}

	tests := []struct {
		name, body string
		status     int
		want       string
	}{
		{name: "not JSON", body: `{"resourceType":"Consent",`, status: 400, want: "not a FHIR JSON resource"},
		{name: "invalid FHIR", body: `{"resourceType":"Consent","status":"sideways"}`, status: 422, want: ""},
		{name: "no patient", body: strings.Replace(objection, fmt.Sprintf(`"patient":{"reference":"Patient/%s"},`, dup.NHSNumber), "", 1), status: 422, want: "patient is required"},
		{name: "a permit", body: strings.Replace(objection, `"type":"deny"`, `"type":"permit"`, 1), status: 422, want: "only deny provisions"},
		{name: "a withheld item that is not a federated reference", body: strings.Replace(objection, `"type":"deny"`, `"type":"deny","data":[{"meaning":"instance","reference":{"reference":"Condition/123"}}]`, 1), status: 422, want: "federated reference"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkOutcome(t, post(t, inst.fhir()+"/Consent", ig, tt.body), tt.status, tt.want)
		})
	}
}

func post(t *testing.T, u, token, body string) response {
	return send(t, http.MethodPost, u, token, body)
}
func put(t *testing.T, u, token, body string) response {
	return send(t, http.MethodPut, u, token, body)
}

func send(t *testing.T, method, u, token, body string) response {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/fhir+json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: b}
}
