#!/usr/bin/env bash
# Starts a PostgreSQL cluster of its own for the benchmarks (default port 55450, data in
# .local/benchpg), so that their settings and load never touch the cluster tests and development use.
# Same settings as scripts/pg-local.sh. Idempotent; `bench/pg-bench.sh stop` stops it.
# Prints the connection string (without a database) as the last line of stdout.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${AUDIT_BENCH_PGDATA:-$root/.local/benchpg}"
port="${AUDIT_BENCH_PGPORT:-55450}"
log="$root/.local/benchpg.log"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ "${1:-}" = stop ]; then as_pg "$bin/pg_ctl" -D "$data" -m fast stop >&2; exit 0; fi

mkdir -p "$root/.local"
if [ "$(id -u)" = 0 ]; then
  chmod o+x "$root" "$root/.local"
  mkdir -p "$data"; chown postgres:postgres "$data"; chmod 700 "$data"
  touch "$log"; chown postgres:postgres "$log"
fi
if [ ! -s "$data/PG_VERSION" ]; then
  as_pg "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >&2
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
echo "Host=127.0.0.1;Port=$port;Username=postgres"
