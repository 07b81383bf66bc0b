#include "envgrid/gis/geometry_repair.hpp"

#include <cmath>
#include <cstdio>
#include <functional>
#include <vector>

namespace envgrid::gis {

namespace {

double shoelace(GEOSContextHandle_t h, const GEOSGeometry* ring) {
  const GEOSCoordSequence* sequence = GEOSGeom_getCoordSeq_r(h, ring);
  unsigned int size = 0;
  if (!sequence || !GEOSCoordSeq_getSize_r(h, sequence, &size) || size < 3) return 0;
  double twice_area = 0;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  GEOSCoordSeq_getXY_r(h, sequence, 0, &x0, &y0);
  for (unsigned int i = 1; i <= size; ++i) {
    GEOSCoordSeq_getXY_r(h, sequence, i % size, &x1, &y1);
    twice_area += (x0 - x1) * (y0 + y1);
    x0 = x1;
    y0 = y1;
  }
  return std::abs(twice_area) / 2;
}

double polygon_ring_area(GEOSContextHandle_t h, const GEOSGeometry* polygon) {
  double area = shoelace(h, GEOSGetExteriorRing_r(h, polygon));
  const int holes = GEOSGetNumInteriorRings_r(h, polygon);
  for (int i = 0; i < holes; ++i) area -= shoelace(h, GEOSGetInteriorRingN_r(h, polygon, i));
  return area;
}

// No CRS has coordinates beyond a million kilometres (projected metres) or
// 180 degrees; larger values are damage, and GEOS's overlay arithmetic
// overflows on them (its buffer then throws and leaks, GEOS 3.11).
constexpr double max_abs_coordinate = 1e9;

bool usable(double v) { return std::isfinite(v) && std::abs(v) <= max_abs_coordinate; }

bool all_coordinates_usable(GEOSContextHandle_t h, const GEOSGeometry* geometry) {
  GEOSGeometry* points = GEOSGeom_extractUniquePoints_r(h, geometry);
  if (!points) return false;
  bool finite = true;
  const int n = GEOSGetNumGeometries_r(h, points);
  for (int i = 0; i < n && finite; ++i) {
    double x = 0, y = 0;
    const GEOSGeometry* p = GEOSGetGeometryN_r(h, points, i);
    finite = GEOSGeomGetX_r(h, p, &x) && GEOSGeomGetY_r(h, p, &y) && usable(x) && usable(y);
  }
  GEOSGeom_destroy_r(h, points);
  return finite;
}

bool is_polygonal(GEOSContextHandle_t h, const GEOSGeometry* g) {
  const int type = GEOSGeomTypeId_r(h, g);
  return type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON;
}

// Keeps only the polygonal parts of a repair (MakeValid may return
// collapsed lines and points beside the polygons).
GEOSGeometry* polygonal_part(GEOSContextHandle_t h, GEOSGeometry* g) {
  if (!g || is_polygonal(h, g)) return g;
  std::vector<GEOSGeometry*> parts;
  const int n = GEOSGetNumGeometries_r(h, g);
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* part = GEOSGetGeometryN_r(h, g, i);
    if (GEOSGeomTypeId_r(h, part) == GEOS_POLYGON) parts.push_back(GEOSGeom_clone_r(h, part));
  }
  GEOSGeom_destroy_r(h, g);
  return GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts.data(),
                                     static_cast<unsigned>(parts.size()));
}

GEOSGeometry* make_valid(GEOSContextHandle_t h, const GEOSGeometry* g,
                         GEOSMakeValidMethods method) {
  GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(h);
  GEOSMakeValidParams_setMethod_r(h, params, method);
  GEOSMakeValidParams_setKeepCollapsed_r(h, params, 0);
  GEOSGeometry* out = GEOSMakeValidWithParams_r(h, g, params);
  GEOSMakeValidParams_destroy_r(h, params);
  return out;
}

}  // namespace

double ring_area(GeosContext& context, const GEOSGeometry* geometry) {
  GEOSContextHandle_t h = context.get();
  if (GEOSGeomTypeId_r(h, geometry) == GEOS_POLYGON) return polygon_ring_area(h, geometry);
  double area = 0;
  const int n = GEOSGetNumGeometries_r(h, geometry);
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* part = GEOSGetGeometryN_r(h, geometry, i);
    if (GEOSGeomTypeId_r(h, part) == GEOS_POLYGON) area += polygon_ring_area(h, part);
  }
  return area;
}

RepairResult repair_geometry(GeosContext& context, const GEOSGeometry* geometry,
                             const RepairPolicy& policy) {
  GEOSContextHandle_t h = context.get();
  RepairResult result;
  if (!geometry || GEOSisEmpty_r(h, geometry)) {
    result.outcome = RepairOutcome::rejected;
    result.reason = "empty geometry";
    return result;
  }
  if (!all_coordinates_usable(h, geometry)) {
    result.outcome = RepairOutcome::rejected;
    result.reason = "non-finite (NaN or infinite) or absurd (beyond 1e9) coordinates";
    return result;
  }
  if (GEOSisValid_r(h, geometry) == 1) {
    result.geometry = geos_take(context, GEOSGeom_clone_r(h, geometry));
    return result;
  }
  char* why = GEOSisValidReason_r(h, geometry);
  result.defect = why ? why : "invalid";
  GEOSFree_r(h, why);
  if (!is_polygonal(h, geometry)) {
    result.outcome = RepairOutcome::rejected;
    result.reason = "invalid " + result.defect + " (only polygons are repaired)";
    return result;
  }
  result.area_before = ring_area(context, geometry);

  using Attempt = std::pair<const char*, std::function<GEOSGeometry*()>>;
  const Attempt attempts[] = {
      {"buffer(0)", [&] { return GEOSBuffer_r(h, geometry, 0.0, 8); }},
      {"MakeValid(structure)", [&] { return make_valid(h, geometry, GEOS_MAKE_VALID_STRUCTURE); }},
      {"MakeValid(linework)", [&] { return make_valid(h, geometry, GEOS_MAKE_VALID_LINEWORK); }},
  };
  double closest_area = 0;
  for (const auto& [method, attempt] : attempts) {
    GeosGeometryPtr repaired = geos_take(context, polygonal_part(h, attempt()));
    double area = 0;
    if (!repaired || GEOSisValid_r(h, repaired.get()) != 1 || !GEOSArea_r(h, repaired.get(), &area))
      continue;
    if (std::abs(area - result.area_before) < std::abs(closest_area - result.area_before))
      closest_area = area;
    const double change =
        result.area_before > 0 ? std::abs(area - result.area_before) / result.area_before : 1;
    if (change <= policy.max_area_change_ratio) {
      result.outcome = RepairOutcome::repaired;
      result.geometry = std::move(repaired);
      result.method = method;
      result.area_after = area;
      return result;
    }
  }
  result.outcome = RepairOutcome::rejected;
  result.area_after = closest_area;
  char message[160];
  std::snprintf(
      message, sizeof message,
      ") and no repair keeps its area within %.1f %% (area as digitized %.6g, closest repair %.6g)",
      policy.max_area_change_ratio * 100, result.area_before, closest_area);
  result.reason = "invalid (" + result.defect + message;
  return result;
}

}  // namespace envgrid::gis
