#!/usr/bin/env bash
# Kring benchmarks (`make bench` runs this after building build/kring and web/dist).
#
#   bench/run.sh                        every section, in order
#   BENCH_ONLY=http,write bench/run.sh  a subset
#
# The report goes to stdout and to build/bench/report.md (markdown); figures to build/bench/results.json.
# Everything started here (servers, nginx, a PostgreSQL cluster, temporary folders) is removed on exit,
# whether the run ends normally, fails or is interrupted.
#
# Environment:
#   BENCH_ONLY            comma-separated sections to run (default: all; see SECTIONS below)
#   BENCH_SECONDS         wrk duration per HTTP target, seconds (default 10)
#   BENCH_WARMUP          wrk warm-up per HTTP target before measuring, seconds (default 2; 0 = none)
#   BENCH_MEMBERS         members seeded for the HTTP section (default 10000)
#   BENCH_WRITE_SECONDS   measured seconds per write mode (default 5)
#   BENCH_WRITERS         concurrent writers for the write section (default 16)
#   BENCH_NETWORK_MEMBERS members generated for the network section (default 1000000)
#   BENCH_NETWORK_AVG     average connections per member for the network section (default 100)
#   BENCH_SEARCH_MEMBERS  members seeded for the search section (default 1000000, the size the search targets are set for)
#   BENCH_FEED_MEMBERS    members generated for the feed section (default 1000000)
#   BENCH_FEED_AVG        average connections per member for the feed section (default 20)
#   BENCH_POSTGRES        0 = skip the PostgreSQL comparison (default 1: start a throwaway cluster, fsync on)
#   BENCH_PG_URL          use this PostgreSQL server (needs CREATE DATABASE) instead of starting one
#   BENCH_TMPDIR          where temporary databases live (default /tmp; use a real disk, not tmpfs)
#   KRING_BIN             the binary (default build/kring)
#   BENCH_OUT             output folder (default build/bench)
#
# Adding a section: write a function section_NAME that prints its part of the report with `md`, stores its
# figures with `result NAME JSON`, registers anything it starts with `defer`, and add NAME to SECTIONS.
# Each section runs in its own subshell with `set -e`; a failing section is reported and the others still run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SECTIONS=(http write network search feed)

KRING=${KRING_BIN:-build/kring}
OUT=${BENCH_OUT:-build/bench}
REPORT="$OUT/report.md"
RESULTS="$OUT/results.json"
TOOL=(python3 bench/tool.py)
BENCH_SECONDS=${BENCH_SECONDS:-10}
BENCH_WARMUP=${BENCH_WARMUP:-2}
BENCH_MEMBERS=${BENCH_MEMBERS:-10000}
BENCH_WRITE_SECONDS=${BENCH_WRITE_SECONDS:-5}
BENCH_WRITERS=${BENCH_WRITERS:-16}
BENCH_NETWORK_MEMBERS=${BENCH_NETWORK_MEMBERS:-1000000}
BENCH_NETWORK_AVG=${BENCH_NETWORK_AVG:-100}
BENCH_SEARCH_MEMBERS=${BENCH_SEARCH_MEMBERS:-1000000}
BENCH_FEED_MEMBERS=${BENCH_FEED_MEMBERS:-1000000}
BENCH_FEED_AVG=${BENCH_FEED_AVG:-20}
BENCH_POSTGRES=${BENCH_POSTGRES:-1}
WRK_THREADS=2
WRK_CONNECTIONS=64
PROFILE_TARGET=0.5  # profile reads should reach at least half of nginx's static-file throughput

# ---- plumbing ----------------------------------------------------------------------------------------

log() { echo "==> $*" >&2; }
die() {
  echo "bench: $*" >&2
  exit 1
}
# A line of the report: printed and appended to report.md.
md() { printf '%s\n' "$*" | tee -a "$REPORT"; }
# Stores a section's figures (one JSON value); results.json gathers them at the end.
result() { printf '%s\n' "$2" >"$WORK/results/$1.json"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown; }
need() { command -v "$1" >/dev/null 2>&1 || die "$1 is not installed (make deps installs it)"; }

WORK=$(mktemp -d "${BENCH_TMPDIR:-/tmp}/kring-bench.XXXXXX")
chmod 711 "$WORK"  # nginx workers and the PostgreSQL server may run as other users
mkdir -p "$WORK/results"

# Registers a command to run at exit (in reverse order). Works from section subshells.
defer() {
  printf '%q ' "$@" >>"$WORK/deferred"
  echo >>"$WORK/deferred"
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -f "$WORK/deferred" ]]; then
    tac "$WORK/deferred" | while IFS= read -r line; do eval "$line" >/dev/null 2>&1 || true; done
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Stops a process: SIGTERM, up to 10 s to exit, then SIGKILL.
stop_pid() {
  local pid=$1 state i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 100; i++)); do
    state=$(ps -o stat= -p "$pid" 2>/dev/null) || break
    [[ $state == Z* ]] && break  # exited; waiting to be reaped by its parent
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

