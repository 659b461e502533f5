package fhirrest_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/adapters/adaptertest/fhirserver"
	"github.com/shcr/shcr/adapters/fhirrest"
)

func TestPaging(t *testing.T) {
	tests := []struct {
		name          string
		cfg           fhirrest.Config
		server        fhirserver.Options
		q             adapters.Query
		wantResources int // negative: fewer than its absolute value
		wantRequests  int // negative: fewer than its absolute value
		wantTruncated bool
	}{
		{name: "several pages", cfg: fhirrest.Config{PageSize: 1}, q: obsA(), wantResources: 2, wantRequests: 2},
		{name: "one page holds all", cfg: fhirrest.Config{PageSize: 10}, q: obsA(), wantResources: 2, wantRequests: 1},
		{name: "page cap truncates", cfg: fhirrest.Config{PageSize: 1, MaxPages: 1}, q: obsA(), wantResources: 1, wantRequests: 1, wantTruncated: true},
		{name: "$everything over pages", cfg: fhirrest.Config{PageSize: 2}, server: fhirserver.Options{Everything: true}, q: compA(), wantResources: 7, wantRequests: 4},
		{name: "$everything page cap", cfg: fhirrest.Config{PageSize: 2, MaxPages: 3}, server: fhirserver.Options{Everything: true}, q: compA(), wantResources: 6, wantRequests: 3, wantTruncated: true},
		// Seven pages of about 800 bytes each: the budget runs out first.
		{name: "search byte budget truncates", cfg: fhirrest.Config{PageSize: 1, MaxResponseBytes: 4096, MaxSearchBytes: 4096},
			server: fhirserver.Options{Everything: true}, q: compA(), wantResources: -7, wantRequests: -7, wantTruncated: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := setup(t, tt.server, tt.cfg)
			e.prime(t)
			res, err := e.src.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatalf("Search: %v", err)
			}
			if got := len(res.Resources); !count(got, tt.wantResources) {
				t.Errorf("got %d resources (%q), want %d", got, refs(res.Resources), tt.wantResources)
			}
			if got := e.searches(); !count(got, tt.wantRequests) {
				t.Errorf("made %d requests, want %d", got, tt.wantRequests)
			}
			if res.Truncated != tt.wantTruncated {
				t.Errorf("Truncated = %v, want %v", res.Truncated, tt.wantTruncated)
			}
		})
	}
}

// count reports whether got is want or, for a negative want, fewer than
// -want (and more than none).
func count(got, want int) bool {
	if want < 0 {
		return got > 0 && got < -want
	}
	return got == want
}

