#!/usr/bin/env bash
# What TLS costs MQTT ingest (issue 11): one server with both listeners (plain TCP and TLS, the
# certificates made by bin/make-certs), the same QoS 1 load from the simulator's load mode over
# plain TCP and over TLS in alternating rounds of one run; connects per second over TLS with session
# resumption and without (every handshake a full one), and over plain TCP for reference, driven by
# the simulator's flood mode (each socket one CONNECT with an unknown id, refused from memory, so a
# connect is the handshake and little else); and the server's memory per idle TLS connection against
# per idle plain connection. Load generator, server and PostgreSQL share this machine's cores, so
# only figures of the same run are compared, and the generator's CPU per message or connect is
# printed beside each figure, with the server's over the connect runs.
#
#   bench/tls.sh                                    # 100 connections, 2 rounds of 30 s
#   ROUNDS=1 DURATION=15s IDLE=1000 bench/tls.sh    # shorter
#
# Prints acknowledged messages/s and PUBACK p50/p99 per transport and their ratio; connections/s and
# how many handshakes resumed, with generator and server CPU per connect; heap and RSS per idle
# connection (after a full GC, from the growth between before and after IDLE connections opened).
# Settings (environment): CONNECTIONS (100), DURATION (30s), WARMUP (10s), ROUNDS (2), CONNECT_DURATION
# (15s each connects run), CONNECT_RATE (2000: asked of the connects runs), CONNECT_IN_FLIGHT (100
# sockets at most, and as many TLS sessions to resume), IDLE (2000), BENCH_MQTT_PORT (28832), BENCH_MQTT_TLS_PORT (28833),
# BENCH_HTTP_PORT (28082), SERVER_JAR, SIM_JAR, PGHOST/PGPORT/PGUSER. Reports, logs and the
# certificates go to run/tls-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/lib.sh

CONNECTIONS=${CONNECTIONS:-100}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-10s}
ROUNDS=${ROUNDS:-2}
CONNECT_DURATION=${CONNECT_DURATION:-15s}
CONNECT_RATE=${CONNECT_RATE:-2000}
CONNECT_IN_FLIGHT=${CONNECT_IN_FLIGHT:-100}
IDLE=${IDLE:-2000}
MQTT_PORT=${BENCH_MQTT_PORT:-28832}
TLS_PORT=${BENCH_MQTT_TLS_PORT:-28833}
HTTP_PORT=${BENCH_HTTP_PORT:-28082}
DB="sp_bench_tls_$$"
OUT=$(report_dir tls)

for port in "$MQTT_PORT" "$TLS_PORT" "$HTTP_PORT"; do
  if port_taken "$port"; then say "port $port is in use; set BENCH_MQTT_PORT / BENCH_MQTT_TLS_PORT / BENCH_HTTP_PORT"; exit 1; fi
done
need_jars "$SERVER_JAR" "$SIM_JAR"
bin/make-certs "$OUT/certs" >&2

server_pid=""
idle_pid=""
cleanup() { stop "$idle_pid" "$server_pid"; drop_db; }
trap cleanup EXIT

create_db
ADMIN=$(token)
db_env
export SMARTPARKING_MQTT_PORT="$MQTT_PORT" SMARTPARKING_MQTT_TLS_PORT="$TLS_PORT" SMARTPARKING_HTTP_PORT="$HTTP_PORT" \
  SMARTPARKING_HTTP_ADMIN_TOKEN="$ADMIN" SMARTPARKING_TLS_CERT_FILE="$OUT/certs/server.pem" \
  SMARTPARKING_TLS_KEY_FILE="$OUT/certs/server.key"
# The connects runs' sockets all come from loopback with unknown ids: the failed-login budget per
# address is raised out of their way, so they measure the connect, not the budget's refusal unheard.
export SMARTPARKING_INGEST_FAILED_CONNECTS_PER_MINUTE=100000000
start_server
say "server $SERVER_JAR up (pid $server_pid), reports in $OUT"

