// build_network on ASCII-map networks: topology, derived values, the report.

#include <gtest/gtest.h>

#include <cmath>

#include <algorithm>
#include <set>

#include "envgrid/hydro/network.hpp"
#include "sample_networks.hpp"

namespace {

using envgrid::hydro::build_network;
using envgrid::hydro::BuildOptions;
using envgrid::hydro::Network;
using envgrid::hydro::no_reach;
using envgrid::hydro::ReachRecord;
using envgrid::hydro::Topology;
using envgrid::test::braid_reaches;
using envgrid::test::dendritic_map;
using envgrid::test::dendritic_reaches;
using envgrid::test::downstream_pairs;
using envgrid::test::looped_reaches;

// The map's metres per degree are a spherical approximation; geodesic
// lengths on the ellipsoid differ from them by less than 0.5 %.
constexpr double length_tolerance = 0.005;

const envgrid::hydro::Reach& reach(const Network& net, const std::string& id) {
  return net.reaches.at(net.find(id).value());
}

TEST(HydroNetwork, DendriticOutletsHeadwatersAndLengths) {
  const auto records = dendritic_reaches();
  const Network net = build_network(records);
  EXPECT_EQ(net.report.outlets, std::vector<std::string>{"6"});
  EXPECT_EQ(net.report.headwaters, (std::vector<std::string>{"1", "3", "4"}));
  EXPECT_TRUE(net.report.loops.empty());
  EXPECT_TRUE(net.report.problems.empty());
  EXPECT_EQ(net.report.part_sizes, std::vector<std::size_t>{6});
  EXPECT_NEAR(reach(net, "1").length_m, 1000, 1000 * length_tolerance);
  EXPECT_NEAR(reach(net, "6").length_m, 500, 500 * length_tolerance);
  // Flow distance: downstream end to the outlet.
  EXPECT_DOUBLE_EQ(reach(net, "6").flow_distance_m, 0);
  EXPECT_DOUBLE_EQ(reach(net, "2").flow_distance_m, reach(net, "6").length_m);
  EXPECT_DOUBLE_EQ(reach(net, "4").flow_distance_m,
                   reach(net, "5").length_m + reach(net, "6").length_m);
  double total_m = 0;
  for (const auto& r : net.reaches) total_m += r.length_m;
  EXPECT_DOUBLE_EQ(reach(net, "6").upstream_length_m, total_m);
  EXPECT_DOUBLE_EQ(reach(net, "5").upstream_length_m,
                   reach(net, "3").length_m + reach(net, "4").length_m + reach(net, "5").length_m);
}

TEST(HydroNetwork, StrahlerIncrementsOnlyWhereTwoEqualOrdersMeet) {
  const auto records = dendritic_reaches();
  const Network net = build_network(records);
  EXPECT_EQ(reach(net, "1").strahler, 1);
  EXPECT_EQ(reach(net, "2").strahler, 1);
  EXPECT_EQ(reach(net, "5").strahler, 2);  // 3 and 4 are both first order
  EXPECT_EQ(reach(net, "6").strahler, 2);  // 2 (order 1) joins 5 (order 2)
}

TEST(HydroNetwork, MainStemFollowsTheLongestUpstreamNetwork) {
  const auto records = dendritic_reaches();
  const Network net = build_network(records);
  // At E: 1+2 drain 1200 m, 3+4+5 drain 1100 m, so A-B-E-G is the main stem.
  EXPECT_EQ(reach(net, "1").levelpath_id, "6");
  EXPECT_EQ(reach(net, "2").levelpath_id, "6");
  EXPECT_EQ(reach(net, "5").levelpath_id, "5");
  EXPECT_EQ(reach(net, "3").levelpath_id, "5");  // 500 m against 100 m at D
  EXPECT_EQ(reach(net, "4").levelpath_id, "4");
}

TEST(HydroNetwork, LevelpathFieldIsUsedWhenGiven) {
  auto records = dendritic_reaches();
  for (auto& r : records)
    r.levelpath_id = (r.id == "3" || r.id == "5" || r.id == "6") ? "main" : "t" + r.id;
  const Network net = build_network(records);
  EXPECT_EQ(reach(net, "5").levelpath_id, "main");
  EXPECT_EQ(reach(net, "2").levelpath_id, "t2");
}

TEST(HydroNetwork, GeometryAndNodeTopologiesGiveTheSameNetwork) {
  const auto records = dendritic_reaches();
  BuildOptions by_nodes;
  by_nodes.topology = Topology::nodes;
  const Network from_geometry = build_network(records);
  const Network from_nodes = build_network(records, by_nodes);
  EXPECT_EQ(downstream_pairs(from_geometry), downstream_pairs(from_nodes));
  for (const auto& r : from_geometry.reaches) {
    const auto& other = reach(from_nodes, r.id);
    EXPECT_DOUBLE_EQ(r.flow_distance_m, other.flow_distance_m) << r.id;
    EXPECT_EQ(r.strahler, other.strahler) << r.id;
    EXPECT_EQ(r.levelpath_id, other.levelpath_id) << r.id;
  }
}

TEST(HydroNetwork, EndsWithinTheSnapToleranceAreJoined) {
  auto records = dendritic_reaches();
  records[1].line.front().lon += 0.5 / (111'320.0 * 0.8660254);  // reach 2 starts 0.5 m east of B
  EXPECT_EQ(build_network(records).report.outlets.size(), 1u);   // DEFAULT 1 m joins it
  BuildOptions strict;
  strict.snap_tolerance_m = 0.1;
  const Network split = build_network(records, strict);
  EXPECT_EQ(split.report.outlets, (std::vector<std::string>{"1", "6"}));
  EXPECT_EQ(split.report.part_sizes.size(), 2u);
  // The split end is a dangling end next to reach 2: a possible gap.
  ASSERT_FALSE(split.report.gaps.empty());
  EXPECT_EQ(split.report.gaps.front().reach_id, "1");
  EXPECT_EQ(split.report.gaps.front().near_reach, "2");
  EXPECT_NEAR(split.report.gaps.front().distance_m, 0.5, 0.01);
}

TEST(HydroNetwork, BraidDivergenceFromFieldAndDetected) {
  for (bool field : {true, false}) {
    const auto records = braid_reaches(field);
    const Network net = build_network(records);
    ASSERT_EQ(net.report.divergences.size(), 1u);
    const auto& d = net.report.divergences.front();
    EXPECT_EQ(d.main_reach, "main");
    EXPECT_EQ(d.minor_reaches, std::vector<std::string>{"minor"});
    EXPECT_EQ(d.from_field, field);
    EXPECT_EQ(reach(net, "main").divergence, 1);
    EXPECT_EQ(reach(net, "minor").divergence, 2);
    EXPECT_TRUE(net.report.loops.empty());  // a braid is not a loop: flow never returns
  }
}

TEST(HydroNetwork, BraidIsMeasuredAlongTheMainPathAndCountedOnce) {
  const auto records = braid_reaches(true);
  const Network net = build_network(records);
  const double ef = reach(net, "ef").length_m;
  EXPECT_DOUBLE_EQ(reach(net, "minor").flow_distance_m, ef);
  EXPECT_DOUBLE_EQ(reach(net, "ab").flow_distance_m, ef + reach(net, "main").length_m);
  double total_m = 0;
  for (const auto& r : net.reaches) total_m += r.length_m;
  EXPECT_DOUBLE_EQ(reach(net, "ef").upstream_length_m, total_m);
  // The rejoining minor path does not raise the order.
  EXPECT_EQ(reach(net, "ef").strahler, 1);
  EXPECT_EQ(reach(net, "ab").levelpath_id, "ef");
  EXPECT_EQ(reach(net, "minor").levelpath_id, "minor");
}

TEST(HydroNetwork, LoopIsReportedWithItsReaches) {
  const auto records = looped_reaches();
  const Network net = build_network(records);
  ASSERT_EQ(net.report.loops.size(), 1u);
  EXPECT_EQ(net.report.loops.front(), (std::vector<std::string>{"bc", "cd", "de", "eb"}));
  EXPECT_EQ(net.report.outlets, std::vector<std::string>{"ef"});
  for (const auto& r : net.reaches) EXPECT_TRUE(std::isfinite(r.flow_distance_m)) << r.id;
}

TEST(HydroNetwork, BadRowsAreReportedByRowAndTheRestIsBuilt) {
  auto records = dendritic_reaches();
  records.push_back(dendritic_map().reach("2", "BE", 7));  // duplicate id
  ReachRecord no_line;
  no_line.id = "8";
  no_line.row = 8;
  records.push_back(no_line);
  records.push_back(dendritic_map().reach("9", "GG", 9));  // zero length
  const Network net = build_network(records);
  EXPECT_EQ(net.reaches.size(), 7u);  // 1-6 and the zero-length reach
  std::vector<std::pair<std::int64_t, std::string>> reported;
  for (const auto& p : net.report.problems) reported.emplace_back(p.row, p.reach_id);
  EXPECT_EQ(reported,
            (std::vector<std::pair<std::int64_t, std::string>>{{7, "2"}, {8, "8"}, {9, "9"}}));
  EXPECT_NE(net.report.problems[0].what.find("duplicate reach id (first at row 2)"),
            std::string::npos);
  EXPECT_NE(net.report.problems[1].what.find("no geometry"), std::string::npos);
  EXPECT_NE(net.report.problems[2].what.find("zero length"), std::string::npos);
}

TEST(HydroNetwork, LineDigitizedAgainstItsNodesIsReportedAndReversed) {
  auto records = dendritic_reaches();
  std::reverse(records[4].line.begin(), records[4].line.end());  // reach 5 drawn E -> D
  BuildOptions by_nodes;
  by_nodes.topology = Topology::nodes;
  const Network net = build_network(records, by_nodes);
  ASSERT_EQ(net.report.problems.size(), 1u);
  EXPECT_EQ(net.report.problems[0].reach_id, "5");
  EXPECT_NE(net.report.problems[0].what.find("digitized against"), std::string::npos);
  EXPECT_DOUBLE_EQ(reach(net, "5").line.front().lon, dendritic_map().node('D').lon);
  // With a geometry topology the digitized direction rules, and is reported too.
  const Network by_geometry = build_network(records);
  ASSERT_EQ(by_geometry.report.problems.size(), 1u);
  EXPECT_EQ(by_geometry.report.problems[0].reach_id, "5");
}

TEST(HydroNetwork, NodeTopologyKeepsReachesWithoutGeometry) {
  auto records = dendritic_reaches();
  records[2].line.clear();
  records[2].length_m = 500;
  BuildOptions by_nodes;
  by_nodes.topology = Topology::nodes;
  const Network net = build_network(records, by_nodes);
  EXPECT_EQ(net.reaches.size(), 6u);
  EXPECT_EQ(reach(net, "5").strahler, 2);
  EXPECT_DOUBLE_EQ(reach(net, "3").length_m, 500);
}

}  // namespace
