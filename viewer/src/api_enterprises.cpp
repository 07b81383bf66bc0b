// GET /api/enterprises/{id}: the enterprise dossier (一厂一档): the
// enterprise, its permit and inspection dates, its outfalls, the flags near it
// and their reviews.

#include "api.hpp"
#include "envgrid/grid/grid_rows.hpp"
#include "envgrid/grid/project_intervals.hpp"
#include "geojson.hpp"
#include "inspections.hpp"

namespace envgrid::viewer::detail {

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

  NearbyFlags near{Json::array(), Json::array()};
  if (const OGRGeometry* point = enterprise->GetGeometryRef()) {
    OGREnvelope where;
    point->getEnvelope(&where);
    near = flags_near(state, *context.user, where.MinX, where.MinY);
  }
  dossier["flags_nearby"] = std::move(near.flags);
  dossier["reviews"] = std::move(near.reviews);
  return json_response(context.request, http::status::ok, dossier);
}

}  // namespace envgrid::viewer::detail
