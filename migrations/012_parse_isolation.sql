-- A parse pass that fails is retried, then quarantined, never claimed again in front of other batches.
-- attempts counts failed passes, not_before delays the next one, quarantined_at takes the batch out of
-- the queue's way until an admin retries it (POST /api/v1/admin/parse-queue/{batchId}/retry).
ALTER TABLE parse_queue ADD COLUMN attempts       integer NOT NULL DEFAULT 0;
ALTER TABLE parse_queue ADD COLUMN last_error     text;
ALTER TABLE parse_queue ADD COLUMN not_before     timestamptz;
ALTER TABLE parse_queue ADD COLUMN quarantined_at timestamptz;
CREATE INDEX parse_queue_quarantined ON parse_queue (quarantined_at) WHERE quarantined_at IS NOT NULL;

-- Index keys are bounded (see KeyText): a key value over 256 characters is written cut, with a hash of
-- the whole value, and the whole value is kept here (column name → value). NULL for nearly every row.
ALTER TABLE commands        ADD COLUMN long_values jsonb;
ALTER TABLE logins          ADD COLUMN long_values jsonb;
ALTER TABLE session_events  ADD COLUMN long_values jsonb;
ALTER TABLE sudo_events     ADD COLUMN long_values jsonb;
ALTER TABLE su_events       ADD COLUMN long_values jsonb;
ALTER TABLE account_changes ADD COLUMN long_values jsonb;
ALTER TABLE app_events      ADD COLUMN long_values jsonb;
ALTER TABLE audit_events    ADD COLUMN long_values jsonb;
ALTER TABLE executions      ADD COLUMN long_values jsonb;
ALTER TABLE audit_logins    ADD COLUMN long_values jsonb;

