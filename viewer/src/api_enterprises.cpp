// GET /api/enterprises/{id}: the enterprise dossier (一厂一档): the
// enterprise, its permit and inspection dates, its outfalls, the flags near it
// and their reviews.

#include "api.hpp"
#include "envgrid/grid/grid_rows.hpp"
#include "envgrid/grid/project_intervals.hpp"
#include "envgrid/imagery/flag_rows.hpp"
#include "geojson.hpp"
#include "inspections.hpp"
#include "reviews.hpp"

namespace envgrid::viewer::detail {

namespace {

// Flags within about 500 m of the enterprise (0.005 degree of latitude is
// 556 m; of longitude 400-530 m across China): "near" for a dossier, not a
// measurement.
constexpr double nearby_deg = 0.005;

}  // namespace

Response get_enterprise(ApiState& state, RequestContext& context,
                        const std::string& enterprise_id) {
  const Scope scope = require_scope(context, Action::read_enterprises);
  gis::FeaturePtr enterprise = grid::find_enterprise(state.store, enterprise_id);
  if (!enterprise)
    throw HttpError(http::status::not_found, "no enterprise '" + enterprise_id + "'");
  if (!cell_in_scope(*context.user, scope, enterprise->GetFieldAsString("cell_id"))) {
    throw HttpError(http::status::forbidden, "enterprise is outside your cells");
  }
  Json dossier{{"enterprise", feature_json(*enterprise)}};
  const InspectionDue due = inspection_due(
      enterprise->GetFieldAsString("risk_class"), enterprise->GetFieldAsString("last_inspected"),
      today_iso_date(), grid::project_frequencies(state.store));
  dossier["inspection"] = {{"last_inspected", enterprise->GetFieldAsString("last_inspected")},
                           {"due_date", due.due_date},
                           {"days_left", due.scheduled ? Json(due.days_left) : Json()}};

  Json outfalls = Json::array();
  grid::for_each_outfall_of(state.store, enterprise_id,
                            [&outfalls](OGRFeature& f) { outfalls.push_back(feature_json(f)); });
  dossier["outfalls"] = std::move(outfalls);

  Json flags = Json::array();
  Json reviews = Json::array();
  const Scope flag_scope = scope_for(context.user->role, Action::read_flags);
  if (const OGRGeometry* point = enterprise->GetGeometryRef(); point && flag_scope != Scope::none) {
    OGREnvelope where;
    point->getEnvelope(&where);
    imagery::FlagFilter nearby;
    nearby.within = gis::StoreBox{where.MinX - nearby_deg, where.MinY - nearby_deg,
                                  where.MaxX + nearby_deg, where.MaxY + nearby_deg};
    const auto all_reviews = reviews_by_flag(state.store, "");
    imagery::for_each_flag(state.store, nearby, [&](OGRFeature& f) {
      if (!cell_in_scope(*context.user, flag_scope, f.GetFieldAsString("cell_id"))) return;
      flags.push_back(feature_json(f));
      if (auto it = all_reviews.find(f.GetFieldAsString("flag_id")); it != all_reviews.end()) {
        for (const auto& review : it->second) reviews.push_back(review_json(review));
      }
    });
  }
  dossier["flags_nearby"] = std::move(flags);
  dossier["reviews"] = std::move(reviews);
  return json_response(context.request, http::status::ok, dossier);
}

}  // namespace envgrid::viewer::detail
