#!/usr/bin/env bash
# What checkpoint spacing costs a sustained write: the newest <rows> rows of `commands` (a database
# the query bench loaded) inserted in time order, in 20,000-row transactions as the parser commits,
# into a copy of `commands` with its five indexes, once per setting (name=value[,name=value], set by
# ALTER SYSTEM and a reload, so it needs a superuser; reset afterwards); prints the backend's CPU time,
# WAL and full-page images per row and the checkpoints during the run. Usage:
#   bench/sql/checkpoint-cost.sh "<psql connection options>" <database> [rows] [settings]
#   bench/sql/checkpoint-cost.sh "-h 127.0.0.1 -p 55460 -U postgres" audit_qbench_20261207021116 1000000 "max_wal_size=1GB max_wal_size=4GB"
set -euo pipefail
conn="$1"; db="$2"; rows="${3:-1000000}"; settings="${4:-max_wal_size=1GB max_wal_size=4GB}"
q() { psql $conn -d "$db" -qAtX -v ON_ERROR_STOP=1 "$@"; }
chunk=20000
cols=$(q -c "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'commands'::regclass AND attnum > 0 AND NOT attisdropped")
q -c "DROP TABLE IF EXISTS cc_src; CREATE TABLE cc_src AS SELECT *, row_number() OVER (ORDER BY occurred_at) AS n FROM (SELECT * FROM commands ORDER BY occurred_at DESC LIMIT $rows) s"
q -c "UPDATE cc_src SET raw_id = (1::bigint << 40) + n"
for setting in $settings; do
  q -c "DROP TABLE IF EXISTS cc_t; CREATE TABLE cc_t (LIKE commands)"
  q -c "ALTER TABLE cc_t ADD PRIMARY KEY (raw_id, occurred_at)"
  q -c "CREATE INDEX ON cc_t (host, occurred_at, raw_id); CREATE INDEX ON cc_t (login_user, occurred_at, raw_id); CREATE INDEX ON cc_t (occurred_at, raw_id); CREATE INDEX ON cc_t USING gin (command gin_trgm_ops)"
  IFS=',' read -ra pairs <<<"$setting"
  for pair in "${pairs[@]}"; do q -c "ALTER SYSTEM SET ${pair%%=*} = '${pair#*=}'"; done
  q -c "SELECT pg_reload_conf()" >/dev/null
  q -c "CHECKPOINT" -c "SELECT pg_sleep(1)" >/dev/null
  script="SELECT pg_backend_pid() AS pid \\gset
\\setenv CCPID :pid
SELECT wal_fpi AS f0, pg_current_wal_insert_lsn() AS l0 FROM pg_stat_wal \\gset
SELECT checkpoints_timed + checkpoints_req AS c0 FROM pg_stat_bgwriter \\gset
SELECT clock_timestamp() AS t0 \\gset
\\! awk '{print \"cpu0\", \$14 + \$15}' /proc/\$CCPID/stat
"
  for ((lo = 0; lo < rows; lo += chunk)); do
    script+="INSERT INTO cc_t SELECT $cols FROM cc_src WHERE n > $lo AND n <= $((lo + chunk));
"
  done
  script+="\\! awk '{print \"cpu1\", \$14 + \$15}' /proc/\$CCPID/stat
SELECT pg_stat_force_next_flush();
SELECT 'res', extract(epoch FROM clock_timestamp() - :'t0'::timestamptz), w.wal_fpi - :f0, pg_wal_lsn_diff(pg_current_wal_insert_lsn(), :'l0'), b.checkpoints_timed + b.checkpoints_req - :c0 FROM pg_stat_wal w, pg_stat_bgwriter b;
"
  out=$(q <<<"$script")
  tck=$(getconf CLK_TCK)
  cpu0=$(awk '/^cpu0/ {print $2}' <<<"$out"); cpu1=$(awk '/^cpu1/ {print $2}' <<<"$out")
  IFS='|' read -r _ wall fpi wal ckpt < <(grep '^res' <<<"$out")
  printf '%-40s cpu %6.2f us/row  wall %6.2f us/row  WAL %5.0f B/row  FPI %5.3f /row  checkpoints %s\n' "$setting" \
    "$(echo "($cpu1 - $cpu0) * 1000000 / $tck / $rows" | bc -l)" "$(echo "$wall * 1000000 / $rows" | bc -l)" \
    "$(echo "$wal / $rows" | bc -l)" "$(echo "$fpi / $rows" | bc -l)" "$ckpt"
  for pair in "${pairs[@]}"; do q -c "ALTER SYSTEM RESET ${pair%%=*}"; done
  q -c "SELECT pg_reload_conf()" >/dev/null
done
q -c "DROP TABLE IF EXISTS cc_t, cc_src"
