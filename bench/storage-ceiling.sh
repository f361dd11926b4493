#!/usr/bin/env bash
# The storage ceiling (issue 4): how fast this machine's PostgreSQL takes lot status rows through
# COPY, the fastest bulk path there is, into the very table ingest writes (same primary key,
# today's daily partition). Our end-to-end rate is later reported as a share of this figure.
#
#   bench/storage-ceiling.sh            # 1,000,000 rows
#   ROWS=200000 bench/storage-ceiling.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/lib.sh

ROWS=${ROWS:-1000000}
DB="sp_bench_copy_$$"
WORK=$(mktemp -d)
cleanup() { drop_db; rm -rf "$WORK"; }
trap cleanup EXIT

need_jars "$SERVER_JAR"
create_db
db_env
java -jar "$SERVER_JAR" migrate 2>/dev/null
today=$(date -u +%F); tomorrow=$(date -u -d tomorrow +%F)
psql_ -d "$DB" -c "CREATE TABLE lot_status_events_p$(date -u +%Y%m%d) PARTITION OF lot_status_events
  FOR VALUES FROM ('$today 00:00:00+00') TO ('$tomorrow 00:00:00+00')"

say "writing $ROWS rows of 10,000 devices over 1,000 lots to CSV ..."
psql_ -d "$DB" -c "\\copy (SELECT 'gw-' || (i % 10000), i, now() - (i % 1000) * interval '1 ms', 'L-' || (i % 1000),
  420, i % 420, false, now() FROM generate_series(1, $ROWS) i) TO '$WORK/rows.csv' CSV"

say "COPY into lot_status_events ..."
timed_copy "$WORK/rows.csv"

stored=$(psql_ -d "$DB" -c "SELECT count(*) FROM lot_status_events_p$(date -u +%Y%m%d)")
echo "rows=$stored copy_ms=$copy_ms copy_rows_per_s=$(per_s "$stored" "$copy_ms")"
