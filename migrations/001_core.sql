-- Core: day-partition helpers, raw staging, parse bookkeeping, keys.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Every day-partitioned table registers here; the maintenance job walks this list.
CREATE TABLE partitioned_tables (
    table_name  text PRIMARY KEY,
    key_column  text NOT NULL,
    key_type    text NOT NULL CHECK (key_type IN ('date', 'timestamptz')),
    -- raw staging is retained by its own setting; everything else by the event retention
    retention   text NOT NULL CHECK (retention IN ('raw', 'events'))
);

-- Creates the day partition of `parent` for `day` unless it exists. Rows that already sit in the
-- DEFAULT partition for that day are moved into the new partition (an ATTACH would fail on them).
CREATE FUNCTION audit_ensure_partition(parent text, day date) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    part  text := parent || '_p' || to_char(day, 'YYYYMMDD');
    dflt  text := parent || '_default';
    kcol  text;
    ktype text;
    lo    text;
    hi    text;
    moved boolean;
BEGIN
    IF to_regclass(part) IS NOT NULL THEN
        RETURN false;
    END IF;
    SELECT key_column, key_type INTO kcol, ktype FROM partitioned_tables WHERE table_name = parent;
    IF kcol IS NULL THEN
        RAISE EXCEPTION 'table % is not registered in partitioned_tables', parent;
    END IF;
    IF ktype = 'date' THEN
        lo := quote_literal(day::text);
        hi := quote_literal((day + 1)::text);
    ELSE
        lo := quote_literal(day::text || ' 00:00:00+00');
        hi := quote_literal((day + 1)::text || ' 00:00:00+00');
    END IF;
    -- Serialise concurrent creators of the same partition.
    PERFORM pg_advisory_xact_lock(hashtext(part));
    IF to_regclass(part) IS NOT NULL THEN
        RETURN false;
    END IF;
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I >= %s AND %I < %s)', dflt, kcol, lo, kcol, hi) INTO moved;
    IF moved THEN
        EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part, parent);
        EXECUTE format('WITH m AS (DELETE FROM %I WHERE %I >= %s AND %I < %s RETURNING *) INSERT INTO %I SELECT * FROM m',
                       dflt, kcol, lo, kcol, hi, part);
        EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)', parent, part, lo, hi);
    ELSE
        EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%s) TO (%s)', part, parent, lo, hi);
    END IF;
    RETURN true;
END $$;

-- Named day partitions of `parent` whose whole day lies before `before_day` (the DEFAULT partition is never listed).
CREATE FUNCTION audit_partitions_before(parent text, before_day date) RETURNS TABLE (partition_name text, day date)
LANGUAGE sql STABLE AS $$
    SELECT c.relname::text, to_date(right(c.relname, 8), 'YYYYMMDD')
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = parent::regclass
      AND c.relname ~ ('^' || parent || '_p[0-9]{8}$')
      AND to_date(right(c.relname, 8), 'YYYYMMDD') < before_day
    ORDER BY 2
$$;

-- One row per accepted request. content_hash covers the stored lines in order, so a later
-- sealing job can chain batches (SPEC §5) without reading them again.
CREATE SEQUENCE raw_batch_id_seq;
CREATE TABLE raw_batches (
    received_on       date        NOT NULL,
    id                bigint      NOT NULL,
    received_at       timestamptz NOT NULL,
    endpoint          text        NOT NULL,
    key_id            uuid,
    idempotency_scope text,
    idempotency_key   text,
    line_count        integer     NOT NULL,
    accepted          integer     NOT NULL,
    duplicates        integer     NOT NULL,
    content_hash      bytea       NOT NULL,
    PRIMARY KEY (id, received_on)
) PARTITION BY RANGE (received_on);
CREATE UNIQUE INDEX raw_batches_idempotency ON raw_batches (idempotency_scope, idempotency_key, received_on)
    WHERE idempotency_key IS NOT NULL;
CREATE TABLE raw_batches_default PARTITION OF raw_batches DEFAULT;
INSERT INTO partitioned_tables VALUES ('raw_batches', 'received_on', 'date', 'raw');

-- The lines exactly as shipped. id = batch id << 24 | line number; line is text with NUL and invalid
-- UTF-8 escaped as \xNN, and then line_bytes holds the exact bytes.
CREATE TABLE raw_lines (
    received_on  date        NOT NULL,
    id           bigint      NOT NULL,
    received_at  timestamptz NOT NULL,
    host         text        NOT NULL,
    source       text        NOT NULL,
    program      text,
    shipper_time timestamptz,
    time_zone    text,
    dedup_key    uuid,
    line         text        NOT NULL,
    line_bytes   bytea,
    fields       jsonb,
    PRIMARY KEY (id, received_on)
) PARTITION BY RANGE (received_on);
CREATE UNIQUE INDEX raw_lines_dedup ON raw_lines (dedup_key, received_on) WHERE dedup_key IS NOT NULL;
CREATE TABLE raw_lines_default PARTITION OF raw_lines DEFAULT;
INSERT INTO partitioned_tables VALUES ('raw_lines', 'received_on', 'date', 'raw');

-- Batches waiting for the parse job; a row leaves in the same transaction that writes its events.
CREATE TABLE parse_queue (
    batch_id    bigint      PRIMARY KEY,
    received_on date        NOT NULL,
    line_count  integer     NOT NULL,
    enqueued_at timestamptz NOT NULL
);

-- What became of each batch's lines (every line ends parsed, noise or unparsed).
CREATE TABLE batch_parses (
    batch_id    bigint      PRIMARY KEY,
    received_on date        NOT NULL,
    parsed_at   timestamptz NOT NULL,
    lines       integer     NOT NULL,
    parsed      integer     NOT NULL,
    noise       integer     NOT NULL,
    unparsed    integer     NOT NULL,
    lag_ms      integer     NOT NULL
);

-- Lines no parser took, with the reason (the line itself stays in raw_lines).
CREATE TABLE unparsed_lines (
    received_on date        NOT NULL,
    raw_id      bigint      NOT NULL,
    received_at timestamptz NOT NULL,
    host        text        NOT NULL,
    source      text        NOT NULL,
    reason      text        NOT NULL,
    PRIMARY KEY (raw_id, received_on)
) PARTITION BY RANGE (received_on);
CREATE INDEX unparsed_lines_time ON unparsed_lines (received_at, raw_id);
CREATE TABLE unparsed_lines_default PARTITION OF unparsed_lines DEFAULT;
INSERT INTO partitioned_tables VALUES ('unparsed_lines', 'received_on', 'date', 'raw');

CREATE TABLE api_keys (
    id         uuid        PRIMARY KEY,
    name       text        NOT NULL,
    scopes     text[]      NOT NULL,
    key_hash   bytea       NOT NULL UNIQUE,
    prefix     text        NOT NULL,
    created_at timestamptz NOT NULL,
    created_by text        NOT NULL,
    revoked_at timestamptz
);

-- Secrets the service generates for itself (e.g. the cursor signing key), so that every
-- instance and every restart agrees on them.
CREATE TABLE service_secrets (
    name  text  PRIMARY KEY,
    value bytea NOT NULL
);
