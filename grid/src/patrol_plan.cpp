// Priorities and the time budget of a patrol day.

#include <algorithm>
#include <numeric>

#include "envgrid/grid/patrol.hpp"
#include "envgrid/grid/risk_classes.hpp"

namespace envgrid::grid {

namespace {

// Higher for a more closely supervised class (risk_classes()); 0 for any other.
int class_rank(const PatrolStop& stop) {
  return static_cast<int>(risk_classes().size() - risk_class_rank(stop.risk_class));
}

// The matrix restricted to the start and the kept stops (0-based indices).
DistanceMatrix sub_matrix(const DistanceMatrix& distance, std::span<const int> kept) {
  std::vector<int> rows{0};
  for (int stop : kept) rows.push_back(stop + 1);
  DistanceMatrix sub(rows.size(), std::vector<double>(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t j = 0; j < rows.size(); ++j) sub[i][j] = distance[rows[i]][rows[j]];
  }
  return sub;
}

bool reachable(const DistanceMatrix& distance, int stop) {
  return distance[0][stop + 1] < unreachable_m && distance[stop + 1][0] < unreachable_m;
}

PatrolPlan timed_plan(const DistanceMatrix& distance, std::span<const int> kept,
                      const PatrolBudget& budget) {
  const auto sub = sub_matrix(distance, kept);
  const auto order = plan_tour(sub);
  const double metres_per_minute = budget.speed_kmh * 1000 / 60;
  PatrolPlan plan;
  plan.exact = static_cast<int>(kept.size()) <= exact_stop_limit;
  plan.length_m = tour_length_m(sub, order);
  plan.lower_bound_m = mst_lower_bound_m(sub);
  double clock_min = 0;
  int previous = 0;
  for (int index : order) {
    const double leg_m = sub[previous][index];
    clock_min += leg_m / metres_per_minute;
    plan.visits.push_back({kept[index - 1], clock_min, leg_m});
    clock_min += budget.minutes_per_stop;
    previous = index;
  }
  plan.duration_min = clock_min + sub[previous][0] / metres_per_minute;
  return plan;
}

}  // namespace

bool higher_priority(const PatrolStop& a, const PatrolStop& b) {
  if (a.overdue_days != b.overdue_days) return a.overdue_days > b.overdue_days;
  if (class_rank(a) != class_rank(b)) return class_rank(a) > class_rank(b);
  if (a.flag_score != b.flag_score) return a.flag_score > b.flag_score;
  return a.object_kind + a.object_id < b.object_kind + b.object_id;
}

PatrolPlan plan_patrol(const DistanceMatrix& distance, std::span<const PatrolStop> stops,
                       const PatrolBudget& budget) {
  std::vector<int> by_priority(stops.size());
  std::iota(by_priority.begin(), by_priority.end(), 0);
  std::sort(by_priority.begin(), by_priority.end(),
            [&](int a, int b) { return higher_priority(stops[a], stops[b]); });
  std::vector<int> kept;
  std::vector<int> deferred;
  for (int stop : by_priority) (reachable(distance, stop) ? kept : deferred).push_back(stop);
  const double budget_min = budget.hours * 60;
  PatrolPlan plan = timed_plan(distance, kept, budget);
  while (!kept.empty() && plan.duration_min > budget_min + 1e-9) {
    deferred.push_back(kept.back());  // the lowest priority still kept
    kept.pop_back();
    plan = timed_plan(distance, kept, budget);
  }
  std::sort(deferred.begin(), deferred.end(),
            [&](int a, int b) { return higher_priority(stops[a], stops[b]); });
  plan.deferred = std::move(deferred);
  return plan;
}

}  // namespace envgrid::grid
