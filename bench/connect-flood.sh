#!/usr/bin/env bash
# A CONNECT flood (issue 11): sockets CONNECTing with random unknown device ids at FLOOD_RATE while
# registered devices publish; their PUBACK latency with and without the flood, and what the flood
# cost the registry (queries from /metrics, which must stay flat: unknown ids are answered from memory).
#
#   0. a warm-up: the load for WARMUP beside a flood for FLOOD_WARMUP, so both measured runs meet a
#      server whose CONNECT-refusing path the JIT has compiled, as a server that has been up for a
#      while has (without it the first seconds of the flood measure the compiler: in a run of
#      2026-12-05 the flooded p99 was 160-265 ms a second for 7 s, then 42-95 ms);
#   1. the simulator's load mode, paced at RATE over CONNECTIONS devices, alone: PUBACK p50/p99;
#   2. the same load again while the simulator's flood mode opens FLOOD_RATE connections a second, each
#      sending an MQTT 3.1.1 CONNECT with a random id and secret and reading its CONNACK; the flood
#      starts FLOOD_LEAD before the load and lasts past it, so the measured run meets the flood at its
#      rate, not its own start (a fresh flood JVM answers ~3,000/s for seconds, then catches up the
#      ticks its in-flight bound held back at up to 7,000/s);
#   3. CONNECTs by result and registry queries before and after the flood (from /metrics); the flood
#      client's own CPU per CONNECT beside the rate it reached (the generator must not be the limit),
#      and its rate while the load was measured; the server's CPU by thread kind in both runs, with
#      the time its event loops waited for a core (run queue: the machine's CPU was the limit, not
#      work queued inside the server); the machine's CPU split; the kernel's accept-queue overflows.
#
#   bench/connect-flood.sh
#   FLOOD_RATE=2000 DURATION=30s bench/connect-flood.sh
#
# Settings (environment): CONNECTIONS (100), RATE (5000 msg/s over all of them), DURATION (20s, each
# measured run), WARMUP (10s), FLOOD_WARMUP (10s; 0s: none), FLOOD_LEAD (5s), FLOOD_RATE (5000
# CONNECTs/s), FLOOD_IN_FLIGHT (1000 sockets at most),
# SERVER_JAVA_OPTS (none: the JVM's defaults, as the Dockerfile runs it), GENERATOR_CPUS and
# SERVER_CPUS (empty: both float over every core; e.g. GENERATOR_CPUS=1 SERVER_CPUS=0 keeps the load
# and flood generators off the server's core, as if they ran on machines of their own: on two
# cores a flood generator takes half a core, which otherwise comes out of the PUBACK path;
# PostgreSQL is not pinned), BENCH_MQTT_PORT (28837), BENCH_HTTP_PORT (28087), PGHOST/PGPORT/PGUSER. The failed-login budget per
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
FLOOD_WARMUP=${FLOOD_WARMUP:-10s}
FLOOD_LEAD=${FLOOD_LEAD:-5s}
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
read -ra server_java_opts <<<"${SERVER_JAVA_OPTS:-}"
start_server "${server_java_opts[@]}"
say "server up (pid $server_pid), reports in $OUT"
if [ -n "${SERVER_CPUS:-}" ]; then
  taskset -a -p -c "$SERVER_CPUS" "$server_pid" >/dev/null
  say "server pinned to CPU $SERVER_CPUS"
fi
if [ -n "${GENERATOR_CPUS:-}" ]; then
  # This shell's children from here on (the load and the flood) inherit it.
  taskset -p -c "$GENERATOR_CPUS" $$ >/dev/null
  say "load and flood generators pinned to CPU $GENERATOR_CPUS"
fi

load() { bench_load "$@" || say "$1: load exited with $?"; }
progress() { grep --line-buffered -E '^publishing' | sed -u "s/^/  $1 /"; }
latency() {
  figure "$OUT/$1.json" "'acked/s %d, p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms' % (r['publish_phase']['acknowledged_per_s'], r['latency_ms']['ack']['p50'], r['latency_ms']['ack']['p99'], r['latency_ms']['ack']['p999'], r['latency_ms']['ack']['max'])"
}
metrics() { curl -fsS "http://127.0.0.1:$HTTP_PORT/metrics" > "$OUT/$1.metrics"; }
metric() { awk -v m="$2" '$1 == m {print $2}' "$OUT/$1.metrics"; }
queries() { awk '/^smartparking_ingest_registry_queries_total/ {s += $2} END {printf "%d", s}' "$OUT/$1.metrics"; }

