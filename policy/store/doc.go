// Package store is shcr's governance store: the only data the facade keeps.
// It holds the tamper-evident audit chain (see package audit), patient
// objections (FHIR Consent), withheld items, care and carer relationships
// and break-glass alerts. Clinical data is never stored here.
//
// A Store is opened from a DSN:
//
//	sqlite:///absolute/path.db                  embedded, pure Go (modernc.org/sqlite)
//	postgres://user:password@host:5432/database PostgreSQL (github.com/jackc/pgx/v5), for replicas
//
// Open applies the embedded, versioned schema migrations in one transaction,
// recorded in the schema_migrations table; processes opening the same
// database at once serialise on a PostgreSQL advisory lock or on SQLite's
// write lock, so exactly one of them migrates.
//
// Both dialects share one code path: every statement is written once with ?
// placeholders (numbered for PostgreSQL), times are stored as Unix
// microseconds in BIGINT columns, FHIR resources as the original JSON bytes.
// Only the DDL, the row lock taken on the audit chain head and the advisory
// locks differ.
//
// Errors wrap ErrNotFound, ErrUnavailable, ErrConflict or ErrInvalid where
// those apply; callers map ErrUnavailable to HTTP 503. Errors and the store
// itself never log, and never put NHS numbers or passwords in messages.
package store
