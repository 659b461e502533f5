package main

import (
	"archive/zip"
	"bytes"
	"database/sql"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/golang-jwt/jwt/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // the tamper test edits PostgreSQL directly
	_ "modernc.org/sqlite"             // and SQLite

	"github.com/shcr/shcr/adapters/adaptertest/fhirserver"
	"github.com/shcr/shcr/policy/auth"
	"github.com/shcr/shcr/policy/store/storetest"
)

// auditEvents lists the trail as an IG officer sees it (newest first).
func auditEvents(t *testing.T, inst *instance, ig string, query string) []map[string]any {
	t.Helper()
	var out []map[string]any
	next := inst.fhir() + "/AuditEvent?" + query
	for next != "" {
		r := get(t, next, ig)
		if r.status != 200 {
			t.Fatalf("searching the audit trail: %d %.300s", r.status, r.body)
		}
		var b bundle
		if err := json.Unmarshal(r.body, &b); err != nil || b.Type != "searchset" {
			t.Fatalf("not a searchset: %v", err)
		}
		for _, e := range b.Entry {
			out = append(out, e.Resource)
		}
		next = b.link("next")
	}
	return out
}

func detailOf(ev map[string]any, role, typ string) string {
	for _, en := range ev["entity"].([]any) {
		e := en.(map[string]any)
		r, _ := e["role"].(map[string]any)
		if r == nil || r["code"] != role {
			continue
		}
		for _, d := range e["detail"].([]any) {
			if d.(map[string]any)["type"] == typ {
				return d.(map[string]any)["valueString"].(string)
			}
		}
	}
	return ""
}

func verifyStore(t *testing.T, dsn string) (int, string) {
	t.Helper()
	out, err := exec.Command(shcrBinary, "audit", "verify", "--store", dsn).CombinedOutput()
	return exitCode(err), string(out)
}

// TestAuditEveryRequest makes requests of every kind and finds one
// AuditEvent for each, with the facts that matter, and a chain that
// verifies.
func TestAuditEveryRequest(t *testing.T) {
	d := loadDemo(t)
	dsn := storetest.SQLiteDSN(t)
	inst := startDemo(t, "--store", dsn)
	shared := d.scenario(t, "shared-all").NHSNumber
	other := d.scenario(t, "no-relationship").NHSNumber
	gp := demoToken(t, inst, query("role", "clinician", "user", "dr-gp", "name", "Dr Green", "org", "X1A01"))
	ig := demoToken(t, inst, query("role", "ig-officer", "user", "ig-1", "org", "X1A01"))

	type step struct {
		name             string
		do               func() response
		status           int
		action, outcome  string
		patient          string
		breakGlass       bool
		returnedPositive bool
	}
	steps := []step{
		{name: "read", do: func() response { return get(t, inst.fhir()+"/Patient/"+shared, gp) }, status: 200, action: "read", outcome: "0", patient: shared, returnedPositive: true},
		{name: "search", do: func() response { return get(t, inst.fhir()+"/Observation?patient="+shared+"&code=8867-4", gp) }, status: 200, action: "search", outcome: "0", patient: shared},
		{name: "everything", do: func() response { return get(t, inst.fhir()+"/Patient/"+shared+"/$everything", gp) }, status: 200, action: "everything", outcome: "0", patient: shared, returnedPositive: true},
		{name: "denied", do: func() response { return get(t, inst.fhir()+"/Patient/"+other+"/$everything", gp) }, status: 403, action: "everything", outcome: "4", patient: other},
		{name: "break-glass", do: func() response {
			return get(t, inst.fhir()+"/Patient/"+other+"/$everything", gp, "X-Break-Glass-Reason: Patient collapsed in reception, need medication history")
		}, status: 200, action: "everything", outcome: "0", patient: other, breakGlass: true, returnedPositive: true},
		{name: "token failure", do: func() response { return get(t, inst.fhir()+"/Patient/"+shared, "not-a-token") }, status: 401, action: "login-failed", outcome: "4"},
		{name: "bad request", do: func() response { return get(t, inst.fhir()+"/Patient/123", gp) }, status: 400, action: "read", outcome: "4"},
	}
	for _, s := range steps {
		if r := s.do(); r.status != s.status {
			t.Fatalf("%s: status %d, want %d: %.300s", s.name, r.status, s.status, r.body)
		}
	}
	events := auditEvents(t, inst, ig, "_count=3")
	// Newest first; the listing itself is audited after it is answered.
	if len(events) != len(steps) {
		t.Fatalf("%d audit events for %d requests", len(events), len(steps))
	}
	slices.Reverse(events)
	for i, s := range steps {
		ev := events[i]
		t.Run(s.name, func(t *testing.T) {
			sub := ev["subtype"].([]any)[0].(map[string]any)["code"]
			if ev["outcome"] != s.outcome {
				t.Errorf("outcome %v, want %s (%v)", ev["outcome"], s.outcome, ev["outcomeDesc"])
			}
			raw, _ := json.Marshal(ev)
			if s.patient != "" && !strings.Contains(string(raw), `"Patient/`+s.patient+`"`) {
				t.Errorf("the event does not name the patient")
			}
			if s.action == "login-failed" && !strings.Contains(string(raw), "unauthenticated") {
				t.Errorf("a token failure recorded as %s", raw)
			}
			if s.breakGlass != strings.Contains(string(raw), "Break-glass: Patient collapsed") {
				t.Errorf("break-glass reason recorded = %v, want %v", !s.breakGlass, s.breakGlass)
			}
			if s.returnedPositive && detailOf(ev, "24", "returned") == "0" {
				t.Errorf("the event says nothing was returned")
			}
			if s.status >= 400 && detailOf(ev, "24", "returned") != "0" {
				t.Errorf("a refused request says %s were returned", detailOf(ev, "24", "returned"))
			}
			if s.name == "search" && !strings.Contains(detailOf(ev, "24", "parameters"), "code") || strings.Contains(string(raw), "8867-4") {
				t.Errorf("parameter names must be recorded and values never: %s", raw)
			}
			if s.name == "everything" && !strings.Contains(string(raw), "City General Hospital (X2B02)") {
				t.Errorf("the sources asked are not recorded: %s", raw)
			}
			if s.name == "read" && sub != "read" {
				t.Errorf("subtype %v", sub)
			}
		})
	}
	inst.stop(t)
	if code, out := verifyStore(t, dsn); code != 0 || !strings.Contains(out, "audit chain OK") {
		t.Fatalf("verify: exit %d: %s", code, out)
	}
}

