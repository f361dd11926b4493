#!/usr/bin/env bash
# The bureau's ledgers under load (issue 13): GET /api/v1/reports/covers and /reports/onboarding
# over the full Jiaozuo catalogue (scale 1.0: 8,120 covers) and over ten times it, timed by wrk
# while the simulator's QoS 1 status load (e2e's: 100 connections, unpaced) runs against the same
# server. The covers get state and alarms straight from SQL (a tenth silent, a twentieth with an
# alarm this month in every state), since the ledger's cost is the rows it reads, not how they came.
#
#   bench/reports.sh                     # scales 1 and 10, 20 s of wrk per report
#   SCALES=1 DURATION=10s bench/reports.sh
#
# Prints per scale and report: requests/s, latency p50/p99 (wrk's), the answer's size, and the
# load's acknowledged messages/s meanwhile. Settings (environment): SCALES ("1 10"), DURATION
# (20s), CONNECTIONS (100, the load's), WRK_CONNECTIONS (4), BENCH_MQTT_PORT (28836),
# BENCH_HTTP_PORT (28086), SERVER_JAR, SIM_JAR, PGHOST/PGPORT/PGUSER. Needs wrk (Debian's package,
# installed if missing and root). Reports and logs go to run/reports-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/lib.sh

SCALES=${SCALES:-1 10}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-100}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-4}
MQTT_PORT=${BENCH_MQTT_PORT:-28836}
HTTP_PORT=${BENCH_HTTP_PORT:-28086}
DB="sp_bench_reports_$$"
OUT=$(report_dir reports)

need_package wrk wrk
ports_free "$MQTT_PORT" "$HTTP_PORT"
need_jars "$SERVER_JAR" "$SIM_JAR"

server_pid=""
load_pid=""
cleanup() { stop "$load_pid" "$server_pid"; drop_db; }
trap cleanup EXIT

server_env
start_server
say "server up (pid $server_pid), reports in $OUT"

cat > "$OUT/auth.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $READER"
LUA

# city SCALE: the simulator's Jiaozuo at SCALE, imported through the admin API, then covers given
# readings and alarms of this month in SQL.
city() {
  local scale=$1
  java -jar "$SIM_JAR" city --scale "$scale" --seed 13 --out "$OUT/city-$scale.json" > "$OUT/city-$scale.log" 2>&1
  curl -fsS --max-time 600 -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    --data-binary "@$OUT/city-$scale.json" "http://127.0.0.1:$HTTP_PORT/api/v1/admin/catalogue" > "$OUT/import-$scale.json"
  psql_ -d "$DB" > /dev/null <<'SQL'
UPDATE cover_state SET observed_at = now() - interval '1 minute', last_seen_at = now() - interval '1 minute'
WHERE right(cover_id, 1) <> '7';
-- A twentieth of the covers have one alarm raised this month: a third resolved, a third
-- acknowledged, a third open (one unresolved alarm per cover and type, as the schema requires).
INSERT INTO cover_alarms (cover_id, type, status, active, raised_at, cleared_at, acknowledged_at,
                          acknowledged_by, resolved_at, resolved_by)
SELECT c.id, 'tilt', s.status, s.status <> 'resolved', t.raised,
       CASE WHEN s.status = 'resolved' THEN t.raised + interval '2 hours' END,
       CASE WHEN s.status = 'acknowledged' THEN t.raised + interval '10 minutes' END,
       CASE WHEN s.status = 'acknowledged' THEN 'bench' END,
       CASE WHEN s.status = 'resolved' THEN t.raised + interval '2 hours' END,
       CASE WHEN s.status = 'resolved' THEN 'bench' END
FROM covers c
CROSS JOIN LATERAL (SELECT (ARRAY['open', 'acknowledged', 'resolved'])[1 + abs(hashtext(c.id)) % 3] AS status) s
CROSS JOIN LATERAL (SELECT date_trunc('month', now()) + (abs(hashtext(c.id || 't')) % 86400) * interval '1 second' AS raised) t
WHERE abs(hashtext(c.id)) % 20 = 0
ON CONFLICT DO NOTHING;
ANALYZE;
SQL
}

# timed NAME PATH: wrk against PATH for DURATION; prints "rps p50 p99 bytes".
timed() {
  local name=$1 path=$2 bytes
  bytes=$(curl -fsS -H "Authorization: Bearer $READER" "http://127.0.0.1:$HTTP_PORT$path" | wc -c)
  wrk -t1 -c"$WRK_CONNECTIONS" -d"$DURATION" --latency -s "$OUT/auth.lua" "http://127.0.0.1:$HTTP_PORT$path" > "$OUT/$name.wrk"
  python3 - "$OUT/$name.wrk" "$bytes" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(label):
    m = re.search(r"^\s*" + label + r"%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{rps:.1f} req/s, p50 {ms('50'):.1f} ms, p99 {ms('99'):.1f} ms, {int(sys.argv[2])} bytes"
      + (f", {errors.group(1)} non-2xx!" if errors else ""))
PY
}

printf '%-6s %-11s %s\n' scale report "figures (while the status load runs)"
for scale in $SCALES; do
  say "scale $scale: generating and importing the city"
  city "$scale"
  covers=$(psql_ -d "$DB" -c "SELECT count(*) FROM covers")
  java -jar "$SIM_JAR" load --connections "$CONNECTIONS" --qos 1 --duration 600s --port "$MQTT_PORT" \
    --api "http://127.0.0.1:$HTTP_PORT" --admin-token "$ADMIN" --seed "$scale" \
    --report "$OUT/load-$scale.json" > /dev/null 2> "$OUT/load-$scale.log" &
  load_pid=$!
  wait_until 240 "the load started publishing" grep -q '^publishing' "$OUT/load-$scale.log"
  before=$(psql_ -d "$DB" -c "SELECT count(*) FROM lot_status_events"); start=$(date +%s%N)
  printf '%-6s %-11s %s\n' "$scale" covers "$(timed "covers-$scale" /api/v1/reports/covers) ($covers covers)"
  printf '%-6s %-11s %s\n' "$scale" onboarding "$(timed "onboarding-$scale" /api/v1/reports/onboarding)"
  after=$(psql_ -d "$DB" -c "SELECT count(*) FROM lot_status_events")
  printf '%-6s %-11s %s\n' "$scale" load "$(per_s $((after - before)) $(( ($(date +%s%N) - start) / 1000000 ))) status messages/s stored meanwhile"
  stop "$load_pid"; load_pid=""
done
