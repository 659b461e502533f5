// Package grpcsource connects the facade to adapter nodes: processes an
// organisation runs inside its own network, in front of its own system
// (any adapters.Source: a folder, a FHIR server, a database), so that the
// only thing crossing its boundary is one mutually authenticated gRPC
// connection it controls, under its own data-sharing rules.
//
// Server (NewServer) is the node; Source (New) is the facade's client, an
// adapters.Source and adapters.Reader. The protocol is sourcepb.
//
// # The protocol
//
// Describe, Search, Read and ResolvePatient mirror the Source contract.
// Search is a server stream: one message per resource, carrying its FHIR
// JSON bytes exactly as the organisation's system sent them, then one
// summary message with the residual parameters, the truncated flag and the
// types the node withheld. A stream that ends without its summary, or has
// anything after it, is incomplete and fails.
//
// # Security
//
// The connection is mutual TLS 1.3 with private CAs on both sides: the node
// trusts only its configured client CA and the client only its configured
// server CA. Plaintext needs an explicit insecure setting and is refused
// off loopback at both ends. The node decides what each client may receive
// (see Sharing) from the verified client certificate and from the caller
// the facade sends.
//
// # Who is asking
//
// The caller the engine put into the context (adapters.WithCaller) travels
// as request metadata (MetadataUserID and the other Metadata* keys); the
// node puts it back into the context of its own source, so a FHIR server
// behind the node receives it in its X-Request-User-* headers, as if the
// facade had called it directly.
//
// # Deadlines, cancellation and traces
//
// The context's deadline travels with every call (grpc-timeout), and the
// node's source runs under it (and under the node's own SourceTimeout, if
// shorter); cancelling the facade's request cancels the call and the
// source's work. Both sides are instrumented with otelgrpc using the
// providers and propagator they are given, never the globals, so the node's
// spans are children of the facade's. otelgrpc records the RPC method,
// status code and peer address; no request or response content, and so no
// patient identifier, reaches a span.
//
// # Circuit breaker
//
// Every call goes through a circuit breaker (package circuit, the same as
// the fhir source's, configured by the source's breaker block with the same
// keys and defaults). Calls that end Unavailable, Aborted or
// DeadlineExceeded, unless the caller cancelled them, are failures; after
// enough of them the breaker opens and calls fail at once with
// circuit.ErrOpen, which Code reports as Unavailable, without touching the
// node. After open_for one probe call is let through; it waits for the
// connection to be ready within its deadline, and its success closes the
// breaker.
//
// # Answers are untrusted
//
// The client caps each message (max_message_bytes, enforced by gRPC) and
// each search's total (max_stream_bytes), parses every resource strictly
// with fhir.Parse, accepts only residual parameters that were in the query,
// and checks a Read returns the resource asked for. Any fault is
// BadResponse. Errors keep the gRPC code, never a node's status message,
// which could quote a query.
//
// # Error codes
//
// Source.Code maps gRPC codes to adapters codes as StatusError.Unwrap
// lists: Unavailable (and a refused TLS handshake) is Unavailable;
// DeadlineExceeded and Canceled are themselves; NotFound is NotFound;
// InvalidArgument is InvalidArgument; PermissionDenied and Unauthenticated
// are PermissionDenied; ResourceExhausted (a message over a size cap),
// Internal and DataLoss are BadResponse; Unimplemented is Unimplemented.
// The node answers a source error with the code its Source.Code gives and a
// fixed message, never the source's own error text.
package grpcsource
