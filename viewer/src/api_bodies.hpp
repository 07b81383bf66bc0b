#pragma once
// The JSON bodies of the API's writes, read and checked without touching the
// store, so that their parsing can be tested (and fuzzed) alone.

#include <string>

#include "http_types.hpp"

namespace envgrid::viewer::detail {

// POST /api/login {"user_name": ..., "password": ...}.
struct LoginBody {
  std::string user_name;
  std::string password;
};
[[nodiscard]] LoginBody parse_login_body(const Request& request);

// POST /api/flags/{id}/review {"status": "accepted", "comment": "..."}.
struct ReviewBody {
  std::string status;   // one of new, accepted, rejected, field_check
  std::string comment;  // "" when absent; at most max_comment_chars bytes
};
inline constexpr std::size_t max_comment_chars = 2000;
[[nodiscard]] ReviewBody parse_review_body(const Request& request);

// POST /api/alerts/status {"alert_id": ..., "status": "acknowledged" | "closed",
// "note": "..."}: the note is required (at most max_comment_chars bytes).
struct AlertChangeBody {
  std::string alert_id;
  std::string status;
  std::string note;
};
[[nodiscard]] AlertChangeBody parse_alert_change_body(const Request& request);

}  // namespace envgrid::viewer::detail
