-- The audit of the auditors: every query against the audit store, who asked, with which filters, when,
-- how many rows it answered. Insert-only, like the raw staging.
CREATE TABLE query_log (
    id          bigserial   NOT NULL,
    at          timestamptz NOT NULL,
    actor       text        NOT NULL,
    key_id      uuid,
    method      text        NOT NULL,
    path        text        NOT NULL,
    query       text        NOT NULL,
    status      integer     NOT NULL,
    row_count   integer,
    duration_ms integer     NOT NULL,
    PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
CREATE INDEX query_log_at ON query_log (at, id);
CREATE INDEX query_log_actor ON query_log (actor, at, id);
CREATE TABLE query_log_default PARTITION OF query_log DEFAULT;
INSERT INTO partitioned_tables VALUES ('query_log', 'at', 'timestamptz', 'events');
