// Dispatch of /api/... routes, and the checks every write passes first.

#include <algorithm>

#include "api.hpp"

namespace envgrid::viewer::detail {

namespace {

bool is_write(const Request& request) {
  return request.method() != http::verb::get && request.method() != http::verb::head;
}

// A browser sends Origin with every cross-site write; it must be this server.
void check_origin(const RequestContext& context) {
  auto origin = context.request.find(http::field::origin);
  if (origin == context.request.end()) return;
  auto host = context.request.find(http::field::host);
  const std::string expected =
      "http://" + (host == context.request.end() ? std::string() : std::string(host->value()));
  if (std::string(origin->value()) != expected) {
    throw HttpError(http::status::forbidden, "cross-origin write refused");
  }
}

void check_csrf(const RequestContext& context) {
  (void)require_user(context);
  auto header = context.request.find("X-CSRF-Token");
  const std::string sent =
      header == context.request.end() ? std::string() : std::string(header->value());
  if (!same_secret(sent, context.session->csrf_token)) {
    throw HttpError(http::status::forbidden, "missing or wrong X-CSRF-Token");
  }
}

// "/api/flags/F1/review" with prefix "/api/flags/" -> {"F1", "review"}.
std::vector<std::string> segments_after(const std::string& path, const std::string& prefix) {
  std::vector<std::string> segments;
  std::size_t start = prefix.size();
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    segments.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return segments;
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

void require_method(const RequestContext& context, http::verb method) {
  if (context.request.method() != method) {
    throw HttpError(http::status::method_not_allowed, "method not allowed here");
  }
}

}  // namespace

Scope require_scope(const RequestContext& context, Action action) {
  const User& user = require_user(context);
  const Scope scope = scope_for(user.role, action);
  if (scope == Scope::none) {
    throw HttpError(http::status::forbidden,
                    std::string(role_name(user.role)) + " may not do this");
  }
  return scope;
}

bool cell_in_scope(const User& user, Scope scope, const std::string& cell_id) {
  if (scope == Scope::all) return true;
  if (scope == Scope::none) return false;
  return std::find(user.cells.begin(), user.cells.end(), cell_id) != user.cells.end();
}

Response route_api(ApiState& state, RequestContext& context) {
  const std::string& path = context.path;
  if (is_write(context.request)) {
    check_origin(context);
    if (path != "/api/login") check_csrf(context);
  }
  if (path == "/api/session") {
    require_method(context, http::verb::get);
    return get_session(state, context);
  }
  if (path == "/api/login") {
    require_method(context, http::verb::post);
    return post_login(state, context);
  }
  if (path == "/api/logout") {
    require_method(context, http::verb::post);
    return post_logout(state, context);
  }
  if (path == "/api/flags") {
    require_method(context, http::verb::get);
    return get_flags(state, context);
  }
  if (path == "/api/me/cells") {
    require_method(context, http::verb::get);
    return get_my_cells(state, context);
  }
  if (starts_with(path, "/api/layers/")) {
    auto parts = segments_after(path, "/api/layers/");
    if (parts.size() == 1) {
      require_method(context, http::verb::get);
      return get_layer(state, context, parts[0]);
    }
  }
  if (starts_with(path, "/api/flags/")) {
    auto parts = segments_after(path, "/api/flags/");
    if (parts.size() == 2 && parts[1] == "review") {
      require_method(context, http::verb::post);
      return post_review(state, context, parts[0]);
    }
    if (parts.size() == 2 && parts[1] == "reviews") {
      require_method(context, http::verb::get);
      return get_reviews(state, context, parts[0]);
    }
    if (parts.size() == 2 && parts[1] == "chips") {
      require_method(context, http::verb::get);
      return get_chips(state, context, parts[0]);
    }
    if (parts.size() == 3 && parts[1] == "chips") {
      require_method(context, http::verb::get);
      return get_chip(state, context, parts[0], parts[2]);
    }
  }
  if (path == "/api/rasters") {
    require_method(context, http::verb::get);
    return get_rasters(state, context);
  }
  if (starts_with(path, "/api/tiles/")) {
    auto parts = segments_after(path, "/api/tiles/");
    if (parts.size() == 4) {
      require_method(context, http::verb::get);
      return get_tile(state, context, parts[0], parts[1], parts[2], parts[3]);
    }
  }
  if (path == "/api/traces") {
    if (context.request.method() == http::verb::post) return post_trace(state, context);
    require_method(context, http::verb::get);
    return get_traces(state, context);
  }
  if (starts_with(path, "/api/traces/")) {
    auto parts = segments_after(path, "/api/traces/");
    if (parts.size() == 1) {
      require_method(context, http::verb::get);
      return get_trace(state, context, parts[0]);
    }
  }
  if (path == "/api/patrols") {
    require_method(context, http::verb::get);
    return get_patrols(state, context);
  }
  if (starts_with(path, "/api/patrols/")) {
    auto parts = segments_after(path, "/api/patrols/");
    if (parts.size() == 1) {
      require_method(context, http::verb::get);
      return get_patrol(state, context, parts[0]);
    }
  }
  if (starts_with(path, "/api/enterprises/")) {
    auto parts = segments_after(path, "/api/enterprises/");
    if (parts.size() == 1) {
      require_method(context, http::verb::get);
      return get_enterprise(state, context, parts[0]);
    }
  }
  throw HttpError(http::status::not_found, "no such API route");
}

}  // namespace envgrid::viewer::detail
