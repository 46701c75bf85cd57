-- Least privilege. Two NOLOGIN roles, cluster-wide (created here when missing):
--   audit_owner   owns every object in the schema: DDL, partition creation, retention, archive.
--   audit_service what the running service needs: append-only on raw staging (raw_lines,
--                 raw_batches and their partitions), the DML parsing needs on derived tables,
--                 SELECT for queries. Never UPDATE, DELETE or TRUNCATE on staging.
-- Logins are members of one of them (scripts/run.sh, docker-compose, Audit.Tests/Support/TestDatabase.cs).
-- The migrating login becomes a member of audit_owner; later migrations run as audit_owner
-- (MigrationRunner), so that new objects are owned by it and get the default privileges below.
DO $$
BEGIN
    IF to_regrole('audit_owner') IS NULL THEN CREATE ROLE audit_owner NOLOGIN; END IF;
    IF to_regrole('audit_service') IS NULL THEN CREATE ROLE audit_service NOLOGIN; END IF;
    IF NOT pg_has_role(current_user, 'audit_owner', 'MEMBER') THEN
        EXECUTE format('GRANT audit_owner TO %I', current_user);
    END IF;
    EXECUTE format('GRANT CREATE, CONNECT, TEMPORARY ON DATABASE %I TO audit_owner', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO audit_service', current_database());
END $$;

GRANT USAGE, CREATE ON SCHEMA public TO audit_owner;
GRANT USAGE ON SCHEMA public TO audit_service;

-- Hand every table, view, sequence and function of the schema to audit_owner (extension members
-- and sequences owned by a column follow their owners).
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT c.oid::regclass AS name, c.relkind
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public'
          AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          AND c.relowner <> 'audit_owner'::regrole
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                            AND (d.deptype = 'e' OR (c.relkind = 'S' AND d.deptype IN ('a', 'i'))))
    LOOP
        EXECUTE format('ALTER %s %s OWNER TO audit_owner',
            CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, r.name);
    END LOOP;
    FOR r IN
        SELECT p.oid::regprocedure AS name
        FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public'
          AND p.proowner <> 'audit_owner'::regrole
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO audit_owner', r.name);
    END LOOP;
END $$;

-- Derived tables (every table of migrations 001-023 but the ones handled below): what parsing,
-- reparse, keys and the query log need.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO audit_service;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO audit_service;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO audit_service;

-- Bookkeeping the service only reads.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations, partitioned_tables FROM audit_service;

-- Raw staging is append-only for the service: the parents and every existing partition.
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT c.oid::regclass AS name
        FROM pg_class c
        WHERE c.oid IN ('raw_lines'::regclass, 'raw_batches'::regclass)
           OR c.oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent IN ('raw_lines'::regclass, 'raw_batches'::regclass))
    LOOP
        EXECUTE format('REVOKE ALL ON %s FROM audit_service', r.name);
        EXECUTE format('GRANT SELECT, INSERT ON %s TO audit_service', r.name);
    END LOOP;
END $$;

-- Tables and partitions created later by audit_owner: SELECT and INSERT only. A derived table that
-- needs UPDATE or DELETE grants it in its own migration; partitions are reached through their
-- parents, whose grants are what count, so new raw partitions never carry UPDATE or DELETE.
ALTER DEFAULT PRIVILEGES FOR ROLE audit_owner IN SCHEMA public GRANT SELECT, INSERT ON TABLES TO audit_service;
ALTER DEFAULT PRIVILEGES FOR ROLE audit_owner IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO audit_service;

-- The service makes today's partitions on the ingest path: partition creation runs as audit_owner.
ALTER FUNCTION audit_ensure_partition(text, date) SECURITY DEFINER;
ALTER FUNCTION audit_ensure_partition(text, date) SET search_path = public, pg_temp;
