#!/usr/bin/env bash
# Issue 4's end-to-end benchmarks, side by side in one run on this machine (load generator, server
# and PostgreSQL share its cores, so only figures from the same run are compared):
#
#   1. QoS 1 load from the simulator's load mode against our server (commit before PUBACK) and the
#      very same load against the Mosquitto on 127.0.0.1:1883 (in memory): acked/s, PUBACK p50/p99,
#      and the ratio ours / Mosquitto's;
#   2. freshness: a probe beside the server run, PUBACK to visible in GET /api/v1/availability, p99;
#      and PUBACK latency with the same connections paced at 80 % of the rate ours reached;
#   3. the storage ceiling: the status rows our server stored in that run, loaded again with COPY
#      into the same table by psql, rows/s, and our end-to-end rate as a share of it;
#   4. a scaling table: the same against both at 1, 10, 100, 1,000 and 10,000 connections;
#   5. the server's resident memory, sampled every 5 s through the runs;
#   6. a CPU budget per acknowledged message in the measured runs, from /proc (bin/lib.sh's
#      cpu_ticks): the load generator's own (all its processes, as it reports), the server's,
#      PostgreSQL's (this run's backends and the cluster's writers) and Mosquitto's, with the cores
#      each kept busy, so it shows which one was at its limit (Mosquitto is single-threaded: one
#      core is its ceiling).
#
#   bench/e2e.sh                                  # as the issue asks: 100 connections, 60 s
#   DURATION=20s SCALING="10 100" bench/e2e.sh    # shorter
#
# Settings (environment): CONNECTIONS (100), DURATION (60s), WARMUP (15s), PACED_SHARE (0.8),
# LOAD_OPTIONS (extra options for every load run, e.g. "--processes 2" or "--threads 2"),
# PACED_DURATION (30s), SCALING ("1 10 100 1000
# 10000", empty to skip), SCALING_DURATION (20s), MOSQUITTO_PORT (1883), BENCH_MQTT_PORT (28830),
# BENCH_HTTP_PORT (28080), BENCH_DB_PREFIX (sp_bench_: the run's database is <prefix>e2e_<pid>), PROFILE (1: a JFR recording of the server, and its hottest methods at
# the end; 0 to skip), PGHOST/PGPORT/PGUSER. Reports and logs go to run/bench-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/lib.sh

CONNECTIONS=${CONNECTIONS:-100}
DURATION=${DURATION:-60s}
WARMUP=${WARMUP:-15s}
PACED_SHARE=${PACED_SHARE:-0.8}
PACED_DURATION=${PACED_DURATION:-30s}
SCALING=${SCALING-1 10 100 1000 10000}
SCALING_DURATION=${SCALING_DURATION:-20s}
MOSQUITTO_PORT=${MOSQUITTO_PORT:-1883}
PROFILE=${PROFILE:-1}
read -r -a LOAD_OPTIONS <<< "${LOAD_OPTIONS:-}"
MQTT_PORT=${BENCH_MQTT_PORT:-28830}
HTTP_PORT=${BENCH_HTTP_PORT:-28080}
DB="${BENCH_DB_PREFIX:-sp_bench_}e2e_$$"
OUT=$(report_dir bench)

ports_free "$MQTT_PORT" "$HTTP_PORT"
if ! port_taken "$MOSQUITTO_PORT"; then say "no Mosquitto answers on 127.0.0.1:$MOSQUITTO_PORT"; exit 1; fi
mosquitto_pid=$(listener_pid "$MOSQUITTO_PORT")
[ -n "$mosquitto_pid" ] || say "cannot tell which process listens on $MOSQUITTO_PORT (ss): Mosquitto's CPU is not shown"
need_jars "$SERVER_JAR" "$SIM_JAR"

server_pid=""
sampler_pid=""
cleanup() { stop "$sampler_pid" "$server_pid"; drop_db; }
trap cleanup EXIT

server_env
start_server $( [ "$PROFILE" = 1 ] && echo "-XX:StartFlightRecording=filename=$OUT/server.jfr,settings=profile,dumponexit=true" )
say "server up (pid $server_pid), reports in $OUT"

# Resident memory of the server every 5 s, through every run.
rss_line() { echo "$(date -u +%s) $(rss_kb "$server_pid")"; }
sample "$OUT/server-rss.txt" rss_line

