package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseConfig(t *testing.T) {
	dir := t.TempDir()
	base := func(extra string) string {
		return fmt.Sprintf(`listen: 127.0.0.1:8080
store: sqlite:///var/lib/shcr/governance.db
auth:
  issuer: https://idp.example.nhs.uk
  audience: https://shcr.example.nhs.uk/fhir
  jwks_url: https://idp.example.nhs.uk/jwks.json
sources:
  - id: gp-riverside
    type: dir
    path: %s
    organisation: {ods: X1A01, name: Riverside Surgery, kind: gp}
%s`, dir, extra)
	}
	tests := []struct {
		name    string
		yaml    string
		wantErr string
	}{
		{name: "valid", yaml: base("")},
		{name: "unknown top-level key", yaml: base("colour: blue\n"), wantErr: `unknown key "colour"`},
		{name: "unknown source key", yaml: strings.Replace(base(""), "    type: dir", "    type: dir\n    pth: x", 1), wantErr: `unknown key "pth"`},
		{name: "bad duration", yaml: strings.Replace(base(""), "    type: dir", "    type: dir\n    timeout: soon", 1), wantErr: `"soon" is not a duration`},
		{name: "bad source id", yaml: strings.Replace(base(""), "id: gp-riverside", "id: GP.Riverside", 1), wantErr: "sources[0] (GP.Riverside).id"},
		{name: "duplicate source id", yaml: base(fmt.Sprintf("  - {id: gp-riverside, type: dir, path: %s, organisation: {ods: X1A02, name: B, kind: gp}}\n", dir)), wantErr: "used by another source"},
		{name: "bad ODS code", yaml: strings.Replace(base(""), "ods: X1A01", "ods: x", 1), wantErr: "organisation.ods"},
		{name: "bad kind", yaml: strings.Replace(base(""), "kind: gp", "kind: pharmacy", 1), wantErr: "organisation.kind"},
		{name: "missing path", yaml: strings.Replace(base(""), "path: "+dir, "path: "+filepath.Join(dir, "nope"), 1), wantErr: "is not a readable directory"},
		{name: "fhir source without url", yaml: strings.Replace(base(""), "type: dir\n    path: "+dir, "type: fhir", 1), wantErr: "url"},
		{name: "unknown type", yaml: strings.Replace(base(""), "type: dir", "type: ftp", 1), wantErr: `"ftp" must be one of`},
		{name: "no issuer", yaml: strings.Replace(base(""), "  issuer: https://idp.example.nhs.uk\n", "", 1), wantErr: "auth.issuer"},
		{name: "both jwks", yaml: strings.Replace(base(""), "  jwks_url:", "  jwks_file: /x\n  jwks_url:", 1), wantErr: "not both"},
		{name: "http jwks off loopback", yaml: strings.Replace(base(""), "jwks_url: https://", "jwks_url: http://", 1), wantErr: "https URL"},
		{name: "hmac algorithm", yaml: strings.Replace(base(""), "  jwks_url:", "  algorithms: [HS256]\n  jwks_url:", 1), wantErr: "HS256"},
		{name: "bad store", yaml: strings.Replace(base(""), "store: sqlite:///var/lib/shcr/governance.db", "store: mysql://x", 1), wantErr: "store"},
		{name: "no store", yaml: strings.Replace(base(""), "store: sqlite:///var/lib/shcr/governance.db\n", "", 1), wantErr: "store: is required"},
		{name: "short cursor secret", yaml: base("paging: {cursor_secret: short}\n"), wantErr: "cursor_secret"},
		{name: "bad listen", yaml: strings.Replace(base(""), "listen: 127.0.0.1:8080", "listen: nowhere", 1), wantErr: "listen"},
		{name: "source timeout over request timeout", yaml: strings.Replace(base("request_timeout: 1s\n"), "    type: dir", "    type: dir\n    timeout: 5s", 1), wantErr: "longer than request_timeout"},
		{name: "not YAML", yaml: "listen: [", wantErr: "reading the configuration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := ParseConfig([]byte(tt.yaml))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("ParseConfig: %v", err)
				}
				if time.Duration(cfg.Sources[0].Timeout) != 2*time.Second || cfg.Paging.DefaultCount != 100 {
					t.Fatalf("defaults not applied: %+v", cfg)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("ParseConfig error = %v, want it to mention %q", err, tt.wantErr)
			}
		})
	}
}

func TestSecretIsMasked(t *testing.T) {
	s := Secret("a-very-long-secret-value-of-32-bytes!")
	for _, got := range []string{s.String(), fmt.Sprint(s), fmt.Sprintf("%v", PagingConfig{CursorSecret: s}), s.LogValue().String()} {
		if strings.Contains(got, "secret-value") {
			t.Fatalf("secret printed: %s", got)
		}
	}
}

// TestServeRejectsBadConfig runs the binary: it must refuse to start, name
// the bad key and never open its listener.
func TestServeRejectsBadConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(path, []byte("listen: 127.0.0.1:0\nsorces: []\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(shcrBinary, "serve", "--config", path).CombinedOutput()
	if code := exitCode(err); code != 1 {
		t.Fatalf("exit code %d, want 1: %s", code, out)
	}
	if !strings.Contains(string(out), `unknown key "sorces"`) {
		t.Fatalf("output does not name the bad key: %s", out)
	}
	if strings.Contains(string(out), "serving") {
		t.Fatalf("it started serving: %s", out)
	}
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}
