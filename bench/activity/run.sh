#!/usr/bin/env bash
# Activity import benchmark: `maillage activity import` (validation + indicators + persistence, end to end) against
# DuckDB (npm @duckdb/node-api, threads=2) computing the same indicators from the same CSV, and optionally PostgreSQL
# (COPY + SQL, pg.sql) when MAILLAGE_BENCH_POSTGRES names a server.
# usage: bench/activity/run.sh [--shape SHAPE] N [seed] [year]      (work files in bench/activity/out/, git-ignored)
# SHAPE (ActivityGen --shape): default | many-patients | zipf | long-stays | residence-moves
set -euo pipefail
SHAPE=default
if [ "${1:-}" = "--shape" ]; then SHAPE=${2:?--shape needs a value}; shift 2; fi
N=${1:?usage: run.sh [--shape SHAPE] ROWS [SEED] [YEAR]}
SEED=${2:-42}
YEAR=${3:-2024}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK="$HERE/out"
mkdir -p "$WORK"

if [ -z "${NO_BUILD:-}" ]; then   # NO_BUILD=1: use the binaries already built
  echo "== build (Release)" >&2
  # The CLI as deployed: published for this machine, precompiled (ReadyToRun; ADR 0012), into out/cli.
  case "$(uname -m)" in aarch64|arm64) RID=linux-arm64 ;; *) RID=linux-x64 ;; esac
  dotnet publish "$ROOT/src/Maillage.Cli/Maillage.Cli.csproj" -c Release -r "$RID" --self-contained false -o "$WORK/cli" -v q -nologo >&2
  dotnet build "$ROOT/bench/ActivityGen/ActivityGen.csproj" -c Release -v q -nologo >&2
fi
[ -d "$HERE/node_modules/@duckdb/node-api" ] || (cd "$HERE" && npm install --no-audit --no-fund >&2)
MAILLAGE=${MAILLAGE_BIN:-"$WORK/cli/maillage"}   # MAILLAGE_BIN: another build (before/after comparisons)
GEN="$ROOT/bench/ActivityGen/bin/Release/net10.0/ActivityGen"

SUFFIX=""; [ "$SHAPE" = default ] || SUFFIX="-$SHAPE"
FILE="$WORK/activity-$N-$SEED-$YEAR$SUFFIX.csv"
if [ ! -f "$FILE" ] || [ ! -f "$WORK/centres.csv" ]; then
  echo "== generate $N rows (shape $SHAPE, seed $SEED, year $YEAR)" >&2
  "$GEN" --db "$WORK/demo.db" --rows "$N" --seed "$SEED" --year "$YEAR" --shape "$SHAPE" --out "$FILE" --centres-out "$WORK/centres.csv" >&2
fi
THREADS=$(nproc)
SIZE=$(stat -c %s "$FILE")
cat "$FILE" > /dev/null   # warm the page cache for both contenders

measure() { # label, command... -> prints "wall_seconds rss_kb cpu_seconds"
  local log="$WORK/time-$1.log"; shift
  /usr/bin/time -v "$@" > "$WORK/stdout.log" 2> "$log" || { cat "$log" >&2; exit 1; }
  local wall rss cpu
  wall=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep "Maximum resident set size" "$log" | awk '{print $NF}')
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$log")
  echo "$wall $rss $cpu"
}

# SQLite is in WAL mode (ADR 0010 §10): a run killed mid-import leaves import.db-wal/-shm, which the next copy would replay.
rm -f "$WORK/import.db" "$WORK/import.db-wal" "$WORK/import.db-shm"
cp "$WORK/demo.db" "$WORK/import.db"
# The demo stores some centres' indicators of its recent years; an import replaces only the centres of its file, so a
# small file would leave the demo's other centres in `activity indicators` where DuckDB, which reads the file alone, has
# none (67 centres of 2025 at 1,000 rows). Both sides start from no indicator of the year.
python3 - "$WORK/import.db" "$YEAR" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for table in ("activity_indicators", "activity_residences"):
    c.execute(f"DELETE FROM {table} WHERE Year = ?", (int(sys.argv[2]),))
