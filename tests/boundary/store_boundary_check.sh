#!/bin/sh
# The store is a boundary (#17, docs/store.md "Owners"): the viewer and the
# CLI read and write the store through the typed queries of the libraries
# that own its tables, never through its GDAL dataset or OGR layers. This
# check fails, naming file and line, when a source under viewer/ or cli/
# includes the raw-access header or calls OGR on a store layer. The viewer's
# own tables (users, sessions) are the exception: their *_store.cpp files.
#
# Usage: store_boundary_check.sh SOURCE_DIR
set -u
root=${1:?give the source directory}
cd "$root" || exit 2

# Raw access to the store, and the OGR calls that query an opened layer
# (output files are written with CreateLayer/CreateFeature, never with these).
pattern='envgrid/gis/store_tables\.hpp|envgrid/gis/store_lookup_function\.hpp|store_layer\(|store_dataset\(|find_store_layer\(|GetLayerByName|ExecuteSQL|SetAttributeFilter|SetSpatialFilter'
allowed='^viewer/src/(users_store|sessions_store)\.cpp:'

found=$(find viewer cli -path viewer/web -prune -o \( -name '*.cpp' -o -name '*.hpp' \) -print |
  sort | xargs grep -nE "$pattern" | grep -vE "$allowed")
if [ -n "$found" ]; then
  echo "these sources outside the table-owning libraries reach the store's OGR layers:"
  echo "$found"
  echo "call the owning library's typed queries instead (docs/store.md, \"Owners\")"
  exit 1
fi
count=$(find viewer cli -path viewer/web -prune -o \( -name '*.cpp' -o -name '*.hpp' \) -print | wc -l)
echo "store boundary holds: $count sources under viewer/ and cli/ checked"
