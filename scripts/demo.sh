#!/usr/bin/env bash
# Sets everything up, then runs envgrid's main job on the bundled sample
# county (data/sample, made by `envgrid synth --seed 42`): load it into a
# project store, run the grid, hydro, imagery and monitoring steps, make and
# dispatch inspection tasks, and leave the viewer
# running at the printed URL. Results go to demo-output/.
# Usage: scripts/demo.sh [--no-serve] [--port 8080]
set -euo pipefail
cd "$(dirname "$0")/.."
serve=yes
port=8080
while [ $# -gt 0 ]; do
  case "$1" in
    --no-serve) serve=no; shift ;;
    --port) port="$2"; shift 2 ;;
    *) echo "demo.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
scripts/setup.sh --target envgrid

envgrid=build/bin/envgrid
sample=data/sample
out=demo-output
project=$out/project.gpkg
rm -rf "$out"
mkdir -p "$out"

step() { printf "\n== [%s] %s\n" "$(date +%T)" "$*" >&2; }
# Steps that report data problems exit 1 and go on; anything else stops the demo.
run() { "$envgrid" --quiet "$@" || { rc=$?; [ "$rc" -eq 1 ] || exit "$rc"; }; }

step "create the project store $project"
run init "$project"

step "import the sample county (some enterprises arrive in GCJ-02, as from web maps)"
# The sample CSVs are WGS 84 (the GCJ-02 file says so too): saying it keeps the
# import from warning that no coordinate system is declared.
run import "$project" --layer cells "$sample/cells.gpkg" --id-field cell_id
# The townships and the county go into the same cells layer (level township,
# county): the cells name their townships as parents, and grid validate checks
# that the cells tile them. Readers of "the grid's cells" keep level = cell.
run import "$project" --layer cells "$sample/boundary.gpkg" --source-layer townships --id-field cell_id
run import "$project" --layer cells "$sample/boundary.gpkg" --source-layer county --id-field cell_id
run import "$project" --layer enterprises "$sample/enterprises.csv" --id-field enterprise_id --s-srs EPSG:4326
run import "$project" --layer enterprises "$sample/enterprises_gcj02.csv" --id-field enterprise_id --s-srs GCJ02
run import "$project" --layer outfalls "$sample/outfalls.csv" --id-field outfall_id --s-srs EPSG:4326
run import "$project" --layer sections "$sample/sections.csv" --id-field section_id --s-srs EPSG:4326
run import "$project" --layer readings "$sample/readings.csv"

step "grid: validate the cells, assign enterprises to cells, workload, a double-random draw, a patrol plan"
run grid validate "$project" -o "$out/cell-problems.gpkg" > "$out/cell-problems.txt"
run grid assign "$project" > "$out/assign.txt"
cat "$out/assign.txt" >&2
run grid assign --cells "$sample/cells.gpkg" --cell-id cell_id --sites "$sample/enterprises.csv" \
  --sites-srs EPSG:4326 --site-id enterprise_id -o "$out/enterprise-cells.csv"
run grid workload "$project" --period 2026Q4 -o "$out/workload.csv" > "$out/workload.txt"
run grid draw "$project" --period 2026Q4 --seed 20261001 --user demo -o "$out/draw-2026Q4.csv" > "$out/draw.txt"
cat "$out/draw.txt" >&2
# The patrol is planned for the cell of the first enterprise found inside a cell.
first_cell=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) column[$i] = i; next }
  $column["match"] == "inside" { print $column["cell_id"]; exit }' "$out/enterprise-cells.csv" | tr -d '"')
run patrol plan "$project" --cell "${first_cell:-C0001}" --date 2026-12-01 \
  -o "$out/patrol.geojson" --gpx "$out/patrol.gpx" > "$out/patrol.txt"

step "hydro: build the river network, snap sections and outfalls, find exceedances, trace the source"
run hydro build --reaches "$sample/reaches.gpkg" --id-field reach_id --topology nodes \
  --from-node-field from_node --to-node-field to_node --divergence-field divergence -o "$project" > "$out/network.txt"
run hydro snap "$project" > "$out/snap.txt"
run hydro exceedances "$project" -o "$out/exceedances.csv"
run hydro trace "$project" --section S001 --at 2025-07-14T09:30:00+08:00 --parameter NH3N \
  --window-hours 480 --report "$out/trace-S001.md" > "$out/trace.txt"
head -n 12 "$out/trace.txt" >&2

