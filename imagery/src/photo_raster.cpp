// A drone JPEG placed on the ground on the fly: located as `imagery photos`
// locates it, warped through the footprint's camera model.

#include "envgrid/imagery/photo_raster.hpp"

#include <cpl_vsi.h>
#include <gdal_priv.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <numbers>
#include <sstream>
#include <utility>
#include <vector>

#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/geodesy.hpp"
#include "envgrid/gis/log.hpp"

namespace envgrid::imagery {
namespace {

constexpr int fit_grid = 9;  // pixels per image side placed exactly for the homography fit

gis::ErrorContext context_of(const std::string& path) {
  return {.step = gis::current_step(), .dataset = path};
}

cv::Matx33d translation(double dx, double dy) { return {1, 0, dx, 0, 1, dy, 0, 0, 1}; }

cv::Point2d apply(const cv::Matx33d& h, double x, double y) {
  const cv::Vec3d p = h * cv::Vec3d(x, y, 1);
  return {p[0] / p[2], p[1] / p[2]};
}

// A JPEG that GDAL finds no georeference for (no world file, no .aux.xml):
// a raw drone frame.
bool is_raw_jpeg(const std::string& path) {
  gis::DatasetPtr dataset = gis::open_dataset(path, GDAL_OF_RASTER);
  const char* driver = dataset->GetDriver() ? dataset->GetDriver()->GetDescription() : "";
  double gt[6];
  return EQUAL(driver, "JPEG") &&
         (dataset->GetGeoTransform(gt) != CE_None || !dataset->GetSpatialRef() ||
          dataset->GetSpatialRef()->IsEmpty());
}

LocatedPhoto locate_for_detection(const std::string& path) {
  try {
    LocatedPhoto photo = locate_photo(path, {});
    require_nadir(photo, off_nadir_limit_deg);
    return photo;
  } catch (const gis::Error& e) {
    gis::throw_input_error(e.reason() +
                               "; cannot place the drone photo on the ground (give --gsd M to "
                               "work in pixel space)",
                           context_of(path));
  }
}

// An uncompressed GeoTIFF in GDAL's memory file system, read back as a
// RasterSource; its name keeps the photo's path for error messages. The
// memory file is unlinked once open: GDAL keeps it while the handle lives.
RasterSource as_raster(const std::string& photo_path, const GroundImage& ground,
                       const std::string& crs_wkt) {
  static std::atomic<int> counter{0};
  const std::string path =
      "/vsimem/envgrid/" + std::to_string(++counter) + "/" + photo_path + ".on-ground.tif";
  {
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    CPLStringList options;
    options.SetNameValue("PHOTOMETRIC", "RGB");
    options.SetNameValue("INTERLEAVE", "PIXEL");
    gis::DatasetPtr dataset(driver->Create(path.c_str(), ground.bgr.cols, ground.bgr.rows, 3,
                                           GDT_Byte, options.List()));
    if (!dataset) {
      gis::throw_input_error("cannot hold the photo on the ground: " + gis::take_last_gdal_error(),
                             context_of(photo_path));
    }
    GeoTransform gt = ground.transform;
    dataset->SetGeoTransform(gt.data());
    dataset->SetProjection(crs_wkt.c_str());
    int band_map[3] = {3, 2, 1};
    if (dataset->RasterIO(GF_Write, 0, 0, ground.bgr.cols, ground.bgr.rows, ground.bgr.data,
                          ground.bgr.cols, ground.bgr.rows, GDT_Byte, 3, band_map, 3,
                          static_cast<GSpacing>(ground.bgr.step), 1, nullptr) != CE_None) {
      gis::throw_input_error("cannot hold the photo on the ground: " + gis::take_last_gdal_error(),
                             context_of(photo_path));
    }
  }
  RasterSource source = RasterSource::open(path);
  VSIUnlink(path.c_str());
  return source;
}

}  // namespace

void require_nadir(const LocatedPhoto& photo, double max_off_nadir_deg) {
  const gis::EastNorth& centre = photo.footprint.centre_m;
  const double off_nadir_deg =
      std::atan2(std::hypot(centre.east_m, centre.north_m), photo.pose.height_above_ground_m) *
      180.0 / std::numbers::pi;
  if (off_nadir_deg > max_off_nadir_deg) {
    std::ostringstream s;
    s.precision(3);
    s << "not a nadir photo: the camera looks " << off_nadir_deg
      << " degrees away from straight down (limit " << max_off_nadir_deg
      << "), too oblique for a flat-ground footprint";
    gis::throw_input_error(s.str(), context_of(photo.metadata.file));
  }
}

cv::Matx33d photo_to_map(const LocatedPhoto& photo, const FootprintOptions& options,
                         const gis::Crs& target) {
  const gis::CoordinateTransformer to_target(gis::Crs::wgs84(), target);
  std::vector<cv::Point2d> pixels, map;
  for (int j = 0; j < fit_grid; ++j) {
    for (int i = 0; i < fit_grid; ++i) {
      const double column = photo.intrinsics.width_px * i / (fit_grid - 1.0);
      const double row = photo.intrinsics.height_px * j / (fit_grid - 1.0);
      std::string reason;
      const auto ground =
          pixel_to_ground(photo.intrinsics, photo.pose, column, row, options, reason);
      if (!ground) gis::throw_input_error(reason, context_of(photo.metadata.file));
      const gis::LonLat at = offset_to_lonlat(photo.pose.position, ground->east_m, ground->north_m);
      double x = at.lon, y = at.lat;
      if (!to_target.transform(x, y)) {
        gis::throw_input_error("the photo's footprint is outside " + target.name(),
                               context_of(photo.metadata.file));
      }
      pixels.emplace_back(column, row);
      map.emplace_back(x, y);
    }
  }
  // Fitted around the first point: map coordinates of 10^6 would cost the
  // fit its precision.
  const cv::Point2d origin = map.front();
  for (auto& p : map) p -= origin;
  const cv::Mat h = cv::findHomography(pixels, map, 0);
  if (h.empty()) {
    gis::throw_input_error("the photo's footprint is degenerate", context_of(photo.metadata.file));
  }
  return translation(origin.x, origin.y) * cv::Matx33d(h);
}

cv::Mat read_photo_pixels(const LocatedPhoto& photo) {
  const RasterSource pixels = RasterSource::open(photo.metadata.file, photo.footprint.gsd_m);
  if (pixels.width() != photo.intrinsics.width_px ||
      pixels.height() != photo.intrinsics.height_px) {
    gis::throw_input_error("pixel size differs between GDAL and the EXIF/JPEG header",
                           context_of(photo.metadata.file));
  }
  return pixels.read_bgr({0, 0, pixels.width(), pixels.height()}, pixels.width(), pixels.height());
}

GroundGrid ground_grid(const LocatedPhoto& photo, const gis::Crs& crs, double pixel_size_m) {
  const gis::MetresPerDegree scale = crs.is_geographic()
                                         ? gis::metres_per_degree(photo.pose.position.lat)
                                         : gis::MetresPerDegree{.lon = 1, .lat = 1};
  return {.crs = crs, .pixel_x = pixel_size_m / scale.lon, .pixel_y = pixel_size_m / scale.lat};
}

namespace {

// The photo averaged down by the whole number of its pixels that fit in a
// grid pixel (none when the grid is as fine as the photo), and the photo's
// map transform for it: bilinear resampling straight from 2 cm pixels onto a
// 10 cm grid would alias, and warp 25 times the pixels it keeps.
std::pair<cv::Mat, cv::Matx33d> averaged_for(const cv::Mat& photo_bgr, const cv::Matx33d& to_map,
                                             const GroundGrid& grid) {
  const double cx = photo_bgr.cols / 2.0, cy = photo_bgr.rows / 2.0;
  const cv::Point2d step = apply(to_map, cx + 1, cy) - apply(to_map, cx, cy);
  const double photo_pixel = std::hypot(step.x, step.y);
  const int k =
      photo_pixel > 0 ? int(std::floor(std::min(grid.pixel_x, grid.pixel_y) / photo_pixel)) : 1;
  if (k < 2) return {photo_bgr, to_map};
  cv::Mat small;
  cv::resize(photo_bgr, small,
             {std::max(1, int(std::lround(photo_bgr.cols / double(k)))),
              std::max(1, int(std::lround(photo_bgr.rows / double(k))))},
             0, 0, cv::INTER_AREA);
  const cv::Matx33d scale{double(photo_bgr.cols) / small.cols,
                          0,
                          0,
                          0,
                          double(photo_bgr.rows) / small.rows,
                          0,
                          0,
                          0,
                          1};
  return {small, to_map * scale};
}

}  // namespace

GroundImage photo_on_ground(const cv::Mat& full_bgr, const cv::Matx33d& full_to_map,
                            const GroundGrid& grid) {
  const auto [photo_bgr, to_map] = averaged_for(full_bgr, full_to_map, grid);
  double min_x = HUGE_VAL, max_x = -HUGE_VAL, min_y = HUGE_VAL, max_y = -HUGE_VAL;
  constexpr std::array<std::array<int, 2>, 4> corners{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}};
  for (const auto& [c, r] : corners) {
    const cv::Point2d p = apply(to_map, c * double(photo_bgr.cols), r * double(photo_bgr.rows));
    min_x = std::min(min_x, p.x), max_x = std::max(max_x, p.x);
    min_y = std::min(min_y, p.y), max_y = std::max(max_y, p.y);
  }
  const double px = grid.pixel_x, py = grid.pixel_y;
  min_x = grid.anchor.x + std::floor((min_x - grid.anchor.x) / px) * px;
  max_y = grid.anchor.y + std::ceil((max_y - grid.anchor.y) / py) * py;
  const int width = int(std::ceil((max_x - min_x) / px));
  const int height = int(std::ceil((max_y - min_y) / py));
  GroundImage ground;
  ground.transform = {min_x, px, 0, max_y, 0, -py};
  // Output pixel centre (u + 0.5, v + 0.5) -> map -> photo pixel position,
  // less 0.5 for OpenCV's pixel-centre convention.
  const cv::Matx33d grid_to_map{px, 0, min_x + 0.5 * px, 0, -py, max_y - 0.5 * py, 0, 0, 1};
  const cv::Matx33d output_to_photo = translation(-0.5, -0.5) * to_map.inv() * grid_to_map;
  cv::warpPerspective(photo_bgr, ground.bgr, output_to_photo, {width, height},
                      cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_CONSTANT);
  const cv::Mat inside(photo_bgr.size(), CV_8U, cv::Scalar(255));
  cv::warpPerspective(inside, ground.valid, output_to_photo, {width, height},
                      cv::INTER_NEAREST | cv::WARP_INVERSE_MAP, cv::BORDER_CONSTANT);
  return ground;
}

