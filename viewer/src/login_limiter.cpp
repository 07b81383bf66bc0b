#include "login_limiter.hpp"

#include <algorithm>

namespace envgrid::viewer::detail {

namespace {

// Valid user names have at most 64 characters (users_store.cpp); a longer name
// sent to the login must not make a longer key.
std::string user_key(const std::string& user_name, const std::string& address) {
  return "user " + user_name.substr(0, 64) + " " + address;
}

std::string address_key(const std::string& address) { return "address " + address; }

}  // namespace

long long LoginLimiter::wait_s(const std::string& key, int limit, Clock::time_point now) {
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  auto& times = it->second;
  while (!times.empty() && now - times.front() >= window) times.pop_front();
  if (times.empty()) {
    failures_.erase(it);
    return 0;
  }
  if (static_cast<int>(times.size()) < limit) return 0;
  auto wait = std::chrono::duration_cast<std::chrono::seconds>(times.front() + window - now);
  return wait.count() + 1;
}

long long LoginLimiter::retry_after_s(const std::string& user_name, const std::string& address,
                                      Clock::time_point now) {
  const std::lock_guard lock(mutex_);
  return std::max(wait_s(user_key(user_name, address), max_failures_per_user, now),
                  wait_s(address_key(address), max_failures_per_address, now));
}

void LoginLimiter::record_failure(const std::string& user_name, const std::string& address,
                                  Clock::time_point now) {
  const std::lock_guard lock(mutex_);
  if (failures_.size() >= max_tracked_keys) forget_stale(now);
  failures_[user_key(user_name, address)].push_back(now);
  failures_[address_key(address)].push_back(now);
}

void LoginLimiter::record_success(const std::string& user_name, const std::string& address) {
  const std::lock_guard lock(mutex_);
  failures_.erase(user_key(user_name, address));
}

void LoginLimiter::forget_stale(Clock::time_point now) {
  std::erase_if(failures_, [now](const auto& entry) {
    return entry.second.empty() || now - entry.second.back() >= window;
  });
}

}  // namespace envgrid::viewer::detail
