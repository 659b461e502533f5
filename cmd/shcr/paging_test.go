package main

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// page is one page of a searchset: its match ids and links.
type page struct {
	ids   []string
	links map[string]string
	total *int
}

func fetchPage(t *testing.T, u, token string) page {
	t.Helper()
	b := decodeBundle(t, get(t, u, token))
	p := page{links: map[string]string{}, total: b.Total}
	for _, l := range b.Link {
		p.links[l.Relation] = l.URL
	}
	for _, e := range b.Entry {
		if e.Search.Mode == "match" {
			p.ids = append(p.ids, fmt.Sprintf("%v/%v", e.Resource["resourceType"], e.Resource["id"]))
		}
	}
	return p
}

// TestPagingWalksEveryMatchOnce walks large results for shared-all page by
// page, forwards with next and back with previous, and compares them with
// the unpaged answer: no match twice, none skipped, the same order, and
// the previous links lead back to the first page.
func TestPagingWalksEveryMatchOnce(t *testing.T) {
	shared := loadDemo(t).scenario(t, "shared-all").NHSNumber
	inst := startDemo(t)
	token := demoToken(t, inst, query("role", "clinician", "user", "dr-jones", "org", "X1A01"))
	tests := []struct {
		name  string
		path  string // with the patient; without _count
		count int
	}{
		{name: "$everything", path: "/Patient/" + shared + "/$everything?", count: 7},
		{name: "observations in the default order", path: "/Observation?patient=" + shared, count: 6},
		{name: "observations by code, then newest", path: "/Observation?patient=" + shared + "&_sort=code,-date", count: 5},
		{name: "observations by value, missing last", path: "/Observation?patient=" + shared + "&_sort=value-quantity", count: 9},
		{name: "encounters by status, class and last update", path: "/Encounter?patient=" + shared + "&_sort=status,-class,_lastUpdated", count: 4},
		{name: "encounters by id descending", path: "/Encounter?patient=" + shared + "&_sort=-_id", count: 10},
		{name: "documents with a page of one", path: "/DocumentReference?patient=" + shared + "&_sort=-date", count: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := inst.fhir() + tt.path
			if !strings.HasSuffix(base, "?") {
				base += "&"
			}
			whole := fetchPage(t, base+"_count=1000", token)
			if len(whole.links) == 0 || whole.links["next"] != "" {
				t.Fatalf("the unpaged answer has links %v", whole.links)
			}
			if len(whole.ids) <= 2*tt.count {
				t.Fatalf("only %d matches: too few to page through", len(whole.ids))
			}

			// Forwards.
			var pages []page
			for u := base + fmt.Sprintf("_count=%d", tt.count); u != ""; u = pages[len(pages)-1].links["next"] {
				if len(pages) > len(whole.ids) {
					t.Fatal("more pages than matches")
				}
				p := fetchPage(t, u, token)
				if len(p.ids) == 0 || len(p.ids) > tt.count {
					t.Fatalf("page %d holds %d matches, want 1 to %d", len(pages)+1, len(p.ids), tt.count)
				}
				if p.total == nil || *p.total != len(whole.ids) {
					t.Fatalf("page %d total %v, want %d", len(pages)+1, p.total, len(whole.ids))
				}
				if (len(pages) == 0) != (p.links["previous"] == "") {
					t.Fatalf("page %d previous link %q", len(pages)+1, p.links["previous"])
				}
				pages = append(pages, p)
			}
			var forward []string
			for _, p := range pages {
				forward = append(forward, p.ids...)
			}
			if !slices.Equal(forward, whole.ids) {
				t.Fatalf("walking next links gave\n%q\nwant the unpaged order\n%q", forward, whole.ids)
			}

			// Back from the last page to the first.
			back := slices.Clone(pages[len(pages)-1].ids)
			last := pages[len(pages)-1]
			for u := last.links["previous"]; u != ""; {
				p := fetchPage(t, u, token)
				if len(p.ids) != tt.count {
					t.Fatalf("a previous page holds %d matches, want %d", len(p.ids), tt.count)
				}
				back = append(slices.Clone(p.ids), back...)
				u = p.links["previous"]
				if u == "" && !slices.Equal(p.ids, whole.ids[:tt.count]) {
					t.Fatalf("the previous links end at %q, want the first page %q", p.ids, whole.ids[:tt.count])
				}
			}
			if !slices.Equal(back, whole.ids) {
				t.Fatalf("walking previous links gave\n%q\nwant\n%q", back, whole.ids)
			}

			// Every page links to the first.
			if first := fetchPage(t, last.links["first"], token); !slices.Equal(first.ids, pages[0].ids) {
				t.Fatalf("the first link gave %q, want %q", first.ids, pages[0].ids)
			}
		})
	}
}

