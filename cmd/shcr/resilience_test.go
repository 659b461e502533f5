package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
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
