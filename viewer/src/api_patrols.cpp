// GET /api/patrols (plans in the user's cells), GET /api/patrols/{id} (its
// stops in order and the route through them) and GET /api/patrols/{id}.gpx
// (the same for a GPS: waypoints and route, written by grid's GPX writer).

#include <algorithm>
#include <cctype>
#include <map>

#include "api.hpp"
#include "envgrid/grid/grid_rows.hpp"
#include "envgrid/grid/patrol_store.hpp"
#include "geojson.hpp"
#include "inspections.hpp"
#include "query_params.hpp"

namespace envgrid::viewer::detail {

namespace {

struct StoredPatrol {
  std::string patrol_id, cell_id, plan_date;
  std::vector<gis::FeaturePtr> stops;  // by stop_order
};

// The plan's rows, 404 when unknown, 403 when its cell is not the user's.
StoredPatrol scoped_patrol(ApiState& state, const RequestContext& context,
                           const std::string& patrol_id) {
  const Scope scope = require_scope(context, Action::read_patrols);
  StoredPatrol patrol{patrol_id, "", "", grid::patrol_stops(state.store, patrol_id)};
  if (patrol.stops.empty())
    throw HttpError(http::status::not_found, "no patrol '" + patrol_id + "'");
  patrol.cell_id = patrol.stops.front()->GetFieldAsString("cell_id");
  patrol.plan_date = patrol.stops.front()->GetFieldAsString("plan_date");
  for (const auto& stop : patrol.stops) {
    if (!cell_in_scope(*context.user, scope, stop->GetFieldAsString("cell_id")))
      throw HttpError(http::status::forbidden, "patrol '" + patrol_id + "' is outside your cells");
  }
  return patrol;
}

// Minutes after midnight of an ISO time "YYYY-MM-DDTHH:MM...", 0 when absent.
double minute_of_day(const std::string& eta) {
  if (eta.size() < 16 || eta[10] != 'T') return 0;
  try {
    return std::stoi(eta.substr(11, 2)) * 60 + std::stoi(eta.substr(14, 2));
  } catch (const std::exception&) {
    return 0;
  }
}

// The stored stops as grid's PatrolOutput: the route runs straight from stop
// to stop (the road path and the start are not stored); times are the
// stored arrival times (start 00:00 + minute of day).
grid::PatrolOutput patrol_output(const StoredPatrol& patrol) {
  grid::PatrolOutput output;
  output.patrol_id = patrol.patrol_id;
  output.date = patrol.plan_date;
  output.start_time = "00:00";
  for (const auto& row : patrol.stops) {
    const OGRGeometry* geometry = row->GetGeometryRef();
    if (!geometry || wkbFlatten(geometry->getGeometryType()) != wkbPoint) continue;
    const OGRPoint* point = geometry->toPoint();
    grid::PatrolStop stop;
    stop.object_kind = row->GetFieldAsString("object_kind");
    stop.object_id = row->GetFieldAsString("object_id");
    stop.x = point->getX();
    stop.y = point->getY();
    output.plan.visits.push_back(
        {static_cast<int>(output.stops.size()), minute_of_day(row->GetFieldAsString("eta")), 0});
    output.stops.push_back(stop);
    output.route_line.push_back({stop.x, stop.y});
  }
  if (!output.route_line.empty()) output.start = output.route_line.front();
  return output;
}

std::string route_geojson(const grid::PatrolOutput& output) {
  Json coordinates = Json::array();
  for (const auto& p : output.route_line) coordinates.push_back({p.x, p.y});
  return Json{{"type", "Feature"},
              {"geometry", {{"type", "LineString"}, {"coordinates", coordinates}}},
              {"properties", {{"patrol_id", output.patrol_id}, {"kind", "route"}}}}
      .dump();
}

// Letters, digits, '-', '_' and '.' only, for the download's file name.
std::string file_name_of(const std::string& id) {
  std::string name;
  for (char c : id)
    name += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_';
  return name + ".gpx";
}

}  // namespace

Response get_patrols(ApiState& state, RequestContext& context) {
  const Scope scope = require_scope(context, Action::read_patrols);
  const std::string date = query_text(context, "date");
  std::map<std::string, Json> plans;
  grid::for_each_patrol_stop(state.store, date, [&](OGRFeature& stop) {
    if (!cell_in_scope(*context.user, scope, stop.GetFieldAsString("cell_id"))) return;
    Json& plan = plans[stop.GetFieldAsString("patrol_id")];
    if (plan.is_null()) {
      plan = {{"patrol_id", stop.GetFieldAsString("patrol_id")},
              {"cell_id", stop.GetFieldAsString("cell_id")},
              {"plan_date", stop.GetFieldAsString("plan_date")},
              {"stops", 0}};
    }
    plan["stops"] = plan["stops"].get<int>() + 1;
  });
  Json list = Json::array();
  for (auto& [id, plan] : plans) list.push_back(std::move(plan));
  std::stable_sort(list.begin(), list.end(), [](const Json& a, const Json& b) {
    return a["plan_date"].get<std::string>() < b["plan_date"].get<std::string>();
  });
  return json_response(context.request, http::status::ok,
                       {{"today", today_iso_date()}, {"patrols", std::move(list)}});
}

Response get_patrol(ApiState& state, RequestContext& context, const std::string& patrol_id) {
  const std::string suffix = ".gpx";
  const bool gpx = patrol_id.size() > suffix.size() &&
                   patrol_id.compare(patrol_id.size() - suffix.size(), suffix.size(), suffix) == 0;
  const StoredPatrol patrol = scoped_patrol(
      state, context, gpx ? patrol_id.substr(0, patrol_id.size() - suffix.size()) : patrol_id);
  const grid::PatrolOutput output = patrol_output(patrol);
  if (gpx) {
    Response response =
        text_response(context.request, http::status::ok,
                      grid::patrol_gpx_bytes(output, state.store.crs()), "application/gpx+xml");
    response.set(http::field::content_disposition,
                 "attachment; filename=\"" + file_name_of(patrol.patrol_id) + "\"");
    response.set(http::field::cache_control, "no-store");
    return response;
  }
  std::string stops = "[";
  for (const auto& stop : patrol.stops)
    stops += (stops.size() > 1 ? "," : "") + feature_geojson(*stop);
  const std::string body = R"({"patrol_id":)" + Json(patrol.patrol_id).dump() + R"(,"cell_id":)" +
                           Json(patrol.cell_id).dump() + R"(,"plan_date":)" +
                           Json(patrol.plan_date).dump() + R"(,"stops":)" + stops +
                           R"(],"route":)" + route_geojson(output) + "}";
  Response response = text_response(context.request, http::status::ok, body, "application/json");
  response.set(http::field::cache_control, "no-store");
  return response;
}

}  // namespace envgrid::viewer::detail
