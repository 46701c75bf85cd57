-- Typed shell commands (bash via PROMPT_COMMAND + logger, IPython logs).
CREATE TABLE commands (
    occurred_at timestamptz NOT NULL,
    raw_id      bigint      NOT NULL,
    host        text        NOT NULL,
    login_user  text        NOT NULL, -- the person (logger's tag), else the shell user
    run_as      text        NOT NULL, -- whoami inside the shell
    command     text        NOT NULL,
    exit_code   integer,
    shell_pid   integer,
    history_no  integer,
    shell       text        NOT NULL,
    source      text        NOT NULL,
    PRIMARY KEY (raw_id, occurred_at)
) PARTITION BY RANGE (occurred_at);
CREATE INDEX commands_host_time ON commands (host, occurred_at, raw_id);
CREATE INDEX commands_user_time ON commands (login_user, occurred_at, raw_id);
CREATE INDEX commands_time ON commands (occurred_at, raw_id);
CREATE INDEX commands_command_trgm ON commands USING gin (command gin_trgm_ops);
CREATE TABLE commands_default PARTITION OF commands DEFAULT;
INSERT INTO partitioned_tables VALUES ('commands', 'occurred_at', 'timestamptz', 'events');
