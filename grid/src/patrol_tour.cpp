// Tour construction, improvement and the exact dynamic programme.

#include <algorithm>
#include <cstdint>

#include "envgrid/gis/error.hpp"
#include "envgrid/grid/patrol.hpp"

namespace envgrid::grid {

namespace {

int stop_count(const DistanceMatrix& distance) { return static_cast<int>(distance.size()) - 1; }

// Tries every reversal of order[i..j]; applies the first that shortens the tour.
bool try_two_opt(const DistanceMatrix& distance, std::vector<int>& order, double& length) {
  const int n = static_cast<int>(order.size());
  for (int i = 0; i + 1 < n; ++i) {
    for (int j = i + 1; j < n; ++j) {
      std::reverse(order.begin() + i, order.begin() + j + 1);
      // The full length, because reversing changes directions on one-way roads.
      const double candidate = tour_length_m(distance, order);
      if (candidate < length - 1e-9) {
        length = candidate;
        return true;
      }
      std::reverse(order.begin() + i, order.begin() + j + 1);
    }
  }
  return false;
}

// Tries moving each run of 1..3 stops to every other place; applies the first gain.
bool try_or_opt(const DistanceMatrix& distance, std::vector<int>& order, double& length) {
  const int n = static_cast<int>(order.size());
  for (int run = 1; run <= 3 && run < n; ++run) {
    for (int from = 0; from + run <= n; ++from) {
      std::vector<int> rest(order.begin(), order.begin() + from);
      rest.insert(rest.end(), order.begin() + from + run, order.end());
      const std::vector<int> moved(order.begin() + from, order.begin() + from + run);
      for (int to = 0; to <= static_cast<int>(rest.size()); ++to) {
        if (to == from) continue;
        std::vector<int> candidate(rest.begin(), rest.begin() + to);
        candidate.insert(candidate.end(), moved.begin(), moved.end());
        candidate.insert(candidate.end(), rest.begin() + to, rest.end());
        const double candidate_length = tour_length_m(distance, candidate);
        if (candidate_length < length - 1e-9) {
          order = std::move(candidate);
          length = candidate_length;
          return true;
        }
      }
    }
  }
  return false;
}

}  // namespace

double tour_length_m(const DistanceMatrix& distance, std::span<const int> order) {
  double length = 0;
  int previous = 0;
  for (int stop : order) {
    length += distance[previous][stop];
    previous = stop;
  }
  return length + distance[previous][0];
}

std::vector<int> exact_tour(const DistanceMatrix& distance) {
  const int n = stop_count(distance);
  if (n > exact_stop_limit) throw gis::Error(gis::ExitCode::internal, "exact_tour: too many stops");
  if (n == 0) return {};
  // best[set][last]: shortest path from the start through the stops in set, ending at last.
  const std::uint32_t full = (1u << n) - 1;
  std::vector<std::vector<double>> best(full + 1, std::vector<double>(n, unreachable_m));
  std::vector<std::vector<int>> came_from(full + 1, std::vector<int>(n, -1));
  for (int last = 0; last < n; ++last) best[1u << last][last] = distance[0][last + 1];
  for (std::uint32_t set = 1; set <= full; ++set) {
    for (int last = 0; last < n; ++last) {
      if (!(set & (1u << last)) || best[set][last] == unreachable_m) continue;
      for (int next = 0; next < n; ++next) {
        if (set & (1u << next)) continue;
        const std::uint32_t grown = set | (1u << next);
        const double length = best[set][last] + distance[last + 1][next + 1];
        if (length < best[grown][next]) {
          best[grown][next] = length;
          came_from[grown][next] = last;
        }
      }
    }
  }
  int last = 0;
  for (int candidate = 1; candidate < n; ++candidate) {
    if (best[full][candidate] + distance[candidate + 1][0] <
        best[full][last] + distance[last + 1][0])
      last = candidate;
  }
  std::vector<int> order;
  for (std::uint32_t set = full; last >= 0;) {
    order.push_back(last + 1);
    const int previous = came_from[set][last];
    set &= ~(1u << last);
    last = previous;
  }
  std::reverse(order.begin(), order.end());
  return order;
}

std::vector<int> nearest_neighbour_tour(const DistanceMatrix& distance) {
  const int n = stop_count(distance);
  std::vector<bool> visited(n + 1, false);
  std::vector<int> order;
  int current = 0;
  for (int step = 0; step < n; ++step) {
    int next = -1;
    for (int candidate = 1; candidate <= n; ++candidate) {
      if (!visited[candidate] &&
          (next < 0 || distance[current][candidate] < distance[current][next]))
        next = candidate;
    }
    visited[next] = true;
    order.push_back(next);
    current = next;
  }
  return order;
}

int improve_tour(const DistanceMatrix& distance, std::vector<int>& order) {
  double length = tour_length_m(distance, order);
  int moves = 0;
  while (try_two_opt(distance, order, length) || try_or_opt(distance, order, length)) ++moves;
  return moves;
}

std::vector<int> plan_tour(const DistanceMatrix& distance) {
  if (stop_count(distance) <= exact_stop_limit) return exact_tour(distance);
  auto order = nearest_neighbour_tour(distance);
  improve_tour(distance, order);
  return order;
}

double mst_lower_bound_m(const DistanceMatrix& distance) {
  // Prim's algorithm on the symmetric lower envelope of the matrix.
  const std::size_t n = distance.size();
  if (n < 2) return 0;
  std::vector<double> reach(n, unreachable_m);
  std::vector<bool> in_tree(n, false);
  reach[0] = 0;
  double weight = 0;
  for (std::size_t step = 0; step < n; ++step) {
    std::size_t next = n;
    for (std::size_t v = 0; v < n; ++v) {
      if (!in_tree[v] && (next == n || reach[v] < reach[next])) next = v;
    }
    in_tree[next] = true;
    weight += reach[next];
    for (std::size_t v = 0; v < n; ++v) {
      if (!in_tree[v])
        reach[v] = std::min(reach[v], std::min(distance[next][v], distance[v][next]));
    }
  }
  return weight;
}

}  // namespace envgrid::grid
