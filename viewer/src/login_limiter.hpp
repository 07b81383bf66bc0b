#pragma once
// Login rate limit per user name and client address: after max_failures
// failed attempts within the window, further attempts are refused (429)
// until the oldest failure leaves the window. A success clears the count.
// Thread-safe.

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace envgrid::viewer::detail {

class LoginLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr int max_failures = 5;
  static constexpr std::chrono::minutes window{5};

  // Seconds until another attempt is allowed; 0 when allowed now.
  [[nodiscard]] long long retry_after_s(const std::string& key,
                                        Clock::time_point now = Clock::now());
  void record_failure(const std::string& key, Clock::time_point now = Clock::now());
  void record_success(const std::string& key);

 private:
  std::mutex mutex_;
  std::map<std::string, std::deque<Clock::time_point>> failures_;
};

}  // namespace envgrid::viewer::detail
