# Throwaway PostgreSQL 15 clusters for scripts/test.sh and scripts/two-nodes.sh (sourced, not run). Debian 12 layout;
# initdb refuses root, so as root the cluster runs as the `postgres` user. A caller remembers its cluster in a state
# file so that a run killed without cleanup is stopped by the next run (and only that caller's cluster).
#
#   source scripts/lib/postgres.sh
#   pg_start_cluster "$ROOT/.tmp/my-postgres" 55432   # sets PG_DIR, PG_PORT, PG_CONNECTION (Npgsql form)
#   ...
#   pg_stop_cluster                                    # in the caller's EXIT trap
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [ "$(id -u)" -eq 0 ]; then PG_USER=postgres; as_pg() { runuser -u postgres -- "$@"; }
else PG_USER=$(id -un); as_pg() { "$@"; }; fi

pg_log() { printf '==> %s\n' "$*" >&2; }

# True when something listens on 127.0.0.1:$1.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The first free port from $1 on (50 tries).
free_port() {
  local port=$1
  while port_busy "$port"; do
    port=$((port + 1))
    [ "$port" -lt $(( $1 + 50 )) ] || { echo "no free port from $1" >&2; return 2; }
  done
  echo "$port"
}

stop_cluster() { # $1 = cluster dir
  local dir=$1
  [ -n "$dir" ] && [ -d "$dir" ] || return 0
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" stop -m immediate -w -t 30 >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

# pg_start_cluster STATE_FILE BASE_PORT: stops a stale cluster named in STATE_FILE, starts a fresh one on loopback
# (first free port from BASE_PORT, trust auth, durability off for speed) and records it in STATE_FILE.
pg_start_cluster() {
  PG_STATE=$1
  mkdir -p "$(dirname "$PG_STATE")"
  if [ -f "$PG_STATE" ]; then
    pg_log "stopping a stale cluster ($(cat "$PG_STATE"))"
    stop_cluster "$(cat "$PG_STATE")"
    rm -f "$PG_STATE"
  fi
  PG_PORT=$(free_port "$2")
  PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/maillage-pg.XXXXXX")
  echo "$PG_DIR" >"$PG_STATE"
  chown "$PG_USER" "$PG_DIR"
  chmod 700 "$PG_DIR"
  pg_log "starting PostgreSQL 15 on 127.0.0.1:$PG_PORT ($PG_DIR)"
  as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" --auth=trust --username=postgres --encoding=UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 2; }
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start -o \
    "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_DIR -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    >/dev/null || { cat "$PG_DIR/server.log" >&2; return 2; }
  PG_CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
}

# Stops the cluster started by pg_start_cluster (idempotent).
pg_stop_cluster() {
  [ -n "${PG_DIR:-}" ] || return 0
  pg_log "stopping the PostgreSQL cluster"
  stop_cluster "$PG_DIR"
  [ -z "${PG_STATE:-}" ] || rm -f "$PG_STATE"
  PG_DIR=
}

# psql on the cluster: pg_psql DATABASE -c "SQL" ...
pg_psql() {
  local db=$1; shift
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$db" "$@"
}
