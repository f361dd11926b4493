#!/usr/bin/env bash
# What the cover-alarm path costs ingest (issue 10): the same QoS 1 load from the simulator's load
# mode, status only against status with cover telemetry in the mix (a share of the connections are
# cover sensors, a share of whose readings are alarm-worthy, so the batches raise and clear alarms),
# on one server and one database, in alternating rounds of one run (load generator, server and
# PostgreSQL share this machine's cores, so only figures of the same run are compared).
#
#   bench/alarm-path.sh                              # 100 connections, 2 rounds of 30 s each
#   ROUNDS=1 DURATION=15s bench/alarm-path.sh        # shorter
#   SERVER_JAR=/elsewhere/smartparking-server.jar bench/alarm-path.sh   # another build of the server
#
# Prints, per load, acknowledged messages/s (the mean of its rounds), how they split between status
# and telemetry (rows stored), the alarm events written, PUBACK p50/p99, the load generator's CPU
# per message (so it can be seen not to be the limit), and the ratio mix / status.
# Settings (environment): CONNECTIONS (100), DURATION (30s), WARMUP (10s), ROUNDS (2), TELEMETRY_SHARE
# (0.2), ALARM_SHARE (0.05), BENCH_MQTT_PORT (28831), BENCH_HTTP_PORT (28081), SERVER_JAR, SIM_JAR,
# PGHOST/PGPORT/PGUSER. Reports and logs go to run/alarm-path-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/lib.sh

CONNECTIONS=${CONNECTIONS:-100}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-10s}
ROUNDS=${ROUNDS:-2}
TELEMETRY_SHARE=${TELEMETRY_SHARE:-0.2}
ALARM_SHARE=${ALARM_SHARE:-0.05}
MQTT_PORT=${BENCH_MQTT_PORT:-28831}
HTTP_PORT=${BENCH_HTTP_PORT:-28081}
DB="sp_bench_alarm_$$"
OUT=$(report_dir alarm-path)

bench_server

progress() { grep --line-buffered -E '^(publishing|connecting|provisioned)' | sed -u "s/^/  $1 /"; }
rows() { psql_ -d "$DB" -c "SELECT (SELECT count(*) FROM lot_status_events) || ' ' || (SELECT count(*) FROM cover_telemetry_events) || ' ' || (SELECT count(*) FROM cover_alarm_events)"; }

# load NAME MIX DURATION: one load-mode run (provisioning its devices first), its report in $OUT/NAME.json
# and the rows it stored in $OUT/NAME.rows ("status telemetry alarm-events").
load() {
  local name=$1 mix=$2 duration=$3 before after
  local args=(--connections "$CONNECTIONS" --qos 1 --duration "$duration" --port "$MQTT_PORT"
    --api "http://127.0.0.1:$HTTP_PORT" --admin-token "$ADMIN" --mix "$mix")
  [ "$mix" = status ] || args+=(--telemetry-share "$TELEMETRY_SHARE" --alarm-share "$ALARM_SHARE")
  say "$name: $CONNECTIONS connections, QoS 1, $duration, mix $mix"
  before=$(rows)
  load_run "$name" "${args[@]}" || { say "$name: load exited with $? (see $OUT/$name.log)"; exit 1; }
  after=$(rows)
  python3 -c "b='$before'.split(); a='$after'.split(); print(' '.join(str(int(y) - int(x)) for x, y in zip(b, a)))" \
    > "$OUT/$name.rows"
}

load warmup-status status "$WARMUP"
load warmup-mix status+telemetry "$WARMUP"
for round in $(seq 1 "$ROUNDS"); do
  load "status-$round" status "$DURATION"
  load "mix-$round" status+telemetry "$DURATION"
done

python3 - "$OUT" "$ROUNDS" <<'EOF'
import json, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def summary(kind):
    acked, p50, p99, cpu, status, telemetry, events = [], [], [], [], 0, 0, 0
    for r in range(1, rounds + 1):
        rep = json.load(open(f"{out}/{kind}-{r}.json"))
        acked.append(rep["publish_phase"]["acknowledged_per_s"])
        p50.append(rep["latency_ms"]["ack"]["p50"]); p99.append(rep["latency_ms"]["ack"]["p99"])
        cpu.append(rep["generator_cpu"]["us_per_message"] or 0)
        s, t, e = map(int, open(f"{out}/{kind}-{r}.rows").read().split())
        status += s; telemetry += t; events += e
    rate = sum(acked) / len(acked)
    share = telemetry / max(1, status + telemetry)
    mean = lambda xs: sum(xs) / len(xs)
    return rate, acked, share, events, mean(p50), mean(p99), mean(cpu)
s, m = summary("status"), summary("mix")
print(f"== ingest with and without cover telemetry, QoS 1, {rounds} round(s) each, alternating ==")
print(f"{'load':18} {'acked/s':>9} {'rounds':>18} {'status/s':>9} {'telem/s':>8} {'alarm ev':>9} {'p50 ms':>7} "
      f"{'p99 ms':>7} {'gen us/msg':>10}")
for name, (rate, acked, share, events, p50, p99, cpu) in (("status only", s), ("status+telemetry", m)):
    print(f"{name:18} {rate:9.0f} {' '.join(f'{a:.0f}' for a in acked):>18} {rate * (1 - share):9.0f} "
          f"{rate * share:8.0f} {events:9d} {p50:7.1f} {p99:7.1f} {cpu:10.1f}")
print("(gen us/msg: the load generator's CPU per message; at 1e6 / gen us/msg msg/s it would be the limit)")
print(f"ratio mix / status-only (acked/s): {m[0] / s[0]:.3f}  (telemetry {m[2]:.0%} of the mix's messages)")
EOF
