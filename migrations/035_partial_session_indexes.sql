-- Executions and auditd events outside a login session (daemons, services, CI agents: auditd's
-- ses=unset, stored as NULL) are never looked up by session: every session query asks for one
-- session (`session = @ses`), which implies NOT NULL, so the partial index still serves them and
-- those rows cost no entry in it (bench/README.md, "Write side": the session index is the dearest
-- btree of executions). Created on the parent, so existing day partitions get it now and new ones
-- get it from the parent as their other indexes.
DROP INDEX executions_session;
CREATE INDEX executions_session ON executions (host, session, occurred_at) WHERE session IS NOT NULL;
DROP INDEX audit_events_session;
CREATE INDEX audit_events_session ON audit_events (host, session, occurred_at) WHERE session IS NOT NULL;
