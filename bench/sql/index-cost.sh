#!/usr/bin/env bash
# What each index costs a write: the same rows (the oldest 200,000 of a table the query bench loaded,
# in time order as they arrive) inserted into a fresh table with one index set at a time; prints
# CPU, wall time and WAL per row for each set. Usage:
#   bench/sql/index-cost.sh "<psql connection options>" <database> [sets] [rows]
# sets: any of indexes, alternatives, partial, dedup, wal (default: indexes); e.g.
#   bench/sql/index-cost.sh "-h 127.0.0.1 -p 55460 -U postgres" audit_qbench_20261202030732 "indexes dedup"
set -euo pipefail
conn="$1"; db="$2"; sets="${3:-indexes}"; rows="${4:-200000}"
q() { psql $conn -d "$db" -qAtX -v ON_ERROR_STOP=1 "$@"; }

# raw_id renumbered in time order, as the ingest assigns it (batch id << 24 | line number).
for t in commands executions logins; do
  q -c "DROP TABLE IF EXISTS ic_src_$t; CREATE TABLE ic_src_$t AS SELECT * FROM $t ORDER BY occurred_at LIMIT $rows"
  q -c "UPDATE ic_src_$t s SET raw_id = (1::bigint << 40) + n FROM (SELECT ctid, row_number() OVER (ORDER BY occurred_at) n FROM ic_src_$t) o WHERE s.ctid = o.ctid"
done
# Staging rows shaped as raw_lines (a ~200-byte line, a random dedup key as the ingest's XXH3 one is).
q -c "DROP TABLE IF EXISTS ic_src_raw; CREATE TABLE ic_src_raw AS SELECT occurred_at::date AS received_on, raw_id AS id, occurred_at AS received_at, host, source, 'bash'::text AS program,
  occurred_at AS shipper_time, NULL::text AS time_zone, gen_random_uuid() AS dedup_key,
  to_char(occurred_at, 'YYYY-MM-DD\"T\"HH24:MI:SS.US') || '+00:00 ' || host || ' ' || login_user || ': ' || run_as || ' [' || shell_pid || ']: ' || command || ' [' || exit_code || '] pwd=/home/' || login_user AS line,
  NULL::bytea AS line_bytes, NULL::jsonb AS fields FROM ic_src_commands"

run() { # table label index-ddl (with @ for the table name)…
  # Timed as the backend's own CPU time (utime + stime from /proc, so other load on the machine
  # counts less than in wall time), wall time and WAL written; the index build is not timed.
  local t="$1" label="$2"; shift 2
  # "+ cleanup" in the label: the GIN pending list is merged within the timing (what fastupdate defers).
  local post="" pre="${PRE:-}"
  [[ "$label" == *"+ cleanup"* ]] && post="SELECT gin_clean_pending_list(indexrelid::regclass) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam WHERE i.indrelid = 'ic_t'::regclass AND a.amname = 'gin';"
  q -c "DROP TABLE IF EXISTS ic_t; CREATE TABLE ic_t (LIKE ic_src_$t)"
  local ddl
  for ddl in "$@"; do q -c "${ddl//@/ic_t}"; done
  q -c "CHECKPOINT"
  local out
  out=$(q <<SQL
$pre
SELECT pg_backend_pid() AS pid, pg_current_wal_insert_lsn() AS lsn \\gset
\\setenv ICPID :pid
SELECT clock_timestamp() AS t0 \\gset
\\! awk '{print "cpu0", \$14 + \$15}' /proc/\$ICPID/stat
INSERT INTO ic_t SELECT * FROM ic_src_$t;
$post
\\! awk '{print "cpu1", \$14 + \$15}' /proc/\$ICPID/stat
SELECT 'wall', extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) * 1000, 'wal', pg_wal_lsn_diff(pg_current_wal_insert_lsn(), :'lsn');
SQL
)
  local cpu0 cpu1 wall wal
  cpu0=$(awk '/^cpu0/ {print $2}' <<<"$out"); cpu1=$(awk '/^cpu1/ {print $2}' <<<"$out")
  wall=$(awk -F'|' '/^wall/ {print $2}' <<<"$out"); wal=$(awk -F'|' '/^wall/ {print $4}' <<<"$out")
  local tck; tck=$(getconf CLK_TCK)
  printf '%-11s %-44s cpu %6.2f us/row  wall %6.2f us/row  WAL %5.0f B/row\n' "$t" "$label" \
    "$(echo "($cpu1 - $cpu0) * 1000000 / $tck / $rows" | bc -l)" "$(echo "$wall * 1000 / $rows" | bc -l)" "$(echo "$wal / $rows" | bc -l)"
}

