#pragma once
// Patrol plans: the order in which a grid manager visits a cell's due
// inspections and pending field checks in one day (docs/patrol.md).
//
// Routing works on a travel-distance matrix (metres; may be asymmetric for
// one-way roads; infinity = unreachable). Index 0 is the start (and end) of
// the day, 1..n the stops. A route is a closed tour 0 -> stops -> 0.

#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace envgrid::grid {

using DistanceMatrix = std::vector<std::vector<double>>;
inline constexpr double unreachable_m = std::numeric_limits<double>::infinity();

// Stops to visit, in the order of the distance matrix rows 1..n.
// Length of the closed tour 0 -> order... -> 0 (order holds 1-based stop indices).
[[nodiscard]] double tour_length_m(const DistanceMatrix& distance, std::span<const int> order);

// Exact shortest tour by dynamic programming over subsets (Held-Karp).
// REQUIRES: at most exact_stop_limit stops.
inline constexpr int exact_stop_limit = 10;
[[nodiscard]] std::vector<int> exact_tour(const DistanceMatrix& distance);

// Nearest-neighbour construction from the start.
[[nodiscard]] std::vector<int> nearest_neighbour_tour(const DistanceMatrix& distance);
// Improves the tour in place with 2-opt (segment reversal) and Or-opt (moving
// runs of 1-3 stops) until no move shortens it. Returns the number of moves made.
int improve_tour(const DistanceMatrix& distance, std::vector<int>& order);
// Exact up to exact_stop_limit stops, heuristic (construction + improvement) beyond.
[[nodiscard]] std::vector<int> plan_tour(const DistanceMatrix& distance);

// A lower bound on any closed tour through all points: the weight of a
// minimum spanning tree over start and stops (on min(d(i,j), d(j,i))).
[[nodiscard]] double mst_lower_bound_m(const DistanceMatrix& distance);

// One thing to visit.
struct PatrolStop {
  std::string object_kind;  // enterprise | flag
  std::string object_id;
  double x = 0;  // store CRS
  double y = 0;
  int overdue_days = 0;    // days past the due date on the plan day (0 when not yet due)
  std::string risk_class;  // enterprises: special | key | ordinary
  double flag_score = 0;   // flags: detector confidence
};

// true when a should be kept before b when the day is too short: more days
// overdue first, then risk class (special > key > ordinary > flags' classless
// stops), then flags by score, then id (so the rule is deterministic).
[[nodiscard]] bool higher_priority(const PatrolStop& a, const PatrolStop& b);

struct PatrolBudget {
  double hours = 6;
  double minutes_per_stop = 30;
  double speed_kmh = 30;  // average travel speed, straight-line or road distance
};

struct PlannedStop {
  int stop = 0;            // index into the stops given (0-based)
  double arrival_min = 0;  // minutes after the start of the day
  double leg_m = 0;        // distance from the previous point
};

struct PatrolPlan {
  std::vector<PlannedStop> visits;  // in route order
  std::vector<int> deferred;        // stops left for the next day (0-based), by priority
  double length_m = 0;              // closed tour, back to the start
  double lower_bound_m = 0;         // MST bound over start + visited stops
  double duration_min = 0;          // travel + stops, back at the start
  bool exact = false;               // the order is proven shortest
};

// Orders the stops into a tour; while the day (travel back to the start
// included) is longer than the budget, drops the lowest-priority stop and
// re-plans. distance is (n+1)x(n+1) with row 0 the start; unreachable stops
// are deferred first.
[[nodiscard]] PatrolPlan plan_patrol(const DistanceMatrix& distance,
                                     std::span<const PatrolStop> stops, const PatrolBudget& budget);

}  // namespace envgrid::grid
