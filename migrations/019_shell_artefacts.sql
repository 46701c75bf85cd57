-- Lines a shell's PROMPT_COMMAND logged that nobody typed (a new shell's first prompt, a prompt after
-- an empty Enter), with the reason they were judged so (see BashArtefactFilter). Kept apart from
-- commands so that no command query lists them, and queryable on their own (GET /api/v1/commands/artefacts).
CREATE TABLE shell_artefacts (
    occurred_at timestamptz NOT NULL,
    raw_id      bigint      NOT NULL,
    host        text        NOT NULL,
    login_user  text        NOT NULL,
    run_as      text        NOT NULL,
    command     text        NOT NULL,
    shell_pid   integer,
    history_no  integer,
    shell       text        NOT NULL,
    source      text        NOT NULL,
    reason      text        NOT NULL,
    PRIMARY KEY (raw_id, occurred_at)
) PARTITION BY RANGE (occurred_at);
CREATE INDEX shell_artefacts_host_time ON shell_artefacts (host, occurred_at, raw_id);
CREATE INDEX shell_artefacts_time ON shell_artefacts (occurred_at, raw_id);
CREATE TABLE shell_artefacts_default PARTITION OF shell_artefacts DEFAULT;
INSERT INTO partitioned_tables VALUES ('shell_artefacts', 'occurred_at', 'timestamptz', 'events');
