#pragma once
// The synthetic county: an irregular (noisy star) polygon and its townships
// (a Voronoi partition of spread seed points, clipped to the county). All in
// the metric CRS of the Frame.

#include <cstdint>
#include <string>
#include <vector>

#include "envgrid/gis/geos_handles.hpp"
#include "envgrid/gis/spatial_index.hpp"
#include "frame.hpp"
#include "random.hpp"

namespace envgrid::synth::detail {

[[nodiscard]] inline bool overlaps(const gis::Envelope& a, const gis::Envelope& b) {
  return a.min_x <= b.max_x && b.min_x <= a.max_x && a.min_y <= b.max_y && b.min_y <= a.max_y;
}

[[nodiscard]] double area_of(gis::GeosContext& geos, const GEOSGeometry* geometry);

struct Township {
  std::string code;  // 12-digit administrative code, e.g. "420199003000"
  std::string name;
  gis::GeosGeometryPtr area;
  gis::Envelope envelope;
};

class County {
 public:
  // The administrative code of the synthetic county. 420199 is in Wuhan's
  // range (4201xx) but names no real district.
  static constexpr const char* code = "420199";
  static constexpr const char* name = "示例县";

  County(gis::GeosContext& geos, Point centre, double area_m2, std::uint64_t township_count,
         std::uint64_t seed);

  [[nodiscard]] const GEOSGeometry* area() const { return area_.get(); }
  [[nodiscard]] double area_m2() const { return area_m2_; }
  [[nodiscard]] const gis::Envelope& envelope() const { return envelope_; }
  [[nodiscard]] bool contains(Point p) const;
  // The boundary's vertices, counter-clockwise (the first is not repeated).
  [[nodiscard]] const std::vector<Point>& ring() const { return ring_; }
  [[nodiscard]] const std::vector<Township>& townships() const { return townships_; }
  // A uniformly random point inside the county.
  [[nodiscard]] Point random_point(Random& random) const;

 private:
  void make_townships(std::uint64_t count, std::uint64_t seed);

  gis::GeosContext& geos_;
  std::vector<Point> ring_;
  gis::GeosGeometryPtr area_;
  double area_m2_ = 0;
  gis::Envelope envelope_;
  std::vector<Township> townships_;
};

// Converts a metric GEOS geometry to an OGR geometry in lon/lat.
[[nodiscard]] gis::GeometryPtr to_ogr_lonlat(gis::GeosContext& geos, const GEOSGeometry* geometry,
                                             const Frame& frame);
// Polygon -> MultiPolygon; MultiPolygon as is (OGR geometry).
[[nodiscard]] gis::GeometryPtr as_multipolygon(gis::GeometryPtr geometry);

}  // namespace envgrid::synth::detail
