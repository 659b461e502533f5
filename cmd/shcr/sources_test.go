package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shcr/shcr/adapters/adaptertest/fhirserver"
	"github.com/shcr/shcr/adapters/dirsource"
)

// acuteServer serves City General's demo records as a real FHIR server on
// loopback: the hospital's EPR, as shcr would reach it in production.
func acuteServer(t *testing.T, opts fhirserver.Options) (*fhirserver.Server, string) {
	t.Helper()
	src, err := dirsource.New(context.Background(), filepath.Join(demoData, "city-general"), dirsource.Options{})
	if err != nil {
		t.Fatal(err)
	}
	opts.Prefix = "/fhir"
	fs := fhirserver.New(src, opts)
	srv := httptest.NewServer(fs)
	t.Cleanup(srv.Close)
	return fs, srv.URL + "/fhir"
}

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// federatedConfig serves the GP from its folder, the hospital through the
// fhir adapter and the council from an address where nothing answers.
func federatedConfig(p *idp, acuteURL, councilAddr string) string {
	return configWith(p, dirSource("gp-riverside", "X1A01", "Riverside Surgery", "gp")+
		fhirSource("city-general", acuteURL, "1s", "X2B02", "City General Hospital", "acute")+
		fhirSource("riverside-council", "http://"+councilAddr+"/fhir", "1s", "X3C03", "Riverside Council Adult Social Care", "social-care"))
}

// outcomeTexts returns the diagnostics of a Bundle's outcome entries.
func outcomeTexts(b bundle) []string {
	var out []string
	for _, e := range b.Entry {
		if e.Search.Mode != "outcome" {
			continue
		}
		for _, is := range e.Resource["issue"].([]any) {
			m := is.(map[string]any)
			out = append(out, fmt.Sprintf("%s: %s", m["severity"], m["diagnostics"]))
		}
	}
	return out
}

