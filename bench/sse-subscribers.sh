#!/usr/bin/env bash
# Whether pushed-stream subscribers slow ingest (issue 15): the simulator's QoS 1 load paced at a
# fixed rate (RATE, or PACED_SHARE of what the server acknowledged unpaced just before), first
# alone, then with SUBSCRIBERS event-stream clients connected (LOT_SUBSCRIBERS of them to
# /api/v1/lots/stream, the others to /api/v1/availability/stream) that keep reading and count the
# events they get; ROUNDS times, alternated, same connections and rate. Side by side: acked/s,
# PUBACK p50/p99 and their ratios; events per subscriber; the server's drops (its stream
# metrics); the server's heap (after a full GC, as bench/idle-memory.sh reads it) and RSS before
# and after the subscribers connected, per subscriber; CPU of the server and of the subscribers'
# client (one Python asyncio process reading raw sockets: it is not the limit while it keeps well
# under one core).
#
#   bench/sse-subscribers.sh
#   SUBSCRIBERS=2000 RATE=3000 bench/sse-subscribers.sh
#
# Settings (environment): SUBSCRIBERS (1000; one process holds them, so at most ~19,000 with the
# machine's open-files limit of 20,000), LOT_SUBSCRIBERS (20: each lot change is one event to
# each of them, unwindowed, so they cost the reading client most), CONNECTIONS (100), RATE (empty:
# PACED_SHARE of the unpaced rate), PACED_SHARE (0.8), DURATION (20s), WARMUP (10s), ROUNDS (2),
# BENCH_MQTT_PORT (28860), BENCH_HTTP_PORT (28110), BENCH_DB (sp_bench_sse_<pid>), SERVER_JAR,
# SIM_JAR, PGHOST/PGPORT/PGUSER. Reports and logs go to run/sse-subscribers-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/lib.sh

SUBSCRIBERS=${SUBSCRIBERS:-1000}
LOT_SUBSCRIBERS=${LOT_SUBSCRIBERS:-20}
CONNECTIONS=${CONNECTIONS:-100}
RATE=${RATE:-}
PACED_SHARE=${PACED_SHARE:-0.8}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-10s}
ROUNDS=${ROUNDS:-2}
MQTT_PORT=${BENCH_MQTT_PORT:-28860}
HTTP_PORT=${BENCH_HTTP_PORT:-28110}
DB=${BENCH_DB:-sp_bench_sse_$$}
OUT=$(report_dir sse-subscribers)

[ "$LOT_SUBSCRIBERS" -le "$SUBSCRIBERS" ] || fail "LOT_SUBSCRIBERS ($LOT_SUBSCRIBERS) is more than SUBSCRIBERS ($SUBSCRIBERS)"
ports_free "$MQTT_PORT" "$HTTP_PORT"
need_jars "$SERVER_JAR" "$SIM_JAR"

server_pid=""
client_pid=""
cleanup() { stop "$client_pid" "$server_pid"; drop_db; }
trap cleanup EXIT

server_env
start_server
say "server up (pid $server_pid), reports in $OUT"

progress() { grep --line-buffered -E '^publishing' | awk 'NR % 5 == 0' | sed -u "s/^/  $1 /"; }
# load NAME DURATION [LOAD OPTIONS...]: one load-mode run against the server, its report in $OUT/NAME.json.
load() {
  bench_load "$1" --duration "$2" "${@:3}" || fail "$1: the load exited with $? (see $OUT/$1.log)"
}
# metric NAME: the server's value of a Prometheus series without labels (0 when it has none yet).
metric() {
  curl -fsS "http://127.0.0.1:$HTTP_PORT/metrics" | awk -v name="$1" '$1 == name {print $2; found = 1} END {if (!found) print 0}'
}
drops() { python3 -c "print(int($(metric smartparking_availability_stream_drops_total) + $(metric smartparking_lots_stream_drops_total)))"; }
no_streams() { [ "$(streams)" = 0 ]; }
streams() { python3 -c "print(int($(metric smartparking_availability_stream_subscribers) + $(metric smartparking_lots_stream_subscribers)))"; }

