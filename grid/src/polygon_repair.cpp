#include "envgrid/grid/polygon_repair.hpp"

#include <cmath>
#include <cstdio>
#include <vector>

namespace envgrid::grid {

namespace {

std::string format_area(double area) {
  char text[64];
  std::snprintf(text, sizeof text, "%.6g", area);
  return text;
}

bool is_polygonal(GEOSContextHandle_t h, const GEOSGeometry* g) {
  const int type = GEOSGeomTypeId_r(h, g);
  return type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON;
}

// MakeValid may return a collection with polygons, lines and points; only
// the polygons are territory.
gis::GeosGeometryPtr polygonal_part(gis::GeosContext& context, gis::GeosGeometryPtr geometry) {
  GEOSContextHandle_t h = context.get();
  if (is_polygonal(h, geometry.get())) return geometry;
  if (GEOSGeomTypeId_r(h, geometry.get()) != GEOS_GEOMETRYCOLLECTION) {
    return gis::geos_take(context, GEOSGeom_createEmptyPolygon_r(h));
  }
  std::vector<GEOSGeometry*> polygons;
  const int count = GEOSGetNumGeometries_r(h, geometry.get());
  for (int i = 0; i < count; ++i) {
    const GEOSGeometry* member = GEOSGetGeometryN_r(h, geometry.get(), i);
    const int parts = GEOSGeomTypeId_r(h, member) == GEOS_MULTIPOLYGON
                          ? GEOSGetNumGeometries_r(h, member)
                          : (GEOSGeomTypeId_r(h, member) == GEOS_POLYGON ? 1 : 0);
    for (int k = 0; k < parts; ++k) {
      const GEOSGeometry* polygon = parts == 1 && GEOSGeomTypeId_r(h, member) == GEOS_POLYGON
                                        ? member
                                        : GEOSGetGeometryN_r(h, member, k);
      polygons.push_back(GEOSGeom_clone_r(h, polygon));
    }
  }
  return gis::geos_take(context,
                        GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, polygons.data(),
                                                    static_cast<unsigned>(polygons.size())));
}

}  // namespace

RepairOutcome repair_or_reject_polygon(gis::GeosContext& context, gis::GeosGeometryPtr geometry,
                                       double max_area_change) {
  GEOSContextHandle_t h = context.get();
  RepairOutcome outcome;
  if (!geometry || !is_polygonal(h, geometry.get())) {
    outcome.message = "not a polygon";
    return outcome;
  }
  if (GEOSisEmpty_r(h, geometry.get())) {
    outcome.message = "empty geometry";
    return outcome;
  }
  if (GEOSisValid_r(h, geometry.get()) == 1) {
    outcome.geometry = std::move(geometry);
    return outcome;
  }
  char* reason_text = GEOSisValidReason_r(h, geometry.get());
  const std::string reason = reason_text ? reason_text : "invalid";
  GEOSFree_r(h, reason_text);

  double area_before = 0;
  GEOSArea_r(h, geometry.get(), &area_before);
  GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(h);
  GEOSMakeValidParams_setMethod_r(h, params, GEOS_MAKE_VALID_STRUCTURE);
  GEOSMakeValidParams_setKeepCollapsed_r(h, params, 0);
  GEOSGeometry* made = GEOSMakeValidWithParams_r(h, geometry.get(), params);
  GEOSMakeValidParams_destroy_r(h, params);
  if (!made) {
    outcome.message = reason + "; MakeValid failed (" + context.last_message() + ")";
    return outcome;
  }
  auto repaired = polygonal_part(context, gis::geos_take(context, made));
  double area_after = 0;
  GEOSArea_r(h, repaired.get(), &area_after);
  const double change = area_before > 0 ? std::abs(area_after - area_before) / area_before : 1.0;
  const std::string areas =
      "area before " + format_area(area_before) + ", after " + format_area(area_after);
  if (GEOSisEmpty_r(h, repaired.get()) || change > max_area_change) {
    outcome.message = reason + "; MakeValid would change the area by more than " +
                      format_area(max_area_change * 100) + " % (" + areas + "): rejected";
    return outcome;
  }
  outcome.geometry = std::move(repaired);
  outcome.repaired = true;
  outcome.message = reason + "; repaired with MakeValid (" + areas + ")";
  return outcome;
}

}  // namespace envgrid::grid
