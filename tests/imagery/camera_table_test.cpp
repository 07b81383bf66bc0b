#include "envgrid/imagery/camera_table.hpp"

#include <gtest/gtest.h>

namespace envgrid::imagery {
namespace {

TEST(CameraTable, KnowsTheCamerasOfTheIssueWithASourceForEachFigure) {
  // Models as DJI writes them into EXIF (the H20T as ZH20T and as H20T).
  for (const char* model : {"FC300S", "FC330", "FC6310", "FC6310S", "FC7303", "L1D-20c", "M3E",
                            "M30T", "ZH20T", "H20T", "XT2"}) {
    const auto camera = find_camera(model, 4000);
    ASSERT_TRUE(camera) << model;
    EXPECT_FALSE(camera->source.empty()) << model;
    EXPECT_FALSE(camera->product.empty()) << model;
    // Drone sensors lie between 1/3" (4.8 mm) and full frame (36 mm).
    EXPECT_GT(camera->width_mm, 4.0) << model;
    EXPECT_LT(camera->width_mm, 36.0) << model;
    EXPECT_GT(camera->width_mm, camera->height_mm) << model;
  }
}

TEST(CameraTable, MatchesModelNamesIgnoringCaseAndPadding) {
  const auto camera = find_camera("  fc300s ", 4000);
  ASSERT_TRUE(camera);
  EXPECT_EQ(camera->model, "FC300S");
  EXPECT_DOUBLE_EQ(camera->width_mm, 6.17);  // 1/2.3" format
}

TEST(CameraTable, PicksTheLensOfAMultiLensPayloadByImageWidth) {
  const auto thermal = find_camera("M30T", 640);
  ASSERT_TRUE(thermal);
  EXPECT_NEAR(thermal->width_mm, 640 * 0.012, 1e-9);  // 640 px x 12 um
  const auto wide = find_camera("M30T", 4000);
  ASSERT_TRUE(wide);
  EXPECT_DOUBLE_EQ(wide->width_mm, 6.4);  // 1/2" format
}

TEST(CameraTable, UnknownCameraIsNotGuessed) {
  EXPECT_FALSE(find_camera("ILCE-7RM4", 9504));
  EXPECT_FALSE(find_camera("", 4000));
}

TEST(CameraTable, WideImageUsesTheFullSensorWidth) {
  // Phantom 3 in 16:9: the 4:3 sensor's full width, cropped top and bottom.
  const auto camera = find_camera("FC300S", 4000);
  ASSERT_TRUE(camera);
  const SensorWindow window = image_window(*camera, 4000, 2250);
  EXPECT_DOUBLE_EQ(window.width_mm, 6.17);
  EXPECT_NEAR(window.height_mm, 6.17 * 2250 / 4000, 1e-12);
}

TEST(CameraTable, NarrowImageUsesTheFullSensorHeight) {
  // Phantom 4 Pro in 4:3 (4864 x 3648) crops the sides of its 3:2 sensor.
  const auto camera = find_camera("FC6310", 4864);
  ASSERT_TRUE(camera);
  const SensorWindow window = image_window(*camera, 4864, 3648);
  EXPECT_DOUBLE_EQ(window.height_mm, 8.8);
  EXPECT_NEAR(window.width_mm, 8.8 * 4864 / 3648, 1e-12);
}

TEST(CameraTable, PortraitImageTurnsTheSensor) {
  const auto camera = find_camera("FC300S", 3000);
  ASSERT_TRUE(camera);
  const SensorWindow window = image_window(*camera, 2250, 4000);
  EXPECT_DOUBLE_EQ(window.height_mm, 6.17);
  EXPECT_NEAR(window.width_mm, 6.17 * 2250 / 4000, 1e-12);
}

}  // namespace
}  // namespace envgrid::imagery
