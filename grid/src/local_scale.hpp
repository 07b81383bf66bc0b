#pragma once
// Metres per coordinate unit in a cell's neighbourhood (degrees scaled by
// gis/geodesy.hpp; metres as they are), and distances with those scales.

#include "envgrid/gis/geodesy.hpp"

namespace envgrid::grid::detail {

struct LocalScale {
  double x_m_per_unit = 1;
  double y_m_per_unit = 1;
};

inline LocalScale degree_scale_at(double lat_deg) {
  const gis::MetresPerDegree scale = gis::metres_per_degree(lat_deg);
  return {scale.lon, scale.lat};
}

// Squared distance from (px, py) to segment (ax, ay)-(bx, by), axes scaled.
inline double segment_distance_sq(double px, double py, double ax, double ay, double bx, double by,
                                  double sx = 1, double sy = 1) {
  const double ux = (bx - ax) * sx, uy = (by - ay) * sy;
  const double wx = (px - ax) * sx, wy = (py - ay) * sy;
  const double length_sq = ux * ux + uy * uy;
  double t = length_sq > 0 ? (wx * ux + wy * uy) / length_sq : 0;
  t = t < 0 ? 0 : (t > 1 ? 1 : t);
  const double dx = wx - t * ux, dy = wy - t * uy;
  return dx * dx + dy * dy;
}

}  // namespace envgrid::grid::detail
