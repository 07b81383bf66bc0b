// Stage 1 of change detection: the candidate-change mask at working
// resolution, computed in overlapping tiles (tiled_mask.hpp).

#include <opencv2/imgproc.hpp>

#include "change_stages.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "tiled_mask.hpp"

namespace envgrid::imagery::detail {
namespace {

// Context a tile needs around its core: the 3x3 tolerant difference, the
// blur (sigma 1) and the morphological opening (up to 7 px) all fit in 16.
constexpr int kTileOverlapPx = 16;

cv::Mat candidate_tile(const RasterSource& before, const RasterSource& after,
                       const Alignment& alignment, const WorkGrid& grid, const Tile& tile) {
  const PixelWindow source = grid.to_before(tile.window);
  const cv::Size size(tile.window.width, tile.window.height);
  cv::Mat b = read_before(before, source, size),
          a = read_aligned_after(after, alignment, source, size);
  cv::GaussianBlur(b, b, {0, 0}, 1.0);
  cv::GaussianBlur(a, a, {0, 0}, 1.0);
  cv::Mat changed = tolerant_difference(b, a) > alignment.threshold;
  // Opening with a 1 m disc removes slivers left by misregistration and
  // resampling along edges: nothing thinner than a metre is a construction.
  const int open_px = std::max(3, int(std::lround(1.0 / grid.work_gsd_m)) | 1);
  cv::morphologyEx(changed, changed, cv::MORPH_OPEN,
                   cv::getStructuringElement(cv::MORPH_ELLIPSE, {open_px, open_px}));
  // Closing bridges the one-pixel seams where a dark and a bright new surface
  // meet (a roof and its shadow): there the blurred mix can equal the old
  // ground and the difference drops out.
  cv::morphologyEx(changed, changed, cv::MORPH_CLOSE,
                   cv::getStructuringElement(cv::MORPH_ELLIPSE, {open_px, open_px}));
  const cv::Rect core(tile.core.x - tile.window.x, tile.core.y - tile.window.y, tile.core.width,
                      tile.core.height);
  return changed(core).clone();
}

}  // namespace

int write_candidates(const RasterSource& before, const RasterSource& after,
                     const Alignment& alignment, const WorkGrid& grid, const ChangeOptions& options,
                     const std::string& path) {
  return write_tiled_mask(
      path, grid, options.tile_core_px, kTileOverlapPx, options.threads,
      [&](const Tile& tile) { return candidate_tile(before, after, alignment, grid, tile); });
}

}  // namespace envgrid::imagery::detail
