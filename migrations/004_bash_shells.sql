-- What the parser knows of each interactive shell, to recognise PROMPT_COMMAND artefacts (the first
-- prompt of a new shell, a prompt without a new command). State, not audit data: pruned after 7 days.
CREATE TABLE bash_shells (
    host            text        NOT NULL,
    shell_pid       integer     NOT NULL,
    last_seen_at    timestamptz NOT NULL,
    last_history_no integer,
    PRIMARY KEY (host, shell_pid)
);

-- The last commands each shell user ran on each host: a new shell's first prompt repeats one of them.
CREATE TABLE bash_recent_commands (
    host     text   NOT NULL,
    run_as   text   NOT NULL,
    commands text[] NOT NULL,
    PRIMARY KEY (host, run_as)
);
