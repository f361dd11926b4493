# What the scripts of bin/ and bench/ share, sourced by each from the repository root. The scripts
# set DB (their own database) before using the database helpers, and OUT and HTTP_PORT before
# starting a server or a load. PGHOST/PGPORT/PGUSER choose the PostgreSQL (127.0.0.1:5432, postgres).

PGHOST_=${PGHOST:-127.0.0.1}
PGPORT_=${PGPORT:-5432}
PGUSER_=${PGUSER:-postgres}
# The jars a script runs; set SERVER_JAR or SIM_JAR to measure another build against the same load.
SERVER_JAR=${SERVER_JAR:-server/target/smartparking-server.jar}
SIM_JAR=${SIM_JAR:-simulator/target/smartparking-simulator.jar}

# say: progress on stderr, named after the script, so stdout keeps only the figures.
say() { echo "$(basename "$0" .sh): $*" >&2; }
# fail: says why and stops the script.
fail() { say "$*"; exit 1; }

# psql_: psql on the chosen PostgreSQL, bare rows out, stopping at the first error.
psql_() { psql -h "$PGHOST_" -p "$PGPORT_" -U "$PGUSER_" -v ON_ERROR_STOP=1 -Atq "$@"; }

# create_db / drop_db: every run has a database of its own, dropped by name (and only that one) on exit.
create_db() { psql_ -d postgres -c "CREATE DATABASE $DB"; }
drop_db() { psql_ -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true; }

# db_env [HOST PORT]: every server process started from here on uses the run's database (through
# HOST:PORT if given).
db_env() {
  export SMARTPARKING_DB_HOST="${1:-$PGHOST_}" SMARTPARKING_DB_PORT="${2:-$PGPORT_}" \
    SMARTPARKING_DB_USER="$PGUSER_" SMARTPARKING_DB_NAME="$DB"
}

# server_env: a fresh database for the run (create_db, db_env) and the environment of a server on
# it: MQTT_PORT and HTTP_PORT, and fresh ADMIN, OPERATOR and READER tokens, all exported as the
# server's settings.
server_env() {
  create_db
  ADMIN=$(token)
  OPERATOR=$(token)
  READER=$(token)
  db_env
  export SMARTPARKING_MQTT_PORT="$MQTT_PORT" SMARTPARKING_HTTP_PORT="$HTTP_PORT" \
    SMARTPARKING_HTTP_ADMIN_TOKEN="$ADMIN" SMARTPARKING_HTTP_OPERATOR_TOKEN="$OPERATOR" \
    SMARTPARKING_HTTP_READER_TOKEN="$READER"
}

# report_dir NAME: a fresh folder run/NAME-<UTC time>/ for the run's reports and logs.
report_dir() { local dir; dir="run/$1-$(date -u +%Y%m%dT%H%M%SZ)"; mkdir -p "$dir" && echo "$dir"; }

# port_taken PORT: whether something listens on 127.0.0.1:PORT, without any client tool.
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ports_free PORT...: stops the script, naming the port, if something already listens on one.
ports_free() {
  local port
  for port; do port_taken "$port" && fail "port $port is already in use; stop what holds it or choose another"; done
  return 0
}

# token: a fresh random API token for the run's server (32 characters, the shortest it takes).
token() { head -c 24 /dev/urandom | base64 | tr '+/' '-_'; }

# The plate HMAC key every ingest process of a run shares (the server requires one where it ingests).
export SMARTPARKING_INGEST_PLATE_KEY=${SMARTPARKING_INGEST_PLATE_KEY:-$(head -c 32 /dev/urandom | base64)}

# jar_inputs MODULE: what the module's jar is built from: the parent pom, and the pom and main
# sources of the module and of every module it depends on outside test scope, transitively. (A
# change anywhere in the tree is not enough: Maven leaves a jar whose inputs did not change as it
# is, so a tree-wide check would call it stale for ever.)
jar_inputs() {
  python3 - "$1" <<'EOF'
import re, sys, os
def deps(module):
    pom = open(os.path.join(module, "pom.xml")).read()
    for block in re.findall(r"<dependency>(.*?)</dependency>", pom, re.S):
        if "<groupId>dev.smartparking</groupId>" in block and "<scope>test</scope>" not in block:
            yield re.search(r"<artifactId>(.*?)</artifactId>", block).group(1)
seen, todo = [], [sys.argv[1]]
while todo:
    m = todo.pop()
    if m in seen or not os.path.isdir(m):
        continue
    seen.append(m)
    todo.extend(deps(m))
print("pom.xml")
for m in seen:
    print(f"{m}/pom.xml")
    if os.path.isdir(f"{m}/src/main"):
        print(f"{m}/src/main")
EOF
}

