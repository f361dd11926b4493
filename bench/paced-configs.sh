#!/usr/bin/env bash
# PUBACK latency below saturation (issue 14: p99 at 80 % of the peak) under several server
# configurations, side by side: the same QoS 1 load, paced at one rate, against a fresh server and
# database per configuration, the configurations alternated ROUNDS times so that the machine's
# drift falls on all of them alike. Per run: acked/s, PUBACK p50/p99/p99.9, the server's and
# PostgreSQL's CPU a message (/proc), and the server's garbage-collection pauses over the paced run
# (count, sum, longest; from -Xlog:gc), which hold every message in flight while they last, and the
# heap it allocated a message, which sets how often they come; the share of its CPU its JIT
# compilers used (a server still warming up pays more a message); the batches' mean size and
# commit time (/metrics); and how long the disk under PostgreSQL took to flush a small write meanwhile
# (bench/fsync-probe.py): a commit waits on such a flush, so a stalled flush holds every PUBACK.
#
# CONFIGS names the configurations, one per line, as LABEL|ENVIRONMENT|JAVA OPTIONS: the server's
# own settings as SMARTPARKING_* assignments, and options for its JVM. The default compares the
# server as it ships with one batch in flight per event loop against two.
#
#   bench/paced-configs.sh
#   RATE=60000 ROUNDS=3 bench/paced-configs.sh
#   CONFIGS=$'g1||\nparallel||-XX:+UseParallelGC' bench/paced-configs.sh
#
# Settings (environment): CONFIGS (above), RATE (empty: PACED_SHARE of what the first
# configuration acknowledged unpaced in its first run), PACED_SHARE (0.8), CONNECTIONS (100),
# DURATION (20s, the paced run), WARMUP (15s, unpaced, before every paced run: the JIT and the
# tables), ROUNDS (2), BENCH_MQTT_PORT (28870), BENCH_HTTP_PORT (28120), SERVER_JAR, SIM_JAR,
# PGHOST/PGPORT/PGUSER. Reports and logs go to run/paced-configs-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/lib.sh

CONFIGS=${CONFIGS:-$'shipped (1 batch in flight a loop)||\n2 batches in flight a loop|SMARTPARKING_INGEST_WRITER_CONNECTIONS=2|'}
RATE=${RATE:-}
PACED_SHARE=${PACED_SHARE:-0.8}
CONNECTIONS=${CONNECTIONS:-100}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-15s}
ROUNDS=${ROUNDS:-2}
MQTT_PORT=${BENCH_MQTT_PORT:-28870}
HTTP_PORT=${BENCH_HTTP_PORT:-28120}
OUT=$(report_dir paced-configs)

