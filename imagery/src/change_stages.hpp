#pragma once
// The two stages of change detection (change_candidates.cpp, change_objects.cpp).

#include <string>
#include <vector>

#include "change_internal.hpp"
#include "change_model.hpp"
#include "tiled_mask.hpp"

namespace envgrid::imagery::detail {

// Writes the candidate mask (255 = colour changed) at working resolution.
// Returns the number of tiles.
// model: the optional learned change model, or null.
int write_candidates(const RasterSource& before, const RasterSource& after,
                     const Alignment& alignment, const WorkGrid& grid, const ChangeOptions& options,
                     ChangeModel* model, const std::string& path);

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
