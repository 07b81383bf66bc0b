#pragma once
// for_each_chunk: a loop over [0, n) split into one contiguous chunk per
// core, for the build steps whose items are independent (each writes only
// its own slot of a result vector, so the result does not depend on the
// number of threads).

#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace envgrid::hydro::detail {

// Calls work(begin, end) on disjoint chunks covering [0, n), on up to one
// thread a core (this one included); small loops run on this thread alone.
// The first exception a chunk throws is rethrown here.
template <class Work>
void for_each_chunk(std::size_t n, Work&& work) {
  constexpr std::size_t min_chunk = 1 << 14;
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t chunks = std::clamp<std::size_t>(n / min_chunk, 1, cores);
  if (chunks == 1) {
    work(std::size_t{0}, n);
    return;
  }
  std::vector<std::exception_ptr> errors(chunks);
  auto run = [&](std::size_t c) {
    try {
      work(n * c / chunks, n * (c + 1) / chunks);
    } catch (...) {
      errors[c] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t c = 1; c < chunks; ++c) threads.emplace_back(run, c);
  run(0);
  for (auto& t : threads) t.join();
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace envgrid::hydro::detail
