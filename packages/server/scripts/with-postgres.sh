#!/usr/bin/env bash
# Usage: scripts/with-postgres.sh <command...>
#
# Runs <command> with a throw-away PostgreSQL server on 127.0.0.1 and its URL in
# TEST_POSTGRES_URL, then stops the server, removes its data and exits with the
# command's status. Installs Debian's `postgresql` package when no PostgreSQL
# binaries are found (CI machines may lack it; needs root).
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 <command...>" >&2
  exit 2
fi

find_bin() {
  if [ -x /usr/lib/postgresql/15/bin/initdb ] && [ -x /usr/lib/postgresql/15/bin/pg_ctl ]; then
    echo /usr/lib/postgresql/15/bin
    return
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then
    echo "$dir"
  fi
}

PGBIN=$(find_bin)
if [ -z "$PGBIN" ]; then
  echo "with-postgres: PostgreSQL not found, installing Debian's postgresql package" >&2
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
  PGBIN=$(find_bin)
fi
if [ -z "$PGBIN" ]; then
  echo "with-postgres: no initdb found after installing postgresql" >&2
  exit 1
fi

# As root, run the server as the postgres user (initdb refuses root).
as_db_user() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/with-postgres.XXXXXX")
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$DATA_DIR"; fi
PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
PG_PID=""

cleanup() {
  if [ -n "$PG_PID" ] && kill -0 "$PG_PID" 2>/dev/null; then
    kill -INT "$PG_PID" 2>/dev/null || true # fast shutdown
    for _ in $(seq 1 100); do
      kill -0 "$PG_PID" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -rf "$DATA_DIR"
}
trap cleanup EXIT

as_db_user "$PGBIN/initdb" -D "$DATA_DIR/data" -U postgres --auth=trust --no-sync >"$DATA_DIR/initdb.log" 2>&1 || {
  cat "$DATA_DIR/initdb.log" >&2
  exit 1
}
as_db_user "$PGBIN/postgres" -D "$DATA_DIR/data" -c listen_addresses=127.0.0.1 -p "$PORT" -k "$DATA_DIR" \
  -c fsync=off -c max_connections=100 >"$DATA_DIR/postgres.log" 2>&1 &

for _ in $(seq 1 300); do
  if "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then break; fi
  sleep 0.1
done
if ! "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  echo "with-postgres: PostgreSQL did not start" >&2
  cat "$DATA_DIR/postgres.log" >&2
  exit 1
fi
# The postmaster's own PID (the background job may be runuser).
PG_PID=$(head -n 1 "$DATA_DIR/data/postmaster.pid")
echo "with-postgres: PostgreSQL (pid $PG_PID) on 127.0.0.1:$PORT" >&2

export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
status=0
"$@" || status=$?
exit "$status"
