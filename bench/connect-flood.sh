#!/usr/bin/env bash
# A CONNECT flood (issue 11): sockets CONNECTing with random unknown device ids at FLOOD_RATE while
# registered devices publish; their PUBACK latency with and without the flood, and what the flood
# cost the registry (queries from /metrics, which must stay flat: unknown ids are answered from memory).
#
#   1. the simulator's load mode, paced at RATE over CONNECTIONS devices, alone: PUBACK p50/p99;
#   2. the same load again while a Python asyncio client opens FLOOD_RATE connections a second, each
#      sending an MQTT 3.1.1 CONNECT with a random id and secret and reading its CONNACK;
#   3. CONNECTs by result and registry queries before and after the flood (from /metrics).
#
#   bench/connect-flood.sh
#   FLOOD_RATE=2000 DURATION=30s bench/connect-flood.sh
#
# Settings (environment): CONNECTIONS (100), RATE (5000 msg/s over all of them), DURATION (20s, each
# measured run), WARMUP (10s), FLOOD_RATE (5000 CONNECTs/s), FLOOD_IN_FLIGHT (500 sockets at most),
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
FLOOD_IN_FLIGHT=${FLOOD_IN_FLIGHT:-500}
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
figure() { python3 -c "import json,sys; r=json.load(open('$1')); print($2)"; }
latency() {
  figure "$OUT/$1.json" "'acked/s %d, p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms' % (r['publish_phase']['acknowledged_per_s'], r['latency_ms']['ack']['p50'], r['latency_ms']['ack']['p99'], r['latency_ms']['ack']['p999'], r['latency_ms']['ack']['max'])"
}
metrics() { curl -fsS "http://127.0.0.1:$HTTP_PORT/metrics" > "$OUT/$1.metrics"; }
metric() { awk -v m="$2" '$1 == m {print $2}' "$OUT/$1.metrics"; }
queries() { awk '/^smartparking_ingest_registry_queries_total/ {s += $2} END {printf "%d", s}' "$OUT/$1.metrics"; }

load warmup --duration "$WARMUP" --rate "$RATE"
load alone --duration "$DURATION" --rate "$RATE"
metrics before

seconds=${DURATION%s}
python3 - "$MQTT_PORT" "$FLOOD_RATE" "$((seconds + 5))" "$FLOOD_IN_FLIGHT" > "$OUT/flood.txt" 2> "$OUT/flood.log" <<'EOF' &
import asyncio, os, sys, time
port, rate, seconds, in_flight = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])

def utf8(text):
    data = text.encode()
    return len(data).to_bytes(2, "big") + data

def connect_packet():
    device = "nobody-" + os.urandom(8).hex()
    variable = utf8("MQTT") + bytes([4, 0xC2, 0, 60])
    payload = utf8(device) + utf8(device) + utf8(os.urandom(16).hex())
    body = variable + payload
    return bytes([0x10, len(body)]) + body  # under 128 bytes: one length byte

answers, failures = {}, 0

async def one(slots):
    global failures
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(connect_packet())
        connack = await asyncio.wait_for(reader.readexactly(4), 15)
        answers[connack[3]] = answers.get(connack[3], 0) + 1
        writer.close()
    except Exception:
        failures += 1
    finally:
        slots.release()

async def main():
    slots = asyncio.Semaphore(in_flight)
    start = time.monotonic()
    sent = 0
    while time.monotonic() - start < seconds:
        due = int((time.monotonic() - start) * rate)
        while sent < due:
            await slots.acquire()
            asyncio.ensure_future(one(slots))
            sent += 1
        await asyncio.sleep(0.001)
    for _ in range(in_flight):
        await slots.acquire()
    took = time.monotonic() - start
    cpu = time.process_time()
    print(f"{sent} CONNECTs in {took:.1f} s ({sent / took:.0f}/s); CONNACK codes {answers}; failed {failures}; "
          f"client CPU {cpu:.1f} s, {cpu / max(sent, 1) * 1e6:.0f} us a CONNECT (one core: {max(sent, 1) / cpu:.0f}/s at most)")

asyncio.run(main())
EOF
flood_pid=$!
say "flooding: $FLOOD_RATE CONNECTs/s with random unknown ids"
load flooded --duration "$DURATION" --rate "$RATE"
wait "$flood_pid" || true
flood_pid=""
metrics after

echo
echo "== PUBACK latency of $CONNECTIONS devices paced at $RATE msg/s, $DURATION each =="
echo "alone:                  $(latency alone)"
echo "beside the flood:       $(latency flooded)"
echo
echo "== the flood =="
echo "client:                 $(cat "$OUT/flood.txt")"
echo "bad_credentials:        $(metric before 'smartparking_mqtt_connects_total{result="bad_credentials"}') before, $(metric after 'smartparking_mqtt_connects_total{result="bad_credentials"}') after"
echo "registry queries:       $(queries before) before, $(queries after) after (reloads and lookups, all registries)"
