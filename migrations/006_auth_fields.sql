-- Fields the auth.log parsers read that the first layout lacked.
ALTER TABLE logins ADD COLUMN service text NOT NULL DEFAULT 'sshd';   -- PAM service of non-sshd failures
ALTER TABLE logins ADD COLUMN source_host text;                       -- the name sshd logs when UseDNS is on
ALTER TABLE session_events ADD COLUMN by_uid integer;                 -- pam_unix "by alice(uid=1000)"
ALTER TABLE account_changes ADD COLUMN success boolean NOT NULL DEFAULT true;
