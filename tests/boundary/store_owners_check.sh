#!/bin/sh
# Each store table has one owning library (docs/store.md, "Owners"). This
# check reads that table from the document and fails, naming file, line and
# table, when a library opens another library's table by name
# (store_layer / find_store_layer with a literal table name). The reads that
# predate the rule are listed below, each a known debt of #17; a new one
# fails. Layers named through a variable and raw SQL text are not seen.
#
# Usage: store_owners_check.sh SOURCE_DIR
set -u
root=${1:?give the source directory}
cd "$root" || exit 2

# "table owner" pairs from the Owners table of docs/store.md.
owners=$(sed -n '/^## Owners/,/^## /p' docs/store.md | grep '^| `' |
  awk -F'|' '{
    owner = $3; sub(/^ */, "", owner); sub(/ .*/, "", owner)
    n = split($2, tables, ",")
    for (i = 1; i <= n; ++i) { t = tables[i]; gsub(/[` ]/, "", t); print t, owner }
  }')
if [ -z "$owners" ]; then
  echo "no Owners table found in docs/store.md"
  exit 2
fi

# Known reads of another library's table (file table), to be moved behind
# the owner's typed queries.
known='hydro/src/readings_store.cpp outfalls
hydro/src/trace_store.cpp enterprises
hydro/src/trace_store.cpp outfalls
hydro/src/trace_store.cpp flags'

status=0
uses=$(grep -rnoE '(store_layer|find_store_layer)\([A-Za-z_:.]+, *"[a-z_]+"' \
  gis grid hydro imagery monitor tasks synth viewer --include='*.cpp' --include='*.hpp')
while IFS= read -r use; do
  [ -n "$use" ] || continue
  file=${use%%:*}
  rest=${use#*:}
  line=${rest%%:*}
  table=$(printf '%s\n' "$use" | sed -E 's/.*"([a-z_]+)"$/\1/')
  library=${file%%/*}
  owner=$(printf '%s\n' "$owners" | awk -v t="$table" '$1 == t { print $2 }')
  if [ -z "$owner" ]; then
    echo "$file:$line: table '$table' has no owner in docs/store.md"
    status=1
  elif [ "$owner" != "$library" ] &&
    ! printf '%s\n' "$known" | grep -qx "$file $table"; then
    echo "$file:$line: $library opens '$table', which $owner owns; call $owner's typed query"
    status=1
  fi
done <<USES
$uses
USES
[ $status -eq 0 ] && echo "store owners hold: $(printf '%s\n' "$uses" | grep -c .) table uses checked"
exit $status
