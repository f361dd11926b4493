#!/usr/bin/env bash
# The storage ceiling (issue 4): how fast this machine's PostgreSQL takes lot status rows through
# COPY, the fastest bulk path there is, into the very table ingest writes (same primary key,
# today's daily partition). Our end-to-end rate is later reported as a share of this figure.
#
#   bench/storage-ceiling.sh            # 1,000,000 rows
#   ROWS=200000 bench/storage-ceiling.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${ROWS:-1000000}
PGHOST_=${PGHOST:-127.0.0.1}
PGPORT_=${PGPORT:-5432}
PGUSER_=${PGUSER:-postgres}
DB="sp_bench_copy_$$"
WORK=$(mktemp -d)
psql_() { psql -h "$PGHOST_" -p "$PGPORT_" -U "$PGUSER_" -v ON_ERROR_STOP=1 -Atq "$@"; }
cleanup() { psql_ -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true; rm -rf "$WORK"; }
trap cleanup EXIT

[ -f server/target/smartparking-server.jar ] || mvn -B -q -ntp package -DskipTests
psql_ -d postgres -c "CREATE DATABASE $DB"
SMARTPARKING_DB_HOST="$PGHOST_" SMARTPARKING_DB_PORT="$PGPORT_" SMARTPARKING_DB_USER="$PGUSER_" \
  SMARTPARKING_DB_NAME="$DB" java -jar server/target/smartparking-server.jar migrate 2>/dev/null
today=$(date -u +%F); tomorrow=$(date -u -d tomorrow +%F)
psql_ -d "$DB" -c "CREATE TABLE lot_status_events_p$(date -u +%Y%m%d) PARTITION OF lot_status_events
  FOR VALUES FROM ('$today 00:00:00+00') TO ('$tomorrow 00:00:00+00')"

echo "storage-ceiling: writing $ROWS rows of 10,000 devices over 1,000 lots to CSV ..." >&2
psql_ -d "$DB" -c "\\copy (SELECT 'gw-' || (i % 10000), i, now() - (i % 1000) * interval '1 ms', 'L-' || (i % 1000),
  420, i % 420, false, now() FROM generate_series(1, $ROWS) i) TO '$WORK/rows.csv' CSV"

echo "storage-ceiling: COPY into lot_status_events ..." >&2
start=$(date +%s%N)
psql_ -d "$DB" -c "\\copy lot_status_events (device_id, seq, ts, lot_id, total, free, closed, received_at)
  FROM '$WORK/rows.csv' CSV"
end=$(date +%s%N)

stored=$(psql_ -d "$DB" -c "SELECT count(*) FROM lot_status_events_p$(date -u +%Y%m%d)")
ms=$(( (end - start) / 1000000 ))
rate=$(( stored * 1000 / (ms > 0 ? ms : 1) ))
echo "rows=$stored copy_ms=$ms copy_rows_per_s=$rate"
