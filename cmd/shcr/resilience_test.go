package main

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/golang-jwt/jwt/v5"

	"github.com/shcr/shcr/adapters/adaptertest/fhirserver"
	"github.com/shcr/shcr/policy/auth"
)

// TestParseConfigBreaker: fhir and grpc sources take the same breaker
// block; other types refuse it.
func TestParseConfigBreaker(t *testing.T) {
	dir := t.TempDir()
	withSource := func(src string) string {
		return fmt.Sprintf(`store: sqlite:///var/lib/shcr/governance.db
auth: {issuer: https://idp.example.nhs.uk, audience: https://shcr.example.nhs.uk/fhir, jwks_url: https://idp.example.nhs.uk/jwks.json}
sources:
%s`, src)
	}
	const org = "    organisation: {ods: X2B02, name: City General Hospital, kind: acute}\n"
	const grpcSrc = "  - id: city-general\n    type: grpc\n    address: 127.0.0.1:9443\n    insecure: true\n" + org
	const fhirSrc = "  - id: city-general\n    type: fhir\n    url: https://epr.example.nhs.uk/fhir\n" + org
	const breaker = "    breaker: {failures: 3, failure_ratio: 0.25, min_requests: 10, window: 1m, open_for: 15s}\n"
	tests := []struct {
		name    string
		yaml    string
		wantErr string
	}{
		{name: "grpc", yaml: withSource(grpcSrc + breaker)},
		{name: "fhir", yaml: withSource(fhirSrc + breaker)},
		{name: "grpc without a breaker block takes the defaults", yaml: withSource(grpcSrc)},
		{name: "dir", yaml: withSource(fmt.Sprintf("  - {id: gp, type: dir, path: %s, breaker: {failures: 3}, organisation: {ods: X1A01, name: GP, kind: gp}}\n", dir)), wantErr: "breaker is only for types fhir and grpc"},
		{name: "a bad ratio on grpc", yaml: withSource(grpcSrc + "    breaker: {failure_ratio: 2}\n"), wantErr: "breaker.failure_ratio"},
		{name: "a bad ratio on fhir", yaml: withSource(fhirSrc + "    breaker: {failure_ratio: 2}\n"), wantErr: "breaker.failure_ratio"},
		{name: "an unknown breaker key", yaml: withSource(grpcSrc + "    breaker: {failures: 3, threshold: 4}\n"), wantErr: `unknown key "threshold"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := ParseConfig([]byte(tt.yaml))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseConfig error = %v, want it to mention %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseConfig: %v", err)
			}
			sc := cfg.Sources[0]
			if strings.Contains(tt.yaml, "breaker:") {
				if sc.grpcConfig().Breaker.OpenFor != 15*time.Second || sc.fhirConfig().Breaker.Failures != 3 {
					t.Fatalf("the breaker block did not reach the source: %+v", sc.Breaker)
				}
			} else if got := sc.grpcConfig().WithDefaults().Breaker; got.Failures != 5 || got.OpenFor != 30*time.Second {
				t.Fatalf("grpc breaker defaults %+v, want the fhir ones", got)
			}
		})
	}
}

var breakerState = regexp.MustCompile(`(?m)^shcr_source_breaker_state\{[^}]*source="city-general"[^}]*\} (\d+)$`)

// breakerStateOf reads City General's breaker state from /metrics: 0
// closed, 1 open, 2 half-open.
func breakerStateOf(t *testing.T, inst *instance) int {
	t.Helper()
	r := get(t, inst.root+"/metrics", "")
	m := breakerState.FindSubmatch(r.body)
	if m == nil {
		t.Fatalf("no breaker state for city-general in /metrics:\n%s", grepLines(string(r.body), "breaker"))
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestServeGRPCSourceBreaker stops City General's node behind a running
// facade: after the configured failures its breaker opens, answers carry
// the outcome naming the hospital, the state shows in /metrics and the log;
// once the node is back at the same address, the probe after open_for
// closes the breaker and full answers return without restarting the facade.
func TestServeGRPCSourceBreaker(t *testing.T) {
	d := loadDemo(t)
	shared := d.scenario(t, "shared-all").NHSNumber
	p := newNodePKI(t)
	addr := closedPort(t)
	source := "  type: dir\n  path: " + filepath.Join(demoData, "city-general") + "\n"
	const sharing = "  - clients: [\"cn:shcr-facade\"]\n    types: [\"*\"]\n"
	node, _ := startAdapterAt(t, addr, p, source, sharing)

	id := newIDP(t)
	facade := startServe(t, configWith(id, dirSource("gp-riverside", "X1A01", "Riverside Surgery", "gp")+
		grpcSource(addr, p, p.client)+"    breaker: {failures: 2, open_for: 1s}\n"))
	token := id.token(t, nil)
	everything := facade.fhir() + "/Patient/" + shared + "/$everything?_count=1000"
	const named = "City General Hospital (ODS X2B02, source city-general) could not be reached"

	if b := decodeBundle(t, get(t, everything, token)); !slices.Equal(bundleControllers(b), []string{"X1A01", "X2B02"}) {
		t.Fatalf("with the node up: controllers %v, outcomes %q", bundleControllers(b), outcomeTexts(b))
	}
	if got := breakerStateOf(t, facade); got != 0 {
		t.Fatalf("breaker state %d with the node up, want 0 (closed)", got)
	}

	node.stop(t)
	for i := range 3 {
		b := decodeBundle(t, get(t, everything, token))
		if got := bundleControllers(b); !slices.Equal(got, []string{"X1A01"}) {
			t.Fatalf("request %d with the node down: controllers %v, want the GP only", i+1, got)
		}
		if texts := strings.Join(outcomeTexts(b), "\n"); !strings.Contains(texts, named) {
			t.Fatalf("request %d: outcomes %q do not name City General", i+1, texts)
		}
		if r := get(t, everything, token, "Prefer: handling=strict"); r.status != 503 {
			t.Fatalf("request %d, strict: status %d, want 503", i+1, r.status)
		}
	}
	if got := breakerStateOf(t, facade); got != 1 {
		t.Fatalf("breaker state %d with the node down, want 1 (open)", got)
	}
	if log := facade.stderr.String(); !strings.Contains(log, `"msg":"circuit breaker changed state","source":"city-general"`) || !strings.Contains(log, `"to":"open"`) {
		t.Fatalf("the facade did not log the breaker opening:\n%s", grepLines(log, "breaker"))
	}

	startAdapterAt(t, addr, p, source, sharing)
	// The facade's breaker runs on its own clock in another process, so
	// the test can only watch for the probe that open_for (1s) allows;
	// it polls, bounded, rather than guessing a sleep.
	deadline := time.Now().Add(30 * time.Second)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		b := decodeBundle(t, get(t, everything, token))
		if slices.Equal(bundleControllers(b), []string{"X1A01", "X2B02"}) && len(outcomeTexts(b)) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no full answer within 30s of the node coming back: outcomes %q", outcomeTexts(b))
		}
		<-tick.C
	}
	if got := breakerStateOf(t, facade); got != 0 {
		t.Fatalf("breaker state %d after recovery, want 0 (closed)", got)
	}
}

// nodeCalls reads a node's call counter for a method and outcome from its
// /metrics.
func nodeCalls(t *testing.T, health, method, outcome string) int {
	t.Helper()
	r := get(t, health+"/metrics", "")
	re := regexp.MustCompile(`(?m)^shcr_node_calls_total\{([^}]*)\} (\d+)$`)
	total := 0
	for _, m := range re.FindAllStringSubmatch(string(r.body), -1) {
		if strings.Contains(m[1], `method="`+method+`"`) && strings.Contains(m[1], `outcome="`+outcome+`"`) {
			n, _ := strconv.Atoi(m[2])
			total += n
		}
	}
	return total
}

// TestServeClientDisconnectCancelsNodeCalls is scenario 8 through a node:
// the facade reaches City General through `shcr adapter`, whose own
// source is the hospital's FHIR server, which hangs. The client gives up;
// the node must count its call as cancelled, and the hospital must see its
// request cancelled, long before any timeout (25s at every hop).
func TestServeClientDisconnectCancelsNodeCalls(t *testing.T) {
	d := loadDemo(t)
	shared := d.scenario(t, "shared-all").NHSNumber
	arrived := make(chan struct{}, 16)
	cancelled := make(chan struct{}, 16)
	asked := func(r *http.Request) bool { return !strings.HasSuffix(r.URL.Path, "/metadata") }
	acute, acuteURL := acuteServer(t, fhirserver.Options{
		OnRequest: func(r *http.Request) {
			if asked(r) {
				arrived <- struct{}{}
			}
		},
		OnCancel: func(r *http.Request) {
			if asked(r) {
				cancelled <- struct{}{}
			}
		},
	})
	p := newNodePKI(t)
	nodeInst, health := startAdapterSource(t, p, "  type: fhir\n  url: "+acuteURL+"\n  timeout: 25s\n",
		"  - clients: [\"cn:shcr-facade\"]\n    types: [\"*\"]\n")
	node := nodeInst.root

	id := newIDP(t)
	facade := startServe(t, configWith(id, dirSource("gp-riverside", "X1A01", "Riverside Surgery", "gp")+
		strings.Replace(grpcSource(node, p, p.client), "timeout: 10s", "timeout: 25s", 1)))
	before := nodeCalls(t, health, "Search", "cancelled")
	acute.SetFault(fhirserver.Fault{Hang: true})

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, facade.fhir()+"/Patient/"+shared+"/$everything", nil)
	req.Header.Set("Authorization", "Bearer "+id.token(t, nil))
	done := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	select {
	case <-arrived: // the hospital has been asked, through the node
	case err := <-done:
		t.Fatalf("the request ended before the hospital was asked: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("the hospital was never asked")
	}
	start := time.Now()
	cancel()
	<-done
	select {
	case <-cancelled:
	case <-time.After(15 * time.Second):
		t.Fatal("the hospital's request was not cancelled within 15s of the client leaving (every timeout is 25s)")
	}
	// The node counts the call when its handler returns, just after its
	// source saw the cancellation; the test watches its /metrics for it.
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for nodeCalls(t, health, "Search", "cancelled") == before {
		if time.Since(start) > 15*time.Second {
			t.Fatalf("the node never counted a cancelled Search:\n%s", grepLines(string(get(t, health+"/metrics", "").body), "shcr_node"))
		}
		<-tick.C
	}
	if m := get(t, health+"/metrics", ""); !regexp.MustCompile(`(?m)^shcr_node_calls_in_flight\{[^}]*method="Search"[^}]*\} 0$`).Match(m.body) {
		t.Errorf("Search calls still in flight at the node:\n%s", grepLines(string(m.body), "in_flight"))
	}
	if elapsed := time.Since(start); elapsed > 15*time.Second {
		t.Fatalf("cancellation took %s to reach the node", elapsed)
	}
}

// TestServeStrictRefusalIsAudited: with a source missing, Prefer:
// handling=strict answers 503 with an OperationOutcome naming it, releases
// nothing, and the refusal itself is one audit event with a failure
// outcome.
func TestServeStrictRefusalIsAudited(t *testing.T) {
	d := loadDemo(t)
	shared := d.scenario(t, "shared-all").NHSNumber
	id := newIDP(t)
	inst := startServe(t, configWith(id, dirSource("gp-riverside", "X1A01", "Riverside Surgery", "gp")+
		fhirSource("riverside-council", "http://"+closedPort(t)+"/fhir", "1s", "X3C03", "Riverside Council Adult Social Care", "social-care")))

	r := get(t, inst.fhir()+"/Patient/"+shared+"/$everything", id.token(t, nil), "Prefer: handling=strict")
	checkOutcome(t, r, http.StatusServiceUnavailable, "Riverside Council Adult Social Care (ODS X3C03, source riverside-council) could not be reached")
	if strings.Contains(string(r.body), `"resourceType":"Bundle"`) || strings.Contains(string(r.body), `"resourceType":"Condition"`) {
		t.Fatalf("a strict refusal released data: %.400s", r.body)
	}

	ig := id.token(t, func(c *auth.Claims, _ *jwt.Token) { c.Subject, c.Role = "ig-1", "ig-officer" })
	// The listing is audited after it is answered, so it sees only the
	// refusal.
	events := auditEvents(t, inst, ig, "")
	if len(events) != 1 {
		t.Fatalf("%d audit events for one refused request", len(events))
	}
	ev := events[0]
	raw, _ := json.Marshal(ev)
	if ev["outcome"] == "0" || ev["outcome"] == nil {
		t.Errorf("the refusal is recorded with outcome %v, want a failure: %s", ev["outcome"], raw)
	}
	if !strings.Contains(string(raw), `"Patient/`+shared+`"`) {
		t.Errorf("the event does not name the patient: %s", raw)
	}
	if got := detailOf(ev, "24", "returned"); got != "0" {
		t.Errorf("the event says %q resources were returned, want 0", got)
	}
}
