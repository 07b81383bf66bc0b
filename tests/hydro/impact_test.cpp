// downstream_impact(): the sections a spill reaches, with flow distance and
// travel time by the fastest path, on ASCII-map networks whose lengths and
// velocities are given, so every figure below is worked out by hand.

#include <gtest/gtest.h>

#include "envgrid/hydro/impact.hpp"
#include "sample_networks.hpp"

namespace {

namespace hydro = envgrid::hydro;
using hydro::ImpactTarget;
using hydro::NetworkPoint;

// Metres and seconds are sums of given lengths and length / velocity.
constexpr double tolerance_m = 1e-6, tolerance_h = 1e-9;

hydro::Network with_lengths(
    std::vector<hydro::ReachRecord> records,
    const std::map<std::string, std::pair<double, double>>& length_velocity) {
  for (auto& r : records) {
    const auto& [length_m, velocity_m_s] = length_velocity.at(r.id);
    r.length_m = length_m;
    r.velocity_m_s = velocity_m_s;
  }
  return hydro::build_network(records);
}

ImpactTarget target(const hydro::Network& net, const std::string& id, const std::string& reach,
                    double measure) {
  return {id, "monitoring", id + " section", {net.find(reach).value(), measure}, {}};
}

struct Listed {
  std::string id;
  double distance_m;
  double hours;
};

std::vector<Listed> listed(const hydro::Network& net, const NetworkPoint& start,
                           const std::vector<ImpactTarget>& targets,
                           std::optional<double> max_hours = std::nullopt) {
  std::vector<Listed> out;
  for (const auto& hit : hydro::downstream_impact(net, start, targets, {max_hours}))
    out.push_back({targets[hit.target].section_id, hit.flow_distance_m, hit.travel_hours});
  return out;
}

// The braid of sample_networks.hpp: ab 1000 m at 1 m/s into B, where main
// (400 m at 0.5 m/s: 800 s) and minor (600 m at 1 m/s: 600 s) split and
// rejoin at E; ef 2000 m at 2 m/s (1000 s).
hydro::Network braid() {
  return with_lengths(
      envgrid::test::braid_reaches(true),
      {{"ab", {1000, 1}}, {"main", {400, 0.5}}, {"minor", {600, 1}}, {"ef", {2000, 2}}});
}

TEST(HydroImpact, DistancesAndTimesFromTheStartPointAlongTheFastestPath) {
  const hydro::Network net = braid();
  const std::vector<ImpactTarget> targets = {
      target(net, "above", "ab", 80),  // above the start: never reached
      target(net, "below", "ab", 20),  // 30 % of ab below the start: 300 m, 300 s
      target(net, "on_main", "main", 50), target(net, "on_minor", "minor", 50),
      target(net, "outlet", "ef", 0)};
  // The spill is half-way down ab: 500 m and 500 s to B.
  const auto hits = listed(net, {net.find("ab").value(), 50}, targets);
  ASSERT_EQ(hits.size(), 4u);
  // Soonest first. on_minor: 500 + 300 m, 500 + 300 s; on_main: 500 + 200 m,
  // 500 + 400 s (nearer but slower).
  EXPECT_EQ(hits[0].id, "below");
  EXPECT_NEAR(hits[0].distance_m, 300, tolerance_m);
  EXPECT_NEAR(hits[0].hours, 300.0 / 3600, tolerance_h);
  EXPECT_EQ(hits[1].id, "on_minor");
  EXPECT_NEAR(hits[1].distance_m, 800, tolerance_m);
  EXPECT_NEAR(hits[1].hours, 800.0 / 3600, tolerance_h);
  EXPECT_EQ(hits[2].id, "on_main");
  EXPECT_NEAR(hits[2].distance_m, 700, tolerance_m);
  EXPECT_NEAR(hits[2].hours, 900.0 / 3600, tolerance_h);
  // E is reached first through the minor channel (500 + 600 s), not the main
  // one (500 + 800 s): 1100 m + 2000 m, 1100 s + 1000 s.
  EXPECT_EQ(hits[3].id, "outlet");
  EXPECT_NEAR(hits[3].distance_m, 3100, tolerance_m);
  EXPECT_NEAR(hits[3].hours, 2100.0 / 3600, tolerance_h);
}

TEST(HydroImpact, HoursLimitKeepsWhatIsReachedInTime) {
  const hydro::Network net = braid();
  const std::vector<ImpactTarget> targets = {target(net, "on_main", "main", 50),
                                             target(net, "on_minor", "minor", 50),
                                             target(net, "outlet", "ef", 0)};
  const NetworkPoint start{net.find("ab").value(), 50};
  // on_main is reached at 900 s = 0.25 h exactly: a limit of 0.25 h keeps it.
  auto ids = [&](double hours) {
    std::vector<std::string> out;
    for (const auto& l : listed(net, start, targets, hours)) out.push_back(l.id);
    return out;
  };
  EXPECT_EQ(ids(0.25), (std::vector<std::string>{"on_minor", "on_main"}));
  EXPECT_EQ(ids(0.24), (std::vector<std::string>{"on_minor"}));
  EXPECT_EQ(ids(0.2), (std::vector<std::string>{}));
  EXPECT_EQ(ids(1), (std::vector<std::string>{"on_minor", "on_main", "outlet"}));
}

TEST(HydroImpact, TributariesAndUnplacedSectionsAreNotReached) {
  // Dendritic map: 1 (AB) and 5 (DE) join at E into 6 (EG); 3 and 4 feed 5.
  const hydro::Network net = with_lengths(envgrid::test::dendritic_reaches(), {{"1", {700, 1}},
                                                                               {"2", {500, 1}},
                                                                               {"3", {500, 1}},
                                                                               {"4", {500, 1}},
                                                                               {"5", {500, 1}},
                                                                               {"6", {700, 1}}});
  std::vector<ImpactTarget> targets = {target(net, "tributary", "3", 0),
                                       target(net, "beside", "5", 50),
                                       target(net, "downstream", "6", 100)};
  targets.push_back({"unsnapped", "monitoring", "", {hydro::no_reach, 0}, {}});
  const auto hits = listed(net, {net.find("1").value(), 100}, targets);
  ASSERT_EQ(hits.size(), 1u);
  // The whole of 1 and 2 to the upstream end of 6: 700 + 500 m at 1 m/s.
  EXPECT_EQ(hits[0].id, "downstream");
  EXPECT_NEAR(hits[0].distance_m, 1200, tolerance_m);
  EXPECT_NEAR(hits[0].hours, 1200.0 / 3600, tolerance_h);
}

TEST(HydroImpact, ALoopTerminatesAndReachesTheStartReachFromAbove) {
  // B-C-D-E-B is a loop, E-F leaves it; every reach 100 m at 1 m/s.
  std::map<std::string, std::pair<double, double>> lengths;
  for (const char* id : {"ab", "bc", "cd", "de", "eb", "ef"}) lengths[id] = {100, 1};
  const hydro::Network net = with_lengths(envgrid::test::looped_reaches(), lengths);
  const std::vector<ImpactTarget> targets = {target(net, "above_start", "bc", 80),
                                             target(net, "out", "ef", 0)};
  const auto hits = listed(net, {net.find("bc").value(), 50}, targets);
  ASSERT_EQ(hits.size(), 2u);
  // out: 50 m of bc, cd, de, ef = 350 m. above_start: 50 m of bc, cd, de,
  // eb, then 20 m of bc = 370 m.
  EXPECT_EQ(hits[0].id, "out");
  EXPECT_NEAR(hits[0].distance_m, 350, tolerance_m);
  EXPECT_EQ(hits[1].id, "above_start");
  EXPECT_NEAR(hits[1].distance_m, 370, tolerance_m);
  EXPECT_NEAR(hits[1].hours, 370.0 / 3600, tolerance_h);
}

TEST(HydroImpact, EqualTimesAreOrderedByDistanceThenId) {
  const hydro::Network net = braid();
  const std::vector<ImpactTarget> targets = {target(net, "b2", "ef", 50),
                                             target(net, "b1", "ef", 50)};
  const auto hits = listed(net, {net.find("ef").value(), 100}, targets);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].id, "b1");
  EXPECT_EQ(hits[1].id, "b2");
}

}  // namespace
