-- Settled sshd connections (nothing held) by age: each parse pass deletes its hosts' connections that
-- can take no more lines (SshConnectionStage), and without this index that delete read every
-- connection row its hosts kept — all of the last ten minutes' connections, on every pass.
CREATE INDEX sshd_connections_settled ON sshd_connections (last_seen) WHERE held = 0;
