#include "polygonal_part.hpp"
#include "validate_internal.hpp"

namespace envgrid::grid::detail {

namespace {

// 1 mm: far below survey precision, far above the rounding error that makes
// GEOS's exact overlay fail on near-coincident edges of agency polygons.
constexpr double fallback_grid_m = 1e-3;

GEOSGeometry* overlay(GEOSContextHandle_t h, Overlay op, const GEOSGeometry* a,
                      const GEOSGeometry* b, double grid) {
  if (op == Overlay::intersection) {
    return grid > 0 ? GEOSIntersectionPrec_r(h, a, b, grid) : GEOSIntersection_r(h, a, b);
  }
  return grid > 0 ? GEOSDifferencePrec_r(h, a, b, grid) : GEOSDifference_r(h, a, b);
}

}  // namespace

gis::GeosGeometryPtr polygonal_overlay(gis::GeosContext& context, Overlay op, const GEOSGeometry* a,
                                       const GEOSGeometry* b) {
  GEOSContextHandle_t h = context.get();
  GEOSGeometry* result = overlay(h, op, a, b, 0);
  if (!result) result = overlay(h, op, a, b, fallback_grid_m);
  return gis::geos_take(context, polygonal_part(h, result));
}

double area_of(gis::GeosContext& context, const GEOSGeometry* geometry) {
  double area = 0;
  if (!geometry || !GEOSArea_r(context.get(), geometry, &area)) return 0;
  return area;
}

}  // namespace envgrid::grid::detail
