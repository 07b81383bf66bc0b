#!/usr/bin/env bash
# Traces from a store (issue 18 section 2), whole process, on the generator's
# county with REACHES reaches:
# - `envgrid hydro trace STORE --from-reach R --mode UT` from a mid-network
#   reach draining about a tenth of the network, and from the outlet, over the
#   network `hydro build` stored; beside the same trace as SQLite's recursive
#   query run by ogrinfo in the same GeoPackage (its to_node index), each the
#   median of RUNS runs, interleaved so both see the same load;
# - the viewer's POST /api/traces (a source trace from the generator's
#   planted exceedance) 100 times in a row after one warm-up request: p50,
#   p99 and the first request (which builds the network).
# Wall and CPU times: on the shared 2-core machine other builds inflate the
# wall times; CPU times and ratios taken in the same run are steadier. The
# start of any envgrid process (`envgrid --version`) is measured too.
# Targets: the UT trace of ~10^5 reaches <= 150 ms and >= 5x faster than the
# recursive query; the viewer's p99 under 300 ms.
#
# Usage: bench/hydro_trace_bench.sh [--quick] [REACHES]   (DEFAULT 1000000; --quick 20000)
set -euo pipefail
cd "$(dirname "$0")/.."
reaches=1000000
runs=5
for arg in "$@"; do
  case $arg in
    --quick) reaches=20000 runs=3 ;;
    *) reaches=$arg ;;
  esac
done
envgrid=$PWD/build/bin/envgrid
work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

echo "generating a county with $reaches reaches (envgrid synth), building its store" >&2
"$envgrid" --quiet synth --reaches "$reaches" -o "$work/src" >"$work/synth.out"
project="$work/project.gpkg"
"$envgrid" --quiet init "$project"
for layer in enterprises outfalls sections; do
  "$envgrid" --quiet import "$project" --layer "$layer" "$work/src/$layer.csv" \
    --id-field "${layer%s}_id" --s-srs EPSG:4326
done
"$envgrid" --quiet import "$project" --layer readings "$work/src/readings.csv"
# Exit status 1: done, with problems reported (gaps, unsnapped points).
"$envgrid" --quiet hydro build --reaches "$work/src/reaches.gpkg" --id-field reach_id \
  --topology nodes --from-node-field from_node --to-node-field to_node \
  --divergence-field divergence -o "$project" >/dev/null || [ $? -le 1 ]
"$envgrid" --quiet hydro snap "$project" >/dev/null || [ $? -le 1 ]

sql() { ogrinfo -ro -q "$project" -sql "$1" | sed -n 's/^ *[a-z_]* ([A-Za-z]*[^)]*) = //p'; }
outlet=$(sql "SELECT reach_id FROM reaches WHERE flow_distance_m = 0 ORDER BY upstream_length_m DESC LIMIT 1")
mid=$(sql "SELECT reach_id FROM reaches ORDER BY abs(upstream_length_m - \
  (SELECT max(upstream_length_m) FROM reaches) / 10) LIMIT 1")

