#!/usr/bin/env bash
# Usage: tests/support/with-postgres.sh COMMAND [ARGS...]
#
# Runs COMMAND with a throwaway PostgreSQL cluster listening on a free loopback port, exported as
# KRING_TEST_PG_URL=postgresql://postgres@127.0.0.1:PORT/postgres (trust authentication). The cluster and its
# folder are removed when COMMAND ends, whatever its outcome; the script exits with COMMAND's status.
# When KRING_TEST_PG_URL is already set, COMMAND runs against that cluster instead.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

if [[ -n "${KRING_TEST_PG_URL:-}" ]]; then
  exec "$@"
fi

die() {
  echo "with-postgres: $*" >&2
  exit 1
}

# The server binaries: pg_config's bindir when it holds initdb, else the newest Debian-style install.
find_bindir() {
  local dir=""
  if command -v pg_config >/dev/null 2>&1; then
    dir=$(pg_config --bindir 2>/dev/null || true)
    if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
      echo "$dir"
      return
    fi
  fi
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
    echo "$dir"
    return
  fi
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v pg_ctl)"
    return
  fi
  die "cannot find the PostgreSQL server binaries (initdb, pg_ctl); install the postgresql package"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

BINDIR=$(find_bindir)

# initdb refuses to run as root: run the cluster as an unprivileged system user then.
RUN_AS=()
if [[ $(id -u) -eq 0 ]]; then
  PG_USER=postgres
  if ! id -u "$PG_USER" >/dev/null 2>&1; then
    PG_USER=kringpg
    if ! id -u "$PG_USER" >/dev/null 2>&1; then
      useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER" >/dev/null 2>&1 ||
        die "cannot create the system user $PG_USER to run PostgreSQL"
    fi
  fi
  RUN_AS=(runuser -u "$PG_USER" --)
  # A folder the unprivileged user can reach (TMPDIR may be private to root).
  WORK=$(mktemp -d /tmp/kring-pg.XXXXXX)
  chown "$PG_USER" "$WORK"
else
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/kring-pg.XXXXXX")
fi
DATA="$WORK/data"
SOCK="$WORK/sock"
LOG="$WORK/server.log"
STARTED=0

# Runs a server binary as the cluster's owner, from a folder it can read.
as_owner() {
  (cd "$WORK" && "${RUN_AS[@]}" "$@")
}

cleanup() {
  if [[ $STARTED -eq 1 ]]; then
    as_owner "$BINDIR/pg_ctl" -D "$DATA" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! as_owner "$BINDIR/initdb" -D "$DATA" -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8 \
    >"$WORK/initdb.log" 2>&1; then
  rm -rf "$DATA"
  as_owner "$BINDIR/initdb" -D "$DATA" -A trust -U postgres --no-sync -E UTF8 --locale=C \
    >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
fi
as_owner mkdir -p "$SOCK"

# The port is free when chosen but could be taken before the server binds it: try a few.
PORT=""
for _ in 1 2 3 4 5; do
  candidate=$(free_port)
  if as_owner "$BINDIR/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 -o "-c listen_addresses=127.0.0.1 \
-p $candidate -k $SOCK -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
-c max_connections=200 -c shared_buffers=128MB" start >/dev/null 2>&1; then
    PORT=$candidate
    STARTED=1
    break
  fi
  # pg_ctl -w may give up while the server still runs; make sure it is down before retrying.
  as_owner "$BINDIR/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
done
if [[ -z "$PORT" ]]; then
  tail -n 20 "$LOG" >&2 || true
  die "the PostgreSQL server did not start"
fi

export KRING_TEST_PG_URL="postgresql://postgres@127.0.0.1:$PORT/postgres"
echo "with-postgres: PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}') at $KRING_TEST_PG_URL" \
  "(data in $DATA)" >&2

set +e
"$@"
status=$?
set -e
exit $status
