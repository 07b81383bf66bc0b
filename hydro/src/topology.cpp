#include "topology.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>

#include "cell_index.hpp"
#include "degree_grid.hpp"

namespace envgrid::hydro::detail {

namespace {

class UnionFind {
 public:
  explicit UnionFind(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  std::size_t find(std::size_t i) {
    while (parent_[i] != i) i = parent_[i] = parent_[parent_[i]];
    return i;
  }
  void unite(std::size_t a, std::size_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<std::size_t> parent_;
};

// End point k: 2*i = first vertex of reach i, 2*i+1 = last vertex.
const LonLat& end_point(std::span<const ReachRecord* const> reaches, std::size_t k) {
  const auto& line = reaches[k / 2]->line;
  return k % 2 == 0 ? line.front() : line.back();
}

void join_exact(std::span<const ReachRecord* const> reaches, UnionFind& sets) {
  std::unordered_map<std::uint64_t, std::size_t> first_at;
  first_at.reserve(reaches.size() * 2);
  for (std::size_t k = 0; k < reaches.size() * 2; ++k) {
    const LonLat& p = end_point(reaches, k);
    std::uint64_t key = std::hash<double>{}(p.lon) * 1'000'003ULL ^ std::hash<double>{}(p.lat);
    // Collisions of the hash are resolved by comparing the coordinates.
    while (true) {
      auto [it, inserted] = first_at.try_emplace(key, k);
      if (inserted) break;
      const LonLat& q = end_point(reaches, it->second);
      if (q.lon == p.lon && q.lat == p.lat) {
        sets.unite(it->second, k);
        break;
      }
      ++key;
    }
  }
}

// Ends in cells of 64 x the tolerance, sorted by cell: the ends of one cell
// are compared with each other, and an end within the tolerance of its
// cell's edge also with the ends of the cell across that edge.
void join_within(std::span<const ReachRecord* const> reaches, double tolerance_m, UnionFind& sets) {
  double max_abs_lat = 0;
  for (const auto* r : reaches) {
    max_abs_lat =
        std::max({max_abs_lat, std::abs(r->line.front().lat), std::abs(r->line.back().lat)});
  }
  constexpr double cell_per_tolerance = 64;  // few ends near an edge, few ends per cell
  CellIndex<std::size_t> cells(
      DegreeGrid::for_extent(cell_per_tolerance * tolerance_m, max_abs_lat), tolerance_m);
  cells.reserve(reaches.size() * 2);
  for (std::size_t k = 0; k < reaches.size() * 2; ++k) cells.add(end_point(reaches, k), k);
  cells.sort();
  const auto entries = cells.entries();
  for (std::size_t first = 0; first < entries.size();) {
    std::size_t last = first;
    while (last < entries.size() && entries[last].key == entries[first].key) ++last;
    for (std::size_t i = first; i < last; ++i) {
      const LonLat& p = end_point(reaches, entries[i].item);
      const LocalPlane plane(p);
      for (std::size_t j = i + 1; j < last; ++j) {
        if (plane.distance_m(end_point(reaches, entries[j].item)) <= tolerance_m)
          sets.unite(entries[i].item, entries[j].item);
      }
      cells.near(p, false, [&](std::size_t other) {
        if (plane.distance_m(end_point(reaches, other)) <= tolerance_m)
          sets.unite(entries[i].item, other);
      });
    }
    first = last;
  }
}

}  // namespace

std::vector<ReachEnds> nodes_from_geometry(std::span<const ReachRecord* const> reaches,
                                           double tolerance_m) {
  UnionFind sets(reaches.size() * 2);
  if (tolerance_m > 0) {
    join_within(reaches, tolerance_m, sets);
  } else {
    join_exact(reaches, sets);
  }
  // Number the nodes in the order their first end point appears.
  std::vector<std::int64_t> node_of_root(reaches.size() * 2, 0);
  std::int64_t nodes = 0;
  std::vector<ReachEnds> ends(reaches.size());
  for (std::size_t k = 0; k < reaches.size() * 2; ++k) {
    std::int64_t& node = node_of_root[sets.find(k)];
    if (node == 0) node = ++nodes;
    (k % 2 == 0 ? ends[k / 2].from_node : ends[k / 2].to_node) = node;
  }
  return ends;
}

std::vector<std::size_t> digitized_against_nodes(std::span<const ReachRecord* const> reaches,
                                                 std::span<const ReachEnds> ends,
                                                 double tolerance_m) {
  // Where each reach puts each of its nodes: the first vertex at from_node,
  // the last at to_node.
  std::unordered_multimap<std::int64_t, std::pair<std::size_t, LonLat>> claims;
  for (std::size_t i = 0; i < reaches.size(); ++i) {
    if (reaches[i]->line.empty()) continue;
    claims.emplace(ends[i].from_node, std::pair{i, reaches[i]->line.front()});
    claims.emplace(ends[i].to_node, std::pair{i, reaches[i]->line.back()});
  }
  // Distance from p to the nearest place another reach puts node n.
  auto nearest_claim_m = [&](std::int64_t n, std::size_t self, const LonLat& p) {
    double best = std::numeric_limits<double>::infinity();
    auto [first, last] = claims.equal_range(n);
    const LocalPlane plane(p);
    for (auto it = first; it != last; ++it) {
      if (it->second.first != self) best = std::min(best, plane.distance_m(it->second.second));
    }
    return best;
  };
  std::vector<std::size_t> against;
  for (std::size_t i = 0; i < reaches.size(); ++i) {
    const auto& line = reaches[i]->line;
    if (line.size() < 2) continue;
    const double as_given = std::min(nearest_claim_m(ends[i].from_node, i, line.front()),
                                     nearest_claim_m(ends[i].to_node, i, line.back()));
    const double reversed = std::min(nearest_claim_m(ends[i].from_node, i, line.back()),
                                     nearest_claim_m(ends[i].to_node, i, line.front()));
    if (std::isfinite(reversed) && as_given > tolerance_m && reversed <= tolerance_m) {
      against.push_back(i);
    }
  }
  return against;
}

}  // namespace envgrid::hydro::detail
