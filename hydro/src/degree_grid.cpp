#include "degree_grid.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace envgrid::hydro::detail {

DegreeGrid DegreeGrid::for_extent(double cell_m, double max_abs_lat) {
  // Near the poles a degree of longitude vanishes; 0.01 keeps cells finite.
  const double cos_lat =
      std::max(std::cos(std::min(max_abs_lat, 90.0) * std::numbers::pi / 180.0), 0.01);
  DegreeGrid grid;
  grid.cell_lat_deg = cell_m / metres_per_degree_lat;
  grid.cell_lon_deg = cell_m / (metres_per_degree_lat * cos_lat);
  return grid;
}

}  // namespace envgrid::hydro::detail