alive() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $state != Z* ]]
}

# Waits until URL answers 200 while process PID runs; fails after SECONDS.
wait_ready() {
  local url=$1 pid=$2 seconds=$3 i
  for ((i = 0; i < seconds * 10; i++)); do
    [[ $("${TOOL[@]}" http-get "$url") == 200 ]] && return 0
    alive "$pid" || return 1
    sleep 0.1
  done
  return 1
}

# Runs wrk against URL; saves the raw output as $dir/wrk-NAME.txt and the parsed figures as $dir/NAME.json.
run_wrk() {
  local dir=$1 name=$2 url=$3
  if ((BENCH_WARMUP > 0)); then
    wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${BENCH_WARMUP}s" "$url" >/dev/null
  fi
  log "wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${BENCH_SECONDS}s --latency $url"
  wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${BENCH_SECONDS}s" --latency "$url" >"$dir/wrk-$name.txt"
  "${TOOL[@]}" wrk "$dir/wrk-$name.txt" >"$dir/$name.json"
}

get() { "${TOOL[@]}" get "$@"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "null" }'; }

# Milliseconds per synchronous 4 KiB write in folder DIR (dd oflag=dsync, 200 writes): what one fsync costs on
# that disk right now. It drifts with other disk activity on the machine, so sections that depend on it show it.
sync_write_ms() {
  local secs
  secs=$(LC_ALL=C dd if=/dev/zero of="$1/sync-probe" bs=4k count=200 oflag=dsync 2>&1 |
    awk '/copied/ { for (i = 1; i <= NF; i++) if ($i == "s," || $i == "s") { print $(i - 1); exit } }')
  rm -f "$1/sync-probe"
  awk -v s="${secs:-0}" 'BEGIN { printf "%.2f", s * 1000 / 200 }'
}

# ---- PostgreSQL: a throwaway cluster with fsync on, for durable comparisons --------------------------

pg_bindir() {
  local dir=""
  if command -v pg_config >/dev/null 2>&1; then dir=$(pg_config --bindir 2>/dev/null || true); fi
  if [[ -z "$dir" || ! -x "$dir/initdb" ]]; then dir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1); fi
  [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]] && echo "$dir"
}

pg_stop() {  # BINDIR DIR USER
  (cd "$2" && ${3:+runuser -u "$3" --} "$1/pg_ctl" -D "$2/data" -m immediate -w -t 30 stop) || true
}

