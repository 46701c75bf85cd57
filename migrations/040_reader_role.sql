-- Reads from a hot standby (ConnectionStrings:AuditRead) log in as a member of audit_reader: SELECT
-- on the audit data, nothing else. A standby refuses writes anyway; the role keeps the read login
-- harmless on the primary too, and away from secrets (key hashes, console sessions, service secrets).
-- Roles are cluster-wide and this migration runs as audit_owner, which cannot make them: the role
-- is made beside the others (deploy/docker/initdb-audit-roles.sh, scripts/run.sh). Where it does not
-- exist yet nothing is granted; this file is idempotent, so once the role is made, run it again as
-- the owner (psql -f migrations/040_reader_role.sql) to grant. The standby gets everything by WAL.
DO $$
BEGIN
    IF to_regrole('audit_reader') IS NULL THEN
        RAISE NOTICE 'role audit_reader does not exist: reads from a standby need it (see migrations/040_reader_role.sql)';
        RETURN;
    END IF;
    GRANT USAGE ON SCHEMA public TO audit_reader;
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO audit_reader;
    REVOKE ALL ON api_keys, console_sessions, service_secrets FROM audit_reader;
    -- Tables and partitions audit_owner makes later (partitions are read through their parents).
    ALTER DEFAULT PRIVILEGES FOR ROLE audit_owner IN SCHEMA public GRANT SELECT ON TABLES TO audit_reader;
END $$;
