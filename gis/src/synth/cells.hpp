#pragma once
// Supervision grid cells: a regular square grid in the metric CRS, clipped
// to the townships, with slivers merged into a neighbouring cell of the same
// township, and managers assigned one per 1-3 cells.

#include <cstdint>
#include <string>
#include <vector>

#include "synth/county.hpp"

namespace envgrid::gis::synth::detail {

struct Cell {
  std::string cell_id;    // township code + "-" + 3-digit serial
  std::string parent_id;  // township code
  std::string name;
  std::string manager;  // "manager-017"
  double area_m2 = 0;
  GeosGeometryPtr area;
};

// About target_count cells covering the county exactly (their union is the
// county; they do not overlap).
[[nodiscard]] std::vector<Cell> make_cells(GeosContext& geos, const County& county,
                                           std::uint64_t target_count, std::uint64_t seed);

}  // namespace envgrid::gis::synth::detail
