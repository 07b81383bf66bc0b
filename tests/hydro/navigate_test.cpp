// trace(): UT, UM, DM, DD with NLDI's distance rule, on ASCII-map networks.

#include <gtest/gtest.h>

#include <algorithm>

#include "envgrid/hydro/navigate.hpp"
#include "sample_networks.hpp"

namespace {

using envgrid::hydro::build_network;
using envgrid::hydro::Network;
using envgrid::hydro::parse_trace_mode;
using envgrid::hydro::TraceMode;
using envgrid::hydro::TraceOptions;
using envgrid::test::braid_reaches;
using envgrid::test::dendritic_reaches;
using envgrid::test::looped_reaches;

Network dendritic_network() { return build_network(dendritic_reaches()); }

std::vector<std::string> traced(const Network& net, const std::string& from, TraceOptions options) {
  std::vector<std::string> ids;
  for (const auto& step : trace(net, net.find(from).value(), options).steps)
    ids.push_back(net.reaches[step.reach].id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

TraceOptions mode(TraceMode m, std::optional<double> max_distance_km = std::nullopt) {
  TraceOptions o;
  o.mode = m;
  o.max_distance_km = max_distance_km;
  return o;
}

using Ids = std::vector<std::string>;

TEST(HydroTrace, ModesOnADendriticNetwork) {
  const Network net = dendritic_network();
  EXPECT_EQ(traced(net, "6", mode(TraceMode::upstream_tributaries)),
            (Ids{"1", "2", "3", "4", "5", "6"}));
  EXPECT_EQ(traced(net, "5", mode(TraceMode::upstream_tributaries)), (Ids{"3", "4", "5"}));
  EXPECT_EQ(traced(net, "6", mode(TraceMode::upstream_main)), (Ids{"1", "2", "6"}));
  EXPECT_EQ(traced(net, "5", mode(TraceMode::upstream_main)), (Ids{"3", "5"}));
  EXPECT_EQ(traced(net, "4", mode(TraceMode::downstream_main)), (Ids{"4", "5", "6"}));
  EXPECT_EQ(traced(net, "1", mode(TraceMode::downstream_diversions)), (Ids{"1", "2", "6"}));
}

TEST(HydroTrace, UpstreamDistanceIsBetweenDownstreamEnds) {
  const Network net = dendritic_network();
  // From the downstream end of 6 (G): 2 and 5 end at E, 500 m up; 1 ends at
  // B, 700 m; 3 and 4 end at D, 1000 m.
  EXPECT_EQ(traced(net, "6", mode(TraceMode::upstream_tributaries, 0.45)), (Ids{"6"}));
  EXPECT_EQ(traced(net, "6", mode(TraceMode::upstream_tributaries, 0.55)), (Ids{"2", "5", "6"}));
  EXPECT_EQ(traced(net, "6", mode(TraceMode::upstream_tributaries, 0.75)),
            (Ids{"1", "2", "5", "6"}));
  EXPECT_EQ(traced(net, "6", mode(TraceMode::upstream_tributaries, 1.05)),
            (Ids{"1", "2", "3", "4", "5", "6"}));
  const auto steps = trace(net, *net.find("6"), mode(TraceMode::upstream_tributaries)).steps;
  for (const auto& s : steps) {
    if (net.reaches[s.reach].id == "1") EXPECT_NEAR(s.distance_km, 0.7, 0.7 * 0.005);
  }
}

TEST(HydroTrace, DownstreamDistanceIsBetweenUpstreamEnds) {
  const Network net = dendritic_network();
  // From the upstream end of 3 (C): 5 starts at D, 500 m down; 6 starts at E, 1000 m.
  EXPECT_EQ(traced(net, "3", mode(TraceMode::downstream_main, 0.45)), (Ids{"3"}));
  EXPECT_EQ(traced(net, "3", mode(TraceMode::downstream_main, 0.55)), (Ids{"3", "5"}));
  EXPECT_EQ(traced(net, "3", mode(TraceMode::downstream_diversions, 1.05)), (Ids{"3", "5", "6"}));
}

TEST(HydroTrace, TravelTimeLimitUsesVelocities) {
  auto records = dendritic_reaches();
  for (auto& r : records) r.velocity_m_s = 0.5;
  const Network net = build_network(records);
  TraceOptions o = mode(TraceMode::upstream_tributaries);
  // 500 m at 0.5 m/s is 1000 s = 0.278 h to E; 700 m to B is 0.389 h.
  o.max_travel_hours = 0.3;
  EXPECT_EQ(traced(net, "6", o), (Ids{"2", "5", "6"}));
  o.max_travel_hours = 0.4;
  EXPECT_EQ(traced(net, "6", o), (Ids{"1", "2", "5", "6"}));
}

TEST(HydroTrace, BraidUpstreamTakesBothChannelsDownstreamMainTakesOne) {
  const Network net = build_network(braid_reaches(true));
  EXPECT_EQ(traced(net, "ef", mode(TraceMode::upstream_tributaries)),
            (Ids{"ab", "ef", "main", "minor"}));
  EXPECT_EQ(traced(net, "minor", mode(TraceMode::upstream_tributaries)), (Ids{"ab", "minor"}));
  EXPECT_EQ(traced(net, "ab", mode(TraceMode::downstream_main)), (Ids{"ab", "ef", "main"}));
  EXPECT_EQ(traced(net, "ab", mode(TraceMode::downstream_diversions)),
            (Ids{"ab", "ef", "main", "minor"}));
  EXPECT_EQ(traced(net, "ef", mode(TraceMode::upstream_main)), (Ids{"ab", "ef", "main"}));
  // The minor channel (566 m) is measured along its own main path, through E:
  // its downstream end is 200 m above F, however long it is.
  EXPECT_EQ(traced(net, "ef", mode(TraceMode::upstream_tributaries, 0.25)),
            (Ids{"ef", "main", "minor"}));
}

TEST(HydroTrace, LoopsTerminateAndAreReported) {
  const Network net = build_network(looped_reaches());
  for (TraceMode m : {TraceMode::upstream_tributaries, TraceMode::downstream_diversions}) {
    const std::string from = m == TraceMode::upstream_tributaries ? "ef" : "ab";
    const auto result = trace(net, *net.find(from), mode(m));
    EXPECT_EQ(result.steps.size(), 6u);
    EXPECT_EQ(result.loops, std::vector<std::size_t>{0});
  }
  EXPECT_LE(traced(net, "bc", mode(TraceMode::downstream_main)).size(), 5u);
  EXPECT_LE(traced(net, "eb", mode(TraceMode::upstream_main)).size(), 5u);
}

// UT traces walk rows laid out breadth-first from the outlets, not in the
// order the source lists reaches: the order must change nothing a user sees.
TEST(HydroTrace, UpstreamTracesDoNotDependOnTheSourceOrder) {
  std::vector<envgrid::hydro::ReachRecord> records = braid_reaches(false);
  for (auto& r : looped_reaches()) {
    r.id = "loop-" + r.id;
    records.push_back(r);
  }
  // A closed cycle no outlet drains, away from the other networks.
  const envgrid::test::AsciiMap circle(R"(
P---Q
|   |
S---R
)",
                                       envgrid::test::sample_gridsize_m);
  for (auto& r : circle.reaches({{"pq", "PQ"}, {"qr", "QR"}, {"rs", "RS"}, {"sp", "SP"}})) {
    for (auto& p : r.line) p.lat += 1.0;
    records.push_back(r);
  }
  const Network listed = build_network(records);
  std::reverse(records.begin(), records.end());
  const Network reversed = build_network(records);
  for (const auto& reach : listed.reaches) {
    SCOPED_TRACE(reach.id);
    EXPECT_EQ(traced(listed, reach.id, mode(TraceMode::upstream_tributaries)),
              traced(reversed, reach.id, mode(TraceMode::upstream_tributaries)));
  }
  EXPECT_EQ(traced(listed, "pq", mode(TraceMode::upstream_tributaries)),
            (Ids{"pq", "qr", "rs", "sp"}));
}

TEST(HydroTrace, ModeNames) {
  EXPECT_EQ(parse_trace_mode("UT"), TraceMode::upstream_tributaries);
  EXPECT_EQ(parse_trace_mode("um"), TraceMode::upstream_main);
  EXPECT_EQ(parse_trace_mode("DM"), TraceMode::downstream_main);
  EXPECT_EQ(parse_trace_mode("DD"), TraceMode::downstream_diversions);
  EXPECT_FALSE(parse_trace_mode("UP"));
}

}  // namespace
