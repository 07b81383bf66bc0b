#!/usr/bin/env bash
# Runs clang-tidy (the checks in .clang-tidy) over envgrid's sources — the
# libraries, the CLI and the benchmarks — using the release build's
# compile_commands.json. Exits non-zero on any warning.
# Usage: scripts/tidy.sh [FILE...]   (default: every source file)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/compile_commands.json ] || scripts/setup.sh --preset release

if [ $# -eq 0 ]; then
  mapfile -t files < <(git ls-files '*.cpp' | grep -E '^(gis|hydro|grid|imagery|monitor|viewer|cli|bench)/')
else
  files=("$@")
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "tidy: ${#files[@]} files" >&2
printf '%s\n' "${files[@]}" |
  xargs -P "$(nproc)" -n 4 clang-tidy -p build --quiet 2>/dev/null >"$log" || true
if grep -q -E ': (warning|error):' "$log"; then
  grep -E -A3 ': (warning|error):' "$log"
  echo "tidy: $(grep -c -E ': (warning|error):' "$log") findings" >&2
  exit 1
fi
echo "tidy: clean" >&2
