#include "envgrid/imagery/raster_tiles.hpp"

#include <cpl_string.h>
#include <gdal_priv.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <mutex>
#include <thread>
#include <tuple>

#include <opencv2/imgproc.hpp>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"

namespace envgrid::imagery {
namespace {

// Larger than any orthomosaic a drone flight gives (1 Mpx side = 100 km at
// 0.1 m); a header declaring more is refused before anything is read.
constexpr int max_side_px = 1'000'000;

gis::ErrorContext context_of(const std::string& path) {
  return {.step = gis::current_step(), .dataset = path};
}

// A TIFF whose last block lies beyond the end of the file is truncated; one
// whose blocks have no offset at all is a header with no data behind it.
void check_tiff_blocks_present(GDALDataset& dataset, const std::string& path) {
  GDALRasterBand* band = dataset.GetRasterBand(1);
  int block_x = 0, block_y = 0;
  band->GetBlockSize(&block_x, &block_y);
  const int last_x = (dataset.GetRasterXSize() + block_x - 1) / block_x - 1;
  const int last_y = (dataset.GetRasterYSize() + block_y - 1) / block_y - 1;
  std::error_code ec;
  const auto file_bytes = std::filesystem::file_size(path, ec);
  if (ec) return;  // not a plain file (/vsicurl/ ...): GDAL reports read errors itself
  for (auto [bx, by] : {std::pair{0, 0}, std::pair{last_x, last_y}}) {
    const std::string suffix = std::to_string(bx) + "_" + std::to_string(by);
    const char* offset = band->GetMetadataItem(("BLOCK_OFFSET_" + suffix).c_str(), "TIFF");
    const char* size = band->GetMetadataItem(("BLOCK_SIZE_" + suffix).c_str(), "TIFF");
    if (!offset || std::strtoull(offset, nullptr, 10) == 0) {
      gis::throw_input_error("the TIFF declares " + std::to_string(dataset.GetRasterXSize()) +
                                 " x " + std::to_string(dataset.GetRasterYSize()) +
                                 " pixels but block " + suffix + " has no data",
                             context_of(path));
    }
    const auto end =
        std::strtoull(offset, nullptr, 10) + (size ? std::strtoull(size, nullptr, 10) : 0);
    if (end > file_bytes) {
      gis::throw_input_error("truncated TIFF: block " + suffix + " ends at byte " +
                                 std::to_string(end) + " but the file has " +
                                 std::to_string(file_bytes) + " bytes",
                             context_of(path));
    }
  }
}

double metres_per_map_unit(const OGRSpatialReference& srs, const GeoTransform& gt, int height) {
  if (srs.IsGeographic()) {
    // Degrees: a metre per degree of longitude at the image's latitude (the
    // GSD is used for areas and thresholds, where 0.5 % is immaterial).
    const double lat = gt[3] + gt[5] * height / 2.0;
    return 111'320.0 * std::cos(lat * M_PI / 180.0);
  }
  return srs.GetLinearUnits();
}

}  // namespace

struct RasterSource::Reader {
  std::mutex mutex;
  gis::DatasetPtr dataset;
};

int default_thread_count() {
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

RasterSource RasterSource::open(const std::string& path, std::optional<double> gsd_m,
                                bool pixel_space_offered) {
  gis::DatasetPtr dataset = gis::open_dataset(path, GDAL_OF_RASTER);
  RasterSource source;
  source.path_ = path;
  source.width_ = dataset->GetRasterXSize();
  source.height_ = dataset->GetRasterYSize();
  source.bands_ = dataset->GetRasterCount();
  if (source.bands_ != 1 && source.bands_ != 3 && source.bands_ != 4) {
    gis::throw_input_error(
        "expected 1 (grey), 3 (RGB) or 4 (RGBA) bands, found " + std::to_string(source.bands_),
        context_of(path));
  }
  if (source.width_ <= 0 || source.height_ <= 0 || source.width_ > max_side_px ||
      source.height_ > max_side_px) {
    gis::throw_input_error("implausible image size " + std::to_string(source.width_) + " x " +
                               std::to_string(source.height_) + " (limit " +
                               std::to_string(max_side_px) + " px a side)",
                           context_of(path));
  }
  if (EQUAL(dataset->GetDriver()->GetDescription(), "GTiff")) {
    check_tiff_blocks_present(*dataset, path);
  }
  source.reader_ = std::make_shared<Reader>();
  const OGRSpatialReference* srs = dataset->GetSpatialRef();
  GeoTransform gt{0, 1, 0, 0, 0, 1};
  const bool has_transform = dataset->GetGeoTransform(gt.data()) == CE_None;
  if (gsd_m) {
    if (!(*gsd_m > 0) || !std::isfinite(*gsd_m))
      gis::throw_usage_error("--gsd must be a positive number of metres");
    source.forced_gsd_ = gsd_m;
    source.gsd_m_ = *gsd_m;
    source.transform_ = {0, *gsd_m, 0, 0, 0, -*gsd_m};
    source.reader_->dataset = std::move(dataset);
    return source;
  }
  if (!has_transform || !srs || srs->IsEmpty()) {
    const std::string remedy = pixel_space_offered
                                   ? "give its ground sample distance with --gsd M to work in "
                                     "pixel space"
                                   : "give a georeferenced raster (a geotransform and a CRS, "
                                     "e.g. a GeoTIFF)";
    gis::throw_input_error("the image has no georeference (no geotransform or no CRS); " + remedy,
                           context_of(path));
  }
  if (gt[2] != 0 || gt[4] != 0) {
    gis::throw_input_error(
        "rotated geotransforms are not supported; warp the image north-up first "
        "(gdalwarp)",
        context_of(path));
  }
  source.transform_ = gt;
  char* wkt = nullptr;
  srs->exportToWkt(&wkt);
  source.crs_wkt_ = wkt ? wkt : "";
  CPLFree(wkt);
  source.gsd_m_ = std::abs(gt[1]) * metres_per_map_unit(*srs, gt, source.height_);
  source.reader_->dataset = std::move(dataset);
  return source;
}

cv::Mat RasterSource::read_bgr(const PixelWindow& window, int out_width, int out_height) const {
  cv::Mat out(out_height, out_width, CV_8UC3, cv::Scalar::all(0));
  // The part of the window inside the image, and where it lands in `out`.
  const int x0 = std::max(window.x, 0), y0 = std::max(window.y, 0);
  const int x1 = std::min(window.x + window.width, width_);
  const int y1 = std::min(window.y + window.height, height_);
  if (x1 <= x0 || y1 <= y0) return out;
  const double sx = double(out_width) / window.width, sy = double(out_height) / window.height;
  const int ox0 = int(std::lround((x0 - window.x) * sx)),
            oy0 = int(std::lround((y0 - window.y) * sy));
  const int ox1 = int(std::lround((x1 - window.x) * sx)),
            oy1 = int(std::lround((y1 - window.y) * sy));
  if (ox1 <= ox0 || oy1 <= oy0) return out;
  int band_map[3] = {3, 2, 1};  // buffer B, G, R <- dataset bands 3, 2, 1
  if (bands_ == 1) band_map[0] = band_map[1] = band_map[2] = 1;
  cv::Mat target = out(cv::Rect(ox0, oy0, ox1 - ox0, oy1 - oy0));
  // Up to 4x down, reading full resolution and averaging with OpenCV is
  // several times faster than GDAL's resampling; beyond, GDAL averages and
  // can use the file's overviews, so a small chip of a vast area stays cheap.
  const bool average_here = target.cols < x1 - x0 && (x1 - x0) <= 4 * target.cols;
  cv::Mat full = average_here ? cv::Mat(y1 - y0, x1 - x0, CV_8UC3) : target;
  GDALRasterIOExtraArg extra;
  INIT_RASTERIO_EXTRA_ARG(extra);
  extra.eResampleAlg = GRIORA_Average;  // averaging, so downsampled tiles are not aliased
  std::string error;
  {
    const std::lock_guard lock(reader_->mutex);
    gis::take_last_gdal_error();
    if (reader_->dataset->RasterIO(GF_Read, x0, y0, x1 - x0, y1 - y0, full.data, full.cols,
                                   full.rows, GDT_Byte, 3, band_map, 3,
                                   static_cast<GSpacing>(full.step), 1, &extra) != CE_None)
      error = gis::take_last_gdal_error();
  }
  if (!error.empty()) {
    gis::throw_input_error("cannot read pixels " + std::to_string(x0) + "," + std::to_string(y0) +
                               " (" + std::to_string(x1 - x0) + " x " + std::to_string(y1 - y0) +
                               "): " + error,
                           context_of(path_));
  }
  if (average_here) cv::resize(full, target, target.size(), 0, 0, cv::INTER_AREA);
  return out;
}

std::vector<Tile> make_tiles(int width, int height, int core_px, int overlap_px) {
  std::vector<Tile> tiles;
  for (int y = 0; y < height; y += core_px) {
    for (int x = 0; x < width; x += core_px) {
      Tile tile;
      tile.index = static_cast<int>(tiles.size());
      tile.core = {x, y, std::min(core_px, width - x), std::min(core_px, height - y)};
      const int wx0 = std::max(0, x - overlap_px), wy0 = std::max(0, y - overlap_px);
      const int wx1 = std::min(width, x + tile.core.width + overlap_px);
      const int wy1 = std::min(height, y + tile.core.height + overlap_px);
      tile.window = {wx0, wy0, wx1 - wx0, wy1 - wy0};
      tiles.push_back(tile);
    }
  }
  return tiles;
}

std::vector<Tile> in_stripes(const std::vector<Tile>& tiles, int stripe_columns) {
  std::vector<Tile> ordered = tiles;
  // A tile's stripe is its core's column number divided by stripe_columns;
  // the core side is the first tile's (all but the last column share it).
  const int core_px = tiles.empty() ? 1 : std::max(1, tiles.front().core.width);
  const int columns = std::max(1, stripe_columns);
  std::stable_sort(ordered.begin(), ordered.end(), [&](const Tile& a, const Tile& b) {
    const int stripe_a = a.core.x / core_px / columns, stripe_b = b.core.x / core_px / columns;
    return std::tie(stripe_a, a.core.y, a.core.x) < std::tie(stripe_b, b.core.y, b.core.x);
  });
  return ordered;
}

void write_geotiff(const std::string& path, const cv::Mat& image, const GeoTransform& transform,
                   const std::string& crs_wkt) {
  gis::initialize_gdal();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  const int bands = image.channels();
  CPLStringList options;
  options.SetNameValue("TILED", "YES");
  options.SetNameValue("COMPRESS", "DEFLATE");
  if (bands == 3) options.SetNameValue("PHOTOMETRIC", "RGB");
  gis::take_last_gdal_error();
  gis::DatasetPtr dataset(
      driver->Create(path.c_str(), image.cols, image.rows, bands, GDT_Byte, options.List()));
  if (!dataset) {
    gis::throw_output_error("cannot create GeoTIFF: " + gis::take_last_gdal_error(),
                            context_of(path));
  }
  GeoTransform gt = transform;
  dataset->SetGeoTransform(gt.data());
  if (!crs_wkt.empty()) {
    OGRSpatialReference srs;
    srs.importFromWkt(crs_wkt.c_str());
    dataset->SetSpatialRef(&srs);
  }
  int band_map[3] = {3, 2, 1};
  if (bands == 1) band_map[0] = 1;
  if (dataset->RasterIO(GF_Write, 0, 0, image.cols, image.rows, image.data, image.cols, image.rows,
                        GDT_Byte, bands, band_map, bands, static_cast<GSpacing>(image.step), 1,
                        nullptr) != CE_None) {
    gis::throw_output_error("cannot write GeoTIFF: " + gis::take_last_gdal_error(),
                            context_of(path));
  }
  dataset->FlushCache(true);
  dataset.reset();
  const std::string late_error = gis::take_last_gdal_error();
  if (!late_error.empty())
    gis::throw_output_error("cannot write GeoTIFF: " + late_error, context_of(path));
}

}  // namespace envgrid::imagery
