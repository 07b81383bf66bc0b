#pragma once
// Store handles for the server's threads: a GDAL dataset is not thread-safe,
// so each request borrows a handle of its own from the pool (GeoPackage in
// WAL mode: readers do not block each other or the writer). Writes are
// serialised by the pool's write lock (SQLite has one writer at a time).
//
// StoreVersion tells the caches when the store changed: every write of this
// server bumps it at once, and commits by other processes (an import, a
// `user disable`) are seen through SQLite's `PRAGMA data_version` within
// poll_interval; on PostGIS, which has no such counter, cached answers live
// at most poll_interval.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "envgrid/gis/store.hpp"

namespace envgrid::viewer::detail {

class StorePool {
 public:
  StorePool(const std::string& location, std::size_t handles);

  class Lease {
   public:
    Lease(StorePool& pool, gis::Store* store) : pool_(pool), store_(store) {}
    ~Lease() { pool_.give_back(store_); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    [[nodiscard]] gis::Store& store() { return *store_; }

   private:
    StorePool& pool_;
    gis::Store* store_;
  };

  // Waits for a free handle.
  [[nodiscard]] std::unique_ptr<Lease> borrow();
  [[nodiscard]] std::mutex& write_mutex() { return write_mutex_; }

 private:
  void give_back(gis::Store* store);

  std::vector<std::unique_ptr<gis::Store>> stores_;
  std::vector<gis::Store*> free_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::mutex write_mutex_;
};

class StoreVersion {
 public:
  static constexpr std::chrono::milliseconds poll_interval{100};
  explicit StoreVersion(const std::string& location);

  // Changes whenever the store may have changed (see above).
  [[nodiscard]] std::uint64_t current();
  // After a write of this server.
  void bump() { local_.fetch_add(1); }

 private:
  std::atomic<std::uint64_t> local_{0};
  std::mutex mutex_;
  std::unique_ptr<gis::Store> watcher_;  // GeoPackage only
  std::chrono::steady_clock::time_point polled_at_{};
  std::int64_t data_version_ = 0;
  std::uint64_t external_ = 0;
};

}  // namespace envgrid::viewer::detail
