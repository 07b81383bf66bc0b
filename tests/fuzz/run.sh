#!/bin/sh
# Builds the libFuzzer harnesses with clang (ASan + UBSan, libraries
# instrumented for coverage) into build-fuzz/ and runs one harness:
#   tests/fuzz/run.sh NAME [SECONDS] [extra libFuzzer options]
#   tests/fuzz/run.sh --build-only
# Inputs it finds are written to build-fuzz/findings/NAME/; the corpus grows in
# build-fuzz/corpus/NAME (seeded from tests/fuzz/corpus/NAME, which stays small:
# copy a crashing input there as a regression case once it is fixed).
set -eu
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
build_dir=${ENVGRID_FUZZ_BUILD:-$source_dir/build-fuzz}
flags="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"

if [ ! -f "$build_dir/build.ninja" ]; then
  CC=clang-14 CXX=clang++-14 cmake -S "$source_dir" -B "$build_dir" -G Ninja \
    -DCMAKE_BUILD_TYPE=Fuzz -DCMAKE_C_FLAGS_FUZZ="$flags" -DCMAKE_CXX_FLAGS_FUZZ="$flags" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
    -DENVGRID_FUZZ=ON -DENVGRID_BUILD_TESTS=OFF -DENVGRID_BUILD_BENCH=OFF
fi
if [ "${1:-}" = "--build-only" ]; then
  nice cmake --build "$build_dir" -j"${ENVGRID_FUZZ_JOBS:-2}" --target $(ls "$source_dir"/tests/fuzz/*_fuzz.cpp | sed 's|.*/||; s|\.cpp$||')
  exit 0
fi
name=$1
seconds=${2:-600}
[ $# -ge 2 ] && shift 2 || shift 1
# ENVGRID_FUZZ_NO_BUILD=1 runs what is built (e.g. while another build runs).
[ -n "${ENVGRID_FUZZ_NO_BUILD:-}" ] || nice cmake --build "$build_dir" -j"${ENVGRID_FUZZ_JOBS:-2}" --target "${name}_fuzz"
mkdir -p "$build_dir/corpus/$name" "$build_dir/findings/$name"
cd "$build_dir/findings/$name"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# -rss_limit_mb: a harness must not need more memory than a size read from the
# input allows; -timeout: one input may not take longer than 10 s.
exec nice "$build_dir/bin/${name}_fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$build_dir/findings/$name/" "$@" \
  "$build_dir/corpus/$name" "$source_dir/tests/fuzz/corpus/$name"
