#pragma once
// Reference distances for the grid tests: PROJ's geodesic on WGS 84, an
// oracle independent of envgrid's local tangent plane.

#include <geodesic.h>

namespace envgrid::test {

inline double geodesic_m(double lon1, double lat1, double lon2, double lat2) {
  geod_geodesic wgs84;
  geod_init(&wgs84, 6378137, 1 / 298.257223563);
  double s12 = 0;
  geod_inverse(&wgs84, lat1, lon1, lat2, lon2, &s12, nullptr, nullptr);
  return s12;
}

}  // namespace envgrid::test
