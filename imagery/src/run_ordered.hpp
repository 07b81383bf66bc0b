#pragma once
// run_ordered, imagery's private thread helper: a small pool of std::threads
// claiming indices in order; results are consumed in index order on the
// calling thread. A worker may start index i only while
// i < next_to_consume + max_in_flight, which bounds memory.

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "envgrid/imagery/raster_tiles.hpp"

namespace envgrid::imagery {

// Runs process(i) for i in [0, count) on `threads` threads (0: all cores) and
// hands each result to consume(i, result) in increasing i on the calling
// thread, so output is deterministic whatever the thread count. At most
// max_in_flight results exist at once (bounded memory).
template <typename Result>
void run_ordered(int count, int threads, int max_in_flight,
                 const std::function<Result(int)>& process,
                 const std::function<void(int, Result&)>& consume) {
  if (count <= 0) return;
  if (threads <= 0) threads = default_thread_count();
  threads = std::max(1, std::min(threads, count));
  max_in_flight = std::max(max_in_flight, threads);
  std::mutex mutex;
  std::condition_variable changed;
  std::map<int, Result> ready;
  int next_claim = 0, next_consume = 0;
  std::exception_ptr failure;

  auto worker = [&] {
    for (;;) {
      int index;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] {
          return failure || next_claim >= count || next_claim < next_consume + max_in_flight;
        });
        if (failure || next_claim >= count) return;
        index = next_claim++;
      }
      try {
        Result result = process(index);
        std::lock_guard lock(mutex);
        ready.emplace(index, std::move(result));
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!failure) failure = std::current_exception();
      }
      changed.notify_all();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(threads));
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  try {
    while (next_consume < count) {
      Result result;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return failure || ready.count(next_consume) != 0; });
        if (failure) break;
        auto node = ready.extract(next_consume);
        result = std::move(node.mapped());
      }
      consume(next_consume, result);
      {
        std::lock_guard lock(mutex);
        ++next_consume;
      }
      changed.notify_all();
    }
  } catch (...) {
    std::lock_guard lock(mutex);
    if (!failure) failure = std::current_exception();
  }
  changed.notify_all();
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace envgrid::imagery
