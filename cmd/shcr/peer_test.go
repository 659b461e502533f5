package main

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/shcr/shcr/policy/auth"
)

// freePort finds a loopback port nothing listens on, for configurations
// that must name each other's addresses before either starts.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// regionConfig is one shared care record whose other source is a second
// shared care record, reached with a system token.
func regionConfig(p *idp, id, addr, peerID, peerAddr, peerToken, sources string) string {
	return fmt.Sprintf(`listen: %s
shcr_id: %s
public_url: http://%s/fhir
store: sqlite://%s
auth:
  issuer: %s
  audience: %s
  jwks_file: %s
sources:
%s  - id: %s
    type: fhir
    url: http://%s/fhir
    timeout: 10s
    organisation: {ods: %s, name: %s Shared Care Record, kind: shcr}
    auth: {type: bearer, token: %s}
policy:
  systems: [{client_id: %s, types: ["*"]}]
`, addr, id, addr, filepath.Join(t2dir(p, id), "governance.db"), testIssuer, testAudience, p.jwksPath,
		sources, peerID, peerAddr, map[string]string{"region-a": "Y9A01", "region-b": "Y9B01"}[peerID], peerID, peerToken, peerID)
}

// t2dir gives each region its own store file in the IdP's directory.
func t2dir(p *idp, id string) string { return filepath.Join(p.dir, id) }

// TestShcrAsSource runs two shared care records pointing at each other:
// region A holds the GP, region B the hospital and the council. A user of A
// sees everyone's records, with their own controllers named; the request
// that B, in turn, makes of A is refused as a loop rather than going round
// for ever; B's audit trail names A's user.
func TestShcrAsSource(t *testing.T) {
	d := loadDemo(t)
	shared := d.scenario(t, "shared-all").NHSNumber
	p := newIDP(t)
	system := func(client string) string {
		return p.token(t, func(c *auth.Claims, _ *jwt.Token) {
			c.Subject, c.Role, c.ClientID, c.Org, c.Scope = client, "system", client, "", "system/*.rs"
		})
	}
	addrA, addrB := freePort(t), freePort(t)
	for _, id := range []string{"region-a", "region-b"} {
		if err := mkdirAll(t2dir(p, id)); err != nil {
			t.Fatal(err)
		}
	}
	a := startServe(t, regionConfig(p, "region-a", addrA, "region-b", addrB, system("region-a"),
		dirSource("gp-riverside", "X1A01", "Riverside Surgery", "gp")))
	b := startServe(t, regionConfig(p, "region-b", addrB, "region-a", addrA, system("region-b"),
		dirSource("city-general", "X2B02", "City General Hospital", "acute")+
			dirSource("riverside-council", "X3C03", "Riverside Council Adult Social Care", "social-care")))

	gp := p.token(t, func(c *auth.Claims, _ *jwt.Token) { c.Subject, c.Name = "dr-gp", "Dr Green" })
	bundle := decodeBundle(t, get(t, a.fhir()+"/Patient/"+shared+"/$everything?_count=1000", gp))
	if got := bundleControllers(bundle); !slices.Equal(got, []string{"X1A01", "X2B02", "X3C03"}) {
		t.Fatalf("controllers through region A: %v (outcomes %q)", got, outcomeTexts(bundle))
	}
	for _, text := range outcomeTexts(bundle) {
		if strings.HasPrefix(text, "warning") {
			t.Errorf("a warning in a complete answer: %s", text)
		}
	}
	var fromB string
	for _, e := range bundle.Entry {
		id, _ := e.Resource["id"].(string)
		if strings.HasPrefix(id, "region-b.city-general.") && e.Resource["resourceType"] == "Observation" {
			fromB = id
			if ctl := controllers(e.Resource); !slices.Equal(ctl, []string{"X2B02"}) {
				t.Errorf("%s names controllers %v; the hospital's tag must be kept, not replaced by region B's", id, ctl)
			}
		}
	}
	if fromB == "" {
		t.Fatal("no hospital Observation came through region B")
	}
	// It reads back through both records by its federated id.
	if r := get(t, a.fhir()+"/Observation/"+fromB, gp); r.status != 200 {
		t.Fatalf("reading %s through region A: %d %.300s", fromB, r.status, r.body)
	}

	// A request that has already been through region A is refused there.
	r := get(t, a.fhir()+"/Patient/"+shared, system("region-b"), "X-Shcr-Hops: region-a")
	checkOutcome(t, r, 508, "already passed through")

	// Region B's audit trail names region A's user, not only region A.
	ig := p.token(t, func(c *auth.Claims, _ *jwt.Token) { c.Subject, c.Role = "ig-b", "ig-officer" })
	var named bool
	for _, ev := range auditEvents(t, b, ig, "patient="+shared) {
		raw := fmt.Sprint(ev)
		if strings.Contains(raw, "dr-gp") && strings.Contains(raw, "region-a") {
			named = true
		}
	}
	if !named {
		t.Fatal("region B's audit trail does not name the user region A asked for")
	}
}

func mkdirAll(dir string) error { return os.MkdirAll(dir, 0o755) }
