#pragma once
// The two stages of change detection (change_candidates.cpp, change_objects.cpp).

#include <string>
#include <vector>

#include "change_internal.hpp"

namespace envgrid::imagery::detail {

// The working-resolution grid over the overlap of the epochs: work pixel
// (u, v) covers before pixels overlap.x + u*factor ... (+factor).
struct WorkGrid {
  PixelWindow overlap;
  int factor = 1;
  double work_gsd_m = 0;
  int width = 0, height = 0;
  [[nodiscard]] PixelWindow to_before(const PixelWindow& work) const;
};
[[nodiscard]] WorkGrid make_work_grid(const PixelWindow& overlap, int factor, double before_gsd_m);

// Writes the candidate mask (255 = colour changed) at working resolution.
// Returns the number of tiles.
int write_candidates(const RasterSource& before, const RasterSource& after,
                     const Alignment& alignment, const WorkGrid& grid, const ChangeOptions& options,
                     const std::string& path);

struct JudgedRegions {
  std::vector<ChangeRegion> regions;
  int seasonal = 0;  // components discarded as seasonal vegetation change
};
// Vectorizes the candidate components and judges each as an object.
[[nodiscard]] JudgedRegions judge_candidates(const RasterSource& before, const RasterSource& after,
                                             const Alignment& alignment, const WorkGrid& grid,
                                             const ChangeOptions& options,
                                             const std::string& candidates_path);

}  // namespace envgrid::imagery::detail
