-- sudo's "user" filter means the person: the invoking user or auditd's login user. With an index on
-- each, PostgreSQL answers the OR from both instead of scanning the window.
CREATE INDEX sudo_events_login_user_time ON sudo_events (login_user, occurred_at, raw_id);
