#!/usr/bin/env bash
# Sets everything up, starts a throw-away PostgreSQL + PostGIS server on a
# loopback port, and runs the whole test suite (CTest) against it.
# Usage: scripts/test.sh [--preset release|asan]
set -euo pipefail
cd "$(dirname "$0")/.."
preset=release
[ "${1:-}" = "--preset" ] && preset="$2"

scripts/setup.sh --preset "$preset"

# shellcheck source=scripts/postgis.sh
source scripts/postgis.sh
postgis_start
trap postgis_stop EXIT
export ENVGRID_TEST_PG="$POSTGIS_CONNECTION"

ctest --preset "$preset" -j "$(nproc)" --timeout 900
