#!/usr/bin/env bash
# Runs every test tier against the binaries in BUILD_DIR (default build-san): unit and storage tests
# (ctest), black-box API tests on SQLite and PostgreSQL, the request-parsing property test, browser tests.
# REQUIRES: KRING_TEST_PG_URL (tests/support/with-postgres.sh sets it).
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-build-san}
export KRING_BIN="$PWD/$BUILD_DIR/kring"
export KRING_REQUIRE_PG=1
export KRING_ARTIFACTS="$PWD/$BUILD_DIR/test-artifacts"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
mkdir -p "$KRING_ARTIFACTS"

if [ -z "${KRING_TEST_PG_URL:-}" ]; then
  echo "KRING_TEST_PG_URL is not set: run through tests/support/with-postgres.sh" >&2
  exit 2
fi

failed=()
passed_total=0
failed_total=0
LOGDIR=$(mktemp -d)
trap 'rm -rf "$LOGDIR"' EXIT
# Runs one tier, echoing its output, and adds its test counts (ctest or node's runner) to the totals.
tier() {
  local name=$1; shift
  local log="$LOGDIR/tier.log"
  echo
  echo "==== $name"
  if "$@" 2>&1 | tee "$log"; [ "${PIPESTATUS[0]}" -eq 0 ]; then
    echo "==== $name: ok"
  else
    echo "==== $name: FAILED"
    failed+=("$name")
  fi
  local p f
  if grep -q "tests passed, " "$log"; then
    read -r total f < <(sed -nE 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\2 \1/p' "$log" | tail -n 1)
    p=$(( ${total:-0} - ${f:-0} ))
  else
    p=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$log" | tail -n 1)
    f=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$log" | tail -n 1)
  fi
  # A tier that failed without reporting a failed test (a crash, a build error) still counts as one failure.
  if [ ${#failed[@]} -gt 0 ] && [ "${failed[${#failed[@]}-1]}" = "$name" ] && [ "${f:-0}" -eq 0 ]; then f=1; fi
  passed_total=$(( passed_total + ${p:-0} ))
  failed_total=$(( failed_total + ${f:-0} ))
}

tier "unit + storage (ctest)" ctest --test-dir "$BUILD_DIR" --output-on-failure -j2
tier "api (sqlite)" env KRING_TEST_BACKEND=sqlite node --test --test-concurrency=2 tests/api/
tier "api (postgresql)" env KRING_TEST_BACKEND=postgres node --test --test-concurrency=2 tests/api/
if compgen -G "tests/browser/*.test.mjs" >/dev/null; then
  tier "browser" node --test --test-concurrency=1 tests/browser/
fi

echo
if [ ${#failed[@]} -eq 0 ]; then
  echo "All test tiers passed."
else
  echo "Failed tiers: ${failed[*]}"
fi
echo "${passed_total} passed, ${failed_total} failed"
[ ${#failed[@]} -eq 0 ]