# Starts a cluster under $WORK/pg and prints its admin URL; the cluster is stopped at exit.
pg_start() {
  local bindir dir="$WORK/pg" user="" port="" candidate i
  bindir=$(pg_bindir) || { log "PostgreSQL server binaries not found"; return 1; }
  mkdir -p "$dir"
  if [[ $(id -u) -eq 0 ]]; then  # initdb refuses to run as root
    user=postgres
    id -u "$user" >/dev/null 2>&1 || { log "no 'postgres' system user to run PostgreSQL"; return 1; }
    chown "$user" "$dir"
  fi
  local as=(${user:+runuser -u "$user" --})
  (cd "$dir" && "${as[@]}" "$bindir/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 --locale=C \
    >"$dir/initdb.log" 2>&1) || { log "initdb failed: $(tail -n 3 "$dir/initdb.log")"; return 1; }
  (cd "$dir" && "${as[@]}" mkdir -p "$dir/sock")
  defer pg_stop "$bindir" "$dir" "$user"
  for ((i = 0; i < 5; i++)); do
    candidate=$("${TOOL[@]}" free-port)
    if (cd "$dir" && "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o \
      "-c listen_addresses=127.0.0.1 -p $candidate -k $dir/sock -c fsync=on -c synchronous_commit=on \
-c full_page_writes=on -c max_connections=100 -c shared_buffers=128MB" start >/dev/null 2>&1); then
      port=$candidate
      break
    fi
    pg_stop "$bindir" "$dir" "$user"
  done
  [[ -n "$port" ]] || { log "the PostgreSQL server did not start: $(tail -n 3 "$dir/server.log" 2>/dev/null)"; return 1; }
  echo "postgresql://postgres@127.0.0.1:$port/postgres"
}

# ---- sections ----------------------------------------------------------------------------------------

# Profile reads over HTTP against nginx serving the same bytes as a static file.
section_http() {
  need wrk
  local nginx dir="$WORK/http" kport nport kpid npid url_profile
  nginx=$(command -v nginx || echo /usr/sbin/nginx)
  [[ -x "$nginx" ]] || die "nginx is not installed (make deps installs nginx-light)"
  mkdir -p "$dir/www" "$dir/nginx"
  chmod 755 "$dir" "$dir/www"

  md "## HTTP: profile reads vs nginx static file"
  md ""
  local load
  load=$(loadavg)
  log "seeding $BENCH_MEMBERS members"
  "$KRING" seed --db "sqlite:$dir/kring.db" --members "$BENCH_MEMBERS" --seed 1 >"$dir/seed.log" 2>&1 ||
    { cat "$dir/seed.log" >&2; die "seeding failed"; }

  kport=$("${TOOL[@]}" free-port)
  "$KRING" serve --db "sqlite:$dir/kring.db" --quiet --listen "127.0.0.1:$kport" >"$dir/kring.log" 2>&1 &
  kpid=$!
  defer stop_pid "$kpid"
  wait_ready "http://127.0.0.1:$kport/healthz" "$kpid" 120 ||
    { tail -n 20 "$dir/kring.log" >&2; die "kring serve did not become ready"; }
  url_profile="http://127.0.0.1:$kport/api/v1/members/demi-kring"
  [[ $("${TOOL[@]}" http-get "$url_profile" "$dir/www/profile.json") == 200 ]] ||
    die "GET $url_profile did not answer 200"
  chmod 644 "$dir/www/profile.json"

  run_wrk "$dir" kring_profile "$url_profile"
  run_wrk "$dir" kring_healthz "http://127.0.0.1:$kport/healthz"
  stop_pid "$kpid"

  # nginx serves the very body kring returned, at the same path, as application/json with keep-alive.
  nport=$("${TOOL[@]}" free-port)
  cat >"$dir/nginx.conf" <<EOF
worker_processes 2;
daemon off;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  keepalive_requests 100000000;
  client_body_temp_path $dir/nginx/body;
  proxy_temp_path $dir/nginx/proxy;
  fastcgi_temp_path $dir/nginx/fastcgi;
  uwsgi_temp_path $dir/nginx/uwsgi;
  scgi_temp_path $dir/nginx/scgi;
  types { }
  server {
    listen 127.0.0.1:$nport;
    location = /api/v1/members/demi-kring {
      default_type application/json;
      alias $dir/www/profile.json;
    }
  }
}
EOF
  "$nginx" -e "$dir/nginx/error.log" -c "$dir/nginx.conf" -p "$dir/nginx" >"$dir/nginx/stdout.log" 2>&1 &
  npid=$!
  defer stop_pid "$npid"
  wait_ready "http://127.0.0.1:$nport/api/v1/members/demi-kring" "$npid" 20 ||
    { cat "$dir/nginx/stdout.log" "$dir/nginx/error.log" >&2 2>/dev/null; die "nginx did not start"; }
  run_wrk "$dir" nginx_static "http://127.0.0.1:$nport/api/v1/members/demi-kring"
  stop_pid "$npid"

  local r verdict pass name
  r=$(ratio "$(get "$dir/kring_profile.json" rps)" "$(get "$dir/nginx_static.json" rps)")
  if awk -v r="$r" -v t="$PROFILE_TARGET" 'BEGIN { exit !(r >= t) }'; then verdict=PASS pass=true; else verdict="BELOW TARGET" pass=false; fi

  md "wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${BENCH_SECONDS}s --latency (after a ${BENCH_WARMUP}s warm-up), one target at a" \
    "time; $BENCH_MEMBERS seeded members; kring serve with default threads (2 I/O); nginx with 2 workers." \
    "The profile body is $(wc -c <"$dir/www/profile.json") bytes. Load average before the section: $load."
  md ""
  md "| target | requests/s | p50 ms | p99 ms | non-2xx | socket errors |"
  md "|---|---:|---:|---:|---:|---:|"
  for name in kring_profile kring_healthz nginx_static; do
    local label
    case $name in
      kring_profile) label="kring GET /api/v1/members/demi-kring" ;;
      kring_healthz) label="kring GET /healthz" ;;
      nginx_static) label="nginx, same body as a static file" ;;
    esac
    md "| $label | $(get "$dir/$name.json" rps) | $(get "$dir/$name.json" p50_ms) | $(get "$dir/$name.json" p99_ms)" \
      "| $(get "$dir/$name.json" non_2xx) | $(get "$dir/$name.json" socket_errors) |"
  done
  md ""
  md "Profile reads / nginx static: **$r** (target ≥ $PROFILE_TARGET): **$verdict**"
  md ""
  for name in kring_profile kring_healthz nginx_static; do
    if [[ $(get "$dir/$name.json" non_2xx) != 0 || $(get "$dir/$name.json" socket_errors) != 0 ]]; then
      md "**Warning:** $name saw failed responses or socket errors; its rate does not measure successful reads."
      md ""
    fi
  done
  result http "$("${TOOL[@]}" obj kring_profile="@$dir/kring_profile.json" kring_healthz="@$dir/kring_healthz.json" \
    nginx_static="@$dir/nginx_static.json" profile_vs_nginx:="$r" target:="$PROFILE_TARGET" pass:="$pass" \
    seconds:="$BENCH_SECONDS" threads:="$WRK_THREADS" connections:="$WRK_CONNECTIONS" members:="$BENCH_MEMBERS" \
    load_before="$load")"
}