mapfile -t configs < <(printf '%s\n' "$CONFIGS" | grep -v '^[[:space:]]*$')
[ ${#configs[@]} -gt 0 ] || fail "CONFIGS names no configuration"
for config in "${configs[@]}"; do
  [ "$(tr -cd '|' <<< "$config" | wc -c)" -eq 2 ] || fail "not LABEL|ENVIRONMENT|JAVA OPTIONS: $config"
done
ports_free "$MQTT_PORT" "$HTTP_PORT"
need_jars "$SERVER_JAR" "$SIM_JAR"
# The disk probe writes beside PostgreSQL's data directory, so only where that is this machine's.
PROBE_DIR=$(dirname "$(psql_ -d postgres -c 'SHOW data_directory')")
[ -d "$PROBE_DIR" ] && [ -w "$PROBE_DIR" ] || { say "cannot write beside PostgreSQL's data ($PROBE_DIR): no disk probe"; PROBE_DIR=""; }

server_pid=""
DB=""
cleanup() { stop "$server_pid"; [ -z "$DB" ] || drop_db; }
trap cleanup EXIT

progress() { grep --line-buffered -E '^publishing' | awk 'NR % 5 == 0' | sed -u "s/^/  $1 /"; }

# gc_figures LOG FROM_S TO_S: what -Xlog:gc logged between two uptimes: "count/sum_ms/max_ms" of the
# pauses, then the heap the server allocated meanwhile in bytes (what each young collection found
# in use, less what the one before it left), a steadier figure than rates on a shared machine.
gc_figures() {
  python3 - "$@" <<'EOF'
import re, sys
log, lo, hi = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
pauses, allocated, left = [], 0, None
for line in open(log):
    m = re.match(r'\[([\d.]+)s\].*Pause.* (\d+)M->(\d+)M\(\d+M\) ([\d.]+)ms$', line.strip())
    if not m or float(m.group(1)) > hi:
        continue
    at, before, after, ms = float(m.group(1)), int(m.group(2)), int(m.group(3)), float(m.group(4))
    if at >= lo:
        pauses.append(ms)
        if left is not None:
            allocated += max(before - left, 0)
    left = after
print('%d/%.1f/%.1f' % (len(pauses), sum(pauses), max(pauses, default=0)), allocated * 1024 * 1024)
EOF
}
# batch_totals: the server's batches so far, the messages in them and their seconds to commit, on one line.
batch_totals() {
  metric smartparking_ingest_batch_messages_count smartparking_ingest_batch_messages_sum \
    smartparking_ingest_batch_commit_seconds_sum | paste -sd' '
}
# uptime_s PID: seconds since the process started, the clock -Xlog:gc stamps its lines with.
uptime_s() { python3 -c "import os; print(round(float(open('/proc/uptime').read().split()[0]) - int(open('/proc/$1/stat').read().rsplit(')', 1)[1].split()[19]) / os.sysconf('SC_CLK_TCK'), 2))"; }

# one_run ROUND INDEX: the configuration's server on a fresh database, warmed up unpaced, then the
# paced run; its line of figures appended to $OUT/results.txt.
one_run() {
  local round=$1 index=$2 label env opts name gc_log from to
  IFS='|' read -r label env opts <<< "${configs[$index]}"
  name="r$round-c$index"
  DB="sp_bench_paced_$$_r${round}_c$index"
  gc_log="$OUT/$name.gc.log"
  server_env
  # The configuration's settings hold for its server only: exported for it, unset after it.
  local assignment names=()
  for assignment in $env; do export "${assignment?}"; names+=("${assignment%%=*}"); done
  # shellcheck disable=SC2086 # the options are words by design
  SERVER_LOG="$OUT/$name.server.log" start_server $opts "-Xlog:gc:file=$gc_log"
  [ ${#names[@]} -eq 0 ] || unset "${names[@]}"
  say "round $round, $label: server up (pid $server_pid)"
  bench_load "$name-warmup" --duration "$WARMUP" || fail "$name-warmup: the load exited with $?"
  if [ -z "$RATE" ]; then
    RATE=$(python3 -c "print(round($(acked "$OUT/$name-warmup.json") * $PACED_SHARE))")
    say "paced rate: $RATE msg/s ($PACED_SHARE of what $label acknowledged unpaced)"
  fi
  cpu_mark server "$server_pid"; cpu_mark pg $(pg_pids)
  local batch_totals0 jit0
  jit0=$(jit_ticks "$server_pid")
  batch_totals0=$(batch_totals)
  from=$(uptime_s "$server_pid")
  local probe=""
  if [ -n "$PROBE_DIR" ]; then
    python3 bench/fsync-probe.py "$PROBE_DIR" "${DURATION%s}" > "$OUT/$name.fsync" & probe=$!
  fi
  bench_load "$name" --duration "$DURATION" --rate "$RATE" || fail "$name: the load exited with $?"
  to=$(uptime_s "$server_pid")
  local disk="-"
  if [ -n "$probe" ] && wait "$probe"; then
    disk=$(head -1 "$OUT/$name.fsync" | awk '{printf "%s/%s (%s)", $3, $4, $5}')
  fi
  local cpu_server cpu_pg
  cpu_server=$(cpu_since server "$server_pid"); cpu_pg=$(cpu_since pg $(pg_pids))
  # the batches of the paced run: messages a batch, and milliseconds from sending one to its commit
  local batches
  batches=$(printf '%s %s\n' "$batch_totals0" "$(batch_totals)" \
    | awk '{ n = $4 - $1; if (n < 1) n = 1; printf "%.0f|%.1f", ($5 - $2) / n, ($6 - $3) * 1000 / n }')
  # of the server's CPU, the share its JIT compilers used: still warming up if it is not near 0
  local jit
  jit=$(awk -v j="$(( $(jit_ticks "$server_pid") - jit0 ))" -v all="$(awk '{print $2}' <<< "$cpu_server")" -v hz="$CLK_TCK" \
    'BEGIN { printf "%.0f%%", (all > 0 ? 100 * j / hz / all : 0) }')
  printf '%s|%s|%s|%s|%s|%s|%s|%s|%s|%s\n' "$label" "$round" "$(figure "$OUT/$name.json" \
    "'%d|%.1f|%.1f|%.1f' % (r['publish_phase']['acknowledged_per_s'], r['latency_ms']['ack']['p50'], r['latency_ms']['ack']['p99'], r['latency_ms']['ack']['p999'])")" \
    "$(budget server "$cpu_server" "$OUT/$name.json" | awk '{print $2}')" "$jit" \
    "$(budget pg "$cpu_pg" "$OUT/$name.json" | awk '{print $2}')" \
    "$(gc_figures "$gc_log" "$from" "$to" | awk -v acked="$(figure "$OUT/$name.json" "r['messages']['acknowledged']")" \
      '{printf "%s|%.2f", $1, $2 / 1024 / acked}')" "$batches" "$disk" "$(gen_cpu "$OUT/$name.json")" >> "$OUT/results.txt"
  stop "$server_pid"; server_pid=""
  drop_db; DB=""
}

for round in $(seq 1 "$ROUNDS"); do
  for index in "${!configs[@]}"; do one_run "$round" "$index"; done
done

echo
echo "== PUBACK paced at $RATE msg/s, $CONNECTIONS connections, $DURATION a run, $ROUNDS rounds alternated ($(uptime | sed 's/.*load/load/')) =="
printf '%-36s %5s %9s %8s %8s %9s %10s %5s %8s %18s %12s %9s %10s %18s %13s\n' configuration round acked/s "p50 ms" "p99 ms" "p99.9 ms" \
  "server us" "JIT" "PG us" "GC n/sum/max ms" "heap kB/msg" "batch" "commit ms" "disk p99/max ms" "generator us"
while IFS='|' read -r label round acked p50 p99 p999 server jit pg gc heap batch commit disk gen; do
  printf '%-36s %5s %9s %8s %8s %9s %10s %5s %8s %18s %12s %9s %10s %18s %13s\n' "$label" "$round" "$acked" "$p50" "$p99" "$p999" "$server" "$jit" "$pg" "$gc" "$heap" "$batch" "$commit" "$disk" "$gen"
done < "$OUT/results.txt"
echo "(us: CPU a message acknowledged in the paced run, from /proc; JIT: the share of the server's that its JIT compilers"
echo " used (not near 0: still warming up); GC: the server's pauses during it; heap: what it allocated"
echo " a message meanwhile; batch: messages a batch; commit: sending a batch to its commit, mean; disk: an 8 KB write and"
echo " fdatasync beside PostgreSQL's data every 10 ms (bench/fsync-probe.py), its p99 and longest, and (n) how many took over"
echo " 50 ms: each such stall holds every PUBACK in flight; their times are in $OUT/*.fsync)"
