#!/usr/bin/env bash
# What a parse commit waits for: <chunks> transactions of 20,000 `commands` rows (the parser's chunk,
# ParsingOptions.ChunkLines) into a copy of `commands` with its five indexes, alternately with
# synchronous_commit on and off; prints the median and the slowest COMMIT of each. Usage:
#   bench/sql/commit-cost.sh "<psql connection options>" <database> [chunks]
#   bench/sql/commit-cost.sh "-h 127.0.0.1 -p 55460 -U postgres" audit_qbench_20261207021116 10
set -euo pipefail
conn="$1"; db="$2"; chunks="${3:-10}"; chunk=20000
q() { psql $conn -d "$db" -qAtX -v ON_ERROR_STOP=1 "$@"; }
cols=$(q -c "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'commands'::regclass AND attnum > 0 AND NOT attisdropped")
q -c "DROP TABLE IF EXISTS cm_src, cm_t; CREATE TABLE cm_src AS SELECT *, row_number() OVER (ORDER BY occurred_at) AS n FROM (SELECT * FROM commands ORDER BY occurred_at DESC LIMIT $((2 * chunks * chunk))) s"
q -c "UPDATE cm_src SET raw_id = (1::bigint << 40) + n"
q -c "CREATE TABLE cm_t (LIKE commands); ALTER TABLE cm_t ADD PRIMARY KEY (raw_id, occurred_at)"
q -c "CREATE INDEX ON cm_t (host, occurred_at, raw_id); CREATE INDEX ON cm_t (login_user, occurred_at, raw_id); CREATE INDEX ON cm_t (occurred_at, raw_id); CREATE INDEX ON cm_t USING gin (command gin_trgm_ops)"
script=""
for ((i = 0; i < 2 * chunks; i++)); do
  mode=$([ $((i % 2)) = 0 ] && echo on || echo off)
  script+="BEGIN;
SET LOCAL synchronous_commit = $mode;
INSERT INTO cm_t SELECT $cols FROM cm_src WHERE n > $((i * chunk)) AND n <= $(((i + 1) * chunk));
SELECT clock_timestamp() AS t0 \\gset
COMMIT;
SELECT 'commit', '$mode', extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) * 1000;
"
done
q <<<"$script" | awk -F'|' '/^commit/ {print $2, $3}' | sort -k1,1 -k2,2n | awk '
  { v[$1, ++n[$1]] = $2 }
  END { for (m in n) printf "synchronous_commit = %-3s COMMIT of 20,000 rows: median %7.2f ms, slowest %7.2f ms (%d commits)\n", m, v[m, int((n[m] + 1) / 2)], v[m, n[m]], n[m] }'
q -c "DROP TABLE IF EXISTS cm_src, cm_t"
