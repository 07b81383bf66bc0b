// Patrol routing: exact tours against brute force, 2-opt, the MST bound and
// the time budget.

#include "envgrid/grid/patrol.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

using namespace envgrid::grid;

namespace {

struct Point {
  double x;
  double y;
};

DistanceMatrix euclidean(const std::vector<Point>& points) {
  DistanceMatrix d(points.size(), std::vector<double>(points.size()));
  for (std::size_t i = 0; i < points.size(); ++i) {
    for (std::size_t j = 0; j < points.size(); ++j)
      d[i][j] = std::hypot(points[i].x - points[j].x, points[i].y - points[j].y);
  }
  return d;
}

double brute_force_length(const DistanceMatrix& d) {
  std::vector<int> order(d.size() - 1);
  std::iota(order.begin(), order.end(), 1);
  double best = unreachable_m;
  do {
    best = std::min(best, tour_length_m(d, order));
  } while (std::next_permutation(order.begin(), order.end()));
  return best;
}

std::vector<Point> random_points(std::mt19937& random, int count) {
  std::uniform_real_distribution<double> metres(0, 5000);
  std::vector<Point> points;
  for (int i = 0; i < count; ++i) points.push_back({metres(random), metres(random)});
  return points;
}

bool is_permutation_of_stops(const std::vector<int>& order, std::size_t stops) {
  std::vector<int> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int> expected(stops);
  std::iota(expected.begin(), expected.end(), 1);
  return sorted == expected;
}

}  // namespace

TEST(Patrol, ExactTourMatchesBruteForce) {
  std::mt19937 random(20261128);
  for (int stops = 1; stops <= 8; ++stops) {
    for (int trial = 0; trial < 5; ++trial) {
      const auto d = euclidean(random_points(random, stops + 1));
      const auto order = exact_tour(d);
      ASSERT_TRUE(is_permutation_of_stops(order, stops));
      EXPECT_NEAR(tour_length_m(d, order), brute_force_length(d), 1e-6)
          << stops << " stops, trial " << trial;
    }
  }
}

TEST(Patrol, ExactTourHandlesOneWayDistances) {
  // Going 1 -> 2 is cheap, 2 -> 1 is very long: the tour must run 0-1-2-0.
  DistanceMatrix d{{0, 10, 10}, {10, 0, 1}, {10, 1000, 0}};
  EXPECT_EQ(exact_tour(d), (std::vector<int>{1, 2}));
}

TEST(Patrol, TwoOptRemovesACrossing) {
  // A unit square visited as 0 -> 2 -> 1 -> 3: the two diagonals cross.
  const auto d = euclidean({{0, 0}, {1000, 0}, {0, 1000}, {1000, 1000}});
  std::vector<int> order{1, 2, 3};  // (1000,0) -> (0,1000) -> (1000,1000): crosses
  EXPECT_GT(tour_length_m(d, order), 4000 + 1);
  EXPECT_GT(improve_tour(d, order), 0);
  EXPECT_NEAR(tour_length_m(d, order), 4000, 1e-6);  // the perimeter, no crossing
}

TEST(Patrol, HeuristicIsBetweenTheBoundAndNearestNeighbour) {
  std::mt19937 random(7);
  const auto d = euclidean(random_points(random, 40));
  const auto nearest = nearest_neighbour_tour(d);
  const auto planned = plan_tour(d);
  ASSERT_TRUE(is_permutation_of_stops(planned, 39));
  EXPECT_LE(tour_length_m(d, planned), tour_length_m(d, nearest));
  EXPECT_GE(tour_length_m(d, planned), mst_lower_bound_m(d));
}

TEST(Patrol, MstBoundIsBelowTheOptimum) {
  std::mt19937 random(11);
  for (int trial = 0; trial < 10; ++trial) {
    const auto d = euclidean(random_points(random, 7));
    const double bound = mst_lower_bound_m(d);
    EXPECT_GT(bound, 0);
    EXPECT_LE(bound, brute_force_length(d) + 1e-6);
  }
  // A straight line of points: MST = half of the optimal closed tour.
  const auto line = euclidean({{0, 0}, {1000, 0}, {2000, 0}});
  EXPECT_NEAR(mst_lower_bound_m(line), 2000, 1e-9);
}

TEST(Patrol, TimeBudgetDefersTheLowestPriorityStop) {
  // Three stops 3 km east of the start; 30 km/h = 500 m/min; 30 min a stop.
  const auto d = euclidean({{0, 0}, {3000, 0}, {3000, 100}, {3000, 200}});
  const std::vector<PatrolStop> stops{{"enterprise", "E-ordinary", 0, 0, 0, "ordinary", 0},
                                      {"enterprise", "E-overdue", 0, 0, 40, "ordinary", 0},
                                      {"enterprise", "E-special", 0, 0, 0, "special", 0}};
  PatrolBudget budget;
  budget.hours = 2;  // 6 km + 0.2 km travel = 12.4 min, 3 stops 90 min: fits
  auto plan = plan_patrol(d, stops, budget);
  EXPECT_EQ(plan.visits.size(), 3u);
  EXPECT_TRUE(plan.deferred.empty());
  EXPECT_LE(plan.duration_min, 120);

  budget.hours = 1.5;  // 102.4 min needed: one stop must wait for tomorrow
  plan = plan_patrol(d, stops, budget);
  ASSERT_EQ(plan.deferred.size(), 1u);
  EXPECT_EQ(stops[plan.deferred[0]].object_id, "E-ordinary");
  EXPECT_EQ(plan.visits.size(), 2u);
  EXPECT_LE(plan.duration_min, 90);
  EXPECT_TRUE(plan.exact);
  EXPECT_NEAR(plan.visits[0].arrival_min, plan.visits[0].leg_m / 500, 1e-9);
}

TEST(Patrol, PriorityOrdersOverdueThenClassThenFlagScore) {
  const PatrolStop overdue{"enterprise", "A", 0, 0, 5, "ordinary", 0};
  const PatrolStop special{"enterprise", "B", 0, 0, 0, "special", 0};
  const PatrolStop strong_flag{"flag", "F1", 0, 0, 0, "", 0.9};
  const PatrolStop weak_flag{"flag", "F2", 0, 0, 0, "", 0.2};
  EXPECT_TRUE(higher_priority(overdue, special));
  EXPECT_TRUE(higher_priority(special, strong_flag));
  EXPECT_TRUE(higher_priority(strong_flag, weak_flag));
  EXPECT_FALSE(higher_priority(weak_flag, strong_flag));
}

TEST(Patrol, UnreachableStopsAreDeferred) {
  auto d = euclidean({{0, 0}, {100, 0}, {200, 0}});
  d[0][2] = d[2][0] = d[1][2] = d[2][1] = unreachable_m;
  const std::vector<PatrolStop> stops{{"enterprise", "near", 0, 0, 0, "key", 0},
                                      {"enterprise", "island", 0, 0, 9, "special", 0}};
  const auto plan = plan_patrol(d, stops, {});
  ASSERT_EQ(plan.visits.size(), 1u);
  EXPECT_EQ(plan.visits[0].stop, 0);
  EXPECT_EQ(plan.deferred, (std::vector<int>{1}));
}