# The subscribers' client: one asyncio process, raw sockets, one GET each, counting the events
# ("\nevent:" in what it reads: a match cannot hide in the 6 bytes kept between reads, nor be
# counted twice). It writes "connected N" once every stream answered 200, a line of counts on SIGUSR1, and ends on SIGTERM.
cat > "$OUT/subscribers.py" <<'PY'
import asyncio, json, os, signal, sys

port, token, total, lot_streams = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
events = [0] * total
started = [False] * total
problems = []

async def subscribe(i, path):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
                 f"Accept: text/event-stream\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    if head.split(b" ", 2)[1] != b"200":
        problems.append(head.split(b"\r\n", 1)[0].decode())
        return
    started[i] = True
    tail = b"\n"
    while True:
        chunk = await reader.read(1 << 16)
        if not chunk:
            problems.append(f"{path}: closed by the server")
            return
        data = tail + chunk
        events[i] += data.count(b"\nevent:")
        tail = data[-6:]

def counts():
    values = sorted(events)
    print(json.dumps({"events": sum(values), "min": values[0], "max": values[-1],
                      "lot_stream_events": sum(events[:lot_streams]), "problems": len(problems)}), flush=True)

async def main():
    loop = asyncio.get_running_loop()
    done = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, done.set)
    loop.add_signal_handler(signal.SIGUSR1, counts)
    tasks = []
    for i in range(total):
        path = "/api/v1/lots/stream" if i < lot_streams else "/api/v1/availability/stream"
        tasks.append(asyncio.create_task(subscribe(i, path)))
        if i % 100 == 99:
            await asyncio.sleep(0.05)
    while not all(started) and not problems:
        await asyncio.sleep(0.1)
    print(f"connected {sum(started)}" + (f" (first problem: {problems[0]})" if problems else ""), flush=True)
    await done.wait()
    counts()
    os._exit(0)

asyncio.run(main())
PY

# Warm up, then the rate every run is paced at.
load warmup "$WARMUP"
if [ -z "$RATE" ]; then
  load peak "$DURATION"
  RATE=$(python3 -c "print(round($(acked "$OUT/peak.json") * $PACED_SHARE))")
  say "the server acknowledged $(acked "$OUT/peak.json")/s unpaced: every run is paced at $RATE/s"
fi

# paced NAME: a run at RATE; its server CPU in $OUT/NAME.cpu ("CORES SECONDS").
paced() {
  cpu_mark "${1//-/_}" "$server_pid"
  load "$1" "$DURATION" --rate "$RATE"
  cpu_since "${1//-/_}" "$server_pid" > "$OUT/$1.cpu"
}

for round in $(seq 1 "$ROUNDS"); do
  paced "alone-$round"
  memory_snapshot "before-$round"
  echo "$(drops)" > "$OUT/drops-before-$round"
  python3 "$OUT/subscribers.py" "$HTTP_PORT" "$READER" "$SUBSCRIBERS" "$LOT_SUBSCRIBERS" > "$OUT/client-$round.txt" &
  client_pid=$!
  wait_until 240 "$SUBSCRIBERS subscribers connected" grep -q '^connected' "$OUT/client-$round.txt"
  grep -q "^connected $SUBSCRIBERS\$" "$OUT/client-$round.txt" || fail "not every subscriber connected: $(head -1 "$OUT/client-$round.txt")"
  memory_snapshot "after-$round"
  echo "$(streams)" > "$OUT/streams-$round"
  client_cpu_before=$(cpu_seconds "$client_pid")
  kill -USR1 "$client_pid"
  paced "with-$round"
  kill -USR1 "$client_pid"
  echo "$(python3 -c "print(round($(cpu_seconds "$client_pid") - $client_cpu_before, 2))")" > "$OUT/client-cpu-$round"
  echo "$(drops)" > "$OUT/drops-after-$round"
  stop "$client_pid"; client_pid=""
  wait_until 60 "the streams closed" no_streams
done

echo "load average $(cut -d' ' -f1-3 /proc/loadavg) (shared machine: 2 cores for the load, the server, PostgreSQL and the client)"
python3 - "$OUT" "$ROUNDS" "$SUBSCRIBERS" "$LOT_SUBSCRIBERS" "$RATE" "$CONNECTIONS" "$DURATION" <<'PY'
import json, sys
out, rounds, subscribers, lot_subscribers, rate, connections, duration = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6], sys.argv[7]
def report(name):
    return json.load(open(f"{out}/{name}.json"))
