#!/usr/bin/env bash
# Sets everything up, then runs envgrid's main job on the bundled sample
# county: generate it, load it into a project store, run the pipeline steps,
# and leave the viewer running at the printed URL.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

envgrid=build/bin/envgrid
out=demo-output
sample=$out/sample
project=$out/project.gpkg
rm -rf "$out"
mkdir -p "$out"

step() { printf '\n== %s\n' "$*" >&2; }

step "generate the sample county (seed 42) into $sample"
"$envgrid" synth -o "$sample" --seed 42

step "create the project store $project"
"$envgrid" init "$project"

step "import the sample into the store"
"$envgrid" import "$project" --layer cells "$sample/cells.gpkg" --id-field cell_id
"$envgrid" import "$project" --layer enterprises "$sample/enterprises.csv" --id-field enterprise_id
"$envgrid" import "$project" --layer enterprises "$sample/enterprises_gcj02.csv" --id-field enterprise_id --s-srs GCJ02
"$envgrid" import "$project" --layer outfalls "$sample/outfalls.csv" --id-field outfall_id
"$envgrid" import "$project" --layer sections "$sample/sections.csv" --id-field section_id
"$envgrid" import "$project" --layer readings "$sample/readings.csv"

cat >&2 <<EOM

== done
project store:   $project
sample files:    $sample
EOM
