-- Account changes come from shadow-utils lines in auth.log and from auditd's ADD_USER, DEL_USER,
-- USER_MGMT, ADD_GROUP, DEL_GROUP, GRP_MGMT, USER_CHAUTHTOK and GRP_CHAUTHTOK records. Both carry the
-- tool's pid (syslog tag and auditd pid=), so one change seen in both places is matched on host + pid
-- + time; auditd adds the person behind it (auid survives sudo) and the session.
ALTER TABLE account_changes ADD COLUMN origin text NOT NULL DEFAULT 'auth';
ALTER TABLE account_changes ADD COLUMN pid integer;
ALTER TABLE account_changes ADD COLUMN login_user text;
ALTER TABLE account_changes ADD COLUMN login_uid bigint;
ALTER TABLE account_changes ADD COLUMN session bigint;
CREATE INDEX account_changes_host_pid_time ON account_changes (host, pid, occurred_at);
