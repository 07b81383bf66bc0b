#pragma once
// Sessions and their users, remembered for a few seconds so that a request
// does not query the store for them (the store stays the truth: a session
// ended or a user disabled by another process is seen within max_age; one
// ended here is forgotten at once). Expiry is checked on every request.
// Thread-safe.

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "envgrid/viewer/sessions.hpp"
#include "envgrid/viewer/users.hpp"

namespace envgrid::viewer::detail {

struct KnownSession {
  Session session;
  std::optional<User> user;  // nullopt: the user is gone or disabled
};

class SessionCache {
 public:
  static constexpr std::chrono::seconds max_age{5};
  // At most this many sessions are remembered; beyond, all are forgotten.
  static constexpr std::size_t max_entries = 10000;

  [[nodiscard]] std::optional<KnownSession> find(const std::string& token);
  void remember(const std::string& token, const KnownSession& known);
  void forget(const std::string& token);

 private:
  struct Entry {
    KnownSession known;
    std::chrono::steady_clock::time_point checked_at;
  };
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;
};

}  // namespace envgrid::viewer::detail
