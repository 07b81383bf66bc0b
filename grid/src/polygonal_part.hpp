#pragma once
// The polygons of an overlay or repair result, which may be a collection
// mixing polygons with the lines and points where shapes only touch.

#include "envgrid/gis/geos_handles.hpp"

namespace envgrid::grid::detail {

// A Polygon, a MultiPolygon, or an empty MultiPolygon; null input gives null.
[[nodiscard]] GEOSGeometry* polygonal_part(GEOSContextHandle_t h, GEOSGeometry* geometry);

}  // namespace envgrid::grid::detail
