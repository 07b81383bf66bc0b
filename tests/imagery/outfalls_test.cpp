// Outfall detection on the generator's river bank: both plumes found, the
// registered one matched, the unregistered one suspected, the dry registered
// outfall reported; with the water from a layer and from the image.

#include <gtest/gtest.h>

#include "detection_scoring.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/imagery/outfall_detection.hpp"
#include "envgrid/imagery/synthetic_imagery.hpp"
#include "test_support.hpp"

namespace imagery = envgrid::imagery;
using envgrid::test::TempDir;

namespace {

const TempDir& river_scene() {
  static TempDir dir;
  static bool made = false;
  if (!made) {
    envgrid::gis::set_log_level(envgrid::gis::LogLevel::warning);
    imagery::write_synthetic_imagery(dir.path().string(),
                                     {.seed = 5, .size_px = 1024, .gsd_m = 0.2});
    made = true;
  }
  return dir;
}

OGRPolygon polygon_of(const std::vector<cv::Point2d>& ring) {
  OGRPolygon polygon;
  OGRLinearRing r;
  for (const auto& p : ring) r.addPoint(p.x, p.y);
  r.closeRings();
  polygon.addRing(&r);
  return polygon;
}

void expect_plumes_found(const imagery::OutfallResult& result, const std::string& truth_path) {
  const auto truth = envgrid::test::read_objects(truth_path);
  ASSERT_EQ(truth.size(), 2u);
  for (const auto& t : truth) {
    bool found = false;
    for (const auto& d : result.detections) {
      const OGRPolygon p = polygon_of(d.ring);
      if (!envgrid::test::matches(*t.geometry, p)) continue;
      found = true;
      EXPECT_EQ(d.matched_outfall, t.matched_outfall) << "plume of " << t.matched_outfall;
    }
    EXPECT_TRUE(found) << "plume of outfall '" << t.matched_outfall << "' not found";
  }
  for (const auto& d : result.detections) {
    const OGRPolygon p = polygon_of(d.ring);
    bool real = false;
    for (const auto& t : truth) real = real || envgrid::test::matches(*t.geometry, p);
    EXPECT_TRUE(real) << "a detection that is no plume, source " << d.source.x << " " << d.source.y;
  }
  EXPECT_EQ(result.registered_without_plume, std::vector<std::string>{"RO-2"});
}

}  // namespace

TEST(OutfallDetection, FindsPlumesWithTheWaterLayer) {
  const TempDir& scene = river_scene();
  const auto image = imagery::RasterSource::open(scene.file("river.tif"));
  imagery::OutfallOptions options;
  options.water_rings = imagery::read_polygon_rings(scene.file("water.geojson"), image.crs_wkt());
  options.registered =
      imagery::read_points(scene.file("outfalls.geojson"), image.crs_wkt(), {"outfall_id"});
  expect_plumes_found(imagery::detect_outfalls(image, options), scene.file("river_truth.geojson"));
}

TEST(OutfallDetection, FindsPlumesWithWaterFromTheImage) {
  const TempDir& scene = river_scene();
  const auto image = imagery::RasterSource::open(scene.file("river.tif"));
  imagery::OutfallOptions options;
  options.registered =
      imagery::read_points(scene.file("outfalls.geojson"), image.crs_wkt(), {"outfall_id"});
  expect_plumes_found(imagery::detect_outfalls(image, options), scene.file("river_truth.geojson"));
}

TEST(OutfallDetection, CliWritesOneFlagPerPlume) {
  const TempDir& scene = river_scene();
  TempDir out;
  const auto run =
      envgrid::test::run_envgrid({"imagery", "outfalls", "--image", scene.file("river.tif"),
                                  "--water", scene.file("water.geojson"), "--outfalls",
                                  scene.file("outfalls.geojson"), "-o", out.file("flags.gpkg")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("unregistered_outfall"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("matches RO-1"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("registered outfall without a plume: RO-2"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("flags written: 2"), std::string::npos) << run.out;
}
