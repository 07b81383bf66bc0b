#pragma once
// The one way envgrid runs work on several threads: the calling thread takes
// part, every thread runs to its end, and the first exception a thread threw
// (in thread order) is rethrown to the caller, so that a failure inside a
// worker is the command's error, not std::terminate.

#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace envgrid::gis {

// Threads worth starting on this machine (at least 1).
[[nodiscard]] inline std::size_t hardware_threads() {
  return std::max(1u, std::thread::hardware_concurrency());
}

// Calls work(t) for each t in [0, threads): t = 0 on the calling thread.
template <class Work>
void run_on_threads(std::size_t threads, Work&& work) {
  threads = std::max<std::size_t>(threads, 1);
  std::vector<std::exception_ptr> errors(threads);
  auto run = [&](std::size_t t) {
    try {
      work(t);
    } catch (...) {
      errors[t] = std::current_exception();
    }
  };
  {
    std::vector<std::jthread> others;
    others.reserve(threads - 1);
    for (std::size_t t = 1; t < threads; ++t) others.emplace_back(run, t);
    run(0);
  }
  for (const auto& error : errors) {
    if (error) std::rethrow_exception(error);
  }
}

// Calls work(begin, end) on disjoint contiguous chunks covering [0, n), one
// chunk per core at most and none smaller than min_chunk items (small loops
// run on the calling thread alone).
template <class Work>
void for_each_chunk(std::size_t n, Work&& work, std::size_t min_chunk = 1 << 14) {
  const std::size_t chunks =
      std::clamp<std::size_t>(n / std::max<std::size_t>(min_chunk, 1), 1, hardware_threads());
  run_on_threads(chunks, [&](std::size_t c) { work(n * c / chunks, n * (c + 1) / chunks); });
}

}  // namespace envgrid::gis