// bundleOf wraps raw resources in a searchset Bundle.
func bundleOf(resources ...string) []byte {
	var b strings.Builder
	b.WriteString(`{"resourceType":"Bundle","type":"searchset","entry":[`)
	for i, r := range resources {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"resource":` + r + `}`)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

const (
	goodObs  = `{"resourceType":"Observation","id":"good","status":"final","code":{"text":"x"},"subject":{"reference":"Patient/pat-a"}}`
	badIDObs = `{"resourceType":"Observation","id":"bad/id","status":"final","code":{"text":"x"},"subject":{"reference":"Patient/pat-a"}}`
)

func TestBadResponses(t *testing.T) {
	foreign := fhirserver.New(fixtureSource(t), fhirserver.Options{})
	foreignHS := httptest.NewServer(foreign)
	t.Cleanup(foreignHS.Close)

	tests := []struct {
		name    string
		cfg     fhirrest.Config
		prefix  string
		fault   func(base string) fhirserver.Fault
		wantErr error
	}{
		{name: "next link to another host", cfg: fhirrest.Config{PageSize: 1},
			fault: func(string) fhirserver.Fault { return fhirserver.Fault{NextBase: foreignHS.URL} }, wantErr: fhirrest.ErrForeignNext},
		{name: "next link outside the base path", cfg: fhirrest.Config{PageSize: 1}, prefix: "/fhir",
			fault: func(base string) fhirserver.Fault {
				return fhirserver.Fault{NextBase: strings.TrimSuffix(base, "/fhir") + "/admin"}
			}, wantErr: fhirrest.ErrForeignNext},
		{name: "next link sharing a prefix of the base path", cfg: fhirrest.Config{PageSize: 1}, prefix: "/fhir",
			fault: func(base string) fhirserver.Fault { return fhirserver.Fault{NextBase: base + "-evil"} }, wantErr: fhirrest.ErrForeignNext},
		{name: "next link with another scheme", cfg: fhirrest.Config{PageSize: 1},
			fault: func(base string) fhirserver.Fault {
				return fhirserver.Fault{NextBase: strings.Replace(base, "http://", "https://", 1)}
			}, wantErr: fhirrest.ErrForeignNext},
		{name: "next link with dot segments", cfg: fhirrest.Config{PageSize: 1}, prefix: "/fhir",
			fault: func(base string) fhirserver.Fault { return fhirserver.Fault{NextBase: base + "/%2e%2e/admin"} }, wantErr: fhirrest.ErrForeignNext},
		{name: "oversized, streamed", cfg: fhirrest.Config{MaxResponseBytes: 4096},
			fault: func(string) fhirserver.Fault { return fhirserver.Fault{Pad: 1 << 20} }, wantErr: fhirrest.ErrTooLarge},
		{name: "oversized, with Content-Length", cfg: fhirrest.Config{MaxResponseBytes: 4096},
			fault: func(string) fhirserver.Fault {
				return fhirserver.Fault{Body: []byte(`{"resourceType":"Bundle","type":"searchset"` + strings.Repeat(" ", 8192) + `}`)}
			}, wantErr: fhirrest.ErrTooLarge},
		{name: "garbage", fault: func(string) fhirserver.Fault { return fhirserver.Fault{Garbage: true} }},
		{name: "truncated JSON", fault: func(string) fhirserver.Fault { return fhirserver.Fault{Truncate: true} }},
		{name: "duplicate member names", fault: func(string) fhirserver.Fault {
			return fhirserver.Fault{Body: []byte(`{"resourceType":"Bundle","type":"searchset","entry":[],"entry":[]}`)}
		}},
		{name: "duplicate member names inside an entry", fault: func(string) fhirserver.Fault {
			return fhirserver.Fault{Body: bundleOf(goodObs, `{"resourceType":"Observation","id":"a","id":"b"}`)}
		}},
		{name: "invalid UTF-8", fault: func(string) fhirserver.Fault {
			return fhirserver.Fault{Body: []byte("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"id\":\"\xff\"}")}
		}},
		{name: "wrong content type", fault: func(string) fhirserver.Fault { return fhirserver.Fault{ContentType: "text/html; charset=utf-8"} }},
		{name: "wrong charset", fault: func(string) fhirserver.Fault {
			return fhirserver.Fault{ContentType: "application/fhir+json; charset=iso-8859-1"}
		}},
		{name: "not a searchset", fault: func(string) fhirserver.Fault {
			return fhirserver.Fault{Body: []byte(`{"resourceType":"Bundle","type":"collection"}`)}
		}},
		{name: "not a Bundle", fault: func(string) fhirserver.Fault {
			return fhirserver.Fault{Body: []byte(`{"resourceType":"OperationOutcome","issue":[]}`)}
		}},
		{name: "two next links", fault: func(string) fhirserver.Fault {
			return fhirserver.Fault{Body: []byte(`{"resourceType":"Bundle","type":"searchset","link":[{"relation":"next","url":"a"},{"relation":"next","url":"b"}]}`)}
		}},
		{name: "redirect", fault: func(string) fhirserver.Fault { return fhirserver.Fault{Status: 302} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := setup(t, fhirserver.Options{Prefix: tt.prefix}, tt.cfg)
			e.prime(t)
			e.srv.SetFault(tt.fault(e.hs.URL + tt.prefix))
			before := foreign.Requests()
			_, err := e.src.Search(context.Background(), obsA())
			if code := e.src.Code(err); code != adapters.BadResponse {
				t.Fatalf("Search: error %v with code %v, want BadResponse", err, code)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("error %v is not %v", err, tt.wantErr)
			}
			if foreign.Requests() != before {
				t.Error("the source followed a next link to another server")
			}
			if e.searches() > 1 {
				t.Errorf("made %d requests; a bad answer must not be retried or followed", e.searches())
			}
		})
	}
}

func TestEntries(t *testing.T) {
	outcome := func(severity string, code ...string) string {
		c := "processing"
		if len(code) > 0 {
			c = code[0]
		}
		return `{"resourceType":"OperationOutcome","issue":[{"severity":"` + severity + `","code":"` + c + `"}]}`
	}
	tests := []struct {
		name          string
		body          []byte
		want          []string
		wantTruncated bool
	}{
		{name: "a bad entry is dropped and the answer marked truncated", body: bundleOf(goodObs, badIDObs), want: []string{"Observation/good"}, wantTruncated: true},
		{name: "an entry without resourceType is dropped", body: bundleOf(`{"id":"x"}`, goodObs), want: []string{"Observation/good"}, wantTruncated: true},
		{name: "a warning outcome is not a result", body: bundleOf(goodObs, outcome("warning")), want: []string{"Observation/good"}},
		{name: "a warning that part of the answer is missing marks it incomplete", body: bundleOf(goodObs, outcome("warning", "incomplete")), want: []string{"Observation/good"}, wantTruncated: true},
		{name: "a timeout warning marks it incomplete", body: bundleOf(goodObs, outcome("warning", "timeout")), want: []string{"Observation/good"}, wantTruncated: true},
		{name: "an information outcome is not incompleteness", body: bundleOf(goodObs, outcome("information", "informational")), want: []string{"Observation/good"}},
		{name: "an error outcome marks the answer incomplete", body: bundleOf(goodObs, outcome("error")), want: []string{"Observation/good"}, wantTruncated: true},
		{name: "an empty searchset", body: []byte(`{"resourceType":"Bundle","type":"searchset","total":0}`)},
		{name: "entries without resources are skipped", body: []byte(`{"resourceType":"Bundle","type":"searchset","entry":[{"fullUrl":"x"}]}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := setup(t, fhirserver.Options{}, fhirrest.Config{})
			e.prime(t)
			e.srv.SetFault(fhirserver.Fault{Body: tt.body})
			res, err := e.src.Search(context.Background(), obsA())
			if err != nil {
				t.Fatalf("Search: %v", err)
			}
			if got := refs(res.Resources); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if res.Truncated != tt.wantTruncated {
				t.Errorf("Truncated = %v, want %v", res.Truncated, tt.wantTruncated)
			}
		})
	}
}

