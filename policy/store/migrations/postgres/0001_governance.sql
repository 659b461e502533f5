-- Governance store schema, PostgreSQL dialect. Keep in step with
-- ../sqlite/0001_governance.sql: same tables, columns and meaning.
-- Times are Unix microseconds (UTC); booleans are BOOLEAN.

-- The audit hash chain (see package policy/audit).
CREATE TABLE audit_events (
	seq         BIGINT PRIMARY KEY,    -- 1, 2, 3... without gaps
	id          TEXT NOT NULL UNIQUE,
	recorded_us BIGINT NOT NULL,
	action      TEXT NOT NULL,
	outcome     TEXT NOT NULL,
	user_id     TEXT NOT NULL,
	user_role   TEXT NOT NULL,
	user_name   TEXT NOT NULL,
	org_ods     TEXT NOT NULL,
	patient_nhs TEXT NOT NULL,         -- '' when no patient is concerned
	break_glass BOOLEAN NOT NULL,
	purpose     TEXT NOT NULL,
	trace_id    TEXT NOT NULL,
	client_id   TEXT NOT NULL,
	client_ip   TEXT NOT NULL,
	body        BYTEA NOT NULL,         -- FHIR AuditEvent JSON
	prev_hash   BYTEA NOT NULL CHECK (octet_length(prev_hash) = 32),
	hash        BYTEA NOT NULL CHECK (octet_length(hash) = 32)
);
CREATE INDEX audit_events_recorded ON audit_events (recorded_us);
CREATE INDEX audit_events_patient ON audit_events (patient_nhs, seq);
CREATE INDEX audit_events_user ON audit_events (user_id, seq);
CREATE INDEX audit_events_org ON audit_events (org_ods, seq);
CREATE INDEX audit_events_break_glass ON audit_events (seq) WHERE break_glass;

-- The seq and hash of the last appended event. Appends lock this row.
CREATE TABLE audit_chain_head (
	id   BIGINT PRIMARY KEY CHECK (id = 1),
	seq  BIGINT NOT NULL,
	hash BYTEA NOT NULL CHECK (octet_length(hash) = 32)
);
INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, decode(repeat('00', 32), 'hex'));

-- Where pruned prefixes of the chain ended.
CREATE TABLE audit_checkpoints (
	id               BIGINT PRIMARY KEY,  -- 1, 2, 3... without gaps
	seq              BIGINT NOT NULL,
	hash             BYTEA NOT NULL,
	pruned_before_us BIGINT NOT NULL,
	created_us       BIGINT NOT NULL,
	prev_seal        BYTEA NOT NULL,
	seal             BYTEA NOT NULL
);

-- Patient objections, as FHIR Consent resources.
CREATE TABLE consents (
	id         TEXT PRIMARY KEY,
	nhs_number TEXT NOT NULL,
	status     TEXT NOT NULL CHECK (status IN ('active', 'inactive')),
	created_us BIGINT NOT NULL,
	updated_us BIGINT NOT NULL,
	resource   BYTEA NOT NULL
);
CREATE INDEX consents_nhs ON consents (nhs_number, status);

-- Resources a source holds that must not be shown for a patient.
CREATE TABLE withheld_items (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	nhs_number TEXT NOT NULL,
	source_id  TEXT NOT NULL,
	reference  TEXT NOT NULL,          -- Type/localId at the source
	reason     TEXT NOT NULL,
	created_us BIGINT NOT NULL,
	active     BOOLEAN NOT NULL,
	removed_us BIGINT
);
CREATE UNIQUE INDEX withheld_items_active ON withheld_items (nhs_number, source_id, reference) WHERE active;

-- Legitimate relationships: a user at an organisation cares for a patient.
CREATE TABLE care_relationships (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	user_id    TEXT NOT NULL,
	org_ods    TEXT NOT NULL,
	nhs_number TEXT NOT NULL,
	from_us    BIGINT NOT NULL,
	until_us   BIGINT,                -- NULL: open-ended
	reason     TEXT NOT NULL,
	CHECK (until_us IS NULL OR until_us >= from_us)
);
CREATE INDEX care_relationships_patient ON care_relationships (nhs_number, user_id, org_ods);

-- Carers allowed to see a patient's record.
CREATE TABLE carer_relationships (
	id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	carer_user_id TEXT NOT NULL,
	nhs_number    TEXT NOT NULL,
	relationship  TEXT NOT NULL,
	approved_by   TEXT NOT NULL,       -- '' until approved
	approved_us   BIGINT,
	created_us    BIGINT NOT NULL,
	active        BOOLEAN NOT NULL,
	ended_us      BIGINT
);
CREATE UNIQUE INDEX carer_relationships_active ON carer_relationships (carer_user_id, nhs_number) WHERE active;
CREATE INDEX carer_relationships_patient ON carer_relationships (nhs_number);

-- Break-glass accesses awaiting or after review.
CREATE TABLE break_glass_alerts (
	id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	audit_event_id TEXT NOT NULL,      -- no foreign key: audit events are pruned
	user_id        TEXT NOT NULL,
	org_ods        TEXT NOT NULL,
	nhs_number     TEXT NOT NULL,
	reason         TEXT NOT NULL,
	created_us     BIGINT NOT NULL,
	status         TEXT NOT NULL CHECK (status IN ('open', 'closed')),
	closed_by      TEXT NOT NULL,
	closed_us      BIGINT,
	closure_note   TEXT NOT NULL
);
CREATE INDEX break_glass_alerts_status ON break_glass_alerts (status, id);
