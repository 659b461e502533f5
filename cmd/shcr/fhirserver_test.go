package main

import (
	"context"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-json-experiment/json"
)

// fhirServerBanner captures the host root of `shcr fhirserver`; the FHIR
// base is under the prefix the test chose.
var fhirServerBanner = regexp.MustCompile(`shcr fhirserver serving FHIR R4 at (http://[^/\s]+)`)

// startFHIRServer runs the hidden `shcr fhirserver` over City General's
// demo folder, as a multi-host test runs it in its own container.
func startFHIRServer(t *testing.T, extra ...string) *instance {
	t.Helper()
	args := append([]string{"fhirserver", "--data", filepath.Join(demoData, "city-general"), "--addr", "127.0.0.1:0", "--org", "X2B02"}, extra...)
	return start(t, fhirServerBanner, args...)
}

// TestFHIRServerCommand runs `shcr fhirserver` as a black box: health,
// metadata and searches over HTTP, then `shcr serve` reaching it as a
// source of type fhir.
func TestFHIRServerCommand(t *testing.T) {
	d := loadDemo(t)
	shared := d.scenario(t, "shared-all")
	srv := startFHIRServer(t, "--prefix", "/fhir")
	base := srv.root + "/fhir"

	t.Run("healthz", func(t *testing.T) {
		if r := get(t, srv.root+"/healthz", ""); r.status != 200 || string(r.body) != "ok\n" {
			t.Fatalf("GET /healthz: %d %q", r.status, r.body)
		}
	})
	t.Run("metadata", func(t *testing.T) {
		r := get(t, base+"/metadata", "")
		if r.status != 200 {
			t.Fatalf("GET /metadata: %d %.300s", r.status, r.body)
		}
		cs := r.json(t)
		if cs["resourceType"] != "CapabilityStatement" || cs["fhirVersion"] != "4.0.1" {
			t.Fatalf("metadata is %v, fhirVersion %v", cs["resourceType"], cs["fhirVersion"])
		}
		if !strings.Contains(string(r.body), "Patient-everything") {
			t.Errorf("$everything is not declared: %.500s", r.body)
		}
	})
	t.Run("a read and a search", func(t *testing.T) {
		local := shared.LocalIDs["city-general"]
		if r := get(t, base+"/Patient/"+local, ""); r.status != 200 || r.json(t)["id"] != local {
			t.Fatalf("GET Patient/%s: %d %.300s", local, r.status, r.body)
		}
		r := get(t, base+"/Observation?patient="+local, "")
		if b := r.json(t); r.status != 200 || b["resourceType"] != "Bundle" || len(b["entry"].([]any)) == 0 {
			t.Fatalf("Observation search: %d %.300s", r.status, r.body)
		}
	})
	t.Run("outside the prefix is not the FHIR API", func(t *testing.T) {
		if r := get(t, srv.root+"/metadata", ""); r.status != 404 {
			t.Fatalf("GET /metadata outside /fhir: %d, want 404", r.status)
		}
	})
	t.Run("as a fhir source of shcr serve", func(t *testing.T) {
		p := newIDP(t)
		facade := startServe(t, configWith(p, dirSource("gp-riverside", "X1A01", "Riverside Surgery", "gp")+
			fhirSource("city-general", base, "5s", "X2B02", "City General Hospital", "acute")))
		b := decodeBundle(t, get(t, facade.fhir()+"/Patient/"+shared.NHSNumber+"/$everything?_count=1000", p.token(t, nil)))
		if texts := outcomeTexts(b); len(texts) > 0 {
			t.Fatalf("outcomes: %q", texts)
		}
		if got := bundleControllers(b); !slices.Equal(got, []string{"X1A01", "X2B02"}) {
			t.Fatalf("controllers %v, want the GP and the hospital", got)
		}
	})
	t.Run("SIGTERM stops it cleanly", func(t *testing.T) {
		srv.stop(t)
		if err := srv.cmd.ProcessState; err == nil || !err.Success() {
			t.Fatalf("exit after SIGTERM: %v\n%s", srv.cmd.ProcessState, srv.stderr)
		}
	})
}

// TestFHIRServerCommandAtTheRoot: without --prefix the FHIR base is the
// host root, next to /healthz.
func TestFHIRServerCommandAtTheRoot(t *testing.T) {
	srv := startFHIRServer(t)
	if r := get(t, srv.root+"/metadata", ""); r.status != 200 || r.json(t)["resourceType"] != "CapabilityStatement" {
		t.Fatalf("GET /metadata: %d %.300s", r.status, r.body)
	}
	if r := get(t, srv.root+"/healthz", ""); r.status != 200 {
		t.Fatalf("GET /healthz: %d", r.status)
	}
}

func TestFHIRServerCommandRefusesBadArguments(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
	}{
		{name: "no data folder", args: []string{"--addr", "127.0.0.1:0"}, wantCode: 2, wantOut: "usage: shcr fhirserver"},
		{name: "a missing folder", args: []string{"--data", filepath.Join(t.TempDir(), "nope"), "--addr", "127.0.0.1:0"}, wantCode: 1, wantOut: "loading"},
		{name: "a bad ODS code", args: []string{"--data", demoData, "--org", "x"}, wantCode: 2, wantOut: "not an ODS code"},
		{name: "a bad prefix", args: []string{"--data", demoData, "--prefix", "fhir"}, wantCode: 2, wantOut: "must start with /"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := exec.Command(shcrBinary, append([]string{"fhirserver"}, tt.args...)...).CombinedOutput()
			if code := exitCode(err); code != tt.wantCode {
				t.Fatalf("exit code %d, want %d: %s", code, tt.wantCode, out)
			}
			if !strings.Contains(string(out), tt.wantOut) || strings.Contains(string(out), "serving") {
				t.Fatalf("output %q, want it to mention %q and not serve", out, tt.wantOut)
			}
		})
	}
}

