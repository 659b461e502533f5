// Package audit is the storage side of shcr's tamper-evident audit trail: the
// Event a request leaves behind, the Sink that records it durably before any
// data is released, and the SHA-256 hash chain that makes later edits,
// deletions, reorderings and insertions detectable by Verify.
//
// The FHIR AuditEvent content (BALP-shaped, references only, never clinical
// content) is built elsewhere and arrives here as Event.Body bytes.
//
// # Hash chain
//
// Stored events are numbered by seq, gap-free from 1. Each stored event holds
// prev_hash, the hash of the event before it (32 zero bytes for seq 1), and
//
//	hash = SHA-256(prev_hash || canonical(event))
//
// where canonical(event) is the concatenation of these fields, each encoded as
// a 4-byte big-endian unsigned length followed by that many bytes:
//
//  1. the format tag, the ASCII bytes "shcr.audit.event.v1"
//  2. seq, 8 bytes, big-endian two's complement
//  3. id, UTF-8
//  4. recorded, 8 bytes, big-endian two's complement Unix time in microseconds (UTC)
//  5. action, UTF-8
//  6. outcome, UTF-8
//  7. user id, UTF-8
//  8. user role, UTF-8
//  9. user name, UTF-8
//  10. organisation ODS code, UTF-8
//  11. patient NHS number, UTF-8 (empty when the event concerns no patient)
//  12. break-glass, 1 byte: 0x01 if true, 0x00 if false
//  13. purpose of use, UTF-8
//  14. trace id, UTF-8
//  15. client id, UTF-8
//  16. client IP, UTF-8
//  17. body, the FHIR AuditEvent JSON bytes exactly as stored
//
// [EventHash] computes it. Strings are hashed exactly as stored, without
// normalisation, so a verifier in any language can recompute every hash from
// the stored columns alone.
//
// # Checkpoints
//
// Retention deletes a prefix of the chain. Before it does, it writes a
// [Checkpoint] naming the seq and hash of the last deleted event, so that
// verification of what remains starts from the checkpoint. Checkpoints form
// their own chain, numbered by id from 1:
//
//	seal = SHA-256(prev_seal || canonical(checkpoint))
//
// where prev_seal is the seal of checkpoint id-1 (32 zero bytes for id 1) and
// canonical(checkpoint) uses the same field encoding over: the tag
// "shcr.audit.checkpoint.v1", id (8 bytes), seq (8 bytes), hash (32 bytes),
// pruned-before (8 bytes, Unix microseconds) and created (8 bytes, Unix
// microseconds). [CheckpointSeal] computes it.
//
// The chain uses no secret key: it proves that the stored rows are consistent
// with each other and with the recorded chain head, not who wrote them. Someone
// able to rewrite every row from the point of tampering onwards, and the head,
// can forge a consistent chain; publishing [Report.Head] outside the store
// from time to time (a log line, a ticket, a signed note) anchors it.
package audit
