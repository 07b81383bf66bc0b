// Stage 1 of change detection: the candidate-change mask at working
// resolution, computed in overlapping tiles (tiled_mask.hpp).

#include <opencv2/imgproc.hpp>

#include "change_regions.hpp"
#include "change_stages.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "tiled_mask.hpp"

namespace envgrid::imagery::detail {
namespace {

// Context a tile needs around its core: the 3x3 tolerant difference, the
// blur (sigma 1) and the morphological opening (up to 7 px) all fit in 16.
constexpr int tile_overlap_px = 16;

// The region components (8-connected) of which less than half is crisp
// change: where the pixel difference already outlines most of a region (a
// roof with sharp edges) its outline is the better one, and the superpixels
// would only add a rim of unchanged ground; elsewhere (a roof of the field's
// colour, a construction site) the superpixels give the outline.
cv::Mat regions_not_outlined_by(const cv::Mat& crisp, const cv::Mat& regions) {
  cv::Mat labels;
  const int count = cv::connectedComponents(regions, labels, 8, CV_32S);
  std::vector<int> pixels(std::size_t(count), 0), crisp_pixels(std::size_t(count), 0);
  for (int r = 0; r < labels.rows; ++r) {
    const int* label = labels.ptr<int>(r);
    const auto* c = crisp.ptr<std::uint8_t>(r);
    for (int x = 0; x < labels.cols; ++x) {
      ++pixels[std::size_t(label[x])];
      crisp_pixels[std::size_t(label[x])] += c[x] ? 1 : 0;
    }
  }
  cv::Mat kept(regions.size(), CV_8U, cv::Scalar(0));
  for (int r = 0; r < labels.rows; ++r) {
    const int* label = labels.ptr<int>(r);
    auto* k = kept.ptr<std::uint8_t>(r);
    for (int x = 0; x < labels.cols; ++x) {
      const auto l = std::size_t(label[x]);
      k[x] = label[x] != 0 && 2 * crisp_pixels[l] < pixels[l] ? 255 : 0;
    }
  }
  return kept;
}

cv::Mat candidate_tile(const RasterSource& before, const RasterSource& after,
                       const Alignment& alignment, const WorkGrid& grid, ChangeModel* model,
                       const Tile& tile) {
  const PixelWindow source = grid.to_before(tile.window);
  const cv::Size size(tile.window.width, tile.window.height);
  cv::Mat b = read_before(before, source, size),
          a = read_aligned_after(after, alignment, source, size);
  cv::GaussianBlur(b, b, {0, 0}, 1.0);
  cv::GaussianBlur(a, a, {0, 0}, 1.0);
  // Pixels whose colour left the other epoch's neighbourhood range (crisp
  // changes), and superpixels whose colour and texture changed as a region
  // (real imagery: new roofs of ground colour, construction sites, removed
  // buildings whose rubble keeps the old tones).
  const cv::Mat crisp = tolerant_difference(b, a) > alignment.threshold;
  const cv::Mat probability = model ? model->probability(b, a) : cv::Mat();
  cv::Mat changed =
      crisp | regions_not_outlined_by(crisp, region_changes(b, a, alignment.after_clip(),
                                                            alignment.region_scales, probability));
  changed.setTo(0, clipping_hides_change(b, a, alignment.after_clip()));
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
                     ChangeModel* model, const std::string& path) {
  return write_tiled_mask(path, grid, options.tile_core_px, tile_overlap_px, options.threads,
                          [&](const Tile& tile) {
                            return candidate_tile(before, after, alignment, grid, model, tile);
                          });
}

}  // namespace envgrid::imagery::detail
