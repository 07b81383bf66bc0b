#include "envgrid/imagery/local_offset.hpp"

#include <cmath>
#include <numbers>

namespace envgrid::imagery {

namespace {
constexpr double k_wgs84_a_m = 6378137.0;        // semi-major axis
constexpr double k_wgs84_e2 = 6.69437999014e-3;  // first eccentricity squared
constexpr double k_deg = std::numbers::pi / 180.0;
}  // namespace

MetresPerDegree metres_per_degree(double lat_deg) {
  const double s = std::sin(lat_deg * k_deg);
  const double w2 = 1.0 - k_wgs84_e2 * s * s;
  const double prime_vertical_m = k_wgs84_a_m / std::sqrt(w2);
  const double meridian_m = k_wgs84_a_m * (1.0 - k_wgs84_e2) / (w2 * std::sqrt(w2));
  return {.lon = prime_vertical_m * std::cos(lat_deg * k_deg) * k_deg, .lat = meridian_m * k_deg};
}

gis::LonLat offset_to_lonlat(gis::LonLat origin, double east_m, double north_m) {
  const MetresPerDegree scale = metres_per_degree(origin.lat);
  return {.lon = origin.lon + east_m / scale.lon, .lat = origin.lat + north_m / scale.lat};
}

EastNorth lonlat_to_offset(gis::LonLat origin, gis::LonLat point) {
  const MetresPerDegree scale = metres_per_degree(origin.lat);
  return {.east_m = (point.lon - origin.lon) * scale.lon,
          .north_m = (point.lat - origin.lat) * scale.lat};
}

}  // namespace envgrid::imagery
