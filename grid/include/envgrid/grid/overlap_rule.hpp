#pragma once
// When two cells overlap: one rule for `grid validate` (which reports
// overlaps) and `grid assign` (which warns of them). Smaller shared areas
// are digitizing noise (a 1 m² sliver along a 10 km border is 0.1 mm wide),
// such as the float rounding of shared edges in an exact tiling.

namespace envgrid::grid {

inline constexpr double min_overlap_area_m2 = 1.0;

}  // namespace envgrid::grid