# Durable write throughput: SQLite group commit vs one fsync per transaction (and PostgreSQL, fsync on).
section_write() {
  local dir="$WORK/write" pg_url="" pg_note args fs load
  mkdir -p "$dir"
  load=$(loadavg)
  "$KRING" bench write --help 2>&1 | grep -- --writers >/dev/null || die "$KRING has no 'bench write' command"

  md "## Writes: durable write throughput"
  md ""
  if [[ -n "${BENCH_PG_URL:-}" ]]; then
    pg_url=$BENCH_PG_URL
    pg_note="PostgreSQL: the server at BENCH_PG_URL."
  elif [[ $BENCH_POSTGRES != 0 ]]; then
    log "starting a throwaway PostgreSQL cluster (fsync on)"
    if pg_url=$(pg_start); then
      pg_note="PostgreSQL: a throwaway local cluster with fsync=on, synchronous_commit=on, default WAL settings."
    else
      pg_url=""
      pg_note="PostgreSQL: skipped (a cluster could not be started)."
    fi
  else
    pg_note="PostgreSQL: skipped (BENCH_POSTGRES=0)."
  fi

  local sync_before sync_after
  sync_before=$(sync_write_ms "$dir")
  args=(bench write --writers "$BENCH_WRITERS" --seconds "$BENCH_WRITE_SECONDS" --json)
  [[ -n "$pg_url" ]] && args+=(--compare-postgres "$pg_url")
  log "$KRING ${args[*]}"
  TMPDIR="$dir" "$KRING" "${args[@]}" >"$dir/out.txt" 2> >(tee "$dir/err.txt" >&2) ||
    { cat "$dir/out.txt"; die "kring bench write failed"; }
  tail -n 1 "$dir/out.txt" >"$dir/result.json"
  sync_after=$(sync_write_ms "$dir")
  fs=$(df --output=fstype "$dir" 2>/dev/null | tail -n 1 || echo unknown)

  md "$BENCH_WRITERS writers for ${BENCH_WRITE_SECONDS}s per mode, the modes taking turns in" \
    "$(get "$dir/result.json" rounds) rounds; each transaction inserts one member and appends one change-log" \
    "entry. SQLite files on $fs; one synchronous 4 KiB write there took $sync_before ms before the run and" \
    "$sync_after ms after it. $pg_note Load average before the section: $load."
  [[ $fs == tmpfs ]] && md "**Warning:** tmpfs makes fsync free; set BENCH_TMPDIR to a folder on a real disk."
  md ""
  md "| mode | tx/s | p50 µs | p99 µs | max µs | errors |"
  md "|---|---:|---:|---:|---:|---:|"
  local key label
  for key in sqlite_group_commit sqlite_no_group_commit sqlite_unsafe postgres; do
    [[ $(get "$dir/result.json" "$key") == null ]] && continue
    case $key in
      sqlite_group_commit) label="SQLite, group commit (durable)" ;;
      sqlite_no_group_commit) label="SQLite, one fsync per transaction (durable)" ;;
      sqlite_unsafe) label="SQLite, synchronous=OFF (not durable; ceiling)" ;;
      postgres) label="PostgreSQL $(get "$dir/result.json" postgres.server_version) (fsync=$(get "$dir/result.json" postgres.fsync))" ;;
    esac
    md "| $label | $(get "$dir/result.json" "$key.tps") | $(get "$dir/result.json" "$key.p50_us")" \
      "| $(get "$dir/result.json" "$key.p99_us") | $(get "$dir/result.json" "$key.max_us") | $(get "$dir/result.json" "$key.errors") |"
  done
  md ""
  md "Group commit speedup over one fsync per transaction: **$(get "$dir/result.json" group_commit_speedup)x**"
  md ""
  result write "$("${TOOL[@]}" obj "@$dir/result.json" filesystem="$fs" sync_write_ms_before:="$sync_before" \
    sync_write_ms_after:="$sync_after" load_before="$load")"
}