pk_c="ALTER TABLE @ ADD PRIMARY KEY (raw_id, occurred_at)"
pk_e="ALTER TABLE @ ADD PRIMARY KEY (raw_id, serial, occurred_at)"
gin_c="CREATE INDEX ON @ USING gin (command gin_trgm_ops)"
if [[ " $sets " == *" indexes "* ]]; then
  run commands "no index"
  run commands "primary key" "$pk_c"
  run commands "pk + host_time" "$pk_c" "CREATE INDEX ON @ (host, occurred_at, raw_id)"
  run commands "pk + host_time, C collation" "$pk_c" "CREATE INDEX ON @ (host COLLATE \"C\", occurred_at, raw_id)"
  run commands "pk + host_time without raw_id" "$pk_c" "CREATE INDEX ON @ (host, occurred_at)"
  run commands "pk + user_time" "$pk_c" "CREATE INDEX ON @ (login_user, occurred_at, raw_id)"
  run commands "pk + time (btree)" "$pk_c" "CREATE INDEX ON @ (occurred_at, raw_id)"
  run commands "pk + time (brin)" "$pk_c" "CREATE INDEX ON @ USING brin (occurred_at)"
  run commands "pk + trigram gin + cleanup" "$pk_c" "$gin_c"
  run commands "pk + trigram gin, 64MB list + cleanup" "$pk_c" "$gin_c WITH (gin_pending_list_limit = 65536)"
  run commands "pk + trigram gin, 64MB list" "$pk_c" "$gin_c WITH (gin_pending_list_limit = 65536)"
  run commands "all 5 (pk, host, user, time, gin) + cleanup" "$pk_c" "CREATE INDEX ON @ (host, occurred_at, raw_id)" "CREATE INDEX ON @ (login_user, occurred_at, raw_id)" "CREATE INDEX ON @ (occurred_at, raw_id)" "$gin_c"
  run executions "no index"
  run executions "primary key" "$pk_e"
  run executions "pk + host_time" "$pk_e" "CREATE INDEX ON @ (host, occurred_at, raw_id)"
  run executions "pk + user_time" "$pk_e" "CREATE INDEX ON @ (login_user, occurred_at, raw_id)"
  run executions "pk + session" "$pk_e" "CREATE INDEX ON @ (host, session, occurred_at)"
  run executions "pk + host_pid_time" "$pk_e" "CREATE INDEX ON @ (host, pid, occurred_at)"
  run executions "pk + time (btree)" "$pk_e" "CREATE INDEX ON @ (occurred_at, raw_id)"
  run executions "pk + trigram gin + cleanup" "$pk_e" "CREATE INDEX ON @ USING gin (command_line gin_trgm_ops)"
  run executions "all 7 + cleanup" "$pk_e" "CREATE INDEX ON @ (host, occurred_at, raw_id)" "CREATE INDEX ON @ (login_user, occurred_at, raw_id)" "CREATE INDEX ON @ (host, session, occurred_at)" "CREATE INDEX ON @ (host, pid, occurred_at)" "CREATE INDEX ON @ (occurred_at, raw_id)" "CREATE INDEX ON @ USING gin (command_line gin_trgm_ops)"
  run logins "no index"
  run logins "primary key" "$pk_c"
  run logins "pk + host_time" "$pk_c" "CREATE INDEX ON @ (host, occurred_at, raw_id)"
  run logins "pk + source_ip_time" "$pk_c" "CREATE INDEX ON @ (source_ip, occurred_at, raw_id)"
  run logins "all 5" "$pk_c" "CREATE INDEX ON @ (host, occurred_at, raw_id)" "CREATE INDEX ON @ (user_name, occurred_at, raw_id)" "CREATE INDEX ON @ (source_ip, occurred_at, raw_id)" "CREATE INDEX ON @ (occurred_at, raw_id)"
fi
all_c=("$pk_c" "CREATE INDEX ON @ (host, occurred_at, raw_id)" "CREATE INDEX ON @ (login_user, occurred_at, raw_id)" "CREATE INDEX ON @ (occurred_at, raw_id)")
if [[ " $sets " == *" alternatives "* ]]; then
  run commands "pk + trigram gist + cleanup" "$pk_c" "CREATE INDEX ON @ USING gist (command gist_trgm_ops)"
  run commands "4 btrees (no trigram)" "${all_c[@]}"
  run commands "4 btrees + gin + cleanup" "${all_c[@]}" "$gin_c"
  run commands "4 btrees + gist" "${all_c[@]}" "CREATE INDEX ON @ USING gist (command gist_trgm_ops)"
  run commands "btrees host/user without raw_id + gin + cleanup" "$pk_c" "CREATE INDEX ON @ (host, occurred_at)" "CREATE INDEX ON @ (login_user, occurred_at)" "CREATE INDEX ON @ (occurred_at, raw_id)" "$gin_c"
fi
if [[ " $sets " == *" wal "* ]]; then
  for c in off pglz lz4; do
    PRE="SET wal_compression = $c;" run commands "4 btrees + gin + cleanup, wal_compression=$c" "${all_c[@]}" "$gin_c"
  done
fi
if [[ " $sets " == *" partial "* ]]; then
  # Executions outside a login session (daemons, services, CI agents: auditd's ses=unset, stored as
  # NULL) have no session to look up: a partial session index skips them. Here every other row has none.
  q -c "UPDATE ic_src_executions SET session = NULL WHERE raw_id % 2 = 0"
  run executions "pk + session, half the rows unset" "$pk_e" "CREATE INDEX ON @ (host, session, occurred_at)"
  run executions "pk + session WHERE NOT NULL, half unset" "$pk_e" "CREATE INDEX ON @ (host, session, occurred_at) WHERE session IS NOT NULL"
fi
if [[ " $sets " == *" dedup "* ]]; then
  pk_r="ALTER TABLE @ ADD PRIMARY KEY (id, received_on)"
  run raw "no index"
  run raw "primary key" "$pk_r"
  run raw "pk + unique dedup index" "$pk_r" "CREATE UNIQUE INDEX ON @ (dedup_key, received_on) WHERE dedup_key IS NOT NULL"
fi
q -c "DROP TABLE IF EXISTS ic_t, ic_src_commands, ic_src_executions, ic_src_logins, ic_src_raw"