func TestAnotherPatientsResourcePassesToTheEngine(t *testing.T) {
	// Checking that each resource belongs to the patient is the engine's
	// job (it knows which local ids it resolved); the adapter must hand it
	// everything, unaltered, so the engine can count what it drops.
	e := setup(t, fhirserver.Options{}, fhirrest.Config{})
	e.prime(t)
	e.srv.SetFault(fhirserver.Fault{Inject: []byte(`{"resourceType":"Observation","id":"intruder","status":"final","code":{"text":"x"},"subject":{"reference":"Patient/someone-else"}}`)})
	res, err := e.src.Search(context.Background(), obsA())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Resources {
		if r.ID == "intruder" {
			if !slices.Equal(r.PatientRefs, []string{"Patient/someone-else"}) {
				t.Errorf("intruder links to %q", r.PatientRefs)
			}
			return
		}
	}
	t.Errorf("the injected resource was not returned: %q", refs(res.Resources))
}

func TestReferencesToOtherServersStayAbsolute(t *testing.T) {
	e := setup(t, fhirserver.Options{}, fhirrest.Config{})
	e.prime(t)
	base := e.hs.URL
	e.srv.SetFault(fhirserver.Fault{Body: bundleOf(
		`{"resourceType":"Observation","id":"o1","status":"final","code":{"text":"x"},"subject":{"reference":"` + base + `/Patient/pat-a"},` +
			`"performer":[{"reference":"https://elsewhere.example/fhir/Practitioner/d1"},{"reference":"` + base + `/Practitioner/doc1/_history/2"},{"reference":"` + base + `/Practitioner?identifier=x"}]}`)})
	res, err := e.src.Search(context.Background(), obsA())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Resources) != 1 {
		t.Fatalf("got %d resources", len(res.Resources))
	}
	want := []string{"Patient/pat-a", "https://elsewhere.example/fhir/Practitioner/d1", "Practitioner/doc1/_history/2", base + "/Practitioner?identifier=x"}
	if got := res.Resources[0].References(); !slices.Equal(got, want) {
		t.Errorf("references %q, want %q", got, want)
	}
	if got := res.Resources[0].PatientRefs; !slices.Equal(got, []string{"Patient/pat-a"}) {
		t.Errorf("patient references %q, want the relative one", got)
	}
}
