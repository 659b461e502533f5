package grpcsource

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/peer"

	"github.com/shcr/shcr/adapters"
)

// Sharing is a node's own data-sharing rules: which clients may receive
// which resource types from it. The organisation running the node stays the
// data controller, so it decides this itself, whatever the facade's policy
// says; both must allow a resource for it to reach a user.
//
// A request may receive a type when at least one rule matches it and grants
// the type. No rules means nothing is shared. A rule matches when:
//
//   - one of its Clients names the client: "cn:NAME" matches the verified
//     client certificate's subject common name, "dns:NAME" one of its DNS
//     subject alternative names, "uri:URI" one of its URI SANs (a SPIFFE id,
//     say), and "*" any client, including one without a certificate (which
//     only a node serving plaintext on loopback can have); and
//   - if it lists Roles, Orgs or Purposes, the caller the facade sent in the
//     request metadata (see MetadataUserRole, MetadataUserOrg,
//     MetadataPurpose) has one of each list. The node trusts the facade's
//     word for these because the facade is authenticated by its certificate.
//
// What a caller not granted a type gets:
//
//   - Describe lists only the types the client could be granted by some
//     rule (ignoring role, organisation and purpose conditions, since
//     Describe is asked at start-up with no caller), and is refused
//     (PermissionDenied) when that is none;
//   - a Search of one type, a Read of it, or ResolvePatient (which needs
//     Patient) is refused with PermissionDenied, which the facade reports
//     as the organisation refusing the request;
//   - a compartment Search ($everything) leaves out the resources of the
//     types not granted and says so in its summary: withheld_types names
//     them and truncated is set, so the facade reports the answer as
//     incomplete rather than presenting it as the whole record.
type Sharing []Rule

// Rule grants some callers some resource types. See Sharing.
type Rule struct {
	Clients  []string `yaml:"clients"`
	Roles    []string `yaml:"roles"`
	Orgs     []string `yaml:"orgs"`
	Purposes []string `yaml:"purposes"`
	// Types are the resource types granted, or "*" for every type.
	Types []string `yaml:"types"`
}

// Validate reports every malformed rule, joined.
func (s Sharing) Validate() error {
	var errs []error
	for i, r := range s {
		bad := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("sharing[%d]: %s", i, fmt.Sprintf(format, args...)))
		}
		if len(r.Clients) == 0 {
			bad("clients is required: cn:NAME, dns:NAME, uri:URI or *")
		}
		for _, c := range r.Clients {
			kind, name, ok := strings.Cut(c, ":")
			switch {
			case c == "*":
			case !ok || name == "" || kind != "cn" && kind != "dns" && kind != "uri":
				bad("client %q must be cn:NAME, dns:NAME, uri:URI or *", c)
			}
		}
		if len(r.Types) == 0 {
			bad("types is required: resource types, or * for all")
		}
		for _, t := range r.Types {
			if t != "*" && !validType(t) {
				bad("%q is not a resource type", t)
			}
		}
		for _, l := range [][]string{r.Roles, r.Orgs, r.Purposes} {
			if slices.Contains(l, "") {
				bad("roles, orgs and purposes cannot contain an empty value")
			}
		}
	}
	return errors.Join(errs...)
}

// grant is what one request may receive.
type grant struct {
	all   bool
	types map[string]bool
}

func (g grant) allows(typ string) bool { return g.all || g.types[typ] }

func (g grant) empty() bool { return !g.all && len(g.types) == 0 }

func (g *grant) add(types []string) {
	for _, t := range types {
		if t == "*" {
			g.all = true
			continue
		}
		if g.types == nil {
			g.types = map[string]bool{}
		}
		g.types[t] = true
	}
}

// grantFor is what a request from a client with the given identities, for
// caller c, may receive. withCaller is false for Describe, whose rules'
// caller conditions are ignored.
func (s Sharing) grantFor(identities []string, c adapters.Caller, withCaller bool) grant {
	var g grant
	for _, r := range s {
		if !r.matchesClient(identities) {
			continue
		}
		if withCaller && (!anyOf(r.Roles, c.Role) || !anyOf(r.Orgs, c.Org) || !anyOf(r.Purposes, c.Purpose)) {
			continue
		}
		g.add(r.Types)
	}
	return g
}

func (r Rule) matchesClient(identities []string) bool {
	for _, c := range r.Clients {
		if c == "*" || slices.Contains(identities, c) {
			return true
		}
	}
	return false
}

// anyOf reports whether an optional condition holds: an empty list allows
// anything.
func anyOf(allowed []string, v string) bool {
	return len(allowed) == 0 || slices.Contains(allowed, v)
}

// clientIdentities lists the names the verified client certificate of the
// request carries, in the forms rules use: cn:, dns: and uri:. It is empty
// for a plaintext connection.
func clientIdentities(ctx context.Context) []string {
	p, ok := peer.FromContext(ctx)
	if !ok {
		return nil
	}
	ti, ok := p.AuthInfo.(credentials.TLSInfo)
	if !ok || len(ti.State.VerifiedChains) == 0 || len(ti.State.VerifiedChains[0]) == 0 {
		return nil
	}
	leaf := ti.State.VerifiedChains[0][0]
	var ids []string
	if leaf.Subject.CommonName != "" {
		ids = append(ids, "cn:"+leaf.Subject.CommonName)
	}
	for _, d := range leaf.DNSNames {
		ids = append(ids, "dns:"+d)
	}
	for _, u := range leaf.URIs {
		ids = append(ids, "uri:"+u.String())
	}
	return ids
}

// validType reports whether s looks like a FHIR resource type name: an
// upper-case ASCII letter then letters, at most 64.
func validType(s string) bool {
	if len(s) == 0 || len(s) > 64 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}
