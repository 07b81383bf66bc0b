// Dispatch of /api/... routes through one table, and the checks every write
// passes first (Origin, then the session's CSRF token, on every write but
// the login, before the route is even looked up).

#include <algorithm>
#include <optional>

#include "api.hpp"
#include "envgrid/viewer/routes.hpp"

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

using RouteParams = std::vector<std::string>;

// One route: add a route here and nowhere else (the security tests read
// this table through api_routes()). action: the row of the access table
// checked before the handler runs; nullopt for the session routes and for
// routes whose action depends on a parameter (the handler checks it then).
struct ApiRoute {
  http::verb method;
  const char* pattern;  // segments; "{name}" matches one non-empty segment
  std::optional<Action> action;
  bool needs_session;
  Response (*handler)(ApiState&, RequestContext&, const RouteParams&);
};

// clang-format off
const ApiRoute routes[] = {
    {http::verb::get, "/api/session", std::nullopt, true,
     [](ApiState& s, RequestContext& c, const RouteParams&) { return get_session(s, c); }},
    {http::verb::post, "/api/login", std::nullopt, false,
     [](ApiState& s, RequestContext& c, const RouteParams&) { return post_login(s, c); }},
    {http::verb::post, "/api/logout", std::nullopt, true,
     [](ApiState& s, RequestContext& c, const RouteParams&) { return post_logout(s, c); }},
    {http::verb::get, "/api/flags", Action::read_flags, true,
     [](ApiState& s, RequestContext& c, const RouteParams&) { return get_flags(s, c); }},
    {http::verb::get, "/api/me/cells", Action::read_my_cells, true,
     [](ApiState& s, RequestContext& c, const RouteParams&) { return get_my_cells(s, c); }},
    {http::verb::get, "/api/layers/{layer}", std::nullopt, true,
     [](ApiState& s, RequestContext& c, const RouteParams& p) { return get_layer(s, c, p[0]); }},
    {http::verb::post, "/api/flags/{flag_id}/review", Action::review_flag, true,
     [](ApiState& s, RequestContext& c, const RouteParams& p) { return post_review(s, c, p[0]); }},
    {http::verb::get, "/api/flags/{flag_id}/reviews", Action::read_flags, true,
     [](ApiState& s, RequestContext& c, const RouteParams& p) { return get_reviews(s, c, p[0]); }},
    {http::verb::get, "/api/enterprises/{enterprise_id}", Action::read_enterprises, true,
     [](ApiState& s, RequestContext& c, const RouteParams& p) {
       return get_enterprise(s, c, p[0]);
     }},
    {http::verb::get, "/api/enterprises/{enterprise_id}/dossier", Action::read_enterprises, true,
     [](ApiState& s, RequestContext& c, const RouteParams& p) { return get_dossier(s, c, p[0]); }},
    {http::verb::get, "/api/flags/{flag_id}/chips", Action::read_flags, true,
     [](ApiState& s, RequestContext& c, const RouteParams& p) { return get_chips(s, c, p[0]); }},
    {http::verb::get, "/api/flags/{flag_id}/chips/{view}", Action::read_flags, true,
     [](ApiState& s, RequestContext& c, const RouteParams& p) {
       return get_chip(s, c, p[0], p[1]);
     }},
    {http::verb::get, "/api/rasters", Action::read_context, true,
     [](ApiState& s, RequestContext& c, const RouteParams&) { return get_rasters(s, c); }},
    {http::verb::get, "/api/basemap", Action::read_context, true,
     [](ApiState& s, RequestContext& c, const RouteParams&) { return get_basemap(s, c); }},
    {http::verb::get, "/api/basemap/{z}/{x}/{y_png}", Action::read_context, true,
     [](ApiState& s, RequestContext& c, const RouteParams& p) {
       return get_basemap_tile(s, c, p[0], p[1], p[2]);
     }},
    {http::verb::get, "/api/tiles/{raster_id}/{z}/{x}/{y_png}", Action::read_context, true,
     [](ApiState& s, RequestContext& c, const RouteParams& p) {
       return get_tile(s, c, p[0], p[1], p[2], p[3]);
     }},
    {http::verb::get, "/api/traces", Action::read_traces, true,
     [](ApiState& s, RequestContext& c, const RouteParams&) { return get_traces(s, c); }},
    {http::verb::post, "/api/traces", Action::run_trace, true,
     [](ApiState& s, RequestContext& c, const RouteParams&) { return post_trace(s, c); }},
    {http::verb::get, "/api/traces/{trace_id}", Action::read_traces, true,
     [](ApiState& s, RequestContext& c, const RouteParams& p) { return get_trace(s, c, p[0]); }},
    {http::verb::get, "/api/alerts", Action::read_alerts, true,
     [](ApiState& s, RequestContext& c, const RouteParams&) { return get_alerts(s, c); }},
    {http::verb::post, "/api/alerts/status", Action::change_alert, true,
     [](ApiState& s, RequestContext& c, const RouteParams&) { return post_alert_status(s, c); }},
    {http::verb::get, "/api/patrols", Action::read_patrols, true,
     [](ApiState& s, RequestContext& c, const RouteParams&) { return get_patrols(s, c); }},
    {http::verb::get, "/api/patrols/{patrol_id}", Action::read_patrols, true,
     [](ApiState& s, RequestContext& c, const RouteParams& p) { return get_patrol(s, c, p[0]); }},
    {http::verb::get, "/api/tasks", Action::read_tasks, true,
     [](ApiState& s, RequestContext& c, const RouteParams&) { return get_tasks(s, c); }},
    {http::verb::get, "/api/tasks/{task_id}", Action::read_tasks, true,
     [](ApiState& s, RequestContext& c, const RouteParams& p) { return get_task(s, c, p[0]); }},
    {http::verb::post, "/api/tasks/{task_id}/start", Action::do_task, true,
     [](ApiState& s, RequestContext& c, const RouteParams& p) {
       return post_task_change(s, c, p[0], "start");
     }},
    {http::verb::post, "/api/tasks/{task_id}/submit", Action::do_task, true,
     [](ApiState& s, RequestContext& c, const RouteParams& p) {
       return post_task_change(s, c, p[0], "submit");
     }},
    {http::verb::post, "/api/tasks/{task_id}/close", Action::review_task, true,
     [](ApiState& s, RequestContext& c, const RouteParams& p) {
       return post_task_change(s, c, p[0], "close");
     }},
    {http::verb::post, "/api/tasks/{task_id}/return", Action::review_task, true,
     [](ApiState& s, RequestContext& c, const RouteParams& p) {
       return post_task_change(s, c, p[0], "return");
     }},
    {http::verb::post, "/api/tasks/{task_id}/photos", Action::do_task, true,
     [](ApiState& s, RequestContext& c, const RouteParams& p) {
       return post_task_photo(s, c, p[0]);
     }},
    {http::verb::get, "/api/tasks/{task_id}/photos/{photo_id}", Action::read_tasks, true,
     [](ApiState& s, RequestContext& c, const RouteParams& p) {
       return get_task_photo(s, c, p[0], p[1]);
     }},
};
// clang-format on

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> segments;
  std::size_t start = 1;  // after the leading '/'
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    segments.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return segments;
}

