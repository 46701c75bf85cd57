-- Normalized auth.log, auditd and platform tables, each day-partitioned by occurred_at.
-- raw_id is the raw line the row came from (for auditd events: the first record's line), so that a
-- reparse can find and replace rows.

CREATE TABLE logins (
    occurred_at     timestamptz NOT NULL,
    raw_id          bigint      NOT NULL,
    host            text        NOT NULL,
    user_name       text,
    source_ip       text,
    source_port     integer,
    method          text,
    outcome         text        NOT NULL,
    invalid_user    boolean     NOT NULL,
    key_type        text,
    key_fingerprint text,
    detail          text        NOT NULL,
    sshd_pid        integer,
    PRIMARY KEY (raw_id, occurred_at)
) PARTITION BY RANGE (occurred_at);
CREATE INDEX logins_host_time ON logins (host, occurred_at, raw_id);
CREATE INDEX logins_user_time ON logins (user_name, occurred_at, raw_id);
CREATE INDEX logins_ip_time ON logins (source_ip, occurred_at, raw_id);
CREATE INDEX logins_time ON logins (occurred_at, raw_id);
CREATE TABLE logins_default PARTITION OF logins DEFAULT;
INSERT INTO partitioned_tables VALUES ('logins', 'occurred_at', 'timestamptz', 'events');

CREATE TABLE session_events (
    occurred_at timestamptz NOT NULL,
    raw_id      bigint      NOT NULL,
    host        text        NOT NULL,
    action      text        NOT NULL,
    service     text        NOT NULL,
    user_name   text,
    by_user     text,
    uid         integer,
    pid         integer,
    source_ip   text,
    source_port integer,
    PRIMARY KEY (raw_id, occurred_at)
) PARTITION BY RANGE (occurred_at);
CREATE INDEX session_events_host_time ON session_events (host, occurred_at, raw_id);
CREATE INDEX session_events_user_time ON session_events (user_name, occurred_at, raw_id);
CREATE INDEX session_events_pid ON session_events (host, pid, occurred_at);
CREATE TABLE session_events_default PARTITION OF session_events DEFAULT;
INSERT INTO partitioned_tables VALUES ('session_events', 'occurred_at', 'timestamptz', 'events');

CREATE TABLE sudo_events (
    occurred_at        timestamptz NOT NULL,
    raw_id             bigint      NOT NULL,
    host               text        NOT NULL,
    user_name          text        NOT NULL,
    run_as             text,
    run_as_group       text,
    command            text,
    cwd                text,
    tty                text,
    outcome            text        NOT NULL,
    reason             text,
    incorrect_attempts integer,
    origin             text        NOT NULL,
    pid                integer,
    login_user         text,
    login_uid          bigint,
    session            bigint,
    PRIMARY KEY (raw_id, occurred_at)
) PARTITION BY RANGE (occurred_at);
CREATE INDEX sudo_events_host_time ON sudo_events (host, occurred_at, raw_id);
CREATE INDEX sudo_events_user_time ON sudo_events (user_name, occurred_at, raw_id);
CREATE INDEX sudo_events_time ON sudo_events (occurred_at, raw_id);
CREATE INDEX sudo_events_command_trgm ON sudo_events USING gin (command gin_trgm_ops);
CREATE TABLE sudo_events_default PARTITION OF sudo_events DEFAULT;
INSERT INTO partitioned_tables VALUES ('sudo_events', 'occurred_at', 'timestamptz', 'events');

CREATE TABLE su_events (
    occurred_at timestamptz NOT NULL,
    raw_id      bigint      NOT NULL,
    host        text        NOT NULL,
    user_name   text,
    target      text        NOT NULL,
    success     boolean     NOT NULL,
    tty         text,
    pid         integer,
    PRIMARY KEY (raw_id, occurred_at)
) PARTITION BY RANGE (occurred_at);
CREATE INDEX su_events_host_time ON su_events (host, occurred_at, raw_id);
CREATE INDEX su_events_user_time ON su_events (user_name, occurred_at, raw_id);
CREATE TABLE su_events_default PARTITION OF su_events DEFAULT;
INSERT INTO partitioned_tables VALUES ('su_events', 'occurred_at', 'timestamptz', 'events');

CREATE TABLE account_changes (
    occurred_at timestamptz NOT NULL,
    raw_id      bigint      NOT NULL,
    host        text        NOT NULL,
    action      text        NOT NULL,
    target      text        NOT NULL,
    group_name  text,
    actor       text,
    uid         bigint,
    gid         bigint,
    home        text,
    shell       text,
    detail      text,
    program     text        NOT NULL,
    PRIMARY KEY (raw_id, occurred_at)
) PARTITION BY RANGE (occurred_at);
CREATE INDEX account_changes_host_time ON account_changes (host, occurred_at, raw_id);
CREATE INDEX account_changes_target_time ON account_changes (target, occurred_at, raw_id);
CREATE INDEX account_changes_actor_time ON account_changes (actor, occurred_at, raw_id);
CREATE TABLE account_changes_default PARTITION OF account_changes DEFAULT;
INSERT INTO partitioned_tables VALUES ('account_changes', 'occurred_at', 'timestamptz', 'events');

CREATE TABLE app_events (
    occurred_at timestamptz NOT NULL,
    raw_id      bigint      NOT NULL,
    host        text        NOT NULL,
    actor       text        NOT NULL,
    action      text        NOT NULL,
    resource    text,
    outcome     text,
    source_ip   text,
    service     text,
    before      jsonb,
    after       jsonb,
    extra       jsonb,
    PRIMARY KEY (raw_id, occurred_at)
) PARTITION BY RANGE (occurred_at);
CREATE INDEX app_events_actor_time ON app_events (actor, occurred_at, raw_id);
CREATE INDEX app_events_host_time ON app_events (host, occurred_at, raw_id);
CREATE INDEX app_events_time ON app_events (occurred_at, raw_id);
CREATE INDEX app_events_search_trgm ON app_events USING gin ((action || ' ' || coalesce(resource, '')) gin_trgm_ops);
CREATE TABLE app_events_default PARTITION OF app_events DEFAULT;
INSERT INTO partitioned_tables VALUES ('app_events', 'occurred_at', 'timestamptz', 'events');
