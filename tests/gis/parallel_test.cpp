// gis/parallel.hpp: every index runs once, and a worker's exception reaches
// the caller instead of ending the program.

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

#include "envgrid/gis/parallel.hpp"

namespace envgrid::gis {
namespace {

TEST(Parallel, EveryThreadRunsOnceAndEveryChunkIsCoveredOnce) {
  std::vector<std::atomic<int>> ran(4);
  run_on_threads(4, [&](std::size_t t) { ++ran[t]; });
  for (const auto& count : ran) EXPECT_EQ(count.load(), 1);

  const std::size_t n = 100'003;
  std::vector<std::atomic<int>> seen(n);
  for_each_chunk(
      n,
      [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) ++seen[i];
      },
      1000);
  for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(seen[i].load(), 1) << i;
}

TEST(Parallel, AWorkersExceptionIsRethrownToTheCallerAfterAllThreadsEnd) {
  std::atomic<int> finished{0};
  try {
    run_on_threads(3, [&](std::size_t t) {
      if (t == 2) throw std::runtime_error("worker 2 failed");
      ++finished;
    });
    FAIL() << "no exception";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "worker 2 failed");
  }
  EXPECT_EQ(finished.load(), 2);
}

TEST(Parallel, TheFirstThreadsExceptionWinsWhenSeveralFail) {
  EXPECT_THROW(run_on_threads(3,
                              [](std::size_t t) {
                                if (t == 1) throw std::invalid_argument("one");
                                if (t == 2) throw std::runtime_error("two");
                              }),
               std::invalid_argument);
}

}  // namespace
}  // namespace envgrid::gis
