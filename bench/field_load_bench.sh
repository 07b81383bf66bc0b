#!/usr/bin/env bash
# Field users' load (issue #16 section 6): 200 grid managers on loopback at
# once logging in, listing their tasks and uploading 3 MB photos against
# `envgrid serve` on a demo-size store (200 cells, one manager each, 2,000
# enterprises, one dispatched task each: 10 per manager). Two runs of the
# same load (bench/field_load.mjs): a plain one, whose task-list p99 is the
# figure (target: under 200 ms; the peer is the static index.html fetched by
# the same users in the same run), and one where the server is killed with
# SIGKILL mid-run and started again while the users resend what got no
# answer; after it every photo answered 2xx must be stored exactly once with
# its whole bytes, and no photo file half-written.
# Usage: bench/field_load_bench.sh [--quick] [--rounds N]
#   --quick: 50 users, 2 rounds; --rounds: rounds per user (DEFAULT 3)
# The photo: DJI_0028.JPG (3.1 MB) of ../shared/data/real/drone when there,
# else the repository's data/drone/DJI_0018.JPG (4.0 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
users=200
rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) users=50; rounds=2; shift ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) echo "field_load_bench: unknown option $1" >&2; exit 2 ;;
  esac
done
envgrid=${ENVGRID:-$PWD/build/bin/envgrid}
photo=../shared/data/real/drone/DJI_0028.JPG
[ -f "$photo" ] || photo=data/drone/DJI_0018.JPG
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

project="$work/project.gpkg"
"$envgrid" --quiet init "$project"
node - "$work" <<'JS'
const fs = require('fs');
const dir = process.argv[2];
const sq = (x, y, s) => [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]];
const fc = (features) => JSON.stringify({ type: 'FeatureCollection', features });
const cells = [], enterprises = [];
for (let n = 0; n < 200; ++n) {
  const x = 113 + 0.01 * (n % 20), y = 23 + 0.01 * Math.floor(n / 20);
  cells.push({ type: 'Feature', properties: { cell_id: `C${n}`, level: 'cell', name: `C${n}`, manager: `gm${n}` }, geometry: { type: 'MultiPolygon', coordinates: [sq(x, y, 0.01)] } });
  for (let k = 0; k < 10; ++k) enterprises.push({ type: 'Feature', properties: { enterprise_id: `E${n}_${k}`, name: `E ${n} ${k}`, risk_class: 'ordinary', cell_id: `C${n}` }, geometry: { type: 'Point', coordinates: [x + 0.001 * (k + 0.5), y + 0.005] } });
}
fs.writeFileSync(`${dir}/cells.geojson`, fc(cells));
fs.writeFileSync(`${dir}/enterprises.geojson`, fc(enterprises));
fs.writeFileSync(`${dir}/enterprise-ids.txt`, enterprises.map((e) => e.properties.enterprise_id).join('\n'));
JS
for layer in cells enterprises; do "$envgrid" --quiet import "$project" --layer "$layer" "$work/$layer.geojson"; done
echo "office-password" | "$envgrid" user add "$project" office --role admin --password-stdin >/dev/null
"$envgrid" --quiet task templates import "$project" data/templates/outfall_check.json --user office >/dev/null
# shellcheck disable=SC2046 # one enterprise id per word
"$envgrid" --quiet task create "$project" --enterprise $(cat "$work/enterprise-ids.txt") --kind complaint \
  --template outfall_check --user office >"$work/created.tsv"
# shellcheck disable=SC2046 # one task id per word
"$envgrid" --quiet task dispatch "$project" $(awk -F'\t' '$1 ~ /^K/ { print $1 }' "$work/created.tsv") \
  --user office >/dev/null
start_users=$(date +%s)
for n in $(seq 0 $((users - 1))); do
  echo "password-gm$n" | "$envgrid" user add "$project" "gm$n" --role grid_manager --password-stdin >/dev/null
done
echo "field_load: $users users added in $(($(date +%s) - start_users)) s" >&2
cp "$project" "$work/pristine.gpkg"

load() {  # load NAME [--kill-after MS]: one run on a fresh copy of the store
  cp "$work/pristine.gpkg" "$project"
  rm -rf "$work/photos" "$project"-wal "$project"-shm
  node bench/field_load.mjs "$envgrid" "$project" "$work/photos" "$photo" "$users" "$rounds" "${@:2}" \
    >"$work/$1.json"
  cat "$work/$1.json" >&2
}
uptime >&2
load plain
uptime >&2
load crash --kill-after-photos $((users * rounds / 3))
uptime >&2

node - "$work/plain.json" "$work/crash.json" <<'JS'
const [plain, crash] = process.argv.slice(2).map((f) => JSON.parse(require('fs').readFileSync(f)));
const r = (a, b) => (b > 0 ? (a / b).toFixed(2) : '0');
const line = (name, value, unit, peer, note = '') =>
  console.log(`bench: ${name} ${typeof value === 'number' ? +value.toFixed(1) : value} ${unit} peer=${+(+peer).toFixed(1)} ratio=${r(value, peer)}${note}`);
console.log(`field load: ${plain.users} users x ${plain.rounds} rounds, ${(plain.photo_bytes / 1e6).toFixed(1)} MB photos: ` +
  `${plain.wall_s.toFixed(1)} s wall, server ${plain.server_cpu_s.toFixed(1)} CPU-s, clients ${plain.client_cpu_s.toFixed(1)} CPU-s`);
line('field_task_list_p99', plain.list.p99_ms, 'ms', 200, ' (target)');
line('field_task_list_p99_vs_static', plain.list.p99_ms, 'ms', plain.index.p99_ms, ' (index.html, same run)');
line('field_task_list_p50', plain.list.p50_ms, 'ms', plain.index.p50_ms, ' (index.html, same run)');
line('field_login_p99', plain.login.p99_ms, 'ms', plain.index.p99_ms, ' (index.html, same run)');
line('field_photo_upload_p99', plain.upload.p99_ms, 'ms', plain.index.p99_ms, ' (index.html, same run)');
const s = crash.store;
console.log(`field load killed mid-run: ${s.acknowledged} photos answered 2xx (${crash.killed_after_acknowledged} before the kill; ${crash.resent} sent again after it, ${crash.resent_already_stored} of them stored before the kill), ` +
  `${s.rows} rows, ${s.lost} lost, ${s.stored_twice} stored twice, ${s.wrong_bytes} rows with wrong bytes, ${s.half_written} half-written of ${s.photo_files} files`);
line('field_crash_acknowledged_photos_stored_once', s.acknowledged - s.lost - s.stored_twice - s.wrong_bytes, 'photos', s.acknowledged, ' (every acknowledged photo)');
line('field_crash_half_written_files', s.half_written, 'files', 0, ' (target)');
JS
