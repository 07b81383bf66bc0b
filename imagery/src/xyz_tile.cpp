// render_xyz_tile: one Web Mercator tile warped from a raster by GDAL.

#include "envgrid/imagery/xyz_tile.hpp"

#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <gdal_utils.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/log.hpp"

namespace envgrid::imagery {

namespace {

// Half the width of the Web Mercator square, metres (pi * 6378137).
constexpr double mercator_half_m = 20037508.342789244;
// Points along each raster edge when finding its extent in Web Mercator.
constexpr int points_per_edge = 16;

struct WarpOptionsDeleter {
  void operator()(GDALWarpAppOptions* o) const noexcept { GDALWarpAppOptionsFree(o); }
};

const OGRSpatialReference& web_mercator() {
  static const OGRSpatialReference srs = [] {
    OGRSpatialReference s;
    s.importFromEPSG(3857);
    s.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return s;
  }();
  return srs;
}

// The raster's extent in Web Mercator, or nullopt when it cannot be placed.
std::optional<MercatorBounds> mercator_extent(GDALDataset& source) {
  double gt[6];
  const OGRSpatialReference* srs = source.GetSpatialRef();
  if (source.GetGeoTransform(gt) != CE_None || !srs) return std::nullopt;
  OGRSpatialReference from(*srs);
  from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  gis::CoordinateTransformationPtr to_mercator(
      OGRCreateCoordinateTransformation(&from, &web_mercator()));
  if (!to_mercator) return std::nullopt;
  const double w = source.GetRasterXSize(), h = source.GetRasterYSize();
  MercatorBounds box{HUGE_VAL, HUGE_VAL, -HUGE_VAL, -HUGE_VAL};
  for (int i = 0; i <= points_per_edge; ++i) {
    const double t = double(i) / points_per_edge;
    for (auto [col, row] :
         {std::pair{t * w, 0.0}, std::pair{t * w, h}, std::pair{0.0, t * h}, std::pair{w, t * h}}) {
      double x = gt[0] + col * gt[1] + row * gt[2], y = gt[3] + col * gt[4] + row * gt[5];
      if (!to_mercator->Transform(1, &x, &y)) continue;
      box = {std::min(box.min_x, x), std::min(box.min_y, y), std::max(box.max_x, x),
             std::max(box.max_y, y)};
    }
  }
  if (!(box.min_x < box.max_x && box.min_y < box.max_y)) return std::nullopt;
  return box;
}

// Source pixels a side the tile needs from the raster's coarsest overview.
double source_px_needed(GDALDataset& source, const MercatorBounds& raster,
                        const MercatorBounds& tile) {
  const double overlap_x = std::min(raster.max_x, tile.max_x) - std::max(raster.min_x, tile.min_x);
  const double overlap_y = std::min(raster.max_y, tile.max_y) - std::max(raster.min_y, tile.min_y);
  GDALRasterBand* band = source.GetRasterBand(1);
  double factor = 1;
  if (const int overviews = band->GetOverviewCount(); overviews > 0) {
    factor = double(source.GetRasterXSize()) / band->GetOverview(overviews - 1)->GetXSize();
  }
  const double px_x = overlap_x / (raster.max_x - raster.min_x) * source.GetRasterXSize();
  const double px_y = overlap_y / (raster.max_y - raster.min_y) * source.GetRasterYSize();
  return std::max(px_x, px_y) / factor;
}

// A MEM dataset as PNG bytes, through GDAL's PNG driver and /vsimem/.
std::string encode_png(GDALDataset& image) {
  static std::atomic<unsigned long long> counter{0};
  const std::string name = "/vsimem/envgrid-xyz-" + std::to_string(++counter) + ".png";
  GDALDriver* png = GetGDALDriverManager()->GetDriverByName("PNG");
  if (!png) gis::throw_output_error("GDAL has no PNG driver");
  gis::DatasetPtr written(png->CreateCopy(name.c_str(), &image, FALSE, nullptr, nullptr, nullptr));
  if (!written) gis::throw_output_error("cannot encode a PNG tile: " + gis::take_last_gdal_error());
  written.reset();
  vsi_l_offset length = 0;
  GByte* bytes = VSIGetMemFileBuffer(name.c_str(), &length, TRUE);
  std::string result(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(length));
  CPLFree(bytes);
  return result;
}

gis::DatasetPtr tile_dataset(const MercatorBounds& bounds, int bands) {
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  gis::DatasetPtr tile(mem->Create("", xyz_tile_px, xyz_tile_px, bands, GDT_Byte, nullptr));
  const double size = (bounds.max_x - bounds.min_x) / xyz_tile_px;
  double gt[6] = {bounds.min_x, size, 0, bounds.max_y, 0, -size};
  tile->SetGeoTransform(gt);
  tile->SetSpatialRef(&web_mercator());
  return tile;
}

}  // namespace

bool valid_xyz_tile(const XyzTile& tile) {
  if (tile.z < 0 || tile.z > xyz_max_zoom) return false;
  const long long side = 1LL << tile.z;
  return tile.x >= 0 && tile.y >= 0 && tile.x < side && tile.y < side;
}

MercatorBounds xyz_tile_bounds(const XyzTile& tile) {
  const double size = 2 * mercator_half_m / double(1LL << tile.z);
  const double min_x = -mercator_half_m + tile.x * size;
  const double max_y = mercator_half_m - tile.y * size;
  return {min_x, max_y - size, min_x + size, max_y};
}

std::optional<std::string> render_xyz_tile(const std::string& raster_path, const XyzTile& tile,
                                           int max_source_px) {
  gis::initialize_gdal();
  gis::DatasetPtr source = gis::open_dataset(raster_path, GDAL_OF_RASTER);
  const auto raster = mercator_extent(*source);
  const MercatorBounds bounds = xyz_tile_bounds(tile);
  if (!raster || raster->max_x <= bounds.min_x || raster->min_x >= bounds.max_x ||
      raster->max_y <= bounds.min_y || raster->min_y >= bounds.max_y) {
    return std::nullopt;
  }
  if (source_px_needed(*source, *raster, bounds) > max_source_px) return std::nullopt;
  const int colour_bands = source->GetRasterCount() >= 3 ? 3 : 1;
  gis::DatasetPtr image = tile_dataset(bounds, colour_bands + 1);
  CPLStringList argv;
  for (const char* arg : {"-r", "bilinear", "-dstalpha"}) argv.AddString(arg);
  std::unique_ptr<GDALWarpAppOptions, WarpOptionsDeleter> options(
      GDALWarpAppOptionsNew(argv.List(), nullptr));
  GDALDatasetH sources[1] = {GDALDataset::ToHandle(source.get())};
  int usage_error = 0;
  gis::take_last_gdal_error();
  if (!GDALWarp(nullptr, GDALDataset::ToHandle(image.get()), 1, sources, options.get(),
                &usage_error)) {
    gis::throw_input_error("cannot warp a tile: " + gis::take_last_gdal_error(),
                           {.step = "tiles", .dataset = raster_path});
  }
  return encode_png(*image);
}

const std::string& transparent_xyz_tile() {
  static const std::string png = [] {
    gis::initialize_gdal();
    gis::DatasetPtr empty = tile_dataset(xyz_tile_bounds({0, 0, 0}), 4);
    return encode_png(*empty);
  }();
  return png;
}

}  // namespace envgrid::imagery
