// snap_layer_points / write_point_snaps: the store side of snapping.

#include "envgrid/hydro/snap_store.hpp"

#include <algorithm>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store_tables.hpp"

namespace envgrid::hydro {

namespace {

// The point of a feature in WGS 84, or nullopt.
std::optional<LonLat> wgs84_point(OGRFeature& f, const gis::CoordinateTransformer& to_wgs84) {
  const OGRGeometry* g = f.GetGeometryRef();
  if (!g || g->IsEmpty() || wkbFlatten(g->getGeometryType()) != wkbPoint) return std::nullopt;
  const auto* point = g->toPoint();
  double x = point->getX(), y = point->getY();
  if (!to_wgs84.transform(x, y)) return std::nullopt;
  return LonLat{x, y};
}

}  // namespace

const std::vector<std::string>& snappable_layers() {
  static const std::vector<std::string> layers = {"sections", "outfalls"};
  return layers;
}

std::vector<PointSnap> snap_layer_points(gis::Store& store, const std::string& layer,
                                         const Snapper& snapper) {
  const auto& names = snappable_layers();
  if (std::find(names.begin(), names.end(), layer) == names.end()) {
    gis::throw_usage_error("cannot snap layer '" + layer +
                           "': only sections and outfalls have reach_id and measure "
                           "(enterprises discharge through their outfalls)");
  }
  const std::string id_field = gis::store_layer_schema(layer).id_field;
  const gis::CoordinateTransformer to_wgs84(store.crs(), gis::Crs::wgs84(),
                                            gis::DomainCheck::proj_only);
  std::vector<PointSnap> snaps;
  OGRLayer& source = gis::store_layer(store, layer);
  source.ResetReading();
  for (auto& f : source) {
    PointSnap s{layer, f->GetFieldAsString(id_field.c_str()), f->GetFID()};
    if (auto point = wgs84_point(*f, to_wgs84)) {
      s.has_point = true;
      s.result = snapper.snap(*point);
    }
    snaps.push_back(std::move(s));
  }
  return snaps;
}

void write_point_snaps(gis::Store& store, const Network& net, std::span<const PointSnap> snaps) {
  for (const PointSnap& s : snaps) {
    OGRLayer& layer = gis::store_layer(store, s.layer);
    gis::FeaturePtr f(layer.GetFeature(s.fid));
    const gis::ErrorContext where{
        .step = "hydro snap", .dataset = store.location(), .layer = s.layer};
    if (!f) gis::throw_output_error("feature " + s.id + " vanished while snapping", where);
    if (s.result.nearest) {
      f->SetField("reach_id", net.reaches[s.result.nearest->reach].id.c_str());
      f->SetField("measure", s.result.nearest->measure);
    } else {
      f->SetFieldNull(f->GetFieldIndex("reach_id"));
      f->SetFieldNull(f->GetFieldIndex("measure"));
    }
    if (layer.SetFeature(f.get()) != OGRERR_NONE) {
      gis::throw_output_error("cannot write " + s.id + ": " + gis::take_last_gdal_error(), where);
    }
  }
}

}  // namespace envgrid::hydro
