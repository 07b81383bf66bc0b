#pragma once
// A least-recently-used cache of byte strings (rendered tiles, GeoJSON and
// queue answers) under a byte budget. Thread-safe; values are shared, so a
// hit copies no bytes.

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace envgrid::viewer::detail {

class ByteCache {
 public:
  using Value = std::shared_ptr<const std::string>;
  explicit ByteCache(std::size_t budget_bytes) : budget_bytes_(budget_bytes) {}

  // nullptr when absent.
  [[nodiscard]] Value find(const std::string& key);
  // Values larger than a quarter of the budget are not kept.
  void put(const std::string& key, Value value);
  [[nodiscard]] std::size_t size_bytes() const;

 private:
  using Entry = std::pair<std::string, Value>;
  void evict_locked();

  std::size_t budget_bytes_;
  std::size_t used_bytes_ = 0;
  mutable std::mutex mutex_;
  std::list<Entry> order_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace envgrid::viewer::detail
