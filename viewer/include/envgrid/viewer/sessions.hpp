#pragma once
// Login sessions in the store table `sessions`. The cookie carries a random
// 256-bit token; the table keeps only its BLAKE2b hash (session_id), so a
// copy of the store does not hand out live sessions. Each session has its
// own CSRF token, required in X-CSRF-Token on every write.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "envgrid/gis/store.hpp"

namespace envgrid::viewer {

struct Session {
  std::string user_name;
  std::string csrf_token;
  std::int64_t expires_at_unix_s = 0;
};

struct NewSession {
  std::string token;  // goes into the cookie, nowhere else
  Session session;
};

[[nodiscard]] NewSession start_session(gis::Store& store, const std::string& user_name,
                                       std::chrono::seconds lifetime);
// nullopt when the token is unknown, malformed or expired.
[[nodiscard]] std::optional<Session> find_session(gis::Store& store, const std::string& token);
void end_session(gis::Store& store, const std::string& token);
void end_sessions_of(gis::Store& store, const std::string& user_name);

// Hex of n random bytes from randombytes_buf.
[[nodiscard]] std::string random_hex(std::size_t bytes);
// Compares in constant time.
[[nodiscard]] bool same_secret(const std::string& a, const std::string& b);

}  // namespace envgrid::viewer
