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

# need_jars JAR...: builds the jars (tests skipped) when one is missing or older than the sources.
need_jars() {
  local jar
  for jar; do
    if [ ! -f "$jar" ] || [ -n "$(find pom.xml ./*/pom.xml ./*/src -newer "$jar" -print -quit)" ]; then
      say "building (mvn package, tests skipped; bin/test runs them) ..."
      mvn -B -q -ntp package -DskipTests
      return
    fi
  done
}

# wait_until TRIES WHAT COMMAND...: runs COMMAND every half second until it succeeds; after TRIES
# tries, or as soon as the server (server_pid, if set) has exited, stops the script saying WHAT
# did not happen (and the server's log, if it exited).
wait_until() {
  local tries=$1 what=$2
  shift 2
  for _ in $(seq 1 "$tries"); do
    "$@" && return 0
    if [ -n "${server_pid:-}" ] && ! kill -0 "$server_pid" 2>/dev/null; then
      cat "${SERVER_LOG:-$OUT/server.log}" >&2
      fail "the server exited before $what"
    fi
    sleep 0.5
  done
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
}

# stop PID...: ends processes the script started and waits for them (empty ids are skipped).
stop() {
  local pid
  for pid; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  for pid; do [ -n "$pid" ] && wait "$pid" 2>/dev/null || true; done
}

# rss_kb PID: a process's resident memory in kB, the figure the memory reports are made of.
rss_kb() { ps -o rss= -p "$1" 2>/dev/null | tr -d ' '; }

# cpu_seconds PID: the CPU time (user + system) a process used so far, in seconds.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }

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

# per_s COUNT MS: a rate per second from a count and milliseconds (a 0 ms run counts as 1 ms).
per_s() { echo $(( $1 * 1000 / ($2 > 0 ? $2 : 1) )); }
