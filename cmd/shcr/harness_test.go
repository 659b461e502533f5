package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/go-json-experiment/json"
)

// The black-box tests run the real shcr binary, built once by TestMain, and
// talk to it over HTTP like any client.

var shcrBinary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "shcr-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	shcrBinary = filepath.Join(dir, "shcr")
	build := exec.Command("go", "build", "-o", shcrBinary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building shcr:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// demoData is the committed demo population, relative to this package.
var demoData = filepath.Join("..", "..", "testdata", "demo")

// instance is one running shcr process.
type instance struct {
	root   string // http://127.0.0.1:port
	cmd    *exec.Cmd
	stdout *lockedBuffer
	stderr *lockedBuffer
	// stopped is closed once the process has exited.
	stopped chan struct{}
}

// stop sends SIGTERM and waits for a clean exit; the output is complete
// afterwards.
func (i *instance) stop(t *testing.T) {
	t.Helper()
	_ = i.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-i.stopped:
	case <-time.After(30 * time.Second):
		t.Fatal("shcr did not exit within 30s of SIGTERM")
	}
}

func (i *instance) fhir() string { return i.root + "/fhir" }

var (
	demoBanner  = regexp.MustCompile(`FHIR R4 base (http://\S+)/fhir`)
	serveBanner = regexp.MustCompile(`serving FHIR R4 at (http://\S+)/fhir`)
)

// start runs shcr with args and waits until it prints where it listens.
// Cleanup stops it with SIGTERM and requires a clean exit.
func start(t *testing.T, banner *regexp.Regexp, args ...string) *instance {
	t.Helper()
	cmd := exec.Command(shcrBinary, args...)
	found := make(chan string, 1)
	inst := &instance{cmd: cmd, stdout: &lockedBuffer{banner: banner, found: found}, stderr: &lockedBuffer{}, stopped: make(chan struct{})}
	cmd.Stdout = inst.stdout
	cmd.Stderr = inst.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	var exitErr error
	go func() {
		// Wait returns once stdout has been read to its end.
		exitErr = cmd.Wait()
		close(inst.stopped)
		exited <- exitErr
	}()
	select {
	case root := <-found:
		inst.root = root
	case err := <-exited:
		t.Fatalf("shcr %s exited before listening (%v):\n%s", strings.Join(args, " "), err, inst.stderr)
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("shcr %s did not start within 60s:\n%s", strings.Join(args, " "), inst.stderr)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-inst.stopped:
			if exitErr != nil {
				t.Errorf("shcr did not exit cleanly on SIGTERM: %v\n%s", exitErr, inst.stderr)
			}
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			t.Errorf("shcr did not exit within 30s of SIGTERM")
		}
	})
	return inst
}

func startDemo(t *testing.T, extra ...string) *instance {
	t.Helper()
	return start(t, demoBanner, append([]string{"demo", "--addr", "127.0.0.1:0", "--data", demoData}, extra...)...)
}

func startServe(t *testing.T, config string) *instance {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shcr.yaml")
	if err := os.WriteFile(path, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	return start(t, serveBanner, "serve", "--config", path)
}

// demoToken asks the demo token endpoint for a token.
func demoToken(t *testing.T, inst *instance, params string) string {
	t.Helper()
	resp, err := http.Get(inst.root + "/demo/token?" + params)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.UnmarshalRead(resp.Body, &tok); err != nil || resp.StatusCode != 200 {
		t.Fatalf("demo token: status %d, %v", resp.StatusCode, err)
	}
	if tok.TokenType != "Bearer" || tok.ExpiresIn <= 0 || tok.AccessToken == "" {
		t.Fatalf("demo token response %+v", tok)
	}
	return tok.AccessToken
}

// response is one HTTP exchange, decoded.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("response is not JSON (%v): %.300s", err, r.body)
	}
	return v
}

// call performs a request with an optional bearer token and headers
// ("Name: value").
func call(t *testing.T, method, u, token string, headers ...string) response {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Add(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: body}
}

func get(t *testing.T, u, token string, headers ...string) response {
	t.Helper()
	return call(t, http.MethodGet, u, token, headers...)
}

// scenarios reads testdata/demo/scenarios.json.
type scenario struct {
	Name             string            `json:"name"`
	NHSNumber        string            `json:"nhsNumber"`
	KnownTo          []string          `json:"knownTo"`
	LocalIDs         map[string]string `json:"localIds"`
	WithheldSource   string            `json:"withheldSource"`
	WithheldResource string            `json:"withheldResource"`
	CarerUser        string            `json:"carerUser"`
	// MedicationCode is the duplicate-meds scenario's shared medicine.
	MedicationCode struct {
		System string `json:"system"`
		Code   string `json:"code"`
	} `json:"medicationCode"`
}

type demoFile struct {
	Organisations []struct {
		ODS      string `json:"ods"`
		Name     string `json:"name"`
		Kind     string `json:"kind"`
		SourceID string `json:"sourceId"`
	} `json:"organisations"`
	Scenarios []scenario `json:"scenarios"`
}

func loadDemo(t *testing.T) demoFile {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(demoData, "scenarios.json"))
	if err != nil {
		t.Fatal(err)
	}
	var d demoFile
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

func (d demoFile) scenario(t *testing.T, name string) scenario {
	t.Helper()
	for _, s := range d.Scenarios {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("scenario %q is not in scenarios.json", name)
	return scenario{}
}

func (d demoFile) odsOf(t *testing.T, sourceID string) string {
	t.Helper()
	for _, o := range d.Organisations {
		if o.SourceID == sourceID {
			return o.ODS
		}
	}
	t.Fatalf("source %q is not in scenarios.json", sourceID)
	return ""
}

// lockedBuffer collects a process's stderr for failure messages.
// When banner is set, the first submatch of its first match is sent on
// found.
type lockedBuffer struct {
	mu     sync.Mutex
	buf    []byte
	banner *regexp.Regexp
	found  chan string
	sent   bool
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if b.banner != nil && !b.sent {
		if m := b.banner.FindSubmatch(b.buf); m != nil {
			b.found <- string(m[1])
			b.sent = true
		}
	}
	return len(p), nil
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}

// query builds a URL query string from pairs.
func query(pairs ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Add(pairs[i], pairs[i+1])
	}
	return v.Encode()
}
