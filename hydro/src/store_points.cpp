#include "store_points.hpp"

namespace envgrid::hydro::detail {

std::optional<LonLat> feature_point(const OGRFeature& f,
                                    const gis::CoordinateTransformer& to_wgs84) {
  const OGRGeometry* g = f.GetGeometryRef();
  if (!g || g->IsEmpty()) return std::nullopt;
  OGRPoint centroid;
  if (g->Centroid(&centroid) != OGRERR_NONE) return std::nullopt;
  double x = centroid.getX(), y = centroid.getY();
  if (!to_wgs84.transform(x, y)) return std::nullopt;
  return LonLat{x, y};
}

}  // namespace envgrid::hydro::detail
