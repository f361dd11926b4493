#!/usr/bin/env bash
# Issue 4's memory targets: the server's memory under a long QoS 1 load at full speed, and while
# PostgreSQL is unreachable for a minute in the middle of it. The server reaches PostgreSQL through a
# socat proxy that this script stops and starts again (PostgreSQL itself, shared with everything else
# on the machine, keeps running). Every 5 s it samples the server's resident memory, its heap after
# the last GC (old generation), and the ingest gauges: messages held, connections paused, writers
# retrying.
#
#   bench/memory.sh                                   # 10 minutes, outage from 2:00 to 3:00
#   DURATION=3m OUTAGE_AT=60 OUTAGE=30 bench/memory.sh
#   OUTAGE=0 bench/memory.sh                          # no outage and no proxy: 10 minutes at peak rate
#
# Settings (environment): DURATION (10m), CONNECTIONS (100), OUTAGE_AT seconds into the load (120),
# OUTAGE seconds (60; 0: no outage, and the server reaches PostgreSQL directly), HEAP (-Xmx for the server, 1g), BENCH_MQTT_PORT (28830), BENCH_HTTP_PORT
# (28080), PROXY_PORT (25432), PGHOST/PGPORT/PGUSER. Needs socat. Reports in run/memory-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/lib.sh

DURATION=${DURATION:-10m}
CONNECTIONS=${CONNECTIONS:-100}
OUTAGE_AT=${OUTAGE_AT:-120}
OUTAGE=${OUTAGE:-60}
HEAP=${HEAP:-1g}
MQTT_PORT=${BENCH_MQTT_PORT:-28830}
HTTP_PORT=${BENCH_HTTP_PORT:-28080}
PROXY_PORT=${PROXY_PORT:-25432}
DB="sp_bench_mem_$$"
OUT=$(report_dir memory)

[ "$OUTAGE" -eq 0 ] || command -v socat >/dev/null || { say "needs socat (apt-get install socat)"; exit 1; }
need_jars "$SERVER_JAR" "$SIM_JAR"

server_pid=""; proxy_pid=""; sampler_pid=""
cleanup() {
  [ -f "$OUT/proxy.pid" ] && proxy_pid=$(cat "$OUT/proxy.pid")
  for pid in "${outage_pid:-}" "$sampler_pid" "$server_pid"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  stop_with_children "$proxy_pid"
  wait 2>/dev/null || true
  drop_db
}
trap cleanup EXIT
# proxy: socat from PROXY_PORT to PostgreSQL, its pid in proxy_pid and in $OUT/proxy.pid (the outage
# runs in a subshell, which restarts it, and tells the script its new pid through that file).
proxy() {
  socat TCP-LISTEN:"$PROXY_PORT",bind=127.0.0.1,reuseaddr,fork TCP:"$PGHOST_":"$PGPORT_" &
  proxy_pid=$!
  echo "$proxy_pid" > "$OUT/proxy.pid"
}

create_db
ADMIN=$(token)
if [ "$OUTAGE" -gt 0 ]; then
  proxy
  db_env 127.0.0.1 "$PROXY_PORT"
  route="through socat on :$PROXY_PORT"
else
  db_env
  route="directly"
fi
export SMARTPARKING_MQTT_PORT="$MQTT_PORT" SMARTPARKING_HTTP_PORT="$HTTP_PORT" SMARTPARKING_HTTP_ADMIN_TOKEN="$ADMIN"
start_server -Xmx"$HEAP"
say "server up (pid $server_pid, -Xmx$HEAP), PostgreSQL $route; reports in $OUT"

gauge() { grep -E "^$1 " "$OUT/metrics.txt" | awk '{s+=$2} END {printf "%d", s}'; }
memory_line() {
  curl -fsS --max-time 2 "http://127.0.0.1:$HTTP_PORT/metrics" > "$OUT/metrics.txt" 2>/dev/null || true
  old_kb=$(jstat -gc "$server_pid" 2>/dev/null | awk 'NR==2 {printf "%d", $8}' || true)
  echo "$(date -u +%s) rss_kb=$(rss_kb "$server_pid") old_kb=${old_kb:-0}" \
    "in_flight=$(gauge smartparking_ingest_messages_in_flight) paused=$(gauge smartparking_mqtt_connections_paused)" \
    "retrying=$(gauge smartparking_ingest_storage_retrying)"
}
sample "$OUT/samples.txt" memory_line

