#!/usr/bin/env bash
# Starts Audit on http://localhost:8080 with a project-local PostgreSQL (installed with apt and
# initialised under .local/ where missing). Prints a development admin key.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

connection="$("$root/scripts/pg-local.sh")"
# The console's browser libraries are vendored from npm at build (Audit.Api/Ui/package-lock.json).
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then sudo_cmd=(); else sudo_cmd=(sudo); fi
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends nodejs npm >&2
fi
mkdir -p "$root/.local"
keyfile="$root/.local/admin-key"
if [ ! -s "$keyfile" ]; then
  head -c 32 /dev/urandom | base64 | tr -d '/+=' | cut -c1-40 > "$keyfile"
  chmod 600 "$keyfile"
fi
admin_key="$(cat "$keyfile")"

cat <<MSG

  Audit is starting on http://localhost:8080   (Swagger UI: http://localhost:8080/swagger)
  Console: http://localhost:8080/ui  (sign in with the key below)
  Development admin key: $admin_key
  Try:  curl -H "X-Api-Key: $admin_key" http://localhost:8080/api/v1/commands

MSG

# Least privilege: the service logs in as audit_app (a member of audit_service: append-only on raw
# staging); migrations, partitions and retention use the owner connection (here the local superuser).
psql_bin="$(command -v psql || ls /usr/lib/postgresql/*/bin/psql | tail -n 1)"
"$psql_bin" -v ON_ERROR_STOP=1 -q "host=127.0.0.1 port=${AUDIT_PGPORT:-55432} user=postgres dbname=audit" >/dev/null <<'SQL'
DO $$
DECLARE r record;
BEGIN
    IF to_regrole('audit_owner') IS NULL THEN CREATE ROLE audit_owner NOLOGIN; END IF;
    IF to_regrole('audit_service') IS NULL THEN CREATE ROLE audit_service NOLOGIN; END IF;
    -- SELECT only, for reads from a standby (ConnectionStrings:AuditRead; migrations/040_reader_role.sql).
    IF to_regrole('audit_reader') IS NULL THEN CREATE ROLE audit_reader NOLOGIN; END IF;
    IF to_regrole('audit_app') IS NULL THEN CREATE ROLE audit_app LOGIN IN ROLE audit_service; END IF;
    -- Hangfire's job tables belong to the service (a cluster made before least privilege had them as postgres).
    CREATE SCHEMA IF NOT EXISTS hangfire AUTHORIZATION audit_app;
    ALTER SCHEMA hangfire OWNER TO audit_app;
    FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'hangfire' AND c.relkind IN ('r', 'p') LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO audit_app', r.name);
    END LOOP;
END $$;
SQL

# The checkpoint signing key lives in a file, never in the database; the public key sits beside it.
integrity="$root/.local/integrity"
mkdir -p "$integrity/checkpoints"
if [ ! -s "$integrity/signing-key.pem" ]; then
  if ! command -v openssl >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then apt-get install -y -qq openssl >&2; else sudo apt-get install -y -qq openssl >&2; fi
  fi
  openssl genpkey -algorithm ed25519 -out "$integrity/signing-key.pem"
  chmod 600 "$integrity/signing-key.pem"
  openssl pkey -in "$integrity/signing-key.pem" -pubout -out "$integrity/signing-key.pem.pub"
fi

export ConnectionStrings__AuditOwner="$connection"
export ConnectionStrings__Audit="$(printf '%s' "$connection" | sed 's/Username=postgres/Username=audit_app/')"
export Integrity__SigningKeyPath="$integrity/signing-key.pem"
export Integrity__CheckpointDirectory="$integrity/checkpoints"
export Auth__AdminKey="$admin_key"
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:8080}"
exec dotnet run -c Release --project "$root/Audit.Api" --no-launch-profile