// TestAuditTamperDetected edits a stored event directly in the database,
// on SQLite and on PostgreSQL, and `shcr audit verify` must fail there.
func TestAuditTamperDetected(t *testing.T) {
	for _, tc := range []struct {
		name   string
		dsn    func(t *testing.T) string
		driver string
		conn   func(dsn string) string
		edit   string
	}{
		{name: "sqlite", dsn: func(t *testing.T) string { return storetest.SQLiteDSN(t) }, driver: "sqlite",
			conn: func(dsn string) string { return strings.TrimPrefix(dsn, "sqlite://") },
			edit: "UPDATE audit_events SET user_id = 'someone-else' WHERE seq = 2"},
		{name: "postgres", dsn: func(t *testing.T) string { return storetest.PostgresDSN(t) }, driver: "pgx",
			conn: func(dsn string) string { return dsn },
			edit: "UPDATE audit_events SET patient_nhs = '9000000009' WHERE seq = 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := loadDemo(t)
			dsn := tc.dsn(t)
			inst := startDemo(t, "--store", dsn)
			gp := demoToken(t, inst, query("role", "clinician", "user", "dr-gp", "org", "X1A01"))
			for range 3 {
				get(t, inst.fhir()+"/Patient/"+d.scenario(t, "shared-all").NHSNumber, gp)
			}
			inst.stop(t)
			if code, out := verifyStore(t, dsn); code != 0 {
				t.Fatalf("before tampering: exit %d: %s", code, out)
			}
			db, err := sql.Open(tc.driver, tc.conn(dsn))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(tc.edit); err != nil {
				t.Fatal(err)
			}
			db.Close()
			code, out := verifyStore(t, dsn)
			if code != 1 || !strings.Contains(out, "broken") || !strings.Contains(out, "2") {
				t.Fatalf("after tampering: exit %d: %s", code, out)
			}
		})
	}
}

// proxy is a TCP proxy in front of the governance store's PostgreSQL, so
// a test can cut the store off and bring it back.
type proxy struct {
	ln      net.Listener
	target  string
	mu      sync.Mutex
	up      bool
	conns   []net.Conn
	addr    string
	stopped chan struct{}
}

