#!/usr/bin/env bash
# Two nodes of the web app on one throwaway PostgreSQL (README, "Déployer plusieurs nœuds"), with assertions:
#   a. both nodes answer /readyz;
#   b. started together on a fresh database, the schema, the seed, the demo accounts and the first data-protection key
#      are made once (the start-up lock), not twice;
#   c. a user signs in on node A, then loads a signed-in page and posts a form on node B (keys shared in the database).
# Each scenario prints "PASS name (time)" or "FAIL name: why"; the exit status is non-zero on any FAIL. The nodes and
# the cluster are stopped on exit. Debian 12, bash, curl; run by scripts/test.sh after the tests (MAILLAGE_TWO_NODES=0
# skips it there).
#
# Environment: MAILLAGE_TWO_NODES_BUILD=0 uses the existing Release build (scripts/test.sh has just built it);
# MAILLAGE_TWO_NODES_PG_PORT (56432), MAILLAGE_TWO_NODES_PORT (58080): first ports tried.
# Adding a scenario: write a function scenario_NAME that returns non-zero (after `fail "why"`) on failure, and add
# `run_scenario NAME "description"` at the end. Helpers: node_url a|b, http_code, sign_in, db_scalar, node_log.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
DLL="$ROOT/src/Maillage.Web/bin/Release/net10.0/Maillage.Web.dll"
WORK="$ROOT/.tmp/two-nodes"
DB=maillage
PASSWORD=Demo-Maillage-2026
# shellcheck source=scripts/lib/postgres.sh
source "$ROOT/scripts/lib/postgres.sh"

log() { printf '==> %s\n' "$*" >&2; }
now_ms() { date +%s%3N; }
declare -A NODE_PID NODE_PORT
FAILED=0 PASSED=0

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  for n in "${!NODE_PID[@]}"; do stop_node "$n"; done
  pg_stop_cluster
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- the app and the database ---------------------------------------------------------------------------------------
if [ "${MAILLAGE_TWO_NODES_BUILD:-1}" != 0 ] || [ ! -f "$DLL" ]; then
  t0=$(now_ms)
  log "building the web app (Release)"
  dotnet build "$ROOT/src/Maillage.Web" -c Release </dev/null >"$ROOT/.tmp/two-nodes-build.log" 2>&1 \
    || { tail -n 30 "$ROOT/.tmp/two-nodes-build.log" >&2; exit 2; }
  log "built in $(( $(now_ms) - t0 )) ms"
fi
rm -rf "$WORK"; mkdir -p "$WORK"
pg_start_cluster "$ROOT/.tmp/two-nodes-postgres" "${MAILLAGE_TWO_NODES_PG_PORT:-56432}"
pg_psql postgres -c "CREATE DATABASE $DB"
CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$DB"

# start_node NAME: the web app on a free loopback port, as a deployer runs it behind a TLS proxy (Production,
# forwarded headers from loopback; the requests below say X-Forwarded-Proto: https).
start_node() {
  local name=$1 port
  port=$(free_port "${NEXT_PORT:-${MAILLAGE_TWO_NODES_PORT:-58080}}")
  NEXT_PORT=$((port + 1))
  NODE_PORT[$name]=$port
  (
    cd "$WORK"
    exec env ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production \
      Database__Provider=Postgres ConnectionStrings__Maillage="$CONNECTION" Maillage__Seed=Demo Maillage__NodeId="$name" \
      Maillage__ForwardedHeaders__Enabled=true MAILLAGE_DATA_DIR="$WORK/data-$name" Activity__WorkDirectory="$WORK/work-$name" \
      Logging__Console__FormatterName=simple \
      dotnet "$DLL" --urls "http://127.0.0.1:$port" --contentRoot "$ROOT/src/Maillage.Web" </dev/null >"$WORK/node-$name.log" 2>&1
  ) &
  NODE_PID[$name]=$!
  log "node $name: pid ${NODE_PID[$name]}, http://127.0.0.1:$port (log $WORK/node-$name.log)"
}

stop_node() {
  local pid=${NODE_PID[$1]:-}
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  unset "NODE_PID[$1]"
}

node_url() { echo "http://127.0.0.1:${NODE_PORT[$1]}"; }
node_log() { cat "$WORK/node-$1.log"; }
# curl as a browser behind the TLS proxy: one cookie jar per user ($JAR), no redirect followed.
# The proxy would speak HTTPS to the browser; here curl speaks plain HTTP to the node, so the jar's Secure flag (the
# node marks its cookies Secure outside Development) is dropped after each request.
web() {
  curl -sS --max-time 60 -H 'X-Forwarded-Proto: https' -H 'Accept: text/html' -b "$JAR" -c "$JAR" "$@"
  perl -i -pe 's/^((?:#HttpOnly_)?[^\t#][^\t]*\t[^\t]*\t[^\t]*\t)TRUE\t/$1FALSE\t/' "$JAR"
}
http_code() { curl -s --max-time 30 -o /dev/null -w '%{http_code}' "$@" || echo 000; }
db_scalar() { pg_psql "$DB" -At -c "$1"; }
antiforgery() { perl -ne 'print "$1\n" if /name="__RequestVerificationToken"[^>]*value="([^"]+)"/ || /value="([^"]+)"[^>]*name="__RequestVerificationToken"/' | head -n 1; }
fail() { FAIL_REASON=$*; return 1; }

