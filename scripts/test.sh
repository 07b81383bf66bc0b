#!/usr/bin/env bash
# Sets everything up, starts a throw-away PostgreSQL + PostGIS server on a
# loopback port, and runs the whole test suite (CTest) against it.
# Usage: scripts/test.sh [--preset release|asan] [--exclude REGEX]
#   --exclude REGEX  leave out the tests whose names match (ctest -E)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=release
exclude=()
while [ $# -gt 0 ]; do
  case "$1" in
    --preset) preset="$2"; shift 2 ;;
    --exclude) exclude=(-E "$2"); shift 2 ;;
    *) echo "test.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

scripts/setup.sh --preset "$preset"

# shellcheck source=scripts/postgis.sh
source scripts/postgis.sh
postgis_start
trap postgis_stop EXIT
export ENVGRID_TEST_PG="$POSTGIS_CONNECTION"

ctest --preset "$preset" -j "$(nproc)" --timeout 900 "${exclude[@]}"
