#pragma once
// Square search cells in degrees for the hydro network's spatial indexes;
// distances themselves come from gis/geodesy.hpp.

#include <cmath>

#include "envgrid/gis/geodesy.hpp"
#include "envgrid/hydro/network.hpp"

namespace envgrid::hydro::detail {

using gis::LocalPlane;
inline constexpr double metres_per_degree_lat = gis::mean_metres_per_degree_lat;

// Square search cells of at least `cell_m` metres everywhere in the data:
// the longitude step uses the highest latitude of the data, where a degree
// of longitude is shortest.
struct DegreeGrid {
  double cell_lon_deg = 1;
  double cell_lat_deg = 1;
  [[nodiscard]] static DegreeGrid for_extent(double cell_m, double max_abs_lat);
  [[nodiscard]] long long column(double lon) const {
    return static_cast<long long>(std::floor(lon / cell_lon_deg));
  }
  [[nodiscard]] long long row(double lat) const {
    return static_cast<long long>(std::floor(lat / cell_lat_deg));
  }
  [[nodiscard]] static unsigned long long key(long long column, long long row) {
    return (static_cast<unsigned long long>(column) << 32) ^
           static_cast<unsigned long long>(row & 0xffffffffLL);
  }
};

}  // namespace envgrid::hydro::detail
