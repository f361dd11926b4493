#!/usr/bin/env bash
# Issue 12's retention figures, in one run on this machine:
#
#   1. Bytes on disk per stored event of each kind, indexes included: the simulator's realistic
#      city (demo mode) at SCALE of Jiaozuo, played over a whole simulated day (a Friday from 07:30)
#      in DAY_SECONDS of wall time, with its devices paced as in real time: a lot's status snapshot
#      whenever its count changes but at most once a simulated second, and at least every 30
#      simulated seconds (the demo's --min-interval and --heartbeat defaults, read as real seconds),
#      covers every 600 s, a passage per car, bay changes as they happen. The day's messages ÷
#      SCALE are full-scale Jiaozuo's daily messages; with the bytes per row, how many days fit in
#      100 GB.
#   2. One full-scale day written into a day past the events window: the demo's rows, copied
#      1 ÷ SCALE times (device ids suffixed) and spread over that day, in time order as ingest
#      writes them.
#   3. The server dropping that day (its own retention pass: concurrent detach, then drop) while
#      the simulator's load mode runs paced at PACED_SHARE of the rate it reached unpaced: the
#      time of each drop (from the server's log), and PUBACK latency of the paced run during which
#      the drop happens against one without it; and, from the server's own PUBACK histogram, the
#      acknowledgements in the drop's window.
#
#   bench/retention.sh                              # as the issue asks
#   DAY_SECONDS=360 SCALE=0.05 bench/retention.sh   # lighter: a day in 6 minutes, a twentieth of the city
#
# Settings (environment): SCALE (0.1), DAY_SECONDS (720), CONNECTIONS (100), PEAK_DURATION (30s),
# PACED_SHARE (0.8), PACED_DURATION (60s), DROP_AFTER (20: seconds into the paced run when the
# drop may start), BENCH_MQTT_PORT (28831), BENCH_HTTP_PORT (28081), PGHOST/PGPORT/PGUSER.
# Reports and logs go to run/retention-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/lib.sh

SCALE=${SCALE:-0.1}
DAY_SECONDS=${DAY_SECONDS:-720}
CONNECTIONS=${CONNECTIONS:-100}
PEAK_DURATION=${PEAK_DURATION:-30s}
PACED_SHARE=${PACED_SHARE:-0.8}
PACED_DURATION=${PACED_DURATION:-60s}
DROP_AFTER=${DROP_AFTER:-20}
MQTT_PORT=${BENCH_MQTT_PORT:-28831}
HTTP_PORT=${BENCH_HTTP_PORT:-28081}
DB="sp_bench_retention_$$"
OUT=$(report_dir retention)
EVENT_TABLES="lot_status_events lot_passage_events bay_events cover_telemetry_events"
# The advisory lock a retention pass takes (RetentionPass.PASS_LOCK): holding it keeps the
# server's passes off the old day until the paced run is under way.
PASS_LOCK="hashtext('smartparking.retention')"
HOLDER=bench-retention-hold

ports_free "$MQTT_PORT" "$HTTP_PORT"
need_jars "$SERVER_JAR" "$SIM_JAR"

server_pid=""
holder_pid=""
cleanup() { stop "$holder_pid" "$server_pid"; drop_db; }
trap cleanup EXIT

server_env
# Passes every 5 s, so the drop follows the lock's release at once.
export SMARTPARKING_RETENTION_INTERVAL=PT5S
start_server
say "server up (pid $server_pid), reports in $OUT"

sql() { psql_ -d "$DB" -c "$1"; }
# size_of TABLE: bytes of all its partitions, indexes and TOAST included.
size_of() {
  sql "SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0) FROM pg_inherits WHERE inhparent = '$1'::regclass"
}
ALL_TABLES="$EVENT_TABLES lot_occupancy_minutes rejected_messages"
declare -A before rows bytes
for t in $ALL_TABLES; do before[$t]=$(size_of "$t"); done

# 1. A realistic day.
speed=$(python3 -c "print(86400 / $DAY_SECONDS)")
min_interval=$(python3 -c "print(f'PT{1 / $speed:.4f}S')")
heartbeat=$(python3 -c "print(f'PT{30 / $speed:.4f}S')")
say "demo: scale $SCALE, a simulated day in ${DAY_SECONDS} s (x$speed), min-interval $min_interval, heartbeat $heartbeat"
java -jar "$SIM_JAR" demo --api "http://127.0.0.1:$HTTP_PORT" --admin-token "$ADMIN" --reader-token "$READER" \
  --mqtt-host 127.0.0.1 --mqtt-port "$MQTT_PORT" --scale "$SCALE" --sim-minutes 1440 \
  --duration "${DAY_SECONDS}s" --min-interval "$min_interval" --heartbeat "$heartbeat" \
  --ledger "$OUT/demo-ledger.jsonl" > "$OUT/demo.txt" 2> "$OUT/demo.log" || say "demo exited with $? (see $OUT/demo.log)"
