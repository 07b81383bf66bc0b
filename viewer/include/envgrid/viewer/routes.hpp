#pragma once
// The JSON API's route table (docs/api.md), as data: the server dispatches
// through it, and the security tests enumerate it, so a route added to the
// table is covered by them (401 without a session, CSRF on writes, the role
// table, traversal in its parameters, CSP and no reflected HTML) without
// anyone listing it again.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "envgrid/viewer/access.hpp"

namespace envgrid::viewer {

struct RouteInfo {
  std::string method;   // "GET", "POST"
  std::string pattern;  // "/api/flags/{flag_id}/review": {name} is one path segment
  // The row of the role x action table the route checks. nullopt: the
  // session routes (they need a login, or nothing for POST /api/login) and
  // GET /api/layers/{layer}, whose action depends on the layer
  // (map_layer_actions()).
  std::optional<Action> action;
  bool needs_session = true;  // false only for POST /api/login
};

// Every API route, in dispatch order.
[[nodiscard]] std::vector<RouteInfo> api_routes();

// The layers GET /api/layers/{layer} serves, each with the action it needs
// and whether grid managers see only their cells' features.
struct MapLayerInfo {
  std::string layer;
  Action action;
  bool scoped_by_cell;
};
[[nodiscard]] std::vector<MapLayerInfo> map_layer_actions();

}  // namespace envgrid::viewer
