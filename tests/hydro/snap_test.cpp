// The snapping rules (docs/hydro.md, "Snapping") on the dendritic ASCII map:
// nearest reach, measure from the downstream end, near-ties, unsnapped.

#include <gtest/gtest.h>

#include "envgrid/hydro/snap.hpp"
#include "sample_networks.hpp"

namespace {

namespace hydro = envgrid::hydro;
using envgrid::test::dendritic_map;
using envgrid::test::sample_gridsize_m;

// A point east_m/south_m metres from map node A, on the map's own scale.
hydro::LonLat near_a(double east_m, double south_m) {
  const hydro::LonLat a = dendritic_map().node('A');
  constexpr double metres_per_degree_lat = 111'320.0;
  return {a.lon + east_m / (metres_per_degree_lat * 0.8660254),
          a.lat - south_m / metres_per_degree_lat};
}

class SnapTest : public ::testing::Test {
 protected:
  hydro::Network net = hydro::build_network(envgrid::test::dendritic_reaches());
  const std::string& id(const hydro::SnapCandidate& c) const { return net.reaches[c.reach].id; }
};

// The map's degrees are drawn with a mean metre per degree; the metric CRS
// measures on the ellipsoid, 0.5 % apart at 30 N.
constexpr double map_scale_tolerance = 0.006;

TEST_F(SnapTest, APointSnapsToTheNearestReachWithItsMeasureFromTheDownstreamEnd) {
  const hydro::Snapper snapper(net, {});
  // Reach 1 runs A -> B, 1000 m east; 200 m from A is 80 % of the way up from B.
  const auto r = snapper.snap(near_a(200, 30));
  ASSERT_TRUE(r.nearest);
  EXPECT_EQ(id(*r.nearest), "1");
  EXPECT_NEAR(r.nearest->distance_m, 30, 30 * map_scale_tolerance);
  EXPECT_NEAR(r.nearest->measure, 80, 0.5);
  EXPECT_FALSE(r.tie);
}

TEST_F(SnapTest, MeasureIsZeroAtTheDownstreamEndAndHundredAtTheUpstreamEnd) {
  const hydro::Snapper snapper(net, {});
  // Reach 6 runs E (200 m south of A's row) south to G (700 m): 500 m.
  const auto upstream = snapper.snap(near_a(10 * sample_gridsize_m + 40, 1.6 * sample_gridsize_m));
  const auto downstream = snapper.snap(near_a(10 * sample_gridsize_m - 40, 7 * sample_gridsize_m));
  const auto source = snapper.snap(near_a(-30, 0));
  ASSERT_TRUE(downstream.nearest);
  EXPECT_EQ(id(*downstream.nearest), "6");
  EXPECT_NEAR(downstream.nearest->measure, 0, 0.5);
  EXPECT_NEAR(downstream.nearest->distance_m, 40, 40 * map_scale_tolerance);
  ASSERT_TRUE(upstream.nearest);
  EXPECT_EQ(id(*upstream.nearest), "2");  // reach 2 (B -> E) is the one there
  EXPECT_NEAR(upstream.nearest->measure, 100.0 * 40 / 200, 0.5);
  ASSERT_TRUE(source.nearest);  // beyond the upstream end of reach 1
  EXPECT_EQ(id(*source.nearest), "1");
  EXPECT_NEAR(source.nearest->measure, 100, 1e-9);
}

TEST_F(SnapTest, ASecondReachWithinTheMarginIsANearTieWithBothDistances) {
  hydro::SnapOptions options;
  options.tie_margin_m = 10;
  const hydro::Snapper snapper(net, options);
  // Halfway between reach 1 (row 1) and reach 3 (row 3), 3 m nearer reach 1.
  const auto tie = snapper.snap(near_a(300, 97));
  ASSERT_TRUE(tie.nearest);
  ASSERT_TRUE(tie.tie);
  EXPECT_EQ(id(*tie.nearest), "1");
  EXPECT_EQ(id(*tie.tie), "3");
  EXPECT_NEAR(tie.nearest->distance_m, 97, 97 * map_scale_tolerance);
  EXPECT_NEAR(tie.tie->distance_m, 103, 103 * map_scale_tolerance);
  // 30 m nearer reach 1: no longer a tie.
  const auto clear = snapper.snap(near_a(300, 85));
  ASSERT_TRUE(clear.nearest);
  EXPECT_EQ(id(*clear.nearest), "1");
  EXPECT_FALSE(clear.tie);
}

TEST_F(SnapTest, APointBeyondTheDistanceIsUnsnapped) {
  hydro::SnapOptions options;
  options.max_distance_m = 500;
  const hydro::Snapper snapper(net, options);
  // 600 m north of reach 1, and 450 m north of it with a 500 m limit.
  EXPECT_FALSE(snapper.snap(near_a(500, -600)).nearest);
  const auto inside = snapper.snap(near_a(500, -450));
  ASSERT_TRUE(inside.nearest);
  EXPECT_EQ(id(*inside.nearest), "1");
}

}  // namespace
