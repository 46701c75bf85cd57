-- The hash chain over committed batches, the signed checkpoints' convenience copies, and the audit of
-- the auditors. All three are append-only for the service (INSERT and SELECT), and refuse UPDATE
-- and DELETE even to their owner unless triggers are bypassed (which only a superuser can do).

-- One link per sealed batch, in batch-id order: link_hash = SHA-256 over the previous link, the
-- batch record and content_hash (the batch's stored lines; Audit.Infrastructure/Integrity/ChainHasher.cs).
CREATE TABLE integrity_links (
    batch_id     bigint      PRIMARY KEY,
    received_on  date        NOT NULL,
    line_count   integer     NOT NULL,
    content_hash bytea       NOT NULL,
    prev_hash    bytea       NOT NULL,
    link_hash    bytea       NOT NULL,
    sealed_at    timestamptz NOT NULL
);

-- A copy of each exported checkpoint file; the verifier trusts the files, not this table.
CREATE TABLE integrity_checkpoints (
    batch_id   bigint      PRIMARY KEY,
    head_hash  bytea       NOT NULL,
    signed_at  timestamptz NOT NULL,
    file_name  text        NOT NULL,
    body       text        NOT NULL
);

-- Integrity checks, checkpoints, archive, restore and verify runs: who, what, when, outcome.
CREATE TABLE integrity_runs (
    id          bigserial   PRIMARY KEY,
    kind        text        NOT NULL CHECK (kind IN ('verify', 'self_verify', 'checkpoint', 'archive', 'restore', 'drop')),
    actor       text        NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    ok          boolean     NOT NULL,
    detail      jsonb       NOT NULL
);
CREATE INDEX integrity_runs_kind_time ON integrity_runs (kind, started_at DESC);

CREATE FUNCTION audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP;
END $$;

CREATE TRIGGER integrity_links_append_only BEFORE UPDATE OR DELETE ON integrity_links
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER integrity_links_no_truncate BEFORE TRUNCATE ON integrity_links
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER integrity_checkpoints_append_only BEFORE UPDATE OR DELETE ON integrity_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER integrity_checkpoints_no_truncate BEFORE TRUNCATE ON integrity_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER integrity_runs_append_only BEFORE UPDATE OR DELETE ON integrity_runs
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER integrity_runs_no_truncate BEFORE TRUNCATE ON integrity_runs
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

REVOKE ALL ON integrity_links, integrity_checkpoints, integrity_runs FROM audit_service;
GRANT SELECT, INSERT ON integrity_links, integrity_checkpoints, integrity_runs TO audit_service;
GRANT USAGE ON SEQUENCE integrity_runs_id_seq TO audit_service;
