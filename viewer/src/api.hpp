#pragma once
// The routes of the JSON API (docs/api.md). Each route file defines one
// group; route_api() dispatches by method and path.

#include <chrono>
#include <functional>
#include <mutex>

#include "byte_cache.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/hydro/network_cache.hpp"
#include "envgrid/hydro/readings_cache.hpp"
#include "envgrid/viewer/basemap.hpp"
#include "http_types.hpp"
#include "login_limiter.hpp"
#include "session_cache.hpp"
#include "store_pool.hpp"

namespace envgrid::viewer::detail {

// What every thread of the server shares.
struct SharedState {
  std::string store_location;
  std::chrono::seconds session_lifetime;
  StoreVersion version;
  std::optional<std::string> photos_dir;  // task photos; nullopt: uploads refused
  // The project's basemap as the viewer started (envgrid basemap), and the
  // CSP naming its hosts ("" without one: the default policy).
  std::optional<Basemap> basemap;
  std::string basemap_csp;
  LoginLimiter login_limiter;
  SessionCache sessions;
  // Rendered raster tiles (keyed by raster, its publication time and z/x/y).
  ByteCache tiles{64u << 20};
  // Answers of read routes, keyed by the store version, route and scope.
  ByteCache answers{64u << 20};
  // The river network traces run on, one per version of the reaches.
  hydro::NetworkCache networks;
  hydro::ReadingsCache readings;  // the source traces' sections and readings
};

// One request's view: its own store handle and the shared state.
struct ApiState {
  gis::Store& store;
  SharedState& shared;
  // Set for a photo upload only, which the handler runs without the store's
  // write lock: the route takes it just to record the row, so that making
  // the thumbnail does not hold up every other write.
  std::mutex* write_lock = nullptr;
};

// POST targets that carry a task photo (their body may be 20 MiB).
[[nodiscard]] bool is_photo_upload(std::string_view target);

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
// GET /api/enterprises/{id}/dossier[?format=html]: the enterprise's whole file.
[[nodiscard]] Response get_dossier(ApiState& state, RequestContext& context,
                                   const std::string& enterprise_id);
// GET /api/basemap and GET /api/basemap/{z}/{x}/{y_png} (a local folder's tiles).
[[nodiscard]] Response get_basemap(ApiState& state, RequestContext& context);
[[nodiscard]] Response get_basemap_tile(ApiState& state, RequestContext& context,
                                        const std::string& z, const std::string& x,
                                        const std::string& y_png);
[[nodiscard]] Response get_my_cells(ApiState& state, RequestContext& context);
[[nodiscard]] Response get_chips(ApiState& state, RequestContext& context,
                                 const std::string& flag_id);
[[nodiscard]] Response get_chip(ApiState& state, RequestContext& context,
                                const std::string& flag_id, const std::string& view);
[[nodiscard]] Response get_rasters(ApiState& state, RequestContext& context);
[[nodiscard]] Response get_tile(ApiState& state, RequestContext& context,
                                const std::string& raster_id, const std::string& z,
                                const std::string& x, const std::string& y_png);
[[nodiscard]] Response post_trace(ApiState& state, RequestContext& context);
[[nodiscard]] Response get_traces(ApiState& state, RequestContext& context);
[[nodiscard]] Response get_trace(ApiState& state, RequestContext& context,
                                 const std::string& trace_id);
[[nodiscard]] Response get_alerts(ApiState& state, RequestContext& context);
[[nodiscard]] Response post_alert_status(ApiState& state, RequestContext& context);
// The alerts the user must see (their cells or a level above them in each
// alert's audience; every alert for scope all), with their events.
[[nodiscard]] Json alerts_in_scope(ApiState& state, const RequestContext& context, Scope scope,
                                   bool include_closed);
[[nodiscard]] Response get_patrols(ApiState& state, RequestContext& context);
[[nodiscard]] Response get_patrol(ApiState& state, RequestContext& context,
                                  const std::string& patrol_id);
[[nodiscard]] Response get_tasks(ApiState& state, RequestContext& context);
[[nodiscard]] Response get_task(ApiState& state, RequestContext& context,
                                const std::string& task_id);
// POST /api/tasks/{id}/VERB, VERB one of start, submit, close, return.
[[nodiscard]] Response post_task_change(ApiState& state, RequestContext& context,
                                        const std::string& task_id, const std::string& verb);
[[nodiscard]] Response post_task_photo(ApiState& state, RequestContext& context,
                                       const std::string& task_id);
[[nodiscard]] Response get_task_photo(ApiState& state, RequestContext& context,
                                      const std::string& task_id, const std::string& photo_id);

// The answer (200, content_type) of a read route: from state.shared.answers
// when the store has not changed since it was made for the same path, query
// and role/cells, else made by make_body and kept.
[[nodiscard]] Response cached_answer(ApiState& state, const RequestContext& context,
                                     const std::string& content_type,
                                     const std::function<std::string()>& make_body);

// The user's scope for the action; HttpError(401) without a user, 403 when none.
[[nodiscard]] Scope require_scope(const RequestContext& context, Action action);
// The flag with this id within the user's scope for the action: 404 when
// unknown, 403 when in another cell.
[[nodiscard]] gis::FeaturePtr scoped_flag(ApiState& state, const RequestContext& context,
                                          const std::string& flag_id, Action action);
// Flags within about 500 m of a point (store CRS, degrees) in the user's
// scope for read_flags, and their reviews.
struct NearbyFlags {
  Json flags, reviews;
};
[[nodiscard]] NearbyFlags flags_near(gis::Store& store, const User& user, double x, double y);
// The same around a feature's point (none when it has no geometry).
[[nodiscard]] NearbyFlags flags_near(gis::Store& store, const User& user, OGRFeature& feature);

// Whether an object in this cell is within the user's scope.
[[nodiscard]] bool cell_in_scope(const User& user, Scope scope, const std::string& cell_id);

}  // namespace envgrid::viewer::detail
