#!/usr/bin/env bash
# Installs envgrid's Debian 12 packages (idempotent: apt-get runs only when
# something is missing) and builds the release preset into build/.
# Usage: scripts/setup.sh [--preset release|debug|asan] [--target TARGET]
#   --target TARGET  build only this CMake target (the demo builds `envgrid`,
#                    not the test suite and benchmarks)
set -euo pipefail
cd "$(dirname "$0")/.."

preset=release
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --preset) preset="$2"; shift 2 ;;
    --target) targets=(--target "$2"); shift 2 ;;
    *) echo "setup.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libgdal-dev gdal-bin libproj-dev proj-bin proj-data libgeos-dev
  libopencv-dev libboost-dev libboost-graph-dev
  libgtest-dev libgmock-dev libexiv2-dev libsqlite3-dev sqlite3 libsodium-dev
  nlohmann-json3-dev
  postgresql-15 postgresql-15-postgis-3 postgresql-client-15
  chromium wrk
  fonts-noto-cjk  # Chinese names in the browser tests render as users see them (#16)
  clang-tidy clang-14 libclang-rt-14-dev
)
# Node.js may already come from elsewhere (NodeSource ships npm inside its
# nodejs package, which conflicts with Debian's npm): install only if absent.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ -f viewer/web/package.json ]; then
  # `npm install` with the committed lock file and exact versions: npm 11's
  # `npm ci` refuses this lock file over an optional Windows-only dependency.
  (cd viewer/web && { [ -d node_modules ] || npm install --no-audit --no-fund --loglevel=error; } &&
    npm run --silent build)
fi

jobs=$(nproc)
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$jobs" "${targets[@]}"
