// Quick-look ortho: the photo placed on flat ground by the code path every
// detection verb uses for a drone JPEG (photo_raster.hpp: the footprint's
// camera model, a homography fitted to exactly placed pixels, a bilinear
// warp onto a north-up grid), written as an RGBA GeoTIFF whose alpha marks
// the footprint.

#include "envgrid/imagery/ortho.hpp"

#include <gdal_priv.h>

#include <filesystem>
#include <vector>

#include <opencv2/core.hpp>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/imagery/photo_raster.hpp"

namespace envgrid::imagery {

namespace {

// RGBA, tiled and deflated; the file is removed when it cannot be written whole.
void write_rgba_geotiff(const std::string& path, const GroundImage& ground, const gis::Crs& crs) {
  const gis::ErrorContext where{.step = gis::current_step(), .dataset = path};
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  CPLStringList options;
  options.SetNameValue("TILED", "YES");
  options.SetNameValue("COMPRESS", "DEFLATE");
  options.SetNameValue("PHOTOMETRIC", "RGB");
  options.SetNameValue("ALPHA", "YES");
  gis::take_last_gdal_error();
  {
    gis::DatasetPtr dataset(driver->Create(path.c_str(), ground.bgr.cols, ground.bgr.rows, 4,
                                           GDT_Byte, options.List()));
    if (!dataset) gis::throw_output_error("cannot write: " + gis::take_last_gdal_error(), where);
    GeoTransform gt = ground.transform;
    dataset->SetGeoTransform(gt.data());
    dataset->SetSpatialRef(crs.to_ogr().get());
    cv::Mat rgba;
    cv::merge(std::vector<cv::Mat>{ground.bgr, ground.valid}, rgba);
    int band_map[4] = {3, 2, 1, 4};  // BGRA in memory -> RGBA bands
    const bool written = dataset->RasterIO(GF_Write, 0, 0, rgba.cols, rgba.rows, rgba.data,
                                           rgba.cols, rgba.rows, GDT_Byte, 4, band_map, 4,
                                           static_cast<GSpacing>(rgba.step), 1, nullptr) == CE_None;
    if (written) dataset->FlushCache(true);
  }
  const std::string error = gis::take_last_gdal_error();
  if (!error.empty()) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    gis::throw_output_error("cannot write: " + error, where);
  }
}

}  // namespace

OrthoResult make_quicklook_ortho(const std::string& photo_path, const std::string& out_tif,
                                 const OrthoOptions& options,
                                 const std::function<void(double)>& on_progress) {
  gis::initialize_gdal();
  OrthoResult result;
  result.photo = locate_photo(photo_path, options.photo);
  require_nadir(result.photo, options.max_off_nadir_deg);
  const gis::Crs target = options.target_crs.value_or(gis::Crs::wgs84());
  if (target.kind() != gis::Crs::Kind::proj) {
    gis::throw_usage_error("a raster cannot be warped to " + target.name() +
                           ": GDAL does not know the shifted web-map systems");
  }
  result.crs_name = target.name();
  const double pixel_m = options.pixel_size_m.value_or(result.photo.footprint.gsd_m);
  const GroundGrid grid = ground_grid(result.photo, target, pixel_m);
  const cv::Matx33d to_map = photo_to_map(result.photo, options.photo.footprint, target);
  if (on_progress) on_progress(0.0);
  const GroundImage ground = photo_on_ground(read_photo_pixels(result.photo), to_map, grid);
  if (on_progress) on_progress(0.5);
  write_rgba_geotiff(out_tif, ground, target);
  result.width_px = ground.bgr.cols;
  result.height_px = ground.bgr.rows;
  result.geotransform = ground.transform;
  if (on_progress) on_progress(1.0);
  return result;
}

}  // namespace envgrid::imagery
