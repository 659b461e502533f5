package main

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/shcr/shcr/adapters/adaptertest/fhirserver"
	"github.com/shcr/shcr/adapters/sqlsource/socialcare"
	"github.com/shcr/shcr/policy/store/storetest"
)

// TestEveryAdapterTypeAnswersAsTheDemo serves the three demo organisations
// through every kind of adapter at once — the GP from its folder (dir), the
// hospital through an adapter node (grpc, mutual TLS) whose own source is the
// hospital's FHIR server (fhir), and the council from its case management
// database (sql, real PostgreSQL loaded with the same people) — and checks
// that $everything for shared-all is exactly what the all-folders facade
// answers: the same resources with the same ids and content.
func TestEveryAdapterTypeAnswersAsTheDemo(t *testing.T) {
	d := loadDemo(t)
	shared := d.scenario(t, "shared-all").NHSNumber

	dsn := storetest.PostgresDSN(t)
	if err := socialcare.Load(context.Background(), dsn); err != nil {
		t.Fatalf("loading the council's database: %v", err)
	}
	_, acuteURL := acuteServer(t, fhirserver.Options{})
	pki := newNodePKI(t)
	node, _ := startAdapterSource(t, pki, "  type: fhir\n  url: "+acuteURL+"\n",
		"  - clients: [\"cn:shcr-facade\"]\n    types: [\"*\"]\n")

	p := newIDP(t)
	mapping := filepath.Join("..", "..", "adapters", "sqlsource", "socialcare", "mapping.yaml")
	mixed := startServe(t, configWith(p,
		dirSource("gp-riverside", "X1A01", "Riverside Surgery", "gp")+
			grpcSource(node.root, pki, pki.client)+
			fmt.Sprintf(`  - id: riverside-council
    type: sql
    dsn: %s
    mapping: %s
    timeout: 10s
    organisation: {ods: X3C03, name: Riverside Council Adult Social Care, kind: social-care}
`, dsn, mapping)))
	q := newIDP(t)
	folders := startServe(t, serveConfig(q, ""))

	token := p.token(t, nil)
	path := "/Patient/" + shared + "/$everything?_count=1000"
	got := entriesByID(t, decodeBundle(t, get(t, mixed.fhir()+path, token)))
	want := entriesByID(t, decodeBundle(t, get(t, folders.fhir()+path, q.token(t, nil))))
	if len(got) != len(want) {
		t.Errorf("%d entries through every adapter type, %d through folders", len(got), len(want))
	}
	bySource := map[string]int{}
	for id, w := range want {
		g, ok := got[id]
		if !ok {
			t.Errorf("%s is missing through the mixed adapters", id)
			continue
		}
		if !reflect.DeepEqual(g.Resource, w.Resource) {
			t.Errorf("%s differs:\n got %v\nwant %v", id, g.Resource, w.Resource)
		}
		for _, c := range controllers(w.Resource) {
			bySource[c]++
		}
	}
	for _, ods := range []string{"X1A01", "X2B02", "X3C03"} {
		if bySource[ods] == 0 {
			t.Errorf("nothing of %s in the comparison", ods)
		}
	}
	t.Logf("compared %d entries: %v", len(want), bySource)
}
