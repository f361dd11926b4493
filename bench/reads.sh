#!/usr/bin/env bash
# The read path against the wire (issue 14): wrk against GET /health/live (which does nothing: the
# wire's figure on this machine) and, right after it in the same run, each read answer over the
# simulator's Jiaozuo catalogue: /api/v1/availability (also with If-None-Match, answered 304),
# /api/v1/lots/{id}, /api/v1/lots/nearby (3 km around the city's middle) and /api/v1/lots?district=
# (the largest district), and the NGSI-LD view's near query and one entity (docs/ngsi-ld.md). Every
# lot is given a state in SQL first, so the answers have their full size. No ingest load runs: this
# measures what an answer costs. The district list is measured twice more, beside its NGSI-LD
# twin: with a reader token scoped to that district (NGSI-LD has no district filter: the scope is
# the same filter), the first 100 lots with a free space as /api/v1/lots?min_free=1 lists them and
# as OffStreetParking entities with q=availableSpotNumber>=1 (bay-counted lots are OnStreetParking,
# so the NGSI-LD page may hold other lots; each answers up to 100).
#
#   bench/reads.sh                         # scale 1, 10 s of wrk per figure
#   SCALES="1 10 100" bench/reads.sh       # how the figures move with 10x and 100x the lots
#
# Prints per scale and endpoint: requests/s, wrk's p99, the ratio to /health/live measured just
# before it, wrk's CPU per request (from /proc: the generator is not the limit while it is well
# under the server's) and the server's. Settings (environment): SCALES ("1"), DURATION (10s),
# WRK_CONNECTIONS (32), WRK_THREADS (2), ONLY (a regular expression: only the endpoints whose
# name it matches, e.g. 'district.*|ngsi-district.*'; all when empty), BENCH_MQTT_PORT (28837),
# BENCH_HTTP_PORT (28087), BENCH_DB (sp_bench_reads_<pid>), SERVER_JAR, SIM_JAR,
# PGHOST/PGPORT/PGUSER. Needs wrk (Debian's package, installed if missing and root) and jq.
# Reports and logs go to run/reads-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/lib.sh

SCALES=${SCALES:-1}
DURATION=${DURATION:-10s}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-32}
WRK_THREADS=${WRK_THREADS:-2}
ONLY=${ONLY:-}
MQTT_PORT=${BENCH_MQTT_PORT:-28837}
HTTP_PORT=${BENCH_HTTP_PORT:-28087}
DB=${BENCH_DB:-sp_bench_reads_$$}
OUT=$(report_dir reads)

need_package wrk wrk
bench_server

# get PATH [HEADER]: the answer's body, as a reader (or as HEADER's Authorization, if it is one).
get() {
  local auth="Authorization: Bearer $READER"
  case "${2:-}" in Authorization:*) auth=$2; set -- "$1" ;; esac
  curl -fsS -H "$auth" ${2:+-H "$2"} "http://127.0.0.1:$HTTP_PORT$1"
}

