-- Reparse requests: an admin asks to reprocess the raw lines received in a time range (or only the
-- unparsed ones) after a parser improved; a Hangfire job takes the request's id and does it.
CREATE TABLE reparse_requests (
    id            bigserial   PRIMARY KEY,
    received_from timestamptz NOT NULL,
    received_to   timestamptz NOT NULL,
    only_unparsed boolean     NOT NULL,
    requested_by  text        NOT NULL,
    requested_at  timestamptz NOT NULL,
    started_at    timestamptz,
    finished_at   timestamptz,
    batches       integer     NOT NULL DEFAULT 0,
    lines         bigint      NOT NULL DEFAULT 0,
    error         text
);