RasterSource open_detection_image(const std::string& path, std::optional<double> gsd_m,
                                  const RasterSource* same_grid_as, double coarsest_pixel_m) {
  gis::initialize_gdal();
  if (gsd_m || !is_raw_jpeg(path)) return RasterSource::open(path, gsd_m);
  gis::StepScope step("place photo on the ground");
  const LocatedPhoto photo = locate_for_detection(path);
  GroundGrid grid;
  if (same_grid_as && !same_grid_as->pixel_space()) {
    OGRSpatialReference srs;
    srs.importFromWkt(same_grid_as->crs_wkt().c_str());
    const auto& gt = same_grid_as->geo_transform();
    grid = {.crs = gis::Crs::from_ogr(srs),
            .pixel_x = std::abs(gt[1]),
            .pixel_y = std::abs(gt[5]),
            .anchor = {gt[0], gt[3]}};
  } else {
    const gis::LonLat at = photo.pose.position;
    grid = ground_grid(photo, gis::choose_metric_crs(at.lon, at.lat, at.lon, at.lat).crs,
                       std::max(photo.footprint.gsd_m, coarsest_pixel_m));
  }
  const cv::Matx33d to_map = photo_to_map(photo, {}, grid.crs);
  const GroundImage ground = photo_on_ground(read_photo_pixels(photo), to_map, grid);
  char* wkt = nullptr;
  grid.crs.to_ogr()->exportToWkt(&wkt);
  const std::string crs_wkt = wkt ? wkt : "";
  CPLFree(wkt);
  return as_raster(path, ground, crs_wkt);
}

}  // namespace envgrid::imagery
