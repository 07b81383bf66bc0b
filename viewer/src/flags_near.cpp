// The flags near a point and their reviews: what a dossier or a task shows
// of its surroundings.

#include "api.hpp"
#include "envgrid/imagery/flag_rows.hpp"
#include "geojson.hpp"
#include "reviews.hpp"

namespace envgrid::viewer::detail {

namespace {

// About 500 m (0.005 degree of latitude is 556 m; of longitude 400-530 m
// across China): "near" for a dossier, not a measurement.
constexpr double nearby_deg = 0.005;

}  // namespace

NearbyFlags flags_near(gis::Store& store, const User& user, double x, double y) {
  NearbyFlags near{Json::array(), Json::array()};
  const Scope scope = scope_for(user.role, Action::read_flags);
  if (scope == Scope::none) return near;
  imagery::FlagFilter nearby;
  nearby.within = gis::StoreBox{x - nearby_deg, y - nearby_deg, x + nearby_deg, y + nearby_deg};
  const auto all_reviews = reviews_by_flag(store, "");
  imagery::for_each_flag(store, nearby, [&](OGRFeature& f) {
    if (!cell_in_scope(user, scope, f.GetFieldAsString("cell_id"))) return;
    near.flags.push_back(feature_json(f));
    if (auto it = all_reviews.find(f.GetFieldAsString("flag_id")); it != all_reviews.end()) {
      for (const auto& review : it->second) near.reviews.push_back(review_json(review));
    }
  });
  return near;
}

NearbyFlags flags_near(gis::Store& store, const User& user, OGRFeature& feature) {
  const OGRGeometry* point = feature.GetGeometryRef();
  if (!point) return {Json::array(), Json::array()};
  OGREnvelope where;
  point->getEnvelope(&where);
  return flags_near(store, user, where.MinX, where.MinY);
}

}  // namespace envgrid::viewer::detail