messages() { sql "SELECT count(*) FROM (SELECT DISTINCT device_id, seq, ts FROM $1) m"; }
for t in $ALL_TABLES; do
  rows[$t]=$(sql "SELECT count(*) FROM $t")
  bytes[$t]=$(( $(size_of "$t") - before[$t] ))
done
bay_messages=$(messages bay_events)

# 2. One full-scale day, past the events window, held back from retention until the paced run.
psql_ -d "$DB" -v ON_ERROR_STOP=1 -c "SET application_name = '$HOLDER'" \
  -c "SELECT pg_advisory_lock($PASS_LOCK)" -c "SELECT pg_sleep(86400)" >/dev/null 2>&1 &
holder_pid=$!
until [ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE application_name = '$HOLDER' AND wait_event = 'PgSleep'")" = 1 ]; do
  kill -0 "$holder_pid" 2>/dev/null || { say "could not hold the retention lock"; exit 1; }
  sleep 0.2
done
old_day=$(date -u -d '95 days ago' +%F)
copies=$(python3 -c "print(round(1 / $SCALE))")
say "copying the demo's rows $copies times into $old_day (one full-scale day) ..."
span="(SELECT min(ts) AS t0, greatest(extract(epoch FROM max(ts) - min(ts)), 1) AS s FROM %s) w"
day_ts="timestamptz '$old_day 00:00:00+00' + (ts - w.t0) * (86399 / w.s)"
copy() {  # copy TABLE COLUMNS EXPRESSIONS: its demo rows, $copies times, into the old day, in time order
  sql "CREATE TABLE $1_p${old_day//-/} PARTITION OF $1 FOR VALUES FROM ('$old_day 00:00:00+00') TO ('$old_day 00:00:00+00'::timestamptz + interval '1 day')"
  sql "INSERT INTO $1 ($2) SELECT $3 FROM $1, generate_series(1, $copies) k, $(printf "$span" "$1")
       WHERE ts > now() - interval '1 day' ORDER BY 3"
}
copy lot_status_events "device_id, seq, ts, lot_id, total, free, closed, received_at" \
  "device_id || '.' || k, seq, $day_ts, lot_id, total, free, closed, $day_ts"
copy lot_passage_events "device_id, seq, ts, lot_id, direction, gate, plate_hmac, received_at" \
  "device_id || '.' || k, seq, $day_ts, lot_id, direction, gate, plate_hmac, $day_ts"
copy bay_events "device_id, seq, ts, lot_id, bay_id, occupied, observed_at, received_at" \
  "device_id || '.' || k, seq, $day_ts, lot_id, bay_id, occupied, $day_ts, $day_ts"
copy cover_telemetry_events "device_id, seq, ts, cover_id, tilt_deg, open, water_level_cm, gas_ppm, battery_pct, rssi_dbm, received_at" \
  "device_id || '.' || k, seq, $day_ts, cover_id, tilt_deg, open, water_level_cm, gas_ppm, battery_pct, rssi_dbm, $day_ts"
sql "CHECKPOINT"
declare -A day_rows day_bytes
for t in $EVENT_TABLES; do
  day_rows[$t]=$(sql "SELECT count(*) FROM ${t}_p${old_day//-/}")
  day_bytes[$t]=$(sql "SELECT pg_total_relation_size('${t}_p${old_day//-/}')")
done

# 3. The drop under load.
load() {  # load NAME DURATION [OPTIONS...]
  bench_load "$1" --duration "$2" "${@:3}" || say "$1: load exited with $?"
}
progress() { grep --line-buffered -E '^(publishing|connecting)' | sed -u "s/^/  $1 /"; }
load peak "$PEAK_DURATION"
paced_rate=$(python3 -c "print(round($(figure "$OUT/peak.json" "r['publish_phase']['acknowledged_per_s']") * $PACED_SHARE))")
load paced-without-drop "$PACED_DURATION" --rate "$paced_rate"