# jar_stale JAR: whether JAR is missing, or is one of this tree's builds (MODULE/target/...) and
# older than one of its inputs (jar_inputs). A jar from elsewhere (SERVER_JAR or SIM_JAR set to
# another build, to measure it) is taken as it is: building this tree would not change it.
jar_stale() {
  [ -f "$1" ] || return 0
  local module=${1%%/target/*} inputs
  [ "$module" != "$1" ] && [ -d "$module/src" ] || return 1
  mapfile -t inputs < <(jar_inputs "$module")
  [ -n "$(find "${inputs[@]}" -type f -newer "$1" -print -quit)" ]
}

# need_jars JAR...: builds the tree once (tests skipped) if any of the jars is stale (jar_stale), and
# stops the script if one still is afterwards, rather than measure an old build.
need_jars() {
  local jar stale=()
  for jar; do jar_stale "$jar" && stale+=("$jar"); done
  [ ${#stale[@]} -eq 0 ] && return 0
  say "building (mvn package, tests skipped; bin/test runs them): ${stale[*]} missing or older than the sources ..."
  mvn -B -q -ntp package -DskipTests || fail "the build failed"
  for jar in "${stale[@]}"; do
    jar_stale "$jar" && fail "$jar is still missing or older than the sources after the build"
  done
  return 0
}

# server_log_tail: the last 40 lines of the server's log on stderr, if there is one.
server_log_tail() {
  local log=${SERVER_LOG:-${OUT:-run}/server.log}
  [ -f "$log" ] || return 0
  echo "--- last lines of $log ---" >&2
  tail -n 40 "$log" >&2
  echo "---" >&2
}

# wait_until TRIES WHAT COMMAND...: runs COMMAND every half second until it succeeds; after TRIES
# tries, or as soon as the server (server_pid, if set) has exited, stops the script saying WHAT
# did not happen, with the tail of the server's log if a server was started.
wait_until() {
  local tries=$1 what=$2
  shift 2
  for _ in $(seq 1 "$tries"); do
    "$@" && return 0
    if [ -n "${server_pid:-}" ] && ! kill -0 "$server_pid" 2>/dev/null; then
      server_log_tail
      fail "the server exited before $what"
    fi
    sleep 0.5
  done
  [ -n "${server_pid:-}" ] && server_log_tail
  fail "$what did not happen within $(( tries / 2 )) s"
}

# api_ready: whether the API on HTTP_PORT says ready; one try gives up after 2 s rather than hang the run.
api_ready() { curl -fsS --max-time 2 "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null 2>&1; }

# start_server [JAVA OPTION ...]: `serve` in the background (pid in server_pid, log in SERVER_LOG,
# by default $OUT/server.log), waiting up to a minute for it to be ready, and stopping the script
# if it exits meanwhile or never becomes ready.
start_server() {
  java "$@" -jar "$SERVER_JAR" serve > "${SERVER_LOG:-$OUT/server.log}" 2>&1 &
  server_pid=$!
  wait_until 120 "the server became ready" api_ready
  # Never falls through: wait_until stops the script, but a caller running this in a subshell or an
  # `if` would lose that, so say it again where it cannot be missed.
  api_ready || { server_log_tail; fail "the server (pid $server_pid) is not ready"; }
}

# bench_server [JAVA OPTION ...]: a bench's usual opening: MQTT_PORT and HTTP_PORT free, jars fresh,
# then a database and a server of the run's own (server_env, start_server), both ended when the
# script exits.
bench_server() {
  ports_free "$MQTT_PORT" "$HTTP_PORT"
  need_jars "$SERVER_JAR" "$SIM_JAR"
  server_pid=""
  trap 'stop "$server_pid"; drop_db' EXIT
  server_env
  start_server "$@"
  say "server $SERVER_JAR up (pid $server_pid), reports in $OUT"
}

# stop PID...: ends processes the script started and waits for them (empty ids are skipped).
stop() {
  local pid
  for pid; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  for pid; do [ -n "$pid" ] && wait "$pid" 2>/dev/null || true; done
}

# stop_with_children PID: ends a process the script started and the children it forked (socat's
# fork option serves each connection in a child, which killing socat alone leaves running), by pid.
stop_with_children() {
  local pid=$1 children
  [ -n "$pid" ] || return 0
  # Listed before the parent goes: once it has, they belong to init and can no longer be found by it.
  children=$(pgrep -P "$pid" || true)
  kill "$pid" 2>/dev/null || true
  [ -z "$children" ] || kill $children 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# CPU time from /proc, the one copy every CPU budget is made of: cpu_ticks PID... is the user +
# system time the processes have used so far, all threads, summed, in clock ticks (CLK_TCK a
# second; fields 14 and 15 of /proc/PID/stat, counted after the command name, which may hold
# spaces). A process that is gone counts 0.
CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() {
  local pid total=0
  for pid; do total=$(( total + $(stat_ticks "/proc/$pid/stat") )); done
  echo "$total"
}

# stat_ticks FILE: user + system ticks of one /proc stat file (a process's or a thread's); 0 if gone.
stat_ticks() {
  local ticks
  ticks=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "$1" 2>/dev/null) || ticks=0
  echo "${ticks:-0}"
}

# jit_ticks PID: the CPU ticks a JVM's JIT compiler threads (C1, C2) have used so far, the part of
# its CPU that warms it up rather than does its work.
jit_ticks() {
  local task total=0
  for task in /proc/"$1"/task/*; do
    case "$(cat "$task/comm" 2>/dev/null)" in
      C1\ Compiler*|C2\ Compiler*) total=$(( total + $(stat_ticks "$task/stat") )) ;;
    esac
  done
  echo "$total"
}

# listener_pid PORT: the pid of the process listening on 127.0.0.1:PORT (empty if ss cannot tell).
listener_pid() { ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }

# pg_pids: the PostgreSQL processes working for this run's database: its backends (DB) and the
# cluster's background writers (WAL writer, checkpointer, background writer), which write for every
# database on the cluster, so on a shared cluster they include others' work.
pg_pids() {
  psql_ -d postgres -c "SELECT pid FROM pg_stat_activity WHERE datname = '$DB' AND pid <> pg_backend_pid()
    UNION ALL SELECT pid FROM pg_stat_activity WHERE backend_type IN ('walwriter', 'checkpointer', 'background writer')"
}

# cpu_mark NAME PID...: notes, under NAME, the wall clock (ns) and the processes' CPU ticks so far;
# cpu_since NAME PID... then prints the cores they kept busy since that mark and the CPU seconds,
# as "CORES SECONDS". The pids may differ between the two (backends come and go); each call counts
# those it is given.
cpu_mark() {
  local name=$1; shift
  printf -v "cpu_wall_$name" '%s' "$(date +%s%N)"
  printf -v "cpu_ticks_$name" '%s' "$(cpu_ticks "$@")"
}
cpu_since() {
  local name=$1 wall ticks; shift
  wall="cpu_wall_$name"; ticks="cpu_ticks_$name"
  python3 -c "import sys; s = ($(cpu_ticks "$@") - ${!ticks}) / $CLK_TCK; w = ($(date +%s%N) - ${!wall}) / 1e9; print(f'{s / w:.2f} {s:.2f}')"
}

# rss_kb PID: a process's resident memory in kB, the figure the memory reports are made of.
rss_kb() { ps -o rss= -p "$1" 2>/dev/null | tr -d ' '; }

# memory_snapshot NAME: the server's (server_pid) heap histogram after a full GC (GC.class_histogram
# runs one) in $OUT/NAME.histogram, its heap used then in $OUT/NAME.heap_kb and its RSS in $OUT/NAME.rss_kb.
memory_snapshot() {
  jcmd "$server_pid" GC.class_histogram > "$OUT/$1.histogram"
  jcmd "$server_pid" GC.heap_info | python3 -c "import re,sys; print(re.search(r'used (\d+)K', sys.stdin.read()).group(1))" \
    > "$OUT/$1.heap_kb"
  rss_kb "$server_pid" > "$OUT/$1.rss_kb"
}

# cpu_seconds PID: the CPU time (user + system) a process used so far, in seconds.
cpu_seconds() { awk -v hz="$CLK_TCK" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }

# machine_ticks: the machine's CPU time so far, all cores, as "total idle" clock ticks (/proc/stat);
# two readings tell how busy the machine was between them.
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $5 + $6}' /proc/stat; }

# listen_overflows: the machine's count of connections dropped because an accept queue was full
# (TcpExt ListenOverflows, all listeners); its growth over a run says whether accepting was the limit.
listen_overflows() { awk '/^TcpExt:/ {if (!n) {split($0, names); n = 1} else {for (i = 2; i <= NF; i++) if (names[i] == "ListenOverflows") print $i}}' /proc/net/netstat; }

# sample FILE COMMAND...: COMMAND's line every 5 s into FILE while the server runs, in the background
# (pid in sampler_pid).
sample() {
  local file=$1; shift
  ( while kill -0 "$server_pid" 2>/dev/null; do "$@"; sleep 5; done ) > "$file" &
  sampler_pid=$!
}

# load_run NAME ARG...: the simulator's load mode, its report in $OUT/NAME.json and its stderr in
# $OUT/NAME.log, shown on the terminal through `progress NAME`; returns the simulator's exit code.
load_run() {
  local name=$1; shift
  java -jar "$SIM_JAR" load "$@" --report "$OUT/$name.json" 2> >(tee "$OUT/$name.log" | progress "$name" >&2)
}

# bench_load NAME [LOAD OPTION ...]: load_run of CONNECTIONS QoS 1 devices against the bench's own
# server (MQTT_PORT; provisioned through HTTP_PORT with ADMIN), said first with its options; returns
# the simulator's exit code, for the caller to say or fail on.
bench_load() {
  local name=$1; shift
  say "$name: $CONNECTIONS connections, QoS 1 $*"
  load_run "$name" --connections "$CONNECTIONS" --qos 1 --port "$MQTT_PORT" \
    --api "http://127.0.0.1:$HTTP_PORT" --admin-token "$ADMIN" "$@"
}

# metric NAME...: from one read of the server's /metrics, a line per NAME: the value of that series
# (NAME with its labels, as printed), or the sum of all series of NAME when it has no labels.
metric() {
  curl -fsS --max-time 5 "http://127.0.0.1:$HTTP_PORT/metrics" | awk -v names="$*" '
    BEGIN { n = split(names, name, " ") }
    { for (i = 1; i <= n; i++) if ($1 == name[i] || index($1, name[i] "{") == 1) sum[i] += $2 }
    END { for (i = 1; i <= n; i++) printf (sum[i] == int(sum[i]) ? "%d\n" : "%.6f\n"), sum[i] }'
}

# figure REPORT EXPRESSION: a Python expression over a JSON report (r), printed; acked REPORT and
# lat REPORT PERCENTILE: a load report's acknowledged messages a second while publishing, and a
# percentile of its PUBACK latency in ms (p50, p99, p999, max).
figure() { python3 -c "import json,sys; r=json.load(open('$1')); print($2)"; }
acked() { figure "$1" "round(r['publish_phase']['acknowledged_per_s'])"; }
lat() { figure "$1" "r['latency_ms']['ack']['$2']"; }

# progress NAME: which lines of a load's stderr the terminal sees; all of them unless a script redefines it.
progress() { cat; }

# timed_copy CSV: COPY a CSV of status rows into lot_status_events, the storage ceiling's measure;
# the milliseconds it took in copy_ms.
timed_copy() {
  local start
  start=$(date +%s%N)
  psql_ -d "$DB" -c "\\copy lot_status_events (device_id, seq, ts, lot_id, total, free, closed, received_at) FROM '$1' CSV"
  copy_ms=$(( ($(date +%s%N) - start) / 1000000 ))
}

# import_city SCALE: the simulator's Jiaozuo at SCALE without its manhole covers (and their sensors),
# which no lot figure touches and which make nine tenths of a catalogue (350 MB at scale 100),
# imported through the admin API (ADMIN, HTTP_PORT) into the run's database; then every lot given a
# state, open and seen just now, and a wait until the API counts them all. Files in OUT.
import_city() {
  local scale=$1 lots
  java -jar "$SIM_JAR" city --scale "$scale" --seed 14 --out "$OUT/city-$scale.json" > "$OUT/city-$scale.log" 2>&1
  jq -c 'del(.covers) | .devices |= map(select(has("covers") | not))' "$OUT/city-$scale.json" > "$OUT/lots-$scale.json"
  psql_ -d "$DB" -c "TRUNCATE lot_state, lot_occupancy_minutes" > /dev/null
  curl -fsS --max-time 900 -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    --data-binary "@$OUT/lots-$scale.json" "http://127.0.0.1:$HTTP_PORT/api/v1/admin/catalogue" > "$OUT/import-$scale.json"
  psql_ -d "$DB" > /dev/null <<'SQL'
INSERT INTO lot_state (lot_id, total, free, closed, observed_at, last_seen_at)
SELECT id, capacity, abs(hashtext(id)) % (capacity + 1), false, now(), now() FROM lots;
SQL
  lots=$(psql_ -d "$DB" -c "SELECT count(*) FROM lots")
  wait_until 120 "the API showing all $lots lots" bash -c "curl -fsS -H 'Authorization: Bearer $READER' \
    http://127.0.0.1:$HTTP_PORT/api/v1/availability | grep -q '\"lots_reporting\":$lots,'"
}

# gen_cpu REPORT / gen_cores REPORT: the load generator's own CPU per message and cores, as it reports them.
gen_cpu() { figure "$1" "r['generator_cpu']['us_per_message']"; }
gen_cores() { figure "$1" "r['generator_cpu'].get('cores', '-')"; }
# budget LABEL "CORES SECONDS" REPORT: one line of the CPU budget: CPU per message acknowledged in
# that run, and cores as CPU over its publishing time (connecting and draining cost next to nothing,
# so this is what the process kept busy while publishing; over the whole run it would read lower).
budget() {
  local seconds
  read -r _ seconds <<< "$2"
  python3 - "$1" "$seconds" "$3" <<'EOF'
import json, sys
label, seconds, r = sys.argv[1], float(sys.argv[2]), json.load(open(sys.argv[3]))
acked, publishing = r['messages']['acknowledged'], r['publish_phase']['seconds']
print('%-40s %10s %8s' % (label, round(seconds * 1e6 / max(acked, 1), 2), round(seconds / max(publishing, 1e-9), 2)))
EOF
}

# per_s COUNT MS: a rate per second from a count and milliseconds (a 0 ms run counts as 1 ms).
per_s() { echo $(( $1 * 1000 / ($2 > 0 ? $2 : 1) )); }

# wrk_run OUT_FILE WRK_ARG...: runs wrk to OUT_FILE and prints "rps p99_ms requests cpu_us_per_request"
# (wrk's own CPU, user + system, from /proc: the generator's cost beside the figure it made).
wrk_run() {
  local file=$1; shift
  bash -c 'wrk "$@" > "$0"; read -ra stat < /proc/$$/stat; echo $(( stat[15] + stat[16] ))' "$file" "$@" > "$file.ticks"
  python3 - "$file" "$(cat "$file.ticks")" "$CLK_TCK" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
m = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
p99 = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
requests = int(re.search(r"(\d+) requests in", text).group(1))
cpu_us = int(sys.argv[2]) * 1e6 / int(sys.argv[3]) / max(requests, 1)
print(f"{rps:.0f} {p99:.2f} {requests} {cpu_us:.2f}")
PY
}

# need_package COMMAND PACKAGE: installs Debian's PACKAGE (as root) when COMMAND is missing.
need_package() {
  command -v "$1" >/dev/null && return 0
  [ "$(id -u)" = 0 ] || fail "$1 is missing, and installing $2 needs root"
  say "installing $2 from Debian"
  apt-get install -y -q "$2" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "$2" >/dev/null; }
}