# wait_ready NAME SECONDS: until /readyz answers 200 (the node is up once its first run, or its wait, is over).
wait_ready() {
  local name=$1 deadline=$(( $(date +%s) + $2 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    kill -0 "${NODE_PID[$name]}" 2>/dev/null || { echo "node $name exited:" >&2; tail -n 30 "$WORK/node-$name.log" >&2; return 1; }
    [ "$(http_code "$(node_url "$name")/readyz")" = 200 ] && return 0
    sleep 0.5
  done
  return 1
}

# sign_in NODE USER: posts the /connexion form of NODE with the user's jar; true on the redirect that signs in.
sign_in() {
  local url token code
  url="$(node_url "$1")/connexion"
  token=$(web "$url" | antiforgery)
  [ -n "$token" ] || { echo "no antiforgery token on $url" >&2; return 1; }
  code=$(web -o /dev/null -w '%{http_code}' --data-urlencode "Input.UserName=$2" --data-urlencode "Input.Password=$PASSWORD" \
    --data-urlencode "__RequestVerificationToken=$token" "$url")
  [ "$code" = 302 ] || { echo "sign-in of $2 on node $1 answered $code" >&2; return 1; }
}

run_scenario() {
  local name=$1 description=$2 t0 rc
  t0=$(now_ms)
  FAIL_REASON=
  set +e
  ( set -e; "scenario_$name" )
  rc=$?
  set -e
  if [ "$rc" -eq 0 ]; then
    PASSED=$((PASSED + 1)); printf 'PASS two-nodes %s: %s (%d ms)\n' "$name" "$description" $(( $(now_ms) - t0 ))
  else
    FAILED=$((FAILED + 1)); printf 'FAIL two-nodes %s: %s (%d ms)%s\n' "$name" "$description" $(( $(now_ms) - t0 )) "${FAIL_REASON:+: $FAIL_REASON}"
  fi
}

# --- scenarios --------------------------------------------------------------------------------------------------------
START_MS=$(now_ms)
start_node a
start_node b

scenario_ready() {
  wait_ready a 900 || { echo "node a not ready" >&2; return 1; }
  wait_ready b 900 || { echo "node b not ready" >&2; return 1; }
  log "both nodes ready $(( $(now_ms) - START_MS )) ms after they were started together"
  for n in a b; do
    curl -sS "$(node_url $n)/readyz" | grep -q '"status":"healthy"' || { echo "node $n: /readyz is not healthy" >&2; return 1; }
    curl -sS "$(node_url $n)/healthz" | grep -q "\"node\":\"$n\"" || { echo "node $n: /healthz does not name it" >&2; return 1; }
  done
}

scenario_seeded_once() {
  local scripts users admins keys waited
  scripts=$(db_scalar "SELECT count(*) FROM schema_history")
  users=$(db_scalar 'SELECT count(*) FROM "AspNetUsers"')
  admins=$(db_scalar "SELECT count(*) FROM \"AspNetUsers\" WHERE \"UserName\" = 'admin'")
  keys=$(db_scalar "SELECT count(*) FROM data_protection_keys")
  log "schema scripts $scripts, users $users, data-protection keys $keys, regions $(db_scalar 'SELECT count(*) FROM regions'), centres $(db_scalar 'SELECT count(*) FROM centres')"
  [ "$admins" = 1 ] || { echo "$admins accounts named admin" >&2; return 1; }
  [ "$keys" = 1 ] || { echo "$keys data-protection keys (two nodes each made one?)" >&2; return 1; }
  # Exactly one node applied the schema and seeded; the other one said it waited.
  [ "$(cat "$WORK/node-a.log" "$WORK/node-b.log" | grep -c 'Schéma appliqué')" = 1 ] || { echo "the schema was applied by both nodes, or by none" >&2; return 1; }
  [ "$(cat "$WORK/node-a.log" "$WORK/node-b.log" | grep -c 'Réseau de démonstration (fictif) chargé')" = 1 ] || { echo "the demo network was loaded twice, or not at all" >&2; return 1; }
  waited=$(grep -l 'un autre nœud prépare la base' "$WORK/node-a.log" "$WORK/node-b.log" | wc -l)
  [ "$waited" = 1 ] || { echo "$waited nodes logged that they waited for the other" >&2; return 1; }
}

scenario_session_across_nodes() {
  JAR="$WORK/cookies-admin.txt"; : >"$JAR"
  sign_in a admin
  local page code token
  page=$(web -w '\n%{http_code}' "$(node_url b)/compte/jetons")
  [ "$(tail -n 1 <<<"$page")" = 200 ] || { echo "node b: /compte/jetons answered $(tail -n 1 <<<"$page") to a session made on node a" >&2; return 1; }
  grep -q 'Mes jetons' <<<"$page" || { echo "node b: not the signed-in page" >&2; return 1; }
  # The form (and its antiforgery token) comes from node A; node B accepts it.
  token=$(web "$(node_url a)/compte/jetons" | antiforgery)
  code=$(web -o /dev/null -w '%{http_code}' --data-urlencode "Name=jeton-deux-noeuds" --data-urlencode "ValidityDays=30" \
    --data-urlencode "__RequestVerificationToken=$token" "$(node_url b)/compte/jetons/Create")
  [ "$code" = 302 ] || [ "$code" = 200 ] || { echo "node b: POST of node a's form answered $code" >&2; return 1; }
  [ "$(db_scalar "SELECT count(*) FROM api_tokens WHERE \"Name\" = 'jeton-deux-noeuds'")" = 1 ] || { echo "the token was not created" >&2; return 1; }
}

run_scenario ready "both nodes answer /readyz"
run_scenario seeded_once "started together on a fresh database, schema, seed, accounts and first key made once"
run_scenario session_across_nodes "signed in on node A, a signed-in page and a form post on node B"

echo "two nodes: $PASSED passed, $FAILED failed ($(( $(now_ms) - START_MS )) ms from the nodes' start)"
[ "$FAILED" -eq 0 ]
