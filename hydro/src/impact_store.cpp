// snap_start / outfall_start / read_impact_targets.

#include "envgrid/hydro/impact_store.hpp"

#include <cstdio>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store_tables.hpp"
#include "envgrid/hydro/trace_store.hpp"
#include "store_points.hpp"

namespace envgrid::hydro {

namespace {

std::string metres(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f m", value);
  return text;
}

// The stored reach and measure, when the reach is in the network.
std::optional<NetworkPoint> stored_place(const Network& net, const std::string& reach_id,
                                         double measure) {
  if (reach_id.empty()) return std::nullopt;
  const auto reach = net.find(reach_id);
  if (!reach) return std::nullopt;
  return NetworkPoint{*reach, measure};
}

}  // namespace

NetworkPoint snap_start(const Network& net, const Snapper& snapper, const LonLat& point,
                        const std::string& what) {
  const SnapResult snapped = snapper.snap(point);
  if (!snapped.nearest) {
    gis::throw_input_error(what + " is farther than the snapping distance from every reach",
                           {.step = "hydro impact"});
  }
  if (snapped.tie) {
    gis::log_warning(what + " is a near-tie: reach " + net.reaches[snapped.nearest->reach].id +
                     " at " + metres(snapped.nearest->distance_m) + " (used), reach " +
                     net.reaches[snapped.tie->reach].id + " at " + metres(snapped.tie->distance_m));
  }
  return {snapped.nearest->reach, snapped.nearest->measure};
}

NetworkPoint outfall_start(gis::Store& store, const Network& net, const Snapper& snapper,
                           const std::string& outfall_id) {
  for (const OutfallInfo& o : read_outfalls(store)) {
    if (o.outfall_id != outfall_id) continue;
    if (auto place = stored_place(net, o.reach_id, o.measure)) return *place;
    gis::log_info("outfall " + outfall_id + " is not snapped in the store; snapping it now");
    return snap_start(net, snapper, o.point, "outfall " + outfall_id);
  }
  gis::throw_input_error(
      "no outfall '" + outfall_id + "'",
      {.step = "hydro impact", .dataset = store.location(), .layer = "outfalls"});
}

std::vector<ImpactTarget> read_impact_targets(gis::Store& store, const Network& net,
                                              const Snapper& snapper) {
  const gis::CoordinateTransformer to_wgs84(store.crs(), gis::Crs::wgs84(),
                                            gis::DomainCheck::proj_only);
  std::vector<ImpactTarget> targets;
  OGRLayer& layer = gis::store_layer(store, "sections");
  const int kind_field = layer.GetLayerDefn()->GetFieldIndex("kind");  // absent in older stores
  layer.ResetReading();
  for (auto& f : layer) {
    ImpactTarget t;
    t.section_id = f->GetFieldAsString("section_id");
    t.name = f->GetFieldAsString("name");
    t.kind = kind_field >= 0 && f->IsFieldSetAndNotNull(kind_field)
                 ? f->GetFieldAsString(kind_field)
                 : monitoring_section_kind;
    const auto point = detail::feature_point(*f, to_wgs84);
    t.point = point.value_or(LonLat{});
    const int measure_field = f->GetFieldIndex("measure");
    if (auto place = stored_place(net, f->GetFieldAsString("reach_id"),
                                  f->GetFieldAsDouble(measure_field))) {
      t.at = *place;
    } else if (auto snapped = point ? snapper.snap(*point).nearest : std::nullopt) {
      t.at = {snapped->reach, snapped->measure};
    } else {
      gis::log_warning("section " + t.section_id + " is not on the network (no reach within the " +
                       "snapping distance); it cannot be reached");
    }
    targets.push_back(std::move(t));
  }
  return targets;
}

}  // namespace envgrid::hydro
