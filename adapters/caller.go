package adapters

import "context"

// Caller is who a request to a source is made for and why. The engine puts
// it into the context of every source call (from the authenticated
// policy.Principal and the request) so that adapters reaching systems which
// keep their own audit trail, or apply their own access rules, can pass the
// requesting user's identity and purpose on rather than having every request
// look as if shcr itself asked. It never holds patient identifiers.
//
// Adapters decide how to carry it: fhirrest sends it as HTTP headers, a gRPC
// adapter as metadata. An adapter must not fail a call because the context
// carries no Caller; background work such as Describe has none.
type Caller struct {
	// UserID identifies the user at their identity provider.
	UserID string
	// Name is the user's display name.
	Name string
	// Role is the user's role (policy.Role as a string: clinician,
	// social-care, ...).
	Role string
	// Org is the ODS code of the organisation the user acts for.
	Org string
	// Purpose is the declared purpose of use (e.g. TREAT).
	Purpose string
	// RequestID correlates the source's records with shcr's audit trail.
	RequestID string
	// Hops are the ids of the shared care records the request has passed
	// through, this one last. A source that is another shared care record
	// is told them, so a request can never come back to where it started.
	Hops []string
}

// callerKey is the context key for a Caller; an unexported type so no other
// package can collide with it.
type callerKey struct{}

// WithCaller returns a context carrying c, for the source calls made under
// it.
func WithCaller(ctx context.Context, c Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// CallerFromContext returns the Caller that WithCaller put into ctx, and
// whether there was one.
func CallerFromContext(ctx context.Context) (Caller, bool) {
	c, ok := ctx.Value(callerKey{}).(Caller)
	return c, ok
}
