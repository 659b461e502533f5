// Package loadtest measures what the facade adds on top of the
// organisations' own systems: it starts synthetic FHIR sources (real HTTP
// servers on loopback with pre-rendered answers and a configurable latency),
// drives a facade's Patient/$everything with a closed or open-loop load, and
// reports the facade's latency next to the slowest source's for the same
// requests, the difference (the facade's overhead), the process's CPU,
// allocation and memory per request, and the ceiling: how fast the same bytes
// could be parsed, peeked and written with no HTTP and no policy at all.
//
// The facade itself is started by the caller (cmd/shcr wires it exactly as
// `shcr serve` does), so this package holds no wiring; it can also drive an
// existing facade by URL. It is used by `shcr bench` and never by the
// facade's request path.
package loadtest
