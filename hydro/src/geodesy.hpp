#pragma once
// Lengths and short distances on the WGS 84 ellipsoid, from lon/lat degrees.
// Lengths are geodesics (PROJ's implementation of Karney's algorithm), so they
// need no projected CRS; short distances (snapping, gap search) use a local
// equirectangular plane around the query point, whose error is below 0.1 %
// within a few kilometres.

#include <cmath>
#include <span>

#include "envgrid/hydro/network.hpp"

namespace envgrid::hydro::detail {

inline constexpr double metres_per_degree_lat = 111'320.0;  // mean; exact enough for search cells

[[nodiscard]] double geodesic_length_m(std::span<const LonLat> line);

// Metres east/north of an origin, on the plane tangent at the origin.
class LocalPlane {
 public:
  explicit LocalPlane(const LonLat& origin)
      : origin_(origin),
        metres_per_degree_lon_(metres_per_degree_lat * std::cos(origin.lat * kRad)) {}
  [[nodiscard]] double x(const LonLat& p) const {
    return (p.lon - origin_.lon) * metres_per_degree_lon_;
  }
  [[nodiscard]] double y(const LonLat& p) const {
    return (p.lat - origin_.lat) * metres_per_degree_lat;
  }
  [[nodiscard]] double distance_m(const LonLat& p) const { return std::hypot(x(p), y(p)); }
  // Distance from the origin to the segment a-b.
  [[nodiscard]] double distance_to_segment_m(const LonLat& a, const LonLat& b) const;
  // Its square, without the square root: a quick test against a limit.
  [[nodiscard]] double squared_distance_to_segment_m2(const LonLat& a, const LonLat& b) const;

 private:
  struct Offset {
    double x, y;
  };
  // The nearest point of a-b, relative to the origin.
  [[nodiscard]] Offset nearest_on_segment(const LonLat& a, const LonLat& b) const;
  static constexpr double kRad = 3.14159265358979323846 / 180.0;
  LonLat origin_;
  double metres_per_degree_lon_;
};

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
