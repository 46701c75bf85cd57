-- Sign-ins of the /ui console. The browser holds a random token in an HttpOnly cookie; only its
-- SHA-256 is stored. A session lives while its key does: key_id points at the API key it was opened
-- with (NULL for the bootstrap admin key, then admin_key_hash must still match the configured key).
CREATE TABLE console_sessions (
    token_hash     bytea       PRIMARY KEY,
    key_id         uuid        REFERENCES api_keys (id),
    admin_key_hash bytea,
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    ended_at       timestamptz,
    CHECK ((key_id IS NULL) <> (admin_key_hash IS NULL))
);
CREATE INDEX console_sessions_expires ON console_sessions (expires_at);
-- The console updates (sign-out) and removes (expiry) its sessions; migration 024's defaults give new tables only SELECT and INSERT.
GRANT SELECT, INSERT, UPDATE, DELETE ON console_sessions TO audit_service;
