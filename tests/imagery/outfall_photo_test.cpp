// Drone JPEGs in the detection verbs: placed on the ground by the footprint's
// camera model, a plume painted at a known pixel of a real frame reported at
// that pixel's ground position, and the photos that cannot be placed refused
// with the file and the reason (--gsd still giving pixel space).
//
// The real frame is ../shared/data/real/drone/DJI_0031.JPG (ENVGRID_SHARED_DATA
// overrides ../shared/data/real); the plume is painted at test time with
// ../shared/tools/paint_plume.py (Debian python3-opencv) and the EXIF copied back with
// exiftool. Tests that need them say so and skip when they are absent.

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/geodesy.hpp"
#include "envgrid/imagery/photo_raster.hpp"
#include "photo_fixtures.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
namespace imagery = envgrid::imagery;
namespace gis = envgrid::gis;
using envgrid::test::TempDir;

namespace {

// ../shared/data/real/drone/DJI_0031.JPG ("" when absent) and ../shared/tools.
std::string real_frame() {
  const auto real = envgrid::test::shared_real_data();
  return real ? (*real / "drone" / "DJI_0031.JPG").string() : std::string("absent/DJI_0031.JPG");
}
std::string plume_painter() {
  return (fs::path(real_frame()).parent_path() / ".." / ".." / ".." / "tools" / "paint_plume.py")
      .lexically_normal()
      .string();
}

gis::LonLat ground_of_pixel(const std::string& photo_path, double column, double row) {
  const imagery::LocatedPhoto photo = imagery::locate_photo(photo_path, {});
  std::string reason;
  const auto ground =
      imagery::pixel_to_ground(photo.intrinsics, photo.pose, column, row, {}, reason);
  EXPECT_TRUE(ground) << reason;
  return gis::offset_to_lonlat(photo.pose.position, ground->east_m, ground->north_m);
}

double metres_between(gis::LonLat a, gis::LonLat b) {
  const gis::EastNorth d = gis::lonlat_to_offset(a, b);
  return std::hypot(d.east_m, d.north_m);
}

// A few pixels of the photo found again in the raster placed on the ground,
// at the ground position the camera model gives them.
TEST(PhotoOnGround, PixelsLandWhereTheCameraModelPutsThem) {
  if (!fs::exists(real_frame())) GTEST_SKIP() << "no " << real_frame();
  const imagery::RasterSource ground = imagery::open_detection_image(real_frame());
  ASSERT_FALSE(ground.pixel_space());
  OGRSpatialReference srs;
  srs.importFromWkt(ground.crs_wkt().c_str());
  EXPECT_EQ(gis::Crs::from_ogr(srs).epsg(), 32615) << "UTM zone 15N at Duluth";
  EXPECT_NEAR(ground.gsd_m(), 0.0172, 0.001);
  const imagery::RasterSource photo = imagery::RasterSource::open(real_frame(), 1.0);
  const gis::CoordinateTransformer to_map(gis::Crs::wgs84(), gis::Crs::from_ogr(srs));
  const auto& gt = ground.geo_transform();
  constexpr std::array<std::array<int, 2>, 4> painted_pixels{
      {{600, 400}, {3000, 1800}, {2000, 1125}, {3500, 500}}};
  for (const auto& [column, row] : painted_pixels) {
    const gis::LonLat at = ground_of_pixel(real_frame(), column + 0.5, row + 0.5);
    double x = at.lon, y = at.lat;
    ASSERT_TRUE(to_map.transform(x, y));
    const int c = int(std::floor((x - gt[0]) / gt[1])), r = int(std::floor((y - gt[3]) / gt[5]));
    // 5 x 5 pixel means: resampling blurs single pixels.
    const cv::Scalar in_photo = cv::mean(photo.read_bgr({column - 2, row - 2, 5, 5}, 5, 5));
    const cv::Scalar on_ground = cv::mean(ground.read_bgr({c - 2, r - 2, 5, 5}, 5, 5));
    for (int band = 0; band < 3; ++band)
      EXPECT_NEAR(on_ground[band], in_photo[band], 12) << "pixel " << column << "," << row;
  }
}

TEST(PhotoOnGround, PaintedPlumeIsReportedAtItsOutlet) {
  if (!fs::exists(real_frame())) GTEST_SKIP() << "no " << real_frame();
  const std::string painter = plume_painter();
  if (std::system("/usr/bin/python3 -c 'import cv2' 2>/dev/null") != 0 ||
      std::system("exiftool -ver >/dev/null 2>&1") != 0 || !fs::exists(painter)) {
    GTEST_SKIP() << "needs " << painter << ", /usr/bin/python3 with cv2 and exiftool";
  }
  TempDir dir;
  const std::string painted = dir.file("painted.jpg");
  // A milky plume leaving the bank at pixel (2800, 1900) eastwards into the lake.
  const double outlet_x = 2800, outlet_y = 1900;
  const std::string command = "/usr/bin/python3 '" + painter + "' '" + real_frame() + "' '" +
                              painted + "' 2800 1900 1 -0.1 900 215,220,220 0.6 1" +
                              " && exiftool -q -overwrite_original -TagsFromFile '" + real_frame() +
                              "' -all:all '" + painted + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const auto run = envgrid::test::run_envgrid(
      {"imagery", "outfalls", "--image", painted, "-o", dir.file("flags.gpkg")});
  ASSERT_EQ(run.exit_code, 0) << run.err;

  const gis::LonLat outlet = ground_of_pixel(real_frame(), outlet_x, outlet_y);
  gis::DatasetPtr flags = gis::open_dataset(dir.file("flags.gpkg"), GDAL_OF_VECTOR);
  OGRLayer* layer = flags->GetLayerByName("flags");
  ASSERT_NE(layer, nullptr);
  double nearest_m = HUGE_VAL;
  for (const auto& feature : *layer) {
    ASSERT_FALSE(feature->IsFieldNull(feature->GetFieldIndex("source_lon")));
    const gis::LonLat source{.lon = feature->GetFieldAsDouble("source_lon"),
                             .lat = feature->GetFieldAsDouble("source_lat")};
    nearest_m = std::min(nearest_m, metres_between(source, outlet));
  }
  EXPECT_LE(nearest_m, 8.0) << run.out;
  EXPECT_LE(layer->GetFeatureCount(), 2) << "at most one flag besides the plume\n" << run.out;
}

// --- photos that cannot be placed on the ground ---

struct Refusal {
  int exit_code = 0;
  std::string err;
};

Refusal outfalls_on(const std::string& photo, const TempDir& dir,
                    std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"imagery", "outfalls", "--image",
                                   photo,     "-o",       dir.file("flags.geojson")};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto run = envgrid::test::run_envgrid(args);
  return {run.exit_code, run.err};
}

