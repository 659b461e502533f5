package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/shcr/shcr/fhir"
	"github.com/shcr/shcr/policy"
	"github.com/shcr/shcr/policy/auth"
	"github.com/shcr/shcr/policy/store"
)

// scenarioFile is testdata/demo/scenarios.json (DESIGN §4).
type scenarioFile struct {
	Organisations []struct {
		ODS      string `json:"ods"`
		Name     string `json:"name"`
		Kind     string `json:"kind"`
		SourceID string `json:"sourceId"`
		Path     string `json:"path"`
	} `json:"organisations"`
	Scenarios []demoScenario `json:"scenarios"`
}

// demoScenario is one named scenario, with what the demo must record in
// the governance store for it.
type demoScenario struct {
	Name             string `json:"name"`
	NHSNumber        string `json:"nhsNumber"`
	Description      string `json:"description"`
	WithheldSource   string `json:"withheldSource"`
	WithheldResource string `json:"withheldResource"`
	CarerUser        string `json:"carerUser"`
}

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (port 0 picks a free one)")
	store := fs.String("store", "", "governance store DSN (default: SQLite in a temporary directory)")
	data := fs.String("data", filepath.Join("testdata", "demo"), "the demo data folder, holding scenarios.json")
	logLevel := fs.String("log-level", "warn", "debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "shcr demo: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	raw, err := os.ReadFile(filepath.Join(*data, "scenarios.json"))
	if err != nil {
		fmt.Fprintf(stderr, "shcr demo: reading the demo data: %v\n(run from the repository root, or pass --data)\n", err)
		return 1
	}
	var sf scenarioFile
	if err := json.Unmarshal(raw, &sf); err != nil {
		fmt.Fprintf(stderr, "shcr demo: reading %s: %v\n", filepath.Join(*data, "scenarios.json"), err)
		return 1
	}

	dsn := *store
	if dsn == "" {
		// The demo's governance store lives as long as the process.
		tmp, err := os.MkdirTemp("", "shcr-demo-")
		if err != nil {
			fmt.Fprintf(stderr, "shcr demo: making the store directory: %v\n", err)
			return 1
		}
		defer os.RemoveAll(tmp)
		dsn = "sqlite://" + filepath.Join(tmp, "governance.db")
	}
	cfg := &Config{Listen: *addr, ShcrID: "shcr-demo", Store: Secret(dsn), Log: LogConfig{Level: *logLevel, Format: "text"}}
	cfg.Auth.Demo = true
	for _, o := range sf.Organisations {
		cfg.Sources = append(cfg.Sources, SourceConfig{
			ID: o.SourceID, Type: "dir", Path: filepath.Join(*data, filepath.Base(o.Path)),
			Organisation: OrgConfig{ODS: o.ODS, Name: o.Name, Kind: o.Kind},
		})
	}
	cfg.Policy = demoPolicy()
	cfg.applyDefaults()
	if err := cfg.validate(); err != nil {
		fmt.Fprintf(stderr, "shcr demo: %v\n", err)
		return 1
	}
	log := newLogger(cfg.Log, os.Stderr)

	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		fmt.Fprintf(stderr, "shcr demo: listening on %s: %v\n", cfg.Listen, err)
		return 1
	}
	root := "http://" + ln.Addr().String()
	publicURL := root + "/fhir"
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && tcp.IP.IsUnspecified() {
		// Listening on every address (in a container): links follow the
		// Host each request came to, and the banner shows loopback.
		root = fmt.Sprintf("http://127.0.0.1:%d", tcp.Port)
		publicURL = ""
	}
	demo, err := newDemoIssuer(root + "/fhir")
	if err != nil {
		ln.Close()
		fmt.Fprintf(stderr, "shcr demo: %v\n", err)
		return 1
	}
	cfg.Auth.Issuer, cfg.Auth.Audience = demo.Issuer(), root+"/fhir"
	a, err := build(ctx, cfg, log, buildOptions{demo: demo, publicURL: publicURL, version: version})
	if err != nil {
		ln.Close()
		fmt.Fprintf(stderr, "shcr demo: %v\n", err)
		return 1
	}

	if err := seedDemo(ctx, a.store, sf.Scenarios); err != nil {
		a.close(ctx)
		ln.Close()
		fmt.Fprintf(stderr, "shcr demo: %v\n", err)
		return 1
	}

	var b strings.Builder
	fmt.Fprintf(&b, "shcr demo: FHIR R4 base %s/fhir\n\n", root)
	fmt.Fprintf(&b, "Organisations:\n")
	for _, o := range sf.Organisations {
		fmt.Fprintf(&b, "  %-20s %-38s ODS %s (%s)\n", o.SourceID, o.Name, o.ODS, o.Kind)
	}
	fmt.Fprintf(&b, "\nScenarios (synthetic NHS numbers):\n")
	for _, s := range sf.Scenarios {
		fmt.Fprintf(&b, "  %-22s %s  %s\n", s.Name, s.NHSNumber, s.Description)
	}
	example := "9990000018"
	if len(sf.Scenarios) > 0 {
		example = sf.Scenarios[0].NHSNumber
	}
	org := "X1A01"
	if len(sf.Organisations) > 0 {
		org = sf.Organisations[0].ODS
	}
	fmt.Fprintf(&b, "\nGet a token, then ask for a patient's whole record:\n")
	fmt.Fprintf(&b, "  TOKEN=$(curl -s '%s/demo/token?role=clinician&user=dr-jones&org=%s' | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/')\n", root, org)
	fmt.Fprintf(&b, "  curl -H \"Authorization: Bearer $TOKEN\" '%s/fhir/Patient/%s/$everything'\n\n", root, example)
	fmt.Fprint(stdout, b.String())
	if err := a.serve(ctx, ln, 5*time.Second); err != nil {
		fmt.Fprintf(stderr, "shcr demo: %v\n", err)
		return 1
	}
	return 0
}

