#!/usr/bin/env bash
# The alarm path's delay under the status load of bench/e2e.sh, from one run:
#   1. the peak: the e2e status load (simulator load mode, QoS 1) unpaced for DURATION;
#   2. the same connections paced at PACED_SHARE of that peak, and beside them the simulator's
#      alarm-latency probe: one tilt alarm at a time on a cover of its own, timed from the reading's
#      PUBACK to the alarm listed in GET /api/v1/covers/alarms and to the signed alarm.raised at the
#      unit's webhook (a receiver in the probe), then resolved as an operator;
#   3. the probe alone on the idle server, for comparison.
#
#   bench/alarm-latency.sh
#   DURATION=20s PROBE_DURATION=20s bench/alarm-latency.sh    # shorter
#
# Settings (environment): CONNECTIONS (100), DURATION (30s, the unpaced peak run), PACED_SHARE (0.8),
# PROBE_DURATION (30s), BENCH_MQTT_PORT (28830), BENCH_HTTP_PORT (28080), PGHOST/PGPORT/PGUSER.
# Reports and logs go to run/alarm-latency-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/lib.sh

CONNECTIONS=${CONNECTIONS:-100}
DURATION=${DURATION:-30s}
PACED_SHARE=${PACED_SHARE:-0.8}
PROBE_DURATION=${PROBE_DURATION:-30s}
MQTT_PORT=${BENCH_MQTT_PORT:-28830}
HTTP_PORT=${BENCH_HTTP_PORT:-28080}
DB="sp_bench_alarm_latency_$$"
OUT=$(report_dir alarm-latency)

ports_free "$MQTT_PORT" "$HTTP_PORT"
need_jars "$SERVER_JAR" "$SIM_JAR"

server_pid=""
probe_pid=""
cleanup() { stop "$probe_pid" "$server_pid"; drop_db; }
trap cleanup EXIT

server_env
export SMARTPARKING_ALARMS_WEBHOOK_ALLOW_LOOPBACK=true
start_server
say "server up (pid $server_pid), reports in $OUT"

progress() { grep --line-buffered -E '^(publishing|connecting|alarm-latency)' | sed -u "s/^/  $1 /"; }
status_load() {
  local name=$1 duration=$2; shift 2
  say "$name: $CONNECTIONS connections, QoS 1, $duration"
  load_run "$name" --connections "$CONNECTIONS" --qos 1 --duration "$duration" --port "$MQTT_PORT" \
    --api "http://127.0.0.1:$HTTP_PORT" --admin-token "$ADMIN" "$@" || say "$name: load exited with $?"
}
probe() {
  local name=$1
  say "$name: the alarm probe for $PROBE_DURATION"
  java -jar "$SIM_JAR" alarm-latency --api "http://127.0.0.1:$HTTP_PORT" --admin-token "$ADMIN" \
    --operator-token "$OPERATOR" --mqtt-port "$MQTT_PORT" --duration "$PROBE_DURATION" --name "$name" \
    --report "$OUT/$name.json" 2> >(tee "$OUT/$name.log" | progress "$name" >&2)
}

status_load peak "$DURATION"
peak=$(figure "$OUT/peak.json" "round(r['publish_phase']['acknowledged_per_s'])")
paced=$(python3 -c "print(round($peak * $PACED_SHARE))")
probe probe-loaded &
probe_pid=$!
status_load paced "$PROBE_DURATION" --rate "$paced"
wait "$probe_pid" || say "probe-loaded: some alarms never showed or never arrived (see $OUT/probe-loaded.log)"
probe_pid=""
probe probe-idle || say "probe-idle: some alarms never showed or never arrived (see $OUT/probe-idle.log)"

line() {
  figure "$1" "'%-24s alarms %5d  listed p50 %6.1f ms  p99 %6.1f ms   delivered p50 %6.1f ms  p99 %6.1f ms   never listed %d, never delivered %d' % ('$2', r['alarms'], r['listed_after_puback_ms']['p50'], r['listed_after_puback_ms']['p99'], r['delivered_after_puback_ms']['p50'], r['delivered_after_puback_ms']['p99'], r['never_listed'], r['never_delivered'])"
}
echo "== alarm path: PUBACK of a tilted reading -> alarm listed in the API, -> alarm.raised at the unit's webhook =="
echo "status load: peak $peak acked/s unpaced; paced at $PACED_SHARE of it: $paced/s asked, $(figure "$OUT/paced.json" "round(r['publish_phase']['acknowledged_per_s'])") acked/s, PUBACK p99 $(figure "$OUT/paced.json" "r['latency_ms']['ack']['p99']") ms"
line "$OUT/probe-loaded.json" "beside the paced load"
line "$OUT/probe-idle.json" "idle server"