func bundleControllers(b bundle) []string {
	seen := map[string]bool{}
	for _, e := range b.Entry {
		if e.Search.Mode == "match" {
			for _, c := range controllers(e.Resource) {
				seen[c] = true
			}
		}
	}
	var out []string
	for c := range seen {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

func TestServeSlowAndUnreachableSources(t *testing.T) {
	d := loadDemo(t)
	shared := d.scenario(t, "shared-all").NHSNumber
	var cancelled atomic.Int32
	acute, acuteURL := acuteServer(t, fhirserver.Options{OnCancel: func(*http.Request) { cancelled.Add(1) }})
	p := newIDP(t)
	inst := startServe(t, federatedConfig(p, acuteURL, closedPort(t)))
	token := p.token(t, nil)
	everything := inst.fhir() + "/Patient/" + shared + "/$everything?_count=1000"

	t.Run("the hospital answers through its FHIR API, the council is unreachable", func(t *testing.T) {
		b := decodeBundle(t, get(t, everything, token))
		if got := bundleControllers(b); !slices.Equal(got, []string{"X1A01", "X2B02"}) {
			t.Fatalf("controllers %v, want the GP and the hospital", got)
		}
		texts := outcomeTexts(b)
		if len(texts) != 1 || !strings.Contains(texts[0], "Riverside Council Adult Social Care (ODS X3C03, source riverside-council) could not be reached") ||
			!strings.HasPrefix(texts[0], "warning") {
			t.Fatalf("outcomes %q, want one warning naming the council", texts)
		}
	})

	t.Run("a hanging hospital is cut off at its timeout", func(t *testing.T) {
		acute.SetFault(fhirserver.Fault{Hang: true})
		defer acute.SetFault(fhirserver.Fault{})
		before := cancelled.Load()
		start := time.Now()
		b := decodeBundle(t, get(t, everything, token))
		elapsed := time.Since(start)
		if got := bundleControllers(b); !slices.Equal(got, []string{"X1A01"}) {
			t.Fatalf("controllers %v, want the GP only", got)
		}
		texts := strings.Join(outcomeTexts(b), "\n")
		if !strings.Contains(texts, "City General Hospital (ODS X2B02, source city-general) did not answer within 1s") {
			t.Fatalf("outcomes %q do not name the hospital's timeout", texts)
		}
		// The 30s request timeout would apply if the 1s source timeout
		// were not honoured; this bound is ten times the source's.
		if elapsed > 10*time.Second {
			t.Fatalf("the answer took %s; the source timeout is 1s", elapsed)
		}
		if cancelled.Load() == before {
			t.Fatal("the hospital never saw its request cancelled")
		}
	})

	t.Run("strict handling turns a missing source into 503", func(t *testing.T) {
		r := get(t, everything, token, "Prefer: handling=strict")
		checkOutcome(t, r, http.StatusServiceUnavailable, "Riverside Council Adult Social Care (ODS X3C03, source riverside-council) could not be reached")
	})

	t.Run("a type search the hospital answers", func(t *testing.T) {
		b := decodeBundle(t, get(t, inst.fhir()+"/Observation?patient="+shared+"&_count=1000", token))
		if got := bundleControllers(b); !slices.Contains(got, "X2B02") {
			t.Fatalf("controllers %v, want the hospital among them", got)
		}
	})
}

// TestServeDropsAnotherPatientsData makes the hospital slip another
// patient's record into its answer: shcr must leave it out and say so.
func TestServeDropsAnotherPatientsData(t *testing.T) {
	d := loadDemo(t)
	shared := d.scenario(t, "shared-all")
	other := d.scenario(t, "no-relationship")
	acute, acuteURL := acuteServer(t, fhirserver.Options{})
	p := newIDP(t)
	inst := startServe(t, federatedConfig(p, acuteURL, closedPort(t)))
	token := p.token(t, nil)

	foreign := fmt.Sprintf(`{"resourceType":"Observation","id":"slipped-in","status":"final","code":{"text":"x"},"subject":{"reference":"Patient/%s"}}`, other.LocalIDs["city-general"])
	acute.SetFault(fhirserver.Fault{Inject: []byte(foreign)})
	defer acute.SetFault(fhirserver.Fault{})

	r := get(t, inst.fhir()+"/Observation?patient="+shared.NHSNumber+"&_count=1000", token)
	if strings.Contains(string(r.body), "slipped-in") {
		t.Fatal("another patient's Observation reached the client")
	}
	b := decodeBundle(t, r)
	if !strings.Contains(strings.Join(outcomeTexts(b), "\n"), "City General Hospital (ODS X2B02, source city-general) sent 1 resource(s) that were left out") {
		t.Fatalf("outcomes %q do not report the dropped resource", outcomeTexts(b))
	}
}

// TestServeClientCancelCancelsSources: a client that gives up must not
// leave shcr waiting on the organisations. The hospital hangs and has a
// long timeout; the client disconnects after a moment, and the hospital
// must see its request cancelled long before its own timeout.
func TestServeClientCancelCancelsSources(t *testing.T) {
	d := loadDemo(t)
	shared := d.scenario(t, "shared-all").NHSNumber
	arrived := make(chan struct{}, 16)
	cancelled := make(chan struct{}, 16)
	// Only the patient's searches count, not the CapabilityStatement read
	// at start-up.
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
	p := newIDP(t)
	cfg := configWith(p, dirSource("gp-riverside", "X1A01", "Riverside Surgery", "gp")+
		fhirSource("city-general", acuteURL, "25s", "X2B02", "City General Hospital", "acute"))
	inst := startServe(t, cfg)
	acute.SetFault(fhirserver.Fault{Hang: true})

	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, inst.fhir()+"/Patient/"+shared+"/$everything", nil)
	req.Header.Set("Authorization", "Bearer "+p.token(t, nil))
	done := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	select {
	case <-arrived: // the hospital has been asked; now the client gives up
	case <-time.After(10 * time.Second):
		t.Fatal("the hospital was never asked")
	}
	cancel()
	<-done
	select {
	case <-cancelled:
	case <-time.After(10 * time.Second):
		t.Fatal("the hospital's request was not cancelled within 10s of the client leaving (its timeout is 25s)")
	}
}

// TestServeTelemetryCarriesNoPatientIdentifiers traces to stdout and logs
// at debug level, then checks neither output holds an NHS number or a
// patient's name, while the spans are there.
func TestServeTelemetryCarriesNoPatientIdentifiers(t *testing.T) {
	d := loadDemo(t)
	shared := d.scenario(t, "shared-all")
	_, acuteURL := acuteServer(t, fhirserver.Options{})
	p := newIDP(t)
	cfg := federatedConfig(p, acuteURL, closedPort(t)) + "telemetry: {traces: stdout}\nlog: {level: debug}\n"
	inst := startServe(t, cfg)
	token := p.token(t, nil)
	merged := get(t, inst.fhir()+"/Patient/"+shared.NHSNumber, token).json(t)
	family := merged["name"].([]any)[0].(map[string]any)["family"].(string)
	get(t, inst.fhir()+"/Patient/"+shared.NHSNumber+"/$everything", token)
	get(t, inst.fhir()+"/Observation?patient="+shared.NHSNumber+"&code=http://loinc.org|8867-4", token)
	get(t, inst.fhir()+"/Patient/9990000019", token) // a 400 quoting its input
	inst.stop(t)

	out, logs := inst.stdout.String(), inst.stderr.String()
	if !strings.Contains(out, "federation.source") || !strings.Contains(out, "GET /fhir/:type/:id/:operation") {
		t.Fatalf("stdout holds no request or source spans:\n%.2000s", out)
	}
	if !strings.Contains(logs, `"route"`) {
		t.Fatalf("no access log lines:\n%.2000s", logs)
	}
	for _, secret := range []string{shared.NHSNumber, "9990000019", family, "8867-4"} {
		if strings.Contains(out, secret) {
			t.Errorf("a span holds %q", secret)
		}
		if strings.Contains(logs, secret) {
			t.Errorf("the log holds %q", secret)
		}
	}
}