# Wall and CPU (user + system) seconds of a command (its output in $work/out).
seconds() {
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || {
    echo "hydro_trace_bench: $* failed:" >&2
    tail -5 "$work/err" >&2
    exit 1
  }
  awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$work/time"
}
# The median of the first (wall) or second (CPU) column.
median() { awk -v c="${1:-1}" '{ print $c }' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

: >"$work/start.s"
for _ in $(seq "$runs"); do seconds "$envgrid" --version >>"$work/start.s"; done
echo "envgrid --version (process start): $(median 1 <"$work/start.s") s wall, $(median 2 <"$work/start.s") s CPU"
echo "bench: envgrid_start_s $(median 1 <"$work/start.s") s peer=0.150 ratio=$(ratio "$(median 1 <"$work/start.s")" 0.150) (the trace target)"

for start in mid outlet; do
  reach=${!start}
  : >"$work/envgrid.s"
  : >"$work/sqlite.s"
  for _ in $(seq "$runs"); do
    seconds "$envgrid" --quiet hydro trace "$project" --from-reach "$reach" --mode UT >>"$work/envgrid.s"
    traced=$(wc -l <"$work/out")
    seconds ogrinfo -ro -q "$project" -sql \
      "WITH RECURSIVE ut(fid, from_node) AS (SELECT fid, from_node FROM reaches WHERE reach_id = '$reach' \
       UNION SELECT r.fid, r.from_node FROM reaches r JOIN ut ON r.to_node = ut.from_node) \
       SELECT count(*) AS n FROM ut" >>"$work/sqlite.s"
    counted=$(sed -n 's/^ *n (Integer.*) = //p' "$work/out")
  done
  if [ "$traced" != "$counted" ]; then
    echo "hydro_trace_bench: trace sizes differ (envgrid $traced, SQLite $counted)" >&2
    exit 1
  fi
  trace_s=$(median 1 <"$work/envgrid.s")
  sql_s=$(median 1 <"$work/sqlite.s")
  trace_cpu=$(median 2 <"$work/envgrid.s")
  sql_cpu=$(median 2 <"$work/sqlite.s")
  echo "hydro trace UT from the $start ($reach): $traced reaches, median of $runs: envgrid $trace_s s wall," \
    "$trace_cpu s CPU; SQLite recursive query (ogrinfo) $sql_s s wall, $sql_cpu s CPU" \
    "(wall CPU per run: envgrid $(tr '\n' ',' <"$work/envgrid.s") SQLite $(tr '\n' ',' <"$work/sqlite.s"))"
  echo "bench: hydro_trace_stored_ut_${start}_s $trace_s s peer=$sql_s ratio=$(ratio "$trace_s" "$sql_s") (sqlite recursive, $traced reaches)"
  echo "bench: hydro_trace_stored_ut_${start}_cpu_s $trace_cpu s peer=$sql_cpu ratio=$(ratio "$trace_cpu" "$sql_cpu") (sqlite recursive, CPU)"
  if [ "$start" = mid ]; then
    echo "bench: hydro_trace_stored_ut_mid_s $trace_s s peer=0.150 ratio=$(ratio "$trace_s" 0.150) (target)"
  fi
done

# The viewer: 100 source traces in a row.
echo "bench-password" | "$envgrid" user add "$project" bench --role investigator --password-stdin >/dev/null
planted=$(grep -m1 '^planted exceedance' "$work/synth.out")
parameter=$(awk '{ print $3 }' <<<"$planted")
section=$(sed -n 's/.* at \(S[0-9]*\) .*/\1/p' <<<"$planted")
at=$(sed -n 's/.* on \([0-9T:+-]*\)$/\1/p' <<<"$planted")
"$envgrid" serve "$project" --port 0 >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 100); do grep -q "http://" "$work/serve.out" 2>/dev/null && break; sleep 0.2; done
url=$(grep -o 'http://[0-9.:]*/' "$work/serve.out" | head -1)
[ -n "$url" ] || { cat "$work/serve.err" >&2; exit 1; }
login=$(curl -s -i -X POST -H 'Content-Type: application/json' \
  -d '{"user_name":"bench","password":"bench-password"}' "${url}api/login" | tr -d '\r')
cookie=$(sed -n 's/^Set-Cookie: \(envgrid_session=[0-9a-f]*\).*/\1/p' <<<"$login")
csrf=$(sed -n 's/.*"csrf_token": *"\([^"]*\)".*/\1/p' <<<"$login")
[ -n "$cookie" ] || { echo "hydro_trace_bench: login failed" >&2; exit 1; }
body="{\"section_id\": \"$section\", \"at\": \"$at\", \"parameter\": \"$parameter\"}"
post() {
  curl -s -o "$work/answer" -w '%{http_code} %{time_total}\n' -X POST -H "Cookie: $cookie" \
    -H "X-CSRF-Token: $csrf" -H "Origin: ${url%/}" -H 'Content-Type: application/json' -d "$body" \
    "${url}api/traces"
}
read -r status first_s < <(post)
[ "$status" = 201 ] || { echo "hydro_trace_bench: POST /api/traces answered $status:" >&2; head -c 300 "$work/answer" >&2; exit 1; }
: >"$work/posts"
for _ in $(seq 100); do post >>"$work/posts"; done
awk '$1 != 201 { bad++ } END { if (bad) { print "hydro_trace_bench: " bad " traces failed" > "/dev/stderr"; exit 1 } }' "$work/posts"
awk '{ print $2 * 1000 }' "$work/posts" | sort -n >"$work/ms"
p50=$(awk 'NR == 50' "$work/ms")
p99=$(awk 'NR == 99' "$work/ms")
first_ms=$(awk -v s="$first_s" 'BEGIN { print s * 1000 }')
echo "viewer POST /api/traces ($section, $parameter at $at): first ${first_ms} ms (builds the network);" \
  "then 100 in a row: p50 ${p50} ms, p99 ${p99} ms"
echo "bench: viewer_trace_p99_ms $p99 ms peer=300 ratio=$(ratio "$p99" 300) (target)"
echo "bench: viewer_trace_p50_ms $p50 ms peer=$first_ms ratio=$(ratio "$p50" "$first_ms") (first request, building the network)"
