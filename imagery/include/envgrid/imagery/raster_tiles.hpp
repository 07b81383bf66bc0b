#pragma once
// Orthomosaics read block by block through GDAL and processed in overlapping
// tiles on all cores, with memory bounded whatever the image size.
//
// Memory bound: at most `tiles_in_flight` tiles are held at once (the ones
// being processed plus those waiting for their turn to be written in order),
// each window_px^2 * bytes_per_px of the caller's work. Nothing is ever
// allocated in proportion to the width or height a file header declares.

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "envgrid/gis/gdal_handles.hpp"

namespace envgrid::imagery {

// The affine pixel -> map transform of GDAL: x = gt[0] + col*gt[1] + row*gt[2],
// y = gt[3] + col*gt[4] + row*gt[5].
using GeoTransform = std::array<double, 6>;

struct PixelWindow {
  int x = 0, y = 0, width = 0, height = 0;
  [[nodiscard]] std::int64_t pixels() const { return std::int64_t{width} * height; }
};

// An opened RGB(A) or grey raster: a GeoTIFF/COG orthomosaic, a drone JPEG or
// a plain image of known ground sample distance.
class RasterSource {
 public:
  // Opens and validates the file: it must be a raster with 1, 3 or 4 bands,
  // its data must be present (a truncated TIFF or a huge header with no data
  // behind it is refused), and it must be georeferenced unless gsd_m is given
  // (then the image is placed in pixel space: x = col*gsd, y = -row*gsd).
  // Throws gis::Error(input) naming the file. pixel_space_offered: whether
  // the caller's verb has --gsd, so that the message only suggests it then.
  static RasterSource open(const std::string& path, std::optional<double> gsd_m = std::nullopt,
                           bool pixel_space_offered = true);

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] int width() const { return width_; }
  [[nodiscard]] int height() const { return height_; }
  [[nodiscard]] const GeoTransform& geo_transform() const { return transform_; }
  // WKT of the CRS, "" in pixel space (--gsd).
  [[nodiscard]] const std::string& crs_wkt() const { return crs_wkt_; }
  // Pixel size on the ground in metres (from the CRS units, or --gsd).
  [[nodiscard]] double gsd_m() const { return gsd_m_; }
  [[nodiscard]] bool pixel_space() const { return crs_wkt_.empty(); }

  // Reads a window (clipped to the image; the rest is black) resampled to
  // out_width x out_height, as 8-bit BGR (OpenCV's channel order). Uses the
  // file's overviews when the output is reduced more than 4 times.
  // Thread-safe: the reads of all threads (and of copies of this source) go
  // one at a time through one GDAL handle kept open while the source lives,
  // so the blocks a window decodes stay in GDAL's block cache for the
  // neighbouring windows that overlap it. (A handle per read decoded the
  // overlaps' blocks again for every tile: 3 x the raw read's deflate work
  // in `imagery changes`.)
  [[nodiscard]] cv::Mat read_bgr(const PixelWindow& window, int out_width, int out_height) const;

 private:
  struct Reader;  // the shared handle and its lock (raster_tiles.cpp)
  std::shared_ptr<Reader> reader_;
  std::string path_;
  int width_ = 0, height_ = 0, bands_ = 0;
  GeoTransform transform_{};
  std::string crs_wkt_;
  double gsd_m_ = 0;
  std::optional<double> forced_gsd_;
};

// A regular grid of tiles over a width x height image: core tiles of
// core_px, each read with `overlap_px` more on every side.
struct Tile {
  int index = 0;
  PixelWindow core;    // the pixels this tile is responsible for
  PixelWindow window;  // core + overlap, clipped to the image
};
[[nodiscard]] std::vector<Tile> make_tiles(int width, int height, int core_px, int overlap_px);

// The tiles in reading order: vertical stripes of stripe_columns tiles, left
// to right, each walked row by row. Consecutive tiles then overlap while the
// blocks they share are still in GDAL's block cache: in a row-major walk a
// whole row of tiles is read between a tile and the one below it, which on
// a wide image evicts their shared blocks before they are needed again.
// Tile::index keeps the tile's row-major number.
[[nodiscard]] std::vector<Tile> in_stripes(const std::vector<Tile>& tiles, int stripe_columns);

[[nodiscard]] int default_thread_count();

// Writes an 8-bit image (1 or 3 channels, BGR) as a tiled, deflate-compressed
// GeoTIFF. crs_wkt may be "" (no CRS). Throws gis::Error(output).
void write_geotiff(const std::string& path, const cv::Mat& image, const GeoTransform& transform,
                   const std::string& crs_wkt);

}  // namespace envgrid::imagery