# The connection graph engine on a generated network (`kring bench network`), and the same four questions in
# plain SQL on PostgreSQL, same data, same run.
# Runs `$KRING <args>` (a benchmark printing one JSON line last) against PostgreSQL as configured: the server at
# BENCH_PG_URL, else a throwaway cluster (tests/support/with-postgres.sh: fsync off, 128 MB shared buffers; never
# a test cluster named by KRING_TEST_PG_URL), or none with BENCH_POSTGRES=0. Output in DIR/out.txt, stderr also
# in DIR/err.txt, the JSON line in DIR/result.json; sets PG_NOTE for the report. Dies when the benchmark fails.
#   run_bench_with_postgres DIR NAME ARGS...
run_bench_with_postgres() {
  local dir=$1 name=$2 status
  shift 2
  log "$KRING $*"
  set +e
  if [[ -n "${BENCH_PG_URL:-}" ]]; then
    PG_NOTE="PostgreSQL: the server at BENCH_PG_URL."
    TMPDIR="$dir" "$KRING" "$@" --compare-postgres "$BENCH_PG_URL" >"$dir/out.txt" 2> >(tee "$dir/err.txt" >&2)
  elif [[ $BENCH_POSTGRES != 0 ]]; then
    PG_NOTE="PostgreSQL: a throwaway local cluster (tests/support/with-postgres.sh: default settings except fsync=off and 128 MB shared_buffers)."
    TMPDIR="$dir" env -u KRING_TEST_PG_URL tests/support/with-postgres.sh \
      bash -c '"$@" --compare-postgres "$KRING_TEST_PG_URL"' "$name" "$KRING" "$@" \
      >"$dir/out.txt" 2> >(tee "$dir/err.txt" >&2)
  else
    PG_NOTE="PostgreSQL: skipped (BENCH_POSTGRES=0)."
    TMPDIR="$dir" "$KRING" "$@" >"$dir/out.txt" 2> >(tee "$dir/err.txt" >&2)
  fi
  status=$?
  set -e
  ((status == 0)) || { cat "$dir/out.txt"; die "kring $name failed (exit $status)"; }
  tail -n 1 "$dir/out.txt" >"$dir/result.json"
}

# Milliseconds for a table cell; "–" for null.
ms() { awk -v x="$1" 'BEGIN { if (x == "null" || x == "") print "–"; else printf "%.2f ms", x }'; }

