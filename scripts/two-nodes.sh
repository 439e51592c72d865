#!/usr/bin/env bash
# Two nodes of the web app on one throwaway PostgreSQL (README, "Déployer plusieurs nœuds"), with assertions:
#   a. both nodes answer /readyz;
#   b. started together on a fresh database, the schema, the seed, the demo accounts and the first data-protection key
#      are made once (the start-up lock), not twice;
#   c. a user signs in on node A, then loads a signed-in page and posts a form on node B (keys shared in the database);
#   d. notifications raised on both nodes are e-mailed exactly once each (test SMTP listener), although both nodes run
#      the outbox worker;
#   e. an activity import started on node A is visible on node B;
#   f. `kill -9` of the node running an import leaves the previous indicators intact, and the other node takes the job
#      over (or marks it failed) within a minute, with a clear status.
# Each scenario prints "PASS name (time)" or "FAIL name: why"; the exit status is non-zero on any FAIL. The nodes and
# the cluster are stopped on exit. Debian 12, bash, curl; run by scripts/test.sh after the tests (MAILLAGE_TWO_NODES=0
# skips it there).
#
# Environment: MAILLAGE_TWO_NODES_BUILD=0 uses the existing Release build (scripts/test.sh has just built it);
# MAILLAGE_TWO_NODES_PG_PORT (56432), MAILLAGE_TWO_NODES_PORT (58080): first ports tried;
# MAILLAGE_TWO_NODES_ROWS (2000000): rows of the extract whose import is killed (large enough to be caught running).
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
  [ -n "${SINK_PID:-}" ] && { kill "$SINK_PID" 2>/dev/null || true; wait "$SINK_PID" 2>/dev/null || true; }
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
  { dotnet build "$ROOT/src/Maillage.Web" -c Release </dev/null && dotnet build "$ROOT/tests/Tools/Maillage.SmtpSink" -c Release </dev/null; } \
    >"$ROOT/.tmp/two-nodes-build.log" 2>&1 || { tail -n 30 "$ROOT/.tmp/two-nodes-build.log" >&2; exit 2; }
  log "built in $(( $(now_ms) - t0 )) ms"
fi
rm -rf "$WORK"; mkdir -p "$WORK"
pg_start_cluster "$ROOT/.tmp/two-nodes-postgres" "${MAILLAGE_TWO_NODES_PG_PORT:-56432}"
pg_psql postgres -c "CREATE DATABASE $DB"
CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$DB"

# The test SMTP listener both nodes send to (tests/Tools/Maillage.SmtpSink: one .eml file per message received).
SINK_DLL="$ROOT/tests/Tools/Maillage.SmtpSink/bin/Release/net10.0/Maillage.SmtpSink.dll"
[ -f "$SINK_DLL" ] || dotnet build "$ROOT/tests/Tools/Maillage.SmtpSink" -c Release </dev/null >"$ROOT/.tmp/two-nodes-build.log" 2>&1 \
  || { tail -n 30 "$ROOT/.tmp/two-nodes-build.log" >&2; exit 2; }
mkdir -p "$WORK/mail"
dotnet "$SINK_DLL" --port 0 --dir "$WORK/mail" --port-file "$WORK/smtp.port" </dev/null >"$WORK/smtp.log" 2>&1 &
SINK_PID=$!
for _ in $(seq 1 120); do [ -s "$WORK/smtp.port" ] && break; sleep 0.5; done
[ -s "$WORK/smtp.port" ] || { echo "the test SMTP listener did not start:" >&2; cat "$WORK/smtp.log" >&2; exit 2; }
SMTP_PORT=$(cat "$WORK/smtp.port")
log "test SMTP listener on 127.0.0.1:$SMTP_PORT (messages in $WORK/mail)"

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
      Maillage__Mail__Host=127.0.0.1 Maillage__Mail__Port="$SMTP_PORT" Maillage__Mail__Security=None \
      Maillage__Mail__PollInterval=00:00:01 Maillage__Activity__Jobs__LeaseSeconds=10 \
      Maillage__Activity__Jobs__HeartbeatSeconds=2 Maillage__Activity__Jobs__PollSeconds=1 \
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

# api_token: an API token of the national administrator, made on node A's token page (tokens are stored hashed in the
# database, so it works on both nodes). Sets $TOKEN once.
api_token() {
  [ -n "${TOKEN:-}" ] && return 0
  JAR="$WORK/cookies-token.txt"; : >"$JAR"
  sign_in a admin
  local form
  form=$(web "$(node_url a)/compte/jetons" | antiforgery)
  TOKEN=$(web --data-urlencode "Name=deux-noeuds-api-$RANDOM" --data-urlencode "ValidityDays=30" --data-urlencode "__RequestVerificationToken=$form" \
    "$(node_url a)/compte/jetons/Create" | perl -ne 'print "$1\n" if /id="nouveau-jeton">([^<]+)</' | head -n 1)
  [ -n "$TOKEN" ] || { echo "no API token shown on node a's token page" >&2; return 1; }
}
api() { curl -sS --max-time 600 -H "Authorization: Bearer $TOKEN" "$@"; }
json_field() { perl -ne 'print "$1\n" if /"'"$1"'":\s*"?([^",}]*)"?/' | head -n 1; }

