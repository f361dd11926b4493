#!/usr/bin/env bash
# The balancer's cost (issue 16): the same QoS 1 load straight to an ingest process and through
# HAProxy (deploy/haproxy.cfg, PROXY protocol v2 to the server), in alternating runs of one run.
#
#   Two server processes share one database: `direct` (plain MQTT, and the API the load provisions
#   its devices through) and `balanced` (ingest only, mqtt.proxy-protocol=true), which HAProxy's
#   three ingest server lines all point at. Prints acked/s, PUBACK p50/p99 for each, their ratio,
#   the same paced at PACED_SHARE of the direct rate, and HAProxy's CPU per message.
#
#   bench/balancer.sh
#   ROUNDS=3 DURATION=30s bench/balancer.sh
#
# Settings (environment): CONNECTIONS (100), DURATION (20s), WARMUP (10s), ROUNDS (2), PACED_SHARE
# (0.8), BENCH_MQTT_PORT (28840: direct; +1 balanced; +2 HAProxy's MQTT; +3 its TLS; +4 its API;
# +5 its stats page), BENCH_HTTP_PORT (28090: direct's API; +1, +2 the management ports),
# PGHOST/PGPORT/PGUSER. Reports and logs go to run/balancer-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/lib.sh

CONNECTIONS=${CONNECTIONS:-100}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-10s}
ROUNDS=${ROUNDS:-2}
PACED_SHARE=${PACED_SHARE:-0.8}
MQTT_PORT=${BENCH_MQTT_PORT:-28840}
HTTP_PORT=${BENCH_HTTP_PORT:-28090}
BALANCED_PORT=$((MQTT_PORT + 1))
DB="sp_bench_balancer_$$"
OUT=$(report_dir balancer)

export CLUSTER_HOST=127.0.0.1 CLUSTER_MQTT_PORT=$((MQTT_PORT + 2)) CLUSTER_MQTT_TLS_PORT=$((MQTT_PORT + 3)) \
  CLUSTER_HTTP_PORT=$((MQTT_PORT + 4)) CLUSTER_STATS_PORT=$((MQTT_PORT + 5))
export CLUSTER_MAXCONN=$(( ($(ulimit -Hn) - 100) / 2 ))
for n in 1 2 3; do
  export "INGEST${n}_MQTT=$BALANCED_PORT" "INGEST${n}_MQTT_TLS=$BALANCED_PORT" "INGEST${n}_MANAGEMENT=$((HTTP_PORT + 2))"
done
for n in 1 2; do export "API${n}_HTTP=$HTTP_PORT" "API${n}_MANAGEMENT=$((HTTP_PORT + 1))"; done

need_package haproxy haproxy
ports_free "$MQTT_PORT" "$BALANCED_PORT" "$CLUSTER_MQTT_PORT" "$CLUSTER_MQTT_TLS_PORT" "$CLUSTER_HTTP_PORT" \
  "$CLUSTER_STATS_PORT" "$HTTP_PORT" "$((HTTP_PORT + 1))" "$((HTTP_PORT + 2))"
need_jars "$SERVER_JAR" "$SIM_JAR"

server_pid=""
balanced_pid=""
haproxy_pid=""
cleanup() { stop "$haproxy_pid" "$balanced_pid" "$server_pid"; drop_db; }
trap cleanup EXIT

server_env
export SMARTPARKING_MQTT_TLS_PORT=-1 SMARTPARKING_MANAGEMENT_HOST=127.0.0.1
SERVER_LOG=$OUT/direct.log
SMARTPARKING_MANAGEMENT_PORT=$((HTTP_PORT + 1)) java -jar "$SERVER_JAR" serve > "$SERVER_LOG" 2>&1 &
server_pid=$!
ready() { curl -fsS --max-time 2 "http://127.0.0.1:$1/health/ready" >/dev/null 2>&1; }
wait_until 240 "the direct server became ready" ready $((HTTP_PORT + 1))
SMARTPARKING_MQTT_PORT=$BALANCED_PORT SMARTPARKING_MQTT_PROXY_PROTOCOL=true SMARTPARKING_HTTP_ENABLED=false \
  SMARTPARKING_ALARMS_ENABLED=false SMARTPARKING_MANAGEMENT_PORT=$((HTTP_PORT + 2)) \
  java -jar "$SERVER_JAR" serve > "$OUT/balanced.log" 2>&1 &
