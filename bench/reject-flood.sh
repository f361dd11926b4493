#!/usr/bin/env bash
# The reject budget under fire (issue 12): devices looping bad payloads at full speed are cut off,
# and the other devices' PUBACK latency is measured with and without them.
#
#   1. the simulator's load mode, paced at RATE over CONNECTIONS devices, alone: PUBACK p50/p99;
#   2. the same load again while FLOODERS devices each publish FLOOD_PAYLOAD_BYTES of garbage at
#      QoS 1 as fast as mosquitto_pub can (`--repeat`), reconnecting RECONNECT_PAUSE after each cut;
#   3. what the flood left: disconnects and refused CONNECTs for the budget (from /metrics), and the
#      rejected rows and bytes stored for the flooders, against budget x 4 KiB per minute.
#
#   bench/reject-flood.sh
#   DURATION=60s FLOODERS=8 bench/reject-flood.sh
#
# Settings (environment): CONNECTIONS (100), RATE (10000 msg/s over all of them), DURATION (30s, each
# measured run), WARMUP (10s), FLOODERS (4), FLOOD_PAYLOAD_BYTES (60000), RECONNECT_PAUSE (0.2 s),
# BENCH_MQTT_PORT (28831), BENCH_HTTP_PORT (28081), PGHOST/PGPORT/PGUSER. The server runs with the
# default budget (60 a minute) and cool-down (60 s). Reports and logs go to run/reject-flood-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/lib.sh

CONNECTIONS=${CONNECTIONS:-100}
RATE=${RATE:-10000}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-10s}
FLOODERS=${FLOODERS:-4}
FLOOD_PAYLOAD_BYTES=${FLOOD_PAYLOAD_BYTES:-60000}
RECONNECT_PAUSE=${RECONNECT_PAUSE:-0.2}
MQTT_PORT=${BENCH_MQTT_PORT:-28831}
HTTP_PORT=${BENCH_HTTP_PORT:-28081}
DB="sp_bench_flood_$$"
OUT=$(report_dir reject-flood)
FLOOD_SECRET="flood-secret-$(token)"

ports_free "$MQTT_PORT" "$HTTP_PORT"
command -v mosquitto_pub >/dev/null || { say "mosquitto_pub is needed (Debian: mosquitto-clients)"; exit 1; }
need_jars "$SERVER_JAR" "$SIM_JAR"

server_pid=""
flood_pids=()
stop_flood() {
  touch "$OUT/stop-flood"
  # Each loop ends once its mosquitto_pub does: at its next cut-off or refused CONNECT.
  for pid in "${flood_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  flood_pids=()
}
cleanup() { stop_flood; stop "$server_pid"; drop_db; }
trap cleanup EXIT

server_env
start_server
say "server up (pid $server_pid), reports in $OUT"

# The flooders: registered devices of a lot of their own, with a secret this run knows.
python3 - "$FLOODERS" "$FLOOD_SECRET" > "$OUT/flooders.json" <<'EOF'
import json, sys
n, secret = int(sys.argv[1]), sys.argv[2]
print(json.dumps({
    "districts": [{"code": "FLOOD", "name": "flood"}],
    "lots": [{"id": "FL-1", "name": "flood", "district": "FLOOD", "lat": 35.2, "lon": 113.2, "capacity": 10,
              "counting": "status", "kind": "commercial"}],
    "devices": [{"id": f"flood-{i}", "kind": "lot_gateway", "lots": ["FL-1"], "secret": secret}
                for i in range(1, n + 1)]}))
EOF
curl -fsS -X POST -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  --data-binary @"$OUT/flooders.json" "http://127.0.0.1:$HTTP_PORT/api/v1/admin/catalogue" > /dev/null
# Random text, so that compression does not flatter what is stored.
head -c "$FLOOD_PAYLOAD_BYTES" /dev/urandom | base64 -w0 | head -c "$FLOOD_PAYLOAD_BYTES" > "$OUT/flood.bin"

# flood ID: publish the garbage at QoS 1 as fast as mosquitto_pub goes, reconnecting after each cut
# (refused during the cool-down), until stop-flood appears.
flood() {
  while [ ! -e "$OUT/stop-flood" ]; do
    mosquitto_pub -h 127.0.0.1 -p "$MQTT_PORT" -V mqttv5 -q 1 -i "$1" -u "$1" -P "$FLOOD_SECRET" \
      -t v1/lots/FL-1/status -f "$OUT/flood.bin" --repeat 1000000 >> "$OUT/$1.log" 2>&1 || true
    sleep "$RECONNECT_PAUSE"
  done
}

load() { bench_load "$@" || say "$1: load exited with $?"; }
progress() { grep --line-buffered -E '^publishing' | sed -u "s/^/  $1 /"; }
latency() {
  figure "$OUT/$1.json" "'acked/s %d, p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms' % (r['publish_phase']['acknowledged_per_s'], r['latency_ms']['ack']['p50'], r['latency_ms']['ack']['p99'], r['latency_ms']['ack']['p999'], r['latency_ms']['ack']['max'])"
}

load warmup --duration "$WARMUP" --rate "$RATE"
load alone --duration "$DURATION" --rate "$RATE"

flood_started=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
flood_t0=$(date +%s%N)
for i in $(seq 1 "$FLOODERS"); do
  flood "flood-$i" &
  flood_pids+=($!)
done
say "flooding: $FLOODERS devices, $FLOOD_PAYLOAD_BYTES-byte garbage at QoS 1"
load flooded --duration "$DURATION" --rate "$RATE"
stop_flood
flood_s=$(( ($(date +%s%N) - flood_t0) / 1000000000 ))

echo
echo "== PUBACK latency of $CONNECTIONS devices paced at $RATE msg/s, $DURATION each =="
echo "alone:                         $(latency alone)"
echo "beside $FLOODERS devices flooding:   $(latency flooded)"
echo
echo "== the flood ($flood_s s, $FLOODERS devices, $FLOOD_PAYLOAD_BYTES-byte payloads; budget 60/min, cool-down 60 s) =="
echo "disconnected for the budget:   $(metric 'smartparking_mqtt_disconnects_total{reason="reject_budget"}')"
echo "CONNECTs refused, cooling down: $(metric 'smartparking_mqtt_connects_total{result="reject_budget"}')"
# The budget is a sliding window: what one device stored within any 60 s, at its worst.
psql_ -d "$DB" -F ' ' -c "
  WITH flood AS (
    SELECT device_id, payload_length, octet_length(payload) AS stored, pg_column_size(r.*) AS row_bytes,
           count(*) OVER w AS rows_in_60s, sum(octet_length(payload)) OVER w AS payload_in_60s
    FROM rejected_messages r
    WHERE device_id LIKE 'flood-%' AND received_at >= '$flood_started'
    WINDOW w AS (PARTITION BY device_id ORDER BY received_at RANGE BETWEEN CURRENT ROW AND interval '59.999 seconds' FOLLOWING))
  SELECT 'rejected rows stored:          ' || count(*) || ' in all; one device within any 60 s at most '
         || max(rows_in_60s) || ' (budget 60)',
         E'\npayload bytes stored:          ' || sum(stored) || ' in all; one device within any 60 s at most '
         || max(payload_in_60s) || ' (budget x 4 KiB = 245760)',
         E'\nrow bytes on disk (compressed): ' || sum(row_bytes) || ' for ' || sum(payload_length) || ' payload bytes sent'
  FROM flood"
