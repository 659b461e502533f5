package fhirrest

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/shcr/shcr/adapters"
	"github.com/shcr/shcr/fhir"
)

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestFollowable(t *testing.T) {
	base := mustURL(t, "https://epr.example.nhs.uk/fhir")
	from := mustURL(t, "https://epr.example.nhs.uk/fhir/Observation?patient=p1")
	tests := []struct {
		next string
		want string // "" when refused
	}{
		{"https://epr.example.nhs.uk/fhir/Observation?_page=2", "https://epr.example.nhs.uk/fhir/Observation?_page=2"},
		{"https://EPR.example.nhs.uk:443/fhir?_getpages=abc", "https://EPR.example.nhs.uk:443/fhir?_getpages=abc"},
		{"/fhir/Observation?_page=2", "https://epr.example.nhs.uk/fhir/Observation?_page=2"},
		{"Observation?_page=2#frag", "https://epr.example.nhs.uk/fhir/Observation?_page=2"},
		{"?_page=2", "https://epr.example.nhs.uk/fhir/Observation?_page=2"},
		{"http://epr.example.nhs.uk/fhir/Observation?_page=2", ""},
		{"https://epr.example.nhs.uk:8443/fhir/Observation", ""},
		{"https://evil.example/fhir/Observation", ""},
		{"https://epr.example.nhs.uk.evil.example/fhir/Observation", ""},
		{"https://user:pw@epr.example.nhs.uk/fhir/Observation", ""},
		{"https://epr.example.nhs.uk/fhirx/Observation", ""},
		{"https://epr.example.nhs.uk/admin", ""},
		{"/fhir/../admin", ""},
		{"https://epr.example.nhs.uk/fhir/%2e%2e/admin", ""},
		{"//evil.example/fhir/Observation", ""},
		{"javascript:alert(1)", ""},
		{"https://epr.example.nhs.uk/fhir/Observation\x00", ""},
	}
	for _, tt := range tests {
		t.Run(tt.next, func(t *testing.T) {
			u, err := followable(base, from, tt.next)
			switch {
			case tt.want == "" && err == nil:
				t.Errorf("followed to %s", u)
			case tt.want == "" && !errors.Is(err, ErrForeignNext):
				t.Errorf("error %v, want ErrForeignNext", err)
			case tt.want != "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.want != "" && u.String() != tt.want:
				t.Errorf("resolved to %s, want %s", u, tt.want)
			}
		})
	}
}

func TestHeaderEncode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Dr Ann Smith", "Dr Ann Smith"},
		{"Zoë", "Zo%C3%AB"},
		{"100%", "100%25"},
		{"a\r\nX-Injected: 1", "a%0D%0AX-Injected: 1"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := headerEncode(tt.in); got != tt.want {
			t.Errorf("headerEncode(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if !validHeaderValue(headerEncode(tt.in)) {
			t.Errorf("headerEncode(%q) is not a valid header value", tt.in)
		}
	}
}

func TestEncodeQuery(t *testing.T) {
	got := encodeQuery([]adapters.Param{
		{Name: "identifier", Value: fhir.NHSNumberSystem + "|9990000018"},
		{Name: "code:not", Value: "a,b c"},
		{Name: "subject", Value: "Patient/p1"},
		{Name: "x&y", Value: "=#"},
	})
	want := "identifier=https://fhir.nhs.uk/Id/nhs-number%7C9990000018&code:not=a,b+c&subject=Patient/p1&x%26y=%3D%23"
	if got != want {
		t.Errorf("encodeQuery = %s, want %s", got, want)
	}
}

func TestStatusErrorClassifies(t *testing.T) {
	s := &Source{}
	err := &StatusError{Status: 503}
	if !errors.Is(err, adapters.ErrUnavailable) || s.Code(err) != adapters.Unavailable {
		t.Errorf("503 is not Unavailable")
	}
	if s.Code(ErrCircuitOpen) != adapters.Unavailable {
		t.Errorf("an open circuit is not Unavailable")
	}
	if s.Code(ErrForeignNext) != adapters.BadResponse || s.Code(ErrTooLarge) != adapters.BadResponse {
		t.Errorf("a foreign next link or an oversized answer is not BadResponse")
	}
}

// TestSleep checks the default wait before a retry against fake time: it
// waits exactly as long as asked, and no longer than its context lives.
func TestSleep(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		if err := sleep(context.Background(), 2*time.Second); err != nil || time.Since(start) != 2*time.Second {
			t.Errorf("sleep(2s) = %v after %v", err, time.Since(start))
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		start = time.Now()
		if err := sleep(ctx, time.Hour); !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != time.Second {
			t.Errorf("sleep(1h) under a 1s deadline = %v after %v", err, time.Since(start))
		}
	})
}

func TestParseBundleRelativizes(t *testing.T) {
	base := mustURL(t, "https://epr.example.nhs.uk/fhir")
	raw := []byte(`{"resourceType":"Bundle","type":"searchset","entry":[{"fullUrl":"https://epr.example.nhs.uk/fhir/Observation/o1","resource":` +
		`{"resourceType":"Observation","id":"o1","status":"final","code":{"text":"x"},"subject":{"reference":"https://epr.example.nhs.uk:443/fhir/Patient/p1"},` +
		`"performer":[{"reference":"https://epr.example.nhs.uk/fhir-other/Practitioner/d1"},{"reference":"https://epr.example.nhs.uk/fhir/Practitioner/d2?x"}]}}]}`)
	p, err := parseBundle(raw, fhir.DefaultLimits(), base)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(p.resources[0].References(), " ")
	want := "Patient/p1 https://epr.example.nhs.uk/fhir-other/Practitioner/d1 https://epr.example.nhs.uk/fhir/Practitioner/d2?x"
	if got != want {
		t.Errorf("references %s, want %s", got, want)
	}
}

