#pragma once
// One request in, one response out: the API routes or a file of the web app.

#include "api.hpp"
#include "static_files.hpp"

namespace envgrid::viewer::detail {

// Called from any of the server's threads at once: each API request borrows
// a store handle of its own; writes hold the pool's write lock and bump the
// store version the caches are keyed by.
class RequestHandler {
 public:
  RequestHandler(StorePool& stores, SharedState& shared, StaticFiles files);
  [[nodiscard]] Response handle(const Request& request, const std::string& client_ip);
  [[nodiscard]] std::size_t web_file_count() const noexcept { return files_.size(); }

 private:
  [[nodiscard]] Response answer(const Request& request, const std::string& client_ip);
  [[nodiscard]] Response handle_api(RequestContext& context);
  [[nodiscard]] Response handle_static(const Request& request, const std::string& path) const;
  void find_session_user(ApiState& state, RequestContext& context);

  StorePool& stores_;
  SharedState& shared_;
  StaticFiles files_;
};

// Percent-decodes; nullopt on a malformed escape or a decoded NUL.
[[nodiscard]] std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);
// "a=1&b=x%20y" -> {a: 1, b: x y}; HttpError(400) on a malformed escape.
[[nodiscard]] std::map<std::string, std::string> parse_query(std::string_view query);
// The envgrid_session cookie's value, "" when none.
[[nodiscard]] std::string session_cookie_value(const Request& request);

}  // namespace envgrid::viewer::detail