# load NAME TARGET CONNECTIONS DURATION [LOAD OPTIONS...]: one load-mode run, its report in $OUT/NAME.json.
load() {
  local name=$1 target=$2 conns=$3 duration=$4
  local args=(--connections "$conns" --qos 1 --duration "$duration" ${LOAD_OPTIONS[@]+"${LOAD_OPTIONS[@]}"} "${@:5}")
  if [ "$target" = server ]; then
    args+=(--port "$MQTT_PORT" --api "http://127.0.0.1:$HTTP_PORT" --admin-token "$ADMIN")
  else
    args+=(--port "$MOSQUITTO_PORT")
  fi
  say "$name: $conns connections, QoS 1, $duration against $target"
  load_run "$name" "${args[@]}" || say "$name: load exited with $? (see $OUT/$name.log)"
}
progress() { grep --line-buffered -E '^(publishing|connecting)' | sed -u "s/^/  $1 /"; }
# 1 + 2: warm both up the same way, then the measured runs; the probe runs beside ours.
load warmup-server server "$CONNECTIONS" "$WARMUP"
load warmup-mosquitto mosquitto "$CONNECTIONS" "$WARMUP"
rows_before=$(psql_ -d "$DB" -c "SELECT count(*) FROM lot_status_events")
java -jar "$SIM_JAR" freshness --api "http://127.0.0.1:$HTTP_PORT" --admin-token "$ADMIN" \
  --reader-token "$READER" --mqtt-port "$MQTT_PORT" --duration "$DURATION" --report "$OUT/freshness.json" \
  2> "$OUT/freshness.log" &
probe_pid=$!
cpu_mark server "$server_pid"; cpu_mark pg $(pg_pids)
load server server "$CONNECTIONS" "$DURATION"
cpu_server=$(cpu_since server "$server_pid"); cpu_pg=$(cpu_since pg $(pg_pids))
wait "$probe_pid" || say "freshness: some probes never became visible (see $OUT/freshness.log)"
rows_run=$(( $(psql_ -d "$DB" -c "SELECT count(*) FROM lot_status_events") - rows_before ))
cpu_mark mosquitto $mosquitto_pid
load mosquitto mosquitto "$CONNECTIONS" "$DURATION"
cpu_mosquitto=$(cpu_since mosquitto $mosquitto_pid)

# 2b: the same connections paced at PACED_SHARE of the rate we just reached, for PUBACK latency
# below saturation (unpaced, latency is only the window divided by the throughput).
paced_rate=$(python3 -c "print(round($(acked "$OUT/server.json") * $PACED_SHARE))")
load paced server "$CONNECTIONS" "$PACED_DURATION" --rate "$paced_rate"

# 3: the same rows through COPY into the same (now emptied) table.
say "copy: exporting the $(psql_ -d "$DB" -c 'SELECT count(*) FROM lot_status_events') stored status rows, then COPY them back"
psql_ -d "$DB" -c "\\copy (SELECT device_id, seq, ts, lot_id, total, free, closed, received_at FROM lot_status_events) TO '$PWD/$OUT/rows.csv' CSV"
psql_ -d "$DB" -c "TRUNCATE lot_status_events"
timed_copy "$PWD/$OUT/rows.csv"
copy_rows=$(wc -l < "$OUT/rows.csv")
rm -f "$OUT/rows.csv"
copy_rate=$(per_s "$copy_rows" "$copy_ms")

# 4: the scaling table.
for k in $SCALING; do
  load "scale-$k-server" server "$k" "$SCALING_DURATION"
  load "scale-$k-mosquitto" mosquitto "$k" "$SCALING_DURATION"
done
stop "$sampler_pid"; sampler_pid=""

