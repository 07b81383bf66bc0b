#pragma once
// Footprint polygons (a plant's site boundary, a flagged construction):
// assigned to the cell they overlap most. Runs on the calling thread with
// the index's GEOS context, because GEOS geometries are not safe to read
// from several threads at once.

#include "envgrid/grid/assign.hpp"

namespace envgrid::grid::detail {

void assign_footprint(const CellIndex& cells, const SiteColumns& sites, std::size_t site,
                      const AssignOptions& options, AssignResult& result);

}  // namespace envgrid::grid::detail
