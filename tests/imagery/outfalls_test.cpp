// Outfall detection on the generator's river bank: both plumes found, the
// registered one matched, the unregistered one suspected, the dry registered
// outfall reported; with the water from a layer and from the image.

#include <gtest/gtest.h>

#include <cmath>

#include "detection_scoring.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/imagery/outfall_detection.hpp"
#include "envgrid/imagery/synthetic_imagery.hpp"
#include "test_support.hpp"

namespace imagery = envgrid::imagery;
using envgrid::test::polygon_of;
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

// A warm discharge that does not change the water's colour: only the
// temperature raster shows it.
TEST(OutfallDetection, FindsAWarmPlumeInTheThermalRaster) {
  const TempDir& scene = river_scene();
  TempDir out;
  const auto image = imagery::RasterSource::open(scene.file("river.tif"));
  // A 1 m temperature raster over the same ground: water at 18 degrees
  // with 0.1 K of noise, a 6 x 20 m warm tongue at 24 degrees off the
  // bottom bank near its right end (where there is no colour plume).
  const auto& gt = image.geo_transform();
  const double extent_m = image.width() * gt[1];
  const int n = int(extent_m);
  std::vector<float> kelvin(std::size_t(n) * n);
  const auto water = imagery::read_polygon_rings(scene.file("water.geojson"), image.crs_wkt());
  OGRPolygon river = polygon_of(water.at(0));
  for (int r = 0; r < n; ++r) {
    for (int c = 0; c < n; ++c)
      kelvin[std::size_t(r) * n + c] = float(18 + 0.1 * ((r * 7 + c * 13) % 5 - 2) / 2.0);
  }
  // Bottom bank near x = 85 % of the width: the first land row below the water.
  const int c0 = int(0.85 * n) - 10;
  int bank_row = n - 1;
  for (int r = n / 2; r < n; ++r) {
    OGRPoint p(gt[0] + c0 + 0.5, gt[3] - r - 0.5);
    if (!river.Contains(&p)) {
      bank_row = r;
      break;
    }
  }
  for (int r = bank_row - 6; r < bank_row; ++r) {
    for (int c = c0; c < c0 + 20; ++c) kelvin[std::size_t(r) * n + c] = 24;
  }
  const cv::Point2d warm_source(gt[0] + c0, gt[3] - bank_row);
  {
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    envgrid::gis::DatasetPtr t(
        driver->Create(out.file("thermal.tif").c_str(), n, n, 1, GDT_Float32, nullptr));
    double tgt[6] = {gt[0], 1, 0, gt[3], 0, -1};
    t->SetGeoTransform(tgt);
    OGRSpatialReference srs;
    srs.importFromWkt(image.crs_wkt().c_str());
    t->SetSpatialRef(&srs);
    ASSERT_EQ(t->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, n, n, kelvin.data(), n, n, GDT_Float32,
                                            0, 0, nullptr),
              CE_None);
  }
  imagery::OutfallOptions options;
  options.water_rings = water;
  options.thermal_path = out.file("thermal.tif");
  const auto result = imagery::detect_outfalls(image, options);
  int thermal_near = 0;
  for (const auto& d : result.detections) {
    if (d.cue.find("thermal") == std::string::npos) continue;
    // tolerance 25 m: the source is the warmest bank pixel of a 20 m tongue.
    if (std::hypot(d.source.x - warm_source.x, d.source.y - warm_source.y) < 25) ++thermal_near;
  }
  EXPECT_EQ(thermal_near, 1);
  EXPECT_EQ(result.detections.size(), 3u) << "two colour plumes and the warm one";
}