ours=$(acked "$OUT/server.json"); theirs=$(acked "$OUT/mosquitto.json")
echo
echo "== end-to-end QoS 1, $CONNECTIONS connections, $DURATION (simulator load mode, MQTT 5, window 20) =="
printf '%-28s %12s %10s %10s\n' target acked/s "p50 ms" "p99 ms"
printf '%-28s %12s %10s %10s\n' "ours (commit, then PUBACK)" "$ours" "$(lat "$OUT/server.json" p50)" "$(lat "$OUT/server.json" p99)"
printf '%-28s %12s %10s %10s\n' "Mosquitto (in memory)" "$theirs" "$(lat "$OUT/mosquitto.json" p50)" "$(lat "$OUT/mosquitto.json" p99)"
echo "ratio ours / Mosquitto: $(python3 -c "print(round($ours / $theirs, 2))")"
echo
echo "== CPU budget per acknowledged message, measured runs above (/proc; generator's own report) =="
printf '%-40s %10s %8s\n' "" "us/msg" cores
printf '%-40s %10s %8s\n' "generator, against ours" "$(gen_cpu "$OUT/server.json")" "$(gen_cores "$OUT/server.json")"
budget "server (all threads)" "$cpu_server" "$OUT/server.json"
budget "PostgreSQL (run's backends + writers)" "$cpu_pg" "$OUT/server.json"
printf '%-40s %10s %8s\n' "generator, against Mosquitto" "$(gen_cpu "$OUT/mosquitto.json")" "$(gen_cores "$OUT/mosquitto.json")"
[ -z "$mosquitto_pid" ] || budget "Mosquitto (single thread: 1 core max)" "$cpu_mosquitto" "$OUT/mosquitto.json"
echo "(CPU: over each run's whole length, connect and drain included, the generator's over publishing only; cores: CPU ÷ publishing time; $(uptime | sed 's/.*load/load/'))"
echo
echo "== PUBACK latency paced at $PACED_SHARE of our rate above ($paced_rate msg/s asked, $PACED_DURATION) =="
figure "$OUT/paced.json" "'acked/s %d, p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms' % (r['publish_phase']['acknowledged_per_s'], r['latency_ms']['ack']['p50'], r['latency_ms']['ack']['p99'], r['latency_ms']['ack']['p999'], r['latency_ms']['ack']['max'])"
echo
echo "== storage ceiling =="
echo "status rows stored by our server in the measured run: $rows_run"
echo "COPY of $copy_rows rows into lot_status_events: ${copy_ms} ms, $copy_rate rows/s"
echo "our end-to-end rate as a share of COPY: $(python3 -c "print(f'{$ours / $copy_rate:.0%}')")"
echo
echo "== freshness (PUBACK to visible in GET /api/v1/availability, under the load above) =="
figure "$OUT/freshness.json" "'probes %d, never visible %d, p50 %.1f ms, p99 %.1f ms, max %.1f ms' % (r['probes'], r['never_visible'], r['visible_after_puback_ms']['p50'], r['visible_after_puback_ms']['p99'], r['visible_after_puback_ms']['max'])"
if [ -n "$SCALING" ]; then
  echo
  echo "== scaling, $SCALING_DURATION each =="
  printf '%12s %14s %10s %16s %10s %8s\n' connections "ours acked/s" "p99 ms" "Mosquitto acked/s" "p99 ms" ratio
  for k in $SCALING; do
    a=$(acked "$OUT/scale-$k-server.json"); b=$(acked "$OUT/scale-$k-mosquitto.json")
    printf '%12s %14s %10s %16s %10s %8s\n' "$k" "$a" "$(lat "$OUT/scale-$k-server.json" p99)" \
      "$b" "$(lat "$OUT/scale-$k-mosquitto.json" p99)" "$(python3 -c "print(round($a / max($b, 1), 2))")"
  done
fi
echo
echo "== server memory (RSS, sampled every 5 s) =="
python3 - "$OUT/server-rss.txt" <<'EOF'
import sys
rows = [l.split() for l in open(sys.argv[1]) if len(l.split()) == 2 and l.split()[1].isdigit()]
mb = [int(r[1]) / 1024 for r in rows]
if mb:
    print(f"samples {len(mb)}, first {mb[0]:.0f} MB, min {min(mb):.0f} MB, max {max(mb):.0f} MB, last {mb[-1]:.0f} MB")
EOF
if [ "$PROFILE" = 1 ]; then
  stop "$server_pid"; server_pid=""
  echo
  echo "== where the server's CPU went (JFR execution samples, top frames; $OUT/server.jfr) =="
  jfr print --events jdk.ExecutionSample "$OUT/server.jfr" > "$OUT/samples.txt" 2>/dev/null || true
  python3 - "$OUT/samples.txt" <<'EOF'
import re, sys, collections
top = collections.Counter(); pkg = collections.Counter(); n = 0
frame = re.compile(r"^\s+([\w.$<>/]+)\(")
seen = True
for line in open(sys.argv[1]):
    if line.startswith("jdk.ExecutionSample"):
        n += 1; seen = False; continue
    m = frame.match(line)
    if m and not seen:
        seen = True; top[m.group(1)] += 1
        pkg[".".join(m.group(1).split(".")[:3])] += 1
if n:
    print(f"{n} samples; hottest methods:")
    for name, c in top.most_common(12):
        print(f"  {c * 100 / n:5.1f} %  {name}")
    print("by package (top frame):")
    for name, c in pkg.most_common(8):
        print(f"  {c * 100 / n:5.1f} %  {name}")
EOF
fi
