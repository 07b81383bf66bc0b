#!/bin/sh
# The naming rule for constants (#17, docs/style.md): constants are
# lower_case like every other variable (`constexpr int max_tiles = 8;`),
# not kCamelCase. clang-tidy's readability-identifier-naming (.clang-tidy)
# says the same in an editor; this check is the cheap one CI runs, and it
# fails naming the file and line of each kCamelCase constant.
#
# Usage: constant_naming_check.sh SOURCE_DIR
set -u
root=${1:?give the source directory}
cd "$root" || exit 2

pattern='\b(constexpr|const)\b[^;=(]*\bk[A-Z][A-Za-z0-9]*[[:space:]]*(=|\{|\[|;|,)'
found=$(find gis grid hydro imagery monitor tasks synth viewer cli tests bench \
  -path viewer/web -prune -o \( -name '*.cpp' -o -name '*.hpp' \) -print |
  sort | xargs grep -nE "$pattern")
if [ -n "$found" ]; then
  echo "these constants are named kCamelCase; name them lower_case (docs/style.md):"
  echo "$found"
  exit 1
fi
echo "constant naming holds"
