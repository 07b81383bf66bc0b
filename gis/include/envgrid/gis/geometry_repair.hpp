#pragma once
// The repair-or-reject policy for agency geometries (docs/error-policy.md).
// An invalid polygon is repaired only when a repair keeps its area: a
// careless MakeValid can silently drop most of a county (SpatiaLite's
// ST_MakeValid cut Hubei's total area by 15 %), and a boundary that lost
// area would silently leave enterprises without a cell.

#include <string>

#include "envgrid/gis/geos_handles.hpp"

namespace envgrid::gis {

struct RepairPolicy {
  // Largest accepted relative change of area between the input's ring area
  // (shells minus holes, as digitized) and the repaired geometry.
  // DEFAULT: 0.01 (1 %): digitizing noise in county boundaries changes areas by
  // far less; a bow-tie or collapsed part changes it by tens of percent.
  double max_area_change_ratio = 0.01;
};

enum class RepairOutcome { valid, repaired, rejected };

struct RepairResult {
  RepairOutcome outcome = RepairOutcome::valid;
  GeosGeometryPtr geometry;  // the input (cloned) or its repair; null when rejected
  std::string defect;        // GEOS's validity reason, "" when valid
  std::string method;        // "buffer(0)", "MakeValid(structure)", "MakeValid(linework)"
  double area_before = 0;    // in the geometry's units squared
  double area_after = 0;
  std::string reason;  // why it was rejected
};

// Checks and, per the policy, repairs a polygonal geometry. Rejects empty
// geometries, non-finite coordinates or beyond +-1e9, and repairs that change the area
// beyond the tolerance. Non-polygonal geometries are only checked.
[[nodiscard]] RepairResult repair_geometry(GeosContext& context, const GEOSGeometry* geometry,
                                           const RepairPolicy& policy = {});

// Area of the rings as digitized (shoelace over shells minus holes), which
// stays meaningful for self-intersecting input where GEOSArea does not.
[[nodiscard]] double ring_area(GeosContext& context, const GEOSGeometry* geometry);

}  // namespace envgrid::gis
