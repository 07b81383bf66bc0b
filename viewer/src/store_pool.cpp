#include "store_pool.hpp"

#include <algorithm>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/gdal_handles.hpp"

namespace envgrid::viewer::detail {

namespace {

// A writer of another process holds the lock for the length of its commit;
// wait for it rather than failing the request at once (SQLite's default).
constexpr int busy_timeout_ms = 5000;

std::int64_t read_data_version(gis::Store& store) { return store.data_version().value_or(0); }

}  // namespace

StorePool::StorePool(const std::string& location, std::size_t handles) {
  for (std::size_t i = 0; i < std::max<std::size_t>(handles, 1); ++i) {
    stores_.push_back(std::make_unique<gis::Store>(gis::Store::open(location, true)));
    stores_.back()->set_busy_timeout(busy_timeout_ms);
    free_.push_back(stores_.back().get());
  }
}

std::unique_ptr<StorePool::Lease> StorePool::borrow() {
  std::unique_lock lock(mutex_);
  returned_.wait(lock, [this] { return !free_.empty(); });
  gis::Store* store = free_.back();
  free_.pop_back();
  return std::make_unique<Lease>(*this, store);
}

void StorePool::give_back(gis::Store* store) {
  {
    const std::lock_guard lock(mutex_);
    free_.push_back(store);
  }
  returned_.notify_one();
}

StoreVersion::StoreVersion(const std::string& location) {
  if (!gis::is_postgis_location(location)) {
    watcher_ = std::make_unique<gis::Store>(gis::Store::open(location, false));
    data_version_ = read_data_version(*watcher_);
  }
}

std::uint64_t StoreVersion::current() {
  const auto now = std::chrono::steady_clock::now();
  const std::lock_guard lock(mutex_);
  if (now - polled_at_ >= poll_interval) {
    polled_at_ = now;
    if (watcher_) {
      const std::int64_t version = read_data_version(*watcher_);
      if (version != data_version_) {
        data_version_ = version;
        ++external_;
      }
    } else {
      ++external_;  // PostGIS: every poll interval is a new version
    }
  }
  return (external_ << 32) + local_.load();
}

}  // namespace envgrid::viewer::detail