outage_pid=""
if [ "$OUTAGE" -gt 0 ]; then
  ( sleep "$OUTAGE_AT"
    say "PostgreSQL unreachable for ${OUTAGE}s (proxy stopped)"
    # The forked children carry the server's open connections: they must go too.
    stop_with_children "$proxy_pid"
    sleep "$OUTAGE"
    proxy
    say "PostgreSQL reachable again"
    wait ) &
  outage_pid=$!
fi

# The load's own timeouts must outlast the outage: nothing is acknowledged while storage is away.
progress() { grep --line-buffered -E '^publishing' | awk 'NR % 10 == 0'; }
load_exit=0
load_run load --api "http://127.0.0.1:$HTTP_PORT" --admin-token "$ADMIN" --port "$MQTT_PORT" \
  --connections "$CONNECTIONS" --qos 1 --duration "$DURATION" --drain-timeout 120s --keep-alive 300s \
  || load_exit=$?
[ -n "$outage_pid" ] && kill "$outage_pid" 2>/dev/null || true
[ -f "$OUT/proxy.pid" ] && proxy_pid=$(cat "$OUT/proxy.pid")
stored=$(psql_ -d "$DB" -c "SELECT count(*) FROM lot_status_events")

echo
outage_text="PostgreSQL unreachable from ${OUTAGE_AT}s for ${OUTAGE}s"
[ "$OUTAGE" -gt 0 ] || outage_text="no outage"
echo "== $CONNECTIONS connections, QoS 1 unpaced for $DURATION, $outage_text (load exit $load_exit) =="
python3 - "$OUT/load.json" "$OUT/samples.txt" "$stored" "$OUTAGE_AT" "$OUTAGE" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1])); stored = int(sys.argv[3]); at, length = int(sys.argv[4]), int(sys.argv[5])
m, p = r["messages"], r["publish_phase"]
print(f"messages: sent {m['sent']}, acknowledged {m['acknowledged']}, unacknowledged {m['unacknowledged']}; "
      f"stored {stored}; {p['acknowledged_per_s']:.0f} acked/s over the run; connections lost {r['connections']['lost']}")
rows = []
for line in open(sys.argv[2]):
    f = dict(kv.split("=") for kv in line.split()[1:]); f["t"] = int(line.split()[0]); rows.append(f)
if rows:
    t0 = rows[0]["t"]
    def span(a, b): return [x for x in rows if a <= x["t"] - t0 < b]
    parts = ((("before the outage", span(30, at)), ("during", span(at + 5, at + length)),
              ("after", span(at + length + 30, 10**9))) if length else (("from 30 s on", span(30, 10**9)),))
    for name, part in parts:
        if part:
            print(f"{name:18s} RSS {min(int(x['rss_kb']) for x in part)/1024:.0f}-{max(int(x['rss_kb']) for x in part)/1024:.0f} MB,"
                  f" old gen {min(int(x['old_kb']) for x in part)/1024:.0f}-{max(int(x['old_kb']) for x in part)/1024:.0f} MB,"
                  f" messages held max {max(int(x['in_flight']) for x in part)}, paused max {max(int(x['paused']) for x in part)},"
                  f" retrying max {max(int(x['retrying']) for x in part)}")
    last = span(at + length + 30, 10**9) if length else span(30, 10**9)
    if len(last) >= 4:
        q = len(last) // 4
        first_q = sum(int(x["rss_kb"]) for x in last[:q]) / q / 1024
        last_q = sum(int(x["rss_kb"]) for x in last[-q:]) / q / 1024
        print(f"RSS {'after the outage' if length else 'from 30 s on'}: first quarter mean {first_q:.0f} MB, last quarter mean {last_q:.0f} MB")
EOF
