package rest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/adaptertest"
	"github.com/shcr/shcr/adapters/dirsource"
	"github.com/shcr/shcr/federation"
	"github.com/shcr/shcr/policy"
)

// countingSource counts the searches that reach a real dirsource.
type countingSource struct {
	adapters.Source
	searches atomic.Int32
}

func (c *countingSource) Search(ctx context.Context, q adapters.Query) (*adapters.Result, error) {
	c.searches.Add(1)
	return c.Source.Search(ctx, q)
}

// denyAll refuses every token.
type denyAll struct{}

func (denyAll) Verify(context.Context, string) (policy.Principal, error) {
	return policy.Principal{}, errDenied
}

var errDenied = &Error{Status: http.StatusUnauthorized}

// TestRefusedRequestsNeverReachSources is a regression test: a middleware
// that refuses a request must stop the handler chain, so no source is
// asked anything for an unauthenticated or unacceptable request.
func TestRefusedRequestsNeverReachSources(t *testing.T) {
	dir := t.TempDir()
	if err := adaptertest.WriteFixture(dir); err != nil {
		t.Fatal(err)
	}
	ds, err := dirsource.New(context.Background(), dir, dirsource.Options{})
	if err != nil {
		t.Fatal(err)
	}
	src := &countingSource{Source: ds}
	e, err := federation.New([]federation.Member{{ID: "fx", Organisation: federation.Organisation{ODS: "X9F01", Name: "Fixture", Kind: "gp"}, Source: src}}, federation.Options{})
	if err != nil {
		t.Fatal(err)
	}
	searcher, err := NewSearcher()
	if err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t, e, denyAll{}, searcher)
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	tests := []struct {
		name   string
		header [2]string
		path   string
		status int
	}{
		{name: "no token", path: "/fhir/Patient/9990000018/$everything", status: 401},
		{name: "refused token", header: [2]string{"Authorization", "Bearer x"}, path: "/fhir/Patient/9990000018/$everything", status: 401},
		{name: "unacceptable format", header: [2]string{"Accept", "application/fhir+xml"}, path: "/fhir/Patient/9990000018", status: 406},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+tt.path, nil)
			if tt.header[0] != "" {
				req.Header.Set(tt.header[0], tt.header[1])
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if n := src.searches.Load(); n != 0 {
				t.Fatalf("the source was searched %d times for a refused request", n)
			}
		})
	}
}
