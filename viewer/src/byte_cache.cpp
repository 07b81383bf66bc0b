#include "byte_cache.hpp"

namespace envgrid::viewer::detail {

namespace {

std::size_t cost_of(const std::string& key, const ByteCache::Value& value) {
  return key.size() + (value ? value->size() : 0) + 64;  // 64: list and map nodes
}

}  // namespace

ByteCache::Value ByteCache::find(const std::string& key) {
  const std::lock_guard lock(mutex_);
  auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  order_.splice(order_.begin(), order_, it->second);
  return it->second->second;
}

void ByteCache::put(const std::string& key, Value value) {
  const std::size_t cost = cost_of(key, value);
  if (cost > budget_bytes_ / 4) return;
  const std::lock_guard lock(mutex_);
  if (auto it = index_.find(key); it != index_.end()) {
    used_bytes_ -= cost_of(key, it->second->second);
    order_.erase(it->second);
    index_.erase(it);
  }
  order_.emplace_front(key, std::move(value));
  index_[key] = order_.begin();
  used_bytes_ += cost;
  evict_locked();
}

std::size_t ByteCache::size_bytes() const {
  const std::lock_guard lock(mutex_);
  return used_bytes_;
}

void ByteCache::evict_locked() {
  while (used_bytes_ > budget_bytes_ && !order_.empty()) {
    const Entry& oldest = order_.back();
    used_bytes_ -= cost_of(oldest.first, oldest.second);
    index_.erase(oldest.first);
    order_.pop_back();
  }
}

}  // namespace envgrid::viewer::detail
