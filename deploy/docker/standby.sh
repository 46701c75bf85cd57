#!/usr/bin/env bash
# docker-compose's postgres-standby (profile "replica"): a hot standby of the postgres service,
# cloned once with pg_basebackup -R and then streaming. Runs as the postgres user of the image.
# The physical slot keeps the primary's WAL until the standby has it; a standby gone for good must
# have its slot dropped (SELECT pg_drop_replication_slot('audit_standby')), or the primary's disk fills.
set -euo pipefail
export PGDATA=/var/lib/postgresql/data/standby
primary="host=postgres port=5432 user=audit_replication"
until pg_isready -q -d "$primary dbname=postgres"; do sleep 1; done
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  psql -v ON_ERROR_STOP=1 -q -d "$primary dbname=postgres" -c \
    "SELECT pg_create_physical_replication_slot('audit_standby') WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = 'audit_standby')"
  rm -rf "$PGDATA"
  pg_basebackup -d "$primary" -D "$PGDATA" -R -X stream -S audit_standby -c fast
fi
# hot_standby_feedback: long reads on the standby are not cancelled by the primary's vacuum.
exec postgres -D "$PGDATA" -c hot_standby=on -c hot_standby_feedback=on -c max_standby_streaming_delay=30s
