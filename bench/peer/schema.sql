-- The peer's table: what ompgsql inserts, one row a line; no index, no key, no dedup.
CREATE TABLE peer_events (
    kind        text        NOT NULL,
    occurred_at timestamptz,
    host        text,
    user_name   text,
    command     text,
    source_ip   text,
    line        text        NOT NULL
);
