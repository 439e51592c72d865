#!/usr/bin/env bash
# Pages at national scale: Maillage.Web (Release, Production environment) on the national-size demo data set
# (`maillage db init --demo` then `maillage demo national`, docs/demo-data.md), on SQLite and on PostgreSQL (a throwaway
# cluster, as bench/directory does); signs in as each demo role, walks its main pages warm (pages.mjs) and prints
# p50/p95 per page per role, with the machine load. Budget: every page < 300 ms warm p95.
# Usage: bash bench/pages/run.sh [sqlite|postgres|both (default both)]
# Environment: REPEAT (20), WARMUP (3), ROLES (all), YEARS (10), ROWS (activity rows per year, 100000),
#   DATA_DIR=<dir> reuse a SQLite national data set made by an earlier run (kept in bench/pages/out/data-sqlite),
#   QUERIES=1 log EF's SQL commands and count them per page (slower: run it to find N+1 queries, not for the figures),
#   NO_BUILD=1 with APP_DLL / CLI_DLL: run given binaries without building.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
WHICH=${1:-both}
REPEAT=${REPEAT:-20}; WARMUP=${WARMUP:-3}; YEARS=${YEARS:-10}; ROWS=${ROWS:-100000}
ROLES=${ROLES:-public,admin,ars-idf,filiere-cardiogen,etablissement,responsable,association,expert,comite}
OUT="$ROOT/bench/pages/out"
PG_BIN=/usr/lib/postgresql/15/bin
mkdir -p "$OUT"
log() { printf '==> %s\n' "$*" >&2; }

if [ "${NO_BUILD:-0}" != 1 ]; then
  log "building Maillage.Web and the CLI (Release)"
  dotnet build src/Maillage.Web -c Release </dev/null >"$OUT/build.log" 2>&1 || { tail -20 "$OUT/build.log"; exit 1; }
  dotnet build src/Maillage.Cli -c Release </dev/null >>"$OUT/build.log" 2>&1 || { tail -20 "$OUT/build.log"; exit 1; }
fi
# APP_DLL / CLI_DLL: run copies of the binaries (NO_BUILD=1), e.g. while another build uses the source tree.
APP_DLL=${APP_DLL:-"$ROOT/src/Maillage.Web/bin/Release/net10.0/Maillage.Web.dll"}
CLI_DLL=${CLI_DLL:-"$ROOT/src/Maillage.Cli/bin/Release/net10.0/maillage.dll"}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

APP_PID=""; PG_DIR=""
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  if [ -n "$PG_DIR" ] && [ -f "$PG_DIR/data/postmaster.pid" ]; then
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" stop -m immediate -w >/dev/null 2>&1 || true
    else "$PG_BIN/pg_ctl" -D "$PG_DIR/data" stop -m immediate -w >/dev/null 2>&1 || true; fi
  fi
  [ -n "$PG_DIR" ] && rm -rf "$PG_DIR"
  APP_PID=""; PG_DIR=""
}
trap cleanup EXIT

national() { # $1 = label; database environment already exported
  log "$1: national data set (db init --demo, demo national --years $YEARS --activity-rows $ROWS)"
  local t0=$SECONDS
  dotnet "$CLI_DLL" db init --demo >"$OUT/seed-$1.log" 2>&1 || { tail -20 "$OUT/seed-$1.log"; exit 1; }
  dotnet "$CLI_DLL" demo national --years "$YEARS" --activity-rows "$ROWS" >>"$OUT/seed-$1.log" 2>&1 || { tail -20 "$OUT/seed-$1.log"; exit 1; }
  log "$1: seeded in $((SECONDS - t0)) s (load $(cut -d' ' -f1-3 /proc/loadavg))"
}

start_app() { # $1 = label
  local port; port=$(free_port)
  BASE="http://127.0.0.1:$port"
  local extra=()
  [ "${QUERIES:-0}" = 1 ] && extra=(--Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command=Information)
  # Production (secure-only cookies) behind a pretend TLS proxy: pages.mjs sends X-Forwarded-Proto from loopback.
  (cd "$ROOT/src/Maillage.Web" && ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
     Maillage__ForwardedHeaders__Enabled=true Maillage__SignIn__PermitLimit=1000 \
     exec dotnet "$APP_DLL" --urls "$BASE" "${extra[@]}" >"$OUT/app-$1.log" 2>&1) &
  APP_PID=$!
  log "$1: starting the app on $BASE"
  for _ in $(seq 1 600); do
    if curl -fs -o /dev/null "$BASE/annuaire"; then return 0; fi
    kill -0 "$APP_PID" 2>/dev/null || { tail -30 "$OUT/app-$1.log"; exit 1; }
    sleep 0.5
  done
  echo "the app did not start" >&2; exit 1
}

walk() { # $1 = label
  local logarg=()
  [ "${QUERIES:-0}" = 1 ] && logarg=(--log "$OUT/app-$1.log")
  node "$ROOT/bench/pages/pages.mjs" "$BASE" --repeat "$REPEAT" --warmup "$WARMUP" --roles "$ROLES" --label "$1" \
    --out "$OUT/results-$1.md" "${logarg[@]}" >/dev/null
  cat "$OUT/results-$1.md"
}

if [ "$WHICH" = both ] || [ "$WHICH" = sqlite ]; then
  if [ -n "${DATA_DIR:-}" ]; then export MAILLAGE_DATA_DIR=$DATA_DIR
  else
    export MAILLAGE_DATA_DIR="$OUT/data-sqlite"
    if [ ! -f "$MAILLAGE_DATA_DIR/.national" ]; then rm -rf "$MAILLAGE_DATA_DIR"; mkdir -p "$MAILLAGE_DATA_DIR"; national sqlite; touch "$MAILLAGE_DATA_DIR/.national"; fi
  fi
  Database__Provider=Sqlite start_app sqlite
  walk sqlite
  cleanup
  unset MAILLAGE_DATA_DIR
fi

if [ "$WHICH" = both ] || [ "$WHICH" = postgres ]; then
  PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/maillage-pages-pg.XXXXXX")
  PG_PORT=$(free_port)
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$PG_DIR"; as_pg() { runuser -u postgres -- "$@"; }; else as_pg() { "$@"; }; fi
  chmod 700 "$PG_DIR"
  as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" --auth=trust --username=postgres --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w start -o \
    "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_DIR -c max_connections=300" >/dev/null
  as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres maillage_pages
  export Database__Provider=Postgres ConnectionStrings__Maillage="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=maillage_pages"
  MAILLAGE_DATA_DIR=$(mktemp -d) national postgres
  start_app postgres
  walk postgres
  cleanup
fi
