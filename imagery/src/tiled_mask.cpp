#include "tiled_mask.hpp"

#include <cpl_string.h>
#include <gdal_alg.h>
#include <gdal_priv.h>
#include <malloc.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <mutex>
#include <numeric>
#include <tuple>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/progress.hpp"

namespace envgrid::imagery::detail {

PixelWindow WorkGrid::to_before(const PixelWindow& work) const {
  return {overlap.x + work.x * factor, overlap.y + work.y * factor, work.width * factor,
          work.height * factor};
}

WorkGrid make_work_grid(const PixelWindow& overlap, int factor, double image_gsd_m) {
  WorkGrid grid;
  grid.overlap = overlap;
  grid.factor = factor;
  grid.work_gsd_m = image_gsd_m * factor;
  grid.width = overlap.width / factor;
  grid.height = overlap.height / factor;
  return grid;
}

cv::Point2d WorkGrid::to_map(const GeoTransform& gt, cv::Point2d work_px) const {
  const double x = overlap.x + work_px.x * factor, y = overlap.y + work_px.y * factor;
  return {gt[0] + x * gt[1] + y * gt[2], gt[3] + x * gt[4] + y * gt[5]};
}

void reuse_freed_tile_memory() {
  static std::once_flag once;
  std::call_once(once, [] {
    // 32 MiB is the largest threshold glibc accepts (half its heap size);
    // blocks above it are rare here (the judging windows of huge objects).
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    // Worker threads would otherwise get arenas of their own, made of heaps
    // of at most 64 MiB that glibc unmaps as soon as they are free again,
    // whatever the trim threshold: a tile's images (tens of MB) then map and
    // fault in fresh heaps for every tile (a tenth of `imagery outfalls`).
    mallopt(M_ARENA_MAX, 1);
  });
}

void bound_gdal_block_cache() {
  constexpr GIntBig block_cache_bytes = GIntBig{128} << 20;
  if (CPLGetConfigOption("GDAL_CACHEMAX", nullptr) == nullptr &&
      GDALGetCacheMax64() > block_cache_bytes)
    GDALSetCacheMax64(block_cache_bytes);
}

TemporaryFile::TemporaryFile(const std::string& stem) {
  static std::atomic<int> counter{0};
  path_ = (std::filesystem::temp_directory_path() /
           (stem + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".tif"))
              .string();
}

TemporaryFile::~TemporaryFile() {
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

int write_tiled_mask(const std::string& path, const WorkGrid& grid, int core_px, int overlap_px,
                     int threads, const std::function<cv::Mat(const Tile&)>& core_of_tile) {
  const int width = grid.width, height = grid.height;
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  CPLStringList create;
  create.SetNameValue("TILED", "YES");
  create.SetNameValue("COMPRESS", "DEFLATE");
  create.SetNameValue("SPARSE_OK", "TRUE");
  create.SetNameValue("BIGTIFF", "IF_SAFER");
  gis::DatasetPtr dataset(driver->Create(path.c_str(), width, height, 1, GDT_Byte, create.List()));
  if (!dataset) {
    gis::throw_output_error("cannot create a temporary raster: " + gis::take_last_gdal_error(),
                            {.dataset = path});
  }
  const std::vector<Tile> tiles =
      in_stripes(make_tiles(width, height, core_px, overlap_px),
                 std::max(1, stripe_source_px / (core_px * grid.factor)));
  gis::Progress progress(tiles.size());
  if (threads <= 0) threads = default_thread_count();
  run_ordered<cv::Mat>(
      int(tiles.size()), threads, 2 * threads, [&](int i) { return core_of_tile(tiles[i]); },
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

cv::Mat read_mask_window(const std::string& path, const PixelWindow& window, cv::Size size) {
  gis::DatasetPtr raster = gis::open_dataset(path, GDAL_OF_RASTER);
  cv::Mat out(size, CV_8U);
  if (raster->GetRasterBand(1)->RasterIO(GF_Read, window.x, window.y, window.width, window.height,
                                         out.data, size.width, size.height, GDT_Byte, 0,
                                         static_cast<GSpacing>(out.step), nullptr) != CE_None) {
    gis::throw_input_error("cannot read the temporary mask", {.dataset = path});
  }
  return out;
}

std::vector<MaskComponent> polygonize_mask(const std::string& path, double min_area_px) {
  gis::DatasetPtr raster = gis::open_dataset(path, GDAL_OF_RASTER);
  GDALDriver* memory = GetGDALDriverManager()->GetDriverByName("Memory");
  gis::DatasetPtr vectors(memory->Create("", 0, 0, 0, GDT_Unknown, nullptr));
  OGRLayer* layer = vectors->CreateLayer("components", nullptr, wkbPolygon, nullptr);
  OGRFieldDefn value("value", OFTInteger);
  if (!layer || layer->CreateField(&value) != OGRERR_NONE)
    gis::throw_output_error("cannot make a memory layer: " + gis::take_last_gdal_error(),
                            {.dataset = path});
  GDALRasterBand* band = raster->GetRasterBand(1);
  char* options[] = {const_cast<char*>("8CONNECTED=8"), nullptr};
  if (GDALPolygonize(band, band, layer, 0, options, nullptr, nullptr) != CE_None) {
    gis::throw_input_error("cannot vectorize a mask: " + gis::take_last_gdal_error(),
                           {.dataset = path});
  }
  std::vector<MaskComponent> components;
  for (const auto& feature : *layer) {
    const auto* polygon = feature->GetGeometryRef()->toPolygon();
    if (polygon->get_Area() < min_area_px) continue;
    MaskComponent component;
    const OGRLinearRing* ring = polygon->getExteriorRing();
    for (int i = 0; i < ring->getNumPoints(); ++i)
      component.ring.emplace_back(ring->getX(i), ring->getY(i));
    OGREnvelope e;
    polygon->getEnvelope(&e);
    component.box = cv::Rect(int(e.MinX), int(e.MinY), int(std::ceil(e.MaxX - e.MinX)),
                             int(std::ceil(e.MaxY - e.MinY)));
    components.push_back(std::move(component));
  }
  return components;
}

std::vector<int> reading_order(const std::vector<MaskComponent>& components, const WorkGrid& grid) {
  std::vector<int> order(components.size());
  std::iota(order.begin(), order.end(), 0);
  const int stripe_work_px = std::max(1, stripe_source_px / grid.factor);
  auto key = [&](int i) {
    const cv::Rect& box = components[std::size_t(i)].box;
    return std::tuple(box.x / stripe_work_px, box.y, box.x);
  };
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return key(a) < key(b); });
  return order;
}

}  // namespace envgrid::imagery::detail