section_network() {
  local dir="$WORK/network" load pg_note args
  mkdir -p "$dir"
  load=$(loadavg)
  "$KRING" bench network --help 2>&1 | grep -- --avg-connections >/dev/null || die "$KRING has no 'bench network' command"

  md "## Network: connection graph queries vs PostgreSQL"
  md ""
  args=(bench network --members "$BENCH_NETWORK_MEMBERS" --avg-connections "$BENCH_NETWORK_AVG" --seed 1 --json)
  run_bench_with_postgres "$dir" network-bench "${args[@]}"
  pg_note=$PG_NOTE
  local r="$dir/result.json" pg
  pg=$(get "$r" postgres)

  # Microseconds as µs below 1 ms, else ms; "–" for null.
  us() { awk -v x="$1" 'BEGIN { if (x == "null" || x == "") print "–"; else if (x >= 1000) printf "%.2f ms", x / 1000; else printf "%.1f µs", x }'; }
  verdict() { [[ $(get "$r" "targets.$1.pass") == true ]] && echo PASS || echo MISSED; }
  # PG ÷ Kring for a question; "≥" when some PostgreSQL queries were stopped by the timeout.
  ratio_cell() {
    local x
    x=$(get "$r" "ratios.$1")
    if [[ $x == null ]]; then echo "–"; return; fi
    [[ $(get "$r" "postgres.$1.timeouts") =~ ^[1-9] ]] && x="≥ $x"
    echo "$x×"
  }

  md "$(get "$r" members) members, $(get "$r" connections) connections (max degree $(get "$r" max_degree)), generated by" \
    "\`generate_social_graph\` (seed 1), written into a fresh SQLite store and loaded with \`GraphIndex::load\`" \
    "as \`kring serve\` does. Kring: one thread, in process. $pg_note PostgreSQL answers the first samples of the" \
    "same lists through libpq (loopback round trip included); the ratio compares p50s on those same samples." \
    "Load average before the section: $load."
  md ""
  md "| question | Kring p50 | Kring p99 | Kring p99, preempted runs repeated | PostgreSQL p50 | PostgreSQL p99 | samples Kring / PG | PG ÷ Kring (p50) |"
  md "|---|---:|---:|---:|---:|---:|---:|---:|"
  local key label
  for key in degree mutual path pymk; do
    case $key in
      degree) label="degree of separation (1st/2nd/3rd/beyond)" ;;
      mutual) label="mutual connections (first 10 + count)" ;;
      path) label="shortest path" ;;
      pymk) label="people you may know, viewers with ~500 connections" ;;
    esac
    md "| $label | $(us "$(get "$r" "kring.$key.p50_us")") | $(us "$(get "$r" "kring.$key.p99_us")")" \
      "| $(us "$(get "$r" "kring.$key.unpreempted_p99_us")") | $(us "$(get "$r" "postgres.$key.p50_us")")" \
      "| $(us "$(get "$r" "postgres.$key.p99_us")") | $(get "$r" "kring.$key.samples") / $(get "$r" "postgres.$key.samples" | sed 's/^null$/–/')" \
      "| $(ratio_cell "$key") |"
  done
  md ""
  md "- Load: \`GraphIndex::load\` from the store **$(get "$r" load_seconds) s**; \`Graph::build\` from the edge list alone" \
    "$(get "$r" build_seconds) s. Memory: **$(get "$r" memory_bytes_per_connection) bytes per directed connection**" \
    "($(get "$r" memory_bytes) bytes)."
  if [[ $pg != null ]]; then
    md "- PostgreSQL $(get "$r" postgres.server_version): loaded with COPY in $(get "$r" postgres.load_seconds) s." \
      "Shortest path as a recursive CTE with a $(get "$r" postgres.path.max_hops)-hop limit and a" \
      "$(get "$r" postgres.path.timeout_ms) ms statement_timeout: $(get "$r" postgres.path.timeouts) of" \
      "$(get "$r" postgres.path.samples) timed out (counted at the timeout), $(get "$r" postgres.path.cut) cut at the hop limit."
    md "- Same answers: degree $(get "$r" postgres.degree.agree)/$(get "$r" postgres.degree.samples), mutual" \
      "$(get "$r" postgres.mutual.agree)/$(get "$r" postgres.mutual.samples), path" \
      "$(get "$r" postgres.path.agree)/$(get "$r" postgres.path.samples), people you may know" \
      "$(get "$r" postgres.pymk.agree)/$(get "$r" postgres.pymk.samples) (top-20 scores)."
  fi
  md ""
  local pg_target=""
  [[ $pg != null ]] && pg_target="people you may know ≥ 100× faster than PostgreSQL **$(verdict pymk_vs_postgres)** ($(get "$r" targets.pymk_vs_postgres.value)×); "
  md "Targets: degree p99 ≤ 20 µs **$(verdict degree_p99_us)** ($(get "$r" targets.degree_p99_us.value) µs);" \
    "people you may know p99 ≤ 20 ms **$(verdict pymk_p99_ms)** ($(get "$r" targets.pymk_p99_ms.value) ms," \
    "$(get "$r" targets.pymk_p99_ms.unpreempted) ms with preempted runs repeated);" \
    "${pg_target}≤ 16 bytes per directed connection **$(verdict bytes_per_connection)**; load ≤ 60 s **$(verdict load_seconds)**."
  md ""
  md '```'
  head -n -1 "$dir/out.txt" | tee -a "$REPORT"
  md '```'
  md ""
  result network "$("${TOOL[@]}" obj "@$r" load_before="$load")"
}

# People search (`kring bench search`): the Xapian people index on seeded profiles, against SQLite FTS5 and
# PostgreSQL full-text search over the same fields, same data, same run.
section_search() {
  local dir="$WORK/search" load pg_note args
  mkdir -p "$dir"
  load=$(loadavg)
  "$KRING" bench search --help 2>&1 | grep -- --members >/dev/null || die "$KRING has no 'bench search' command"

  md "## Search: people search vs SQLite FTS5 and PostgreSQL full-text search"
  md ""
  args=(bench search --members "$BENCH_SEARCH_MEMBERS" --seed 1 --json)
  run_bench_with_postgres "$dir" search-bench "${args[@]}"
  pg_note=$PG_NOTE
  local r="$dir/result.json" pg
  pg=$(get "$r" postgres)

  md "$(get "$r" members) members, $(get "$r" connections) connections seeded by \`kring seed\` (seed 1) into a" \
    "fresh SQLite store; the people index loaded from a snapshot as \`kring serve\` does. $(get "$r" queries) queries" \
    "per question, parameters drawn from the data; one thread. SQLite FTS5 in the same file; $pg_note" \
    "Load average before the section: $load."
  md ""
  md "| question | Kring p50 | Kring p99 | FTS5 p50 | FTS5 p99 | PostgreSQL p50 | PostgreSQL p99 | target (Kring p99) |"
  md "|---|---:|---:|---:|---:|---:|---:|---|"
  local key label target v
  for key in name skill_city title_company_2nd typeahead; do
    case $key in
      name) label="a name (free text)"; target=20 ;;
      skill_city) label="skill + city"; target=20 ;;
      title_company_2nd) label="title + company, max_degree=2"; target=20 ;;
      typeahead) label="typeahead, 3 letters"; target=5 ;;
    esac
    v=$(get "$r" "kring.$key.p99_ms")
    md "| $label | $(ms "$(get "$r" "kring.$key.p50_ms")") | $(ms "$v") | $(ms "$(get "$r" "sqlite_fts5.$key.p50_ms")")" \
      "| $(ms "$(get "$r" "sqlite_fts5.$key.p99_ms")") | $(ms "$(get "$r" "postgres.$key.p50_ms" 2>/dev/null || echo null)")" \
      "| $(ms "$(get "$r" "postgres.$key.p99_ms" 2>/dev/null || echo null)")" \
      "| ≤ $target ms **$(awk -v x="$v" -v t="$target" 'BEGIN { print (x <= t ? "PASS" : "MISSED") }')** |"
  done
  md ""
  md "- Indexing: Kring $(get "$r" kring.members_per_second | cut -d. -f1) members/s, RSS growth" \
    "$(get "$r" kring.index_bytes) bytes; SQLite FTS5 $(get "$r" sqlite_fts5.members_per_second | cut -d. -f1) members/s," \
    "$(get "$r" sqlite_fts5.index_bytes) bytes added to the file."
  if [[ $pg != null ]]; then
    md "- PostgreSQL $(get "$r" postgres.server_version): COPY + GIN indexes $(get "$r" postgres.members_per_second | cut -d. -f1)" \
      "members/s, GIN indexes $(get "$r" postgres.index_bytes) bytes."
  fi
  md ""
  md '```'
  head -n -1 "$dir/out.txt" | tee -a "$REPORT"
  md '```'
  md ""
  result search "$("${TOOL[@]}" obj "@$r" load_before="$load")"
}