// FuzzParseBundle feeds the response parser arbitrary bytes. Whatever it
// accepts must hold only strictly valid resources with no reference left
// absolute to the base, and a next link it would follow must stay under
// the base. Seeds are in testdata/fuzz/FuzzParseBundle.
func FuzzParseBundle(f *testing.F) {
	base := mustURL(f, "https://epr.example.nhs.uk/fhir")
	from := mustURL(f, "https://epr.example.nhs.uk/fhir/Observation?patient=p1")
	lim := fhir.Limits{MaxBytes: 64 << 10, MaxDepth: 16}
	f.Fuzz(func(t *testing.T, raw []byte) {
		p, err := parseBundle(raw, lim, base)
		if err != nil {
			if p != nil {
				t.Fatal("an error with a page")
			}
			return
		}
		if p.dropped < 0 {
			t.Fatalf("dropped %d", p.dropped)
		}
		for _, r := range p.resources {
			again, err := fhir.Parse(r.Raw, lim)
			if err != nil {
				t.Fatalf("a returned resource does not parse: %v", err)
			}
			if again.Type != r.Type || again.ID != r.ID || again.Type == "OperationOutcome" {
				t.Fatalf("returned %s/%s, its bytes say %s/%s", r.Type, r.ID, again.Type, again.ID)
			}
			for _, ref := range r.References() {
				// A plain "base/Type/id" must have become relative; URLs
				// with a query, fragment or escapes are left alone.
				if strings.HasPrefix(ref, "https://epr.example.nhs.uk/fhir/") && !strings.ContainsAny(ref, "?#%") {
					if _, _, ok := fhir.SplitReference(strings.TrimPrefix(ref, "https://epr.example.nhs.uk/fhir/")); ok {
						t.Fatalf("reference %q was left absolute", ref)
					}
				}
			}
		}
		if p.next != "" {
			if u, err := followable(base, from, p.next); err == nil {
				if !sameOrigin(u, base) || !(u.Path == "/fhir" || strings.HasPrefix(u.Path, "/fhir/")) || u.User != nil {
					t.Fatalf("would follow %q to %s", p.next, u)
				}
			}
		}
	})
}

func TestParseCapabilityStatement(t *testing.T) {
	cs := func(rest string) []byte {
		return []byte(`{"resourceType":"CapabilityStatement","status":"active","date":"2026","kind":"instance","fhirVersion":"4.0.1","format":["json"],"rest":[` + rest + `]}`)
	}
	tests := []struct {
		name           string
		raw            []byte
		wantEverything bool
		wantTypes      []string
	}{
		{name: "HAPI's own definition of $everything on Patient",
			raw: cs(`{"mode":"server","resource":[{"type":"Patient","interaction":[{"code":"search-type"}],"searchParam":[{"name":"identifier","type":"token"}],` +
				`"operation":[{"name":"everything","definition":"http://hapi.example/fhir/OperationDefinition/Patient-i-everything"}]}]}`),
			wantEverything: true, wantTypes: []string{"Patient"}},
		{name: "the canonical definition at system level",
			raw:            cs(`{"mode":"server","operation":[{"name":"patient-everything","definition":"http://hl7.org/fhir/OperationDefinition/Patient-everything|4.0.1"}]}`),
			wantEverything: true},
		{name: "another system-level everything is not Patient/$everything",
			raw: cs(`{"mode":"server","operation":[{"name":"everything","definition":"http://example/OperationDefinition/Encounter-everything"}]}`)},
		{name: "types without search-type are not served",
			raw:       cs(`{"mode":"server","resource":[{"type":"Patient","interaction":[{"code":"read"}]},{"type":"Organization","interaction":[{"code":"search-type"}]}]}`),
			wantTypes: []string{"Organization"}},
		{name: "client modes are ignored",
			raw: cs(`{"mode":"client","resource":[{"type":"Patient","interaction":[{"code":"search-type"}]}]}`)},
		{name: "compartment types need a patient parameter",
			raw: cs(`{"mode":"server","resource":[{"type":"Observation","interaction":[{"code":"search-type"}],"searchParam":[{"name":"code","type":"token"}]},` +
				`{"type":"Condition","interaction":[{"code":"search-type"}],"searchParam":[{"name":"subject","type":"reference"}]}]}`),
			wantTypes: []string{"Condition"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseCapabilityStatement(tt.raw, fhir.DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			if c.everything != tt.wantEverything {
				t.Errorf("everything = %v, want %v", c.everything, tt.wantEverything)
			}
			var types []string
			for typ := range c.public.Types {
				types = append(types, typ)
			}
			slices.Sort(types)
			if !slices.Equal(types, tt.wantTypes) {
				t.Errorf("types %q, want %q", types, tt.wantTypes)
			}
		})
	}
}