// TestPagingCursorIsBound checks the page links against misuse: a cursor
// altered, used for another search or by another user is refused, and a
// cursor carries nothing readable. (Expiry is tested with an injected
// clock in fhir/rest, without waiting.)
func TestPagingCursorIsBound(t *testing.T) {
	shared := loadDemo(t).scenario(t, "shared-all").NHSNumber
	inst := startDemo(t)
	jones := demoToken(t, inst, query("role", "clinician", "user", "dr-jones", "org", "X1A01"))
	smith := demoToken(t, inst, query("role", "clinician", "user", "dr-smith", "org", "X1A01"))
	first := fetchPage(t, inst.fhir()+"/Observation?patient="+shared+"&_sort=-date&_count=5", jones)
	next := first.links["next"]
	u, err := url.Parse(next)
	if err != nil {
		t.Fatal(err)
	}
	cur := u.Query().Get("_cursor")
	if cur == "" {
		t.Fatalf("the next link %q has no cursor", next)
	}
	with := func(change func(url.Values)) string {
		q := u.Query()
		change(q)
		v := *u
		v.RawQuery = q.Encode()
		return v.String()
	}
	flip := func(s string, i int) string {
		b := []byte(s)
		b[i] ^= 1
		if b[i] == '-' || b[i] == '_' || b[i] < '0' {
			b[i] = 'A'
		}
		return string(b)
	}
	tests := []struct {
		name   string
		url    string
		token  string
		status int
		want   string
	}{
		{name: "the link as given", url: next, token: jones, status: http.StatusOK},
		{name: "altered", url: with(func(q url.Values) { q.Set("_cursor", flip(cur, len(cur)/2)) }), token: jones, status: http.StatusBadRequest, want: "not valid"},
		{name: "cut short", url: with(func(q url.Values) { q.Set("_cursor", cur[:len(cur)/2]) }), token: jones, status: http.StatusBadRequest, want: "not valid"},
		{name: "another user", url: next, token: smith, status: http.StatusForbidden, want: "another user"},
		{name: "another sort", url: with(func(q url.Values) { q.Set("_sort", "date") }), token: jones, status: http.StatusBadRequest, want: "different search"},
		{name: "another page size", url: with(func(q url.Values) { q.Set("_count", "6") }), token: jones, status: http.StatusBadRequest, want: "different search"},
		{name: "another filter", url: with(func(q url.Values) { q.Set("category", "laboratory") }), token: jones, status: http.StatusBadRequest, want: "different search"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := get(t, tt.url, tt.token)
			if tt.status == http.StatusOK {
				if p := fetchPage(t, tt.url, tt.token); len(p.ids) != 5 || slices.Contains(first.ids, p.ids[0]) {
					t.Fatalf("the next page is %q after %q", p.ids, first.ids)
				}
				return
			}
			checkOutcome(t, r, tt.status, tt.want)
		})
	}
	for _, leak := range []string{shared, "Observation", "gp-riverside", "city-general"} {
		if strings.Contains(cur, leak) {
			t.Errorf("the cursor carries %q in clear", leak)
		}
	}
}