progress() { grep --line-buffered -E '^(publishing|connecting|provisioned|tls:)' | sed -u "s/^/  $1 /"; }
API=(--api "http://127.0.0.1:$HTTP_PORT" --admin-token "$ADMIN")
TLS=(--port "$TLS_PORT" --cafile "$OUT/certs/ca.pem")
PLAIN=(--port "$MQTT_PORT")

# load NAME ARG...: one load-mode run; its report in $OUT/NAME.json. TLS handshakes cost the
# server's event loops more than TCP connects: the throughput runs connect at 200/s, so a burst of
# cold handshakes on a busy machine does not outlast the server's 10 s handshake timeout.
load() {
  local name=$1; shift
  say "$name: $*"
  load_run "$name" --connect-timeout 30s "$@" || { say "$name: load exited with $? (see $OUT/$name.log)"; exit 1; }
}

# connects NAME ARG...: a flood run of CONNECT_DURATION at CONNECT_RATE; its report in $OUT/NAME.json,
# the server's CPU seconds over it in $OUT/NAME.cpu.
connects() {
  local name=$1; shift
  local cpu0
  say "$name: $*"
  cpu0=$(cpu_seconds "$server_pid")
  java -jar "$SIM_JAR" flood --rate "$CONNECT_RATE" --duration "$CONNECT_DURATION" --in-flight "$CONNECT_IN_FLIGHT" \
    --timeout 30s "$@" --report "$OUT/$name.json" 2> >(tee "$OUT/$name.log" | grep --line-buffered -E '^(flood|tls:)' | sed -u "s/^/  $name /" >&2) \
    || say "$name: flood exited with $? (CONNECTs without a CONNACK counted below)"
  echo "$cpu0 $(cpu_seconds "$server_pid")" > "$OUT/$name.cpu"
}

# Throughput: provision the devices once, warm both paths, then alternate.
load warmup-plain --connections "$CONNECTIONS" --connect-rate 200 --qos 1 --duration "$WARMUP" "${PLAIN[@]}" "${API[@]}"
load warmup-tls --connections "$CONNECTIONS" --connect-rate 200 --qos 1 --duration "$WARMUP" "${TLS[@]}"
for round in $(seq 1 "$ROUNDS"); do
  load "plain-$round" --connections "$CONNECTIONS" --connect-rate 200 --qos 1 --duration "$DURATION" "${PLAIN[@]}"
  load "tls-$round" --connections "$CONNECTIONS" --connect-rate 200 --qos 1 --duration "$DURATION" "${TLS[@]}"
done

# Connects: sockets at a high rate, each one CONNECT; TLS with each socket resuming the session of
# the one before it in its slot, and with every handshake a full one.
connects connects-plain "${PLAIN[@]}"
connects connects-tls-resumed "${TLS[@]}"
connects connects-tls-full "${TLS[@]}" --tls-no-resume

# Idle connections: the server's heap (after a full GC) and RSS before and while IDLE devices stay
# connected, sending one message per second between them all.
heap_kb() {
  jcmd "$server_pid" GC.run >/dev/null
  jcmd "$server_pid" GC.heap_info | python3 -c "import re,sys; print(re.search(r'used (\d+)K', sys.stdin.read()).group(1))"
}
idle() {
  local name=$1; shift
  local heap0 rss0 heap1 rss1
  heap0=$(heap_kb); rss0=$(rss_kb "$server_pid")
  java -jar "$SIM_JAR" load --connections "$IDLE" --connect-rate 200 --connect-timeout 30s --qos 1 --rate 1 --duration 120s \
    --report "$OUT/$name.json" "$@" 2> "$OUT/$name.log" &
  idle_pid=$!
  for _ in $(seq 1 600); do grep -q '^publishing' "$OUT/$name.log" && break; sleep 0.5; done
  grep -q '^publishing' "$OUT/$name.log" || { say "$name: not all connected (see $OUT/$name.log)"; exit 1; }
  sleep 3
  heap1=$(heap_kb); rss1=$(rss_kb "$server_pid")
  stop "$idle_pid"; idle_pid=""
  echo "$heap0 $rss0 $heap1 $rss1" > "$OUT/$name.memory"
}
load idle-provision --connections "$IDLE" --connect-rate 500 --qos 1 --rate 100 --duration 1s "${PLAIN[@]}" "${API[@]}"
idle idle-plain "${PLAIN[@]}"
idle idle-tls "${TLS[@]}"

