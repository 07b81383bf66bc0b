#pragma once
// The repair-or-reject policy for cell and boundary polygons, until the
// shared gis/geometry_repair.hpp lands: a valid polygon is kept; an invalid
// one is repaired with GEOSMakeValid (structure method, collapsed parts
// dropped) and kept when its area changes by at most the tolerance,
// rejected otherwise with both areas in the message.

#include <optional>
#include <string>

#include "envgrid/gis/geos_handles.hpp"

namespace envgrid::grid {

struct RepairOutcome {
  gis::GeosGeometryPtr geometry{nullptr, gis::GeosGeometryDeleter{nullptr}};  // null: rejected
  bool repaired = false;
  std::string message;  // why it was repaired or rejected; "" when valid
};

// REQUIRES: geometry is a Polygon or MultiPolygon (anything else is rejected).
// DEFAULT max_area_change: 0.01 (1 %), the agencies' tolerance for a
// digitising defect that MakeValid may fix without changing the territory.
[[nodiscard]] RepairOutcome repair_or_reject_polygon(gis::GeosContext& context,
                                                     gis::GeosGeometryPtr geometry,
                                                     double max_area_change = 0.01);

}  // namespace envgrid::grid
