#!/usr/bin/env bash
# What a city catalogue import costs through the admin API (POST /api/v1/admin/catalogue), the
# body checked against openapi.yaml's requestBody schema (ContractBody) and read into entries on a
# worker, then applied in one transaction: the simulator's Jiaozuo at SCALE (covers included),
# imported into a fresh database (every entry created) and then again (every entry updated),
# each timed by curl. With BEFORE_JAR set to another build's server jar, that build is measured the
# same way first, so the two are side by side from one run.
#
#   bench/catalogue-import.sh
#   BEFORE_JAR=/tmp/main/server/target/smartparking-server.jar bench/catalogue-import.sh
#
# Settings (environment): SCALE (10), BEFORE_JAR (none), BENCH_MQTT_PORT (28841),
# BENCH_HTTP_PORT (28091), BENCH_DB (sp_bench_catalogue: the databases are BENCH_DB_<n>_<pid>),
# PGHOST/PGPORT/PGUSER. Reports and logs go to run/catalogue-import-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/lib.sh

SCALE=${SCALE:-10}
MQTT_PORT=${BENCH_MQTT_PORT:-28841}
HTTP_PORT=${BENCH_HTTP_PORT:-28091}
OUT=$(report_dir catalogue-import)

ports_free "$MQTT_PORT" "$HTTP_PORT"
need_jars "$SERVER_JAR" "$SIM_JAR"

server_pid=""
DB=""
cleanup() { stop "$server_pid"; [ -n "$DB" ] && drop_db; }
trap cleanup EXIT

java -jar "$SIM_JAR" city --scale "$SCALE" --seed 14 --out "$OUT/city.json" > "$OUT/city.log" 2>&1
say "catalogue at scale $SCALE: $(( $(stat -c %s "$OUT/city.json") / 1000000 )) MB"

# post_catalogue: seconds the import took, as curl saw it (fails the script on a non-2xx answer).
post_catalogue() {
  curl -fsS --max-time 900 -o "$OUT/answer.json" -w '%{time_total}' -H "Authorization: Bearer $ADMIN" \
    -H 'Content-Type: application/json' --data-binary "@$OUT/city.json" \
    "http://127.0.0.1:$HTTP_PORT/api/v1/admin/catalogue"
}

# measure NAME JAR: one build's create and update imports into a database of its own.
measure() {
  local name=$1 created updated
  DB="${BENCH_DB:-sp_bench_catalogue}_${name}_$$"
  server_env
  SERVER_JAR=$2 SERVER_LOG="$OUT/server-$name.log" start_server
  created=$(post_catalogue)
  updated=$(post_catalogue)
  echo "$name: import ${created} s (created), ${updated} s (updated)"
  stop "$server_pid"
  server_pid=""
  drop_db > /dev/null
  DB=""
}

echo "catalogue import, simulator city --scale $SCALE, $(( $(stat -c %s "$OUT/city.json") / 1000000 )) MB (shared machine)"
[ -n "${BEFORE_JAR:-}" ] && measure before "$BEFORE_JAR"
measure this "$SERVER_JAR"
