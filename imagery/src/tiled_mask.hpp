#pragma once
// A binary mask computed tile by tile on all cores and written in tile order
// to a temporary GeoTIFF, then vectorized into components: the bounded-memory
// skeleton shared by change and outfall detection.

#include <functional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "envgrid/imagery/raster_tiles.hpp"
#include "run_ordered.hpp"

namespace envgrid::imagery::detail {

// The working-resolution grid over a part of an image: work pixel (u, v)
// covers image pixels overlap.x + u*factor ... (+factor).
struct WorkGrid {
  PixelWindow overlap;
  int factor = 1;
  double work_gsd_m = 0;
  int width = 0, height = 0;
  [[nodiscard]] PixelWindow to_before(const PixelWindow& work) const;
  // Map coordinates of a point given in work pixels (fractional).
  [[nodiscard]] cv::Point2d to_map(const GeoTransform& gt, cv::Point2d work_px) const;
};
[[nodiscard]] WorkGrid make_work_grid(const PixelWindow& overlap, int factor, double image_gsd_m);

// Tile-sized work images (megabytes each) are allocated and freed for every
// tile. By default glibc serves such blocks with fresh mmaps or gives them
// back by trimming the heap, and the next tile faults the same pages in
// again: measured on a 67 Mpx river image, 766,000 page faults and two
// thirds of the CPU time of `imagery outfalls`. This keeps freed blocks up
// to 32 MiB in the allocator for reuse, in one arena for all threads
// (mallopt, process-wide, once). Peak memory is unchanged: what is kept was
// in use at the peak already.
void reuse_freed_tile_memory();

// GDAL's block cache keeps the blocks that neighbouring tiles share (each
// source reads through one handle kept open, tiles are walked in stripes),
// and 128 MiB holds a stripe's worth of them. Left at GDAL's default (5 % of
// RAM) it fills instead with the blocks of a whole-image overview read
// (co-registration on a file without overviews) and grows with the image up
// to that default: this caps it at 128 MiB unless the user set GDAL_CACHEMAX.
void bound_gdal_block_cache();

// A temporary file removed when the scope ends, whatever happens.
class TemporaryFile {
 public:
  explicit TemporaryFile(const std::string& stem);
  ~TemporaryFile();
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Writes a byte mask over the work grid; core_of_tile returns the tile's
// core (tile.core size, 0 or 255). Tiles are computed in stripes about
// stripe_source_px input pixels wide (in_stripes), so the input blocks two
// tiles share are decoded once. At most 2 x threads tiles are in memory.
// Returns the number of tiles.
int write_tiled_mask(const std::string& path, const WorkGrid& grid, int core_px, int overlap_px,
                     int threads, const std::function<cv::Mat(const Tile&)>& core_of_tile);
// Wide enough that a tile's overlap reaches past a stripe's edge rarely (1.25
// x the blocks a stripe needs with 512 px blocks), narrow enough that the
// blocks a stripe's row of tiles decodes (about 4096 x 3072 px x 3 bands per
// epoch) stay in the verbs' 128 MiB block cache until the row below.
constexpr int stripe_source_px = 4096;

// Reads a window of the mask resampled to size (nearest).
[[nodiscard]] cv::Mat read_mask_window(const std::string& path, const PixelWindow& window,
                                       cv::Size size);

// 8-connected components of the mask of at least min_area_px pixels, in mask pixel coordinates.
struct MaskComponent {
  std::vector<cv::Point2d> ring;  // exterior ring
  cv::Rect box;
};
[[nodiscard]] std::vector<MaskComponent> polygonize_mask(const std::string& path,
                                                         double min_area_px);

// The components' indices in reading order: by stripe of stripe_source_px
// input pixels, then from top to bottom, so that judging windows read one
// after another share blocks still in GDAL's block cache. (In the order
// GDALPolygonize gives them, windows across the whole width alternate and on
// a wide image the cache no longer holds a block row of both epochs.)
[[nodiscard]] std::vector<int> reading_order(const std::vector<MaskComponent>& components,
                                             const WorkGrid& grid);

// judge(component) for every component on `threads` threads (0: all cores),
// taken in reading_order, and the results in the components' own order, so
// the result does not depend on the reading order or the thread count.
// after_each() runs on the calling thread once a result is in.
template <typename Result, typename Judge>
[[nodiscard]] std::vector<Result> judge_in_reading_order(
    const std::vector<MaskComponent>& components, const WorkGrid& grid, int threads, Judge&& judge,
    const std::function<void()>& after_each = nullptr) {
  if (threads <= 0) threads = default_thread_count();
  const std::vector<int> order = reading_order(components, grid);
  std::vector<Result> results(components.size());
  run_ordered<Result>(
      int(components.size()), threads, 2 * threads,
      [&](int k) { return judge(components[std::size_t(order[std::size_t(k)])]); },
      [&](int k, Result& result) {
        results[std::size_t(order[std::size_t(k)])] = std::move(result);
        if (after_each) after_each();
      });
  return results;
}

}  // namespace envgrid::imagery::detail
