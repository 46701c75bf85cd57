-- One row per authentication attempt (see SshConnectionMerger): the kinds of the sshd lines merged
-- into the attempt, in order (e.g. {pam_failure,failed,preauth_closed}); null for rows not merged
-- (other PAM services, rows written before this migration).
ALTER TABLE logins ADD COLUMN details text[];

-- sshd connections between parse passes: attempts so far and lines waiting for theirs. held counts the
-- waiting lines, so the quiet ones are found without reading the state.
CREATE TABLE sshd_connections (
    host      text        NOT NULL,
    pid       integer     NOT NULL,
    last_seen timestamptz NOT NULL,
    held      integer     NOT NULL,
    state     jsonb       NOT NULL,
    PRIMARY KEY (host, pid)
);
CREATE INDEX sshd_connections_quiet ON sshd_connections (last_seen) WHERE held > 0;