TEST(PhotoOnGround, PhotoWithoutGpsIsRefusedNamingTheFileAndGsdStillWorks) {
  TempDir dir;
  auto photo = envgrid::test::dji_like_photo();
  for (const char* key : {"Exif.GPSInfo.GPSLatitude", "Exif.GPSInfo.GPSLongitude",
                          "Exif.GPSInfo.GPSLatitudeRef", "Exif.GPSInfo.GPSLongitudeRef"})
    photo.exif.erase(key);
  const std::string path = dir.file("no_gps.jpg");
  envgrid::test::write_synthetic_photo(path, photo);
  const Refusal refused = outfalls_on(path, dir);
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("no_gps.jpg"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("no GPS position"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--gsd"), std::string::npos) << refused.err;
  EXPECT_EQ(outfalls_on(path, dir, {"--gsd", "0.02"}).exit_code, 0) << "pixel space";
}

TEST(PhotoOnGround, ObliquePhotoIsRefusedNamingTheFile) {
  TempDir dir;
  auto photo = envgrid::test::dji_like_photo();
  photo.xmp["Xmp.drone-dji.GimbalPitchDegree"] = "-55.00";
  const std::string path = dir.file("oblique.jpg");
  envgrid::test::write_synthetic_photo(path, photo);
  const Refusal refused = outfalls_on(path, dir);
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("oblique.jpg"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("too oblique"), std::string::npos) << refused.err;
}

// A synthetic nadir photo facing north: its top-left quadrant (red) lies
// north-west of the camera on the ground, and the changes verb takes the
// JPEG pair too, the later one on the earlier one's grid.
TEST(PhotoOnGround, NadirPhotoFacingNorthKeepsItsQuadrants) {
  TempDir dir;
  const std::string path = dir.file("nadir.jpg");
  envgrid::test::write_synthetic_photo(path, envgrid::test::dji_like_photo());
  const imagery::RasterSource ground = imagery::open_detection_image(path);
  ASSERT_FALSE(ground.pixel_space());
  const int w = ground.width(), h = ground.height();
  const cv::Scalar north_west = cv::mean(ground.read_bgr({w / 4 - 2, h / 4 - 2, 5, 5}, 5, 5));
  EXPECT_GT(north_west[2], 150) << "red";
  EXPECT_LT(north_west[1], 100);
  const imagery::RasterSource again = imagery::open_detection_image(path, std::nullopt, &ground);
  EXPECT_EQ(again.geo_transform(), ground.geo_transform());
  const auto run = envgrid::test::run_envgrid(
      {"imagery", "changes", "--before", path, "--after", path, "-o", dir.file("changes.geojson")});
  EXPECT_EQ(run.exit_code, 0) << run.err;
}

}  // namespace
