// Quick-look ortho: the camera model gives the ground position of a grid of
// pixels (ground control points), GDAL warps the photo through them with a
// thin-plate spline. Over flat ground a pinhole camera maps the image to the
// ground by a homography; a 9 x 9 grid of exact points makes the spline
// follow it to well under a pixel for a nadir photo.

#include "envgrid/imagery/ortho.hpp"

#include <gdal_utils.h>

#include <cmath>
#include <filesystem>
#include <numbers>
#include <sstream>
#include <vector>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/imagery/local_offset.hpp"

namespace envgrid::imagery {

namespace {

constexpr int k_gcp_grid = 9;  // points per image side

struct WarpOptionsDeleter {
  void operator()(GDALWarpAppOptions* o) const noexcept { GDALWarpAppOptionsFree(o); }
};

void require_nadir(const LocatedPhoto& photo, double max_off_nadir_deg) {
  const EastNorth& centre = photo.footprint.centre_m;
  const double off_nadir_deg =
      std::atan2(std::hypot(centre.east_m, centre.north_m), photo.pose.height_above_ground_m) *
      180.0 / std::numbers::pi;
  if (off_nadir_deg > max_off_nadir_deg) {
    std::ostringstream s;
    s.precision(3);
    s << "not a nadir photo: the camera looks " << off_nadir_deg
      << " degrees away from straight down (limit " << max_off_nadir_deg << ")";
    gis::throw_input_error(s.str(), {.step = gis::current_step(), .dataset = photo.metadata.file});
  }
}

std::vector<GDAL_GCP> ground_control_points(const LocatedPhoto& photo,
                                            const FootprintOptions& options,
                                            std::vector<std::string>& ids) {
  std::vector<GDAL_GCP> gcps;
  ids.reserve(k_gcp_grid * k_gcp_grid);
  for (int j = 0; j < k_gcp_grid; ++j) {
    for (int i = 0; i < k_gcp_grid; ++i) {
      const double column = photo.intrinsics.width_px * i / (k_gcp_grid - 1.0);
      const double row = photo.intrinsics.height_px * j / (k_gcp_grid - 1.0);
      std::string reason;
      const auto ground =
          pixel_to_ground(photo.intrinsics, photo.pose, column, row, options, reason);
      if (!ground) {
        gis::throw_input_error(reason,
                               {.step = gis::current_step(), .dataset = photo.metadata.file});
      }
      const gis::LonLat at = offset_to_lonlat(photo.pose.position, ground->east_m, ground->north_m);
      ids.push_back(std::to_string(gcps.size() + 1));
      GDAL_GCP gcp{};
      gcp.pszId = ids.back().data();
      gcp.pszInfo = const_cast<char*>("");
      gcp.dfGCPPixel = column;
      gcp.dfGCPLine = row;
      gcp.dfGCPX = at.lon;  // x = longitude (traditional GIS order)
      gcp.dfGCPY = at.lat;
      gcps.push_back(gcp);
    }
  }
  return gcps;
}

// The photo as an in-memory VRT carrying the ground control points. The VRT
// reads through the JPEG dataset, which must outlive it: members are
// destroyed in reverse order, the VRT first.
struct GeoreferencedPhoto {
  gis::DatasetPtr jpeg;
  gis::DatasetPtr vrt;
};

GeoreferencedPhoto georeferenced_photo(const LocatedPhoto& photo, const FootprintOptions& options) {
  const std::string& path = photo.metadata.file;
  gis::DatasetPtr jpeg = gis::open_dataset(path, GDAL_OF_RASTER);
  if (jpeg->GetRasterXSize() != photo.intrinsics.width_px ||
      jpeg->GetRasterYSize() != photo.intrinsics.height_px) {
    gis::throw_input_error("pixel size differs between GDAL and the EXIF/JPEG header",
                           {.step = gis::current_step(), .dataset = path});
  }
  GDALDriver* vrt_driver = GetGDALDriverManager()->GetDriverByName("VRT");
  gis::DatasetPtr vrt(vrt_driver->CreateCopy("", jpeg.get(), FALSE, nullptr, nullptr, nullptr));
  if (!vrt) {
    gis::throw_input_error("cannot wrap the photo: " + gis::take_last_gdal_error(),
                           {.step = gis::current_step(), .dataset = path});
  }
  std::vector<std::string> ids;
  const std::vector<GDAL_GCP> gcps = ground_control_points(photo, options, ids);
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  vrt->SetGCPs(static_cast<int>(gcps.size()), gcps.data(), &wgs84);
  return {std::move(jpeg), std::move(vrt)};
}

std::string number(double value) {
  std::ostringstream s;
  s.precision(17);
  s << value;
  return s.str();
}

int report_progress(double fraction, const char*, void* data) {
  const auto* callback = static_cast<const std::function<void(double)>*>(data);
  if (callback && *callback) (*callback)(fraction);
  return TRUE;
}

}  // namespace

OrthoResult make_quicklook_ortho(const std::string& photo_path, const std::string& out_tif,
                                 const OrthoOptions& options,
                                 const std::function<void(double)>& on_progress) {
  gis::initialize_gdal();
  OrthoResult result;
  result.photo = locate_photo(photo_path, options.photo);
  require_nadir(result.photo, options.max_off_nadir_deg);
  const GeoreferencedPhoto source = georeferenced_photo(result.photo, options.photo.footprint);

  const gis::Crs target = options.target_crs.value_or(gis::Crs::wgs84());
  if (target.kind() != gis::Crs::Kind::proj) {
    gis::throw_usage_error("a raster cannot be warped to " + target.name() +
                           ": GDAL does not know the shifted web-map systems");
  }
  result.crs_name = target.name();
  const double pixel_m = options.pixel_size_m.value_or(result.photo.footprint.gsd_m);
  // Square pixels on the ground: in degrees, scaled at the photo's latitude.
  const MetresPerDegree scale = target.is_geographic()
                                    ? metres_per_degree(result.photo.pose.position.lat)
                                    : MetresPerDegree{.lon = 1, .lat = 1};
  // clang-format off
  const std::vector<std::string> args = {
      "-of", "GTiff", "-t_srs", target.definition(), "-tps", "-r", "bilinear", "-dstalpha",
      "-tr", number(pixel_m / scale.lon), number(pixel_m / scale.lat),
      "-co", "COMPRESS=DEFLATE", "-co", "TILED=YES", "-overwrite"};
  // clang-format on
  CPLStringList argv;
  for (const auto& a : args) argv.AddString(a.c_str());
  std::unique_ptr<GDALWarpAppOptions, WarpOptionsDeleter> warp_options(
      GDALWarpAppOptionsNew(argv.List(), nullptr));
  GDALWarpAppOptionsSetProgress(warp_options.get(), report_progress,
                                const_cast<std::function<void(double)>*>(&on_progress));

  const gis::ErrorContext where{.step = gis::current_step(), .dataset = out_tif};
  GDALDatasetH sources[] = {GDALDataset::ToHandle(source.vrt.get())};
  int usage_error = FALSE;
  gis::DatasetPtr out(GDALDataset::FromHandle(
      GDALWarp(out_tif.c_str(), nullptr, 1, sources, warp_options.get(), &usage_error)));
  if (!out) gis::throw_output_error("cannot write: " + gis::take_last_gdal_error(), where);
  result.width_px = out->GetRasterXSize();
  result.height_px = out->GetRasterYSize();
  out->GetGeoTransform(result.geotransform.data());
  CPLErrorReset();
  out.reset();
  if (CPLGetLastErrorType() >= CE_Failure) {
    std::error_code ignored;
    std::filesystem::remove(out_tif, ignored);
    gis::throw_output_error("cannot close: " + gis::take_last_gdal_error(), where);
  }
  return result;
}

}  // namespace envgrid::imagery
