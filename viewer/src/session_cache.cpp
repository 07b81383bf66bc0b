#include "session_cache.hpp"

namespace envgrid::viewer::detail {

std::optional<KnownSession> SessionCache::find(const std::string& token) {
  const auto now = std::chrono::steady_clock::now();
  const std::int64_t now_unix_s = std::chrono::duration_cast<std::chrono::seconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count();
  const std::lock_guard lock(mutex_);
  auto it = entries_.find(token);
  if (it == entries_.end()) return std::nullopt;
  if (now - it->second.checked_at >= max_age ||
      it->second.known.session.expires_at_unix_s <= now_unix_s) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.known;
}

void SessionCache::remember(const std::string& token, const KnownSession& known) {
  const std::lock_guard lock(mutex_);
  if (entries_.size() >= max_entries) entries_.clear();
  entries_[token] = {known, std::chrono::steady_clock::now()};
}

void SessionCache::forget(const std::string& token) {
  const std::lock_guard lock(mutex_);
  entries_.erase(token);
}

}  // namespace envgrid::viewer::detail
