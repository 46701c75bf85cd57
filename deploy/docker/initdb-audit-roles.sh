#!/usr/bin/env bash
# Runs once, when the postgres container initialises its volume (as the bootstrap superuser).
# Makes the least-privilege logins: audit_migrator owns the schema (migrations, partitions,
# retention), audit_app is what the service logs in as (append-only on raw staging).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
     -v owner_pw="$AUDIT_OWNER_PASSWORD" -v service_pw="$AUDIT_SERVICE_PASSWORD" <<'SQL'
CREATE ROLE audit_owner NOLOGIN;
CREATE ROLE audit_service NOLOGIN;
CREATE ROLE audit_migrator LOGIN PASSWORD :'owner_pw' IN ROLE audit_owner;
CREATE ROLE audit_app LOGIN PASSWORD :'service_pw' IN ROLE audit_service;
CREATE DATABASE audit OWNER audit_migrator;
\connect audit
CREATE SCHEMA hangfire AUTHORIZATION audit_app;
SQL
