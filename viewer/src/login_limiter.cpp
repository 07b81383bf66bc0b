#include "login_limiter.hpp"

namespace envgrid::viewer::detail {

long long LoginLimiter::retry_after_s(const std::string& key, Clock::time_point now) {
  const std::lock_guard lock(mutex_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  auto& times = it->second;
  while (!times.empty() && now - times.front() >= window) times.pop_front();
  if (times.empty()) {
    failures_.erase(it);
    return 0;
  }
  if (static_cast<int>(times.size()) < max_failures) return 0;
  auto wait = std::chrono::duration_cast<std::chrono::seconds>(times.front() + window - now);
  return wait.count() + 1;
}

void LoginLimiter::record_failure(const std::string& key, Clock::time_point now) {
  const std::lock_guard lock(mutex_);
  failures_[key].push_back(now);
}

void LoginLimiter::record_success(const std::string& key) {
  const std::lock_guard lock(mutex_);
  failures_.erase(key);
}

}  // namespace envgrid::viewer::detail