// TestFHIRServerIsHidden: the stand-in is test machinery and stays out of
// the usage text.
func TestFHIRServerIsHidden(t *testing.T) {
	out, err := exec.Command(shcrBinary, "help").CombinedOutput()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "fhirserver") {
		t.Fatalf("the usage mentions fhirserver:\n%s", out)
	}
}

// TestFHIRServerFaultControl drives the stand-in's faults over HTTP, as a
// multi-host test does with the server in another container.
func TestFHIRServerFaultControl(t *testing.T) {
	d := loadDemo(t)
	local := d.scenario(t, "shared-all").LocalIDs["city-general"]
	srv := startFHIRServer(t, "--prefix", "/fhir", "--fault-control")
	everything := srv.root + "/fhir/Patient/" + local + "/$everything"
	put := func(t *testing.T, spec string) int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPut, srv.root+"/_fault", strings.NewReader(spec))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	clear := func(t *testing.T) {
		t.Helper()
		if r := call(t, http.MethodDelete, srv.root+"/_fault", ""); r.status != http.StatusNoContent {
			t.Fatalf("DELETE /_fault: %d", r.status)
		}
	}

	tests := []struct {
		name  string
		spec  string
		check func(t *testing.T)
	}{
		{name: "a status once, only on $everything", spec: `{"path_contains":"$everything","status":503,"retry_after":"1","times":1}`, check: func(t *testing.T) {
			if r := get(t, srv.root+"/fhir/metadata", ""); r.status != 200 {
				t.Fatalf("metadata: %d, want it untouched", r.status)
			}
			if r := get(t, everything, ""); r.status != 503 || r.header.Get("Retry-After") != "1" {
				t.Fatalf("first $everything: %d (Retry-After %q), want 503", r.status, r.header.Get("Retry-After"))
			}
			if r := get(t, everything, ""); r.status != 200 {
				t.Fatalf("second $everything: %d, want 200", r.status)
			}
		}},
		{name: "garbage", spec: `{"garbage":true}`, check: func(t *testing.T) {
			if r := get(t, everything, ""); strings.HasPrefix(string(r.body), "{") {
				t.Fatalf("the body is JSON: %.100s", r.body)
			}
		}},
		{name: "truncated", spec: `{"truncate":true}`, check: func(t *testing.T) {
			if r := get(t, everything, ""); strings.HasSuffix(strings.TrimSpace(string(r.body)), "}") {
				t.Fatalf("the body is whole: ...%s", r.body[len(r.body)-50:])
			}
		}},
		{name: "oversized", spec: `{"pad":2000000}`, check: func(t *testing.T) {
			if r := get(t, everything, ""); len(r.body) < 2000000 {
				t.Fatalf("%d bytes, want at least 2000000", len(r.body))
			}
		}},
		{name: "another patient's record", spec: `{"inject":{"resourceType":"Observation","id":"slipped-in","status":"final","code":{"text":"x"},"subject":{"reference":"Patient/someone-else"}}}`, check: func(t *testing.T) {
			if r := get(t, everything, ""); !strings.Contains(string(r.body), "slipped-in") {
				t.Fatal("the injected record is not in the answer")
			}
		}},
		{name: "latency", spec: `{"latency":"300ms"}`, check: func(t *testing.T) {
			start := time.Now()
			if r := get(t, everything, ""); r.status != 200 || time.Since(start) < 300*time.Millisecond {
				t.Fatalf("%d after %s, want 200 after at least 300ms", r.status, time.Since(start))
			}
		}},
		{name: "hang, and the client's departure is counted", spec: `{"hang":true}`, check: func(t *testing.T) {
			before := faultStatsOf(t, srv.root).Cancellations
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, everything, nil)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
				t.Fatalf("a hanging server answered %d", resp.StatusCode)
			}
			// The server counts the cancellation when it notices the
			// connection closed; poll its count, bounded.
			deadline := time.Now().Add(10 * time.Second)
			for faultStatsOf(t, srv.root).Cancellations == before {
				if time.Now().After(deadline) {
					t.Fatal("the server never counted the cancelled request")
				}
				<-time.After(20 * time.Millisecond)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := put(t, tt.spec); got != http.StatusNoContent {
				t.Fatalf("PUT /_fault: %d", got)
			}
			defer clear(t)
			tt.check(t)
		})
	}
	t.Run("cleared", func(t *testing.T) {
		if r := get(t, everything, ""); r.status != 200 || r.json(t)["resourceType"] != "Bundle" {
			t.Fatalf("after DELETE: %d %.100s", r.status, r.body)
		}
		if faultStatsOf(t, srv.root).Requests == 0 {
			t.Fatal("no requests counted")
		}
	})
	t.Run("a bad fault is refused", func(t *testing.T) {
		for _, spec := range []string{`{"colour":"blue"}`, `{"latency":"soon"}`, `{"status":42}`, `not json`} {
			if got := put(t, spec); got != http.StatusBadRequest {
				t.Errorf("PUT %s: %d, want 400", spec, got)
			}
		}
	})
}

// TestFHIRServerFaultControlIsOff: without --fault-control there is no
// /_fault.
func TestFHIRServerFaultControlIsOff(t *testing.T) {
	srv := startFHIRServer(t)
	if r := get(t, srv.root+"/_fault", ""); r.status != http.StatusNotFound {
		t.Fatalf("GET /_fault: %d, want 404", r.status)
	}
}

func faultStatsOf(t *testing.T, root string) faultStats {
	t.Helper()
	var s faultStats
	if err := json.Unmarshal(get(t, root+"/_fault", "").body, &s); err != nil {
		t.Fatal(err)
	}
	return s
}
