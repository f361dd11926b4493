#!/usr/bin/env bash
# Many concurrent device connections (issue 3: 50,000) against the server, as it is deployed to
# scale: ingest-only processes sharing the load behind one set of ports, and one API process for
# provisioning, all on the same PostgreSQL. Several ingest processes because one process may hold
# at most ~19,900 sockets here (open-files limit 20,000, hard); the simulator's load mode spreads
# its own connections over child processes and 127.0.0.x source addresses for the same reason.
#
#   bench/connections.sh                                   # 50,000 connections, 3 ingest processes
#   CONNECTIONS=1000 INGEST_PROCESSES=1 bench/connections.sh
#
# Settings (environment): CONNECTIONS (50000), INGEST_PROCESSES (3), RATE messages/s over all
# connections (5000), DURATION (60s), CONNECT_RATE (2000), BASE_PORT (28900: ingest on 28900..,
# API on BASE_PORT+99), PGHOST/PGPORT/PGUSER. Reports and logs go to run/connections-<time>/.
#
# Memory per connection under load (issue 14): each ingest process's heap after a full GC and its
# RSS once ready, and again a quarter into the publish phase (DURATION in seconds), divided by the
# connections it holds then. The full GC that
# measures the heap (jcmd GC.run) pauses that process once during the load: its PUBACK max shows it.
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/lib.sh

CONNECTIONS=${CONNECTIONS:-50000}
PROCESSES=${INGEST_PROCESSES:-3}
RATE=${RATE:-5000}
DURATION=${DURATION:-60s}
CONNECT_RATE=${CONNECT_RATE:-2000}
BASE_PORT=${BASE_PORT:-28900}
HTTP_PORT=$((BASE_PORT + 99))
DB="sp_bench_conns_$$"
OUT=$(report_dir connections)

ports=()
for i in $(seq 0 $((PROCESSES - 1))); do ports+=($((BASE_PORT + i))); done
for port in "${ports[@]}" "$HTTP_PORT"; do
  if port_taken "$port"; then say "port $port is in use; set BASE_PORT"; exit 1; fi
done
need_jars "$SERVER_JAR" "$SIM_JAR"

pids=()
cleanup() { stop "${pids[@]}"; drop_db; }
trap cleanup EXIT

create_db
ADMIN=$(token)
db_env
export SMARTPARKING_HTTP_ADMIN_TOKEN="$ADMIN"
java -jar "$SERVER_JAR" migrate > "$OUT/migrate.log" 2>&1

# serve NAME [ENV=VALUE ...]: one server process with these settings, its log in $OUT/NAME.log.
serve() {
  local name=$1; shift
  env "$@" java -jar "$SERVER_JAR" serve > "$OUT/$name.log" 2>&1 &
  pids+=($!)
  echo "$! $name" >> "$OUT/pids.txt"
}
serve api SMARTPARKING_MQTT_ENABLED=false SMARTPARKING_HTTP_PORT="$HTTP_PORT"
for i in "${!ports[@]}"; do
  serve "ingest-$i" SMARTPARKING_HTTP_ENABLED=false SMARTPARKING_MQTT_PORT="${ports[$i]}"
done
every_server_ready() {
  api_ready || return 1
  local port
  for port in "${ports[@]}"; do port_taken "$port" || return 1; done
}
wait_until 120 "every server became ready (logs in $OUT)" every_server_ready
say "1 API process on :$HTTP_PORT, $PROCESSES ingest processes on ${ports[*]}; reports in $OUT"

# Resident memory and open connections of every server process, every 5 s.
( while :; do
    while read -r pid name; do
      rss=$(rss_kb "$pid") || true
      socks=$(ls /proc/"$pid"/fd 2>/dev/null | wc -l) || true
      echo "$(date -u +%s) $name rss_kb=${rss:-0} fds=${socks:-0}"
    done < "$OUT/pids.txt"
    sleep 5
  done ) > "$OUT/servers.txt" &
sampler=$!
pids+=($sampler)

