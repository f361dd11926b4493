#!/usr/bin/env bash
# What an idle device connection costs the server (issue 14): RSS and heap (after a full GC) before
# and while IDLE devices stay connected, sending one message a second between them all, and the heap
# histogram's growth per connection by class, the largest first.
#
#   bench/idle-memory.sh
#   IDLE=2000 bench/idle-memory.sh
#
# Settings (environment): IDLE (10000 connections), TOP (20 classes), BENCH_MQTT_PORT (28850),
# BENCH_HTTP_PORT (28100), PGHOST/PGPORT/PGUSER. Reports and logs go to run/idle-memory-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/lib.sh

IDLE=${IDLE:-10000}
TOP=${TOP:-20}
MQTT_PORT=${BENCH_MQTT_PORT:-28850}
HTTP_PORT=${BENCH_HTTP_PORT:-28100}
DB="sp_bench_idle_memory_$$"
OUT=$(report_dir idle-memory)

ports_free "$MQTT_PORT" "$HTTP_PORT"
need_jars "$SERVER_JAR" "$SIM_JAR"

server_pid=""
idle_pid=""
cleanup() { stop "$idle_pid" "$server_pid"; drop_db; }
trap cleanup EXIT

server_env
export SMARTPARKING_MQTT_TLS_PORT=-1
start_server
say "server up (pid $server_pid), reports in $OUT"

# The devices, provisioned once (a short run), then the server's memory with none connected.
load_run provision --connections "$IDLE" --connect-rate 1000 --connect-timeout 30s --qos 1 --rate 100 --duration 1s \
  --port "$MQTT_PORT" --api "http://127.0.0.1:$HTTP_PORT" --admin-token "$ADMIN" > /dev/null \
  || fail "provisioning the devices failed (see $OUT/provision.log)"

sleep 5
memory_snapshot before

say "opening $IDLE idle connections (one message a second between them all)"
java -jar "$SIM_JAR" load --connections "$IDLE" --connect-rate 1000 --connect-timeout 30s --qos 1 --rate 1 \
  --duration 300s --port "$MQTT_PORT" --report "$OUT/idle.json" 2> "$OUT/idle.log" &
idle_pid=$!
connected() { grep -q '^publishing' "$OUT/idle.log"; }
wait_until 600 "all $IDLE connections opened" connected
sleep 5
memory_snapshot during
stop "$idle_pid"; idle_pid=""

python3 - "$OUT" "$IDLE" "$TOP" <<'PY'
import re, sys
out, idle, top = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def histogram(name):
    rows = {}
    for line in open(f"{out}/{name}.histogram"):
        m = re.match(r"\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", line)
        if m:
            rows[m.group(3)] = (int(m.group(1)), int(m.group(2)))
    return rows
before, during = histogram("before"), histogram("during")
read = lambda name, kind: int(open(f"{out}/{name}.{kind}").read())
heap = (read("during", "heap_kb") - read("before", "heap_kb")) * 1024 / idle
rss = (read("during", "rss_kb") - read("before", "rss_kb")) * 1024 / idle
print(f"== server memory per idle connection, {idle} connections ==")
print(f"heap (after a full GC) {heap:,.0f} B/connection; RSS {rss:,.0f} B/connection")
growth = []
for cls, (n, size) in during.items():
    n0, size0 = before.get(cls, (0, 0))
    if size - size0 > 0:
        growth.append((size - size0, n - n0, cls))
growth.sort(reverse=True)
total = sum(g[0] for g in growth)
print(f"histogram growth {total / idle:,.0f} B/connection; the largest {top} classes:")
print(f"{'B/conn':>8} {'obj/conn':>9}  class")
for size, n, cls in growth[:top]:
    print(f"{size / idle:8.0f} {n / idle:9.2f}  {cls}")
PY
