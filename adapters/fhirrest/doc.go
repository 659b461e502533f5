// Package fhirrest makes any FHIR R4 REST server an adapters.Source: an
// acute trust's EPR, a community system, another shared care record.
//
// # What it asks
//
// Describe reads GET [base]/metadata and reports the types the server can
// search and the search parameters it declares for each (see
// Source.Describe). Search resolves a patient with
// GET [base]/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|<nhs>,
// searches a type with GET [base]/{Type}?patient=<local ids> (or
// subject=Patient/<id> when that is what the server declares) plus the
// parameters the server declared, and answers compartment queries with
// Patient/$everything when the server declares it, or else one search per
// compartment type (four at a time, all ended before Search returns)
// followed by _id searches or reads for the Organizations, Practitioners and
// other supporting resources those results reference (see Source.Search).
// Read is GET [base]/{Type}/{id}.
//
// # How it treats answers
//
// Every answer is untrusted. Bodies are capped (MaxResponseBytes, after
// gzip), must be FHIR JSON by Content-Type, and are parsed strictly:
// a JSON-level fault anywhere fails the answer (BadResponse); a FHIR-level
// fault in one Bundle entry drops that entry, and the Result says Truncated
// so the engine does not present it as complete. Absolute references to the
// configured base are made relative so the engine can federate them. Next
// links are followed up to MaxPages, and only when they stay under the
// configured base (scheme, host, port and path prefix); a next link that
// leaves it fails the search with ErrForeignNext rather than truncating it,
// because a server whose paging points elsewhere is misconfigured or
// hostile, and either way every search of it would silently stop at page
// one. fullUrl and references are never followed.
//
// # Who is asking
//
// The caller the engine put into the context (adapters.WithCaller) travels
// in the headers X-Request-User-Id, X-Request-User-Name,
// X-Request-User-Role, X-Request-User-Org, X-Request-Purpose and
// X-Correlation-Id (see CallerHeaders). shcr itself authenticates with a
// static bearer token, OAuth2 client credentials with a signed JWT client
// assertion (private_key_jwt), and/or mutual TLS.
//
// # Resilience
//
// Each Source has its own connection pool and a concurrency limit. Only
// GETs are made; one that fails to connect or gets 429, 502, 503 or 504 is
// retried once, after the server's Retry-After (up to a cap, never past the
// deadline), while the retry budget allows. A circuit breaker fails requests
// fast while the server is down and probes it with one request when its
// cool-down ends. The breaker and the budget are package circuit's, shared
// with the grpc source; WithMeterProvider and WithSourceID export the
// breaker's state.
//
// Errors never carry query strings, ids from URL paths, tokens, keys or the
// server's own error text, so no patient identifier or secret reaches a log
// through them.
package fhirrest
