#pragma once
// Small east/north offsets (metres) around a WGS 84 point, as longitude and
// latitude and back. Uses the ellipsoid's radii of curvature at the origin
// (an equirectangular approximation on the local tangent plane): the error
// grows as distance^2 x tan(latitude) / earth radius, about 2 mm at 100 m
// and 4 cm at 500 m at 47 degrees north, far below a drone's GPS error.

#include "envgrid/gis/chinese_offsets.hpp"

namespace envgrid::imagery {

// origin in WGS 84 degrees (x = longitude, y = latitude).
[[nodiscard]] gis::LonLat offset_to_lonlat(gis::LonLat origin, double east_m, double north_m);

struct EastNorth {
  double east_m = 0;
  double north_m = 0;
};
[[nodiscard]] EastNorth lonlat_to_offset(gis::LonLat origin, gis::LonLat point);

// Metres per degree of longitude and of latitude at a latitude (WGS 84).
struct MetresPerDegree {
  double lon = 0;
  double lat = 0;
};
[[nodiscard]] MetresPerDegree metres_per_degree(double lat_deg);

}  // namespace envgrid::imagery
