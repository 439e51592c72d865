#!/usr/bin/env bash
# Runs every Maillage test on a Debian 12 machine: installs what is missing (apt: postgresql, chromium; the npm
# packages come with the build, the test OpenID provider's with npm ci below), starts a throwaway PostgreSQL 15 cluster, runs the test projects with `dotnet test` (Maillage.Web.Tests in a lane of its own) and
# prints "N passed, N failed[, N skipped]". Exit status is non-zero if a test failed or none ran.
# Used as is by CI (.ci/run, CI=true, no stdin). Safe to run twice in a row and from several checkouts at once.
#
# Environment: MAILLAGE_TEST_CONFIGURATION (Release), MAILLAGE_PG_PORT (55432; the next free port is used if busy),
# MAILLAGE_TWO_NODES=0 (skip scripts/two-nodes.sh, which otherwise runs after the tests when no argument is given);
# extra arguments are passed to `dotnet test` (e.g. --filter "FullyQualifiedName~HomePage").
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CONFIGURATION=${MAILLAGE_TEST_CONFIGURATION:-Release}
PG_BIN=/usr/lib/postgresql/15/bin
export DEBIAN_FRONTEND=noninteractive DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

log() { printf '==> %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- 1. system packages (only what is missing) -------------------------------------------------------------------
missing=()
{ [ -x "$PG_BIN/initdb" ] && dpkg -s postgresql >/dev/null 2>&1; } || missing+=(postgresql)
{ command -v chromium >/dev/null 2>&1 && dpkg -s chromium >/dev/null 2>&1; } || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  as_root apt-get -o DPkg::Lock::Timeout=600 update
  as_root apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}" </dev/null
fi
command -v dotnet >/dev/null 2>&1 || { echo "dotnet (SDK 10) is required: https://dot.net" >&2; exit 2; }

# --- 1b. the test OpenID provider's npm packages (tests/Tools/oidc-provider, docs/authentication.md) ----------------
# The browser tests of ProConnect / Pro Santé Connect start it (node server.js) on a free port; npm ci only when the
# lockfile is newer than what npm installed.
OIDC_TOOL="$ROOT/tests/Tools/oidc-provider"
if [ ! -f "$OIDC_TOOL/node_modules/.package-lock.json" ] || [ "$OIDC_TOOL/package-lock.json" -nt "$OIDC_TOOL/node_modules/.package-lock.json" ]; then
  log "installing the test OpenID provider (npm ci in tests/Tools/oidc-provider)"
  (cd "$OIDC_TOOL" && npm ci --no-audit --no-fund </dev/null)
  touch "$OIDC_TOOL/node_modules/.package-lock.json"
fi

# --- 2. throwaway PostgreSQL cluster (scripts/lib/postgres.sh) ---------------------------------------------------
# This checkout remembers its cluster in .tmp/test-postgres so that a run killed without cleanup is stopped by the next
# run (and only ours).
# shellcheck source=scripts/lib/postgres.sh
source "$ROOT/scripts/lib/postgres.sh"
RESULTS="$ROOT/.tmp/test-results"
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  pg_stop_cluster
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
pg_start_cluster "$ROOT/.tmp/test-postgres" "${MAILLAGE_PG_PORT:-55432}"

export MAILLAGE_TEST_POSTGRES="$PG_CONNECTION"
export MAILLAGE_CHROMIUM=${MAILLAGE_CHROMIUM:-/usr/bin/chromium}

# --- 3. build once, test ------------------------------------------------------------------------------------------
log "building ($CONFIGURATION)"
dotnet build Maillage.slnx -c "$CONFIGURATION" </dev/null

rm -rf "$RESULTS"
# Two lanes, the longest project first: Maillage.Web.Tests (the long pole, most of the suite's time) starts at once in
# one lane while the other test projects run one after the other in the second lane (a solution-wide `dotnet test`
# runs them in file order, two at a time, so the long pole started last, minutes in). tests/README.md, "Where the time
# goes".
LONG_POLE=tests/Maillage.Web.Tests/Maillage.Web.Tests.csproj
other_projects=()
for csproj in tests/*/*.csproj; do
  grep -q '<IsTestProject>false</IsTestProject>' "$csproj" && continue # shared support (Maillage.Testing)
  [ "$csproj" = "$LONG_POLE" ] || other_projects+=("$csproj")
done
run_project() { # run_project CSPROJ [dotnet test arguments...]
  local csproj=$1
  shift
  dotnet test "$csproj" -c "$CONFIGURATION" --no-build -p:MaillageTestResults="$RESULTS" \
    --logger "trx" --logger "console;verbosity=normal" "$@" </dev/null
}
log "testing ($(basename "$LONG_POLE" .csproj) in one lane; ${other_projects[*]##*/} in the other)"
set +e
run_project "$LONG_POLE" "$@" &
long_pole_pid=$!
test_rc=0
for csproj in "${other_projects[@]}"; do
  run_project "$csproj" "$@" || test_rc=$?
done
wait "$long_pole_pid" || test_rc=$?
set -e

