#!/usr/bin/env bash
# The silent sweep (issue 10) over a whole city gone quiet: Jiaozuo's catalogue at scale 1.0 (8,120
# covers) and at 10x (81,200), every cover last heard from an hour ago, as after a city-wide power
# cut. A server (API and alarm work only, sweeping every second) runs the real sweep; its metrics
# give the first sweep's time (raises every cover's silent alarm, with its event and, every unit
# having a webhook, its delivery row: all in one statement) and the next one's (nothing left to
# raise: one index probe per cover).
#
#   bench/alarm-sweep.sh
#   SCALES="1.0" bench/alarm-sweep.sh
#
# Settings (environment): SCALES ("1.0 10.0"), HTTP_PORT (18097), PGHOST/PGPORT/PGUSER. Logs go to
# run/alarm-sweep-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/lib.sh

SCALES=${SCALES:-"1.0 10.0"}
HTTP_PORT=${HTTP_PORT:-18097}
DB="sp_bench_sweep_$$"
OUT=$(report_dir alarm-sweep)

if port_taken "$HTTP_PORT"; then say "port $HTTP_PORT is in use; set HTTP_PORT"; exit 1; fi
need_jars "$SERVER_JAR" "$SIM_JAR"

server_pid=
cleanup() { stop "$server_pid"; drop_db; }
trap cleanup EXIT

# sweeps_done N: waits (up to 10 minutes) until the server completed N sweeps.
sweep_count_reached() { [ "$(metric smartparking_alarm_sweep_duration_seconds_count | cut -d. -f1)" -ge "$1" ]; }
sweeps_done() { wait_until 1200 "sweep number $1" sweep_count_reached "$1"; }

for scale in $SCALES; do
  drop_db
  create_db
  db_env
  java -jar "$SERVER_JAR" migrate > "$OUT/migrate.log" 2>&1
  say "scale $scale: generating and importing the city ..."
  java -jar "$SIM_JAR" city --scale "$scale" --out "$OUT/city-$scale.json" > /dev/null
  java -jar "$SERVER_JAR" import "$OUT/city-$scale.json" > "$OUT/import-$scale.log"
  # The power cut: every cover registered two hours ago and last heard from an hour ago; every
  # unit has a webhook (never called here: loopback is refused, and at one call a second).
  psql_ -d "$DB" -c "UPDATE covers SET registered_at = now() - interval '2 hours'" \
    -c "INSERT INTO cover_state (cover_id, observed_at, last_seen_at)
        SELECT id, now() - interval '1 hour', now() - interval '1 hour' FROM covers
        ON CONFLICT (cover_id) DO UPDATE SET last_seen_at = excluded.last_seen_at" \
    -c "UPDATE units SET webhook_url = 'http://127.0.0.1:9/alarms', webhook_secret = 'bench-secret-0123456789'" \
    -c "VACUUM ANALYZE covers" -c "VACUUM ANALYZE cover_state"
  covers=$(psql_ -d "$DB" -c "SELECT count(*) FROM covers")

  say "scale $scale: $covers covers; sweeping ..."
  SMARTPARKING_MQTT_ENABLED=false SMARTPARKING_HTTP_HOST=127.0.0.1 SMARTPARKING_HTTP_PORT=$HTTP_PORT \
    SMARTPARKING_ALARMS_SWEEP_INTERVAL=PT1S SMARTPARKING_ALARMS_DELIVERY_MAX_PER_SECOND=1 start_server
  sweeps_done 1
  first_s=$(metric smartparking_alarm_sweep_duration_seconds_sum)
  raised=$(metric smartparking_cover_alarm_events_total | cut -d. -f1)
  sweeps_done 2
  second_s=$(awk -v a="$(metric smartparking_alarm_sweep_duration_seconds_sum)" -v b="$first_s" 'BEGIN { printf "%.6f", a - b }')
  stop "$server_pid"
  server_pid=
  alarms=$(psql_ -d "$DB" -c "SELECT count(*) FROM cover_alarms WHERE type = 'silent'")
  deliveries=$(psql_ -d "$DB" -c "SELECT count(*) FROM alarm_deliveries")
  echo "scale=$scale covers=$covers raised=$raised alarms=$alarms deliveries=$deliveries" \
    "first_sweep_ms=$(awk -v s="$first_s" 'BEGIN { printf "%.0f", s * 1000 }')" \
    "next_sweep_ms=$(awk -v s="$second_s" 'BEGIN { printf "%.0f", s * 1000 }')"
done
