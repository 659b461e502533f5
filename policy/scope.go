package policy

import (
	"net/url"
	"strings"
)

// Scope is one SMART on FHIR scope about resources, such as
// patient/Observation.rs or user/*.cruds?category=laboratory. v1 scopes
// (patient/*.read, user/Observation.write, .*) are read as their v2
// equivalents.
type Scope struct {
	// Context is patient, user or system.
	Context string
	// Type is a resource type or "*".
	Type string
	// Permissions holds the v2 letters granted: c, r, u, d, s.
	Permissions string
	// Query narrows the scope to resources matching these search
	// parameters (SMART v2 granular scopes), or is nil.
	Query url.Values
}

// Interactions a request needs from a scope.
const (
	Create = 'c'
	Read   = 'r'
	Update = 'u'
	Delete = 'd'
	Search = 's'
)

// ParseScope reads one scope string. ok is false for scopes that are not
// about resources (openid, fhirUser, launch/patient, offline_access) and
// for malformed ones, which grant nothing.
func ParseScope(s string) (Scope, bool) {
	ctx, rest, ok := strings.Cut(s, "/")
	if !ok || (ctx != "patient" && ctx != "user" && ctx != "system") {
		return Scope{}, false
	}
	var query url.Values
	if body, q, has := strings.Cut(rest, "?"); has {
		v, err := url.ParseQuery(q)
		if err != nil || len(v) == 0 {
			return Scope{}, false
		}
		rest, query = body, v
	}
	typ, perms, ok := strings.Cut(rest, ".")
	if !ok || typ == "" || (typ != "*" && !validTypeName(typ)) {
		return Scope{}, false
	}
	switch perms {
	case "read":
		perms = "rs"
	case "write":
		perms = "cud"
	case "*":
		perms = "cruds"
	default:
		// v2 letters must appear in the order c r u d s, each once.
		last := -1
		for _, c := range perms {
			i := strings.IndexRune("cruds", c)
			if i <= last {
				return Scope{}, false
			}
			last = i
		}
		if perms == "" {
			return Scope{}, false
		}
	}
	return Scope{Context: ctx, Type: typ, Permissions: perms, Query: query}, true
}

// Grants reports whether the scope allows interaction on resourceType in
// the given context.
func (s Scope) Grants(context, resourceType string, interaction rune) bool {
	return s.Context == context && (s.Type == "*" || s.Type == resourceType) && strings.ContainsRune(s.Permissions, interaction)
}

// ScopeGrant is what a set of scopes allows for one type and interaction:
// nothing, everything, or only resources matching one of some queries.
type ScopeGrant struct {
	Allowed bool
	// Queries, when not empty, limit the grant: a resource is allowed if it
	// matches any one of them (each is an AND of its parameters).
	Queries []url.Values
}

// grant combines every scope that allows the interaction: one without a
// query allows everything; otherwise the union of their queries.
func grant(scopes []Scope, context, resourceType string, interaction rune) ScopeGrant {
	var g ScopeGrant
	for _, s := range scopes {
		if !s.Grants(context, resourceType, interaction) {
			continue
		}
		if s.Query == nil {
			return ScopeGrant{Allowed: true}
		}
		g.Allowed = true
		g.Queries = append(g.Queries, s.Query)
	}
	return g
}

func validTypeName(s string) bool {
	if len(s) < 2 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}
