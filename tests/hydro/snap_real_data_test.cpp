// Snapping on the real New Hope NHDPlus extract (braids and divergences):
// a point on a reach's line snaps to that reach at distance ~0 (or to a
// coincident line, reported as a near-tie), and its measure is the share of
// the line below it.

#include <gtest/gtest.h>

#include <iostream>

#include "envgrid/hydro/reach_io.hpp"
#include "envgrid/hydro/snap.hpp"
#include "test_support.hpp"

namespace {

namespace hydro = envgrid::hydro;

TEST(HydroSnapRealData, PointsOnEveryNewHopeReachSnapBackToIt) {
  const auto root = envgrid::test::shared_real_data();
  if (!root) GTEST_SKIP() << "../shared/data/real is absent: New Hope snapping not tested";
  hydro::ReachSourceOptions source;
  source.id_field = "COMID";
  const auto net = hydro::build_network(
      hydro::read_reaches((*root / "hydro/hydroloom/new_hope.gpkg").string(), source).records);
  const hydro::Snapper snapper(net, {});
  std::size_t checked = 0, ties = 0;
  for (std::size_t r = 0; r < net.reaches.size(); ++r) {
    const auto& line = net.reaches[r].line;
    if (line.size() < 2) continue;
    // The midpoint of the first segment: near the upstream end, measure near 100.
    const hydro::LonLat p{(line[0].lon + line[1].lon) / 2, (line[0].lat + line[1].lat) / 2};
    const auto snapped = snapper.snap(p);
    ASSERT_TRUE(snapped.nearest) << net.reaches[r].id;
    EXPECT_LT(snapped.nearest->distance_m, 0.5) << net.reaches[r].id;
    const bool on_it = snapped.nearest->reach == r || (snapped.tie && snapped.tie->reach == r);
    EXPECT_TRUE(on_it) << net.reaches[r].id << " snapped to "
                       << net.reaches[snapped.nearest->reach].id;
    if (snapped.nearest->reach == r) {
      EXPECT_GT(snapped.nearest->measure, 50 - 0.01) << net.reaches[r].id;
    }
    if (snapped.tie) {
      // A near-tie must be explained: the other reach meets this one at a node
      // (the point is near the junction) or runs on top of it.
      const std::size_t other =
          snapped.nearest->reach == r ? snapped.tie->reach : snapped.nearest->reach;
      const bool meets = net.from_vertex[other] == net.from_vertex[r] ||
                         net.to_vertex[other] == net.from_vertex[r] ||
                         net.from_vertex[other] == net.to_vertex[r] ||
                         net.to_vertex[other] == net.to_vertex[r];
      EXPECT_TRUE(meets || snapped.tie->distance_m < 0.5)
          << net.reaches[r].id << " tied with " << net.reaches[other].id;
      ++ties;
    }
    ++checked;
  }
  EXPECT_EQ(checked, net.reaches.size());
  std::cout << ties << " of " << checked << " points were near-ties\n";
  // Half a degree north of the basin there is no reach within 500 m.
  EXPECT_FALSE(
      snapper.snap({net.reaches[0].line[0].lon, net.reaches[0].line[0].lat + 0.5}).nearest);
}

}  // namespace