c.commit()
c.close()
PY
export Database__Provider=Sqlite ConnectionStrings__Maillage="Data Source=$WORK/import.db"
LOAD_BEFORE=$(uptime | sed 's/.*load average: //')
echo "== maillage activity import (load $LOAD_BEFORE)" >&2
read -r M_WALL M_RSS M_CPU < <(measure maillage "$MAILLAGE" activity import "$FILE")
cat "$WORK/stdout.log" >&2
"$MAILLAGE" activity indicators --year "$YEAR" --format csv > "$WORK/maillage.csv"

echo "== duckdb (threads $THREADS, load $(uptime | sed 's/.*load average: //'))" >&2
export DUCKDB_THREADS=$THREADS
read -r D_WALL D_RSS D_CPU < <(measure duckdb node "$HERE/duck.mjs" "$FILE" "$WORK/centres.csv" "$WORK/departements.csv" "$WORK/duckdb.csv")

if diff -q "$WORK/maillage.csv" "$WORK/duckdb.csv" > /dev/null; then SAME=yes; else SAME=NO; diff "$WORK/maillage.csv" "$WORK/duckdb.csv" | head -10 >&2; fi

# Optional third engine: PostgreSQL (COPY + SQL) on the server named by MAILLAGE_BENCH_POSTGRES (a psql connection
# string, e.g. postgresql://postgres@127.0.0.1:55432/postgres). Its time is psql's wall clock (COPY + query + result);
# the CPU and RSS measured are psql's only, the server's are not included.
if [ -n "${MAILLAGE_BENCH_POSTGRES:-}" ]; then
  echo "== postgresql" >&2
  sed -e "s|@EXTRACT@|$FILE|" -e "s|@CENTRES@|$WORK/centres.csv|" -e "s|@DEPARTEMENTS@|$WORK/departements.csv|" \
      -e "s|@OUT@|$WORK/postgres.csv|" "$HERE/pg.sql" > "$WORK/pg-run.sql"
  read -r P_WALL P_RSS P_CPU < <(measure postgres psql "$MAILLAGE_BENCH_POSTGRES" -X -q -f "$WORK/pg-run.sql")
  if diff -q "$WORK/maillage.csv" "$WORK/postgres.csv" > /dev/null; then P_SAME=yes; else P_SAME=NO; SAME=NO; diff "$WORK/maillage.csv" "$WORK/postgres.csv" | head -10 >&2; fi
fi
echo
printf 'shape %s, ' "$SHAPE"
printf 'rows %s (%s MB), %s indicator rows, identical indicators: %s\n' "$N" "$((SIZE / 1000000))" "$(($(wc -l < "$WORK/maillage.csv") - 1))" "$SAME"
printf '%-10s %10s %12s %14s\n' "" "wall (s)" "CPU u+s (s)" "peak RSS (MB)"
printf '%-10s %10.2f %12.2f %14d\n' maillage "$M_WALL" "$M_CPU" "$((M_RSS / 1024))"
printf '%-10s %10.2f %12.2f %14d\n' duckdb "$D_WALL" "$D_CPU" "$((D_RSS / 1024))"
if [ -n "${P_WALL:-}" ]; then printf '%-10s %10.2f %12s %14s  (identical: %s; psql client CPU %.2f s, RSS %d MB)\n' postgres "$P_WALL" "-" "-" "$P_SAME" "$P_CPU" "$((P_RSS / 1024))"; fi
awk -v m="$M_WALL" -v d="$D_WALL" -v mc="$M_CPU" -v dc="$D_CPU" 'BEGIN { printf "ratio duckdb/maillage: wall %.2fx, CPU %.2fx\n", d / m, dc / mc }'
if [ -n "${P_WALL:-}" ]; then awk -v m="$M_WALL" -v p="$P_WALL" 'BEGIN { printf "ratio postgres/maillage: wall %.2fx\n", p / m }'; fi
echo "load before: $LOAD_BEFORE; after: $(uptime)"
[ "$SAME" = yes ]
