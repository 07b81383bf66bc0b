// Straight-line distance matrices.

#include <cmath>

#include "envgrid/gis/geodesy.hpp"
#include "envgrid/grid/patrol_store.hpp"

namespace envgrid::grid {

double straight_line_m(const LonLatPoint& a, const LonLatPoint& b, bool geographic) {
  if (!geographic) return std::hypot(a.x - b.x, a.y - b.y);
  return gis::geodesic_distance_m({a.x, a.y}, {b.x, b.y});
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
