// GCJ-02 and BD-09 as the widely published formulas define them (docs/crs.md
// gives the source and the measured accuracy). Written for envgrid from the
// published description of the formula; the inverses are iterative so that a
// round trip returns the start point to well under a millimetre.

#include "envgrid/gis/chinese_offsets.hpp"

#include <cmath>
#include <numbers>

namespace envgrid::gis {

namespace {

constexpr double pi = std::numbers::pi;

// The ellipsoid the GCJ-02 formula scales its offsets with (Krasovsky 1940).
constexpr double krasovsky_a_m = 6378245.0;
constexpr double krasovsky_ee = 0.00669342162296594323;  // first eccentricity squared

// BD-09 rotates and scales GCJ-02 about the origin with this angular factor.
constexpr double bd09_x_pi = pi * 3000.0 / 180.0;

// Stop iterating once a step moves the estimate less than this: 1e-12 degree
// is about 0.1 micrometre, far below the 1 mm the inverses promise.
constexpr double inverse_step_limit_deg = 1e-12;
// Each iteration shrinks the error by ~1e-3 (the offsets' slope), so a few
// iterations suffice; the cap only guards against the discontinuity at the
// edge of the offset area.
constexpr int inverse_max_iterations = 30;

// The two polynomial-plus-sine series of the formula, in units that the
// scaling below turns into degrees. x = lon - 105, y = lat - 35.
double lat_series(double x, double y) {
  double s = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::fabs(x));
  s += (20.0 * std::sin(6.0 * x * pi) + 20.0 * std::sin(2.0 * x * pi)) * 2.0 / 3.0;
  s += (20.0 * std::sin(y * pi) + 40.0 * std::sin(y / 3.0 * pi)) * 2.0 / 3.0;
  s += (160.0 * std::sin(y / 12.0 * pi) + 320.0 * std::sin(y * pi / 30.0)) * 2.0 / 3.0;
  return s;
}

double lon_series(double x, double y) {
  double s = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::fabs(x));
  s += (20.0 * std::sin(6.0 * x * pi) + 20.0 * std::sin(2.0 * x * pi)) * 2.0 / 3.0;
  s += (20.0 * std::sin(x * pi) + 40.0 * std::sin(x / 3.0 * pi)) * 2.0 / 3.0;
  s += (150.0 * std::sin(x / 12.0 * pi) + 300.0 * std::sin(x / 30.0 * pi)) * 2.0 / 3.0;
  return s;
}

// The GCJ-02 offset (degrees) added to a WGS 84 point inside the area.
LonLat gcj02_offset_deg(LonLat wgs) {
  const double x = wgs.lon - 105.0;
  const double y = wgs.lat - 35.0;
  const double lat_rad = wgs.lat / 180.0 * pi;
  const double sin_lat = std::sin(lat_rad);
  const double w2 = 1.0 - krasovsky_ee * sin_lat * sin_lat;
  const double w = std::sqrt(w2);
  const double meridian_radius_m = krasovsky_a_m * (1.0 - krasovsky_ee) / (w2 * w);
  const double parallel_radius_m = krasovsky_a_m / w * std::cos(lat_rad);
  return {lon_series(x, y) * 180.0 / (parallel_radius_m * pi),
          lat_series(x, y) * 180.0 / (meridian_radius_m * pi)};
}

// Solves forward(result) == target by fixed-point iteration, starting from
// the given first guess. Converges because forward is the identity plus a
// small, slowly varying offset.
template <typename Forward>
LonLat invert(Forward forward, LonLat target, LonLat guess) {
  for (int i = 0; i < inverse_max_iterations; ++i) {
    const LonLat mapped = forward(guess);
    const double d_lon = target.lon - mapped.lon;
    const double d_lat = target.lat - mapped.lat;
    guess.lon += d_lon;
    guess.lat += d_lat;
    if (std::fabs(d_lon) < inverse_step_limit_deg && std::fabs(d_lat) < inverse_step_limit_deg) {
      break;
    }
  }
  return guess;
}

}  // namespace

bool inside_china_offset_area(LonLat p) {
  // The rectangle of the published formula; outside it GCJ-02 == WGS 84.
  return p.lon >= 72.004 && p.lon <= 137.8347 && p.lat >= 0.8293 && p.lat <= 55.8271;
}

LonLat wgs84_to_gcj02(LonLat wgs) {
  if (!inside_china_offset_area(wgs)) return wgs;
  const LonLat offset = gcj02_offset_deg(wgs);
  return {wgs.lon + offset.lon, wgs.lat + offset.lat};
}

LonLat gcj02_to_wgs84(LonLat gcj) {
  // First guess: subtract the offset evaluated at the GCJ-02 point (the
  // published one-step inverse, off by up to a few metres).
  LonLat guess = gcj;
  if (inside_china_offset_area(gcj)) {
    const LonLat offset = gcj02_offset_deg(gcj);
    guess = {gcj.lon - offset.lon, gcj.lat - offset.lat};
  }
  return invert(wgs84_to_gcj02, gcj, guess);
}

LonLat gcj02_to_bd09(LonLat gcj) {
  const double radius = std::hypot(gcj.lon, gcj.lat) + 0.00002 * std::sin(gcj.lat * bd09_x_pi);
  const double angle = std::atan2(gcj.lat, gcj.lon) + 0.000003 * std::cos(gcj.lon * bd09_x_pi);
  return {radius * std::cos(angle) + 0.0065, radius * std::sin(angle) + 0.006};
}

LonLat bd09_to_gcj02(LonLat bd) {
  // First guess: the published approximate inverse (error up to ~1 m).
  const double x = bd.lon - 0.0065;
  const double y = bd.lat - 0.006;
  const double radius = std::hypot(x, y) - 0.00002 * std::sin(y * bd09_x_pi);
  const double angle = std::atan2(y, x) - 0.000003 * std::cos(x * bd09_x_pi);
  return invert(gcj02_to_bd09, bd, {radius * std::cos(angle), radius * std::sin(angle)});
}

LonLat wgs84_to_bd09(LonLat wgs) { return gcj02_to_bd09(wgs84_to_gcj02(wgs)); }

LonLat bd09_to_wgs84(LonLat bd) { return gcj02_to_wgs84(bd09_to_gcj02(bd)); }

}  // namespace envgrid::gis
