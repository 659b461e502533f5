// Package sourcepb is the gRPC protocol between the shcr facade and an
// adapter node, generated from source.proto by scripts/gen-proto. Its
// service mirrors adapters.Source: Describe, Search (a server stream of raw
// resource JSON ending with a summary), Read and ResolvePatient. Use it
// through adapters/grpcsource, which adds mutual TLS, caller metadata, size
// caps, strict parsing and the node's data-sharing rules.
package sourcepb
