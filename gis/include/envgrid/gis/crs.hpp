#pragma once
// Coordinate reference systems as users write them: "EPSG:4490", a PROJ
// string, WKT, "GCJ02" or "BD09". Axis order is the traditional GIS order
// everywhere: x = longitude, y = latitude for geographic systems.
//
// GCJ-02 and BD-09 are not known to PROJ; envgrid converts them itself
// (chinese_offsets.hpp) and chains PROJ for the rest: SRC -> WGS 84 -> DST.

#include <memory>
#include <span>
#include <string>

#include "envgrid/gis/gdal_handles.hpp"

namespace envgrid::gis {

class Crs {
 public:
  enum class Kind { proj, gcj02, bd09 };

  // Parses a user-written definition; throws Error(usage) when unknown.
  [[nodiscard]] static Crs parse(const std::string& definition);
  // From a dataset's declared SRS. An empty SRS is an input error: WGS 84 is
  // NOT assumed.
  [[nodiscard]] static Crs from_ogr(const OGRSpatialReference& srs);
  [[nodiscard]] static Crs wgs84();
  [[nodiscard]] static Crs cgcs2000();

  [[nodiscard]] Kind kind() const noexcept { return kind_; }
  // "EPSG:n" when the CRS has an EPSG code, "GCJ02" / "BD09", a PROJ string
  // as written, or the name inside a WKT definition.
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  // Text PROJ's proj_create() understands ("EPSG:4490", WKT, "+proj=... +type=crs");
  // empty for GCJ-02 and BD-09.
  [[nodiscard]] const std::string& definition() const noexcept { return definition_; }
  // Longitude/latitude (GCJ-02 and BD-09 are); false for projected systems.
  [[nodiscard]] bool is_geographic() const noexcept { return geographic_; }
  // The SRS to declare in an output file. GCJ-02 and BD-09 have no
  // definition a GIS knows, so they are declared as WGS 84 (the way web-map
  // data is commonly delivered); the name keeps the truth.
  [[nodiscard]] SpatialReferencePtr to_ogr() const;
  // EPSG code when the CRS has one (4326, 4490, ...), else 0.
  [[nodiscard]] int epsg() const noexcept { return epsg_; }

  // Same system, ignoring axis order (envgrid always uses lon/lat order):
  // EPSG:4326 and OGC:CRS84 are the same.
  [[nodiscard]] bool same_as(const Crs& other) const;

 private:
  Kind kind_ = Kind::proj;
  std::string name_;
  std::string definition_;  // PROJ-understood text for kind proj
  bool geographic_ = true;
  int epsg_ = 0;
};

// How a CoordinateTransformer decides that PROJ's result for a point is
// valid. PROJ rejects many impossible points itself, but some projections
// return plausible-looking numbers outside their domain (Mercator clamps
// latitude 90); transforming the result back and comparing catches those,
// at the cost of an inverse per point (2-3x slower; docs/crs.md).
enum class DomainCheck {
  proj_only,   // trust PROJ's own errors
  round_trip,  // also reject a point whose inverse misses the input by > 1 cm
};

// Transforms coordinates between two Crs. Not thread-safe: one per thread.
// Throws Error(usage) when PROJ knows no way between the two systems.
class CoordinateTransformer {
 public:
  CoordinateTransformer(const Crs& source, const Crs& target,
                        DomainCheck domain_check = DomainCheck::round_trip);
  ~CoordinateTransformer();
  CoordinateTransformer(CoordinateTransformer&&) noexcept;
  CoordinateTransformer& operator=(CoordinateTransformer&&) noexcept;

  // x/y in traditional GIS order. Returns false when the point cannot be
  // transformed (non-finite input, outside the projection's domain).
  [[nodiscard]] bool transform(double& x, double& y) const;
  // In place; ok[i] tells whether point i was transformed (failed points
  // become NaN). Returns the count of failures.
  std::size_t transform(std::span<double> xs, std::span<double> ys, std::span<char> ok) const;
  // Transforms every vertex of a geometry in place and assigns the target's
  // SRS (to_ogr()); false when any vertex fails, leaving the geometry partly
  // transformed: discard it then.
  [[nodiscard]] bool transform(OGRGeometry& geometry) const;

  [[nodiscard]] bool is_identity() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A projected CRS in metres for lengths, areas and buffers over an extent
// given in lon/lat (WGS 84 or CGCS2000): a CGCS2000 3-degree Gauss-Krueger
// zone inside China (EPSG:4534-4554), a WGS 84 UTM zone elsewhere
// (EPSG:326xx north, 327xx south), chosen by the extent's centre. docs/crs.md
// gives the rule.
struct MetricCrs {
  Crs crs;
  std::string description;  // e.g. "EPSG:4547 CGCS2000 / 3-degree Gauss-Kruger CM 114E"
};
[[nodiscard]] MetricCrs choose_metric_crs(double min_lon, double min_lat, double max_lon,
                                          double max_lat);

}  // namespace envgrid::gis
