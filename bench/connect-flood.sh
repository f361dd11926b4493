#!/usr/bin/env bash
# A CONNECT flood (issue 11): sockets CONNECTing with random unknown device ids at FLOOD_RATE while
# registered devices publish; their PUBACK latency with and without the flood, and what the flood
# cost the registry (queries from /metrics, which must stay flat: unknown ids are answered from memory).
#
#   1. the simulator's load mode, paced at RATE over CONNECTIONS devices, alone: PUBACK p50/p99;
#   2. the same load again while the simulator's flood mode opens FLOOD_RATE connections a second, each
#      sending an MQTT 3.1.1 CONNECT with a random id and secret and reading its CONNACK;
#   3. CONNECTs by result and registry queries before and after the flood (from /metrics); the flood
#      client's own CPU per CONNECT beside the rate it reached (the generator must not be the limit),
#      the server's CPU over the flood, and the kernel's accept-queue overflows.
#
#   bench/connect-flood.sh
#   FLOOD_RATE=2000 DURATION=30s bench/connect-flood.sh
#
# Settings (environment): CONNECTIONS (100), RATE (5000 msg/s over all of them), DURATION (20s, each
# measured run), WARMUP (10s), FLOOD_RATE (5000 CONNECTs/s), FLOOD_IN_FLIGHT (1000 sockets at most),
# BENCH_MQTT_PORT (28837), BENCH_HTTP_PORT (28087), PGHOST/PGPORT/PGUSER. The failed-login budget per
# address is raised out of the way, since every socket here comes from loopback: with it the flood
# would be refused unheard (rate_limited), cheaper still; this measures the unknown-id path itself.
# Reports and logs go to run/connect-flood-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/lib.sh

CONNECTIONS=${CONNECTIONS:-100}
RATE=${RATE:-5000}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-10s}
FLOOD_RATE=${FLOOD_RATE:-5000}
FLOOD_IN_FLIGHT=${FLOOD_IN_FLIGHT:-1000}
MQTT_PORT=${BENCH_MQTT_PORT:-28837}
HTTP_PORT=${BENCH_HTTP_PORT:-28087}
DB="sp_bench_connect_flood_$$"
OUT=$(report_dir connect-flood)

ports_free "$MQTT_PORT" "$HTTP_PORT"
need_jars "$SERVER_JAR" "$SIM_JAR"

server_pid=""
flood_pid=""
cleanup() { stop "$flood_pid" "$server_pid"; drop_db; }
trap cleanup EXIT

server_env
export SMARTPARKING_INGEST_FAILED_CONNECTS_PER_MINUTE=100000000
start_server
say "server up (pid $server_pid), reports in $OUT"

load() {
  local name=$1; shift
  say "$name: $CONNECTIONS connections, QoS 1, paced at $RATE msg/s"
  load_run "$name" --connections "$CONNECTIONS" --qos 1 --port "$MQTT_PORT" \
    --api "http://127.0.0.1:$HTTP_PORT" --admin-token "$ADMIN" "$@" || say "$name: load exited with $?"
}
progress() { grep --line-buffered -E '^publishing' | sed -u "s/^/  $1 /"; }
latency() {
  figure "$OUT/$1.json" "'acked/s %d, p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms' % (r['publish_phase']['acknowledged_per_s'], r['latency_ms']['ack']['p50'], r['latency_ms']['ack']['p99'], r['latency_ms']['ack']['p999'], r['latency_ms']['ack']['max'])"
}
metrics() { curl -fsS "http://127.0.0.1:$HTTP_PORT/metrics" > "$OUT/$1.metrics"; }
metric() { awk -v m="$2" '$1 == m {print $2}' "$OUT/$1.metrics"; }
queries() { awk '/^smartparking_ingest_registry_queries_total/ {s += $2} END {printf "%d", s}' "$OUT/$1.metrics"; }

load warmup --duration "$WARMUP" --rate "$RATE"
alone0=$(cpu_seconds "$server_pid"); t0=$(date +%s.%N)
load alone --duration "$DURATION" --rate "$RATE"
alone1=$(cpu_seconds "$server_pid"); t1=$(date +%s.%N)
metrics before

seconds=${DURATION%s}
# The flood starts a little before the measured load and lasts a little past it, so the whole
# measured run is under the flood.
cpu0=$(cpu_seconds "$server_pid"); overflows0=$(listen_overflows); t2=$(date +%s.%N); machine0=$(machine_ticks)
java -jar "$SIM_JAR" flood --port "$MQTT_PORT" --rate "$FLOOD_RATE" --duration "$((seconds + 5))s" \
  --in-flight "$FLOOD_IN_FLIGHT" --report "$OUT/flood.json" 2> >(tee "$OUT/flood.log" | grep --line-buffered '^flood ' | sed -u 's/^/  /' >&2) &
flood_pid=$!
say "flooding: $FLOOD_RATE CONNECTs/s with random unknown ids"
load flooded --duration "$DURATION" --rate "$RATE"
wait "$flood_pid" || true
flood_pid=""
cpu1=$(cpu_seconds "$server_pid"); overflows1=$(listen_overflows); t3=$(date +%s.%N); machine1=$(machine_ticks)
metrics after

echo
echo "== PUBACK latency of $CONNECTIONS devices paced at $RATE msg/s, $DURATION each =="
echo "alone:                  $(latency alone)"
echo "beside the flood:       $(latency flooded)"
echo "p99 ratio:              $(python3 -c "import json; p = lambda n: json.load(open('$OUT/' + n + '.json'))['latency_ms']['ack']['p99']; print('%.2f (goal: at most 2)' % (p('flooded') / p('alone')))")"
echo
echo "== the flood =="
echo "client:                 $(grep '^flood:' "$OUT/flood.log" | sed 's/^flood: //')"
echo "in flight:              $(figure "$OUT/flood.json" "'peak %d of %d; pacer ticks held back by the bound: %d' % (r['results']['peak_in_flight'], r['asked']['in_flight'], r['ticks_held_back_by_in_flight'])")"
# The server's CPU a CONNECT: its CPU over the flood less what the same load cost it alone over as long.
echo "server CPU:             $(python3 -c "
alone = ($alone1 - $alone0) / ($t1 - $t0); flooded = ($cpu1 - $cpu0) / ($t3 - $t2); n = max(1, $(figure "$OUT/flood.json" "r['results']['started']"))
print('%.2f cores over the flood against %.2f with the load alone: %.0f µs a CONNECT' % (flooded, alone, (flooded - alone) * ($t3 - $t2) * 1e6 / n))")"
# Whether the machine had CPU to spare: if not, the flood's rate says what the processes were given, not what they can do.
echo "machine CPU:            $(python3 -c "
(t0, i0), (t1, i1) = map(int, '$machine0'.split()), map(int, '$machine1'.split())
print('%.0f %% busy over the flood (every process on this machine; $(nproc) cores, load average %s)' % (100 * (1 - (i1 - i0) / (t1 - t0)), open('/proc/loadavg').read().split()[0]))")"
echo "generator CPU:          $(python3 -c "print('%.2f cores over the flood' % ($(figure "$OUT/flood.json" "r['generator_cpu']['seconds']") / ($t3 - $t2)))")"
echo "listen overflows:       $((overflows1 - overflows0)) (connections the kernel dropped, every listener on this machine)"
echo "bad_credentials:        $(metric before 'smartparking_mqtt_connects_total{result="bad_credentials"}') before, $(metric after 'smartparking_mqtt_connects_total{result="bad_credentials"}') after"
echo "registry queries:       $(queries before) before, $(queries after) after (reloads and lookups, all registries)"