acks() { curl -fsS "http://127.0.0.1:$HTTP_PORT/metrics" | grep '^smartparking_mqtt_ack_seconds_bucket' || true; }
dropped() { grep -c 'Dropped partition .*_p'"${old_day//-/}" "$OUT/server.log" || true; }
load paced-with-drop "$PACED_DURATION" --rate "$paced_rate" &
load_pid=$!
sleep "$DROP_AFTER"
acks > "$OUT/acks-before-drop.txt"
drop_started=$(date +%s.%N)
sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '$HOLDER'" >/dev/null
wait "$holder_pid" 2>/dev/null || true; holder_pid=""
until [ "$(dropped)" -ge 4 ] || ! kill -0 "$load_pid" 2>/dev/null; do sleep 0.1; done
drop_ended=$(date +%s.%N)
acks > "$OUT/acks-after-drop.txt"
wait "$load_pid" || true

echo
echo "== bytes on disk per stored event (indexes and TOAST included), a simulated day at scale $SCALE =="
printf '%-24s %12s %14s %12s %16s\n' table rows "bytes" "bytes/row" "rows/day, 1.0"
total_day=0
for t in $ALL_TABLES; do
  per_row=$(python3 -c "print(round(${bytes[$t]} / max(${rows[$t]}, 1), 1))")
  full=$(python3 -c "print(round(${rows[$t]} / $SCALE))")
  total_day=$(python3 -c "print($total_day + ${bytes[$t]} / $SCALE)")
  printf '%-24s %12s %14s %12s %16s\n' "$t" "${rows[$t]}" "${bytes[$t]}" "$per_row" "$full"
done
echo "bays: $bay_messages messages, $(python3 -c "print(round(${rows[bay_events]} / max($bay_messages, 1), 2))") bay changes (rows) each"
python3 - "$total_day" "$SCALE" <<'EOF'
import sys
day, scale = float(sys.argv[1]), float(sys.argv[2])
gb = 1000 ** 3
print(f"full-scale Jiaozuo (this day / {scale}): {day / gb:.2f} GB a day; 100 GB hold {100 * gb / day:.0f} days")
EOF
echo
echo "== one full-scale day, written into $old_day =="
printf '%-24s %12s %14s\n' partition rows bytes
for t in $EVENT_TABLES; do printf '%-24s %12s %14s\n' "${t}_p${old_day//-/}" "${day_rows[$t]}" "${day_bytes[$t]}"; done
echo
echo "== the server dropping that day (log: $OUT/server.log) =="
grep 'Dropped partition .*_p'"${old_day//-/}" "$OUT/server.log" | sed 's/^/  /'
echo "  lock released to last drop logged: $(python3 -c "print(f'{$drop_ended - $drop_started:.2f} s')")"
echo
echo "== PUBACK latency, $CONNECTIONS connections paced at $PACED_SHARE of $(figure "$OUT/peak.json" "round(r['publish_phase']['acknowledged_per_s'])") acked/s ($paced_rate msg/s asked, $PACED_DURATION each) =="
for run in paced-without-drop paced-with-drop; do
  figure "$OUT/$run.json" "'$run: acked/s %d, p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms' % (r['publish_phase']['acknowledged_per_s'], r['latency_ms']['ack']['p50'], r['latency_ms']['ack']['p99'], r['latency_ms']['ack']['p999'], r['latency_ms']['ack']['max'])"
done
python3 - "$OUT/acks-before-drop.txt" "$OUT/acks-after-drop.txt" <<'EOF'
import re, sys
def buckets(path):
    out = {}
    for line in open(path):
        m = re.match(r'smartparking_mqtt_ack_seconds_bucket\{.*le="([^"]+)".*\} (\S+)', line)
        if m:
            le = float('inf') if m.group(1) == '+Inf' else float(m.group(1))
            out[le] = out.get(le, 0) + float(m.group(2))
    return out
a, b = buckets(sys.argv[1]), buckets(sys.argv[2])
delta = sorted((le, b.get(le, 0) - a.get(le, 0)) for le in b)
total = delta[-1][1] if delta else 0
if total:
    p99 = next(le for le, n in delta if n >= 0.99 * total)
    slow = total - next((n for le, n in delta if le >= 1.0), total)
    print(f"in the drop's window (server histogram): {int(total)} acknowledgements, p99 at most {p99 * 1000:.0f} ms, "
          f"{int(slow)} over 1 s")
EOF
