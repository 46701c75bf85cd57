#!/usr/bin/env bash
# Runs once, when the postgres container initialises its volume (as the bootstrap superuser).
# Makes the least-privilege logins: audit_migrator owns the schema (migrations, partitions,
# retention), audit_app is what the service logs in as (append-only on raw staging), audit_read is
# what reads from a standby log in as (SELECT only: migrations/040_reader_role.sql).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
     -v owner_pw="$AUDIT_OWNER_PASSWORD" -v service_pw="$AUDIT_SERVICE_PASSWORD" \
     -v reader_pw="${AUDIT_READER_PASSWORD:-audit-reader-dev-password}" -v replication_pw="${AUDIT_REPLICATION_PASSWORD:-audit-replication-dev-password}" <<'SQL'
CREATE ROLE audit_owner NOLOGIN;
CREATE ROLE audit_service NOLOGIN;
CREATE ROLE audit_reader NOLOGIN;
CREATE ROLE audit_read LOGIN PASSWORD :'reader_pw' IN ROLE audit_reader;
-- The standby's pg_basebackup and WAL stream (docker-compose's postgres-standby service).
CREATE ROLE audit_replication LOGIN REPLICATION PASSWORD :'replication_pw';
CREATE ROLE audit_migrator LOGIN PASSWORD :'owner_pw' IN ROLE audit_owner;
CREATE ROLE audit_app LOGIN PASSWORD :'service_pw' IN ROLE audit_service;
CREATE DATABASE audit OWNER audit_migrator;
\connect audit
CREATE SCHEMA hangfire AUTHORIZATION audit_app;
SQL
# The standby streams from here (pg_hba's "all" does not match replication connections).
echo "host replication audit_replication all scram-sha-256" >>"$PGDATA/pg_hba.conf"
