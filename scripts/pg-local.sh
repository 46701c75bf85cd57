#!/usr/bin/env bash
# Starts a project-local PostgreSQL cluster (installing PostgreSQL with apt where missing) and
# creates the `audit` database. Idempotent: a running cluster is left alone.
# Prints nothing on success but the connection string (last line of stdout).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${AUDIT_PGDATA:-$root/.local/pgdata}"
port="${AUDIT_PGPORT:-55432}"
log="$root/.local/postgres.log"

as_pg() {
  # initdb and pg_ctl refuse to run as root.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

find_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  done
  command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)"
}

bin="$(find_bin || true)"
if [ -z "$bin" ]; then
  echo "PostgreSQL not found; installing it with apt-get" >&2
  if [ "$(id -u)" = 0 ]; then sudo_cmd=(); else sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq postgresql postgresql-contrib >&2
  bin="$(find_bin)"
fi

mkdir -p "$root/.local"
if [ "$(id -u)" = 0 ]; then
  # The postgres user needs to reach the folder and own the cluster.
  chmod o+x "$root" "$root/.local"
  mkdir -p "$data"; chown postgres:postgres "$data"; chmod 700 "$data"
  touch "$log"; chown postgres:postgres "$log"
fi

if [ ! -s "$data/PG_VERSION" ]; then
  as_pg "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >&2
  # max_wal_size: checkpoints further apart mean fewer full-page images per row written (measured in
  # bench/README.md, "Write side"; docker-compose.yml sets the same).
  cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '/tmp'
max_connections = 200
shared_buffers = 1GB
wal_buffers = 64MB
max_wal_size = 4GB
synchronous_commit = on
fsync = on
CONF
fi

if ! as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  as_pg "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 start >&2
fi

if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "select 1 from pg_database where datname='audit'" | grep -q 1; then
  "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "create database audit" >&2
fi

echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=audit"