# The feed (`kring bench feed`): FeedService's relevant and recent pages from memory on a generated month of
# posts, reactions and comments, and the same feeds in plain SQL on PostgreSQL, same data, same run.
section_feed() {
  local dir="$WORK/feed" load pg_note args
  mkdir -p "$dir"
  load=$(loadavg)
  "$KRING" bench feed --help 2>&1 | grep -- --days >/dev/null || die "$KRING has no 'bench feed' command"

  md "## Feed: relevant and recent pages vs PostgreSQL"
  md ""
  args=(bench feed --members "$BENCH_FEED_MEMBERS" --avg-connections "$BENCH_FEED_AVG" --days 30 --seed 1 --json)
  run_bench_with_postgres "$dir" feed-bench "${args[@]}"
  pg_note=$PG_NOTE
  local r="$dir/result.json" pg
  pg=$(get "$r" postgres)
  ratio_cell() { awk -v x="$1" 'BEGIN { if (x == "null" || x == "") print "–"; else printf "%.0f×", x }'; }
  mib() { awk -v x="$1" 'BEGIN { if (x == "null" || x == "") print "–"; else printf "%.0f MiB", x / 1048576 }'; }
  verdict() { [[ $(get "$r" "targets.$1.pass") == true ]] && echo PASS || echo MISSED; }

  md "$(get "$r" members) members, $(get "$r" connections) connections (max degree $(get "$r" max_degree)) from" \
    "\`generate_social_graph\`; $(get "$r" data.posts) posts over $(get "$r" days) days" \
    "($(get "$r" data.posts_per_member_day) per member per day) with $(get "$r" data.reactions) reactions and" \
    "$(get "$r" data.comments) comments ($(get "$r" data.interactions_per_post) per post), written into a" \
    "\`FeedIndex\` through its mutators (seed 1). Kring: \`FeedService\`, one thread, in process, limit 10." \
    "$pg_note PostgreSQL answers the first samples of the same lists in SQL through libpq (loopback round trip" \
    "included); the ratio compares p50s on those same samples. Load average before the section: $load."
  md ""
  md "| viewers (connections) | mode | Kring p50 | Kring p99 | Kring p99, preempted runs repeated | Kring max | PostgreSQL p50 | PostgreSQL p99 | PG ÷ Kring (p50) |"
  md "|---|---|---:|---:|---:|---:|---:|---:|---:|"
  local b mode label who
  for b in $(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["buckets"].keys()))' "$r"); do
    who="~$b ($(get "$r" "buckets.$b.viewers") viewers, $(get "$r" "buckets.$b.degree_min")–$(get "$r" "buckets.$b.degree_max"))"
    for mode in relevant relevant_page2 recent; do
      case $mode in
        relevant) label="relevant, page 1" ;;
        relevant_page2) label="relevant, page 2 (cursor)" ;;
        recent) label="recent, page 1" ;;
      esac
      md "| $who | $label | $(ms "$(get "$r" "buckets.$b.kring.$mode.p50_ms")") | $(ms "$(get "$r" "buckets.$b.kring.$mode.p99_ms")")" \
        "| $(ms "$(get "$r" "buckets.$b.kring.$mode.unpreempted_p99_ms")") | $(ms "$(get "$r" "buckets.$b.kring.$mode.max_ms")")" \
        "| $(ms "$(get "$r" "buckets.$b.postgres.$mode.p50_ms")") | $(ms "$(get "$r" "buckets.$b.postgres.$mode.p99_ms")")" \
        "| $(ratio_cell "$(get "$r" "buckets.$b.ratios.$mode")") |"
      who=""
    done
  done
  md ""
  md "- Memory: \`FeedIndex\` **$(mib "$(get "$r" memory.index_bytes)")** ($(get "$r" memory.bytes_per_post) bytes per post," \
    "interactions and members included); RSS growth while filling $(mib "$(get "$r" memory.rss_growth_bytes)")." \
    "Throughput, relevant page 1 on $(get "$r" throughput.threads) threads: $(get "$r" throughput.qps) queries/s."
  if [[ $pg != null ]]; then
    md "- PostgreSQL $(get "$r" postgres.server_version): loaded in $(get "$r" postgres.load_seconds) s (COPY" \
      "$(get "$r" postgres.copy_seconds) s, indexes $(get "$r" postgres.index_seconds) s, VACUUM ANALYZE" \
      "$(get "$r" postgres.analyze_seconds) s); database $(mib "$(get "$r" postgres.database_bytes)")."
    for b in $(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["buckets"].keys()))' "$r"); do
      md "- Same answers, ~$b connections: recent pages identical $(get "$r" "buckets.$b.postgres.recent_agree") of" \
        "$(get "$r" "buckets.$b.postgres.relevant.samples"); relevant pages identical" \
        "$(get "$r" "buckets.$b.postgres.relevant_identical"), $(get "$r" "buckets.$b.postgres.relevant_overlap_at_10")" \
        "of Kring's top 10 in PostgreSQL's top 10, scores equal for $(get "$r" "buckets.$b.postgres.relevant_scores_equal")" \
        "of $(get "$r" "buckets.$b.postgres.relevant_scores_compared") posts on both pages."
    done
  fi
  md ""
  local pg_target=""
  [[ $pg != null ]] && pg_target=" relevant mode ≥ 20× faster than PostgreSQL at ~500 connections **$(verdict relevant_vs_postgres_500)** ($(get "$r" targets.relevant_vs_postgres_500.value)×)."
  md "Targets: relevant p99 ≤ 25 ms at ~500 connections **$(verdict relevant_p99_ms_500)**" \
    "($(get "$r" targets.relevant_p99_ms_500.value) ms, $(get "$r" targets.relevant_p99_ms_500.unpreempted) ms with preempted" \
    "runs repeated);${pg_target}"
  md ""
  md '```'
  head -n -1 "$dir/out.txt" | tee -a "$REPORT"
  md '```'
  md ""
  result feed "$("${TOOL[@]}" obj "@$r" load_before="$load")"
}