// newDemoIssuer makes the demo token issuer for a FHIR base URL: tokens
// are issued by the server itself and meant for its FHIR endpoint.
func newDemoIssuer(fhirBase string) (*auth.DemoIssuer, error) {
	return auth.NewDemoIssuer(strings.TrimSuffix(fhirBase, "/fhir"), fhirBase, time.Hour, nil)
}

// demoPolicy is the demo's access policy: the hospital and the GP share
// with social care users what a care worker needs (allergies, medicines,
// alerts, appointments), and a few sexual health and HIV test codes are
// sensitive wherever they are recorded.
func demoPolicy() policy.Config {
	social := []string{"AllergyIntolerance", "MedicationStatement", "MedicationRequest", "Flag", "Appointment"}
	share := []policy.SharingRule{
		{Roles: []policy.Role{policy.RoleClinician}, Types: []string{"*"}},
		{Roles: []policy.Role{policy.RoleSocialCare}, Types: social},
	}
	return policy.Config{
		Sharing: []policy.SharingAgreement{
			{Source: "gp-riverside", Share: share},
			{Source: "city-general", Share: share},
		},
		Sensitive: policy.SensitiveConfig{Codes: []policy.CodeRef{
			{System: "http://loinc.org", Code: "21613-5"}, // Chlamydia trachomatis DNA
			{System: "http://loinc.org", Code: "56888-1"}, // HIV 1+2 Ab + HIV1 p24 Ag
		}},
	}
}

// seedDemo records in the governance store what the scenarios need: the
// objection, the withheld item and the approved carer.
func seedDemo(ctx context.Context, st *store.Store, scenarios []demoScenario) error {
	for _, sc := range scenarios {
		switch {
		case sc.Name == "objection":
			if err := demoConsent(ctx, st, "demo-objection", sc.NHSNumber, ""); err != nil {
				return err
			}
		case sc.WithheldResource != "":
			typ, local, _ := strings.Cut(sc.WithheldResource, "/")
			if err := demoConsent(ctx, st, "demo-withheld", sc.NHSNumber, typ+"/"+sc.WithheldSource+"."+local); err != nil {
				return err
			}
		case sc.CarerUser != "":
			c, err := st.AddCarer(ctx, store.CarerRelationship{CarerUserID: sc.CarerUser, NHSNumber: sc.NHSNumber, Relationship: "family member"})
			if err != nil {
				return fmt.Errorf("recording the demo carer: %w", err)
			}
			if err := st.ApproveCarer(ctx, c.ID, "demo-ig-officer"); err != nil {
				return fmt.Errorf("approving the demo carer: %w", err)
			}
		}
	}
	return nil
}

// demoConsent records an objection (no reference) or a withheld item.
func demoConsent(ctx context.Context, st *store.Store, id, nhs, withheld string) error {
	data := ""
	if withheld != "" {
		data = fmt.Sprintf(`,"data":[{"meaning":"instance","reference":{"reference":%q}}]`, withheld)
	}
	raw := fmt.Sprintf(`{"resourceType":"Consent","id":%q,"status":"active",`+
		`"scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"}]},`+
		`"category":[{"coding":[{"system":"http://loinc.org","code":"59284-0"}]}],`+
		`"patient":{"reference":"Patient/%s"},"dateTime":"2026-06-01",`+
		`"policyRule":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"OPTOUT"}]},`+
		`"provision":{"type":"deny"%s}}`, id, nhs, data)
	r, err := fhir.Parse([]byte(raw), fhir.DefaultLimits())
	if err != nil {
		return fmt.Errorf("building the demo consent: %w", err)
	}
	rec, err := policy.ParseConsent(r)
	if err != nil {
		return fmt.Errorf("building the demo consent: %w", err)
	}
	return policy.SaveConsent(ctx, st, rec)
}
