#!/usr/bin/env bash
# The public directory under load: wrk (Debian package, installed if missing) at 200 connections on loopback against
# Maillage.Web on the demo network, on SQLite (the default) and on PostgreSQL (a throwaway cluster), for
#   - the search page (a misspelt disease + a postcode), the same search through the API, a centre page,
#   - a static file served by the same server (the ceiling).
# Prints and writes bench/directory/out/results.md: requests/s and latency percentiles (50/75/90/99).
# Usage: bash bench/directory/run.sh [DURATION_SECONDS (default 20)] [sqlite|postgres|both (default both)]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
DURATION=${1:-20}
WHICH=${2:-both}
CONNECTIONS=${CONNECTIONS:-200}
THREADS=${THREADS:-2}
OUT="$ROOT/bench/directory/out"
PG_BIN=/usr/lib/postgresql/15/bin
mkdir -p "$OUT"
log() { printf '==> %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v wrk >/dev/null 2>&1; then
  log "installing wrk"
  as_root apt-get -o DPkg::Lock::Timeout=600 update >/dev/null
  as_root apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends wrk </dev/null >/dev/null
fi

log "building Maillage.Web (Release)"
dotnet build src/Maillage.Web -c Release </dev/null >"$OUT/build.log" 2>&1 || { tail -20 "$OUT/build.log"; exit 1; }
APP_DLL="$ROOT/src/Maillage.Web/bin/Release/net10.0/Maillage.Web.dll"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

APP_PID=""
PG_DIR=""
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

start_app() { # $1 = label; environment already set
  local port; port=$(free_port)
  BASE="http://127.0.0.1:$port"
  (cd "$ROOT/src/Maillage.Web" && ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
     exec dotnet "$APP_DLL" --urls "$BASE" >"$OUT/app-$1.log" 2>&1) &
  APP_PID=$!
  log "$1: starting the app on $BASE (first start seeds the demo network)"
  for _ in $(seq 1 600); do
    if curl -fs -o /dev/null "$BASE/annuaire"; then return 0; fi
    kill -0 "$APP_PID" 2>/dev/null || { tail -30 "$OUT/app-$1.log"; exit 1; }
    sleep 0.5
  done
  echo "the app did not start" >&2; exit 1
}

RESULTS="$OUT/results.md"
{
  echo "| database | target | requests/s | p50 | p75 | p90 | p99 | errors |"
  echo "|---|---|---|---|---|---|---|---|"
} >"$RESULTS.tmp"

run_wrk() { # $1 = database, $2 = label, $3 = path
  local url="$BASE$3"
  curl -fs -o /dev/null "$url" || { echo "GET $url failed" >&2; exit 1; }
  # warm-up: JIT, caches
  wrk -t"$THREADS" -c50 -d3s "$url" >/dev/null 2>&1 || true
  local raw="$OUT/wrk-$1-$2.txt"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency "$url" >"$raw" 2>&1
  local rps p50 p75 p90 p99 errors
  rps=$(awk '/^Requests\/sec/ {print $2}' "$raw")
  p50=$(awk '$1=="50%" {print $2}' "$raw"); p75=$(awk '$1=="75%" {print $2}' "$raw")
  p90=$(awk '$1=="90%" {print $2}' "$raw"); p99=$(awk '$1=="99%" {print $2}' "$raw")
  errors=$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' "$raw")
  echo "| $1 | $2 (\`$3\`) | $rps | $p50 | $p75 | $p90 | $p99 | ${errors:-0} |" | tee -a "$RESULTS.tmp" >&2
}

bench_all() { # $1 = database
  local centre
  centre=$(curl -fs "$BASE/api/v1/directory/search?q=mucoviscidose&place=69003&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["centres"][0]["id"])')
  run_wrk "$1" "static file" "/css/site.css"
  run_wrk "$1" "search page" "/annuaire?q=mucovicidose&lieu=69003"
  run_wrk "$1" "search API" "/api/v1/directory/search?q=mucovicidose&place=69003"
  run_wrk "$1" "centre page" "/annuaire/centres/$centre"
}

if [ "$WHICH" = both ] || [ "$WHICH" = sqlite ]; then
  DATA=$(mktemp -d "${TMPDIR:-/tmp}/maillage-bench.XXXXXX")
  MAILLAGE_DATA_DIR=$DATA Database__Provider=Sqlite start_app sqlite
  bench_all SQLite
  cleanup
  rm -rf "$DATA"
fi

if [ "$WHICH" = both ] || [ "$WHICH" = postgres ]; then
  PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/maillage-bench-pg.XXXXXX")
  PG_PORT=$(free_port)
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$PG_DIR"; as_pg() { runuser -u postgres -- "$@"; }; else as_pg() { "$@"; }; fi
  chmod 700 "$PG_DIR"
  as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" --auth=trust --username=postgres --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w start -o \
    "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_DIR -c max_connections=300" >/dev/null
  as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres maillage_bench
  Database__Provider=Postgres ConnectionStrings__Maillage="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=maillage_bench" \
    start_app postgres
  bench_all PostgreSQL
  cleanup
fi

{
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency, loopback, demo network, app in Release (Production environment, warnings-only logging)."
  echo
  cat "$RESULTS.tmp"
} >"$RESULTS"
rm -f "$RESULTS.tmp"
cat "$RESULTS"
