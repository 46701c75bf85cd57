-- Where the syslog header's host (host: where it happened) and the shipper's host differ (a relay
-- forwarding other machines' logs), the shipper's is kept here; null when they agree. host= matches host.
ALTER TABLE logins ADD COLUMN relay_host text;
ALTER TABLE commands ADD COLUMN relay_host text;
ALTER TABLE session_events ADD COLUMN relay_host text;
ALTER TABLE sudo_events ADD COLUMN relay_host text;
ALTER TABLE su_events ADD COLUMN relay_host text;
ALTER TABLE account_changes ADD COLUMN relay_host text;
