package rest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"

	"github.com/go-json-experiment/json"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/dirsource"
	"github.com/shcr/shcr/federation"
	"github.com/shcr/shcr/fhir"
)

// hidingSource is a source whose records the test can delete between pages.
type hidingSource struct {
	adapters.Source
	mu     sync.Mutex
	hidden map[string]bool
}

func (h *hidingSource) hide(ids ...string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, id := range ids {
		h.hidden[id] = true
	}
}

func (h *hidingSource) Search(ctx context.Context, q adapters.Query) (*adapters.Result, error) {
	res, err := h.Source.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	out := *res
	out.Resources = slices.DeleteFunc(slices.Clone(res.Resources), func(r *fhir.Resource) bool { return h.hidden[r.ID] })
	return &out, nil
}

// TestPagingWhileSourcesChange checks the keyset cursor when records
// disappear between pages: the next page resumes after the last match
// sent, repeating none and skipping none of those that remain, and a page
// past the end links back to the last matches.
func TestPagingWhileSourcesChange(t *testing.T) {
	dir := t.TempDir()
	writeBenchPatient(t, dir, "p0", 0, 20)
	ds, err := dirsource.New(context.Background(), dir, dirsource.Options{})
	if err != nil {
		t.Fatal(err)
	}
	src := &hidingSource{Source: ds, hidden: map[string]bool{}}
	searcher, err := NewSearcher()
	if err != nil {
		t.Fatal(err)
	}
	e, err := federation.New([]federation.Member{{ID: "org", Organisation: federation.Organisation{ODS: "X9A01", Name: "Org", Kind: "gp"}, Source: src}}, federation.Options{Decode: searcher.Decode})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t, e, anyToken{}, searcher)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)

	type page struct {
		ids   []string
		links map[string]string
	}
	fetch := func(u string) page {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		req.Header.Set("Authorization", "Bearer x")
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b struct {
			Link  []struct{ Relation, URL string } `json:"link"`
			Entry []struct {
				Resource struct {
					ID string `json:"id"`
				} `json:"resource"`
				Search struct {
					Mode string `json:"mode"`
				} `json:"search"`
			} `json:"entry"`
		}
		if err := json.UnmarshalRead(resp.Body, &b, json.MatchCaseInsensitiveNames(true)); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d %v", u, resp.StatusCode, err)
		}
		p := page{links: map[string]string{}}
		for _, l := range b.Link {
			p.links[l.Relation] = l.URL
		}
		for _, en := range b.Entry {
			if en.Search.Mode == "match" {
				p.ids = append(p.ids, en.Resource.ID)
			}
		}
		return p
	}
	obs := func(ns ...int) []string {
		var out []string
		for _, n := range ns {
			out = append(out, fmt.Sprintf("org.obs-%d", n))
		}
		return out
	}
	local := func(ns ...int) []string {
		var out []string
		for _, n := range ns {
			out = append(out, fmt.Sprintf("obs-%d", n))
		}
		return out
	}
	// _id sorts as text: obs-0, obs-1, obs-10, obs-11, ... obs-19, obs-2, ...
	first := fetch(srv.URL + "/fhir/Observation?patient=" + benchNHS + "&_sort=_id&_count=5")
	if want := obs(0, 1, 10, 11, 12); !slices.Equal(first.ids, want) {
		t.Fatalf("first page %q, want %q", first.ids, want)
	}

	// One match of the first page and the first of the second disappear.
	src.hide(local(10, 13)...)
	second := fetch(first.links["next"])
	if want := obs(14, 15, 16, 17, 18); !slices.Equal(second.ids, want) {
		t.Fatalf("second page %q, want %q: resume after obs-12, skipping only the deleted obs-13", second.ids, want)
	}
	// Going back from the second page gives the five before it now.
	if back := fetch(second.links["previous"]); !slices.Equal(back.ids, obs(0, 1, 11, 12)) {
		t.Fatalf("previous page %q, want %q", back.ids, obs(0, 1, 11, 12))
	}

	// Everything after the second page disappears: the next page is empty
	// and links back to the last matches there are.
	src.hide(local(19, 2, 3, 4, 5, 6, 7, 8, 9)...)
	third := fetch(second.links["next"])
	if len(third.ids) != 0 || third.links["next"] != "" {
		t.Fatalf("a page past the end holds %q, next %q", third.ids, third.links["next"])
	}
	if back := fetch(third.links["previous"]); !slices.Equal(back.ids, obs(14, 15, 16, 17, 18)) {
		t.Fatalf("previous from past the end %q, want %q", back.ids, obs(14, 15, 16, 17, 18))
	}
	if got := fetch(third.links["first"]); !slices.Equal(got.ids, obs(0, 1, 11, 12, 14)) {
		t.Fatalf("first page now %q", got.ids)
	}
}
