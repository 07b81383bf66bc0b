#pragma once
// Supervision grid cells: a regular square grid in the metric CRS, clipped
// to the townships, with slivers merged into a neighbouring cell of the same
// township, and managers assigned one per 1-3 cells.

#include <cstdint>
#include <string>
#include <vector>

#include "county.hpp"

namespace envgrid::synth::detail {

struct Cell {
  std::string cell_id;    // township code + "-" + 3-digit serial
  std::string parent_id;  // township code
  std::string name;
  std::string manager;  // "manager-017"
  double area_m2 = 0;
  gis::GeosGeometryPtr area;
};

// About target_count cells covering the county exactly (their union is the
// county; they do not overlap).
[[nodiscard]] std::vector<Cell> make_cells(gis::GeosContext& geos, const County& county,
                                           std::uint64_t target_count, std::uint64_t seed);

// The union of the cells whose parent is parent_id (all cells when it is
// empty), on the cells' millimetre grid. Written as the township and county
// areas, so the cells tile their parents exactly: clipping snaps the cells'
// new vertices to the grid, up to 0.5 mm off the township's own edges, which
// makes slivers of about 1 m2 along a kilometre of border.
[[nodiscard]] gis::GeosGeometryPtr union_of_cells(gis::GeosContext& geos,
                                                  const std::vector<Cell>& cells,
                                                  const std::string& parent_id);

}  // namespace envgrid::synth::detail
