#!/bin/sh
# The hydro verbs end to end on the generator's network (a 300 m lattice):
# `envgrid hydro build --topology nodes` (read the reaches, build, write the
# project's reaches layer) into a new GeoPackage and into a project store
# (`envgrid init`), against `ogr2ogr` copying the same reaches GeoPackage
# (GDAL reading and writing the same features: the floor for any verb that
# reads and writes them, #18 section 3's peer), wall and CPU time, and `envgrid hydro trace --mode UT` from the outlet (load the
# network from the project, trace, print the ids) against the same trace as
# recursive SQL run by SQLite inside a copy of the project with an index on
# to_node (what an analyst can do with the GeoPackage alone).
#
# Usage: bench/hydro_cli_bench.sh [--quick] [REACHES]   (DEFAULT 1000000; --quick 10000)
set -eu
cd "$(dirname "$0")/.."
reaches=1000000
for arg in "$@"; do
  case $arg in
    --quick) reaches=10000 ;;
    *) reaches=$arg ;;
  esac
done
envgrid=build/bin/envgrid
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Wall seconds, peak resident MB and CPU seconds (user + system) of a
# command, as "SECONDS MB CPU".
timed() {
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || {
    echo "hydro_cli_bench: $* failed:" >&2
    tail -5 "$work/err" >&2
    exit 1
  }
  awk '{ printf "%s %.0f %.2f", $1, $2 / 1024, $3 + $4 }' "$work/time"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

echo "generating $reaches reaches (envgrid synth)"
$envgrid --quiet synth --reaches "$reaches" --only reaches -o "$work/src" >/dev/null
src="$work/src/reaches.gpkg"

nodes="--id-field reach_id --topology nodes --from-node-field from_node --to-node-field to_node
  --divergence-field divergence"
echo "load average before the builds: $(cut -d' ' -f1-3 /proc/loadavg)"
set -- $(timed $envgrid --quiet hydro build --reaches "$src" $nodes -o "$work/project.gpkg")
build_s=$1 build_mb=$2 build_cpu=$3
$envgrid --quiet init "$work/store.gpkg"
set -- $(timed $envgrid --quiet hydro build --reaches "$src" $nodes -o "$work/store.gpkg")
store_s=$1 store_mb=$2 store_cpu=$3
set -- $(timed ogr2ogr -f GPKG "$work/copy.gpkg" "$src")
copy_s=$1 copy_cpu=$3
echo "envgrid hydro build --topology nodes into a new GeoPackage: $build_s s wall, $build_cpu s CPU," \
  "peak $build_mb MB; into a store: $store_s s wall, $store_cpu s CPU, peak $store_mb MB;" \
  "ogr2ogr copy of the same reaches: $copy_s s wall, $copy_cpu s CPU;" \
  "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

outlet=$(ogrinfo -ro -q "$work/project.gpkg" -sql \
  "SELECT reach_id FROM reaches WHERE flow_distance_m = 0 ORDER BY upstream_length_m DESC LIMIT 1" |
  sed -n 's/^ *reach_id (String) = //p')
set -- $(timed $envgrid --quiet hydro trace "$work/project.gpkg" --from-reach "$outlet" --mode UT --format ids)
trace_s=$1 trace_mb=$2
traced=$(wc -l <"$work/out")

ogr2ogr -f GPKG "$work/sql.gpkg" "$work/project.gpkg" reaches
ogrinfo -q "$work/sql.gpkg" -sql "CREATE INDEX reaches_to_node ON reaches(to_node)" >/dev/null
set -- $(timed ogrinfo -ro -q "$work/sql.gpkg" -sql \
  "WITH RECURSIVE ut(fid, from_node) AS (SELECT fid, from_node FROM reaches WHERE reach_id = '$outlet' \
   UNION SELECT r.fid, r.from_node FROM reaches r JOIN ut ON r.to_node = ut.from_node) \
   SELECT count(*) AS n FROM ut")
sql_s=$1
sql_count=$(sed -n 's/^ *n (Integer.*) = //p' "$work/out")
echo "envgrid hydro trace UT from outlet $outlet: $traced reaches in $trace_s s, peak $trace_mb MB;" \
  "SQLite recursive query in the GeoPackage: $sql_count reaches in $sql_s s"
if [ "$traced" != "$sql_count" ]; then
  echo "hydro_cli_bench: trace sizes differ (envgrid $traced, SQLite $sql_count)" >&2
  exit 1
fi

echo "bench: hydro_build_cli_s $build_s s peer=$copy_s ratio=$(ratio "$build_s" "$copy_s") (ogr2ogr copy)"
echo "bench: hydro_build_cli_cpu_s $build_cpu s peer=$copy_cpu ratio=$(ratio "$build_cpu" "$copy_cpu") (ogr2ogr copy, CPU)"
echo "bench: hydro_build_store_s $store_s s peer=$copy_s ratio=$(ratio "$store_s" "$copy_s") (ogr2ogr copy)"
echo "bench: hydro_build_store_cpu_s $store_cpu s peer=$copy_cpu ratio=$(ratio "$store_cpu" "$copy_cpu") (ogr2ogr copy, CPU)"
echo "bench: hydro_build_store_s $store_s s peer=8 ratio=$(ratio "$store_s" 8) (target)"
echo "bench: hydro_trace_cli_s $trace_s s peer=$sql_s ratio=$(ratio "$trace_s" "$sql_s") (sqlite in the gpkg)"