func newProxy(t *testing.T, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, target: target, up: true, addr: ln.Addr().String(), stopped: make(chan struct{})}
	go func() {
		defer close(p.stopped)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			up := p.up
			p.mu.Unlock()
			if !up {
				c.Close()
				continue
			}
			u, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, u)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(u, c); u.Close() }()
			go func() { _, _ = io.Copy(c, u); c.Close() }()
		}
	}()
	t.Cleanup(func() { ln.Close(); <-p.stopped; p.set(false) })
	return p
}

// set brings the store up or cuts it off (closing every open connection).
func (p *proxy) set(up bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.up = up
	if !up {
		for _, c := range p.conns {
			c.Close()
		}
		p.conns = nil
	}
}

// TestAuditFailsClosed stops the governance store mid-service: requests
// get a 503 and no data, and once it is back, service resumes and the chain
// verifies.
func TestAuditFailsClosed(t *testing.T) {
	d := loadDemo(t)
	dsn := storetest.PostgresDSN(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	px := newProxy(t, u.Host)
	proxied := *u
	proxied.Host = px.addr
	p := newIDP(t)
	cfg := strings.Replace(serveConfig(p, ""), "store: sqlite://"+filepath.Join(p.dir, "governance.db"), "store: "+proxied.String(), 1)
	inst := startServe(t, cfg+"request_timeout: 5s\n")
	token := p.token(t, nil)
	target := inst.fhir() + "/Patient/" + d.scenario(t, "shared-all").NHSNumber + "/$everything"

	if r := get(t, target, token); r.status != 200 {
		t.Fatalf("with the store up: %d %.300s", r.status, r.body)
	}
	if r := get(t, inst.root+"/readyz", ""); r.status != 200 {
		t.Fatalf("readyz with the store up: %d %.300s", r.status, r.body)
	}
	px.set(false)
	r := get(t, target, token)
	checkOutcome(t, r, http.StatusServiceUnavailable, "")
	if bytes.Contains(r.body, []byte(`"resourceType":"Observation"`)) || bytes.Contains(r.body, []byte("Bundle")) {
		t.Fatalf("data was released with the store down: %.300s", r.body)
	}
	// Every kind of data request fails closed, not only $everything.
	for _, path := range []string{"/Patient/" + d.scenario(t, "shared-all").NHSNumber, "/Observation?patient=" + d.scenario(t, "shared-all").NHSNumber} {
		r := get(t, inst.fhir()+path, token)
		checkOutcome(t, r, http.StatusServiceUnavailable, "")
		if bytes.Contains(r.body, []byte(`"resourceType":"Observation"`)) || bytes.Contains(r.body, []byte(`"resourceType":"Patient"`)) {
			t.Fatalf("GET %s released data with the store down: %.300s", path, r.body)
		}
	}
	ready := get(t, inst.root+"/readyz", "")
	checkOutcome(t, ready, http.StatusServiceUnavailable, "governance store")
	if bytes.Contains(ready.body, []byte(px.addr)) || bytes.Contains(ready.body, []byte(u.User.Username())) {
		t.Errorf("/readyz shows the store's address or user: %s", ready.body)
	}
	px.set(true)
	ok := false
	for i := 0; i < 50 && !ok; i++ {
		// The store's connection pool reconnects on the next request.
		ok = get(t, target, token).status == 200
	}
	if !ok {
		t.Fatal("service did not resume after the store came back")
	}
	if r := get(t, inst.root+"/readyz", ""); r.status != 200 {
		t.Fatalf("readyz after the store came back: %d %.300s", r.status, r.body)
	}
	inst.stop(t)
	if code, out := verifyStore(t, dsn); code != 0 {
		t.Fatalf("verify after the outage: exit %d: %s", code, out)
	}
}

// TestAuditTwoReplicasOneChain runs two shcr processes on one PostgreSQL
// store under concurrent load: every answered request has exactly one
// event, in one unbroken chain.
func TestAuditTwoReplicasOneChain(t *testing.T) {
	d := loadDemo(t)
	dsn := storetest.PostgresDSN(t)
	p := newIDP(t)
	cfg := strings.Replace(serveConfig(p, ""), "store: sqlite://"+filepath.Join(p.dir, "governance.db"), "store: "+dsn, 1)
	a, b := startServe(t, cfg), startServe(t, cfg)
	token := p.token(t, nil)
	nhs := []string{d.scenario(t, "shared-all").NHSNumber, d.scenario(t, "gp-only").NHSNumber, d.scenario(t, "duplicate-meds").NHSNumber}

	var answered atomic.Int64
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 15 {
				inst := a
				if (w+i)%2 == 1 {
					inst = b
				}
				if r := get(t, inst.fhir()+"/Patient/"+nhs[i%3]+"/$everything", token); r.status == 200 {
					answered.Add(1)
				} else {
					t.Errorf("status %d", r.status)
				}
			}
		})
	}
	wg.Wait()
	a.stop(t)
	b.stop(t)
	code, out := verifyStore(t, dsn)
	if code != 0 {
		t.Fatalf("verify: exit %d: %s", code, out)
	}
	if want := fmt.Sprintf("%d events (seq 1..%d)", answered.Load(), answered.Load()); !strings.Contains(out, want) {
		t.Fatalf("verify says %q, want %d events for %d answered requests", strings.TrimSpace(out), answered.Load(), answered.Load())
	}
}

