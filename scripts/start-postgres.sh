#!/usr/bin/env bash
# Starts (or finds already running) a throwaway PostgreSQL server from Debian's `postgresql` package for tests,
# benchmarks and trying Tuneboard on PostgreSQL, and prints its URL. Idempotent: a second call reuses the server.
#   TUNEBOARD_PG_DIR   data folder (default /tmp/tuneboard-pg)
#   TUNEBOARD_PG_PORT  port on 127.0.0.1 (default 54329)
# Run as root, the server runs as the `postgres` user; otherwise as the caller. Trust auth on loopback only.
set -euo pipefail
DIR="${TUNEBOARD_PG_DIR:-/tmp/tuneboard-pg}"
PORT="${TUNEBOARD_PG_PORT:-54329}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$BIN" ] || [ ! -x "$BIN/pg_ctl" ]; then
  echo "start-postgres: no PostgreSQL server found; install it with: apt-get install -y postgresql" >&2
  exit 1
fi
if [ "$(id -u)" = 0 ]; then
  AS=(runuser -u postgres --)
  DB_USER=postgres
else
  AS=()
  DB_USER="$(id -un)"
fi
if [ ! -f "$DIR/PG_VERSION" ]; then
  mkdir -p "$DIR"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
  "${AS[@]}" "$BIN/initdb" -D "$DIR" -U "$DB_USER" --auth=trust -E UTF8 >"$DIR.initdb.log" 2>&1 \
    || { cat "$DIR.initdb.log" >&2; exit 1; }
fi
if ! "${AS[@]}" "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
  # Sockets go in the data folder (root-owned /var/run/postgresql may be missing); fsync off: test data only.
  "${AS[@]}" "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
    || { tail -20 "$DIR/server.log" >&2; exit 1; }
fi
"$BIN/psql" -h 127.0.0.1 -p "$PORT" -U "$DB_USER" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'tuneboard'" | grep -q 1 \
  || "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U "$DB_USER" tuneboard
echo "postgres://$DB_USER@127.0.0.1:$PORT/tuneboard"
