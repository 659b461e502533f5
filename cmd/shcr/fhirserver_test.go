package main

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
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