# ingest_memory NAME: per ingest process "name heap_kb rss_kb sockets", heap after a full GC, into
# $OUT/NAME.memory, and its heap histogram into $OUT/NAME-PROCESS.histogram.
ingest_memory() {
  local pid name
  while read -r pid name; do
    [ "${name#ingest}" != "$name" ] || continue
    # Its sockets and RSS first: a full GC of a loaded heap takes a while.
    local sockets rss
    sockets=$(find /proc/"$pid"/fd -lname 'socket:*' 2>/dev/null | wc -l)
    rss=$(rss_kb "$pid")
    # The histogram's full GC is the one the heap figure follows.
    jcmd "$pid" GC.class_histogram > "$OUT/$1-$name.histogram"
    echo "$name $(jcmd "$pid" GC.heap_info | python3 -c "import re,sys; print(re.search(r'used (\d+)K', sys.stdin.read()).group(1))") $rss $sockets"
  done < "$OUT/pids.txt" > "$OUT/$1.memory"
}
ingest_memory ready
# A quarter into the publish phase (once the load prints its first publishing line), in the background.
( until grep -qs '^publishing' "$OUT/load.log"; do sleep 1; done
  sleep "$(python3 -c "print(round(${DURATION%s} / 4))")"
  ingest_memory loaded ) &
pids+=($!)

port_list=$(IFS=,; echo "${ports[*]}")
load_exit=0
load_run load --api "http://127.0.0.1:$HTTP_PORT" --admin-token "$ADMIN" \
  --port "$port_list" --connections "$CONNECTIONS" --rate "$RATE" --qos 1 --duration "$DURATION" \
  --connect-rate "$CONNECT_RATE" || load_exit=$?
kill "$sampler" 2>/dev/null || true

echo
echo "== $CONNECTIONS connections over $PROCESSES ingest processes, QoS 1 at $RATE msg/s for $DURATION (exit $load_exit) =="
python3 - "$OUT/load.json" "$OUT/servers.txt" <<'EOF'
import json, sys, collections
r = json.load(open(sys.argv[1]))
c, m, p, l = r["connections"], r["messages"], r["publish_phase"], r["latency_ms"]["ack"]
print(f"connections: target {c['target']}, opened {c['opened']}, open at start {c['open_at_start']}, "
      f"open at stop {c['open_at_stop']}, connect failures {c['connect_failures']}, lost {c['lost']}, "
      f"connect phase {c['connect_seconds']} s")
print(f"messages: sent {m['sent']}, acknowledged {m['acknowledged']}, rejected {m['rejected']}, "
      f"unacknowledged {m['unacknowledged']}")
print(f"publish phase: {p['sent_per_s']:.0f} sent/s, {p['acknowledged_per_s']:.0f} acked/s; "
      f"PUBACK p50 {l['p50']} ms, p99 {l['p99']} ms, p999 {l['p999']} ms, max {l['max']} ms")
print(f"errors: {r['errors']['total']} {r['errors']['by_kind']}")
g = r.get("generator_cpu")
if g:
    print(f"load generator: {g['us_per_message']} µs of CPU a message, {g.get('cores', '-')} cores while publishing (all its processes)")
peak = collections.defaultdict(lambda: [0, 0])
for line in open(sys.argv[2]):
    parts = line.split()
    if len(parts) == 4:
        rss = int(parts[2].split("=")[1]); fds = int(parts[3].split("=")[1])
        peak[parts[1]][0] = max(peak[parts[1]][0], rss); peak[parts[1]][1] = max(peak[parts[1]][1], fds)
for name, (rss, fds) in sorted(peak.items()):
    print(f"server {name}: peak RSS {rss / 1024:.0f} MB, peak open files {fds}")
EOF
python3 - "$OUT/ready.memory" "$OUT/loaded.memory" <<'EOF'
import os, sys
read = lambda f: {p[0]: list(map(int, p[1:])) for p in (l.split() for l in open(f)) if len(p) == 4} if os.path.exists(f) else {}
ready, loaded = read(sys.argv[1]), read(sys.argv[2])
for name in sorted(ready):
    if name not in loaded:
        print(f"{name}: no reading under load (the load ended first?)")
        continue
    (h0, r0, s0), (h1, r1, s1) = ready[name], loaded[name]
    n = max(1, s1 - s0)
    print(f"{name} under load: {s1 - s0} connections; heap after a full GC {h0 / 1024:.0f} -> {h1 / 1024:.0f} MB,"
          f" {(h1 - h0) * 1024 / n:,.0f} B a connection; RSS {r0 / 1024:.0f} -> {r1 / 1024:.0f} MB, {(r1 - r0) * 1024 / n:,.0f} B a connection")
EOF
exit "$load_exit"