scenario_mail_once() {
  api_token
  local n=20 i node code sent files recipients
  for i in $(seq 1 $n); do
    node=b; [ $((i % 2)) -eq 0 ] && node=a
    code=$(api -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data "{\"to\":\"exploitation+$i@example.org\"}" \
      "$(node_url $node)/api/v1/mail/test")
    [ "$code" = 202 ] || { echo "node $node: POST /api/v1/mail/test answered $code" >&2; return 1; }
  done
  local deadline=$(( $(date +%s) + 180 ))
  # Only this scenario's messages count: the demo's first start raises notifications of its own (dossiers' parties asked),
  # which the workers e-mail too.
  test_mail() { grep -lis '^To:.*exploitation+' "$WORK"/mail/*.eml 2>/dev/null | wc -l; }
  while [ "$(test_mail)" -lt "$n" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.5; done
  sleep 5 # a double send, if any, would arrive now: both workers poll every second
  files=$(test_mail)
  recipients=$(cat "$WORK"/mail/*.eml 2>/dev/null | grep -i '^To:.*exploitation+' | sort -u | wc -l)
  sent=$(db_scalar "SELECT count(*) FROM notifications WHERE \"Email\" LIKE 'exploitation+%' AND \"EmailSentAt\" IS NOT NULL")
  log "mail: $files messages received for $n notifications ($(find "$WORK/mail" -name '*.eml' | wc -l) in all with the demo's), $recipients distinct recipients; sent by node: $(db_scalar "SELECT string_agg(c || '=' || n, ' ') FROM (SELECT \"EmailClaimedBy\" c, count(*) n FROM notifications WHERE \"Email\" LIKE 'exploitation+%' GROUP BY 1 ORDER BY 1) x")"
  [ "$files" = "$n" ] || { echo "$files messages received for $n notifications" >&2; return 1; }
  [ "$recipients" = "$n" ] || { echo "$recipients distinct recipients for $n notifications" >&2; return 1; }
  [ "$sent" = "$n" ] || { echo "$sent notifications marked sent out of $n" >&2; return 1; }
}

# make_extract ROWS SEED OUT: a valid activity extract over the demo registry (bench/ActivityGen, deterministic).
make_extract() {
  dotnet run -c Release --project "$ROOT/bench/ActivityGen" -- --db "$WORK/gen-demo.db" --rows "$1" --seed "$2" --year 2024 --out "$3" \
    </dev/null >>"$WORK/activitygen.log" 2>&1 || { echo "bench/ActivityGen failed:" >&2; tail -n 20 "$WORK/activitygen.log" >&2; return 1; }
}

# wait_job NODE ID SECONDS STATES: polls the job on NODE until its state is one of STATES (a regex); prints the JSON.
wait_job() {
  local deadline=$(( $(date +%s) + $3 )) job state
  while [ "$(date +%s)" -lt "$deadline" ]; do
    job=$(api "$(node_url "$1")/api/v1/activity/imports/$2" 2>/dev/null || true)
    state=$(json_field state <<<"$job")
    if [[ "$state" =~ ^($4)$ ]]; then printf '%s\n' "$job"; return 0; fi
    sleep 0.2
  done
  echo "job $2 on node $1: still '$state' after $3 s" >&2
  return 1
}

scenario_import_visible_on_b() {
  api_token
  make_extract 20000 7 "$WORK/small.csv"
  local id job
  id=$(api -H 'Content-Type: text/csv' --data-binary @"$WORK/small.csv" "$(node_url a)/api/v1/activity/imports?file_name=petit-2024.csv" | json_field id)
  [ -n "$id" ] || { echo "node a: no job id for the upload" >&2; return 1; }
  job=$(wait_job b "$id" 300 'succeeded|failed') || return 1
  [ "$(json_field state <<<"$job")" = succeeded ] || { echo "the import failed: $job" >&2; return 1; }
  log "import $id, started on node a, seen succeeded on node b (run by $(json_field owner_node <<<"$job"))"
  [ "$(api "$(node_url b)/api/v1/activity/indicators?year=2024" | tr -d '[:space:]')" != "[]" ] || { echo "node b: no indicators after the import" >&2; return 1; }
}

scenario_import_takeover() {
  api_token
  local rows=${MAILLAGE_TWO_NODES_ROWS:-2000000} t0 id job owner survivor before after killed_ms taken_ms final state
  t0=$(now_ms)
  make_extract "$rows" 11 "$WORK/big.csv"
  log "extract of $rows rows ($(du -h "$WORK/big.csv" | cut -f1)) generated in $(( $(now_ms) - t0 )) ms"
  before=$(api "$(node_url b)/api/v1/activity/indicators?year=2024")
  id=$(api -H 'Content-Type: text/csv' --data-binary @"$WORK/big.csv" "$(node_url a)/api/v1/activity/imports?file_name=gros-2024.csv" | json_field id)
  [ -n "$id" ] || { echo "node a: no job id for the upload" >&2; return 1; }
  job=$(wait_job b "$id" 300 'running|succeeded|failed') || return 1
  [ "$(json_field state <<<"$job")" = running ] || { echo "the import ended before it could be killed (raise MAILLAGE_TWO_NODES_ROWS): $job" >&2; return 1; }
  # Kill it in the middle of its work: once its heartbeat reports rows read (or it ends, which fails the scenario).
  local deadline=$(( $(date +%s) + 120 ))
  while [ "$(json_field state <<<"$job")" = running ] && [ "$(json_field rows <<<"$job")" = 0 ] && [ "$(date +%s)" -lt "$deadline" ]; do
    sleep 0.2; job=$(api "$(node_url b)/api/v1/activity/imports/$id")
  done
  [ "$(json_field state <<<"$job")" = running ] || { echo "the import ended before it could be killed (raise MAILLAGE_TWO_NODES_ROWS): $job" >&2; return 1; }
  owner=$(json_field owner_node <<<"$job")
  case "$owner" in a) survivor=b ;; b) survivor=a ;; *) echo "unknown owner node '$owner'" >&2; return 1 ;; esac
  kill -9 "${NODE_PID[$owner]}"
  killed_ms=$(now_ms)
  log "kill -9 of node $owner while it ran import $id ($(json_field rows <<<"$job") rows read)"
  after=$(api "$(node_url $survivor)/api/v1/activity/indicators?year=2024")
  [ "$after" = "$before" ] || { echo "the indicators changed when node $owner was killed mid-import" >&2; return 1; }
  # Taken over: the survivor owns the job (running again) or the job has ended with a status.
  deadline=$(( $(date +%s) + 60 ))
  while :; do
    job=$(api "$(node_url $survivor)/api/v1/activity/imports/$id")
    state=$(json_field state <<<"$job")
    { [ "$(json_field owner_node <<<"$job")" = "$survivor" ] || [ "$state" = failed ]; } && break
    [ "$(date +%s)" -lt "$deadline" ] || { echo "node $survivor did not take the job over within 60 s: $job" >&2; return 1; }
    sleep 0.2
  done
  taken_ms=$(( $(now_ms) - killed_ms ))
  log "node $survivor took import $id over $taken_ms ms after the kill (state $state, note: $(json_field note <<<"$job"))"
  final=$(wait_job "$survivor" "$id" 600 'succeeded|failed') || return 1
  state=$(json_field state <<<"$final")
  log "import $id: $state on node $survivor, attempt $(json_field attempt <<<"$final"), $(( $(now_ms) - killed_ms )) ms after the kill; note: $(json_field note <<<"$final")$( [ "$state" = failed ] && echo "; error: $(json_field error <<<"$final")")"
  [ "$(json_field attempt <<<"$final")" = 2 ] || { echo "expected a second attempt: $final" >&2; return 1; }
  if [ "$state" = succeeded ]; then
    json_field note <<<"$final" | grep -q 'repris par' || { echo "no « repris par » note: $final" >&2; return 1; }
    [ "$(api "$(node_url $survivor)/api/v1/activity/indicators?year=2024")" != "$before" ] || { echo "the indicators did not change after the import succeeded" >&2; return 1; }
  else
    json_field error <<<"$final" | grep -q . || { echo "failed without an error message: $final" >&2; return 1; }
    [ "$(api "$(node_url $survivor)/api/v1/activity/indicators?year=2024")" = "$before" ] || { echo "a failed import changed the indicators" >&2; return 1; }
  fi
}

run_scenario ready "both nodes answer /readyz"
run_scenario seeded_once "started together on a fresh database, schema, seed, accounts and first key made once"
run_scenario session_across_nodes "signed in on node A, a signed-in page and a form post on node B"
run_scenario mail_once "20 notifications raised on both nodes, each e-mailed exactly once, both nodes running the outbox worker"
run_scenario import_visible_on_b "an activity import started on node A, followed to its end on node B"
run_scenario import_takeover "kill -9 of the node running an import: previous indicators intact, the job taken over within a minute"

echo "two nodes: $PASSED passed, $FAILED failed ($(( $(now_ms) - START_MS )) ms from the nodes' start)"
[ "$FAILED" -eq 0 ]
