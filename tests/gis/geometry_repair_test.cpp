#include "envgrid/gis/geometry_repair.hpp"

#include <gtest/gtest.h>

namespace gis = envgrid::gis;

namespace {

gis::RepairResult repair(const std::string& wkt) {
  auto& context = gis::thread_geos_context();
  auto geometry = gis::geos_from_wkt(context, wkt);
  return gis::repair_geometry(context, geometry.get());
}

}  // namespace

TEST(RepairGeometry, ValidPolygonPassesUnchanged) {
  const auto result = repair("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))");
  EXPECT_EQ(result.outcome, gis::RepairOutcome::valid);
  ASSERT_TRUE(result.geometry);
}

TEST(RepairGeometry, SmallSelfIntersectionIsRepairedKeepingArea) {
  // A 100 x 100 square whose bottom edge has a small loop crossing it (a
  // digitizing slip of about 1 unit): area 10000 before and after within 1 %.
  const auto result = repair("POLYGON ((0 0, 52 0, 51 1, 50 -1, 100 0, 100 100, 0 100, 0 0))");
  EXPECT_EQ(result.outcome, gis::RepairOutcome::repaired);
  EXPECT_NEAR(result.area_after, 10000, 100);
  EXPECT_FALSE(result.method.empty());
  EXPECT_NE(result.defect.find("Self-intersection"), std::string::npos);
}

TEST(RepairGeometry, BowTieIsRejectedWithBothAreas) {
  // A bow-tie: buffer(0) keeps one lobe (half the area), which the policy refuses.
  const auto result = repair("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))");
  // Ring area of the as-digitized bow-tie cancels to 0; any repair changes it.
  EXPECT_EQ(result.outcome, gis::RepairOutcome::rejected);
  EXPECT_FALSE(result.geometry);
  EXPECT_NE(result.reason.find("no repair keeps its area"), std::string::npos);
}

TEST(RepairGeometry, EmptyAndNonFiniteAreRejected) {
  EXPECT_EQ(repair("POLYGON EMPTY").outcome, gis::RepairOutcome::rejected);
  EXPECT_EQ(repair("POLYGON EMPTY").reason, "empty geometry");
  const auto nan = repair("POLYGON ((0 0, NaN 0, 10 10, 0 10, 0 0))");
  EXPECT_EQ(nan.outcome, gis::RepairOutcome::rejected);
}

TEST(RepairGeometry, AbsurdCoordinatesAreRejectedBeforeGeosOverflowsOnThem) {
  // Found by the geometry_repair fuzzer: -5.5e303 made GEOS's buffer throw and leak.
  const auto huge = repair("POLYGON ((0 0, -5.5e303 0, 10 10, 0 10, 0 0))");
  EXPECT_EQ(huge.outcome, gis::RepairOutcome::rejected);
  EXPECT_NE(huge.reason.find("1e9"), std::string::npos) << huge.reason;
  // A Gauss-Krueger easting with its zone prefix (38 500 000 m) is no damage.
  EXPECT_EQ(repair("POLYGON ((38500000 3400000, 38500010 3400000, 38500010 3400010, "
                   "38500000 3400000))")
                .outcome,
            gis::RepairOutcome::valid);
}

TEST(RingArea, CountsHoles) {
  auto& context = gis::thread_geos_context();
  auto g = gis::geos_from_wkt(context,
                              "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 4 2, 4 4, 2 4, 2 2))");
  EXPECT_DOUBLE_EQ(gis::ring_area(context, g.get()), 96);
}