# --- 3b. two nodes on one PostgreSQL (scripts/two-nodes.sh), on the build above, when no filter was given ----------
# Its scenarios count in the summary below (each PASS or FAIL line). MAILLAGE_TWO_NODES=0 skips it.
two_nodes_passed=0 two_nodes_failed=0
if [ $# -eq 0 ] && [ "${MAILLAGE_TWO_NODES:-1}" != 0 ]; then
  log "two nodes on one PostgreSQL (scripts/two-nodes.sh)"
  set +e
  MAILLAGE_TWO_NODES_BUILD=0 bash "$ROOT/scripts/two-nodes.sh" </dev/null 2>&1 | tee "$ROOT/.tmp/two-nodes.log"
  two_nodes_rc=${PIPESTATUS[0]}
  set -e
  two_nodes_passed=$(grep -c '^PASS two-nodes ' "$ROOT/.tmp/two-nodes.log" || true)
  two_nodes_failed=$(grep -c '^FAIL two-nodes ' "$ROOT/.tmp/two-nodes.log" || true)
  # A script that died before its scenarios (build, cluster) still fails the run.
  [ "$two_nodes_rc" -eq 0 ] || [ "$two_nodes_failed" -gt 0 ] || two_nodes_failed=1
fi

# --- 4. summary, from the TRX files (tests/Directory.Build.props puts each project's in $RESULTS/<project>/) ------
passed=0 failed=0 skipped=0 silent=()
count() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]\+' || echo 0; }
# Per project: its counts and its wall time (the TRX's run start to finish), so the CI log shows where the time goes.
trx_seconds() { # wall seconds of a TRX run, from <Times start=".." finish="..">
  perl -ne 'if (/<Times [^>]*start="([^"]+)"[^>]*finish="([^"]+)"/) { require Time::Piece;
    my ($s, $f) = map { my $t = $_; $t =~ s/\.\d+//; $t =~ s/([+-]\d\d):(\d\d)$/$1$2/; $t =~ s/Z$/+0000/;
      Time::Piece->strptime($t, "%Y-%m-%dT%H:%M:%S%z")->epoch } ($1, $2); print $f - $s; exit }' "$1"
}
per_project=()
for csproj in tests/*/*.csproj; do
  project=$(basename "$csproj" .csproj)
  grep -q '<IsTestProject>false</IsTestProject>' "$csproj" && continue # shared support (Maillage.Testing)
  found=0 p_passed=0 p_failed=0 p_seconds=0
  for trx in "$RESULTS/$project"/*.trx; do
    [ -f "$trx" ] || continue
    found=1
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    p_passed=$((p_passed + $(count passed)))
    p_failed=$((p_failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted)))
    skipped=$((skipped + $(count notExecuted)))
    p_seconds=$((p_seconds + $(trx_seconds "$trx" || echo 0)))
  done
  passed=$((passed + p_passed)) failed=$((failed + p_failed))
  [ "$found" -eq 1 ] && per_project+=("$(printf '  %-26s %5d passed %4d failed %5d s' "$project" "$p_passed" "$p_failed" "$p_seconds")")
  [ "$found" -eq 1 ] || silent+=("$project")
done

# Name each failed test with the start of its message, so that a CI log cut to its last lines still says what failed.
if [ "$failed" -gt 0 ]; then
  echo
  echo "failed tests:"
  for trx in "$RESULTS"/*/*.trx; do
    [ -f "$trx" ] || continue
    perl -0777 -ne 'while (/<UnitTestResult [^>]*?testName="([^"]*)"[^>]*?outcome="(?:Failed|Error|Timeout|Aborted)"[^>]*>(.*?)<\/UnitTestResult>/gs) {
        my ($name, $body) = ($1, $2); my ($msg) = $body =~ /<Message>(.*?)<\/Message>/s; $msg //= "";
        $msg =~ s/&quot;/"/g; $msg =~ s/&lt;/</g; $msg =~ s/&gt;/>/g; $msg =~ s/&amp;/&/g; $msg =~ s/\s+/ /g;
        $name =~ s/&quot;/"/g; $name =~ s/&amp;/&/g;
        printf "  - %s\n      %s\n", $name, substr($msg, 0, 600);
        # Where in the tests it failed: the stack frames of this repository (a timeout says nothing else).
        my ($stack) = $body =~ /<StackTrace>(.*?)<\/StackTrace>/s; $stack //= ""; my $n = 0;
        for my $frame ($stack =~ /at ([^\n]*? in [^\n]*?\/tests\/[^\n]*?:line \d+)/g) {
          $frame =~ s/&lt;/</g; $frame =~ s/&gt;/>/g; $frame =~ s/&amp;/&/g; $frame =~ s/ in \S*\/tests\// in tests\//;
          printf "      at %s\n", $frame; last if ++$n >= 6; } }' "$trx"
  done
fi

if [ ${#per_project[@]} -gt 0 ]; then
  echo
  echo "per project (wall time of each test run; projects run in parallel; $(uptime | sed 's/.*load/load/')):"
  printf '%s\n' "${per_project[@]}"
fi
passed=$((passed + two_nodes_passed))
failed=$((failed + two_nodes_failed))
if [ "$two_nodes_failed" -gt 0 ]; then
  echo
  echo "two nodes (scripts/two-nodes.sh, log .tmp/two-nodes.log):"
  grep '^FAIL two-nodes ' "$ROOT/.tmp/two-nodes.log" | sed 's/^/  - /' || echo "  - the script failed before its scenarios"
fi
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo
echo "$summary"

if [ ${#silent[@]} -gt 0 ] && [ $# -eq 0 ]; then
  log "no test results from: ${silent[*]} (build or test host failure?)"
  exit 1
fi
if [ "$test_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  log "dotnet test exited with $test_rc although no test failed: a test host crashed or did not start"
  exit "$test_rc"
fi
[ "$failed" -eq 0 ] || exit 1
[ "$passed" -gt 0 ] || { log "no test ran"; exit 1; }
