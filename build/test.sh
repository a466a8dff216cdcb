#!/usr/bin/env bash
# The one test command: build/test.sh [extra dotnet test args, e.g. --filter X]
#
# 1. Uses the PostgreSQL server named by $VERSIONING_TEST_POSTGRES (an Npgsql
#    connection string), or starts a throwaway one with build/postgres.sh.
# 2. Runs every test project of the solution in Release; .trx results go to
#    artifacts/test-results/.
# 3. If all tests passed, packs the library and checks that a fresh consumer project
#    can use the packages (build/consumer-check/run.sh).
# The last line printed is always `Tests: N passed, N failed, N skipped`, summed over
# all test projects. Exit status is non-zero if the build or any test failed, if no
# test ran at all, or if the consumer check failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

RESULTS=$ROOT/artifacts/test-results
VERBOSITY=${VERSIONING_TEST_VERBOSITY:-minimal}   # console logger verbosity

# The solution file (Versioning.sln; Versioning.slnx is accepted too).
SOLUTION=Versioning.sln
[[ -f $SOLUTION || ! -f Versioning.slnx ]] || SOLUTION=Versioning.slnx

# --- PostgreSQL -----------------------------------------------------------------
PGDIR=""
stop_postgres() {
  [[ -n $PGDIR ]] || return 0
  # keep the server log with the test results, then stop and delete the cluster
  cp "$PGDIR/postgres.log" "$RESULTS/postgres.log" 2>/dev/null || true
  bash build/postgres.sh stop "$PGDIR" >>"$RESULTS/postgres-stop.log" 2>&1 || true
  PGDIR=""
}
# Safety net for early exits (errors, Ctrl-C); quiet, so the summary stays last.
trap stop_postgres EXIT

rm -rf "$RESULTS"
mkdir -p "$RESULTS"

if [[ -n ${VERSIONING_TEST_POSTGRES:-} ]]; then
  echo "Using PostgreSQL from VERSIONING_TEST_POSTGRES"
else
  PGDIR=$(mktemp -d /tmp/versioning-pg.XXXXXX)   # /tmp: reachable by the postgres user
  echo "Starting a throwaway PostgreSQL server in $PGDIR"
  VERSIONING_TEST_POSTGRES=$(bash build/postgres.sh start "$PGDIR" | tail -n 1) || true
  if [[ $VERSIONING_TEST_POSTGRES != Host=* ]]; then
    echo "could not start PostgreSQL (see the messages above)"
    echo "Tests: 0 passed, 0 failed, 0 skipped"
    exit 1
  fi
  export VERSIONING_TEST_POSTGRES
fi

# --- tests ----------------------------------------------------------------------
test_rc=0
dotnet test "$SOLUTION" -c Release \
  --logger trx --logger "console;verbosity=$VERBOSITY" \
  --results-directory "$RESULTS" "$@" || test_rc=$?

stop_postgres

# Sum the <Counters> of every .trx file (one per test project). xunit skips are not
# "executed", so skipped = total - executed and failed = executed - passed (this also
# counts errors, timeouts and aborts as failures).
passed=0 failed=0 skipped=0 bad_trx=0
counter() { sed -n "s/.*[[:space:]]$1=\"\([0-9]*\)\".*/\1/p" <<<"$2" | head -n 1; }   # attr of <Counters>
shopt -s nullglob
for trx in "$RESULTS"/*.trx; do
  line=$(tr -d '\r' <"$trx" | tr '\n' ' ' | grep -o '<Counters [^>]*>' || true)
  if [[ -z $line ]]; then
    echo "no <Counters> in $trx"
    bad_trx=1
    continue
  fi
  total=$(counter total "$line"); executed=$(counter executed "$line"); ok=$(counter passed "$line")
  passed=$((passed + ${ok:-0}))
  failed=$((failed + ${executed:-0} - ${ok:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done

status=0
if [[ $test_rc -ne 0 ]]; then
  echo "dotnet test failed (exit code $test_rc)"
  status=1
fi
if [[ $failed -ne 0 || $bad_trx -ne 0 ]]; then
  status=1
fi
if [[ $((passed + failed)) -eq 0 ]]; then
  echo "no test was executed"
  status=1
fi

# --- consumer check (only when everything above passed) -------------------------
if [[ $status -eq 0 ]]; then
  if ! bash build/consumer-check/run.sh; then
    echo "consumer check FAILED"
    status=1
  fi
fi

echo "Tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
