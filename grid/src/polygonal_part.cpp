#include "polygonal_part.hpp"

#include <vector>

namespace envgrid::grid::detail {

namespace {

void collect_polygons(GEOSContextHandle_t h, const GEOSGeometry* g,
                      std::vector<GEOSGeometry*>& polygons) {
  const int type = GEOSGeomTypeId_r(h, g);
  if (type == GEOS_POLYGON) {
    if (!GEOSisEmpty_r(h, g)) polygons.push_back(GEOSGeom_clone_r(h, g));
    return;
  }
  if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    const int n = GEOSGetNumGeometries_r(h, g);
    for (int i = 0; i < n; ++i) collect_polygons(h, GEOSGetGeometryN_r(h, g, i), polygons);
  }
}

}  // namespace

GEOSGeometry* polygonal_part(GEOSContextHandle_t h, GEOSGeometry* geometry) {
  if (!geometry) return nullptr;
  const int type = GEOSGeomTypeId_r(h, geometry);
  if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) return geometry;
  std::vector<GEOSGeometry*> polygons;
  collect_polygons(h, geometry, polygons);
  GEOSGeom_destroy_r(h, geometry);
  if (polygons.size() == 1) return polygons.front();
  return GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, polygons.data(),
                                     static_cast<unsigned>(polygons.size()));
}

}  // namespace envgrid::grid::detail