def text(name):
    return open(f"{out}/{name}").read().strip()
def seconds(r):
    return max(r["publish_phase"]["seconds"], 1e-9)
print(f"== QoS 1 load, {connections} connections paced at {rate} msg/s, {duration} a run; "
      f"alone, then with {subscribers} subscribers ({lot_subscribers} on /api/v1/lots/stream) ==")
print("%-6s %10s %10s %6s | %8s %8s %6s | %8s %8s %6s | %11s %11s | %11s %6s" % ("round", "acked/s", "with", "ratio",
      "p50 ms", "with", "ratio", "p99 ms", "with", "ratio", "srv µs/msg", "with", "gen µs/msg", "with"))
for i in range(1, rounds + 1):
    a, w = report(f"alone-{i}"), report(f"with-{i}")
    ra, rw = a["publish_phase"]["acknowledged_per_s"], w["publish_phase"]["acknowledged_per_s"]
    la, lw = a["latency_ms"]["ack"], w["latency_ms"]["ack"]
    ca, cw = (float(text(f"{n}-{i}.cpu").split()[1]) * 1e6 / max(r["messages"]["acknowledged"], 1)
              for n, r in (("alone", a), ("with", w)))
    # The load generator's own CPU a message, beside the server's: it is not the limit while far under it.
    ga, gw = a["generator_cpu"]["us_per_message"], w["generator_cpu"]["us_per_message"]
    print("%-6s %10.0f %10.0f %6.2f | %8.1f %8.1f %6.2f | %8.1f %8.1f %6.2f | %11.1f %11.1f | %11.1f %6.1f" % (i, ra, rw, rw / ra,
          la["p50"], lw["p50"], lw["p50"] / max(la["p50"], 1e-9), la["p99"], lw["p99"], lw["p99"] / max(la["p99"], 1e-9), ca, cw, ga, gw))
if any(report(f"alone-{i}")["publish_phase"]["acknowledged_per_s"] < 0.95 * float(rate) for i in range(1, rounds + 1)):
    print(f"(a run alone acknowledged under 95 % of the {rate} msg/s asked: the server was saturated, so the ratios"
          " mix saturation with the subscribers' cost; run again with a lower RATE)")
print()
print("%-6s %8s %14s %14s %12s %10s %12s %12s" % ("round", "streams", "events/sub/s", "min..max", "lot ev/sub/s", "drops",
      "client cores", "client µs/ev"))
for i in range(1, rounds + 1):
    lines = [json.loads(l) for l in open(f"{out}/client-{i}.txt") if l.startswith("{")]
    first, last = lines[0], lines[1]
    s = seconds(report(f"with-{i}"))
    events = last["events"] - first["events"]
    lot_events = last["lot_stream_events"] - first["lot_stream_events"]
    availability_subscribers = max(subscribers - lot_subscribers, 1)
    cpu = float(text(f"client-cpu-{i}"))
    print("%-6s %8s %14.1f %14s %12.1f %10d %12.2f %12.2f" % (i, text(f"streams-{i}"),
          (events - lot_events) / availability_subscribers / s, f"{last['min']}..{last['max']}",
          lot_events / max(lot_subscribers, 1) / s, int(text(f"drops-after-{i}")) - int(text(f"drops-before-{i}")),
          cpu / s, cpu * 1e6 / max(events, 1)))
print("(events/sub/s: availability streams over the measured run; min..max: events per subscriber since it connected)")
print()
print("== server memory per subscriber (heap after a full GC; RSS) ==")
for i in range(1, rounds + 1):
    kb = lambda name, kind: int(text(f"{name}-{i}.{kind}_kb"))
    heap = (kb("after", "heap") - kb("before", "heap")) * 1024 / subscribers
    rss = (kb("after", "rss") - kb("before", "rss")) * 1024 / subscribers
    print(f"round {i}: heap {kb('before', 'heap') / 1024:.1f} -> {kb('after', 'heap') / 1024:.1f} MB, {heap:,.0f} B/subscriber; "
          f"RSS {kb('before', 'rss') / 1024:.0f} -> {kb('after', 'rss') / 1024:.0f} MB, {rss:,.0f} B/subscriber")
PY
