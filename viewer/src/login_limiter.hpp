#pragma once
// Login rate limit. After max_failures_per_user failed attempts for one user
// name from one client address within the window, further attempts for that
// name from that address are refused (429) until the oldest failure leaves
// the window; a success clears that count. After max_failures_per_address
// failures from one address for any user names (password spraying), every
// attempt from it is refused the same way. Memory stays bounded: user names
// are cut to the longest valid one, and stale entries are dropped once
// max_tracked_keys are held. Thread-safe.

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace envgrid::viewer::detail {

class LoginLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr int max_failures_per_user = 5;
  static constexpr int max_failures_per_address = 30;
  static constexpr std::chrono::minutes window{5};
  static constexpr std::size_t max_tracked_keys = 10000;

  // Seconds until another attempt is allowed; 0 when allowed now.
  [[nodiscard]] long long retry_after_s(const std::string& user_name, const std::string& address,
                                        Clock::time_point now = Clock::now());
  void record_failure(const std::string& user_name, const std::string& address,
                      Clock::time_point now = Clock::now());
  void record_success(const std::string& user_name, const std::string& address);

 private:
  [[nodiscard]] long long wait_s(const std::string& key, int limit, Clock::time_point now);
  void forget_stale(Clock::time_point now);

  std::mutex mutex_;
  std::map<std::string, std::deque<Clock::time_point>> failures_;
};

}  // namespace envgrid::viewer::detail