# measure NAME PATH [HEADER]: wrk against PATH; sets rps, p99, wrk_us and server_us (CPU per request).
measure() {
  local name=$1 path=$2 header=${3:-} before after figures
  { echo "wrk.headers[\"Authorization\"] = \"Bearer $READER\""
    [ -z "$header" ] || echo "wrk.headers[\"${header%%: *}\"] = '${header#*: }'"; } > "$OUT/$name.lua"
  before=$(cpu_ticks "$server_pid")
  figures=$(wrk_run "$OUT/$name.wrk" -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$DURATION" --latency \
    -s "$OUT/$name.lua" "http://127.0.0.1:$HTTP_PORT$path")
  after=$(cpu_ticks "$server_pid")
  read -r rps p99 requests wrk_us <<< "$figures"
  server_us=$(python3 -c "print(f'{($after - $before) * 1e6 / $CLK_TCK / max($requests, 1):.1f}')")
  grep -q "Non-2xx" "$OUT/$name.wrk" && say "$name: $(grep Non-2xx "$OUT/$name.wrk")" || true
}


# row SCALE NAME PATH [HEADER]: /health/live, then PATH, one line of figures.
row() {
  local scale=$1 name=$2 path=$3 header=${4:-} live_rps live_p99 live_wrk live_server bytes
  [ -z "$ONLY" ] || [[ "$name" =~ ^($ONLY)$ ]] || return 0
  measure "live-$name-$scale" /health/live
  live_rps=$rps; live_p99=$p99; live_wrk=$wrk_us; live_server=$server_us
  bytes=$(get "$path" | wc -c)
  measure "$name-$scale" "$path" "$header"
  printf "$FORMAT" "$scale" "$name" "$rps" "$p99" "$(python3 -c "print(f'{$rps / $live_rps:.2f}')")" \
    "$live_rps" "$live_p99" "$wrk_us" "$live_wrk" "$server_us" "$live_server" "$bytes"
}

FORMAT='%-5s %-17s %7s %7s %5s | %7s %7s | %6s %6s | %6s %6s | %6s\n'

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (shared machine)"
echo "columns: the endpoint's req/s, p99 and ratio to /health/live run just before it | that live run's req/s and p99"
echo "| CPU per request (µs) of wrk, endpoint and live | of the server, endpoint and live | the answer's bytes"
printf "$FORMAT" scale endpoint 'req/s' 'p99 ms' ratio 'live/s' 'live99' wrk 'wrk(l)' server 'srv(l)' bytes
for scale in $SCALES; do
  say "scale $scale: generating and importing the city"
  import_city "$scale"
  lots=$(psql_ -d "$DB" -c "SELECT count(*) FROM lots")
  lot=$(psql_ -d "$DB" -c "SELECT id FROM lots ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM lots)")
  district=$(psql_ -d "$DB" -c "SELECT district_code FROM lots GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
  # The middle of the district with most lots: a downtown, where nearby has lots to answer.
  read -r lat lon <<< "$(psql_ -d "$DB" -F' ' -c "SELECT avg(lat), avg(lon) FROM lots WHERE district_code = '$district'")"
  etag=$(curl -fsS -o /dev/null -D - -H "Authorization: Bearer $READER" \
    "http://127.0.0.1:$HTTP_PORT/api/v1/availability" | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" {print $2}')
  say "scale $scale: $lots lots; lot $lot, nearby around $lat,$lon, district $district"
  row "$scale" availability /api/v1/availability
  row "$scale" availability-304 /api/v1/availability "If-None-Match: $etag"
  row "$scale" lot "/api/v1/lots/$lot"
  row "$scale" nearby-3km "/api/v1/lots/nearby?lat=$lat&lon=$lon&radius_m=3000"
  # The same 20 nearest as NGSI-LD entities (status-counted lots only: OffStreetParking), normalized.
  row "$scale" ngsi-near-3km "/ngsi-ld/v1/entities?type=OffStreetParking&georel=near;maxDistance==3000&geometry=Point&coordinates=%5B$lon,$lat%5D"
  row "$scale" ngsi-entity "/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:$lot"
  row "$scale" district "/api/v1/lots?district=$district"
  # The same district through a token scoped to it, as a list and as NGSI-LD entities (see above).
  scoped="Authorization: Bearer $(curl -fsS -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d "{\"role\": \"reader\", \"label\": \"bench\", \"district\": \"$district\"}" \
    "http://127.0.0.1:$HTTP_PORT/api/v1/admin/tokens" | jq -r .token)"
  wait_until 20 "the district token being accepted" bash -c "curl -fsS -o /dev/null -H '$scoped' \
    'http://127.0.0.1:$HTTP_PORT/api/v1/lots?district=$district&limit=1'"
  row "$scale" district-free "/api/v1/lots?district=$district&min_free=1&limit=100" "$scoped"
  row "$scale" ngsi-district "/ngsi-ld/v1/entities?type=OffStreetParking&q=availableSpotNumber%3E=1&limit=100" "$scoped"
  row "$scale" ngsi-district-kv "/ngsi-ld/v1/entities?type=OffStreetParking&q=availableSpotNumber%3E=1&limit=100&options=keyValues" "$scoped"
  echo "      $lots lots; server RSS $(rss_kb "$server_pid") kB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
done
