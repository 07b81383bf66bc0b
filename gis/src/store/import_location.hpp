#pragma once
// Turns a source row's location into the geometry stored in a store layer:
// transformed into the store CRS, inside the CRS's area of use, valid (or
// repaired under the policy) and of the layer's geometry type.

#include <optional>
#include <string>
#include <vector>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/geometry_repair.hpp"

namespace envgrid::gis::detail {

// The lon/lat box where a CRS may be used (PROJ's area of use), degrees.
struct AreaOfUse {
  double west = -180, south = -90, east = 180, north = 90;  // west > east crosses 180 degrees
  std::string name;

  [[nodiscard]] bool contains(double lon, double lat) const;
  [[nodiscard]] std::string describe() const;
};

[[nodiscard]] std::optional<AreaOfUse> area_of_use(const Crs& crs);

class LocationBuilder {
 public:
  LocationBuilder(const Crs& source, const Crs& store, OGRwkbGeometryType layer_type,
                  RepairPolicy policy);

  // A point from source coordinates, or null with the reason.
  [[nodiscard]] GeometryPtr point(double x, double y, std::string& reason) const;
  // A geometry from source WKB, or null with the reason; repair_note says
  // how the policy repaired it ("" when it was valid).
  [[nodiscard]] GeometryPtr geometry(const std::vector<unsigned char>& wkb, std::string& reason,
                                     std::string& repair_note) const;

 private:
  [[nodiscard]] std::string outside_area(const OGRGeometry& geometry) const;
  [[nodiscard]] GeometryPtr repair(GeometryPtr geometry, std::string& reason,
                                   std::string& repair_note) const;

  Crs store_crs_;
  OGRwkbGeometryType layer_type_;
  RepairPolicy policy_;
  CoordinateTransformer to_store_;
  std::optional<CoordinateTransformer> store_to_lonlat_;  // only for a projected store CRS
  std::optional<AreaOfUse> area_;
};

// Converts a geometry to the layer's type: a single-part multi-geometry to
// its part, a single geometry to a multi-geometry; null with the reason
// when the kinds differ or a multi-geometry has several parts.
[[nodiscard]] GeometryPtr to_layer_type(GeometryPtr geometry, OGRwkbGeometryType layer_type,
                                        std::string& reason);

}  // namespace envgrid::gis::detail