step "monitor: HJ 212 packet logs of the monitored outfalls (synthetic, with faults): ingest, audit, alerts"
# envgrid synth writes the sample county (data/sample is its seed-42 output)
# with the packet logs, the MN bindings and the permit limits beside it.
run synth -o "$out/synth" --seed 42 > "$out/synth.txt"
run import "$project" --layer monitors "$out/synth/monitors.csv" --id-field mn
run import "$project" --layer limits "$out/synth/limits.csv"
run monitor ingest "$project" "$out/synth"/hj212/*.log > "$out/monitor-ingest.txt"
cat "$out/monitor-ingest.txt" >&2
run monitor audit "$project" > "$out/monitor-audit.txt"
grep -v '^series' "$out/monitor-audit.txt" >&2
run monitor alerts "$project" > "$out/alerts.tsv"
cut -f1-3,7-12 "$out/alerts.tsv" >&2

step "imagery: drone photo footprints, construction changes and outfall plumes"
run imagery photos data/drone -o "$project"
run imagery synth -o "$out/imagery" --seed 42 --size-px 2048
# Flags go straight into the store (status new, cell from the store's cells,
# chips in $project.chips recorded in the store).
run imagery changes --before "$out/imagery/before.tif" --after "$out/imagery/after.tif" \
  --permits "$out/imagery/permits.geojson" --mask-out "$out/changes-mask.tif" -o "$project"
run imagery outfalls --image "$out/imagery/river.tif" --water "$out/imagery/water.geojson" \
  --outfalls "$out/imagery/outfalls.geojson" -o "$project"
# The viewer finds orthomosaic tiles only through the store's rasters table.
run imagery publish "$project" --ortho "$out/imagery/after.tif" --raster-id after --name "after (synthetic)"
run imagery publish "$project" --ortho "$out/imagery/before.tif" --raster-id before --name "before (synthetic)"
run imagery publish "$project" --ortho "$out/imagery/river.tif" --raster-id river --name "river (synthetic)"

step "tasks: inspection templates; tasks from the draw, the trace's top suspects and the open alerts; dispatch; one done"
run task templates import "$project" data/templates/*.json --user office > "$out/templates.txt"
draw_id=$(sed -n 's/^draw \([^:]*\):.*/\1/p' "$out/draw.txt")
trace_id=$(sed -n 's/^trace \([^:]*\):.*/\1/p' "$out/trace.txt" | head -n 1)
run task create "$project" --from-draw "$draw_id" --user office > "$out/tasks-created.txt"
run task create "$project" --from-trace "$trace_id" --top 3 --due 2026-12-15 --user office >> "$out/tasks-created.txt"
run task create "$project" --from-alerts --due 2026-12-08 --user office >> "$out/tasks-created.txt"
# Flags reach a task once the review queue (the viewer) marks them field_check:
#   envgrid task create PROJECT --from-flags
# Dispatch the first tasks that have a team (a drawn pair or the cell's
# manager), and an outfall check, which is then done on site and accepted.
done_task=$(awk -F'\t' '$2 == "created" && $7 != "" && $9 == "outfall_check" { print $1 "\t" $7; exit }' \
  "$out/tasks-created.txt")
task_id=${done_task%%$'\t'*}
dispatch=$( (awk -F'\t' '$2 == "created" && $7 != "" { print $1 }' "$out/tasks-created.txt" | head -n 8
  [ -z "$task_id" ] || echo "$task_id") | sort -u)
if [ -n "$dispatch" ]; then
  # shellcheck disable=SC2086 # one task id per word
  run task dispatch "$project" $dispatch --user office > "$out/tasks-dispatched.txt"
  cat "$out/tasks-dispatched.txt" >&2
fi
if [ -n "$task_id" ]; then
  member=${done_task#*$'\t'}
  member=${member%%;*}
  cat > "$out/answers-$task_id.json" <<JSON
{"template_id": "outfall_check",
 "answers": {"outfall_exists": "pass", "registered": "pass",
             "no_hidden_pipe": {"result": "fail", "note": "排口旁另有一根未登记的暗管"},
             "ph": 7.6, "cod": 138, "nh3n": {"value": 21.5, "unit": "mg/L"},
             "source": "暗管来自上游厂区雨水井，水色灰黑、有异味"}}
JSON
  run task start "$project" "$task_id" --user "$member" > /dev/null
  run task photo add "$project" "$task_id" data/drone/DJI_0018.JPG --user "$member" > /dev/null
  run task submit "$project" "$task_id" --result "$out/answers-$task_id.json" --user "$member" > /dev/null
  run task close "$project" "$task_id" --note "立案查处暗管" --user office > /dev/null
  run task show "$project" "$task_id" > "$out/task-$task_id.txt"
  grep '^event' "$out/task-$task_id.txt" >&2
  # The dossier (一厂一档) of the enterprise it was about: the same file the
  # viewer shows at #/enterprise/ID/dossier and exports.
  dossier_of=$(awk -F'\t' -v id="$task_id" '$1 == id && $4 == "enterprise" { print $5 }' \
    "$out/tasks-created.txt")
  if [ -n "$dossier_of" ]; then
    run dossier "$project" --enterprise "$dossier_of" -o "$out/dossier-$dossier_of.html" >&2
  fi
fi
run task list "$project" > "$out/tasks.txt"
run task list "$project" --format csv -o "$out/tasks.csv"
head -n 12 "$out/tasks.txt" >&2

cat >&2 <<EOM

== done
project store:        $project
cell problems:        $out/cell-problems.txt, $out/cell-problems.gpkg
enterprise cells:     $out/enterprise-cells.csv
workload:             $out/workload.csv ($out/workload.txt)
draw:                 $out/draw-2026Q4.csv
patrol plan:          $out/patrol.geojson, $out/patrol.gpx
exceedances:          $out/exceedances.csv
source trace report:  $out/trace-S001.md
online monitoring:    $out/monitor-ingest.txt, $out/monitor-audit.txt, $out/alerts.tsv
imagery flags:        in the store's flags, chips in $project.chips;
                      orthomosaics published to the viewer
inspection tasks:     $out/tasks.txt, $out/tasks.csv (templates from data/templates)
dossier (一厂一档):    $out/dossier-*.html; in the viewer #/enterprise/ID/dossier
EOM

if [ "$serve" = yes ]; then
  step "the viewer (Ctrl-C stops it)"
  exec "$envgrid" serve "$project" --port "$port"
fi