# ---- main --------------------------------------------------------------------------------------------

main() {
  local selected=() s known rc failed=()
  if [[ -n "${BENCH_ONLY:-}" ]]; then
    IFS=, read -r -a selected <<<"$BENCH_ONLY"
    for s in "${selected[@]}"; do
      known=0
      for k in "${SECTIONS[@]}"; do [[ $k == "$s" ]] && known=1; done
      ((known)) || die "unknown section '$s' in BENCH_ONLY (sections: ${SECTIONS[*]})"
    done
  else
    selected=("${SECTIONS[@]}")
  fi
  [[ -x "$KRING" ]] || die "$KRING not found: run make build"
  need python3

  mkdir -p "$OUT"
  : >"$REPORT"
  local date machine cpu
  date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
  machine="$(nproc) cores${cpu:+ ($cpu)}, $(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), Linux $(uname -r)"
  md "# Kring benchmarks"
  md ""
  md "$date · $machine · $(git rev-parse --short HEAD 2>/dev/null || echo "unknown commit") · sections: ${selected[*]}"
  md ""
  result _meta "$("${TOOL[@]}" obj date="$date" machine="$machine" cores:="$(nproc)" \
    commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)")"

  for s in "${selected[@]}"; do
    log "section $s"
    set +e
    (
      set -e
      "section_$s"
    )
    rc=$?
    set -e
    if ((rc != 0)); then
      failed+=("$s")
      md "**Section $s failed (exit $rc); see the messages above.**"
      md ""
      result "$s" '{"error": "failed"}'
    fi
  done

  local pairs=(meta="@$WORK/results/_meta.json")
  for s in "${selected[@]}"; do pairs+=("$s=@$WORK/results/$s.json"); done
  "${TOOL[@]}" obj "${pairs[@]}" >"$RESULTS"
  log "report: $REPORT; figures: $RESULTS"
  ((${#failed[@]} == 0)) || die "failed sections: ${failed[*]}"
}

main "$@"
