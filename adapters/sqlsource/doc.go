// Package sqlsource makes a relational database an adapters.Source: a
// council's social care case management system, a hospital's legacy PAS, any
// system whose records are rows rather than FHIR. A YAML mapping (MAPPING.md
// has the format) gives, for each FHIR resource type the source serves, a
// SQL query that returns one row per resource, the search parameters the
// query's columns can answer, and a template that turns a row into the
// resource. Package socialcare holds a complete example: a schema, its
// mapping and demo data.
//
// # How a search runs
//
// The mapping's query is wrapped, not edited:
//
//	SELECT * FROM (<query>) AS shcr_row WHERE <conditions> LIMIT <max_rows + 1>
//
// The conditions are written by the adapter, on the columns the mapping
// names: the patient column (= ANY of the local patient ids), the id column
// for _id and reads, and one condition per search parameter the source
// applies. PostgreSQL pushes them into the query (through joins and UNION
// ALL branches), so indexes on the underlying tables are used. The query
// itself may also use the named parameters :patient and :id (text arrays,
// NULL when the call does not restrict by them), which are compiled to
// positional parameters ($1::text[]) once, when the mapping is parsed. No
// value is ever written into SQL: every value travels as a bound parameter,
// and values that no text column could hold (NUL, invalid UTF-8, an id that
// is not a FHIR id) are dropped before they are sent, since they can match
// nothing.
//
// A compartment query (Patient/$everything) sends the queries of every
// mapped compartment type and of the Patient to the database in one batch
// (one round trip), then a second batch for the resources outside the
// compartment (Practitioner, Organization, ...) that those reference.
//
// # Search parameters
//
// A mapping declares a search parameter as a token (one column per code
// system), a date (a point in time, or a period from a start column to an
// end column, either of which may be NULL and then is open) or a reference
// (a column of ids of one target type), and _id is built in. The adapter
// writes each condition with the R4 semantics the engine itself applies to
// residual parameters (package fhir/search): token system|code, |code, code
// and system| and the :not modifier; date prefixes eq ne gt lt ge le sa eb
// on ranges at the precision of the value and of the target (a date column
// covers its whole day in UTC); reference id and Type/id. A test checks the
// answers against fhir/search parameter by parameter. What the adapter
// cannot apply exactly is returned as residual, never ignored: the ap
// prefix, date values finer than a second, modifiers it does not declare,
// absolute and versioned references, values it cannot read. Capabilities
// list _id, each declared parameter, and name:not for each token.
//
// # Building resources
//
// Each row is rendered through its template with a jsontext encoder, so
// values are escaped by the encoder and no JSON is assembled from strings;
// NULLs leave their elements out. The resource is then parsed strictly
// (fhir.Parse) and validated as FHIR R4 with google/fhir/go (fhir.Validator),
// and a compartment resource must name the patient it was selected for. A
// row that fails any of this is dropped: the source logs how many rows, at
// which stage, without any value from them, counts them (InvalidRows), and
// marks the Result Truncated so the engine never presents the answer as
// complete. One bad row does not hide a person's other records, and the
// answer never looks complete when it is not. A read of a row that does not
// build is a BadResponse.
//
// # The database session
//
// The adapter connects with pgx (postgres:// DSNs; SQLite is not supported)
// and sets, on every connection, default_transaction_read_only (nothing a
// mapping runs can write), TimeZone UTC (timestamps without a zone are UTC,
// as the engine reads them) and statement_timeout (the server ends a query
// the adapter has given up on). When the context carries an
// adapters.Caller, each batch first sets shcr.user_id, shcr.user_name,
// shcr.user_role, shcr.user_org, shcr.purpose and shcr.request_id as
// transaction-local settings, for views, row-level security or audit in the
// database (current_setting('shcr.user_id', true)).
//
// New parses the mapping but does not connect, so a database that is down
// when shcr starts does not stop it starting. Describe connects, prepares
// every query to learn its columns, checks that every column the mapping
// names is there with a usable type (text for ids, patients, tokens and
// references; date, timestamp or timestamptz for dates; json, jsonb or an
// array for $each), and prepares each query with all its search conditions,
// so a mapping that does not fit the database fails at startup with the
// type and column named (ErrMappingMismatch), not on a patient's request.
//
// # Errors
//
// Code classifies every error: a database that cannot be reached, is
// shutting down, out of connections or missing is Unavailable; a query
// that outlives the caller's deadline, the query timeout or the server's
// statement timeout is DeadlineExceeded; a cancelled caller Canceled; a
// refused login PermissionDenied; a search without the patient it needs
// InvalidArgument; a missing resource NotFound; a mapping fault Unknown.
// Error messages carry the SQLSTATE but not the server's message, which
// can quote the values of a query, and never the DSN's password. The one
// exception is Describe's check, which prepares the mapping's own SQL with
// no values: there the server's message about a fault in that SQL (an
// unknown column, an operator that does not exist) is kept, because it is
// what the operator needs to fix the mapping.
package sqlsource
