// Stage 1 of change detection: the candidate-change mask at working
// resolution, computed in overlapping tiles on all cores and written in tile
// order to a temporary GeoTIFF (so memory is bounded by the tiles in flight).

#include <cpl_string.h>
#include <gdal_priv.h>

#include <opencv2/imgproc.hpp>

#include "change_stages.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/progress.hpp"

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

PixelWindow WorkGrid::to_before(const PixelWindow& work) const {
  return {overlap.x + work.x * factor, overlap.y + work.y * factor, work.width * factor,
          work.height * factor};
}

WorkGrid make_work_grid(const PixelWindow& overlap, int factor, double before_gsd_m) {
  WorkGrid grid;
  grid.overlap = overlap;
  grid.factor = factor;
  grid.work_gsd_m = before_gsd_m * factor;
  grid.width = overlap.width / factor;
  grid.height = overlap.height / factor;
  return grid;
}

int write_candidates(const RasterSource& before, const RasterSource& after,
                     const Alignment& alignment, const WorkGrid& grid, const ChangeOptions& options,
                     const std::string& path) {
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  CPLStringList create;
  create.SetNameValue("TILED", "YES");
  create.SetNameValue("COMPRESS", "DEFLATE");
  create.SetNameValue("SPARSE_OK", "TRUE");
  create.SetNameValue("BIGTIFF", "IF_SAFER");
  gis::DatasetPtr dataset(
      driver->Create(path.c_str(), grid.width, grid.height, 1, GDT_Byte, create.List()));
  if (!dataset)
    gis::throw_output_error("cannot create a temporary raster: " + gis::take_last_gdal_error(),
                            {.dataset = path});
  const std::vector<Tile> tiles =
      make_tiles(grid.width, grid.height, options.tile_core_px, kTileOverlapPx);
  gis::Progress progress(tiles.size());
  const int threads = options.threads > 0 ? options.threads : default_thread_count();
  run_ordered<cv::Mat>(
      int(tiles.size()), threads, 2 * threads,
      [&](int i) { return candidate_tile(before, after, alignment, grid, tiles[i]); },
      [&](int i, cv::Mat& core) {
        const Tile& tile = tiles[i];
        if (dataset->GetRasterBand(1)->RasterIO(
                GF_Write, tile.core.x, tile.core.y, core.cols, core.rows, core.data, core.cols,
                core.rows, GDT_Byte, 0, static_cast<GSpacing>(core.step), nullptr) != CE_None) {
          gis::throw_output_error("cannot write a temporary raster: " + gis::take_last_gdal_error(),
                                  {.dataset = path});
        }
        progress.advance();
      });
  dataset->FlushCache(true);
  return int(tiles.size());
}

}  // namespace envgrid::imagery::detail
