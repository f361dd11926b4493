#!/usr/bin/env bash
# Ingest as the city grows (issue 14): the same QoS 1 load against one server whose catalogue holds
# 1x, 10x and 100x the lots of Jiaozuo, in one run, so the figures can be set side by side.
#
# For each scale, smallest first: the simulator's city at that scale is imported (lib.sh's
# import_city: every lot registered and given a state, as the reads bench does), the status events
# are emptied (so each scale starts with the same table, and only the catalogue differs), then:
#   1. a warm-up and an unpaced run of the load mode: acked/s, and the CPU per acknowledged message
#      of the server and of PostgreSQL (this run's backends and the cluster's writers, from /proc);
#   2. a run paced at PACED_RATE (the same at every scale: 0.8 of what the first scale reached, unless
#      set): PUBACK p50 and p99 below saturation.
# The load's own devices and lots (the load mode provisions them) are the same at every scale: what
# grows is everything beside them that the server keeps (registry, lots in memory, the availability
# view, the lot state table and its indexes).
#
#   bench/ingest-growth.sh
#   SCALES="1 100" DURATION=20s bench/ingest-growth.sh
#
# Settings (environment): SCALES ("1 10 100"), CONNECTIONS (100), DURATION (30s), FIRST_WARMUP (20s,
# once before the first scale, for the JIT: without it the first scale would pay for it), WARMUP (10s),
# PACED_RATE (0.8 of the first scale's acked/s), PACED_DURATION (20s), BENCH_MQTT_PORT (28838),
# BENCH_HTTP_PORT (28088), SERVER_JAVA_OPTS (none: JVM options of the server, e.g. -Xmx1g, which
# keeps its RSS at 100x from following the heap G1 grows while taking in the catalogue),
# PGHOST/PGPORT/PGUSER. Needs jq. Reports and logs go to run/ingest-growth-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/lib.sh

SCALES=${SCALES:-1 10 100}
CONNECTIONS=${CONNECTIONS:-100}
DURATION=${DURATION:-30s}
FIRST_WARMUP=${FIRST_WARMUP:-20s}
WARMUP=${WARMUP:-10s}
PACED_RATE=${PACED_RATE:-}
PACED_DURATION=${PACED_DURATION:-20s}
MQTT_PORT=${BENCH_MQTT_PORT:-28838}
HTTP_PORT=${BENCH_HTTP_PORT:-28088}
DB="sp_bench_ingest_growth_$$"
OUT=$(report_dir ingest-growth)

need_package jq jq
read -ra server_java_opts <<<"${SERVER_JAVA_OPTS:-}"
bench_server "${server_java_opts[@]}"

load() { bench_load "$@" || say "$1: load exited with $?"; }
progress() { grep --line-buffered -E '^publishing' | sed -u "s/^/  $1 /"; }
# per_message "CORES SECONDS" REPORT: CPU µs per acknowledged message of that run.
per_message() { figure "$2" "round(${1#* } * 1e6 / max(r['messages']['acknowledged'], 1), 2)"; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores, shared by the load generator, the server and PostgreSQL)" > "$OUT/table.txt"
FORMAT='%6s %8s %10s %6s %11s %9s %8s | %9s %8s %8s %6s | %8s\n'
# shellcheck disable=SC2059
printf "$FORMAT" scale lots 'acked/s' ratio 'server µs' 'PG µs' 'gen µs' 'paced/s' 'p50 ms' 'p99 ms' ratio 'RSS MB' >> "$OUT/table.txt"
first_acked=""; first_p99=""
load warmup-first --duration "$FIRST_WARMUP"
for scale in $SCALES; do
  say "scale $scale: generating and importing the city"
  import_city "$scale"
  psql_ -d "$DB" -c "TRUNCATE lot_status_events" > /dev/null
  load "warmup-$scale" --duration "$WARMUP"
  lots=$(psql_ -d "$DB" -c "SELECT count(*) FROM lots")
  say "scale $scale: $lots lots registered (the load's own among them)"
  cpu_mark server "$server_pid"; cpu_mark pg $(pg_pids)
  load "unpaced-$scale" --duration "$DURATION"
  cpu_server=$(cpu_since server "$server_pid"); cpu_pg=$(cpu_since pg $(pg_pids))
  acked_now=$(acked "$OUT/unpaced-$scale.json")
  [ -n "$first_acked" ] || first_acked=$acked_now
  [ -n "$PACED_RATE" ] || PACED_RATE=$(python3 -c "print(round($acked_now * 0.8))")
  load "paced-$scale" --duration "$PACED_DURATION" --rate "$PACED_RATE"
  p99=$(lat "$OUT/paced-$scale.json" p99)
  [ -n "$first_p99" ] || first_p99=$p99

  # shellcheck disable=SC2059
  printf "$FORMAT" "$scale" "$lots" "$acked_now" "$(python3 -c "print(f'{$acked_now / $first_acked:.2f}')")" \
    "$(per_message "$cpu_server" "$OUT/unpaced-$scale.json")" "$(per_message "$cpu_pg" "$OUT/unpaced-$scale.json")" "$(gen_cpu "$OUT/unpaced-$scale.json")" \
    "$(acked "$OUT/paced-$scale.json")" "$(lat "$OUT/paced-$scale.json" p50)" "$p99" \
    "$(python3 -c "print(f'{$p99 / $first_p99:.2f}')")" "$(( $(rss_kb "$server_pid") / 1024 ))" >> "$OUT/table.txt"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/table.txt"

echo
echo "== ingest as the catalogue grows: $CONNECTIONS connections, QoS 1, unpaced $DURATION, then paced at $PACED_RATE msg/s for $PACED_DURATION =="
echo "columns: scale of Jiaozuo, lots registered, unpaced acked/s and its ratio to the first scale, CPU per"
echo "acknowledged message (server, PostgreSQL, and the load generator's own: it is not the limit while far under the server's) | the paced run: acked/s, PUBACK p50 and p99, p99's ratio to"
echo "the first scale | the server's RSS after the scale's runs"
cat "$OUT/table.txt"
