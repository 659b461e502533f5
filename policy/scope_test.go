package policy

import (
	"net/url"
	"reflect"
	"testing"
)

func TestParseScope(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Scope
		ok   bool
	}{
		{name: "v2 read and search", in: "patient/Observation.rs", want: Scope{Context: "patient", Type: "Observation", Permissions: "rs"}, ok: true},
		{name: "v2 all", in: "user/*.cruds", want: Scope{Context: "user", Type: "*", Permissions: "cruds"}, ok: true},
		{name: "v2 granular query", in: "user/Observation.rs?category=laboratory", want: Scope{Context: "user", Type: "Observation", Permissions: "rs", Query: url.Values{"category": {"laboratory"}}}, ok: true},
		{name: "v1 read", in: "patient/*.read", want: Scope{Context: "patient", Type: "*", Permissions: "rs"}, ok: true},
		{name: "v1 write", in: "user/Consent.write", want: Scope{Context: "user", Type: "Consent", Permissions: "cud"}, ok: true},
		{name: "v1 star", in: "system/*.*", want: Scope{Context: "system", Type: "*", Permissions: "cruds"}, ok: true},
		{name: "letters out of order", in: "user/*.sr", ok: false},
		{name: "repeated letter", in: "user/*.rr", ok: false},
		{name: "unknown letter", in: "user/*.rx", ok: false},
		{name: "no permissions", in: "user/Observation.", ok: false},
		{name: "bad context", in: "admin/*.rs", ok: false},
		{name: "not a resource scope", in: "openid", ok: false},
		{name: "launch", in: "launch/patient", ok: false},
		{name: "bad type", in: "user/observation.rs", ok: false},
		{name: "empty query", in: "user/Observation.rs?", ok: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseScope(tt.in)
			if ok != tt.ok || (ok && !reflect.DeepEqual(got, tt.want)) {
				t.Fatalf("ParseScope(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestGrant(t *testing.T) {
	parse := func(ss ...string) []Scope {
		var out []Scope
		for _, s := range ss {
			if sc, ok := ParseScope(s); ok {
				out = append(out, sc)
			}
		}
		return out
	}
	tests := []struct {
		name        string
		scopes      []Scope
		context     string
		typ         string
		interaction rune
		allowed     bool
		queries     int
	}{
		{name: "wildcard", scopes: parse("user/*.rs"), context: "user", typ: "Condition", interaction: Search, allowed: true},
		{name: "other context", scopes: parse("patient/*.rs"), context: "user", typ: "Condition", interaction: Search},
		{name: "other interaction", scopes: parse("user/*.r"), context: "user", typ: "Condition", interaction: Search},
		{name: "queries combine", scopes: parse("user/Observation.rs?category=laboratory", "user/Observation.rs?category=vital-signs"), context: "user", typ: "Observation", interaction: Search, allowed: true, queries: 2},
		{name: "an unqualified scope wins", scopes: parse("user/Observation.rs?category=laboratory", "user/*.rs"), context: "user", typ: "Observation", interaction: Search, allowed: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := grant(tt.scopes, tt.context, tt.typ, tt.interaction)
			if g.Allowed != tt.allowed || len(g.Queries) != tt.queries {
				t.Fatalf("grant = %+v; want allowed %v with %d queries", g, tt.allowed, tt.queries)
			}
		})
	}
}