# flood NAME DURATION: the simulator's flood mode in the background (pid in flood_pid), its report in
# $OUT/NAME.json and its stderr in $OUT/NAME.log.
flood() {
  java -jar "$SIM_JAR" flood --port "$MQTT_PORT" --rate "$FLOOD_RATE" --duration "$2" --in-flight "$FLOOD_IN_FLIGHT" \
    --report "$OUT/$1.json" 2> >(tee "$OUT/$1.log" | grep --line-buffered '^flood ' | sed -u "s/^/  $1 /" >&2) &
  flood_pid=$!
}
# threads NAME: the server's threads, each as "name CPU-ticks nanoseconds-waited-for-a-core" so far
# (/proc/PID/task/*/stat and schedstat), into $OUT/NAME.threads.
threads() {
  local task
  for task in /proc/"$server_pid"/task/*; do
    echo "$(tr ' ' _ < "$task/comm") $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "$task/stat") $(cut -d' ' -f2 "$task/schedstat")"
  done > "$OUT/$1.threads" 2>/dev/null || true
}
# gc_so_far: the server's collections so far and the seconds its threads stood still for them, as
# "young young-seconds full full-seconds" (jstat; every event loop waits out a pause, and so does
# every PUBACK due meanwhile).
gc_so_far() {
  jstat -gc "$server_pid" | awk 'NR == 1 {for (i = 1; i <= NF; i++) c[$i] = i} NR == 2 {for (k = split("YGC YGCT FGC FGCT", n, " "); k; k--) v[k] = $c[n[k]] == "-" ? 0 : $c[n[k]]; print v[1], v[2], v[3], v[4]}'
}
# machine_split: the machine's CPU ticks so far as "user nice system idle iowait irq softirq" (/proc/stat).
machine_split() { awk '/^cpu / {print $2, $3, $4, $5, $6, $7, $8}' /proc/stat; }

if [ "${FLOOD_WARMUP%s}" != 0 ]; then
  flood flood-warmup "$FLOOD_WARMUP"
  say "warm-up flood: $FLOOD_RATE CONNECTs/s for $FLOOD_WARMUP"
fi
load warmup --duration "$WARMUP" --rate "$RATE"
[ -z "$flood_pid" ] || { wait "$flood_pid" || true; flood_pid=""; }
threads alone0; split0=$(machine_split); gc0=$(gc_so_far)
alone0=$(cpu_seconds "$server_pid"); t0=$(date +%s.%N)
load alone --duration "$DURATION" --rate "$RATE"
alone1=$(cpu_seconds "$server_pid"); t1=$(date +%s.%N)
threads alone1; split1=$(machine_split); gc1=$(gc_so_far)
metrics before

seconds=${DURATION%s}
lead=${FLOOD_LEAD%s}
# The flood starts FLOOD_LEAD before the measured load and lasts a little past it, so the whole
# measured run is under the flood at its rate.
cpu0=$(cpu_seconds "$server_pid"); overflows0=$(listen_overflows); t2=$(date +%s.%N); machine0=$(machine_ticks)
flood flood "$((lead + seconds + 5))s"
say "flooding: $FLOOD_RATE CONNECTs/s with random unknown ids; the load follows in $FLOOD_LEAD"
sleep "$lead"
threads flooded0; split2=$(machine_split); gc2=$(gc_so_far); t4=$(date +%s.%N)
load flooded --duration "$DURATION" --rate "$RATE"
threads flooded1; split3=$(machine_split); gc3=$(gc_so_far); t5=$(date +%s.%N)
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
# The flood's rate second by second while the measured load published (the load needs ~2 s to
# start): the goal's rate must hold there.
echo "flood while measured:   $(python3 -c "
import re
rates = [(int(s), int(r.replace(',', ''))) for s, r in re.findall(r'^flood +(\d+)s \| started +([\d,]+)/s', open('$OUT/flood.log').read(), re.M)]
window = [r for s, r in rates if $lead + 2 < s <= $lead + $seconds] or [0]
print('started %d/s on average, %d/s in the slowest second, over %d s' % (sum(window) / len(window), min(window), len(window)))")"
echo "in flight:              $(figure "$OUT/flood.json" "'peak %d of %d; pacer ticks held back by the bound: %d' % (r['results']['peak_in_flight'], r['asked']['in_flight'], r['ticks_held_back_by_in_flight'])")"
# The server's CPU a CONNECT: its CPU over the flood less what the same load cost it alone over as long.
echo "server CPU:             $(python3 -c "
alone = ($alone1 - $alone0) / ($t1 - $t0); flooded = ($cpu1 - $cpu0) / ($t3 - $t2); n = max(1, $(figure "$OUT/flood.json" "r['results']['started']"))
print('%.2f cores over the flood against %.2f with the load alone: %.0f µs a CONNECT' % (flooded, alone, (flooded - alone) * ($t3 - $t2) * 1e6 / n))")"
# Whether the machine had CPU to spare: if not, the flood's rate says what the processes were given, not what they can do.
echo "machine CPU:            $(python3 -c "
(t0, i0), (t1, i1) = map(int, '$machine0'.split()), map(int, '$machine1'.split())
print('%.0f %% busy over the flood (every process on this machine; $(nproc --all) cores, load average %s)' % (100 * (1 - (i1 - i0) / (t1 - t0)), open('/proc/loadavg').read().split()[0]))")"
# Where the server's CPU went, and how long its event loops waited for a core: on a saturated
# machine they wait on the run queue, and every PUBACK behind them waits too.
echo "server threads:         $(python3 bench/threads.py "$OUT" "$CLK_TCK" alone "$t0" "$t1" flooded "$t4" "$t5")"
echo "server GC pauses:       $(python3 -c "
def gc(a, b, seconds):
    (y0, yt0, f0, ft0), (y1, yt1, f1, ft1) = (map(float, x.split()) for x in (a, b))
    return '%d young (%.0f ms, %.1f %% of the run), %d full' % (y1 - y0, 1000 * (yt1 - yt0), 100 * (yt1 - yt0) / seconds, f1 - f0)
print('alone ' + gc('$gc0', '$gc1', $t1 - $t0) + '; flooded ' + gc('$gc2', '$gc3', $t5 - $t4))")"
echo "machine split:          $(python3 -c "
names = 'user nice system idle iowait irq softirq'.split()
def share(a, b):
    d = [int(y) - int(x) for x, y in zip(a.split(), b.split())]
    return ', '.join('%s %.0f %%' % (n, 100 * v / sum(d)) for n, v in zip(names, d) if n not in ('nice', 'irq'))
print('alone ' + share('$split0', '$split1') + '; flooded ' + share('$split2', '$split3'))")"
echo "pinning:                server on CPU ${SERVER_CPUS:-any}, load and flood generators on CPU ${GENERATOR_CPUS:-any}, PostgreSQL on any"
echo "load generator CPU:     $(gen_cpu "$OUT/alone.json") µs a message alone ($(gen_cores "$OUT/alone.json") cores), $(gen_cpu "$OUT/flooded.json") beside the flood ($(gen_cores "$OUT/flooded.json") cores)"
echo "generator CPU:          $(python3 -c "print('%.2f cores over the flood' % ($(figure "$OUT/flood.json" "r['generator_cpu']['seconds']") / ($t3 - $t2)))")"
echo "listen overflows:       $((overflows1 - overflows0)) (connections the kernel dropped, every listener on this machine)"
echo "bad_credentials:        $(metric before 'smartparking_mqtt_connects_total{result="bad_credentials"}') before, $(metric after 'smartparking_mqtt_connects_total{result="bad_credentials"}') after"
echo "registry queries:       $(queries before) before, $(queries after) after (reloads and lookups, all registries)"
