// imagery/src/change_affine.cpp: co-registration of two epochs that differ
// by a small rotation and scale (an ortho re-made with another camera
// model), which a shift alone leaves misregistered by metres at the edges.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include <opencv2/imgproc.hpp>

#include "envgrid/gis/log.hpp"
#include "envgrid/imagery/change_detection.hpp"
#include "envgrid/imagery/raster_tiles.hpp"
#include "envgrid/imagery/synthetic_imagery.hpp"
#include "test_support.hpp"

namespace imagery = envgrid::imagery;
using envgrid::test::TempDir;

namespace {

constexpr int scene_size_px = 1024;
constexpr double pixel_size_m = 0.4;
constexpr int crop_px = 32;  // beyond the largest displacement (7 px), so every after pixel is real

const TempDir& scene() {
  static TempDir dir;
  static bool made = false;
  if (!made) {
    envgrid::gis::set_log_level(envgrid::gis::LogLevel::warning);
    imagery::write_synthetic_imagery(dir.path().string(),
                                     {.seed = 11, .size_px = scene_size_px, .gsd_m = pixel_size_m});
    made = true;
  }
  return dir;
}

// The before epoch turned by angle_deg (counter-clockwise) and scaled about
// its centre, cropped by crop_px on every side, with the georeference of
// the crop: the same ground, nothing changed, misregistered by an affine.
std::string turned_copy(const std::string& path, double angle_deg, double scale,
                        const TempDir& out) {
  const auto before = imagery::RasterSource::open(scene().file("before.tif"));
  const cv::Mat image =
      before.read_bgr({0, 0, scene_size_px, scene_size_px}, scene_size_px, scene_size_px);
  const cv::Mat turn = cv::getRotationMatrix2D(
      cv::Point2f(scene_size_px / 2.0f, scene_size_px / 2.0f), angle_deg, scale);
  cv::Mat turned;
  cv::warpAffine(image, turned, turn, image.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT);
  const cv::Mat crop =
      turned(cv::Rect(crop_px, crop_px, scene_size_px - 2 * crop_px, scene_size_px - 2 * crop_px))
          .clone();
  imagery::GeoTransform g = before.geo_transform();
  g[0] += crop_px * g[1];
  g[3] += crop_px * g[5];
  imagery::write_geotiff(out.file(path), crop, g, before.crs_wkt());
  return out.file(path);
}

}  // namespace

TEST(ChangeAffine, RecoversASmallRotationAndScaleAndFlagsNothing) {
  TempDir out;
  constexpr double angle_deg = 0.5, scale = 1.003;
  const auto before = imagery::RasterSource::open(scene().file("before.tif"));
  const auto after = imagery::RasterSource::open(turned_copy("turned.tif", angle_deg, scale, out));
  const auto result = imagery::detect_changes(before, after, {});
  ASSERT_TRUE(result.affine_found);
  EXPECT_TRUE(result.affine_applied);
  std::printf(
      "measured: rotation %.4f deg, scale %.5f, departure %.2f m, rms %.2f m (shift %.2f m)\n",
      result.affine_rotation_deg, result.affine_scale, result.affine_departure_m,
      result.affine_rms_m, result.affine_shift_rms_m);
  // Tolerances: 0.02 deg turns a corner 700 px from the centre by 0.25 px;
  // 2e-4 in scale moves it by 0.14 px.
  EXPECT_NEAR(result.affine_rotation_deg, angle_deg, 0.02);
  EXPECT_NEAR(result.affine_scale, scale, 2e-4);
  EXPECT_LT(result.affine_rms_m, 1.5 * pixel_size_m);  // keypoints: about a pixel
  EXPECT_GT(result.affine_shift_rms_m, 3 * result.affine_rms_m);
  // What a shift alone would leave at the corners of the overlap (the crop),
  // from the true map: |(L - I)(corner - centre)| in metres.
  const double a = scale * std::cos(angle_deg * M_PI / 180) - 1;
  const double b = scale * std::sin(angle_deg * M_PI / 180);
  const double half = (scene_size_px - 2 * crop_px) / 2.0;
  const double expected_m = std::hypot(a * half + b * half, -b * half + a * half) * pixel_size_m;
  EXPECT_NEAR(result.affine_departure_m, expected_m, 0.1 * expected_m);
  // Centred turn: no shift left at the centre (tolerance 0.25 px).
  EXPECT_NEAR(result.shift_x_px, 0, 0.25);
  EXPECT_NEAR(result.shift_y_px, 0, 0.25);
  // Nothing changed on the ground.
  EXPECT_TRUE(result.regions.empty()) << result.regions.size() << " regions";
}

TEST(ChangeAffine, AShiftAloneIsNotTakenForAnAffine) {
  const auto before = imagery::RasterSource::open(scene().file("before.tif"));
  const auto after = imagery::RasterSource::open(scene().file("after.tif"));
  const auto result = imagery::detect_changes(before, after, {});
  ASSERT_TRUE(result.affine_found);
  EXPECT_FALSE(result.affine_applied);
  // Not applied, so not refined: the feature fit alone, good to about 0.05
  // deg and 5e-4 here; it explains the matches no better than the shift.
  EXPECT_NEAR(result.affine_rotation_deg, 0, 0.05);
  EXPECT_NEAR(result.affine_scale, 1, 5e-4);
  EXPECT_LT(result.affine_shift_rms_m, 1.5 * result.affine_rms_m);
}
