-- Assembled auditd events. raw_id is the line of the event's first record; serial tells apart the
-- (rare) events whose records share a line.
CREATE TABLE audit_events (
    occurred_at     timestamptz NOT NULL,
    raw_id          bigint      NOT NULL,
    serial          bigint      NOT NULL,
    host            text        NOT NULL,
    node            text,
    event_id        text        NOT NULL,
    type            text        NOT NULL,
    record_types    text[]      NOT NULL,
    arch            text,
    syscall         text,
    syscall_number  integer,
    success         boolean,
    exit            bigint,
    exit_errno      text,
    auid            bigint,
    uid             bigint,
    euid            bigint,
    gid             bigint,
    egid            bigint,
    login_user      text,
    user_name       text,
    effective_user  text,
    session         bigint,
    pid             integer,
    ppid            integer,
    comm            text,
    exe             text,
    key             text,
    keys            text[],
    tty             text,
    cwd             text,
    argv            text[],
    proctitle       text,
    paths           jsonb,
    sockaddr        jsonb,
    op              text,
    acct            text,
    addr            text,
    terminal        text,
    result          text,
    command         text,
    is_execution    boolean     NOT NULL,
    fields          jsonb       NOT NULL,
    raw_ids         bigint[]    NOT NULL,
    anomalies       text[],
    PRIMARY KEY (raw_id, serial, occurred_at)
) PARTITION BY RANGE (occurred_at);
CREATE INDEX audit_events_host_time ON audit_events (host, occurred_at, raw_id);
CREATE INDEX audit_events_user_time ON audit_events (login_user, occurred_at, raw_id);
CREATE INDEX audit_events_session ON audit_events (host, session, occurred_at);
CREATE INDEX audit_events_type_time ON audit_events (type, occurred_at, raw_id);
CREATE INDEX audit_events_key_time ON audit_events (key, occurred_at, raw_id);
CREATE INDEX audit_events_time ON audit_events (occurred_at, raw_id);
CREATE TABLE audit_events_default PARTITION OF audit_events DEFAULT;
INSERT INTO partitioned_tables VALUES ('audit_events', 'occurred_at', 'timestamptz', 'events');

-- Program executions (execve events): who ran what, as whom, in which login session.
CREATE TABLE executions (
    occurred_at    timestamptz NOT NULL,
    raw_id         bigint      NOT NULL,
    serial         bigint      NOT NULL,
    host           text        NOT NULL,
    login_user     text,
    auid           bigint,
    user_name      text,
    uid            bigint,
    effective_user text,
    euid           bigint,
    session        bigint,
    pid            integer,
    ppid           integer,
    exe            text,
    comm           text,
    argv           text[],
    command_line   text        NOT NULL,
    cwd            text,
    tty            text,
    key            text,
    success        boolean,
    PRIMARY KEY (raw_id, serial, occurred_at)
) PARTITION BY RANGE (occurred_at);
CREATE INDEX executions_host_time ON executions (host, occurred_at, raw_id);
CREATE INDEX executions_user_time ON executions (login_user, occurred_at, raw_id);
CREATE INDEX executions_session ON executions (host, session, occurred_at);
CREATE INDEX executions_time ON executions (occurred_at, raw_id);
CREATE INDEX executions_command_trgm ON executions USING gin (command_line gin_trgm_ops);
CREATE TABLE executions_default PARTITION OF executions DEFAULT;
INSERT INTO partitioned_tables VALUES ('executions', 'occurred_at', 'timestamptz', 'events');

-- auditd LOGIN: the kernel gave a process (the sshd session process) its login uid and session.
CREATE TABLE audit_logins (
    occurred_at timestamptz NOT NULL,
    raw_id      bigint      NOT NULL,
    serial      bigint      NOT NULL,
    host        text        NOT NULL,
    pid         integer,
    uid         bigint,
    old_auid    bigint,
    auid        bigint,
    old_session bigint,
    session     bigint,
    tty         text,
    success     boolean,
    login_user  text,
    PRIMARY KEY (raw_id, serial, occurred_at)
) PARTITION BY RANGE (occurred_at);
CREATE INDEX audit_logins_pid ON audit_logins (host, pid, occurred_at);
CREATE INDEX audit_logins_session ON audit_logins (host, session, occurred_at);
CREATE TABLE audit_logins_default PARTITION OF audit_logins DEFAULT;
INSERT INTO partitioned_tables VALUES ('audit_logins', 'occurred_at', 'timestamptz', 'events');

-- Records waiting for the rest of their event between parse transactions (state, not audit data:
-- the lines stay in raw_lines).
CREATE TABLE audit_pending (
    raw_id     bigint      NOT NULL,
    seq        integer     NOT NULL,
    host       text        NOT NULL,
    record     text        NOT NULL,
    arrived_at timestamptz NOT NULL,
    PRIMARY KEY (raw_id, seq)
);
CREATE INDEX audit_pending_host ON audit_pending (host);
CREATE INDEX audit_pending_arrived ON audit_pending (arrived_at);

-- uid/gid → name per host, learned from the hosts' own lines (useradd, pam_unix, ENRICHED auditd),
-- to name the ids of RAW auditd records.
CREATE TABLE host_names (
    host       text        NOT NULL,
    kind       text        NOT NULL CHECK (kind IN ('user', 'group')),
    id         bigint      NOT NULL,
    name       text        NOT NULL,
    learned_at timestamptz NOT NULL,
    PRIMARY KEY (host, kind, id)
);
