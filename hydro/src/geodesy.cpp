#include "geodesy.hpp"

#include <geodesic.h>

#include <algorithm>

namespace envgrid::hydro::detail {

namespace {
const geod_geodesic& wgs84_geodesic() {
  static const geod_geodesic g = [] {
    geod_geodesic value{};
    geod_init(&value, 6378137.0, 1 / 298.257223563);
    return value;
  }();
  return g;
}
}  // namespace

double geodesic_length_m(std::span<const LonLat> line) {
  double total = 0;
  for (std::size_t i = 1; i < line.size(); ++i) {
    double s12 = 0;
    // geod_inverse takes latitude first.
    geod_inverse(&wgs84_geodesic(), line[i - 1].lat, line[i - 1].lon, line[i].lat, line[i].lon,
                 &s12, nullptr, nullptr);
    total += s12;
  }
  return total;
}

LocalPlane::Offset LocalPlane::nearest_on_segment(const LonLat& a, const LonLat& b) const {
  const double ax = x(a), ay = y(a), bx = x(b), by = y(b);
  const double dx = bx - ax, dy = by - ay;
  const double length2 = dx * dx + dy * dy;
  double t = length2 > 0 ? -(ax * dx + ay * dy) / length2 : 0;
  t = std::clamp(t, 0.0, 1.0);
  return {ax + t * dx, ay + t * dy};
}

double LocalPlane::distance_to_segment_m(const LonLat& a, const LonLat& b) const {
  const Offset p = nearest_on_segment(a, b);
  return std::hypot(p.x, p.y);
}

double LocalPlane::squared_distance_to_segment_m2(const LonLat& a, const LonLat& b) const {
  const Offset p = nearest_on_segment(a, b);
  return p.x * p.x + p.y * p.y;
}

DegreeGrid DegreeGrid::for_extent(double cell_m, double max_abs_lat) {
  // Near the poles a degree of longitude vanishes; 0.01 keeps cells finite.
  const double cos_lat =
      std::max(std::cos(std::min(max_abs_lat, 90.0) * 3.14159265358979323846 / 180.0), 0.01);
  DegreeGrid grid;
  grid.cell_lat_deg = cell_m / metres_per_degree_lat;
  grid.cell_lon_deg = cell_m / (metres_per_degree_lat * cos_lat);
  return grid;
}

}  // namespace envgrid::hydro::detail
