// Change detection measured against the generator's ground truth: object
// recall/precision, kinds, pixel precision/recall/F1, permits, and the
// misregistration that must not become flags.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>

#include "detection_scoring.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/imagery/change_detection.hpp"
#include "envgrid/imagery/flags.hpp"
#include "envgrid/imagery/synthetic_imagery.hpp"
#include "test_support.hpp"

namespace imagery = envgrid::imagery;
using envgrid::test::polygon_of;
using envgrid::test::TempDir;

namespace {

// A 410 m park at 0.133 m: the demo scene's object counts in a quarter of
// the pixels, so the suite stays quick.
constexpr int scene_size_px = 3072;
constexpr double pixel_size_m = 0.1333;

struct Scene {
  TempDir dir;
  imagery::SynthSummary summary;
  imagery::ChangeResult result;
  std::vector<envgrid::test::TruthObject> truth;
};

Scene& scene_for_seed(std::uint64_t seed) {
  static std::map<std::uint64_t, std::unique_ptr<Scene>> scenes;
  auto& slot = scenes[seed];
  if (!slot) {
    slot = std::make_unique<Scene>();
    envgrid::gis::set_log_level(envgrid::gis::LogLevel::warning);
    slot->summary = imagery::write_synthetic_imagery(
        slot->dir.path().string(), {.seed = seed, .size_px = scene_size_px, .gsd_m = pixel_size_m});
    const auto before = imagery::RasterSource::open(slot->dir.file("before.tif"));
    const auto after = imagery::RasterSource::open(slot->dir.file("after.tif"));
    imagery::ChangeOptions options;
    options.mask_path = slot->dir.file("mask.tif");
    slot->result = imagery::detect_changes(before, after, options);
    imagery::mark_permitted(slot->result.regions,
                            imagery::read_polygon_rings(slot->dir.file("permits.geojson"), ""));
    slot->truth = envgrid::test::read_objects(slot->dir.file("truth.geojson"));
  }
  return *slot;
}

}  // namespace

struct ObjectScores {
  int truth = 0, found = 0, regions = 0, true_regions = 0, kinds_right = 0, matched = 0;
  int permitted_truth = 0, permitted_right = 0;
  double recall() const { return truth ? double(found) / truth : 0; }
  double precision() const { return regions ? double(true_regions) / regions : 0; }
};

ObjectScores score_objects(const Scene& scene) {
  ObjectScores s;
  s.truth = int(scene.truth.size());
  s.regions = int(scene.result.regions.size());
  std::vector<OGRPolygon> detected;
  for (const auto& r : scene.result.regions) detected.push_back(polygon_of(r.ring));
  for (const auto& t : scene.truth) {
    bool found = false;
    for (std::size_t i = 0; i < detected.size(); ++i) {
      if (!envgrid::test::matches(*t.geometry, detected[i])) continue;
      const auto& region = scene.result.regions[i];
      if (!found) {
        ++s.matched;
        s.kinds_right += t.kind == imagery::to_string(region.kind);
        s.permitted_truth += t.permitted;
        s.permitted_right += t.permitted && region.permitted;
      }
      found = true;
    }
    s.found += found;
  }
  for (const auto& d : detected) {
    bool real = false;
    for (const auto& t : scene.truth) real = real || envgrid::test::matches(*t.geometry, d);
    s.true_regions += real;
  }
  std::printf(
      "seed scene: truth %d, found %d, regions %d (true %d), kinds right %d/%d, permitted %d/%d\n",
      s.truth, s.found, s.regions, s.true_regions, s.kinds_right, s.matched, s.permitted_right,
      s.permitted_truth);
  return s;
}

class ChangeQuality : public ::testing::TestWithParam<std::uint64_t> {};

// Floors set from measured values (docs/imagery-detection.md) with margin.
TEST_P(ChangeQuality, FindsChangedObjectsAndFewElse) {
  const Scene& scene = scene_for_seed(GetParam());
  const ObjectScores s = score_objects(scene);
  ASSERT_GE(s.truth, 10) << "the scene should hold enough changes to measure";
  EXPECT_GE(s.recall(), 0.9);
  EXPECT_GE(s.precision(), 0.8);
}

TEST_P(ChangeQuality, TellsKindsApart) {
  const ObjectScores s = score_objects(scene_for_seed(GetParam()));
  ASSERT_GT(s.matched, 0);
  EXPECT_GE(double(s.kinds_right) / s.matched, 0.8);
}

TEST_P(ChangeQuality, MarksPermittedBuildings) {
  const ObjectScores s = score_objects(scene_for_seed(GetParam()));
  ASSERT_GT(s.permitted_truth, 0);
  EXPECT_EQ(s.permitted_right, s.permitted_truth);
  // And nothing unpermitted is excused: every permitted region overlaps a permitted building.
  const Scene& scene = scene_for_seed(GetParam());
  for (const auto& r : scene.result.regions) {
    if (!r.permitted) continue;
    const OGRPolygon p = polygon_of(r.ring);
    bool covered = false;
    for (const auto& t : scene.truth)
      covered = covered || (t.permitted && envgrid::test::matches(*t.geometry, p));
    EXPECT_TRUE(covered) << "a permitted region that is not a permitted building";
  }
}

TEST_P(ChangeQuality, PixelPrecisionRecallF1) {
  const Scene& scene = scene_for_seed(GetParam());
  const auto pixels = envgrid::test::pixel_scores(scene.dir.file("mask.tif"), scene.truth);
  std::printf("pixels: precision %.3f recall %.3f F1 %.3f\n", pixels.precision, pixels.recall,
              pixels.f1);
  EXPECT_GE(pixels.precision, 0.8);
  EXPECT_GE(pixels.recall, 0.8);
  EXPECT_GE(pixels.f1, 0.8);
}

TEST_P(ChangeQuality, RecoversTheMisregistration) {
  const Scene& scene = scene_for_seed(GetParam());
  // tolerance 0.25 px: phase correlation is sub-pixel on textured ground.
  EXPECT_NEAR(scene.result.shift_x_px, scene.summary.shift_x_px, 0.25);
  EXPECT_NEAR(scene.result.shift_y_px, scene.summary.shift_y_px, 0.25);
  EXPECT_NEAR(scene.result.shift_x_m, scene.summary.shift_x_px * pixel_size_m, 0.25 * pixel_size_m);
}

INSTANTIATE_TEST_SUITE_P(Seeds, ChangeQuality, ::testing::Values(42u, 7u));
