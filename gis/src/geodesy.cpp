#include "envgrid/gis/geodesy.hpp"

#include <geodesic.h>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace envgrid::gis {

namespace {

constexpr double wgs84_semi_major_m = 6378137.0;
constexpr double wgs84_flattening = 1 / 298.257223563;
constexpr double wgs84_eccentricity_squared = wgs84_flattening * (2 - wgs84_flattening);
constexpr double radians_per_degree = std::numbers::pi / 180.0;

const geod_geodesic& wgs84_geodesic() {
  static const geod_geodesic geodesic = [] {
    geod_geodesic value{};
    geod_init(&value, wgs84_semi_major_m, wgs84_flattening);
    return value;
  }();
  return geodesic;
}

}  // namespace

MetresPerDegree metres_per_degree(double lat_deg) {
  const double sin_lat = std::sin(lat_deg * radians_per_degree);
  const double w2 = 1.0 - wgs84_eccentricity_squared * sin_lat * sin_lat;
  const double prime_vertical_m = wgs84_semi_major_m / std::sqrt(w2);
  const double meridian_m =
      wgs84_semi_major_m * (1.0 - wgs84_eccentricity_squared) / (w2 * std::sqrt(w2));
  return {.lon = prime_vertical_m * std::cos(lat_deg * radians_per_degree) * radians_per_degree,
          .lat = meridian_m * radians_per_degree};
}

double geodesic_distance_m(LonLat a, LonLat b) {
  double metres = 0;
  // geod_inverse takes latitude first.
  geod_inverse(&wgs84_geodesic(), a.lat, a.lon, b.lat, b.lon, &metres, nullptr, nullptr);
  return metres;
}

double geodesic_length_m(std::span<const LonLat> line) {
  double total = 0;
  for (std::size_t i = 1; i < line.size(); ++i) total += geodesic_distance_m(line[i - 1], line[i]);
  return total;
}

LocalPlane::LocalPlane(LonLat origin) : origin_(origin), scale_(metres_per_degree(origin.lat)) {}

double LocalPlane::distance_m(LonLat point) const {
  const EastNorth p = offset(point);
  return std::hypot(p.east_m, p.north_m);
}

EastNorth LocalPlane::nearest_on_segment(LonLat a, LonLat b) const {
  const EastNorth pa = offset(a), pb = offset(b);
  const double dx = pb.east_m - pa.east_m, dy = pb.north_m - pa.north_m;
  const double length2 = dx * dx + dy * dy;
  const double t =
      length2 > 0 ? std::clamp(-(pa.east_m * dx + pa.north_m * dy) / length2, 0.0, 1.0) : 0.0;
  return {pa.east_m + t * dx, pa.north_m + t * dy};
}

double LocalPlane::distance_to_segment_m(LonLat a, LonLat b) const {
  const EastNorth p = nearest_on_segment(a, b);
  return std::hypot(p.east_m, p.north_m);
}

double LocalPlane::squared_distance_to_segment_m2(LonLat a, LonLat b) const {
  const EastNorth p = nearest_on_segment(a, b);
  return p.east_m * p.east_m + p.north_m * p.north_m;
}

}  // namespace envgrid::gis