// TestAuditPatientAccessLog: a patient reads who looked at their record.
func TestAuditPatientAccessLog(t *testing.T) {
	d := loadDemo(t)
	inst := startDemo(t)
	nhs := d.scenario(t, "shared-all").NHSNumber
	gp := demoToken(t, inst, query("role", "clinician", "user", "dr-gp", "name", "Dr Green", "org", "X1A01"))
	sw := demoToken(t, inst, query("role", "social-care", "user", "sw-1", "name", "Sam Worker", "org", "X3C03"))
	me := demoToken(t, inst, query("role", "patient", "user", "nhs-login-7", "name", "The Patient", "patient", nhs))
	get(t, inst.fhir()+"/Patient/"+nhs, gp)
	get(t, inst.fhir()+"/Patient/"+nhs+"/$everything", sw)
	get(t, inst.fhir()+"/Patient/"+nhs+"/$everything", me)

	all := auditEvents(t, inst, me, "patient="+nhs+"&_count=1")
	if len(all) != 3 {
		t.Fatalf("%d events, want 3 (two staff, the patient)", len(all))
	}
	raw, _ := json.Marshal(all)
	for _, want := range []string{"Dr Green", "Sam Worker", "Riverside Surgery", "Riverside Council Adult Social Care", `"code":"clinician"`, `"code":"TREAT"`} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("the access log does not show %s", want)
		}
	}
	for _, hidden := range []string{"dr-gp", "sw-1", "shcr-demo", "127.0.0.1"} {
		if strings.Contains(string(raw), hidden) {
			t.Errorf("the access log shows the internal %q", hidden)
		}
	}
	first := all[0]["recorded"].(string)
	last := all[2]["recorded"].(string)
	if first < last {
		t.Errorf("not newest first: %s before %s", first, last)
	}
	others := auditEvents(t, inst, me, "patient="+nhs+"&_own=false")
	if len(others) != 2 {
		t.Fatalf("with _own=false: %d events, want the 2 by staff", len(others))
	}
	checkOutcome(t, get(t, inst.fhir()+"/AuditEvent?patient="+d.scenario(t, "gp-only").NHSNumber, me), 403, "own record")
	checkOutcome(t, get(t, inst.fhir()+"/AuditEvent?patient="+nhs, gp), 403, "audit trail")
}