// The parameters when the path fits the pattern: "{name}" takes a whole
// non-empty segment, "{name}.gpx" one that ends in ".gpx" (without it).
std::optional<RouteParams> match(const char* pattern, const std::vector<std::string>& path) {
  const std::vector<std::string> expected = split_path(pattern);
  if (expected.size() != path.size()) return std::nullopt;
  RouteParams params;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const std::string& want = expected[i];
    if (want.empty() || want[0] != '{') {
      if (want != path[i]) return std::nullopt;
      continue;
    }
    const std::string suffix = want.substr(want.find('}') + 1);
    if (path[i].size() <= suffix.size() ||
        path[i].compare(path[i].size() - suffix.size(), suffix.size(), suffix) != 0) {
      return std::nullopt;
    }
    params.push_back(path[i].substr(0, path[i].size() - suffix.size()));
  }
  return params;
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
  if (is_write(context.request)) {
    check_origin(context);
    if (context.path != "/api/login") check_csrf(context);
  }
  const std::vector<std::string> path = split_path(context.path);
  bool path_known = false;
  for (const ApiRoute& route : routes) {
    auto params = match(route.pattern, path);
    if (!params) continue;
    path_known = true;
    if (route.method != context.request.method()) continue;
    // Before the handler looks anything up: no answer tells a stranger
    // which names exist, and a new route cannot forget the login or its row
    // of the access table (the handler narrows to the user's cells).
    if (route.needs_session) (void)require_user(context);
    if (route.action) (void)require_scope(context, *route.action);
    return route.handler(state, context, *params);
  }
  if (path_known) throw HttpError(http::status::method_not_allowed, "method not allowed here");
  throw HttpError(http::status::not_found, "no such API route");
}

}  // namespace envgrid::viewer::detail

namespace envgrid::viewer {

std::vector<RouteInfo> api_routes() {
  std::vector<RouteInfo> table;
  for (const auto& route : detail::routes) {
    table.push_back({std::string(detail::http::to_string(route.method)), route.pattern,
                     route.action, route.needs_session});
  }
  return table;
}

}  // namespace envgrid::viewer
