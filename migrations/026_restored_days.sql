-- Days of raw staging brought back from an archive for an investigation (re-parsed, queryable).
CREATE TABLE restored_days (
    day          date        PRIMARY KEY,
    restored_at  timestamptz NOT NULL,
    restored_by  text        NOT NULL,
    batches      integer     NOT NULL,
    lines        bigint      NOT NULL
);
REVOKE ALL ON restored_days FROM audit_service;
GRANT SELECT, INSERT ON restored_days TO audit_service;
