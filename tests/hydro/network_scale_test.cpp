// The fast paths of build_network and trace checked against direct searches
// on random synthetic networks: the gap search (cells, sampled cell size,
// pruning) against every segment of every reach; the node lists against the
// reaches' own from/to vertices; UT against a plain upstream search; a trace
// started inside another trace's expand callback.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <tuple>

#include "envgrid/hydro/navigate.hpp"
#include "envgrid/hydro/network.hpp"

namespace {

namespace hydro = envgrid::hydro;

constexpr double metres_per_degree = 111'320.0;

hydro::LonLat at_m(double east_m, double north_m) {
  const double cos_lat = std::cos(30.0 * 3.14159265358979323846 / 180.0);
  return {114.0 + east_m / (metres_per_degree * cos_lat), 30.0 + north_m / metres_per_degree};
}

// A lattice network 200 m apart, each node draining west or south, lines of
// 2 to 5 vertices; a fifth of the lines stop short of their downstream node
// or start beside their upstream node by 0-40 m (possible gaps on both sides
// of the 25 m search distance), and a few lines are long diagonals crossing
// many cells.
std::vector<hydro::ReachRecord> random_network(std::size_t side, unsigned seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> unit(0, 1);
  constexpr double spacing_m = 200;
  std::vector<hydro::ReachRecord> reaches;
  for (std::size_t row = 0; row < side; ++row) {
    for (std::size_t column = 0; column < side; ++column) {
      if (row == 0 && column == 0) continue;
      double down_row = static_cast<double>(row), down_column = static_cast<double>(column);
      if (row == 0 || (column > 0 && unit(random) < 0.5))
        down_column -= 1;
      else
        down_row -= 1;
      hydro::ReachRecord r;
      r.id = "r" + std::to_string(reaches.size());
      r.row = static_cast<std::int64_t>(reaches.size() + 1);
      double x0 = column * spacing_m, y0 = row * spacing_m;
      double x1 = down_column * spacing_m, y1 = down_row * spacing_m;
      if (unit(random) < 0.02) {  // a long diagonal, off the lattice
        x1 = x0 + 3000 * (unit(random) - 0.5);
        y1 = y0 - 3000 * unit(random);
      }
      const double shift = 40 * unit(random), angle = 6.283185307179586 * unit(random);
      const double kind = unit(random);
      if (kind < 0.1) {
        x1 += shift * std::cos(angle);
        y1 += shift * std::sin(angle);
      } else if (kind < 0.2) {
        x0 += shift * std::cos(angle);
        y0 += shift * std::sin(angle);
      }
      const int vertices = 2 + static_cast<int>(unit(random) * 4);
      for (int k = 0; k < vertices; ++k) {
        const double t = static_cast<double>(k) / (vertices - 1);
        const double jitter = k == 0 || k == vertices - 1 ? 0 : 30 * (unit(random) - 0.5);
        r.line.push_back(at_m(x0 + t * (x1 - x0) + jitter, y0 + t * (y1 - y0) - jitter));
      }
      reaches.push_back(std::move(r));
    }
  }
  return reaches;
}

// The documented distance (docs/hydro.md): a local equirectangular plane
// around the end, nearest point of each segment.
double distance_to_segment_m(const hydro::LonLat& p, const hydro::LonLat& a,
                             const hydro::LonLat& b) {
  const envgrid::gis::MetresPerDegree scale = envgrid::gis::metres_per_degree(p.lat);
  const double ax = (a.lon - p.lon) * scale.lon, ay = (a.lat - p.lat) * scale.lat;
  const double bx = (b.lon - p.lon) * scale.lon, by = (b.lat - p.lat) * scale.lat;
  const double dx = bx - ax, dy = by - ay, length2 = dx * dx + dy * dy;
  const double t = length2 > 0 ? std::clamp(-(ax * dx + ay * dy) / length2, 0.0, 1.0) : 0;
  return std::hypot(ax + t * dx, ay + t * dy);
}

struct ExpectedGap {
  double distance_m;
  std::set<std::string> nearest;  // reaches at that distance (a tie allows any of them)
};

// Every end of a reach that no other reach touches, checked against every
// segment of every other reach.
std::map<std::pair<std::string, bool>, ExpectedGap> direct_gaps(const hydro::Network& net,
                                                                double search_m) {
  std::map<hydro::NodeIndex, int> ends_at;
  for (std::size_t r = 0; r < net.reaches.size(); ++r) {
    ++ends_at[net.from_vertex[r]];
    ++ends_at[net.to_vertex[r]];
  }
  std::map<std::pair<std::string, bool>, ExpectedGap> gaps;
  for (std::size_t r = 0; r < net.reaches.size(); ++r) {
    for (bool at_start : {true, false}) {
      if (ends_at[at_start ? net.from_vertex[r] : net.to_vertex[r]] != 1) continue;
      const auto& line = net.reaches[r].line;
      const hydro::LonLat& end = at_start ? line.front() : line.back();
      std::vector<std::pair<double, std::string>> near;
      for (std::size_t o = 0; o < net.reaches.size(); ++o) {
        if (o == r) continue;
        const auto& other = net.reaches[o].line;
        double best = std::numeric_limits<double>::infinity();
        for (std::size_t k = 0; k + 1 < other.size(); ++k)
          best = std::min(best, distance_to_segment_m(end, other[k], other[k + 1]));
        near.emplace_back(best, net.reaches[o].id);
      }
      std::sort(near.begin(), near.end());
      if (near.empty() || near.front().first > search_m) continue;
      ExpectedGap gap{near.front().first, {}};
      for (const auto& [d, id] : near) {
        if (d <= gap.distance_m + 1e-9) gap.nearest.insert(id);
      }
      gaps[{net.reaches[r].id, at_start}] = gap;
    }
  }
  return gaps;
}

TEST(HydroNetworkScale, GapSearchFindsWhatADirectSearchFinds) {
  for (unsigned seed : {1u, 2u, 3u}) {
    const hydro::Network net = hydro::build_network(random_network(18, seed));
    const auto expected = direct_gaps(net, hydro::BuildOptions{}.gap_search_m);
    ASSERT_GT(expected.size(), 5U) << "seed " << seed << ": the fixture should have gaps";
    std::set<std::pair<std::string, bool>> reported;
    for (const auto& gap : net.report.gaps) {
      const auto it = expected.find({gap.reach_id, gap.at_start});
      ASSERT_NE(it, expected.end()) << "seed " << seed << ": unexpected gap at " << gap.reach_id;
      EXPECT_NEAR(gap.distance_m, it->second.distance_m, 1e-6) << gap.reach_id;
      EXPECT_TRUE(it->second.nearest.count(gap.near_reach))
          << gap.reach_id << " reported near " << gap.near_reach;
      EXPECT_TRUE(reported.insert({gap.reach_id, gap.at_start}).second) << "reported twice";
    }
    EXPECT_EQ(reported.size(), expected.size()) << "seed " << seed;
  }
}

TEST(HydroNetworkScale, NodeListsHoldEachReachOnceInReachOrder) {
  const hydro::Network net = hydro::build_network(random_network(12, 7));
  const std::size_t nodes = net.inflows.first.size() - 1;
  ASSERT_EQ(net.outflows.first.size(), nodes + 1);
  for (hydro::NodeIndex v = 0; v < nodes; ++v) {
    std::vector<std::size_t> in, out;
    for (std::size_t r = 0; r < net.reaches.size(); ++r) {
      if (net.to_vertex[r] == v) in.push_back(r);
      if (net.from_vertex[r] == v) out.push_back(r);
    }
    const auto listed_in = net.inflows.at(v), listed_out = net.outflows.at(v);
    EXPECT_EQ(std::vector<std::size_t>(listed_in.begin(), listed_in.end()), in) << "node " << v;
    EXPECT_EQ(std::vector<std::size_t>(listed_out.begin(), listed_out.end()), out) << "node " << v;
  }
}

// Upstream with tributaries, found the slow way: reaches whose downstream
// node is the upstream node of a reach already found, until nothing changes.
std::set<std::size_t> direct_upstream(const hydro::Network& net, std::size_t start) {
  std::set<std::size_t> found{start};
  for (bool grew = true; grew;) {
    grew = false;
    for (std::size_t r = 0; r < net.reaches.size(); ++r) {
      if (found.count(r)) continue;
      for (std::size_t f : found) {
        if (net.to_vertex[r] == net.from_vertex[f]) {
          found.insert(r);
          grew = true;
          break;
        }
      }
    }
  }
  return found;
}

std::set<std::size_t> traced(const hydro::Network& net, std::size_t start,
                             const hydro::TraceOptions& options = {}) {
  std::set<std::size_t> reaches;
  for (const auto& step : hydro::trace(net, start, options).steps) reaches.insert(step.reach);
  return reaches;
}

TEST(HydroNetworkScale, UpstreamTraceMatchesADirectSearchTraceAfterTrace) {
  const hydro::Network net = hydro::build_network(random_network(10, 11));
  // Consecutive traces reuse their marks: each must still see only its own.
  for (std::size_t start = 0; start < net.reaches.size(); start += 7)
    EXPECT_EQ(traced(net, start), direct_upstream(net, start)) << "from " << start;
}

// UT reads each reach's flow distance and time from the upstream rows, a copy
// made at build time: the copies must be the reaches' own values.
TEST(HydroNetworkScale, UpstreamStepsMeasureFromTheReachesOwnFlowValues) {
  const hydro::Network net = hydro::build_network(random_network(10, 13));
  for (std::size_t start = 0; start < net.reaches.size(); start += 5) {
    const hydro::Reach& s = net.reaches[start];
    for (const hydro::TraceStep& step : hydro::trace(net, start, {}).steps) {
      const hydro::Reach& r = net.reaches[step.reach];
      EXPECT_DOUBLE_EQ(step.distance_km, (r.flow_distance_m - s.flow_distance_m) / 1000)
          << "reach " << r.id << " from " << s.id;
      EXPECT_DOUBLE_EQ(step.travel_hours, (r.flow_time_s - s.flow_time_s) / 3600)
          << "reach " << r.id << " from " << s.id;
    }
  }
}

TEST(HydroNetworkScale, TraceInsideAnotherTracesCallbackIsIndependent) {
  const hydro::Network net = hydro::build_network(random_network(10, 5));
  // The reach draining the most network.
  std::size_t outlet = 0;
  for (std::size_t r = 0; r < net.reaches.size(); ++r) {
    if (net.reaches[r].upstream_length_m > net.reaches[outlet].upstream_length_m) outlet = r;
  }
  std::size_t inner_traces = 0;
  hydro::TraceOptions outer;
  outer.expand = [&](std::size_t r) {
    if (r % 5 == 0) {
      EXPECT_EQ(traced(net, r), direct_upstream(net, r)) << "inner trace from " << r;
      ++inner_traces;
    }
    return true;
  };
  EXPECT_EQ(traced(net, outlet, outer), traced(net, outlet));
  EXPECT_GT(inner_traces, 3U);
}

}  // namespace
