#pragma once
// Metres per degree on the WGS 84 / CGCS2000 ellipsoid at a latitude (the
// usual series, accurate to about 1 cm per degree). Distances of a few km
// measured in this local tangent plane are within 0.1 % of the geodesic.

#include <cmath>
#include <numbers>

namespace envgrid::grid::detail {

struct LocalScale {
  double x_m_per_unit = 1;
  double y_m_per_unit = 1;
};

inline LocalScale degree_scale_at(double lat_deg) {
  const double phi = lat_deg * std::numbers::pi / 180.0;
  return {111412.84 * std::cos(phi) - 93.5 * std::cos(3 * phi) + 0.118 * std::cos(5 * phi),
          111132.92 - 559.82 * std::cos(2 * phi) + 1.175 * std::cos(4 * phi) -
              0.0023 * std::cos(6 * phi)};
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
