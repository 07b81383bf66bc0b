#pragma once
// The routes of the JSON API (docs/api.md). Each route file defines one
// group; route_api() dispatches by method and path.

#include <chrono>

#include "envgrid/gis/store.hpp"
#include "http_types.hpp"
#include "login_limiter.hpp"

namespace envgrid::viewer::detail {

struct ApiState {
  gis::Store& store;
  std::chrono::seconds session_lifetime;
  LoginLimiter login_limiter;
};

// Dispatches /api/... by method and path; HttpError(404/405) otherwise.
// Writes pass the Origin and CSRF checks first.
[[nodiscard]] Response route_api(ApiState& state, RequestContext& context);

// Route groups.
[[nodiscard]] Response get_session(ApiState& state, RequestContext& context);
[[nodiscard]] Response post_login(ApiState& state, RequestContext& context);
[[nodiscard]] Response post_logout(ApiState& state, RequestContext& context);
[[nodiscard]] Response get_layer(ApiState& state, RequestContext& context,
                                 const std::string& layer);
[[nodiscard]] Response get_flags(ApiState& state, RequestContext& context);
[[nodiscard]] Response post_review(ApiState& state, RequestContext& context,
                                   const std::string& flag_id);
[[nodiscard]] Response get_reviews(ApiState& state, RequestContext& context,
                                   const std::string& flag_id);
[[nodiscard]] Response get_enterprise(ApiState& state, RequestContext& context,
                                      const std::string& enterprise_id);
[[nodiscard]] Response get_my_cells(ApiState& state, RequestContext& context);

// The user's scope for the action; HttpError(401) without a user, 403 when none.
[[nodiscard]] Scope require_scope(const RequestContext& context, Action action);
// Whether an object in this cell is within the user's scope.
[[nodiscard]] bool cell_in_scope(const User& user, Scope scope, const std::string& cell_id);

}  // namespace envgrid::viewer::detail