python3 - "$OUT" "$ROUNDS" "$CONNECTIONS" "$IDLE" <<'PY'
import json, re, sys
out, rounds, connections, idle = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rep = lambda name: json.load(open(f"{out}/{name}.json"))
mean = lambda xs: sum(xs) / len(xs)
def load(kind):
    rs = [rep(f"{kind}-{r}") for r in range(1, rounds + 1)]
    return ([r["publish_phase"]["acknowledged_per_s"] for r in rs],
            mean([r["latency_ms"]["ack"]["p50"] for r in rs]), mean([r["latency_ms"]["ack"]["p99"] for r in rs]),
            mean([r["generator_cpu"]["us_per_message"] or 0 for r in rs]))
print(f"== QoS 1, {connections} connections, {rounds} round(s) each, alternating: plain TCP against TLS ==")
print(f"{'transport':10} {'acked/s':>9} {'rounds':>18} {'p50 ms':>7} {'p99 ms':>7} {'generator us/msg':>17}")
figures = {}
for kind in ("plain", "tls"):
    acked, p50, p99, cpu = load(kind)
    figures[kind] = mean(acked)
    print(f"{kind:10} {mean(acked):9.0f} {' '.join(f'{a:.0f}' for a in acked):>18} {p50:7.1f} {p99:7.1f} {cpu:17.1f}")
print(f"ratio TLS / plain (acked/s): {figures['tls'] / figures['plain']:.3f}")
print()
print("== connects (flood mode: one CONNECT a socket, unknown ids refused from memory) ==")
print(f"{'run':22} {'connects/s':>10} {'asked':>6} {'no CONNACK':>10} {'resumed':>16} {'generator us':>12} {'server us':>9}")
for name in ("connects-plain", "connects-tls-resumed", "connects-tls-full"):
    r = rep(name)
    res = r["results"]
    started = res["started"]
    missing = res["connect_failures"] + res["closed_without_connack"] + res["timeouts"] + res["malformed_answers"]
    cpu0, cpu1 = map(float, open(f"{out}/{name}.cpu").read().split())
    tls = r.get("tls")
    resumed = f"{tls['resumed']}/{tls['handshakes']}" if tls else "-"
    print(f"{name:22} {r['started_per_s']:10.0f} {r['asked']['rate_per_s']:6.0f} {missing:10d} {resumed:>16}"
          f" {r['generator_cpu']['us_per_connect'] or 0:12.0f} {(cpu1 - cpu0) * 1e6 / max(1, started):9.0f}")
print("(us: CPU microseconds a connect, all threads, over the whole run; the side whose CPU a connect times")
print(" connects/s nears a core (or the cores it may use) is the limit)")
print()
print(f"== server memory per idle connection ({idle} connections, heap after a full GC) ==")
for name in ("idle-plain", "idle-tls"):
    heap0, rss0, heap1, rss1 = map(int, open(f"{out}/{name}.memory").read().split())
    print(f"{name:10} heap {(heap1 - heap0) * 1024 / idle:8.0f} B/connection, RSS {(rss1 - rss0) * 1024 / idle:8.0f} B/connection"
          f" (heap {heap0 // 1024}->{heap1 // 1024} MB, RSS {rss0 // 1024}->{rss1 // 1024} MB)")
PY
