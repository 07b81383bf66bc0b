#!/usr/bin/env bash
# Load on the viewer: wrk at 64 connections against the GeoJSON layers, the
# review queue and an orthomosaic tile of a project, as a logged-in analyst; prints p50/p99
# latency and requests per second. The peer figure is the same server
# answering a static file of the web app (its floor: HTTP, no store access).
# Usage: bench/viewer_load_bench.sh [--quick] [PROJECT]
#   PROJECT: a store to copy (e.g. demo-output/project.gpkg); DEFAULT a made-up
#   county of 400 cells, 4000 enterprises and 10000 flags.
# Target (issue 6): p99 under 50 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=15s
source_project=""
for arg in "$@"; do
  case "$arg" in
    --quick) duration=5s ;;
    *) source_project="$arg" ;;
  esac
done
envgrid=build/bin/envgrid
command -v wrk >/dev/null || { echo "viewer_load_bench: wrk is missing (scripts/setup.sh installs it)" >&2; exit 2; }
work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

project="$work/project.gpkg"
if [ -n "$source_project" ]; then
  cp "$source_project" "$project"
else
  "$envgrid" --quiet init "$project"
  # A 20 x 20 grid of 0.01-degree cells near 113E 23N, 10 enterprises and 25 flags per cell.
  node - "$work" <<'JS'
const fs = require('fs');
const dir = process.argv[2];
const sq = (x, y, s) => [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]];
const fc = (features) => JSON.stringify({ type: 'FeatureCollection', features });
const cells = [], enterprises = [], flags = [];
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
for (let i = 0; i < 20; ++i) for (let j = 0; j < 20; ++j) {
  const id = `C${i}_${j}`, x = 113 + 0.01 * i, y = 23 + 0.01 * j;
  cells.push({ type: 'Feature', properties: { cell_id: id, level: 'cell', name: id }, geometry: { type: 'MultiPolygon', coordinates: [sq(x, y, 0.01)] } });
  for (let k = 0; k < 10; ++k) enterprises.push({ type: 'Feature', properties: { enterprise_id: `E${i}_${j}_${k}`, name: `E ${k}`, risk_class: 'ordinary', cell_id: id }, geometry: { type: 'Point', coordinates: [x + 0.01 * rand(), y + 0.01 * rand()] } });
  for (let k = 0; k < 25; ++k) flags.push({ type: 'Feature', properties: { flag_id: `F${i}_${j}_${k}`, kind: k % 2 ? 'outfall' : 'construction', score: rand(), status: 'new', source: 'bench', cell_id: id, created_at: '2026-11-01T00:00:00Z' }, geometry: { type: 'Polygon', coordinates: sq(x + 0.009 * rand(), y + 0.009 * rand(), 0.0005) } });
}
fs.writeFileSync(`${dir}/cells.geojson`, fc(cells));
fs.writeFileSync(`${dir}/enterprises.geojson`, fc(enterprises));
fs.writeFileSync(`${dir}/flags.geojson`, fc(flags));
JS
  for layer in cells enterprises flags; do
    # GDAL would read the ISO dates of GeoJSON as Date fields; keep them as text.
    "$envgrid" --quiet --config OGR_GEOJSON_DATE_AS_STRING YES import "$project" --layer "$layer" "$work/$layer.geojson"
  done
fi
echo "bench-password" | "$envgrid" user add "$project" bench --role analyst --password-stdin >/dev/null
# An orthomosaic for the tiles: the synthetic "after" image (EPSG:4547, around 114.30E 30.55N).
"$envgrid" --quiet imagery synth -o "$work/imagery" --seed 42 --size-px 1024 >/dev/null
"$envgrid" --quiet imagery publish "$project" --ortho "$work/imagery/after.tif" --raster-id after >/dev/null
# The zoom-18 tile over the middle of the image (OSM tile numbering).
tile=$(awk 'BEGIN { lon = 114.30; lat = 30.55; z = 18; n = 2 ^ z; pi = atan2(0, -1); r = lat * pi / 180
  printf "%d/%d/%d", z, (lon + 180) / 360 * n, (1 - log(sin(r) / cos(r) + 1 / cos(r)) / pi) / 2 * n }')

"$envgrid" serve "$project" --port 0 >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 50); do grep -q "http://" "$work/serve.out" 2>/dev/null && break; sleep 0.2; done
url=$(grep -o 'http://[0-9.:]*/' "$work/serve.out" | head -1)
[ -n "$url" ] || { cat "$work/serve.err" >&2; exit 1; }
cookie=$(curl -s -i -X POST -H 'Content-Type: application/json' \
  -d '{"user_name":"bench","password":"bench-password"}' "${url}api/login" |
  tr -d '\r' | sed -n 's/^Set-Cookie: \(envgrid_session=[0-9a-f]*\).*/\1/p')
[ -n "$cookie" ] || { echo "viewer_load_bench: login failed" >&2; exit 1; }

# Runs wrk; prints "p50_ms p99_ms requests_per_s".
load() {
  # Accept-Encoding as every browser sends it (large answers then come gzipped).
  wrk -t2 -c64 -d"$duration" --latency -H "Cookie: $cookie" -H "Accept-Encoding: gzip, deflate" "$1" >"$work/wrk.out"
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) } $1 == "Requests/sec:" { rps = $2 }
    / Non-2xx/ { bad = $NF }
    END { if (bad) print "non-2xx answers: " bad > "/dev/stderr"; printf "%.2f %.2f %.0f\n", p50, p99, rps }' "$work/wrk.out"
}

read -r peer_p50 peer_p99 peer_rps < <(load "${url}index.html")
echo "static index.html: p50 ${peer_p50} ms, p99 ${peer_p99} ms, ${peer_rps} req/s"
for target in \
  "geojson_cells|api/layers/cells?bbox=113.05,23.05,113.10,23.10" \
  "geojson_flags|api/layers/flags?bbox=113.05,23.05,113.10,23.10" \
  "queue|api/flags?status=new&limit=50" \
  "tile|api/tiles/after/${tile}.png"; do
  name=${target%%|*}
  # The first answer is made from the store (or rendered); wrk then measures
  # the steady state, where answers and tiles come from the server's caches.
  cold_ms=$(curl -s -o /dev/null -w '%{time_total}' -H "Cookie: $cookie" -H "Accept-Encoding: gzip, deflate" \
    "${url}${target#*|}" | awk '{ printf "%.1f", $1 * 1000 }')
  read -r p50 p99 rps < <(load "${url}${target#*|}")
  echo "${name} (/${target#*|}): first answer ${cold_ms} ms; then p50 ${p50} ms, p99 ${p99} ms, ${rps} req/s at 64 connections"
  echo "bench: viewer_${name}_p50 ${p50} ms peer=${peer_p50} ratio=$(awk -v a="$p50" -v b="$peer_p50" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')"
  echo "bench: viewer_${name}_p99 ${p99} ms peer=${peer_p99} ratio=$(awk -v a="$p99" -v b="$peer_p99" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')"
  echo "bench: viewer_${name}_rps ${rps} req/s peer=${peer_rps} ratio=$(awk -v a="$rps" -v b="$peer_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
done