// TestSubjectAccessRequest: everything each controller holds, the access
// log and a manifest; an unreachable controller is listed as incomplete.
func TestSubjectAccessRequest(t *testing.T) {
	d := loadDemo(t)
	shared := d.scenario(t, "shared-all").NHSNumber
	_, acuteURL := acuteServer(t, fhirserver.Options{})
	p := newIDP(t)
	inst := startServe(t, federatedConfig(p, acuteURL, closedPort(t)))
	ig := p.token(t, func(c *auth.Claims, _ *jwt.Token) { c.Role = "ig-officer" })

	clinician := p.token(t, nil)
	get(t, inst.fhir()+"/Patient/"+shared, clinician) // an access for the log
	r := get(t, inst.fhir()+"/Patient/"+shared+"/$sar", ig)
	if r.status != 200 {
		t.Fatalf("$sar: %d %.400s", r.status, r.body)
	}
	var b struct {
		Type  string `json:"type"`
		Entry []struct {
			Resource map[string]any `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(r.body, &b); err != nil || b.Type != "collection" {
		t.Fatalf("not a collection Bundle: %v %s", err, b.Type)
	}
	manifest := b.Entry[0].Resource
	if manifest["resourceType"] != "Parameters" {
		t.Fatalf("the first entry is a %v, want the manifest", manifest["resourceType"])
	}
	controllers := map[string]map[string]any{}
	for _, prm := range manifest["parameter"].([]any) {
		pm := prm.(map[string]any)
		if pm["name"] != "controller" {
			continue
		}
		fields := map[string]any{}
		for _, part := range pm["part"].([]any) {
			pp := part.(map[string]any)
			for k, v := range pp {
				if strings.HasPrefix(k, "value") {
					fields[pp["name"].(string)] = v
				}
			}
		}
		controllers[fields["ods"].(string)] = fields
	}
	if len(controllers) != 3 {
		t.Fatalf("%d controllers in the manifest, want 3: %v", len(controllers), controllers)
	}
	if controllers["X1A01"]["complete"] != true || controllers["X2B02"]["complete"] != true {
		t.Errorf("the reachable controllers are not complete: %v", controllers)
	}
	if c := controllers["X3C03"]; c["complete"] != false || !strings.Contains(fmt.Sprint(c["reason"]), "could not be reached") {
		t.Errorf("the unreachable council is not listed as incomplete: %v", c)
	}
	types := map[string]int{}
	for _, e := range b.Entry {
		types[e.Resource["resourceType"].(string)]++
	}
	if types["AuditEvent"] == 0 || types["Observation"] == 0 {
		t.Errorf("the SAR lacks the access log or the records: %v", types)
	}

	// As a zip: one Bundle per controller, the log and the manifest.
	z := get(t, inst.fhir()+"/Patient/"+shared+"/$sar?_format=zip", ig)
	if z.status != 200 || z.header.Get("Content-Type") != "application/zip" {
		t.Fatalf("$sar as zip: %d %s", z.status, z.header.Get("Content-Type"))
	}
	zr, err := zip.NewReader(bytes.NewReader(z.body), int64(len(z.body)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	slices.Sort(names)
	want := []string{"access-log.json", "city-general.json", "gp-riverside.json", "manifest.json", "riverside-council.json"}
	if !slices.Equal(names, want) {
		t.Fatalf("zip holds %v, want %v", names, want)
	}

	checkOutcome(t, get(t, inst.fhir()+"/Patient/"+shared+"/$sar", clinician), 403, "subject access")
}

// TestAuditSearchFiltersAndPrune: an IG officer's search narrows by user,
// organisation, break-glass and date; pruning old events by hand leaves a
// chain that still verifies.
func TestAuditSearchFiltersAndPrune(t *testing.T) {
	d := loadDemo(t)
	dsn := storetest.SQLiteDSN(t)
	inst := startDemo(t, "--store", dsn)
	shared := d.scenario(t, "shared-all").NHSNumber
	other := d.scenario(t, "no-relationship").NHSNumber
	gp := demoToken(t, inst, query("role", "clinician", "user", "dr-gp", "org", "X1A01"))
	acute := demoToken(t, inst, query("role", "clinician", "user", "dr-acute", "org", "X2B02"))
	ig := demoToken(t, inst, query("role", "ig-officer", "user", "ig-1", "org", "X1A01"))
	get(t, inst.fhir()+"/Patient/"+shared, gp)
	get(t, inst.fhir()+"/Patient/"+shared, acute)
	get(t, inst.fhir()+"/Patient/"+other+"/$everything", gp, "X-Break-Glass-Reason: Patient collapsed in reception, need medication history")

	tests := []struct {
		name, query string
		want        int
	}{
		{name: "by user", query: "user=dr-acute", want: 1},
		{name: "by organisation", query: "organisation=X2B02", want: 1},
		{name: "by patient", query: "patient=" + shared, want: 2},
		{name: "break-glass only", query: "break-glass=true", want: 1},
		{name: "by outcome and action", query: "action=everything&outcome=0", want: 1},
		{name: "an empty date range", query: "date=lt2000-01-01", want: 0},
		{name: "a date range holding them all", query: "date=ge2000-01-01&user=dr-gp", want: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := len(auditEvents(t, inst, ig, tt.query)); got != tt.want {
				t.Fatalf("%d events, want %d", got, tt.want)
			}
		})
	}
	checkOutcome(t, get(t, inst.fhir()+"/AuditEvent?colour=blue", ig), 400, "not supported")
	inst.stop(t)

	out, err := exec.Command(shcrBinary, "audit", "prune", "--store", dsn, "--older-than", "1ms").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "pruned") {
		t.Fatalf("prune: %v %s", err, out)
	}
	if code, out := verifyStore(t, dsn); code != 0 || !strings.Contains(out, "audit chain OK") {
		t.Fatalf("verify after pruning: exit %d: %s", code, out)
	}
}