balanced_pid=$!
wait_until 240 "the balanced server became ready" ready $((HTTP_PORT + 2))
haproxy -f deploy/haproxy.cfg -db > "$OUT/haproxy.log" 2>&1 &
haproxy_pid=$!
haproxy_up() { curl -fsS "http://127.0.0.1:$CLUSTER_STATS_PORT/;csv" | grep -q '^ingest_mqtt,ingest1,.*,UP'; }
wait_until 60 "HAProxy counted the balanced server up" haproxy_up
say "direct server pid $server_pid on $MQTT_PORT, balanced pid $balanced_pid behind HAProxy ($haproxy_pid) on $CLUSTER_MQTT_PORT; reports in $OUT"

load() {
  local name=$1 port=$2; shift 2
  say "$name: $CONNECTIONS connections, QoS 1, port $port $*"
  load_run "$name" --connections "$CONNECTIONS" --qos 1 --port "$port" "$@" \
    || { say "$name: load exited with $? (see $OUT/$name.log)"; exit 1; }
}
progress() { grep --line-buffered -E '^publishing' | sed -u "s/^/  $1 /"; }

load warmup-direct "$MQTT_PORT" --duration "$WARMUP" --api "http://127.0.0.1:$HTTP_PORT" --admin-token "$ADMIN"
load warmup-balanced "$CLUSTER_MQTT_PORT" --duration "$WARMUP"
haproxy_ticks=0
for round in $(seq 1 "$ROUNDS"); do
  load "direct-$round" "$MQTT_PORT" --duration "$DURATION"
  before=$(cpu_ticks "$haproxy_pid")
  load "balanced-$round" "$CLUSTER_MQTT_PORT" --duration "$DURATION"
  haproxy_ticks=$((haproxy_ticks + $(cpu_ticks "$haproxy_pid") - before))
done
rate=$(python3 -c "import json; print(round(sum(json.load(open(f'$OUT/direct-{r}.json'))['publish_phase']['acknowledged_per_s'] for r in range(1, $ROUNDS + 1)) / $ROUNDS * $PACED_SHARE))")
load paced-direct "$MQTT_PORT" --duration "$DURATION" --rate "$rate"
load paced-balanced "$CLUSTER_MQTT_PORT" --duration "$DURATION" --rate "$rate"

python3 - "$OUT" "$ROUNDS" "$CONNECTIONS" "$haproxy_ticks" "$CLK_TCK" "$rate" <<'PY'
import json, sys
out, rounds, connections, ticks, hz, rate = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
rep = lambda name: json.load(open(f"{out}/{name}.json"))
mean = lambda xs: sum(xs) / len(xs)
def gen(r):
    cpu = r.get("generator_cpu", {}).get("us_per_message")
    return f"{cpu:8.2f}" if cpu is not None else f"{'-':>8}"
print(f"== QoS 1, {connections} connections, {rounds} round(s) each, alternating: direct against through HAProxy ==")
print(f"{'path':10} {'acked/s':>9} {'rounds':>18} {'p50 ms':>7} {'p99 ms':>7} {'gen us/msg':>10}")
acked_all = {}
for kind in ("direct", "balanced"):
    rs = [rep(f"{kind}-{r}") for r in range(1, rounds + 1)]
    acked = [r["publish_phase"]["acknowledged_per_s"] for r in rs]
    acked_all[kind] = sum(r["publish_phase"]["acknowledged"] for r in rs) if "acknowledged" in rs[0]["publish_phase"] else None
    print(f"{kind:10} {mean(acked):9.0f} {' '.join(f'{a:.0f}' for a in acked):>18} "
          f"{mean([r['latency_ms']['ack']['p50'] for r in rs]):7.1f} {mean([r['latency_ms']['ack']['p99'] for r in rs]):7.1f} "
          f"{gen(rs[-1]):>10}")
    acked_all[kind + "_rate"] = mean(acked)
print(f"ratio balanced / direct (acked/s): {acked_all['balanced_rate'] / acked_all['direct_rate']:.3f}")
if acked_all.get("balanced"):
    print(f"HAProxy CPU per message through it: {ticks / hz * 1e6 / acked_all['balanced']:.1f} us")
print()
print(f"== paced at {rate} msg/s ==")
for kind in ("direct", "balanced"):
    r = rep(f"paced-{kind}")
    a = r["latency_ms"]["ack"]
    print(f"{kind:10} acked/s {r['publish_phase']['acknowledged_per_s']:.0f}, p50 {a['p50']:.1f} ms, p99 {a['p99']:.1f} ms, max {a['max']:.1f} ms")
PY
