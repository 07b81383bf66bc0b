// Straight-line distance matrices.

#include <geodesic.h>

#include <cmath>

#include "envgrid/grid/patrol_store.hpp"

namespace envgrid::grid {

double straight_line_m(const LonLatPoint& a, const LonLatPoint& b, bool geographic) {
  if (!geographic) return std::hypot(a.x - b.x, a.y - b.y);
  static const geod_geodesic wgs84 = [] {
    geod_geodesic g{};
    geod_init(&g, 6378137.0, 1 / 298.257223563);
    return g;
  }();
  double metres = 0;
  geod_inverse(&wgs84, a.y, a.x, b.y, b.x, &metres, nullptr, nullptr);  // latitude first
  return metres;
}

DistanceMatrix straight_line_matrix(const std::vector<LonLatPoint>& points, const gis::Crs& crs) {
  DistanceMatrix distance(points.size(), std::vector<double>(points.size(), 0));
  for (std::size_t i = 0; i < points.size(); ++i) {
    for (std::size_t j = i + 1; j < points.size(); ++j) {
      distance[i][j] = distance[j][i] = straight_line_m(points[i], points[j], crs.is_geographic());
    }
  }
  return distance;
}

}  // namespace envgrid::grid
